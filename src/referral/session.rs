//! The browser side of `draft.rs`: the tab's own `sessionStorage`, read with the browser's
//! `JSON.parse` (no JSON parser in the wasm) and written as the text `draft::encode` makes.
//! Thin on purpose: every rule about what may be kept is in `draft.rs`, tested natively.
//!
//! Storage that is blocked (some private modes) or full only means the draft is not kept: the
//! form goes on in memory, and [`write`] says so, so the page can say it in one line.

use wasm_bindgen::{JsCast, JsValue};

use super::draft::{self, Draft, Rejected, Stored};

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
    let result = match js_sys::JSON::parse(&text) {
        Ok(parsed) => draft::decode(stored(&parsed), now_ms()),
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

/// Each part of a parsed draft as the type it must have (see [`Stored`]).
fn stored(parsed: &JsValue) -> Stored {
    // Reflect.get throws on null or a number: that part is then missing.
    let get = |key: &str| {
        js_sys::Reflect::get(parsed, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    let reference = get("reference");
    Stored {
        version: get("version").as_f64(),
        changed_at: get("changed_at").as_f64(),
        answers: get("answers").dyn_into::<js_sys::Array>().ok().map(|list| {
            list.iter()
                .map(|pair| {
                    let pair = pair.dyn_into::<js_sys::Array>().ok()?;
                    if pair.length() != 2 {
                        return None;
                    }
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect()
        }),
        step: get("step").as_string(),
        reference: if reference.is_null() {
            Some(None)
        } else {
            reference.as_string().map(Some)
        },
        pending: get("pending").as_bool(),
    }
}
