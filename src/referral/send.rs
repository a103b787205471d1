//! Sending a referral from the browser with gloo-net: one `POST` of JSON with the reference as
//! its `Idempotency-Key`, no cookies, and a 15-second limit (an `AbortController`, which gloo-net
//! takes as a signal but does not wrap). Browser-only; what each outcome means for the person
//! (`outcome`, `retry_wait`) is in `sending.rs`, tested natively.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::sending::{outcome, Failure, TIMEOUT_MS};

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
    let request = Request::post(endpoint)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", reference)
        .credentials(web_sys::RequestCredentials::Omit)
        .abort_signal(Some(&controller.signal()))
        .body(body);
    let result = match request {
        Ok(request) => request.send().await,
        Err(e) => Err(e),
    };
    window.clear_timeout_with_handle(timer);
    drop(on_timeout);
    match result {
        Ok(response) => outcome(
            response.status(),
            response.headers().get("Retry-After").as_deref(),
        ),
        Err(_) if timed_out.get() => Err(Failure::Timeout),
        Err(_) => Err(Failure::Network),
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
