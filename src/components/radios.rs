//! GOV.UK radios and checkboxes as markup, shared by the IMHA checker and the referral form.
//!
//! A `fieldset` whose `legend` asks the question (on a one-question page the legend holds the
//! page's `h1`, so a screen reader announces the question with every option); a hint; an inline
//! error with a hidden "Error:" prefix, tied to the group with `aria-describedby`; 44px targets;
//! nothing chosen until the person chooses. Each input's `name` is the answer key and its
//! `value` the answer value, so the checker's form matches its public URL contract.
//!
//! Built as text rather than Leptos views: see `referral/markup.rs` for why.

use crate::referral::markup::escape;

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
    /// The legend's markup: the page's `<h1>` or a label.
    pub legend_html: String,
    /// Hides the legend visually (a single "I agree" box already says it all).
    pub legend_hidden: bool,
    /// Markup of the hint under the legend, or "".
    pub hint_html: &'a str,
    /// The error message, shown inline.
    pub error: Option<&'a str>,
    /// "Error", hidden, before the message.
    pub error_prefix: &'a str,
    pub choices: Vec<Choice<'a>>,
}

/// The `aria-describedby` attribute for a field's hint and error, or "" when it has neither.
pub fn described_by(name: &str, has_hint: bool, has_error: bool) -> String {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{name}-hint"));
    }
    if has_error {
        ids.push(format!("{name}-error"));
    }
    if ids.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", ids.join(" "))
    }
}

/// The hint and inline error of a field, in the order GOV.UK shows them.
pub fn hint_and_error(
    name: &str,
    hint_html: &str,
    error: Option<&str>,
    error_prefix: &str,
) -> String {
    let mut out = String::new();
    if !hint_html.is_empty() {
        out.push_str(&format!(
            "<div id=\"{name}-hint\" class=\"hint\">{hint_html}</div>"
        ));
    }
    if let Some(message) = error {
        out.push_str(&format!(
            "<p id=\"{name}-error\" class=\"error-message\"><span class=\"visually-hidden\">{}: </span>{}</p>",
            escape(error_prefix),
            escape(message)
        ));
    }
    out
}

/// The group's markup.
pub fn choices_html(group: &ChoiceGroup) -> String {
    let (kind, class) = if group.checkboxes {
        ("checkbox", "checkboxes")
    } else {
        ("radio", "radios")
    };
    let name = group.name;
    let mut items = String::new();
    for c in &group.choices {
        let id = format!("{name}-{}", c.value);
        let (hint, hint_attr) = if c.hint.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(
                    "<div id=\"{id}-hint\" class=\"hint {class}__hint\">{}</div>",
                    escape(c.hint)
                ),
                format!(" aria-describedby=\"{id}-hint\""),
            )
        };
        items.push_str(&format!(
            "<div class=\"{class}__item\"><input class=\"{class}__input\" type=\"{kind}\" id=\"{id}\" name=\"{name}\" value=\"{}\"{}{hint_attr}><label class=\"{class}__label\" for=\"{id}\">{}</label>{hint}</div>",
            escape(c.value),
            if c.checked { " checked" } else { "" },
            escape(c.label),
        ));
    }
    format!(
        "<fieldset class=\"fieldset\"{}><legend class=\"{}\">{}</legend>{}<div class=\"{class}\">{items}</div></fieldset>",
        described_by(name, !group.hint_html.is_empty(), group.error.is_some()),
        if group.legend_hidden {
            "visually-hidden"
        } else {
            "fieldset__legend"
        },
        group.legend_html,
        hint_and_error(name, group.hint_html, group.error, group.error_prefix),
    )
}
