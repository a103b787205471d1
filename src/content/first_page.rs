//! A content page's words in the browser, without carrying them in the app.
//!
//! Every content page is pre-rendered into its own file, so the words a person reads are already
//! on screen before the app starts, and are in that file for any later visit. The app keeps the
//! words on screen when it takes over, and reads another page's file when the person moves to it.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

thread_local! {
    /// The route and article HTML of the pre-rendered page the app took over.
    static FIRST: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// The content article's HTML inside an element that holds a whole page (`#main > article`).
fn article_html(page: &web_sys::Element) -> Option<String> {
    page.query_selector("#main > article.content")
        .ok()
        .flatten()
        .map(|article| article.inner_html())
}

/// Keeps the words of the page on screen before the app replaces it. Called once, at take over.
pub fn keep(route: &str, root: &web_sys::Element) {
    if let Some(html) = article_html(root) {
        FIRST.with(|first| *first.borrow_mut() = Some((route.to_string(), html)));
    }
}

/// The kept words, if they belong to `route`. Given once: later visits read the file.
pub fn take(route: &str) -> Option<String> {
    FIRST.with(|first| {
        let mut first = first.borrow_mut();
        match first.as_ref() {
            Some((kept, _)) if kept.trim_end_matches('/') == route.trim_end_matches('/') => {
                first.take().map(|(_, html)| html)
            }
            _ => None,
        }
    })
}

/// The pre-rendered file of a route, as the static host serves it.
pub fn file_of(route: &str) -> String {
    match route.trim_end_matches('/') {
        "" => crate::base::href("/index.html"),
        path => crate::base::href(&format!("{path}/index.html")),
    }
}

/// Reads the article and the description of a route's pre-rendered file. `None` when it cannot
/// be had.
pub async fn fetch(route: &str) -> Option<(String, String)> {
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
    Some((article_html(&root)?, description))
}
