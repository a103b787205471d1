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

struct Parts {
    key: &'static str,
    label: String,
    hint: String,
    error: String,
    described_by: String,
}

fn parts(page: &Page, field: &Field, error: Option<&str>) -> Parts {
    let key = field.key;
    let mut label = escape(text(page.key, &format!("label.{key}")));
    if field.needed == Needed::Optional {
        label = format!("{label} {}", escape(form_text("optional")));
    }
    let hint_text = text(page.key, &format!("hint.{key}"));
    let mut ids = Vec::new();
    let hint = if hint_text.is_empty() {
        String::new()
    } else {
        ids.push(format!("{key}-hint"));
        format!(
            "<div id=\"{key}-hint\" class=\"hint\">{}</div>",
            escape(hint_text)
        )
    };
    let error = match error {
        Some(message) => {
            ids.push(format!("{key}-error"));
            format!(
                "<p id=\"{key}-error\" class=\"error-message\"><span class=\"visually-hidden\">{}: </span>{}</p>",
                escape(form_text("error_prefix")),
                escape(message)
            )
        }
        None => String::new(),
    };
    Parts {
        key,
        label,
        hint,
        error,
        described_by: ids.join(" "),
    }
}

fn described(ids: &str) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{ids}\"")
    }
}

fn field_html(
    page: &Page,
    field: &Field,
    answers: &Answers,
    error: Option<&str>,
    single_question: bool,
) -> String {
    let p = parts(page, field, error);
    let value = |key: &str| escape(answers.get(key).map_or("", String::as_str));
    let input_class = if error.is_some() {
        "input input--error"
    } else {
        "input"
    };
    match field.kind {
        Kind::Radios(values) => choices_html(page, field, &p, "radio", values, answers, single_question),
        Kind::Checkboxes(values) => choices_html(page, field, &p, "checkbox", values, answers, false),
        Kind::Agree => choices_html(page, field, &p, "checkbox", &["yes"], answers, false),
        Kind::LongText => format!(
            "<label class=\"label\" for=\"{k}\">{label}</label>{hint}{error}<textarea class=\"{cls}\" id=\"{k}\" name=\"{k}\" rows=\"5\"{desc}>{v}</textarea><div id=\"{k}-count\" class=\"hint count\" aria-live=\"polite\">{count}</div>",
            k = p.key,
            label = p.label,
            hint = p.hint,
            error = p.error,
            cls = if error.is_some() { "textarea input--error" } else { "textarea" },
            desc = described([p.described_by.as_str(), &format!("{}-count", p.key)].join(" ").trim()),
            v = value(p.key),
            count = escape(&count_message(field, answers.get(p.key).map_or("", String::as_str))),
        ),
        Kind::DateOfBirth => {
            let mut boxes = String::new();
            for (part, width) in [("day", 2), ("month", 2), ("year", 4)] {
                let id = format!("{}.{part}", p.key);
                boxes.push_str(&format!(
                    "<div class=\"date-input__item\"><label class=\"label\" for=\"{id}\">{}</label><input class=\"{input_class} input--{width}\" id=\"{id}\" name=\"{id}\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"{}\"></div>",
                    escape(form_text(part)),
                    value(&id)
                ));
            }
            format!(
                "<fieldset class=\"fieldset\" role=\"group\"{}><legend class=\"fieldset__legend\"><span class=\"fieldset__label\">{}</span></legend>{}{}<div class=\"date-input\">{boxes}</div></fieldset>",
                described(&p.described_by),
                p.label,
                p.hint,
                p.error
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
            let own = p.key.starts_with("referrer_");
            let autocomplete = match kind {
                Kind::Postcode => "postal-code",
                Kind::Phone if own => "tel",
                Kind::Email if own => "email",
                Kind::Name if own => "name",
                _ => "off",
            };
            let spellcheck = if input_type == "text" && kind != Kind::Postcode { "" } else { " spellcheck=\"false\"" };
            format!(
                "<label class=\"label\" for=\"{k}\">{}</label>{}{}<input class=\"{input_class}{width}\" id=\"{k}\" name=\"{k}\" type=\"{input_type}\" autocomplete=\"{autocomplete}\"{spellcheck} value=\"{}\"{}>",
                p.label,
                p.hint,
                p.error,
                value(p.key),
                described(&p.described_by),
                k = p.key
            )
        }
    }
}

fn choices_html(
    page: &Page,
    field: &Field,
    p: &Parts,
    kind: &str,
    values: &[&str],
    answers: &Answers,
    single_question: bool,
) -> String {
    let given = answers.get(p.key).map_or("", String::as_str);
    let legend = if single_question {
        format!(
            "<h1 class=\"fieldset__heading\">{}</h1>",
            escape(text(page.key, "heading"))
        )
    } else {
        format!("<span class=\"fieldset__label\">{}</span>", p.label)
    };
    let legend_class = if field.kind == Kind::Agree {
        "visually-hidden"
    } else {
        "fieldset__legend"
    };
    let mut items = String::new();
    for v in values {
        let id = format!("{}-{v}", p.key);
        let label = if field.kind == Kind::Agree {
            escape(text(page.key, &format!("label.{}", p.key)))
        } else {
            escape(text(page.key, &format!("option.{}.{v}", p.key)))
        };
        let hint_text = text(page.key, &format!("hint.{}.{v}", p.key));
        let (hint, hint_attr) = if hint_text.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(
                    "<div id=\"{id}-hint\" class=\"hint {kind}s__hint\">{}</div>",
                    escape(hint_text)
                ),
                format!(" aria-describedby=\"{id}-hint\""),
            )
        };
        let checked = if given.split(',').any(|g| g == *v) {
            " checked"
        } else {
            ""
        };
        let class = if kind == "radio" {
            "radios"
        } else {
            "checkboxes"
        };
        items.push_str(&format!(
            "<div class=\"{class}__item\"><input class=\"{class}__input\" type=\"{kind}\" id=\"{id}\" name=\"{k}\" value=\"{v}\"{checked}{hint_attr}><label class=\"{class}__label\" for=\"{id}\">{label}</label>{hint}</div>",
            k = p.key
        ));
    }
    let class = if kind == "radio" {
        "radios"
    } else {
        "checkboxes"
    };
    format!(
        "<fieldset class=\"fieldset\"{}><legend class=\"{legend_class}\">{legend}</legend>{}{}<div class=\"{class}\">{items}</div></fieldset>",
        described(&p.described_by),
        p.hint,
        p.error
    )
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
