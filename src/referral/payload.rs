//! The JSON a referral is sent as. Documented in the README and described by
//! `schema/referral.schema.json`, which the tests check every payload against.
//!
//! Written by serde (`Serialize`, `serde_json::to_string`). The browser only writes this JSON, so
//! it carries no JSON parser; reading a payload back (`Deserialize`) is compiled for native builds
//! only: the local receiver and the tests.

use serde::{Serialize, Serializer};

use super::form::{Kind, PAGES};
use super::validate::Answers;

/// The payload format version; a receiver refuses versions it does not know. Version 3 added
/// `language`.
pub const SCHEMA_VERSION: u32 = 3;

/// The body of the POST: schema version, reference, time sent and every answer, in form order.
/// One type for both ends, so the form and a receiver agree on the fields by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[serde(deny_unknown_fields)]
pub struct Payload {
    /// Always [`SCHEMA_VERSION`] when sent.
    pub schema: u32,
    /// The referral's reference, also sent as the `Idempotency-Key` header.
    pub reference: String,
    /// When the person pressed Send (ISO 8601, UTC).
    pub sent_at: String,
    /// The language the form was filled in ("en", "pl"…), so staff can book an interpreter.
    /// Free text is sent as typed, never translated.
    pub language: String,
    /// Every answer given, in form order.
    pub answers: SentAnswers,
}

/// One answer as sent. Checkboxes are a list of the values ticked, so a receiver never has to
/// split text; everything else is text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[serde(untagged)]
pub enum SentAnswer {
    Text(String),
    List(Vec<String>),
}

/// The answers as a JSON object, keys in form order. A list of pairs rather than a map: the
/// order is the form's, and a list is less code in the browser (see [`Answers`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentAnswers(pub Vec<(String, SentAnswer)>);

impl Serialize for SentAnswers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, answer)| (key, answer)))
    }
}

impl Payload {
    /// The payload of checked answers: only the form's fields, in form order, checkboxes
    /// (stored comma-separated) as lists; filled in in the language of the pages in force.
    pub fn new(reference: &str, sent_at: &str, answers: &Answers) -> Payload {
        let sent = PAGES
            .iter()
            .flat_map(|p| p.fields.iter())
            .filter_map(|field| {
                let value = answers.get(field.key)?;
                let answer = match field.kind {
                    Kind::Checkboxes(_) => SentAnswer::List(
                        value
                            .split(',')
                            .filter(|v| !v.is_empty())
                            .map(String::from)
                            .collect(),
                    ),
                    _ => SentAnswer::Text(value.clone()),
                };
                Some((field.key.to_string(), answer))
            })
            .collect();
        Payload {
            schema: SCHEMA_VERSION,
            reference: reference.to_string(),
            sent_at: sent_at.to_string(),
            language: crate::base::language().to_string(),
            answers: SentAnswers(sent),
        }
    }
}

/// The body of the POST as JSON text: [`Payload::new`] written by serde_json.
pub fn to_json(reference: &str, sent_at: &str, answers: &Answers) -> String {
    // Text and lists of text always serialise. Not `expect`: formatting serde_json's error for a
    // message that can never show would bring its error texts into the browser's download.
    serde_json::to_string(&Payload::new(reference, sent_at, answers))
        .unwrap_or_else(|_| unreachable!("a payload of text and lists of text always serialises"))
}

#[cfg(not(target_arch = "wasm32"))]
mod read {
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};

    use super::{SentAnswer, SentAnswers};
    use crate::referral::validate::Answers;

    /// A receiver reads the answers in the order sent, and refuses a key given twice rather than
    /// silently keeping one of them.
    impl<'de> Deserialize<'de> for SentAnswers {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Pairs;
            impl<'de> Visitor<'de> for Pairs {
                type Value = SentAnswers;

                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object of answers")
                }

                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SentAnswers, A::Error> {
                    let mut pairs: Vec<(String, SentAnswer)> = Vec::new();
                    while let Some((key, answer)) = map.next_entry::<String, SentAnswer>()? {
                        if pairs.iter().any(|(k, _)| *k == key) {
                            return Err(A::Error::custom(format!("answer `{key}` given twice")));
                        }
                        pairs.push((key, answer));
                    }
                    Ok(SentAnswers(pairs))
                }
            }
            deserializer.deserialize_map(Pairs)
        }
    }

    impl SentAnswers {
        /// The answers as the form stores them (lists comma-separated), for checking them with
        /// the form's own rules.
        pub fn to_answers(&self) -> Answers {
            self.0
                .iter()
                .map(|(key, answer)| {
                    let text = match answer {
                        SentAnswer::Text(text) => text.clone(),
                        SentAnswer::List(items) => items.join(","),
                    };
                    (key.clone(), text)
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn answers_go_in_form_order_with_checkboxes_as_lists_and_unknown_keys_left_out() {
        let given = answers(&[
            ("needs", "bsl,large-print"),
            ("not_a_field", "x"),
            ("referrer", "self"),
        ]);
        let json = to_json("ABCD2345", "2026-11-24T10:00:00.000Z", &given);
        assert_eq!(
            json,
            r#"{"schema":3,"reference":"ABCD2345","sent_at":"2026-11-24T10:00:00.000Z","language":"en","answers":{"referrer":"self","needs":["bsl","large-print"]}}"#
        );
    }

    #[test]
    fn the_payload_says_the_language_the_form_was_filled_in() {
        crate::base::set_language("pa");
        let json = to_json(
            "ABCD2345",
            "2026-11-24T10:00:00.000Z",
            &answers(&[("full_name", "ਹਰਪ੍ਰੀਤ ਕੌਰ")]),
        );
        crate::base::set_language("en");
        assert!(json.contains(r#""language":"pa""#), "{json}");
        assert!(
            json.contains(r#""full_name":"ਹਰਪ੍ਰੀਤ ਕੌਰ""#),
            "as typed: {json}"
        );
    }

    #[test]
    fn text_is_escaped_as_json_needs() {
        let given = answers(&[("help_with", "A \"quote\", a \\ and\na line\u{1}")]);
        let json = to_json("ABCD2345", "2026-11-24T10:00:00.000Z", &given);
        assert!(
            json.contains(r#""help_with":"A \"quote\", a \\ and\na line\u0001""#),
            "{json}"
        );
    }

    #[test]
    fn a_payload_reads_back_as_it_was_sent() {
        let given = answers(&[
            ("referrer", "self"),
            ("help_with", "Leave\nand “tribunals”"),
            ("needs", "interpreter,bsl"),
        ]);
        let sent = Payload::new("ABCD2345", "2026-11-24T10:00:00.000Z", &given);
        let json = to_json("ABCD2345", "2026-11-24T10:00:00.000Z", &given);
        let read: Payload = serde_json::from_str(&json).unwrap();
        assert_eq!(read, sent);
        assert_eq!(read.answers.to_answers(), given);
    }

    #[test]
    fn reading_refuses_unknown_fields_repeated_answers_and_other_types() {
        let answers_json = |answers: &str| {
            format!(
                r#"{{"schema":1,"reference":"ABCD2345","sent_at":"x","language":"en","answers":{answers}}}"#
            )
        };
        assert!(serde_json::from_str::<Payload>(&answers_json("{}")).is_ok());
        for bad in [
            r#"{"schema":1,"reference":"ABCD2345","sent_at":"x","language":"en","answers":{},"extra":1}"#
                .to_string(),
            answers_json(r#"{"referrer":"self","referrer":"other"}"#),
            answers_json(r#"{"referrer":3}"#),
            answers_json(r#"{"needs":["bsl",3]}"#),
            answers_json(r#"["referrer"]"#),
        ] {
            assert!(serde_json::from_str::<Payload>(&bad).is_err(), "{bad}");
        }
    }
}
