use leptos::prelude::*;

use crate::content::SHELL;

/// Urgent help, privacy and accessibility on every page: a person in crisis must be able to find
/// emergency numbers from wherever they are. The words come from `content/_footer.md`.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="wrap" inner_html=SHELL.footer_html></div>
        </footer>
    }
}
