//! The checker's pages as markup, built with maud from the flow's wording. Plain Rust, tested
//! natively; `live` sets it as the page's markup. (Why maud and not Leptos views: see
//! `referral/markup.rs`.)

use maud::{html, Markup};

use super::flow::FIRST_QUESTION;
use super::text::{
    question_text, OutcomeText, QuestionText, Word, IMHA_HELP_HTML, LABELS, NO_SCRIPT_HTML,
};
use super::walk::{change_url, step_url, Walk};
use crate::base::href;
use crate::components::{
    back_link, choices, error_summary, legend_heading, submit_button, summary_list,
    trusted_content_html, Choice, ChoiceGroup, FieldError, SummaryRow,
};

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
) -> Markup {
    let error = error.then_some(text.error.get());
    let first = text.options.first().map_or("", |o| o.value);
    html! {
        (back_link(&href(back), LABELS.back.get()))
        @if let Some(message) = error {
            (error_summary(LABELS.error_summary.get(), &[FieldError {
                target: format!("{}-{first}", text.key),
                message: message.to_string(),
            }]))
        }
        noscript { div class="notice" { (trusted_content_html(NO_SCRIPT_HTML.get())) } }
        form class="question" novalidate data-question=(text.key) {
            div class=(if error.is_some() { "form-group form-group--error" } else { "form-group" }) {
                (choices(&ChoiceGroup {
                    name: text.key,
                    checkboxes: false,
                    legend: legend_heading(text.question.get()),
                    legend_hidden: false,
                    hint: (!text.hint_html.get().is_empty()).then(|| html! {
                        (trusted_content_html(text.hint_html.get()))
                    }),
                    error,
                    error_prefix: LABELS.error_prefix.get(),
                    choices: text
                        .options
                        .iter()
                        .map(|o| Choice {
                            value: o.value,
                            label: o.label.get(),
                            hint: o.hint.map_or("", Word::get),
                            checked: selected == Some(o.value),
                        })
                        .collect(),
                }))
            }
            (submit_button(LABELS.continue_button.get()))
        }
        @if !text.after_html.get().is_empty() {
            div class="content" { (trusted_content_html(text.after_html.get())) }
        }
    }
}

/// Whether an answer page shows "what an IMHA can do and how to get one" (`_imha-help.md`):
/// only when the answer is yes, an `eligible-*` outcome. A "no", "not yet" or "not sure" page
/// would otherwise tell people how to get something they may not have a right to; those pages
/// say what can help instead, in their own file in `content/check/result/`.
pub fn shows_imha_help(outcome_id: &str) -> bool {
    outcome_id.starts_with("eligible-")
}

/// The start of an IMHA referral from a "yes" answer page: the service set to IMHA and the
/// checker's situation and section carried as the checker recorded them (a real link, so it
/// works before the app starts). The referral takes them once and keeps only the step in the
/// address (`referral::steps::answers_from_link`).
pub fn referral_link(walk: &Walk) -> String {
    let mut link = "/refer/service?service=imha".to_string();
    for (q, c) in &walk.path {
        if ["situation", "section"].contains(&q.key) {
            link.push_str(&format!("&{}={}", q.key, c.value));
        }
    }
    link
}

/// An answer page: the outcome in one sentence as the `h1`, the law it rests on, what to do next
/// (for a yes, what an IMHA can do and how to get one), the answers with Change links, and
/// Start again.
///
/// `data-outcome` on the root names the outcome for other sites' tests and analytics-free
/// support: staff can ask "what does the page say at the top?" and match it to LAW.md.
pub fn result_html(text: &OutcomeText, walk: &Walk) -> Markup {
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
    html! {
        article class="check-result" data-outcome=(text.id) {
            div class="result-panel" { h1 { (text.heading) } }
            p class="legal-basis" { strong { (LABELS.legal_basis) ": " } (text.legal_basis) }
            div class="content" { (trusted_content_html(text.html.get())) }
            @if shows_imha_help(text.id) {
                ul class="actions" {
                    li { a href=(href(&referral_link(walk))) { (LABELS.ask_for_imha) } }
                }
                div class="content" { (trusted_content_html(IMHA_HELP_HTML.get())) }
            }
            h2 { (LABELS.your_answers) }
            (summary_list(&rows, LABELS.change.get()))
            p class="small" { (LABELS.not_advice) " " (LABELS.rules_reviewed) }
            p { a href=(href(&step_url(FIRST_QUESTION, ""))) { (LABELS.start_again) } }
        }
    }
}
