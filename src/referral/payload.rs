//! The JSON a referral is sent as. Documented in the README and described by
//! `schema/referral.schema.json`, which the tests check every payload against.
//!
//! Written by hand rather than with serde: the format is small and fixed, and leaving
//! serde_json out of the browser keeps the app within its size budget.

use super::form::{Kind, PAGES};
use super::validate::Answers;

/// The payload format version; a receiver refuses versions it does not know.
pub const SCHEMA_VERSION: u32 = 1;

/// The body of the POST: schema version, reference, time sent and every answer, in form order.
/// Checkbox answers are lists; everything else is text.
pub fn to_json(reference: &str, sent_at: &str, answers: &Answers) -> String {
    let mut out = format!(
        "{{\"schema\":{SCHEMA_VERSION},\"reference\":{},\"sent_at\":{},\"answers\":{{",
        quote(reference),
        quote(sent_at)
    );
    let mut first = true;
    for field in PAGES.iter().flat_map(|p| p.fields.iter()) {
        let Some(value) = answers.get(field.key) else {
            continue;
        };
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&quote(field.key));
        out.push(':');
        if matches!(field.kind, Kind::Checkboxes(_)) {
            let items: Vec<String> = value
                .split(',')
                .filter(|v| !v.is_empty())
                .map(quote)
                .collect();
            out.push_str(&format!("[{}]", items.join(",")));
        } else {
            out.push_str(&quote(value));
        }
    }
    out.push_str("}}");
    out
}

/// A JSON string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
