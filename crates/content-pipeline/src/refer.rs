//! The wording of the referral form, from `content/refer/`.
//!
//! The form itself is defined in the app (`src/referral/form.rs`); `build.rs` hands its pages,
//! fields and options to this module, so a field without a label, a required field without its
//! "missing" message, or an option without its words stops the build.

use std::path::Path;

use crate::front_matter;
use crate::markdown::{self, Link, Phone};
use crate::wording::Wording;
use crate::{read, ContentError};

/// One field as the form defines it.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub key: String,
    pub required: bool,
    pub options: Vec<String>,
}

/// The form's pages and fields, in order.
#[derive(Debug, Clone)]
pub struct FormSpec {
    pub pages: Vec<(String, Vec<FieldSpec>)>,
}

/// One wording file: its fields and its markdown body as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    /// The file name without `.md`, e.g. `person` or `_check`.
    pub name: String,
    pub fields: Vec<(String, String)>,
    /// The body's `# heading`, if it has one.
    pub heading: String,
    pub html: String,
}

/// The wording files of the form, with their links for the site-wide link check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormText {
    pub files: Vec<TextFile>,
    pub links: Vec<(String, Link)>,
}

/// Whether `key` of the form's wording file `file` (`_form`, `_check`) is a count, written once
/// per plural form (`chars_left.other`, `chars_left.one`…): a field named `….other` elsewhere,
/// such as the answer `option.referrer_role.other`, is not.
pub fn is_count(file: &str, key: &str) -> bool {
    let Some(base) = key.rsplit_once('.').map(|(base, _)| base) else {
        return false;
    };
    let name = file.trim_end_matches(".md");
    FIXED
        .iter()
        .any(|(n, keys)| *n == name && keys.contains(&format!("{base}.other").as_str()))
}

/// The plural forms a count may have beside `.other` (CLDR's categories), so each language can
/// say "1 character" and "2 characters" its own way.
pub const PLURAL_FORMS: &[&str] = &["zero", "one", "two", "few", "many"];

/// The fixed files and the fields each must give.
const FIXED: &[(&str, &[&str])] = &[
    (
        "_form",
        &[
            "continue_button",
            "back",
            "change",
            "optional",
            "error_summary",
            "error_prefix",
            "error_title",
            "day",
            "month",
            "year",
            "chars_left.other",
            "chars_over.other",
            "too_long",
            "control_character",
            "not_a_name",
            "not_a_phone",
            "not_an_email",
            "not_a_postcode",
            "incomplete_date",
            "not_a_date",
            "date_in_future",
            "not_a_choice",
            "honeypot",
            "months",
            "date",
            "date_short",
        ],
    ),
    (
        "_check",
        &[
            "title",
            "heading",
            "send",
            "sending",
            "failed_title",
            "failed_network",
            "failed_timeout",
            "failed_server",
            "failed_busy",
            "wait_seconds.other",
            "wait_minutes.other",
            "try_again",
            "failed_phone",
            "not_given",
        ],
    ),
    (
        "_sent",
        &[
            "title",
            "heading",
            "reference_label",
            "next_heading",
            "next_imha",
            "next_community",
            "next_not_sure",
        ],
    ),
    (
        "_draft",
        &[
            "clear_button",
            "clear_title",
            "clear_heading",
            "clear_text",
            "clear_confirm",
            "clear_cancel",
            "cleared",
            "discarded",
            "expired",
            "not_kept",
            "failed_offline",
            "try_again_now",
            "sent_on",
            "keep_this",
        ],
    ),
    ("_permission-needed", &["title"]),
    ("_under-18", &["title"]),
    ("_unavailable", &["title"]),
];

/// Loads and checks `dir` (normally `content/refer`) against the form.
pub fn load(dir: &Path, phone: &Phone, spec: &FormSpec) -> Result<FormText, ContentError> {
    let mut files = Vec::new();
    let mut links = Vec::new();
    for (name, keys) in FIXED {
        let (file, text) = read(&dir.join(format!("{name}.md")))?;
        let (fm, body) = front_matter::split(&file, &text)?;
        // A count's other plural forms (CLDR's categories) may be given beside its `.other`.
        let plurals: Vec<String> = keys
            .iter()
            .filter_map(|k| k.strip_suffix(".other"))
            .flat_map(|base| {
                PLURAL_FORMS
                    .iter()
                    .map(move |form| format!("{base}.{form}"))
            })
            .collect();
        let allowed: Vec<&str> = keys
            .iter()
            .copied()
            .chain(plurals.iter().map(String::as_str))
            .collect();
        fm.only(&allowed)?;
        let mut fields = Vec::new();
        for key in *keys {
            fields.push((key.to_string(), fm.require(key)?.to_string()));
        }
        // Every plural form, given or not (then empty, and the app uses `.other`), so every
        // language's wording file has the same keys whichever forms the language uses.
        for key in &plurals {
            fields.push((key.clone(), fm.get(key).unwrap_or_default().to_string()));
        }
        let rendered = markdown::render(&file, &body, fm.body_line, phone)?;
        links.extend(rendered.links.iter().cloned().map(|l| (file.clone(), l)));
        let heading = rendered.heading.clone().unwrap_or_default();
        let html = crate::rewrite::without_heading(&rendered.html);
        files.push(TextFile {
            name: name.to_string(),
            fields,
            heading,
            html,
        });
    }
    for (page, field_specs) in &spec.pages {
        let (file, text) = read(&dir.join(format!("{page}.md")))?;
        let (fm, body) = front_matter::split(&file, &text)?;
        let mut required = vec!["title".to_string(), "heading".to_string()];
        let mut allowed = Vec::new();
        for f in field_specs {
            required.push(format!("label.{}", f.key));
            allowed.push(format!("hint.{}", f.key));
            allowed.push(format!("missing.{}", f.key));
            if f.required {
                required.push(format!("missing.{}", f.key));
            }
            for o in &f.options {
                required.push(format!("option.{}.{o}", f.key));
                allowed.push(format!("hint.{}.{o}", f.key));
            }
        }
        let known: Vec<&str> = required
            .iter()
            .chain(allowed.iter())
            .map(String::as_str)
            .collect();
        fm.only(&known)?;
        let mut fields = Vec::new();
        for key in &required {
            fields.push((key.clone(), fm.require(key)?.to_string()));
        }
        for key in allowed.iter().filter(|k| !required.contains(k)) {
            if let Some(value) = fm.get(key) {
                fields.push((key.clone(), value.to_string()));
            }
        }
        let rendered = markdown::render(&file, &body, fm.body_line, phone)?;
        if rendered.heading.is_some() {
            return Err(ContentError::new(
                &file,
                fm.body_line,
                "the page heading is `heading:`, not `# heading`".into(),
            ));
        }
        links.extend(rendered.links.iter().cloned().map(|l| (file.clone(), l)));
        files.push(TextFile {
            name: page.clone(),
            fields,
            heading: String::new(),
            html: rendered.html,
        });
    }
    Ok(FormText { files, links })
}

/// The Rust source for the app's `src/referral/text.rs`: the files and fields by name, their
/// words by key in `wording`.
pub fn to_rust(text: &FormText, base: &str, wording: &mut Wording) -> String {
    let mut out = String::from(
        "// Generated by build.rs from content/refer/: edit the markdown, not this file.\n\n",
    );
    out.push_str("pub static FILES: &[TextFile] = &[\n");
    for f in &text.files {
        let k = |field: &str| format!("refer.{}.{field}", f.name);
        out.push_str(&format!(
            "    TextFile {{ name: {:?}, heading: {}, html: {}, fields: &[\n",
            f.name,
            wording.word(&k("#heading"), &f.heading),
            wording.word(&k("#html"), &crate::with_base(&f.html, base)),
        ));
        for (key, v) in &f.fields {
            out.push_str(&format!(
                "        ({key:?}, {}),\n",
                wording.word(&k(key), v)
            ));
        }
        out.push_str("    ] },\n");
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> FormSpec {
        FormSpec {
            pages: vec![(
                "who".into(),
                vec![FieldSpec {
                    key: "referrer".into(),
                    required: true,
                    options: vec!["self".into()],
                }],
            )],
        }
    }

    fn dir_with(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("refer-test-{}-{}", std::process::id(), files.len()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, keys) in FIXED {
            let fields: String = keys.iter().map(|k| format!("{k}: x\n")).collect();
            std::fs::write(
                dir.join(format!("{name}.md")),
                format!("---\n{fields}---\n"),
            )
            .unwrap();
        }
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn every_field_and_option_needs_its_words() {
        let phone = Phone::from_display("0300 34 35 714");
        let good = "---\ntitle: T\nheading: H\nlabel.referrer: L\nmissing.referrer: M\noption.referrer.self: Me\n---\n";
        let dir = dir_with(&[("who.md", good)]);
        let text = load(&dir, &phone, &spec()).unwrap();
        assert!(text.files.iter().any(|f| f.name == "who"));

        let missing_option =
            "---\ntitle: T\nheading: H\nlabel.referrer: L\nmissing.referrer: M\n---\n";
        let dir = dir_with(&[("who.md", missing_option), ("x", "")]);
        let err = load(&dir, &phone, &spec()).unwrap_err();
        assert!(err.message.contains("option.referrer.self"), "{err}");

        let typo = "---\ntitle: T\nheading: H\nlabel.referrer: L\nmissing.referrer: M\noption.referrer.self: Me\nlable.x: y\n---\n";
        let dir = dir_with(&[("who.md", typo), ("x", ""), ("y", "")]);
        let err = load(&dir, &phone, &spec()).unwrap_err();
        assert_eq!(err.line, 7, "{err}");
    }
}
