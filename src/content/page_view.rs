use leptos::prelude::*;

use super::Page;
use crate::components::trusted_content_html;

/// Shows a content page's HTML. The HTML was made and escaped at build time, so setting it
/// directly is safe and keeps the markdown parser out of the browser.
///
/// In the browser most pages' HTML is not compiled into the app (see `kept_in_app!`): the page
/// the person opened is kept from its pre-rendered file when the app takes over, and a page
/// reached inside the app is read from its own pre-rendered file, the same file a reload or a
/// search engine gets.
#[component]
pub fn ContentPage(page: &'static Page) -> impl IntoView {
    #[cfg(target_arch = "wasm32")]
    {
        if page.html.is_empty() {
            return view! { <article class="content" inner_html=read_from_file(page)></article> }
                .into_any();
        }
    }
    view! { <article class="content" inner_html=trusted_content_html(page.html).0></article> }
        .into_any()
}

/// The page's words: the ones already on screen if this is the page the app took over, or else
/// read from the page's own file, shown as soon as they arrive. Either way they are the HTML our
/// build wrote into this site's own pre-rendered file (the same output
/// [`trusted_content_html`] admits), read only from this site's address.
#[cfg(target_arch = "wasm32")]
fn read_from_file(page: &'static Page) -> RwSignal<String> {
    let html = RwSignal::new(String::new());
    if let Some(first) = super::first_page::take(page.route) {
        html.set(first);
        return html;
    }
    leptos::task::spawn_local(async move {
        match super::first_page::fetch(page.route).await {
            // The signal is gone if the person has moved on before the words arrived.
            Some((words, description)) => {
                if html.try_set(words).is_none() {
                    crate::page_change::show_page_meta(page.title, &description);
                    crate::page_change::focus_heading_when_drawn();
                }
            }
            // No connection (or no such file): let the browser load the page itself, so the
            // person sees what it (or the offline page) says rather than an empty page.
            None => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            }
        }
    });
    html
}
