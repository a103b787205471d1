use crate::referral::markup::escape;

/// The GOV.UK back link: at the top of a question page, before the question, so people who
/// chose the wrong answer find the way back without hunting. A real link, so it also works as a
/// link (open in a new tab, copy) and the browser's own Back button behaves the same.
pub fn back_link_html(href: &str, label: &str) -> String {
    format!(
        "<a class=\"back-link\" href=\"{}\">{}</a>",
        escape(href),
        escape(label)
    )
}
