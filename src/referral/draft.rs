//! The referral in progress as it is kept in the tab's own `sessionStorage`, so a reload, a tab
//! the phone discarded, or Back and Forward never lose what was typed. Plain Rust, tested
//! natively; `session.rs` only moves the text in and out of the browser.
//!
//! The stored text is never trusted: its version must be this app's, every key must be a field
//! of the form, every value text of a sane length, the reference well formed, and the draft no
//! older than [`KEEP_FOR_MS`]. Anything else is thrown away whole. The answers that survive are
//! then checked again as if typed, page by page, before the person can move on (`steps.rs`).

use serde::Serialize;

use super::form::{Kind, PAGES};
use super::reference::is_reference;
use super::steps::is_referral_route;
use super::validate::Answers;

/// The `sessionStorage` key the draft is kept under (the only one the app uses).
pub const KEY: &str = "referral-draft";

/// The shape of the stored draft. Raise it whenever the shape or the meaning of a key changes:
/// an app meeting a draft of another version starts fresh and says so, rather than guess.
pub const VERSION: u32 = 1;

/// How long after the last change a draft is kept: 20 hours, as GOV.UK Forms does, so a
/// shared ward computer left open does not keep someone's answers into the next day.
pub const KEEP_FOR_MS: f64 = 20.0 * 60.0 * 60.0 * 1000.0;

/// The longest stored answer accepted: far above any field's limit (the checks then say what is
/// too long, as if typed), but a hand-edited megabyte is refused.
const LONGEST_VALUE: usize = 10_000;

/// What is kept between reloads of the tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Everything typed, as typed.
    pub answers: Answers,
    /// The referral's address when it was last changed, e.g. `/refer/person`.
    pub step: String,
    /// Made on the first try to send and kept, so a retry after a reload is the same referral
    /// (it is the `Idempotency-Key`).
    pub reference: Option<String>,
    /// A send failed for want of a network and must go by itself once the browser is online.
    pub pending: bool,
    /// When the answers last changed, in milliseconds since 1970 (`Date.now()`).
    pub changed_at: f64,
}

/// Why a stored draft was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// Older than [`KEEP_FOR_MS`] (or dated far in the future): deleted without a word.
    Expired,
    /// Not a draft this app can read: another version, corrupt, or edited by hand.
    Unreadable,
}

/// A stored draft as the browser's `JSON.parse` gave it, each part read as the type it must
/// have (`None` where it is missing or of another type), so the rules below need no browser to
/// be tested. Reading it is `session.rs`; judging it is [`decode`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub version: Option<f64>,
    pub changed_at: Option<f64>,
    /// Each `[key, value]` pair; `None` for an entry that is not two pieces of text.
    pub answers: Option<Vec<Option<(String, String)>>>,
    pub step: Option<String>,
    /// `Some(None)` for `null`; `None` when it is neither text nor `null`.
    pub reference: Option<Option<String>>,
    pub pending: Option<bool>,
}

#[derive(Serialize)]
struct Written<'a> {
    version: u32,
    answers: Vec<(&'a str, &'a str)>,
    step: &'a str,
    reference: Option<&'a str>,
    pending: bool,
    /// Whole milliseconds: writing an integer needs no float formatting code in the wasm.
    changed_at: u64,
}

/// The draft as the text to store (written with serde, already in the app for the payload).
pub fn encode(draft: &Draft) -> String {
    let stored = Written {
        version: VERSION,
        answers: draft
            .answers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        step: &draft.step,
        reference: draft.reference.as_deref(),
        pending: draft.pending,
        changed_at: draft.changed_at.max(0.0) as u64,
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// Whether a draft last changed at `changed_at` must be forgotten at `now`. A time far in the
/// future (a clock put back, or an edited draft) counts as expired too.
pub fn expired(changed_at: f64, now: f64) -> bool {
    !changed_at.is_finite() || now - changed_at >= KEEP_FOR_MS || changed_at - now >= KEEP_FOR_MS
}

/// Whether `key` is one the form can hold an answer for: a field, or a part of a date of birth.
fn known_key(key: &str) -> bool {
    PAGES.iter().flat_map(|p| p.fields).any(|f| {
        if f.kind == Kind::DateOfBirth {
            key.strip_prefix(f.key)
                .is_some_and(|part| [".day", ".month", ".year"].contains(&part) || part.is_empty())
        } else {
            key == f.key
        }
    })
}

/// Judges a stored draft (already parsed by the browser) by every rule above.
pub fn decode(stored: Stored, now: f64) -> Result<Draft, Rejected> {
    use Rejected::Unreadable;
    if stored.version != Some(f64::from(VERSION)) {
        return Err(Unreadable);
    }
    let changed_at = stored.changed_at.ok_or(Unreadable)?;
    if expired(changed_at, now) {
        return Err(Rejected::Expired);
    }
    let mut answers = Answers::new();
    for pair in stored.answers.ok_or(Unreadable)? {
        let (key, value) = pair.ok_or(Unreadable)?;
        if !known_key(&key) || value.chars().count() > LONGEST_VALUE || answers.contains_key(&key) {
            return Err(Unreadable);
        }
        answers.insert(key, value);
    }
    let step = stored
        .step
        .filter(|s| is_referral_route(s))
        .ok_or(Unreadable)?;
    let reference = stored.reference.ok_or(Unreadable)?;
    if reference.as_deref().is_some_and(|r| !is_reference(r)) {
        return Err(Unreadable);
    }
    let pending = stored.pending.ok_or(Unreadable)?;
    if pending && reference.is_none() {
        return Err(Unreadable);
    }
    Ok(Draft {
        answers,
        step,
        reference,
        pending,
        changed_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_764_064_800_000.0; // 2025-11-25 10:00 UTC

    /// What `session.rs` reads from the browser's JSON.parse of a stored text, the same way.
    fn parse(text: &str) -> Stored {
        use serde_json::Value;
        let v: Value = serde_json::from_str(text).expect("JSON");
        let text = |v: &Value| v.as_str().map(String::from);
        Stored {
            version: v.get("version").and_then(Value::as_f64),
            changed_at: v.get("changed_at").and_then(Value::as_f64),
            answers: v.get("answers").and_then(Value::as_array).map(|list| {
                list.iter()
                    .map(|pair| match pair.as_array().map(Vec::as_slice) {
                        Some([k, v]) => Some((text(k)?, text(v)?)),
                        _ => None,
                    })
                    .collect()
            }),
            step: v.get("step").and_then(text),
            reference: match v.get("reference") {
                Some(Value::Null) => Some(None),
                Some(Value::String(r)) => Some(Some(r.clone())),
                _ => None,
            },
            pending: v.get("pending").and_then(Value::as_bool),
        }
    }

    fn draft() -> Draft {
        let mut answers = Answers::new();
        for (k, v) in [
            ("referrer", "someone-else"),
            ("full_name", "Zoë \"Zo\" Nguyễn-Smith"),
            ("date_of_birth.day", "7"),
            ("date_of_birth.month", "3"),
            ("date_of_birth.year", "1990"),
            (
                "help_with",
                "Line one.\nLine two, with a \\ and a </script>.",
            ),
            ("needs", "bsl,interpreter"),
        ] {
            answers.insert(k.into(), v.into());
        }
        Draft {
            answers,
            step: "/refer/help".into(),
            reference: Some("K7QX4M2P".into()),
            pending: true,
            changed_at: NOW - 1000.0,
        }
    }

    fn edited(change: impl FnOnce(&mut serde_json::Value)) -> Stored {
        let mut value: serde_json::Value = serde_json::from_str(&encode(&draft())).unwrap();
        change(&mut value);
        parse(&value.to_string())
    }

    #[test]
    fn a_draft_comes_back_exactly() {
        let d = draft();
        assert_eq!(decode(parse(&encode(&d)), NOW), Ok(d.clone()));
        let fresh = Draft {
            answers: Answers::new(),
            step: "/refer/who".into(),
            reference: None,
            pending: false,
            changed_at: NOW,
        };
        assert_eq!(decode(parse(&encode(&fresh)), NOW), Ok(fresh));
    }

    #[test]
    fn the_stored_text_holds_the_version_and_nothing_beyond_the_draft() {
        let v: serde_json::Value = serde_json::from_str(&encode(&draft())).unwrap();
        assert_eq!(v["version"], VERSION);
        let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "answers",
                "changed_at",
                "pending",
                "reference",
                "step",
                "version"
            ]
        );
    }

    #[test]
    fn a_draft_is_kept_for_20_hours_after_the_last_change() {
        let text = encode(&Draft {
            changed_at: NOW,
            ..draft()
        });
        let hour = 60.0 * 60.0 * 1000.0;
        assert!(decode(parse(&text), NOW + 19.9 * hour).is_ok());
        assert_eq!(
            decode(parse(&text), NOW + 20.0 * hour),
            Err(Rejected::Expired)
        );
        assert_eq!(
            decode(parse(&text), NOW + 21.0 * hour),
            Err(Rejected::Expired)
        );
        // A clock put back a day, or a time typed in by hand.
        assert_eq!(
            decode(parse(&text), NOW - 21.0 * hour),
            Err(Rejected::Expired)
        );
        assert!(expired(f64::NAN, NOW));
        assert!(!expired(NOW - hour, NOW));
    }

    #[test]
    fn another_version_is_not_read() {
        for version in [
            serde_json::json!(0),
            serde_json::json!(2),
            serde_json::json!(1.5),
            serde_json::json!("1"),
            serde_json::Value::Null,
        ] {
            let stored = edited(|v| v["version"] = version.clone());
            assert_eq!(decode(stored, NOW), Err(Rejected::Unreadable), "{version}");
        }
        let stored = edited(|v| {
            v.as_object_mut().unwrap().remove("version");
        });
        assert_eq!(decode(stored, NOW), Err(Rejected::Unreadable));
    }

    #[test]
    fn corrupt_or_edited_drafts_are_refused_whole() {
        use serde_json::json;
        type Edit = Box<dyn Fn(&mut serde_json::Value)>;
        let edits: Vec<(&str, Edit)> = vec![
            (
                "unknown key",
                Box::new(|v| v["answers"][0][0] = json!("admin")),
            ),
            ("number value", Box::new(|v| v["answers"][0][1] = json!(3))),
            (
                "pair of three",
                Box::new(|v| v["answers"][0] = json!(["a", "b", "c"])),
            ),
            (
                "answers an object",
                Box::new(|v| v["answers"] = json!({"full_name": "A"})),
            ),
            (
                "twice the same key",
                Box::new(|v| {
                    v["answers"][1] = json!(["referrer", "self"]);
                }),
            ),
            (
                "huge value",
                Box::new(|v| v["answers"][1][1] = json!("x".repeat(10_001))),
            ),
            (
                "unknown date part",
                Box::new(|v| v["answers"][2][0] = json!("date_of_birth.hour")),
            ),
            (
                "step elsewhere",
                Box::new(|v| v["step"] = json!("https://example.org/")),
            ),
            ("step missing", Box::new(|v| v["step"] = json!(null))),
            (
                "reference with 0",
                Box::new(|v| v["reference"] = json!("K7QX4M20")),
            ),
            (
                "reference a number",
                Box::new(|v| v["reference"] = json!(12345678)),
            ),
            (
                "pending without reference",
                Box::new(|v| v["reference"] = json!(null)),
            ),
            (
                "pending as text",
                Box::new(|v| v["pending"] = json!("true")),
            ),
            (
                "time as text",
                Box::new(|v| v["changed_at"] = json!("yesterday")),
            ),
        ];
        for (what, edit) in edits {
            assert_eq!(
                decode(edited(edit), NOW),
                Err(Rejected::Unreadable),
                "{what}"
            );
        }
        for stored in [
            parse("null"),
            parse("[]"),
            parse("\"draft\""),
            parse("{}"),
            parse("42"),
        ] {
            assert_eq!(
                decode(stored.clone(), NOW),
                Err(Rejected::Unreadable),
                "{stored:?}"
            );
        }
    }

    #[test]
    fn values_that_fail_the_checks_are_kept_to_be_checked_as_if_typed() {
        // A radio value that is not an option, or a bad phone, is not trusted: the form's own
        // checks (check_page) find it before the person can go further, as if it was typed.
        let stored = edited(|v| {
            v["answers"][0][1] = serde_json::json!("not-an-option");
        });
        let d = decode(stored, NOW).expect("kept");
        let who = PAGES.iter().find(|p| p.key == "who").unwrap();
        assert!(super::super::validate::check_page(who, &d.answers, (2026, 1, 1)).is_err());
    }
}
