//! The referral model: every field's checks, the payload against its JSON Schema, and property
//! tests over hostile and odd text.

use proptest::prelude::*;

use super::form::{field_by_key, page_by_key, Kind, PAGES};
use super::payload::to_json;
use super::validate::{check_all, check_page, check_value, Answers, Problem};

const TODAY: (u32, u32, u32) = (2026, 11, 24);

fn check(key: &str, raw: &str) -> Result<String, Problem> {
    check_value(field_by_key(key).unwrap(), raw, TODAY)
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A complete self-referral with every optional answer too.
fn full_self_referral() -> Answers {
    answers(&[
        ("referrer", "self"),
        ("full_name", "Zoë Nguyễn-Smith"),
        ("known_as", "Zo"),
        ("date_of_birth.day", "7"),
        ("date_of_birth.month", "3"),
        ("date_of_birth.year", "1990"),
        ("area", "Maidstone"),
        ("postcode", "me14 1xx"),
        ("in_hospital", "yes"),
        ("hospital", "Priority House, Maidstone"),
        ("contact_method", "phone"),
        ("contact_phone", "+44 (0)7700 900982"),
        ("safe_to_leave_message", "no"),
        ("best_times", "Mornings"),
        (
            "help_with",
            "My ward round is on Tuesday.\nI want to ask about leave.",
        ),
        ("coming_up", "Tribunal on 3 December"),
        ("needs", "large-print,interpreter"),
        ("interpreter_language", "Polish"),
        ("other_needs", "Please speak slowly"),
        ("consent", "yes"),
    ])
}

#[test]
fn names_in_any_script_are_accepted() {
    for name in [
        "O'Brien",
        "Zoë Nguyễn-Smith",
        "محمد",
        "José María",
        "Nguyễn Văn A",
        "李小龍",
        "St. John",
        "Ngũgĩ wa Thiong’o",
        "Zoe\u{0308}",
    ] {
        assert!(check("full_name", name).is_ok(), "{name}");
    }
    assert_eq!(check("full_name", "  Ann   Lee  ").unwrap(), "Ann Lee");
    for bad in ["Ann <script>", "12345", "R2-D2", "@@", "'"] {
        assert_eq!(check("full_name", bad), Err(Problem::NotAName), "{bad}");
    }
}

#[test]
fn uk_phone_numbers_in_their_usual_forms_are_normalised() {
    for (typed, stored) in [
        ("07700 900982", "+447700900982"),
        ("07700900982", "+447700900982"),
        ("(01622) 123456", "+441622123456"),
        ("+44 7700 900982", "+447700900982"),
        ("+44 (0)7700 900982", "+447700900982"),
        ("0044 1622 123 456", "+441622123456"),
        ("0300 34 35 714", "+443003435714"),
        ("01622-123-456", "+441622123456"),
    ] {
        assert_eq!(
            check("contact_phone", typed).as_deref(),
            Ok(stored),
            "{typed}"
        );
    }
    for bad in [
        "12345",
        "07700 9009821234",
        "+1 202 555 0100",
        "phone me",
        "00 7700 900982",
        "0800",
    ] {
        assert_eq!(
            check("contact_phone", bad),
            Err(Problem::NotAPhone),
            "{bad}"
        );
    }
}

#[test]
fn emails_must_be_plausible() {
    assert_eq!(
        check("contact_email", " Ann@Example.ORG ").as_deref(),
        Ok("Ann@example.org")
    );
    for bad in [
        "ann",
        "ann@",
        "@example.org",
        "ann@example",
        "ann example@x.org",
        "ann@@x.org",
        "ann@x.c0m",
        "a@-x.org",
    ] {
        assert_eq!(
            check("contact_email", bad),
            Err(Problem::NotAnEmail),
            "{bad}"
        );
    }
}

#[test]
fn postcodes_are_normalised() {
    for (typed, stored) in [
        ("me14 1xx", "ME14 1XX"),
        ("DA11AA", "DA1 1AA"),
        ("br8 7aa", "BR8 7AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("gir 0aa", "GIR 0AA"),
    ] {
        assert_eq!(check("postcode", typed).as_deref(), Ok(stored), "{typed}");
    }
    for bad in ["ME14", "12345", "ME14 1X", "ME14 XX1", "M"] {
        assert_eq!(check("postcode", bad), Err(Problem::NotAPostcode), "{bad}");
    }
    assert_eq!(check("postcode", ""), Ok(String::new()), "optional");
}

#[test]
fn control_characters_are_refused_but_lines_in_long_text_are_kept() {
    assert_eq!(
        check("full_name", "Ann\u{0}Lee"),
        Err(Problem::ControlCharacter)
    );
    assert_eq!(
        check("area", "Maid\u{7}stone"),
        Err(Problem::ControlCharacter)
    );
    assert_eq!(
        check("area", "Maid\u{202e}stone"),
        Err(Problem::ControlCharacter)
    );
    assert_eq!(check("area", "Maid\nstone"), Err(Problem::ControlCharacter));
    assert_eq!(
        check("help_with", "line one\r\nline two").as_deref(),
        Ok("line one\nline two")
    );
}

#[test]
fn lengths_are_limited() {
    assert!(check("help_with", &"a".repeat(2000)).is_ok());
    assert_eq!(
        check("help_with", &"a".repeat(2001)),
        Err(Problem::TooLong { max: 2000 })
    );
    assert_eq!(
        check("help_with", &"é".repeat(2000)).map(|v| v.chars().count()),
        Ok(2000),
        "characters, not bytes"
    );
    assert_eq!(
        check("full_name", &"a".repeat(101)),
        Err(Problem::TooLong { max: 100 })
    );
}

#[test]
fn dates_of_birth() {
    let page = page_by_key("person").unwrap();
    let mut a = full_self_referral();
    assert_eq!(
        check_page(page, &a, TODAY)
            .unwrap()
            .get("date_of_birth")
            .unwrap(),
        "1990-03-07"
    );
    for (d, m, y, problem) in [
        ("31", "2", "1990", Problem::NotADate),
        ("29", "2", "2023", Problem::NotADate),
        ("1", "13", "1990", Problem::NotADate),
        ("1", "1", "90", Problem::NotADate),
        ("x", "1", "1990", Problem::NotADate),
        ("25", "11", "2026", Problem::DateInFuture),
        ("", "1", "1990", Problem::IncompleteDate),
    ] {
        a.insert("date_of_birth.day".into(), d.into());
        a.insert("date_of_birth.month".into(), m.into());
        a.insert("date_of_birth.year".into(), y.into());
        let problems = check_page(page, &a, TODAY).unwrap_err();
        assert_eq!(problems, vec![("date_of_birth", problem)], "{d}/{m}/{y}");
    }
    a.insert("date_of_birth.day".into(), "29".into());
    a.insert("date_of_birth.month".into(), "2".into());
    a.insert("date_of_birth.year".into(), "2000".into());
    assert_eq!(
        check_page(page, &a, TODAY)
            .unwrap()
            .get("date_of_birth")
            .unwrap(),
        "2000-02-29"
    );
}

#[test]
fn questions_apply_only_when_their_answers_call_for_them() {
    let mut a = full_self_referral();
    // A self-referral is not asked about the referrer or permission.
    let shown: Vec<&str> = super::validate::pages_shown(&a).map(|p| p.key).collect();
    assert_eq!(
        shown,
        ["who", "person", "contact", "help", "needs", "consent"]
    );
    // Not in hospital: the hospital answer is not needed, and not sent even if typed.
    a.insert("in_hospital".into(), "no".into());
    let checked = check_all(&a, TODAY).unwrap();
    assert!(!checked.contains_key("hospital"));
    // Someone else: their details and the person's permission are asked.
    a.insert("referrer".into(), "someone-else".into());
    let (page, problems) = check_all(&a, TODAY).unwrap_err();
    assert_eq!(page, "referrer");
    assert_eq!(
        problems,
        vec![
            ("referrer_name", Problem::Missing),
            ("referrer_relationship", Problem::Missing),
            ("referrer_phone", Problem::Missing)
        ]
    );
    a.insert("referrer_name".into(), "Ann Lee".into());
    a.insert("referrer_relationship".into(), "Sister".into());
    a.insert("referrer_email".into(), "ann@example.org".into());
    assert_eq!(check_all(&a, TODAY).unwrap_err().0, "permission");
    a.insert("permission".into(), "yes".into());
    assert!(check_all(&a, TODAY).is_ok());
}

#[test]
fn the_contact_detail_must_match_the_way_chosen() {
    let page = page_by_key("contact").unwrap();
    let a = answers(&[("contact_method", "email")]);
    assert_eq!(
        check_page(page, &a, TODAY).unwrap_err(),
        vec![
            ("contact_email", Problem::Missing),
            ("safe_to_leave_message", Problem::Missing)
        ]
    );
    let a = answers(&[("contact_method", "ward-staff")]);
    assert!(
        check_page(page, &a, TODAY).is_ok(),
        "ward staff needs no other detail"
    );
}

#[test]
fn the_payload_carries_every_answer_and_fits_the_schema() {
    let checked = check_all(&full_self_referral(), TODAY).unwrap();
    let json = to_json("ABCD2345", "2026-11-24T10:00:00.000Z", &checked);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["schema"], 1);
    assert_eq!(value["reference"], "ABCD2345");
    assert_eq!(value["answers"]["full_name"], "Zoë Nguyễn-Smith");
    assert_eq!(value["answers"]["contact_phone"], "+447700900982");
    assert_eq!(value["answers"]["postcode"], "ME14 1XX");
    assert_eq!(
        value["answers"]["needs"],
        serde_json::json!(["interpreter", "large-print"])
    );
    assert_eq!(
        value["answers"]["help_with"],
        "My ward round is on Tuesday.\nI want to ask about leave."
    );
    assert_eq!(value["answers"].as_object().unwrap().len(), checked.len());
    schema_errors(&value).unwrap();
}

fn schema_errors(value: &serde_json::Value) -> Result<(), String> {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schema/referral.schema.json"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema is valid");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

#[test]
fn the_schema_refuses_what_the_model_refuses() {
    let checked = check_all(&full_self_referral(), TODAY).unwrap();
    let good: serde_json::Value =
        serde_json::from_str(&to_json("ABCD2345", "2026-11-24T10:00:00Z", &checked)).unwrap();
    for (path, bad) in [
        ("/reference", serde_json::json!("ABCD0OI1")),
        ("/answers/referrer", serde_json::json!("robot")),
        ("/answers/contact_phone", serde_json::json!("07700 900982")),
        ("/schema", serde_json::json!(2)),
    ] {
        let mut v = good.clone();
        *v.pointer_mut(path).unwrap() = bad;
        assert!(schema_errors(&v).is_err(), "{path} should be refused");
    }
}

/// Strings people and robots might type: any Unicode, with extra weight on the awkward parts.
fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \\t\\r\\n'’\"\\\\<>&%{}a-zA-Zéễمحمد李0-9@+().,-]{0,40}",
        Just("\u{202e}\u{0}\u{feff}\u{2028}".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text_in_any_field_is_refused_or_round_trips_through_the_payload(text in odd_text()) {
        for field in PAGES.iter().flat_map(|p| p.fields.iter()) {
            match check_value(field, &text, TODAY) {
                Err(_) => {}
                Ok(value) if value.is_empty() => {}
                Ok(value) => {
                    prop_assert!(value.chars().count() <= field.max);
                    let mut a = Answers::new();
                    a.insert(field.key.to_string(), value.clone());
                    let json = to_json("ABCD2345", "2026-11-24T10:00:00Z", &a);
                    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
                    let back = &parsed["answers"][field.key];
                    let back = match field.kind {
                        Kind::Checkboxes(_) => back.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>().join(","),
                        _ => back.as_str().unwrap().to_string(),
                    };
                    prop_assert_eq!(back, value);
                }
            }
        }
    }

    #[test]
    fn a_whole_form_of_odd_answers_never_panics(values in proptest::collection::vec(odd_text(), 30)) {
        let keys = PAGES.iter().flat_map(|p| p.fields.iter()).map(|f| f.key);
        let a: Answers = keys.zip(values).map(|(k, v)| (k.to_string(), v)).collect();
        let _ = check_all(&a, TODAY);
    }
}
