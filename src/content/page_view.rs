use leptos::prelude::*;

use super::Page;

/// Shows a content page's HTML. The HTML was made and escaped at build time, so setting it
/// directly is safe and keeps the markdown parser out of the browser.
#[component]
pub fn ContentPage(page: &'static Page) -> impl IntoView {
    view! { <article class="content" inner_html=page.html></article> }
}
