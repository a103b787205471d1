//! What a person needs to hear and see when the app changes page without a reload.
//!
//! A single-page app does not reload, so the browser does none of this by itself: screen-reader
//! users would hear nothing, keep their focus on a link that no longer exists, and stay scrolled
//! halfway down. On every route change we set the title, reset the scroll and move focus to the
//! new page's `h1`.

use leptos::prelude::*;

use crate::content::document_title;

/// Sets the browser tab title ("Page – Service") and the description for the page now shown.
pub fn show_page_meta(page_title: &str, description: &str) {
    // When the build pre-renders pages natively there is no document: the title and description
    // are written into each file instead.
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    document.set_title(&document_title(page_title));
    if let Ok(Some(meta)) = document.query_selector("meta[name=description]") {
        let _ = meta.set_attribute("content", description);
    }
}

/// After every route change (not the first load, where the browser already did the right thing),
/// scroll to the top and focus the new `h1`.
pub fn follow_route_changes(route: impl Fn() -> String + 'static) {
    let mut first = true;
    Effect::new(move |_| {
        let _ = route();
        if std::mem::take(&mut first) {
            return;
        }
        // Wait for the new page to be in the DOM before looking for its heading.
        request_animation_frame(focus_heading);
        crate::embed::notify_navigated();
    });
}

/// For a page whose words arrive after the route changed (read from its file): move focus to
/// its `h1` once they are drawn, or to the part of the page the address names (`/words#leave`).
#[cfg(target_arch = "wasm32")]
pub fn focus_heading_when_drawn() {
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        let window = web_sys::window();
        let hash = window
            .as_ref()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let target = hash
            .strip_prefix('#')
            .filter(|id| !id.is_empty())
            .and_then(|id| window?.document()?.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        match target {
            Some(target) => {
                let _ = target.set_attribute("tabindex", "-1");
                target.scroll_into_view();
                let _ = target.focus();
            }
            None => focus_heading(),
        }
    });
}

fn focus_heading() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    window.scroll_to_with_x_and_y(0.0, 0.0);
    let heading = window
        .document()
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h1) = heading {
        // -1: focusable by script only, so it does not add a stop when tabbing.
        let _ = h1.set_attribute("tabindex", "-1");
        let _ = h1.focus();
    }
}
