//! The markup of a form page's questions, built from the form definition with maud.
//!
//! Why maud and not Leptos views: every distinct view in Leptos compiles to its own code, and the
//! referral form's questions cost about 35 KB of wasm that way, a third of the brief's budget for
//! phones on slow connections. As maud functions (one small function per GOV.UK pattern) they
//! cost a fraction, and the markup can be tested natively. maud escapes everything spliced in,
//! so what a person typed can never become markup.
//!
//! The patterns are GOV.UK's: a label or legend, a hint, an inline error with a hidden "Error:"
//! prefix, all tied to the input with `for` and `aria-describedby`; 44px radios and checkboxes;
//! the date in three boxes; a character count announced politely.

use maud::{html, Markup};

use super::form::{Field, Kind, Needed, Page};
use super::text::{form_text, problem_message, text};
use super::validate::{applies, Answers, Problem};
use crate::components::{
    choices, described_by, hint_and_error, legend_heading, Choice, ChoiceGroup,
};

/// The id of a field's wrapper, which is hidden while the field does not apply.
pub fn group_id(key: &str) -> String {
    format!("group-{key}")
}

/// The id of a text area's character count, which the page updates as the person types.
pub fn count_id(key: &str) -> String {
    format!("{key}-count")
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
    let count = if left < 0 { "chars_over" } else { "chars_left" };
    super::text::counted("_form", count, left.unsigned_abs())
}

/// Every question of a page, with the answers so far and the problems found. Fields that do not
/// apply yet are there but `hidden`, so choosing the answer that needs them shows them at once.
pub fn page_fields(
    page: &Page,
    answers: &Answers,
    problems: &[(&str, Problem)],
    single_question: bool,
) -> Markup {
    html! {
        @for field in page.fields {
            @let problem = problems.iter().find(|(k, _)| *k == field.key).map(|(_, p)| *p);
            @let error = problem.map(|p| problem_message(page.key, field, p));
            div class=(if error.is_some() { "form-group form-group--error" } else { "form-group" })
                id=(group_id(field.key)) hidden[!applies(field.when, answers)] {
                (field_markup(page, field, answers, error.as_deref(), single_question))
            }
        }
    }
}

fn field_markup(
    page: &Page,
    field: &Field,
    answers: &Answers,
    error: Option<&str>,
    single_question: bool,
) -> Markup {
    let key = field.key;
    let label = text(page.key, &format!("label.{key}"));
    let label = if field.needed == Needed::Optional {
        form_text("optional").replace("{label}", label)
    } else {
        label.to_string()
    };
    let hint_text = text(page.key, &format!("hint.{key}"));
    let hint = (!hint_text.is_empty()).then(|| html! { (hint_text) });
    let prefix = form_text("error_prefix");
    let value = |key: &str| answers.get(key).map_or("", String::as_str);
    let error_class = if error.is_some() { " input--error" } else { "" };
    match field.kind {
        Kind::Radios(values) | Kind::Checkboxes(values) => {
            let given = value(key);
            choices(&ChoiceGroup {
                name: key,
                checkboxes: matches!(field.kind, Kind::Checkboxes(_)),
                legend: if single_question {
                    legend_heading(text(page.key, "heading"))
                } else {
                    html! { span class="fieldset__label" { (label) } }
                },
                legend_hidden: false,
                hint,
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
        Kind::Agree => choices(&ChoiceGroup {
            name: key,
            checkboxes: true,
            legend: html! { (label) },
            legend_hidden: true,
            hint,
            error,
            error_prefix: prefix,
            choices: vec![Choice {
                value: "yes",
                label: text(page.key, &format!("label.{key}")),
                hint: "",
                checked: value(key) == "yes",
            }],
        }),
        Kind::LongText => {
            let count = count_id(key);
            // Its hint, its error and its character count.
            let ids = match described_by(key, hint.is_some(), error.is_some()) {
                Some(ids) => format!("{ids} {count}"),
                None => count.clone(),
            };
            html! {
                label class="label" for=(key) { (label) }
                (hint_and_error(key, hint.as_ref(), error, prefix))
                textarea class={ "textarea" (error_class) } id=(key) name=(key) rows="5"
                    aria-describedby=(ids) { (value(key)) }
                div id=(count) class="hint count" aria-live="polite" {
                    (count_message(field, value(key)))
                }
            }
        }
        Kind::DateOfBirth => html! {
            // A fieldset is a group already: no `role` needed.
            fieldset class="fieldset"
                aria-describedby=[described_by(key, hint.is_some(), error.is_some())] {
                legend class="fieldset__legend" { span class="fieldset__label" { (label) } }
                (hint_and_error(key, hint.as_ref(), error, prefix))
                div class="date-input" {
                    @for (part, width) in [("day", 2), ("month", 2), ("year", 4)] {
                        @let id = format!("{key}.{part}");
                        div class="date-input__item" {
                            label class="label" for=(id) { (form_text(part)) }
                            input class={ "input input--" (width) (error_class) } id=(id) name=(id)
                                type="text" inputmode="numeric" autocomplete="off"
                                value=(value(&id));
                        }
                    }
                }
            }
        },
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
            let no_spellcheck = input_type != "text" || kind == Kind::Postcode;
            html! {
                label class="label" for=(key) { (label) }
                (hint_and_error(key, hint.as_ref(), error, prefix))
                input class={ "input" (width) (error_class) } id=(key) name=(key) type=(input_type)
                    autocomplete=(autocomplete) spellcheck=[no_spellcheck.then_some("false")]
                    value=(value(key))
                    aria-describedby=[described_by(key, hint.is_some(), error.is_some())];
            }
        }
    }
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
        )
        .into_string();
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
        )
        .into_string();
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
        )
        .into_string();
        assert!(
            html.contains("<label class=\"label\" for=\"full_name\">Full name</label>"),
            "{html}"
        );
        assert!(html.contains("<p id=\"full_name-error\" class=\"error-message\"><span class=\"visually-hidden\">Error: </span>Enter the person's full name</p>"), "{html}");
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
        let html = page_fields(page, &answers(&[("in_hospital", "no")]), &[], false).into_string();
        assert!(html.contains("id=\"group-hospital\" hidden"), "{html}");
        let html = page_fields(page, &answers(&[("in_hospital", "yes")]), &[], false).into_string();
        assert!(html.contains("id=\"group-hospital\">"), "{html}");
        assert!(
            html.contains("id=\"in_hospital-yes\" name=\"in_hospital\" value=\"yes\" checked"),
            "{html}"
        );
    }

    #[test]
    fn one_question_pages_ask_in_the_legend_as_the_h1() {
        let page = page_by_key("who").unwrap();
        let html = page_fields(page, &Answers::new(), &[], true).into_string();
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
