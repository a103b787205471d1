//! What a person needs to hear and see when the app changes page without a reload.
//!
//! A single-page app does not reload, so the browser does none of this by itself: screen-reader
//! users would hear nothing, keep their focus on a link that no longer exists, and stay scrolled
//! halfway down. On every route change we set the title, reset the scroll and move focus to the
//! new page's `h1`.

use leptos::prelude::*;

use crate::content::document_title;

/// Sets the browser tab title ("Page – Service") and the description for the page now shown.
/// An empty description leaves the one already there.
pub fn show_page_meta(page_title: &str, description: &str) {
    show_meta_as_written(&document_title(page_title), description);
}

/// Sets the tab title as given (a page file's own `<title>`) and the description.
pub fn show_meta_as_written(title: &str, description: &str) {
    // When the build pre-renders pages natively there is no document: the title and description
    // are written into each file instead.
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    document.set_title(title);
    if description.is_empty() {
        return;
    }
    if let Ok(Some(meta)) = document.query_selector("meta[name=description]") {
        let _ = meta.set_attribute("content", description);
    }
}

/// After every route change (not the first load, where the browser already did the right thing),
/// scroll to the top and focus the new `h1`, or, for an address with `#place`, focus that place.
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
pub fn focus_heading_when_drawn() {
    request_animation_frame(focus_heading);
}

fn focus_heading() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let document = window.document();
    // A link to a place in the new page (a term on /words): go there, as a page load would.
    let place = window
        .location()
        .hash()
        .ok()
        .and_then(|hash| {
            let id = hash.strip_prefix('#')?;
            document.as_ref()?.get_element_by_id(id)
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if place.is_none() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
    let target = place.or_else(|| {
        document
            .and_then(|d| d.query_selector("main h1").ok().flatten())
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    });
    if let Some(target) = target {
        // -1: focusable by script only, so it does not add a stop when tabbing.
        let _ = target.set_attribute("tabindex", "-1");
        let _ = target.focus();
    }
}
