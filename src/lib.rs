//! The West Kent advocacy front door: a Leptos app that runs in the browser.
//!
//! `main.rs` only mounts [`App`]. Everything here compiles natively too, so the rules and content
//! are tested with `cargo test`, and `crates/prerender` renders the same components to the
//! static HTML files that are read before (or without) JavaScript.

pub mod base;
pub mod check;
pub mod components;
pub mod content;
pub mod deploy;
mod embed;
pub mod page_area;
mod page_change;
pub mod referral;
pub mod site_config;
pub mod static_site;
pub mod wording;

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};
use wasm_bindgen::JsCast;

/// The id of the element the pre-rendered page sits in and the app takes over.
pub const ROOT_ID: &str = "app";

/// The name of the event the app fires on `window` once it has taken over the page, so
/// `boot.js` can hand it a form someone sent before it started.
pub const LIVE_EVENT: &str = "advocacy-live";

/// The whole app: the router, and the page area it keeps up to date. It draws nothing when it
/// starts: the page the build wrote is already on screen, and the app adopts it.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=base::root()>
            <Site />
        </Router>
    }
}

#[component]
fn Site() -> impl IntoView {
    let location = use_location();
    page_change::follow_route_changes(move || location.pathname.get() + &location.search.get());
    embed::start_if_framed(site_config::current().embed_origins);
    referral::warn_before_losing_answers();
    referral::send_when_online();
    // The app picks its page itself instead of using the router's `Routes`, which cost 25 KB of
    // wasm. `Routes` also tells the router when the new page is ready, so the address bar
    // changes; without it, this does.
    if let Some(browser_url) = use_context::<BrowserUrl>() {
        Effect::new(move |_| {
            location.pathname.track();
            browser_url.ready_to_complete();
        });
    }
    page_area::start();
}

/// Reads `config.json` and the page's wording file (both preloaded by the page), then takes
/// over the page as it is. Without its words the app leaves the page as the build wrote it,
/// which still reads and links as a plain web page.
pub fn mount() {
    // The page's language says where its pages are (`/pl/…`) and what a referral says.
    if let Some(lang) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("lang"))
    {
        base::set_language(&lang);
    }
    // wasm-bindgen's own spawner: Leptos's is only set up by mounting.
    wasm_bindgen_futures::spawn_local(async {
        let config = site_config::load();
        #[cfg(target_arch = "wasm32")]
        let words = wording::load().await;
        #[cfg(not(target_arch = "wasm32"))]
        let words = true;
        let config = config.await;
        if let referral::config::Endpoint::Refused(why) =
            referral::config::endpoint(config.referral_endpoint.as_deref())
        {
            web_sys::console::error_1(&why.into());
        }
        if !words {
            web_sys::console::error_1(&"The wording file could not be read.".into());
            return;
        }
        site_config::set(config);
        take_over();
    });
}

fn take_over() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = window.document().and_then(|d| d.get_element_by_id(ROOT_ID)) else {
        return;
    };
    // Nothing is drawn here: the app's views add no markup of their own to the page.
    leptos::mount::mount_to(root.clone().unchecked_into(), App).forget();
    // Lets tests (and any embedding page) know the live app has taken over.
    let _ = root.set_attribute("data-app", "live");
    if let Ok(event) = web_sys::Event::new(LIVE_EVENT) {
        let _ = window.dispatch_event(&event);
    }
}
