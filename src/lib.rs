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
mod page_change;
pub mod referral;
pub mod site_config;
pub mod static_site;

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use components::Layout;
use content::{page_for, ContentPage, NOT_FOUND};

/// The id of the element the pre-rendered page sits in and the app mounts into.
pub const ROOT_ID: &str = "app";

/// The whole app: routes inside the shared page frame.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=base::BASE>
            <Site />
        </Router>
    }
}

#[component]
fn Site() -> impl IntoView {
    let location = use_location();
    let path = Signal::derive(move || location.pathname.get());
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
    view! {
        <Layout path>
            {move || {
                let route = base::route(&path.get()).to_string();
                if check::is_step_route(&route) {
                    view! { <check::CheckRoute /> }.into_any()
                } else if referral::is_referral_route(&route) {
                    view! { <referral::ReferralRoute /> }.into_any()
                } else {
                    view! { <ContentRoute /> }.into_any()
                }
            }}
        </Layout>
    }
}

/// Any path: its content page, or the not-found page.
#[component]
fn ContentRoute() -> impl IntoView {
    let location = use_location();
    move || {
        let page = page_for(base::route(&location.pathname.get())).unwrap_or(&NOT_FOUND);
        page_change::show_page_meta(page.title, page.description);
        view! { <ContentPage page /> }
    }
}

/// Reads `config.json`, then replaces the pre-rendered page with the live app in one step, so
/// nothing moves on screen and the first screen already fits the settings.
pub fn mount() {
    // wasm-bindgen's own spawner: Leptos's is only set up by mounting.
    wasm_bindgen_futures::spawn_local(async {
        let config = site_config::load().await;
        if let referral::config::Endpoint::Refused(why) =
            referral::config::endpoint(config.referral_endpoint.as_deref())
        {
            web_sys::console::error_1(&why.into());
        }
        site_config::set(config);
        take_over();
    });
}

fn take_over() {
    use wasm_bindgen::JsCast;
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            #[cfg(target_arch = "wasm32")]
            {
                let pathname = web_sys::window()
                    .and_then(|w| w.location().pathname().ok())
                    .unwrap_or_default();
                content::first_page::keep(base::route(&pathname), &root);
            }
            root.set_inner_html("");
            leptos::mount::mount_to(root.clone(), App).forget();
            // Lets tests (and any embedding page) know the live app has taken over.
            let _ = root.set_attribute("data-app", "live");
        }
        None => leptos::mount::mount_to_body(App),
    }
}
