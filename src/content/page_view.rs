use leptos::prelude::*;

use super::Page;
use crate::components::trusted_content_html;

/// Shows a content page's HTML, as the build pre-renders it. The HTML was made and escaped at
/// build time, so setting it directly is safe and keeps the markdown parser out of the browser.
/// In the browser the app never draws this: it adopts the page the build wrote, and reads any
/// other page from its own file (`content::live`).
#[component]
pub fn ContentPage(page: &'static Page) -> impl IntoView {
    view! { <article class="content" inner_html=trusted_content_html(page.html).0></article> }
}
