use leptos::prelude::*;

use super::{listen_controls, SiteFooter, SiteHeader, SkipLink, LISTEN_TEMPLATE_ID};

/// The frame of every page, in the order a screen reader meets it: skip link, header with
/// navigation, the one `main` landmark, footer; then Listen's buttons in a `template`, which
/// shows and reads as nothing until `listen.js` places a copy (see `listen.rs`).
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
        <SiteFooter path />
        <template id=LISTEN_TEMPLATE_ID inner_html=listen_controls().into_string()></template>
    }
}
