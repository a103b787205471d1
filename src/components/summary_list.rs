use maud::{html, Markup};

/// One row of a summary list: a question, the answer given, and where to change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub key: String,
    pub value: String,
    pub change_href: String,
}

/// The GOV.UK summary list, for the checker's "Your answers" and the referral's "Check your
/// answers". Each Change link carries the question in hidden text, so a screen reader's list of
/// links says "Change Which section…" rather than a row of identical "Change" links.
pub fn summary_list(rows: &[SummaryRow], change_label: &str) -> Markup {
    html! {
        dl class="summary-list" {
            @for row in rows {
                div class="summary-list__row" {
                    dt class="summary-list__key" { (row.key) }
                    dd class="summary-list__value" { (row.value) }
                    dd class="summary-list__actions" {
                        a href=(row.change_href) {
                            (change_label)
                            span class="visually-hidden" { " " (row.key) }
                        }
                    }
                }
            }
        }
    }
}
