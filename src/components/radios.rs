//! GOV.UK radios and checkboxes as markup, shared by the IMHA checker and the referral form.
//!
//! A `fieldset` whose `legend` asks the question (on a one-question page the legend holds the
//! page's `h1`, so a screen reader announces the question with every option); a hint; an inline
//! error with a hidden "Error:" prefix, tied to the group with `aria-describedby`; 44px targets;
//! nothing chosen until the person chooses. Each input's `name` is the answer key and its
//! `value` the answer value, so the checker's form matches its public URL contract.

use maud::{html, Markup};

/// One option.
#[derive(Debug, Clone, Copy)]
pub struct Choice<'a> {
    pub value: &'a str,
    pub label: &'a str,
    /// Plain text under the label, or "".
    pub hint: &'a str,
    pub checked: bool,
}

/// A group of radios (or checkboxes) and the words around it.
#[derive(Debug, Clone)]
pub struct ChoiceGroup<'a> {
    /// The answer key: the inputs' `name` and the start of every id.
    pub name: &'a str,
    pub checkboxes: bool,
    /// What the legend says: the page's `h1` ([`legend_heading`]) or a label.
    pub legend: Markup,
    /// Hides the legend visually (a single "I agree" box already says it all).
    pub legend_hidden: bool,
    /// The hint under the legend, if there is one.
    pub hint: Option<Markup>,
    /// The error message, shown inline.
    pub error: Option<&'a str>,
    /// "Error", hidden, before the message.
    pub error_prefix: &'a str,
    pub choices: Vec<Choice<'a>>,
}

/// The question as the page's `h1` inside a legend: GOV.UK's pattern for a page that asks one
/// question, so the question is read once, as the heading and as the group's name.
pub fn legend_heading(question: &str) -> Markup {
    html! { h1 class="fieldset__heading" { (question) } }
}

/// The value of a field's `aria-describedby` (its hint and its error), or `None` when it has
/// neither, so the attribute is left out rather than pointing at ids that are not there.
pub fn described_by(name: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{name}-hint"));
    }
    if has_error {
        ids.push(format!("{name}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The hint and inline error of a field, in the order GOV.UK shows them, with the ids
/// [`described_by`] points at.
pub fn hint_and_error(
    name: &str,
    hint: Option<&Markup>,
    error: Option<&str>,
    error_prefix: &str,
) -> Markup {
    html! {
        @if let Some(hint) = hint {
            div id={ (name) "-hint" } class="hint" { (hint) }
        }
        @if let Some(message) = error {
            p id={ (name) "-error" } class="error-message" {
                span class="visually-hidden" { (error_prefix) " " }
                (message)
            }
        }
    }
}

/// The group's markup.
pub fn choices(group: &ChoiceGroup) -> Markup {
    let (kind, class) = if group.checkboxes {
        ("checkbox", "checkboxes")
    } else {
        ("radio", "radios")
    };
    let name = group.name;
    html! {
        fieldset class="fieldset"
            aria-describedby=[described_by(name, group.hint.is_some(), group.error.is_some())] {
            legend class=(if group.legend_hidden { "visually-hidden" } else { "fieldset__legend" }) {
                (group.legend)
            }
            (hint_and_error(name, group.hint.as_ref(), group.error, group.error_prefix))
            div class=(class) {
                @for choice in &group.choices {
                    @let id = format!("{name}-{}", choice.value);
                    @let hint_id = (!choice.hint.is_empty()).then(|| format!("{id}-hint"));
                    div class={ (class) "__item" } {
                        input class={ (class) "__input" } type=(kind) id=(id) name=(name)
                            value=(choice.value) checked[choice.checked]
                            aria-describedby=[hint_id.as_deref()];
                        label class={ (class) "__label" } for=(id) { (choice.label) }
                        @if let Some(hint_id) = &hint_id {
                            div id=(hint_id) class={ "hint " (class) "__hint" } { (choice.hint) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(hint: Option<Markup>, error: Option<&'static str>) -> String {
        choices(&ChoiceGroup {
            name: "situation",
            checkboxes: false,
            legend: legend_heading("Which is true?"),
            legend_hidden: false,
            hint,
            error,
            error_prefix: "Error:",
            choices: vec![
                Choice {
                    value: "a",
                    label: "A & B",
                    hint: "",
                    checked: false,
                },
                Choice {
                    value: "b",
                    label: "C",
                    hint: "Said <plainly>",
                    checked: true,
                },
            ],
        })
        .into_string()
    }

    #[test]
    fn describes_the_group_only_by_ids_that_are_there() {
        let plain = group(None, None);
        assert!(plain.starts_with("<fieldset class=\"fieldset\"><legend class=\"fieldset__legend\"><h1 class=\"fieldset__heading\">Which is true?</h1></legend>"), "{plain}");
        crate::components::markup_checks::assert_ids_hold_together(&plain);
        let both = group(Some(maud::html! { "Think of today" }), Some("Select one"));
        assert!(
            both.contains("aria-describedby=\"situation-hint situation-error\""),
            "{both}"
        );
        assert!(both.contains("<p id=\"situation-error\" class=\"error-message\"><span class=\"visually-hidden\">Error: </span>Select one</p>"), "{both}");
        crate::components::markup_checks::assert_ids_hold_together(&both);
    }

    #[test]
    fn each_option_is_labelled_and_escaped() {
        let html = group(None, None);
        assert!(html.contains("<input class=\"radios__input\" type=\"radio\" id=\"situation-a\" name=\"situation\" value=\"a\"><label class=\"radios__label\" for=\"situation-a\">A &amp; B</label>"), "{html}");
        assert!(
            html.contains("value=\"b\" checked aria-describedby=\"situation-b-hint\""),
            "{html}"
        );
        assert!(html.contains("<div id=\"situation-b-hint\" class=\"hint radios__hint\">Said &lt;plainly&gt;</div>"), "{html}");
    }
}
