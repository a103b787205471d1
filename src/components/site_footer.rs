use leptos::prelude::*;

use super::trusted_content_html;
use crate::content::SHELL;

/// Urgent help, privacy and accessibility on every page: a person in crisis must be able to find
/// emergency numbers from wherever they are. The words come from `content/_footer.md`.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="wrap" inner_html=trusted_content_html(SHELL.footer_html).0></div>
        </footer>
    }
}
