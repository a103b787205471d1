//! Sending a referral from the browser: one `POST` of JSON with the reference as its
//! `Idempotency-Key`, no cookies, and a 15-second limit. Browser-only; what the outcomes mean
//! for the person is in `sending.rs`, tested natively.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::sending::{retry_wait, Failure, TIMEOUT_MS};

/// Posts the payload. Any 2xx answer means the referral arrived.
pub async fn post(endpoint: &str, reference: &str, body: &str) -> Result<(), Failure> {
    let window = web_sys::window().ok_or(Failure::Network)?;
    let controller = web_sys::AbortController::new().map_err(|_| Failure::Network)?;
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            TIMEOUT_MS,
        )
        .map_err(|_| Failure::Network)?;
    let headers = web_sys::Headers::new().map_err(|_| Failure::Network)?;
    let _ = headers.set("Content-Type", "application/json");
    let _ = headers.set("Idempotency-Key", reference);
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_signal(Some(&controller.signal()));
    let result = JsFuture::from(window.fetch_with_str_and_init(endpoint, &init)).await;
    window.clear_timeout_with_handle(timer);
    drop(on_timeout);
    let response: web_sys::Response = match result {
        Ok(r) => r.unchecked_into(),
        Err(_) if timed_out.get() => return Err(Failure::Timeout),
        Err(_) => return Err(Failure::Network),
    };
    match response.status() {
        200..=299 => Ok(()),
        429 => Err(Failure::Busy {
            seconds: retry_wait(
                response
                    .headers()
                    .get("Retry-After")
                    .ok()
                    .flatten()
                    .as_deref(),
            ),
        }),
        _ => Err(Failure::Server),
    }
}

/// A new reference from the browser's cryptographic random numbers.
pub fn new_reference() -> String {
    let mut bytes = [0u8; super::reference::LENGTH];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    super::reference::from_random_bytes(bytes)
}

/// The time now, as the payload's `sent_at` (ISO 8601, UTC).
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}
