//! The wording file: every word the live app draws itself, by stable key, for one language.
//!
//! The app's code names words by key, never by their text, so one wasm serves every language:
//! the build writes the words of each language into a JSON file beside the app, and the page
//! points the app at its own language's file. The generated Rust and the JSON are made here
//! together from one list, so a key the code uses always has words and no words are without a
//! key.
//!
//! The file is a list of `[key, words]` pairs, readable by people and by the browser's own
//! `JSON.parse`. The generated Rust names each word by its place in that list (`Word(17)`), so
//! the app carries no key strings; the app checks the file's keys against the fingerprint of
//! the keys it was built with before it uses any word.

/// The words collected while the generated Rust is written, in the order the code names them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Wording {
    words: Vec<(String, String)>,
}

impl Wording {
    /// Records `text` under `key` and returns the Rust expression that names it. A key given
    /// twice is a bug in the generator, not in the content: it panics the build.
    pub fn word(&mut self, key: &str, text: &str) -> String {
        assert!(
            self.words.iter().all(|(k, _)| k != key),
            "wording key `{key}` given twice"
        );
        self.words.push((key.to_string(), text.to_string()));
        format!("Word({})", self.words.len() - 1)
    }

    /// Like [`Wording::word`], for an optional text: `None` when there is none.
    pub fn optional(&mut self, key: &str, text: Option<&str>) -> String {
        match text {
            Some(text) => format!("Some({})", self.word(key, text)),
            None => "None".into(),
        }
    }

    /// Every key with its words, in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.words.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A short code for the keys in their order (not their words, which differ per language):
    /// the app and its words file must agree on it. FNV-1a over each key and a 0 byte, as the
    /// app computes it (`wording::fingerprint_of`).
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (key, _) in &self.words {
            for byte in key.bytes().chain([0]) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash.to_string()
    }

    /// The wording file as JSON: `[[key, words], …]`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.words).expect("strings always serialise")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_named_by_its_place_and_kept_for_the_file() {
        let mut w = Wording::default();
        assert_eq!(w.word("a.b", "Hello \"you\""), "Word(0)");
        assert_eq!(w.optional("a.c", None), "None");
        assert_eq!(w.optional("a.d", Some("Hi")), "Some(Word(1))");
        let json: Vec<(String, String)> = serde_json::from_str(&w.to_json()).unwrap();
        assert_eq!(
            json,
            [
                ("a.b".to_string(), "Hello \"you\"".to_string()),
                ("a.d".to_string(), "Hi".to_string())
            ]
        );
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
