//! Stands in for `wasm-streams`, which Leptos's server functions (`server_fn`, always compiled in
//! by `leptos`) use for streaming request and response bodies. This app has no server functions.
//! But the real crate's `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `...ByteSource`,
//! `...Sink`) are exported from the wasm whether used or not, with their code and their JS glue:
//! 1.1 KB brotli of the size budget, measured. This keeps only the calls `server_fn` makes, and
//! stops with an error if one of them is ever reached.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use wasm_bindgen::JsValue;

/// A body stream, as `server_fn` names it.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        not_in_this_app()
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    pub fn into_stream(self) -> IntoStream {
        not_in_this_app()
    }
}

/// What [`ReadableStream::into_stream`] would give.
pub struct IntoStream;

impl Stream for IntoStream {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(None)
    }
}

fn not_in_this_app() -> ! {
    wasm_bindgen::throw_str("this app has no streaming server functions")
}
