//! The form's wording by key, made from `content/refer/` at build time (see `build.rs`): the
//! words themselves are in the wording file (`crate::wording`).

use super::form::Field;
use super::validate::Problem;
pub use crate::wording::Word;

/// One wording file: `person`, `_check` and so on.
#[derive(Debug)]
pub struct TextFile {
    pub name: &'static str,
    /// The body's `# heading`, for message pages.
    pub heading: Word,
    pub html: Word,
    pub fields: &'static [(&'static str, Word)],
}

include!(concat!(env!("OUT_DIR"), "/refer_text.rs"));

/// A wording file by name (every one the form uses exists: the build checks).
pub fn file(name: &str) -> &'static TextFile {
    FILES.iter().find(|f| f.name == name).unwrap_or(&FILES[0])
}

/// A field of a wording file, or "" if it has none (only optional hints can be missing).
pub fn text(name: &str, key: &str) -> &'static str {
    file(name)
        .fields
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, v)| v.get())
}

/// A count in words, in the plural form the page's language uses for `n` (`{base}.one`,
/// `{base}.few`…, or `{base}.other` when the language gives no other), with `{n}` filled in:
/// "You have 1 character remaining", "Wait 3 minutes".
pub fn counted(name: &str, base: &str, n: u64) -> String {
    let form = crate::wording::plural_form(n);
    let words = match text(name, &format!("{base}.{form}")) {
        "" => text(name, &format!("{base}.other")),
        words => words,
    };
    words.replace("{n}", &n.to_string())
}

/// A label shared by every page of the form.
pub fn form_text(key: &str) -> &'static str {
    text("_form", key)
}

/// What to tell a person about a problem with a field on a page.
pub fn problem_message(page: &str, field: &Field, problem: Problem) -> String {
    match problem {
        Problem::Missing => text(page, &format!("missing.{}", field.key)).to_string(),
        other => form_text(other.message_key())
            .replace("{label}", text(page, &format!("label.{}", field.key)))
            .replace("{max}", &field.max.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::form::PAGES;

    #[test]
    fn every_field_has_its_words_and_every_problem_a_message() {
        for page in PAGES {
            assert!(!text(page.key, "title").is_empty(), "{}", page.key);
            for field in page.fields {
                assert!(
                    !text(page.key, &format!("label.{}", field.key)).is_empty(),
                    "{}",
                    field.key
                );
            }
        }
        let field = crate::referral::form::field_by_key("full_name").unwrap();
        let message = problem_message("person", field, Problem::TooLong { max: 100 });
        assert_eq!(message, "Full name must be 100 characters or fewer");
        assert_eq!(
            problem_message("person", field, Problem::Missing),
            "Enter the person's full name"
        );
    }
}
