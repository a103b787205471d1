use leptos::prelude::*;

use super::flow::FIRST_QUESTION;
use super::text::{question_text, OutcomeText, IMHA_HELP_HTML, LABELS};
use super::walk::{change_url, step_url, Walk};
use crate::components::{SummaryList, SummaryRow};
use crate::page_change::show_page_meta;

/// An answer page: the outcome in one sentence as the `h1`, the law it rests on, what an IMHA can
/// do and how to get one, the answers with Change links, and Start again.
///
/// `data-outcome` on the root names the outcome for other sites' tests and analytics-free
/// support: staff can ask "what does the page say at the top?" and match it to LAW.md.
#[component]
pub fn ResultPage(text: &'static OutcomeText, walk: Walk) -> impl IntoView {
    show_page_meta(text.title, text.heading);
    let rows: Vec<SummaryRow> = walk
        .path
        .iter()
        .filter_map(|(q, c)| {
            let words = question_text(q.key)?;
            Some(SummaryRow {
                key: words.question,
                value: words.label_of(c.value)?,
                change_href: crate::base::href(&change_url(&walk, q.key)),
            })
        })
        .collect();
    view! {
        <article class="check-result" data-outcome=text.id>
            <div class="result-panel">
                <h1>{text.heading}</h1>
            </div>
            <p class="legal-basis">
                <strong>{LABELS.legal_basis}": "</strong>
                {text.legal_basis}
            </p>
            <div class="content" inner_html=text.html></div>
            <div class="content" inner_html=IMHA_HELP_HTML></div>
            <h2>{LABELS.your_answers}</h2>
            <SummaryList rows change_label=LABELS.change />
            <p class="small">{LABELS.not_advice}" "{LABELS.rules_reviewed}</p>
            <p>
                <a href=crate::base::href(&step_url(FIRST_QUESTION, ""))>{LABELS.start_again}</a>
            </p>
        </article>
    }
}
