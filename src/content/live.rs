//! A content page in the browser, without carrying its words in the app.
//!
//! Every content page is pre-rendered into its own file, so the words a person reads are on
//! screen before the app starts (the app adopts them, see `page_area`), and are in that file for
//! any later visit: when the person moves to another page, the app reads that page's file.

use std::cell::Cell;

use wasm_bindgen::JsCast;

use super::{page_for, NOT_FOUND_PAGE};
use crate::components::trusted_content_html;
use crate::page_area::{self, Area};
use crate::page_change::{focus_heading_when_drawn, show_meta_as_written, show_page_meta};

thread_local! {
    /// Counts moves, so words that arrive after the person has moved on are not shown.
    static MOVES: Cell<u32> = const { Cell::new(0) };
}

/// Shows the content page at `route` after a move: the not-found page at once, any other page
/// as soon as its file has been read.
pub fn show(route: &str) {
    let this_move = MOVES.get().wrapping_add(1);
    MOVES.set(this_move);
    if page_for(route).is_none() {
        show_page_meta(NOT_FOUND_PAGE.title.get(), NOT_FOUND_PAGE.description.get());
        page_area::draw(
            Area::Content,
            trusted_content_html(NOT_FOUND_PAGE.html.get()).0,
        );
        return;
    }
    // The page being left goes at once, so nothing (a screen reader, the focus) meets its words
    // as if they were the new page's while the new one is read.
    page_area::draw(Area::Content, "");
    let route = route.to_string();
    leptos::task::spawn_local(async move {
        let read = fetch(&route).await;
        if MOVES.get() != this_move {
            return;
        }
        match read {
            // HTML our build wrote into this site's own pre-rendered file (the same output
            // `trusted_content_html` admits), read only from this site's address.
            Some(file) => {
                show_meta_as_written(&file.title, &file.description);
                page_area::draw(Area::Content, &file.article);
                focus_heading_when_drawn();
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
}

/// The pre-rendered file of a route, as the static host serves it.
pub fn file_of(route: &str) -> String {
    match route.trim_end_matches('/') {
        "" => crate::base::href("/index.html"),
        path => crate::base::href(&format!("{path}/index.html")),
    }
}

/// What the app takes from a page's file.
struct PageFile {
    /// The whole tab title, as the file has it.
    title: String,
    description: String,
    article: String,
}

/// Reads a route's pre-rendered file. `None` when it cannot be had.
async fn fetch(route: &str) -> Option<PageFile> {
    let response = gloo_net::http::Request::get(&file_of(route))
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = response.text().await.ok()?;
    let parser = web_sys::DomParser::new().ok()?;
    let document = parser
        .parse_from_string(&text, web_sys::SupportedType::TextHtml)
        .ok()?;
    let description = document
        .query_selector("meta[name=description]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default();
    let root = document
        .document_element()?
        .dyn_into::<web_sys::Element>()
        .ok()?;
    let article = root
        .query_selector("#main > article.content")
        .ok()
        .flatten()?
        .inner_html();
    Some(PageFile {
        title: document.title(),
        description,
        article,
    })
}
