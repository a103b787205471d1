use leptos::prelude::*;

/// One row of a summary list: a question, the answer given, and where to change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub key: &'static str,
    pub value: &'static str,
    pub change_href: String,
}

/// The GOV.UK summary list for "Your answers" and "Check your answers". Each Change link carries
/// the question in hidden text, so a screen reader's list of links says "Change Which section…"
/// rather than a row of identical "Change" links.
#[component]
pub fn SummaryList(rows: Vec<SummaryRow>, change_label: &'static str) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {rows
                .into_iter()
                .map(|row| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{row.key}</dt>
                            <dd class="summary-list__value">{row.value}</dd>
                            <dd class="summary-list__actions">
                                <a href=row.change_href>
                                    {change_label}
                                    <span class="visually-hidden">" "{row.key}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
