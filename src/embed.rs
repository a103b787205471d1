//! Living inside the service's own website, in an iframe.
//!
//! The host page includes `embed.js`; when the app finds itself framed by a page whose origin is
//! listed in `embed_origins` in `config.json`, it tells that page its height (on load and whenever
//! it changes) and when it has moved to another page, so the frame grows to fit and its top comes
//! into view. Messages go only to that one origin, never to `*`, and to nobody when the framing
//! page is not listed.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The origin to send messages to: the framing page's, when it is one of `allowed`.
/// `ancestor` is what the browser says frames us (`location.ancestorOrigins`, where supported);
/// otherwise the page that opened us, from `document.referrer`.
pub fn parent_origin(ancestor: Option<&str>, referrer: &str, allowed: &[String]) -> Option<String> {
    let framing = match ancestor {
        Some(origin) => origin.to_string(),
        None => origin_of(referrer)?,
    };
    allowed
        .iter()
        .map(|a| a.trim().trim_end_matches('/'))
        .find(|a| !a.is_empty() && *a != "*" && *a == framing)
        .map(str::to_string)
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

thread_local! {
    static PARENT: RefCell<Option<(web_sys::Window, String)>> = const { RefCell::new(None) };
}

fn post(kind: &str, height: Option<f64>) {
    PARENT.with(|p| {
        if let Some((parent, origin)) = p.borrow().as_ref() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &JsValue::from_str(kind));
            if let Some(h) = height {
                let _ = js_sys::Reflect::set(&message, &"height".into(), &JsValue::from_f64(h));
            }
            let _ = parent.post_message(&message, origin);
        }
    });
}

fn content_height() -> Option<f64> {
    let body = web_sys::window()?.document()?.body()?;
    Some(body.get_bounding_client_rect().height().ceil())
}

/// Tells the host page the app moved to another page, so it can bring the frame's top into view.
pub fn notify_navigated() {
    post("advocacy:navigated", None);
}

/// If framed by an allowed page, starts telling it the app's height.
pub fn start_if_framed(embed_origins: Vec<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    // Not in every browser (nor in web-sys), so read it by name.
    let ancestor = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into())
        .ok()
        .filter(|list| !list.is_undefined())
        .and_then(|list| js_sys::Reflect::get(&list, &0.into()).ok())
        .and_then(|first| first.as_string());
    let referrer = window.document().map(|d| d.referrer()).unwrap_or_default();
    let Some(origin) = parent_origin(ancestor.as_deref(), &referrer, &embed_origins) else {
        return;
    };
    PARENT.with(|p| *p.borrow_mut() = Some((parent, origin)));
    let send_height = || post("advocacy:height", content_height());
    send_height();
    let on_resize = Closure::<dyn FnMut()>::new(send_height);
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()),
        window.document().and_then(|d| d.body()),
    ) {
        observer.observe(&body);
    }
    on_resize.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec![
            "https://www.example-host.org/".into(),
            "http://127.0.0.1:9000".into(),
        ]
    }

    #[test]
    fn only_listed_framing_pages_hear_from_the_app() {
        assert_eq!(
            parent_origin(Some("https://www.example-host.org"), "", &allowed()).as_deref(),
            Some("https://www.example-host.org")
        );
        assert_eq!(
            parent_origin(None, "http://127.0.0.1:9000/page?x", &allowed()).as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(
            parent_origin(
                Some("https://evil.example"),
                "https://www.example-host.org/",
                &allowed()
            ),
            None
        );
        assert_eq!(parent_origin(None, "", &allowed()), None);
        assert_eq!(
            parent_origin(Some("https://a.example"), "", &["*".to_string()]),
            None,
            "never everyone"
        );
    }
}
