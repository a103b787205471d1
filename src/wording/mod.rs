//! Words by key: the app names every word it draws by a stable key, and the words themselves
//! come from the wording file the build writes from `content/` for the page's language. So the
//! wasm holds rules, not words, and one app serves every language.
//!
//! In the browser the file is read once at start (the page preloads it beside `config.json`;
//! its `<link data-wording>` says which file). Natively (tests, the pre-render step) the words
//! are the English file the build made, compiled in.

use std::cell::RefCell;
use std::fmt;

/// A key into the wording file. The generated tables in `check::text` and `referral::text` are
/// made of these, so a word the code uses always has a key the build checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word(pub &'static str);

impl Word {
    /// The words for this key in the language in force ("" if the file has none, which the
    /// fingerprint check at start rules out).
    pub fn get(self) -> &'static str {
        lookup(self.0)
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

/// The fingerprint of the keys this app was built with (see `content_pipeline::wording`).
pub const FINGERPRINT: &str = include_str!(concat!(env!("OUT_DIR"), "/wording_fingerprint.txt"));

/// The key the wording file carries its fingerprint under.
const FINGERPRINT_KEY: &str = "_keys";

thread_local! {
    /// Every key and its words, sorted by key. Made once; the words live as long as the app.
    static WORDS: RefCell<Vec<(&'static str, &'static str)>> = RefCell::new(initial());
}

fn lookup(key: &str) -> &'static str {
    WORDS.with_borrow(|words| {
        words
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .map_or("", |i| words[i].1)
    })
}

/// Puts a wording file in force, if it was made for this app's keys. `false` otherwise: the app
/// then leaves the page as the build wrote it rather than show a page with words missing.
pub fn install(entries: Vec<(String, String)>) -> bool {
    let fits = entries
        .iter()
        .any(|(k, v)| k == FINGERPRINT_KEY && v == FINGERPRINT);
    if fits {
        let mut words: Vec<(&'static str, &'static str)> = entries
            .into_iter()
            .map(|(k, v)| (&*k.leak(), &*v.leak()))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(b.0));
        WORDS.set(words);
    }
    fits
}

/// The English words the build made, for the pre-render step and native tests.
#[cfg(not(target_arch = "wasm32"))]
pub const ENGLISH_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/wording-en.json"));

#[cfg(not(target_arch = "wasm32"))]
fn initial() -> Vec<(&'static str, &'static str)> {
    let map: std::collections::BTreeMap<String, String> =
        serde_json::from_str(ENGLISH_JSON).expect("the build writes valid JSON");
    map.into_iter()
        .map(|(k, v)| (&*k.leak(), &*v.leak()))
        .collect()
}

#[cfg(target_arch = "wasm32")]
fn initial() -> Vec<(&'static str, &'static str)> {
    Vec::new()
}

/// Reads the page's wording file (named by its `<link rel=preload data-wording>`) and puts it in
/// force. `false` when it cannot be had or was made for another build.
#[cfg(target_arch = "wasm32")]
pub async fn load() -> bool {
    use wasm_bindgen::JsCast;
    let Some(url) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("link[data-wording]").ok().flatten())
        .and_then(|link| link.get_attribute("href"))
    else {
        return false;
    };
    let Ok(response) = gloo_net::http::Request::get(&url).send().await else {
        return false;
    };
    let Ok(text) = response.text().await else {
        return false;
    };
    let Ok(json) = js_sys::JSON::parse(&text) else {
        return false;
    };
    let entries = js_sys::Object::entries(json.unchecked_ref())
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    install(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_file_fits_this_build_and_every_key_has_words() {
        let map: std::collections::BTreeMap<String, String> =
            serde_json::from_str(ENGLISH_JSON).unwrap();
        assert_eq!(map[FINGERPRINT_KEY], FINGERPRINT);
        assert!(map.len() > 100, "{} words", map.len());
        assert_eq!(Word("check.continue_button").get(), "Continue");
        assert_eq!(Word("no.such.key").get(), "");
    }
}
