use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::content::shell;

/// The first thing a keyboard user reaches: it jumps past the header and navigation to the page's
/// content. Hidden until focused (GOV.UK skip link pattern), then shown at the top with a
/// strong focus style so sighted keyboard users see where they are.
///
/// Without JavaScript the browser follows `#main` itself. With the app running, the router
/// would treat `#main` as a navigation and only scroll, so the app handles the click
/// ([`follow_skip_link`]) and focus really moves to `main`, as screen-reader and keyboard users
/// expect.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">
            {shell().skip_link}
        </a>
    }
}

/// A click on the skip link: focus `main` and bring it into view.
pub fn follow_skip_link(ev: &web_sys::Event) {
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        ev.prevent_default();
        let _ = main.focus();
        main.scroll_into_view();
    }
}
