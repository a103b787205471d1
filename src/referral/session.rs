//! The browser side of `draft.rs`: the tab's own `sessionStorage`, read with the browser's
//! `JSON.parse` (no JSON parser in the wasm) and written as the text `draft::encode` makes.
//! Thin on purpose: every rule about what may be kept is in `draft.rs`, tested natively.
//!
//! Storage that is blocked (some private modes) or full only means the draft is not kept: the
//! form goes on in memory, and [`write`] says so, so the page can say it in one line.

use wasm_bindgen::{JsCast, JsValue};

use super::draft::{self, Draft, Json, Rejected};

fn storage() -> Option<web_sys::Storage> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.session_storage().ok().flatten()
}

/// The time now in milliseconds since 1970, as `Date.now()` gives it.
pub fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now()
    } else {
        0.0
    }
}

/// The draft kept in this tab: `Ok(None)` when there is none (or storage is blocked); an
/// unusable one is deleted and its reason given.
pub fn read() -> Result<Option<Draft>, Rejected> {
    let Some(storage) = storage() else {
        return Ok(None);
    };
    let Some(text) = storage.get_item(draft::KEY).ok().flatten() else {
        return Ok(None);
    };
    let parsed = js_sys::JSON::parse(&text).map(|v| to_json(&v, 0));
    let result = match parsed {
        Ok(json) => draft::decode(&json, now_ms()),
        Err(_) => Err(Rejected::Unreadable),
    };
    if result.is_err() {
        remove();
    }
    result.map(Some)
}

/// Keeps the draft; `false` when the browser would not (storage blocked or full).
pub fn write(draft: &Draft) -> bool {
    storage().is_some_and(|s| s.set_item(draft::KEY, &draft::encode(draft)).is_ok())
}

/// Deletes the draft (after sending, on "Clear my answers", once expired).
pub fn remove() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(draft::KEY);
    }
}

/// Whether the browser says it has a network (`navigator.onLine`).
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// A parsed value as plain Rust. Nesting deeper than a draft's is cut off as `Null`, which the
/// draft's rules then refuse.
fn to_json(value: &JsValue, depth: u32) -> Json {
    if depth > 4 || value.is_null() || value.is_undefined() {
        return Json::Null;
    }
    if let Some(b) = value.as_bool() {
        return Json::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        return Json::Number(n);
    }
    if let Some(s) = value.as_string() {
        return Json::Text(s);
    }
    if let Some(list) = value.dyn_ref::<js_sys::Array>() {
        return Json::List(list.iter().map(|v| to_json(&v, depth + 1)).collect());
    }
    match value.dyn_ref::<js_sys::Object>() {
        Some(object) => Json::Object(
            js_sys::Object::entries(object)
                .iter()
                .filter_map(|pair| {
                    let pair: js_sys::Array = pair.dyn_into().ok()?;
                    Some((pair.get(0).as_string()?, to_json(&pair.get(1), depth + 1)))
                })
                .collect(),
        ),
        None => Json::Null,
    }
}
