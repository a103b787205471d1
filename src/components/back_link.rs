use maud::{html, Markup};

/// The GOV.UK back link: at the top of a question page, before the question, so people who
/// chose the wrong answer find the way back without hunting. A real link, so it also works as a
/// link (open in a new tab, copy) and the browser's own Back button behaves the same.
pub fn back_link(href: &str, label: &str) -> Markup {
    html! { a class="back-link" href=(href) { (label) } }
}
