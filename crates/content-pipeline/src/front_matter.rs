//! The `---` block at the top of every content file.
//!
//! Editors who are not programmers change these files, so the format is deliberately tiny
//! (`key: value` lines) and every mistake is reported with the file and line to fix.

use crate::ContentError;

/// The fields of one content file's front matter, in the order written, with their line numbers
/// so that later checks can still point at the right line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    file: String,
    fields: Vec<Field>,
    /// Line (1-based) just after the closing `---`, where the markdown body starts.
    pub body_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    key: String,
    value: String,
    line: usize,
}

impl FrontMatter {
    /// A required field: a missing or empty one is an error naming the file and the block's line.
    pub fn require(&self, key: &str) -> Result<&str, ContentError> {
        match self.fields.iter().find(|f| f.key == key) {
            Some(f) if !f.value.is_empty() => Ok(&f.value),
            Some(f) => Err(ContentError::new(
                &self.file,
                f.line,
                format!("`{key}` is empty: write a value after the colon"),
            )),
            None => Err(ContentError::new(
                &self.file,
                1,
                format!("front matter has no `{key}:` line"),
            )),
        }
    }

    /// A required date in the form 2026-11-24, so "last reviewed" dates are never ambiguous.
    pub fn require_date(&self, key: &str) -> Result<&str, ContentError> {
        let value = self.require(key)?;
        if is_iso_date(value) {
            Ok(value)
        } else {
            let line = self.line_of(key);
            Err(ContentError::new(
                &self.file,
                line,
                format!("`{key}` must be a date written like 2026-11-24, not `{value}`"),
            ))
        }
    }

    /// An optional field; absent and empty are the same.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key == key && !f.value.is_empty())
            .map(|f| f.value.as_str())
    }

    /// Every field name, for files whose allowed names depend on other data.
    pub fn keys(&self) -> impl Iterator<Item = (&str, usize)> {
        self.fields.iter().map(|f| (f.key.as_str(), f.line))
    }

    /// Refuses keys the site does not read, so a typo such as `tittle:` is caught rather than ignored.
    pub fn only(&self, allowed: &[&str]) -> Result<(), ContentError> {
        match self
            .fields
            .iter()
            .find(|f| !allowed.contains(&f.key.as_str()))
        {
            Some(f) => Err(ContentError::new(
                &self.file,
                f.line,
                format!(
                    "unknown field `{}` (expected one of: {})",
                    f.key,
                    allowed.join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    /// Exactly these fields, each required, as (name, value) pairs in the order given: for files
    /// of fixed labels such as `_flow.md` and `_form.md`.
    pub fn exactly(&self, keys: &[&str]) -> Result<Vec<(String, String)>, ContentError> {
        self.only(keys)?;
        keys.iter()
            .map(|k| self.require(k).map(|v| (k.to_string(), v.to_string())))
            .collect()
    }

    /// The line a field is on (1 if it is absent), for errors found after reading it.
    pub fn line_of(&self, key: &str) -> usize {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or(1, |f| f.line)
    }
}

/// Splits a content file into its front matter and markdown body.
pub fn split(file: &str, text: &str) -> Result<(FrontMatter, String), ContentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    match lines.next() {
        Some((_, first)) if first.trim_end() == "---" => {}
        _ => {
            return Err(ContentError::new(
                file,
                1,
                "the file must start with a `---` line opening the front matter".to_string(),
            ))
        }
    }
    let mut fields: Vec<Field> = Vec::new();
    for (line, raw) in lines.by_ref() {
        let trimmed = raw.trim();
        if trimmed == "---" {
            let body_line = line + 1;
            let body: Vec<&str> = text.lines().skip(line).collect();
            return Ok((
                FrontMatter {
                    file: file.to_string(),
                    fields,
                    body_line,
                },
                body.join("\n"),
            ));
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Err(ContentError::new(
                file,
                line,
                format!("expected `key: value`, found `{trimmed}`"),
            ));
        };
        let key = key.trim();
        let key_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c);
        if key.is_empty() || !key.chars().all(key_char) {
            return Err(ContentError::new(
                file,
                line,
                format!("`{key}` is not a field name (use lower-case letters, digits, _ . and -)"),
            ));
        }
        if fields.iter().any(|f| f.key == key) {
            return Err(ContentError::new(
                file,
                line,
                format!("`{key}` is given twice"),
            ));
        }
        let value = unquote(value.trim()).to_string();
        // Hints, labels, legal bases and descriptions are read too: the same 25-word rule.
        crate::sentences::check_text(file, line, &value)?;
        fields.push(Field {
            key: key.to_string(),
            value,
            line,
        });
    }
    Err(ContentError::new(
        file,
        1,
        "the front matter is never closed: add a `---` line after the last field".to_string(),
    ))
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

fn is_iso_date(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| value[r].parse::<u32>().ok();
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            (2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_sentence_in_a_field_names_its_line() {
        let long = vec!["word"; 26].join(" ");
        let text = format!("---\ntitle: T\nhint.x: Short. {long}.\n---\n");
        let err = super::split("content/f.md", &text).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("content/f.md:3: sentence over 25 words: \"{long}.\"")
        );
    }

    const GOOD: &str = "---\ntitle: Your rights\ndescription: \"What the law says\"\nlast_reviewed: 2026-11-24\n---\n# Heading\n\nText";

    #[test]
    fn reads_fields_and_body() {
        let (fm, body) = split("content/x.md", GOOD).unwrap();
        assert_eq!(fm.require("title").unwrap(), "Your rights");
        assert_eq!(fm.require("description").unwrap(), "What the law says");
        assert_eq!(fm.require_date("last_reviewed").unwrap(), "2026-11-24");
        assert_eq!(fm.body_line, 6);
        assert_eq!(body, "# Heading\n\nText");
    }

    #[test]
    fn missing_opening_line_names_line_one() {
        let err = split("content/x.md", "title: x\n").unwrap_err();
        assert_eq!(err.to_string().split(": ").next(), Some("content/x.md:1"));
    }

    #[test]
    fn unclosed_block_is_an_error() {
        let err = split("content/x.md", "---\ntitle: x\n").unwrap_err();
        assert!(err.to_string().contains("never closed"), "{err}");
    }

    #[test]
    fn line_without_colon_names_its_line() {
        let err = split("content/x.md", "---\ntitle: x\noops\n---\n").unwrap_err();
        assert!(err.to_string().starts_with("content/x.md:3: "), "{err}");
    }

    #[test]
    fn missing_required_field_is_named() {
        let (fm, _) = split("content/x.md", "---\ntitle: x\n---\n").unwrap();
        let err = fm.require("description").unwrap_err();
        assert!(err.to_string().contains("`description:`"), "{err}");
    }

    #[test]
    fn empty_field_names_its_line() {
        let (fm, _) = split("content/x.md", "---\ntitle: x\ndescription:\n---\n").unwrap();
        let err = fm.require("description").unwrap_err();
        assert!(err.to_string().starts_with("content/x.md:3: "), "{err}");
    }

    #[test]
    fn bad_date_names_its_line() {
        for bad in ["24/11/2026", "2026-13-01", "2026-1-1", "soon"] {
            let text = format!("---\ntitle: x\nlast_reviewed: {bad}\n---\n");
            let (fm, _) = split("content/x.md", &text).unwrap();
            let err = fm.require_date("last_reviewed").unwrap_err();
            assert!(
                err.to_string().starts_with("content/x.md:3: "),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn duplicate_and_unknown_fields_are_refused() {
        let err = split("content/x.md", "---\ntitle: a\ntitle: b\n---\n").unwrap_err();
        assert!(err.to_string().starts_with("content/x.md:3: "), "{err}");
        let (fm, _) = split("content/x.md", "---\ntitle: a\ntittle: b\n---\n").unwrap();
        let err = fm.only(&["title"]).unwrap_err();
        assert!(err.to_string().starts_with("content/x.md:3: "), "{err}");
    }

    #[test]
    fn colons_inside_values_are_kept() {
        let (fm, _) = split("content/x.md", "---\ntitle: Help: now\n---\n").unwrap();
        assert_eq!(fm.require("title").unwrap(), "Help: now");
    }
}
