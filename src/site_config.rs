//! The deployer's `config.json`, read when the app starts rather than compiled in, so a deployer
//! changes settings by editing one file, without a rebuild.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static CURRENT: RefCell<SiteConfig> = RefCell::default();
}

/// The settings in force: read once when the app starts (or given by the build when it
/// pre-renders pages), before anything is shown, so the first screen already fits them.
pub fn current() -> SiteConfig {
    CURRENT.with_borrow(Clone::clone)
}

/// Puts settings in force.
pub fn set(config: SiteConfig) {
    CURRENT.set(config);
}

/// The settings the browser app reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteConfig {
    /// Where referrals are sent (see `referral::config` for what is accepted).
    pub referral_endpoint: Option<String>,
    /// Origins of pages allowed to frame the app and hear its height.
    pub embed_origins: Vec<String>,
}

/// Reads `config.json` from the site; an unreadable file is reported in the console and gives
/// the safe defaults (no referral endpoint, no embedding).
pub async fn load() -> SiteConfig {
    match fetch_text(&crate::base::site_file("/config.json")).await {
        Some(text) => parse(&text),
        None => {
            web_sys::console::error_1(&JsValue::from_str("config.json could not be read."));
            SiteConfig::default()
        }
    }
}

fn parse(text: &str) -> SiteConfig {
    let Ok(json) = js_sys::JSON::parse(text) else {
        web_sys::console::error_1(&JsValue::from_str("config.json is not valid JSON."));
        return SiteConfig::default();
    };
    let get = |key: &str| js_sys::Reflect::get(&json, &JsValue::from_str(key)).ok();
    let referral_endpoint = get("referral_endpoint").and_then(|v| v.as_string());
    let embed_origins = get("embed_origins")
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .map(|list| list.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    SiteConfig {
        referral_endpoint,
        embed_origins,
    }
}

async fn fetch_text(url: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}
