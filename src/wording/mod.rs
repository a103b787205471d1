//! Words by key: the app names every word it draws by a stable key, and the words themselves
//! come from the wording file the build writes from `content/` for the page's language. So the
//! wasm holds rules, not words, and one app serves every language.
//!
//! In the browser the file is read once at start (the page preloads it beside `config.json`;
//! its `<link data-wording>` says which file). Natively (tests, the pre-render step) the words
//! are the English file the build made, compiled in.

use std::cell::RefCell;
use std::fmt;

/// A word by its place in the wording file. The generated tables in `check::text`,
/// `referral::text` and `content` are made of these, so a word the code uses always has a key
/// the build checked; the app carries no key strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word(pub u16);

impl Word {
    /// The words in the language in force ("" if none is, which the app's start rules out).
    pub fn get(self) -> &'static str {
        WORDS.with_borrow(|words| words.get(usize::from(self.0)).copied().unwrap_or(""))
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

/// The fingerprint of the keys this app was built with, in order (see
/// `content_pipeline::wording`).
pub const FINGERPRINT: &str = include_str!(concat!(env!("OUT_DIR"), "/wording_fingerprint.txt"));

thread_local! {
    /// The words of the language in force, in the order of the keys. Made once; the words live
    /// as long as the app.
    static WORDS: RefCell<Vec<&'static str>> = RefCell::new(initial());
}

/// The fingerprint of a wording file's keys, in order: FNV-1a over each key and a 0 byte.
pub fn fingerprint_of<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for key in keys {
        for byte in key.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash.to_string()
}

/// Puts a wording file's `(key, words)` pairs in force, if they were made for this app's keys.
/// `false` otherwise: the app then leaves the page as the build wrote it rather than show a
/// page with words missing or in the wrong places.
pub fn install(entries: Vec<(String, String)>) -> bool {
    let fits = fingerprint_of(entries.iter().map(|(k, _)| k.as_str())) == FINGERPRINT;
    if fits {
        WORDS.set(entries.into_iter().map(|(_, v)| &*v.leak()).collect());
    }
    fits
}

/// The plural form (CLDR's category: "one", "few", "many", "other"…) the page's language uses
/// for a count of `n`, so "1 character" and "2 characters" are each said right in every
/// language. The browser knows every language's rules (`Intl.PluralRules`); natively, English.
pub fn plural_form(n: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_else(|| "en-GB".into());
        let locales = js_sys::Array::of1(&lang.into());
        let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
        String::from(rules.select(n as f64))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        if n == 1 { "one" } else { "other" }.to_string()
    }
}

/// The English words the build made, for the pre-render step and native tests.
#[cfg(not(target_arch = "wasm32"))]
pub const ENGLISH_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/wording-en.json"));

#[cfg(not(target_arch = "wasm32"))]
fn initial() -> Vec<&'static str> {
    let pairs: Vec<(String, String)> =
        serde_json::from_str(ENGLISH_JSON).expect("the build writes valid JSON");
    pairs.into_iter().map(|(_, v)| &*v.leak()).collect()
}

#[cfg(target_arch = "wasm32")]
fn initial() -> Vec<&'static str> {
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
    let Ok(pairs) = js_sys::JSON::parse(&text).and_then(|v| v.dyn_into::<js_sys::Array>()) else {
        return false;
    };
    let entries = pairs
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
        let pairs: Vec<(String, String)> = serde_json::from_str(ENGLISH_JSON).unwrap();
        assert_eq!(
            fingerprint_of(pairs.iter().map(|(k, _)| k.as_str())),
            FINGERPRINT
        );
        assert!(pairs.len() > 100, "{} words", pairs.len());
        assert_eq!(crate::check::text::LABELS.continue_button.get(), "Continue");
        assert_eq!(Word(u16::MAX).get(), "");
    }

    #[test]
    fn counts_use_the_plural_forms() {
        use crate::referral::form::field_by_key;
        use crate::referral::markup::count_message;
        let field = field_by_key("help_with").unwrap();
        let max = field.max;
        let typed = |n: usize| "x".repeat(n);
        assert_eq!(
            count_message(field, &typed(max - 1)),
            "You have 1 character remaining"
        );
        assert_eq!(
            count_message(field, &typed(max - 2)),
            "You have 2 characters remaining"
        );
        assert_eq!(
            count_message(field, &typed(max + 1)),
            "You have 1 character too many"
        );
        assert_eq!(
            count_message(field, &typed(max)),
            "You have 0 characters remaining"
        );
    }

    #[test]
    fn a_file_for_other_keys_is_refused() {
        let pairs: Vec<(String, String)> = serde_json::from_str(ENGLISH_JSON).unwrap();
        let mut reordered = pairs.clone();
        reordered.swap(0, 1);
        assert!(!install(reordered));
        assert_eq!(
            Word(0).get(),
            pairs[0].1,
            "the words in force are unchanged"
        );
        let mut polish = pairs.clone();
        polish[0].1 = "Dalej".into();
        assert!(install(polish));
        assert_eq!(Word(0).get(), "Dalej");
    }
}
