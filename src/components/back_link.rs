use leptos::prelude::*;

/// The GOV.UK back link: at the top of a question page, before the question, so people who
/// chose the wrong answer find the way back without hunting. A real link, so it also works as a
/// link (open in a new tab, copy) and the browser's own Back button behaves the same.
#[component]
pub fn BackLink(#[prop(into)] href: String, label: &'static str) -> impl IntoView {
    view! {
        <a class="back-link" href=href>
            {label}
        </a>
    }
}
