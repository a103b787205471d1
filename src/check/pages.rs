//! The checker's pages as markup, built from the flow's wording. Plain Rust, tested natively;
//! `CheckRoute` sets it as the page's markup. (Why text and not Leptos views: see
//! `referral/markup.rs`.)

use super::flow::FIRST_QUESTION;
use super::text::{
    question_text, OutcomeText, QuestionText, IMHA_HELP_HTML, LABELS, NO_SCRIPT_HTML,
};
use super::walk::{change_url, step_url, Walk};
use crate::base::href;
use crate::components::{
    back_link_html, choices_html, error_summary_html, summary_list_html, Choice, ChoiceGroup,
    FieldError, SummaryRow,
};
use crate::referral::markup::escape;

/// One question on its own page: the Back link, the error summary when Continue was pressed
/// with nothing chosen, and the question as radios whose legend is the page's `h1`.
///
/// `novalidate` because we check the answer ourselves and show the GOV.UK error pattern, which
/// browsers' own bubbles are not (they vanish, cannot be styled, and are missed by magnifiers).
/// Nothing is chosen for the person, unless they came back to change their answer.
pub fn question_html(
    text: &QuestionText,
    selected: Option<&str>,
    back: &str,
    error: bool,
) -> String {
    let error = error.then_some(text.error);
    let mut out = back_link_html(&href(back), LABELS.back);
    if let Some(message) = error {
        let first = text.options.first().map_or("", |o| o.value);
        out.push_str(&error_summary_html(
            LABELS.error_summary,
            &[FieldError {
                target: format!("{}-{first}", text.key),
                message: message.to_string(),
            }],
        ));
    }
    out.push_str(&format!(
        "<noscript><div class=\"notice\">{NO_SCRIPT_HTML}</div></noscript><form class=\"question\" novalidate data-question=\"{}\"><div class=\"form-group{}\">",
        text.key,
        if error.is_some() { " form-group--error" } else { "" }
    ));
    out.push_str(&choices_html(&ChoiceGroup {
        name: text.key,
        checkboxes: false,
        legend_html: format!(
            "<h1 class=\"fieldset__heading\">{}</h1>",
            escape(text.question)
        ),
        legend_hidden: false,
        hint_html: text.hint_html,
        error,
        error_prefix: LABELS.error_prefix,
        choices: text
            .options
            .iter()
            .map(|o| Choice {
                value: o.value,
                label: o.label,
                hint: o.hint.unwrap_or(""),
                checked: selected == Some(o.value),
            })
            .collect(),
    }));
    out.push_str(&format!(
        "</div><button type=\"submit\" class=\"button\">{}</button></form>",
        escape(LABELS.continue_button)
    ));
    out
}

/// An answer page: the outcome in one sentence as the `h1`, the law it rests on, what an IMHA can
/// do and how to get one, the answers with Change links, and Start again.
///
/// `data-outcome` on the root names the outcome for other sites' tests and analytics-free
/// support: staff can ask "what does the page say at the top?" and match it to LAW.md.
pub fn result_html(text: &OutcomeText, walk: &Walk) -> String {
    let rows: Vec<SummaryRow> = walk
        .path
        .iter()
        .filter_map(|(q, c)| {
            let words = question_text(q.key)?;
            Some(SummaryRow {
                key: words.question.to_string(),
                value: words.label_of(c.value)?.to_string(),
                change_href: href(&change_url(walk, q.key)),
            })
        })
        .collect();
    format!(
        "<article class=\"check-result\" data-outcome=\"{}\"><div class=\"result-panel\"><h1>{}</h1></div><p class=\"legal-basis\"><strong>{}: </strong>{}</p><div class=\"content\">{}</div><div class=\"content\">{IMHA_HELP_HTML}</div><h2>{}</h2>{}<p class=\"small\">{} {}</p><p><a href=\"{}\">{}</a></p></article>",
        text.id,
        escape(text.heading),
        escape(LABELS.legal_basis),
        escape(text.legal_basis),
        text.html,
        escape(LABELS.your_answers),
        summary_list_html(&rows, LABELS.change),
        escape(LABELS.not_advice),
        escape(LABELS.rules_reviewed),
        escape(&href(&step_url(FIRST_QUESTION, ""))),
        escape(LABELS.start_again),
    )
}
