use crate::referral::markup::escape;

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
///
/// Built as text so both users share one small piece of code (see `referral/markup.rs`).
pub fn summary_list_html(rows: &[SummaryRow], change_label: &str) -> String {
    let mut out = String::from("<dl class=\"summary-list\">");
    for row in rows {
        let key = escape(&row.key);
        out.push_str(&format!(
            "<div class=\"summary-list__row\"><dt class=\"summary-list__key\">{key}</dt><dd class=\"summary-list__value\">{}</dd><dd class=\"summary-list__actions\"><a href=\"{}\">{}<span class=\"visually-hidden\"> {key}</span></a></dd></div>",
            escape(&row.value),
            escape(&row.change_href),
            escape(change_label),
        ));
    }
    out.push_str("</dl>");
    out
}
