use leptos::prelude::*;

use super::{SiteFooter, SiteHeader, SkipLink};

/// The frame of every page, in the order a screen reader meets it: skip link, header with
/// navigation, the one `main` landmark, footer.
///
/// `path` is the current URL path; it comes from the router in the browser and is fixed when the
/// build pre-renders a page, so both render the same markup and the app takes over the
/// pre-rendered page with no visible jump.
#[component]
pub fn Layout(#[prop(into)] path: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <SkipLink />
        <SiteHeader path />
        // tabindex=-1 lets the skip link move focus here in every browser.
        <main id="main" class="wrap" tabindex="-1">
            {children()}
        </main>
        <SiteFooter />
    }
}
