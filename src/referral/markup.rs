//! The HTML of a form page's questions, built as text from the form definition.
//!
//! Why text and not Leptos views: every distinct view in Leptos compiles to its own code, and the
//! referral form's questions cost about 35 KB of wasm that way, a third of the brief's budget for
//! phones on slow connections. Built as text (one small function per GOV.UK pattern) they cost a
//! fraction, and the markup can be tested natively. Everything a person typed is escaped.
//!
//! The patterns are GOV.UK's: a label or legend, a hint, an inline error with a hidden "Error:"
//! prefix, all tied to the input with `for` and `aria-describedby`; 44px radios and checkboxes;
//! the date in three boxes; a character count announced politely.

use super::form::{Field, Kind, Needed, Page};
use super::text::{form_text, problem_message, text};
use super::validate::{applies, Answers, Problem};
use crate::components::{choices_html, described_by, hint_and_error, Choice, ChoiceGroup};

/// Text safe to put in HTML, in content or in a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The id of a field's wrapper, which is hidden while the field does not apply.
pub fn group_id(key: &str) -> String {
    format!("group-{key}")
}

/// The id of the input an error summary link focuses.
pub fn first_input_id(field: &Field) -> String {
    match field.kind {
        Kind::Radios(values) | Kind::Checkboxes(values) => format!("{}-{}", field.key, values[0]),
        Kind::DateOfBirth => format!("{}.day", field.key),
        Kind::Agree => format!("{}-yes", field.key),
        _ => field.key.to_string(),
    }
}

/// "You have 1,990 characters remaining" for a text area, from what is typed so far.
pub fn count_message(field: &Field, typed: &str) -> String {
    let left = field.max as i64 - typed.trim().chars().count() as i64;
    let words = if left < 0 {
        form_text("chars_over")
    } else {
        form_text("chars_left")
    };
    words.replace("{n}", &left.abs().to_string())
}

/// Every question of a page, with the answers so far and the problems found. Fields that do not
/// apply yet are there but `hidden`, so choosing the answer that needs them shows them at once.
pub fn page_fields(
    page: &Page,
    answers: &Answers,
    problems: &[(&str, Problem)],
    single_question: bool,
) -> String {
    let mut out = String::new();
    for field in page.fields {
        let problem = problems
            .iter()
            .find(|(k, _)| *k == field.key)
            .map(|(_, p)| *p);
        let error = problem.map(|p| problem_message(page.key, field, p));
        let hidden = if applies(field.when, answers) {
            ""
        } else {
            " hidden"
        };
        let class = if error.is_some() {
            "form-group form-group--error"
        } else {
            "form-group"
        };
        out.push_str(&format!(
            "<div class=\"{class}\" id=\"{}\"{hidden}>",
            group_id(field.key)
        ));
        out.push_str(&field_html(
            page,
            field,
            answers,
            error.as_deref(),
            single_question,
        ));
        out.push_str("</div>");
    }
    out
}

fn field_html(
    page: &Page,
    field: &Field,
    answers: &Answers,
    error: Option<&str>,
    single_question: bool,
) -> String {
    let key = field.key;
    let mut label = escape(text(page.key, &format!("label.{key}")));
    if field.needed == Needed::Optional {
        label = format!("{label} {}", escape(form_text("optional")));
    }
    let hint = escape(text(page.key, &format!("hint.{key}")));
    let prefix = form_text("error_prefix");
    let value = |key: &str| escape(answers.get(key).map_or("", String::as_str));
    let error_class = if error.is_some() { " input--error" } else { "" };
    match field.kind {
        Kind::Radios(values) | Kind::Checkboxes(values) => {
            let given = answers.get(key).map_or("", String::as_str);
            let legend_html = if single_question {
                format!(
                    "<h1 class=\"fieldset__heading\">{}</h1>",
                    escape(text(page.key, "heading"))
                )
            } else {
                format!("<span class=\"fieldset__label\">{label}</span>")
            };
            choices_html(&ChoiceGroup {
                name: key,
                checkboxes: matches!(field.kind, Kind::Checkboxes(_)),
                legend_html,
                legend_hidden: false,
                hint_html: &hint,
                error,
                error_prefix: prefix,
                choices: values
                    .iter()
                    .map(|v| Choice {
                        value: v,
                        label: text(page.key, &format!("option.{key}.{v}")),
                        hint: text(page.key, &format!("hint.{key}.{v}")),
                        checked: given.split(',').any(|g| g == *v),
                    })
                    .collect(),
            })
        }
        Kind::Agree => choices_html(&ChoiceGroup {
            name: key,
            checkboxes: true,
            legend_html: label.clone(),
            legend_hidden: true,
            hint_html: &hint,
            error,
            error_prefix: prefix,
            choices: vec![Choice {
                value: "yes",
                label: text(page.key, &format!("label.{key}")),
                hint: "",
                checked: answers.get(key).is_some_and(|v| v == "yes"),
            }],
        }),
        Kind::LongText => format!(
            "<label class=\"label\" for=\"{key}\">{label}</label>{}<textarea class=\"textarea{error_class}\" id=\"{key}\" name=\"{key}\" rows=\"5\" aria-describedby=\"{}\">{}</textarea><div id=\"{key}-count\" class=\"hint count\" aria-live=\"polite\">{}</div>",
            hint_and_error(key, &hint, error, prefix),
            ids(key, &hint, error, &format!(" {key}-count")),
            value(key),
            escape(&count_message(field, answers.get(key).map_or("", String::as_str))),
        ),
        Kind::DateOfBirth => {
            let mut boxes = String::new();
            for (part, width) in [("day", 2), ("month", 2), ("year", 4)] {
                let id = format!("{key}.{part}");
                boxes.push_str(&format!(
                    "<div class=\"date-input__item\"><label class=\"label\" for=\"{id}\">{}</label><input class=\"input input--{width}{error_class}\" id=\"{id}\" name=\"{id}\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"{}\"></div>",
                    escape(form_text(part)),
                    value(&id)
                ));
            }
            format!(
                "<fieldset class=\"fieldset\" role=\"group\"{}><legend class=\"fieldset__legend\"><span class=\"fieldset__label\">{label}</span></legend>{}<div class=\"date-input\">{boxes}</div></fieldset>",
                described_by(key, !hint.is_empty(), error.is_some()),
                hint_and_error(key, &hint, error, prefix),
            )
        }
        kind => {
            let (input_type, width) = match kind {
                Kind::Phone => ("tel", " input--20"),
                Kind::Email => ("email", ""),
                Kind::Postcode => ("text", " input--10"),
                _ => ("text", ""),
            };
            // The referrer's own details may be filled in by the browser; the person's are not theirs.
            let own = key.starts_with("referrer_");
            let autocomplete = match kind {
                Kind::Postcode => "postal-code",
                Kind::Phone if own => "tel",
                Kind::Email if own => "email",
                Kind::Name if own => "name",
                _ => "off",
            };
            let spellcheck = if input_type == "text" && kind != Kind::Postcode {
                ""
            } else {
                " spellcheck=\"false\""
            };
            format!(
                "<label class=\"label\" for=\"{key}\">{label}</label>{}<input class=\"input{width}{error_class}\" id=\"{key}\" name=\"{key}\" type=\"{input_type}\" autocomplete=\"{autocomplete}\"{spellcheck} value=\"{}\"{}>",
                hint_and_error(key, &hint, error, prefix),
                value(key),
                described_by(key, !hint.is_empty(), error.is_some()),
            )
        }
    }
}

/// The ids a text area is described by: its hint, its error and its character count.
fn ids(key: &str, hint: &str, error: Option<&str>, count: &str) -> String {
    let mut out = String::new();
    if !hint.is_empty() {
        out.push_str(&format!(" {key}-hint"));
    }
    if error.is_some() {
        out.push_str(&format!(" {key}-error"));
    }
    out.push_str(count);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::form::page_by_key;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn typed_text_is_escaped() {
        let page = page_by_key("person").unwrap();
        let html = page_fields(
            page,
            &answers(&[("full_name", "\"><script>alert(1)</script>")]),
            &[],
            false,
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""),
            "{html}"
        );
        let help = page_by_key("help").unwrap();
        let html = page_fields(
            help,
            &answers(&[("help_with", "</textarea><b>x")]),
            &[],
            false,
        );
        assert!(
            html.contains("&lt;/textarea&gt;&lt;b&gt;x</textarea>"),
            "{html}"
        );
    }

    #[test]
    fn labels_hints_and_errors_are_tied_to_their_inputs() {
        let page = page_by_key("person").unwrap();
        let html = page_fields(
            page,
            &Answers::new(),
            &[("full_name", Problem::Missing)],
            false,
        );
        assert!(
            html.contains("<label class=\"label\" for=\"full_name\">Full name</label>"),
            "{html}"
        );
        assert!(html.contains("<p id=\"full_name-error\" class=\"error-message\"><span class=\"visually-hidden\">Error: </span>Enter the person&#39;s full name</p>"), "{html}");
        assert!(html.contains("id=\"full_name\" name=\"full_name\""));
        assert!(
            html.contains("aria-describedby=\"full_name-error\""),
            "{html}"
        );
        assert!(html.contains("aria-describedby=\"area-hint\""), "{html}");
        assert!(html.contains("Postcode (optional)"), "{html}");
    }

    #[test]
    fn fields_that_do_not_apply_are_hidden_until_they_do() {
        let page = page_by_key("person").unwrap();
        let html = page_fields(page, &answers(&[("in_hospital", "no")]), &[], false);
        assert!(html.contains("id=\"group-hospital\" hidden"), "{html}");
        let html = page_fields(page, &answers(&[("in_hospital", "yes")]), &[], false);
        assert!(html.contains("id=\"group-hospital\">"), "{html}");
        assert!(
            html.contains("id=\"in_hospital-yes\" name=\"in_hospital\" value=\"yes\" checked"),
            "{html}"
        );
    }

    #[test]
    fn one_question_pages_ask_in_the_legend_as_the_h1() {
        let page = page_by_key("who").unwrap();
        let html = page_fields(page, &Answers::new(), &[], true);
        assert!(html.contains("<legend class=\"fieldset__legend\"><h1 class=\"fieldset__heading\">Who is making this referral?</h1></legend>"), "{html}");
        assert!(
            !html.contains("checked"),
            "nothing is chosen for the person"
        );
    }

    #[test]
    fn the_character_count_counts_what_is_typed() {
        let field = crate::referral::form::field_by_key("help_with").unwrap();
        assert_eq!(
            count_message(field, ""),
            "You have 2000 characters remaining"
        );
        assert_eq!(
            count_message(field, &"a".repeat(2003)),
            "You have 3 characters too many"
        );
    }
}
