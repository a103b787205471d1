//! The wording file: every word the live app draws itself, by stable key, for one language.
//!
//! The app's code names words by key (`Word("check.q.situation.question")`), never by their
//! text, so one wasm serves every language: the build writes the words of each language into a
//! JSON file beside the app, and the page points the app at its own language's file. The
//! generated Rust and the JSON are made here together from one list, so a key the code uses
//! always has words and no words are without a key.

use std::collections::BTreeMap;

/// The key under which the wording file carries [`Wording::fingerprint`], so the app can refuse
/// a words file made for another build (a cached page pointing at an older file).
pub const FINGERPRINT_KEY: &str = "_keys";

/// The words collected while the generated Rust is written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Wording {
    words: BTreeMap<String, String>,
}

impl Wording {
    /// Records `text` under `key` and returns the Rust expression that names it. A key given
    /// twice is a bug in the generator, not in the content: it panics the build.
    pub fn word(&mut self, key: &str, text: &str) -> String {
        let old = self.words.insert(key.to_string(), text.to_string());
        assert!(old.is_none(), "wording key `{key}` given twice");
        format!("Word({key:?})")
    }

    /// Like [`Wording::word`], for an optional text: `None` when there is none.
    pub fn optional(&mut self, key: &str, text: Option<&str>) -> String {
        match text {
            Some(text) => format!("Some({})", self.word(key, text)),
            None => "None".into(),
        }
    }

    /// Every key with its words, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.words.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A short code for the set of keys (not their words, which differ per language): the app
    /// and its words file must agree on it. FNV-1a, written out so it is the same in the build
    /// and in every Rust version.
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for key in self.words.keys() {
            for byte in key.bytes().chain([0]) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }

    /// The wording file as JSON: the fingerprint, then every key and its words.
    pub fn to_json(&self) -> String {
        let mut map = serde_json::Map::new();
        map.insert(FINGERPRINT_KEY.into(), self.fingerprint().into());
        for (k, v) in &self.words {
            map.insert(k.clone(), v.clone().into());
        }
        serde_json::Value::Object(map).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_named_by_key_and_kept_for_the_file() {
        let mut w = Wording::default();
        assert_eq!(w.word("a.b", "Hello \"you\""), "Word(\"a.b\")");
        assert_eq!(w.optional("a.c", None), "None");
        assert_eq!(w.optional("a.d", Some("Hi")), "Some(Word(\"a.d\"))");
        let json: serde_json::Value = serde_json::from_str(&w.to_json()).unwrap();
        assert_eq!(json["a.b"], "Hello \"you\"");
        assert_eq!(json["a.d"], "Hi");
        assert!(json.get("a.c").is_none());
        assert_eq!(json[FINGERPRINT_KEY], w.fingerprint());
    }

    #[test]
    fn the_fingerprint_follows_the_keys_not_the_words() {
        let mut english = Wording::default();
        english.word("a", "Yes");
        let mut polish = Wording::default();
        polish.word("a", "Tak");
        assert_eq!(english.fingerprint(), polish.fingerprint());
        polish.word("b", "Nie");
        assert_ne!(english.fingerprint(), polish.fingerprint());
    }

    #[test]
    #[should_panic(expected = "given twice")]
    fn a_key_given_twice_stops_the_build() {
        let mut w = Wording::default();
        w.word("a", "x");
        w.word("a", "y");
    }
}
