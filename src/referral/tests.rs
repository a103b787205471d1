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
        ("service", "community"),
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
        ["service", "who", "person", "contact", "help", "needs", "consent"]
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
    assert_eq!(value["schema"], 3);
    assert_eq!(value["language"], "en");
    assert_eq!(value["answers"]["service"], "community");
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
        ("/schema", serde_json::json!(1)),
        ("/answers/service", serde_json::json!("both")),
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
    fn a_whole_form_of_odd_answers_never_panics(values in proptest::collection::vec(odd_text(), 45)) {
        let keys = PAGES.iter().flat_map(|p| p.fields.iter()).map(|f| f.key);
        let a: Answers = keys.zip(values).map(|(k, v)| (k.to_string(), v)).collect();
        let _ = check_all(&a, TODAY);
    }
}

/// Letters of every script pass; what is certainly not part of a name does not.
#[test]
fn letters_without_unicode_tables() {
    use super::validate::is_letter;
    for c in [
        'a', 'Z', 'é', 'ß', 'Ø', 'ł', 'ش', 'क', '李', 'ア', 'Ж', 'Ω', 'ğ',
    ] {
        assert!(is_letter(c), "{c}");
    }
    for c in [
        '1', '!', '@', '€', '×', '٣', '→', '😀', '\u{e000}', '\u{200b}', '«',
    ] {
        assert!(!is_letter(c), "{c:?}");
    }
}

mod steps_node_by_node {
    use super::*;
    use crate::referral::steps::*;

    fn show(route: &str, query: &str, a: &Answers) -> Screen {
        screen(route, query, a, true, false, TODAY)
    }

    fn page_of(screen: &Screen) -> &'static str {
        match screen {
            Screen::Questions { page, .. } => page.key,
            other => panic!("not a question page: {other:?}"),
        }
    }

    #[test]
    fn every_address_of_the_referral_is_known_and_nothing_else() {
        for yes in [
            "/refer",
            "/refer/",
            "/refer/who",
            "/refer/consent",
            "/refer/check",
            "/refer/sent",
            "/refer/permission-needed",
        ] {
            assert!(is_referral_route(yes), "{yes}");
        }
        for no in ["/refer/nonsense", "/referral", "/refer/who/extra", "/check"] {
            assert!(!is_referral_route(no), "{no}");
        }
    }

    #[test]
    fn switched_off_every_page_but_the_confirmation_says_so() {
        for route in [
            "/refer",
            "/refer/who",
            "/refer/check",
            "/refer/permission-needed",
        ] {
            assert_eq!(
                screen(route, "", &full_self_referral(), false, false, TODAY),
                Screen::Unavailable,
                "{route}"
            );
        }
        assert_eq!(
            screen("/refer/sent", "", &Answers::new(), false, true, TODAY),
            Screen::Sent
        );
        assert_eq!(
            screen("/refer/sent", "", &Answers::new(), true, false, TODAY),
            Screen::Redirect(START.into())
        );
    }

    #[test]
    fn a_page_reached_too_early_sends_the_person_to_the_first_page_to_answer() {
        let empty = Answers::new();
        assert_eq!(show("/refer", "", &empty), Screen::Start);
        assert_eq!(page_of(&show("/refer/service", "", &empty)), "service");
        for route in [
            "/refer/who",
            "/refer/person",
            "/refer/consent",
            "/refer/check",
            "/refer/nonsense",
        ] {
            let expected = if route.ends_with("nonsense") {
                START
            } else {
                "/refer/service"
            };
            assert_eq!(
                show(route, "", &empty),
                Screen::Redirect(expected.into()),
                "{route}"
            );
        }
        let me = answers(&[("service", "community"), ("referrer", "self")]);
        assert_eq!(page_of(&show("/refer/person", "", &me)), "person");
        // Pages that do not apply to a self-referral pass on to the next one.
        assert_eq!(
            show("/refer/referrer", "", &me),
            Screen::Redirect("/refer/person".into())
        );
        assert_eq!(
            show("/refer/permission", "", &me),
            Screen::Redirect("/refer/person".into())
        );
        assert_eq!(
            show("/refer/contact", "", &me),
            Screen::Redirect("/refer/person".into())
        );
        assert_eq!(
            show("/refer/check", "", &full_self_referral()),
            Screen::Check
        );
    }

    #[test]
    fn without_the_persons_agreement_there_is_no_way_on() {
        let a = answers(&[
            ("service", "community"),
            ("referrer", "someone-else"),
            ("referrer_name", "Ann Lee"),
            ("referrer_relationship", "Friend"),
            ("referrer_email", "ann@example.org"),
            ("permission", "no"),
        ]);
        let permission = page_by_key("permission").unwrap();
        assert_eq!(next(permission, &a, false, TODAY), PERMISSION_NEEDED);
        assert_eq!(
            show("/refer/person", "", &a),
            Screen::Redirect(PERMISSION_NEEDED.into())
        );
        assert_eq!(show(PERMISSION_NEEDED, "", &a), Screen::PermissionNeeded);
        assert!(refused_permission(&a));
        // A self-referral is never asked, so never refused.
        assert!(!refused_permission(&answers(&[
            ("referrer", "self"),
            ("permission", "no")
        ])));
    }

    #[test]
    fn each_page_leads_to_the_next_that_applies_and_back() {
        let me = full_self_referral();
        let order: Vec<&str> = PAGES
            .iter()
            .filter(|p| super::super::validate::applies(p.when, &me))
            .map(|p| p.key)
            .collect();
        assert_eq!(
            order,
            ["service", "who", "person", "contact", "help", "needs", "consent"]
        );
        for pair in order.windows(2) {
            let (page, following) = (page_by_key(pair[0]).unwrap(), page_by_key(pair[1]).unwrap());
            assert_eq!(next(page, &me, false, TODAY), page_route(following));
            assert_eq!(previous(following, &me), page_route(page));
        }
        assert_eq!(
            next(page_by_key("consent").unwrap(), &me, false, TODAY),
            CHECK
        );
        assert_eq!(previous(page_by_key("service").unwrap(), &me), START);
        assert_eq!(last_page(&me), "/refer/consent");
    }

    #[test]
    fn a_change_returns_to_the_check_page_through_any_page_it_makes_necessary() {
        let mut a = full_self_referral();
        let screen = show("/refer/person", "?return=check", &a);
        assert_eq!(
            screen,
            Screen::Questions {
                page: page_by_key("person").unwrap(),
                back: CHECK.into(),
                returning: true
            }
        );
        assert_eq!(next(page_by_key("person").unwrap(), &a, true, TODAY), CHECK);
        // Now someone else refers: their details and the permission are needed first.
        a.insert("referrer".into(), "someone-else".into());
        assert_eq!(
            next(page_by_key("who").unwrap(), &a, true, TODAY),
            "/refer/referrer?return=check"
        );
    }
}

mod screens_as_markup {
    use super::*;
    use crate::referral::screens::{html, send_label, title};
    use crate::referral::sending::Failure;
    use crate::referral::state::Referral;
    use crate::referral::steps::Screen;

    fn questions(key: &str) -> Screen {
        Screen::Questions {
            page: page_by_key(key).unwrap(),
            back: "/refer".into(),
            returning: false,
        }
    }

    #[test]
    fn titles_say_error_first_while_problems_show() {
        assert_eq!(title(&questions("person"), false), "About the person");
        assert_eq!(title(&questions("person"), true), "Error: About the person");
        assert_eq!(title(&Screen::Check, false), "Check your answers");
    }

    #[test]
    fn a_question_page_has_one_h1_a_back_link_and_a_form_that_posts_nowhere_by_itself() {
        let r = Referral::default();
        let page = html(&questions("service"), &r, "/refer/service", TODAY).into_string();
        assert_eq!(page.matches("<h1").count(), 1, "{page}");
        assert!(
            page.starts_with("<a class=\"back-link\" href=\"/refer\">Back</a>"),
            "{page}"
        );
        assert!(page.contains("novalidate data-page=\"service\""), "{page}");
        assert!(
            page.contains("class=\"trap\" aria-hidden=\"true\""),
            "the honeypot is on the first page"
        );
        assert!(page.contains("tabindex=\"-1\""), "and out of the tab order");
        let person = html(&questions("person"), &r, "/refer/person", TODAY).into_string();
        assert_eq!(person.matches("<h1").count(), 1);
        assert!(!person.contains("trap"));
    }

    #[test]
    fn problems_show_on_their_page_only_with_the_summary_first() {
        let r = Referral {
            problems: vec![
                ("full_name", Problem::Missing),
                ("postcode", Problem::NotAPostcode),
            ],
            problems_route: "/refer/person".into(),
            answers: answers(&[("postcode", "<b>x")]),
            ..Referral::default()
        };
        let page = html(&questions("person"), &r, "/refer/person", TODAY).into_string();
        let summary = page.find("error-summary").unwrap();
        assert!(summary < page.find("<form").unwrap());
        assert!(
            page.contains("<a href=\"#full_name\">Enter the person's full name</a>"),
            "{page}"
        );
        assert!(page.contains("<a href=\"#postcode\">"), "{page}");
        assert!(
            page.contains("value=\"&lt;b&gt;x\""),
            "typed text stays, escaped: {page}"
        );
        let elsewhere = html(&questions("person"), &r, "/refer/contact", TODAY).into_string();
        assert!(!elsewhere.contains("error-summary"));
    }

    #[test]
    fn the_check_page_lists_every_answer_with_a_change_link_and_says_why_a_send_failed() {
        let mut r = Referral {
            answers: full_self_referral(),
            ..Referral::default()
        };
        let page = html(&Screen::Check, &r, "/refer/check", TODAY).into_string();
        for shown in [
            "Zoë Nguyễn-Smith",
            "07/03/1990",
            "ME14 1XX",
            "+44 (0)7700 900982",
            "An interpreter\nLarge print",
            "Does the person need anything to communicate with us?",
            "My ward round is on Tuesday.\nI want to ask about leave.",
        ] {
            assert!(page.contains(shown), "{shown}: {page}");
        }
        assert!(
            page.contains("href=\"/refer/person?return=check\""),
            "{page}"
        );
        assert!(
            !page.contains("I agree"),
            "the agreement is not an answer to check"
        );
        assert!(!page.contains("send-failure"));
        assert_eq!(send_label(&r), "Send referral");
        r.failure = Some(Failure::Busy { seconds: 90 });
        let page = html(&Screen::Check, &r, "/refer/check", TODAY).into_string();
        assert!(
            page.contains("Our service is busy. Wait 1 minute, then try again."),
            "{page}"
        );
        assert!(page.contains("href=\"tel:+443003435714\""), "{page}");
        assert_eq!(send_label(&r), "Try again");
        r.sending = true;
        assert_eq!(send_label(&r), "Sending your referral…");
    }

    #[test]
    fn after_sending_only_the_reference_is_kept() {
        let mut r = Referral {
            answers: full_self_referral(),
            reference: Some("ABCD2345".into()),
            ..Referral::default()
        };
        assert!(r.has_unsent_answers());
        r.arrived("ABCD2345".into(), "25 November 2026".into());
        assert!(!r.has_unsent_answers());
        assert!(r.answers.is_empty() && r.reference.is_none());
        let page = html(&Screen::Sent, &r, "/refer/sent", TODAY).into_string();
        assert!(
            page.contains("<strong class=\"reference\">ABCD2345</strong>"),
            "{page}"
        );
        assert!(page.contains("<strong>25 November 2026</strong>"), "{page}");
    }

    #[test]
    fn every_screen_is_valid_markup_with_and_without_problems() {
        use crate::components::markup_checks::{
            assert_ids_hold_together, assert_no_name_on_generic_elements,
        };
        let valid = |page: &str| {
            assert_ids_hold_together(page);
            assert_no_name_on_generic_elements(page);
        };
        for form_page in PAGES {
            let route = format!("/refer/{}", form_page.key);
            let problems = form_page
                .fields
                .iter()
                .map(|f| (f.key, Problem::Missing))
                .collect();
            let with_problems = Referral {
                problems,
                problems_route: route.clone(),
                ..Referral::default()
            };
            for r in [Referral::default(), with_problems] {
                let page = html(&questions(form_page.key), &r, &route, TODAY).into_string();
                valid(&page);
            }
        }
        let mut r = Referral {
            answers: full_self_referral(),
            failure: Some(Failure::Busy { seconds: 90 }),
            ..Referral::default()
        };
        let page = html(&Screen::Check, &r, "/refer/check", TODAY).into_string();
        assert!(page.contains("id=\"send-failure\""), "{page}");
        assert!(page.contains("role=\"alert\""), "{page}");
        valid(&page);
        r.failure = Some(Failure::Offline);
        let page = html(&Screen::Check, &r, "/refer/check", TODAY).into_string();
        assert!(
            page.contains("back online") && page.contains("Try again now"),
            "{page}"
        );
        assert!(page.contains("Clear my answers"), "{page}");
        valid(&page);
        r.arrived("ABCD2345".into(), "25 November 2026".into());
        valid(&html(&Screen::Sent, &r, "/refer/sent", TODAY).into_string());
        for screen in [
            Screen::Start,
            Screen::Unavailable,
            Screen::PermissionNeeded,
            Screen::UnderAge,
            Screen::Clear,
        ] {
            valid(&html(&screen, &r, "/refer", TODAY).into_string());
        }
    }
}

/// Both services, the IMHA questions, who is asked what, the age rule and the checker's link.
mod services {
    use super::*;
    use crate::referral::screens::html;
    use crate::referral::state::Referral;
    use crate::referral::steps::*;
    use crate::referral::validate::pages_shown;

    /// A complete IMHA referral by ward staff for a person detained under section 3.
    fn imha_by_ward_staff() -> Answers {
        answers(&[
            ("service", "imha"),
            ("referrer", "professional"),
            ("referrer_name", "Sam Patel"),
            ("referrer_role", "ward-staff"),
            ("referrer_organisation", "Priority House"),
            ("referrer_phone", "01622 123456"),
            ("person_knows", "no"),
            ("full_name", "Ann Lee"),
            ("area", "Maidstone"),
            ("in_hospital", "yes"),
            ("hospital", "Priority House"),
            ("ward", "Willow Ward"),
            ("situation", "detained"),
            ("section", "3"),
            ("safety", "yes"),
            (
                "safety_details",
                "Meet in the family room.\nNot alone in her bedroom.",
            ),
            ("contact_method", "ward-staff"),
            ("help_with", "Her tribunal."),
            (
                "coming_up",
                "Tribunal on 3 December, ward round every Tuesday",
            ),
            ("consent", "yes"),
        ])
    }

    fn shown(a: &Answers) -> Vec<&'static str> {
        pages_shown(a).map(|p| p.key).collect()
    }

    fn with(base: &Answers, pairs: &[(&str, &str)]) -> Answers {
        let mut a = base.clone();
        for (k, v) in pairs {
            a.insert(k.to_string(), v.to_string());
        }
        a
    }

    #[test]
    fn each_service_and_referrer_sees_its_own_pages() {
        let imha = imha_by_ward_staff();
        assert_eq!(
            shown(&imha),
            [
                "service",
                "who",
                "referrer",
                "knows",
                "person",
                "situation",
                "contact",
                "help",
                "needs",
                "consent"
            ],
            "ward staff asking for an IMHA: whether the person knows, not their permission"
        );
        for role in ["amhp", "responsible-clinician"] {
            let a = with(&imha, &[("referrer_role", role)]);
            assert!(
                shown(&a).contains(&"knows") && !shown(&a).contains(&"permission"),
                "{role}"
            );
        }
        for role in ["care-manager", "other"] {
            let a = with(&imha, &[("referrer_role", role)]);
            assert!(
                !shown(&a).contains(&"knows") && shown(&a).contains(&"permission"),
                "{role}"
            );
        }
        // Community advocacy keeps the permission rule for every referrer.
        let community = with(&imha, &[("service", "community")]);
        assert_eq!(
            shown(&community),
            [
                "service",
                "who",
                "referrer",
                "permission",
                "person",
                "contact",
                "help",
                "needs",
                "consent"
            ]
        );
        // Someone else for an IMHA: the nearest relative is asked whether the person knows.
        let family = with(
            &imha,
            &[
                ("referrer", "someone-else"),
                ("referrer_relationship", "Mother"),
            ],
        );
        assert_eq!(
            check_all(&family, TODAY).unwrap_err(),
            ("referrer", vec![("nearest_relative", Problem::Missing)])
        );
        let nearest = with(&family, &[("nearest_relative", "yes")]);
        assert!(shown(&nearest).contains(&"knows") && !shown(&nearest).contains(&"permission"));
        for not_nearest in ["no", "not-sure"] {
            let a = with(&family, &[("nearest_relative", not_nearest)]);
            assert!(
                shown(&a).contains(&"permission") && !shown(&a).contains(&"knows"),
                "{not_nearest}"
            );
        }
        // A role left over from an earlier answer does not count for someone else.
        let a = with(
            &family,
            &[("nearest_relative", "no"), ("referrer_role", "amhp")],
        );
        assert!(shown(&a).contains(&"permission"));
        // A self-referral for an IMHA: no referrer details, no permission, the IMHA questions.
        let me = with(&imha, &[("referrer", "self")]);
        assert_eq!(
            shown(&me),
            [
                "service",
                "who",
                "person",
                "situation",
                "contact",
                "help",
                "needs",
                "consent"
            ]
        );
        // "Not sure": the IMHA questions only while the person is in hospital.
        let unsure = with(&me, &[("service", "not-sure")]);
        assert!(shown(&unsure).contains(&"situation"));
        let unsure_home = with(&unsure, &[("in_hospital", "no")]);
        assert!(!shown(&unsure_home).contains(&"situation"));
        let checked = check_all(&unsure_home, TODAY).unwrap();
        for gone in [
            "hospital",
            "ward",
            "situation",
            "section",
            "safety",
            "safety_details",
        ] {
            assert!(!checked.contains_key(gone), "{gone} does not apply");
        }
    }

    #[test]
    fn the_imha_questions_are_checked_like_every_other() {
        let imha = imha_by_ward_staff();
        let checked = check_all(&imha, TODAY).unwrap();
        assert_eq!(checked.get("section").unwrap(), "3");
        assert_eq!(checked.get("ward").unwrap(), "Willow Ward");
        assert!(!checked.contains_key("permission"));
        for (key, problem) in [
            ("ward", Problem::Missing),
            ("situation", Problem::Missing),
            ("section", Problem::Missing),
            ("safety", Problem::Missing),
            ("safety_details", Problem::Missing),
            ("person_knows", Problem::Missing),
            ("service", Problem::Missing),
        ] {
            let a = with(&imha, &[(key, "")]);
            let (_, problems) = check_all(&a, TODAY).unwrap_err();
            assert_eq!(problems, vec![(key, problem)], "{key}");
        }
        for (key, bad, problem) in [
            ("service", "both", Problem::NotAChoice),
            ("section", "99", Problem::NotAChoice),
            ("situation", "sectioned", Problem::NotAChoice),
            ("ward", "Ward\u{7}", Problem::ControlCharacter),
            ("safety_details", "a\u{202e}b", Problem::ControlCharacter),
        ] {
            let (_, problems) = check_all(&with(&imha, &[(key, bad)]), TODAY).unwrap_err();
            assert_eq!(problems, vec![(key, problem)], "{key}");
        }
        let long = "x".repeat(1001);
        let (_, problems) =
            check_all(&with(&imha, &[("safety_details", &long)]), TODAY).unwrap_err();
        assert_eq!(
            problems,
            vec![("safety_details", Problem::TooLong { max: 1000 })]
        );
        // No safety worry: no details asked or sent.
        let calm = check_all(&with(&imha, &[("safety", "no")]), TODAY).unwrap();
        assert!(!calm.contains_key("safety_details"));
        // Not detained: no section.
        let cto = check_all(&with(&imha, &[("situation", "cto")]), TODAY).unwrap();
        assert!(!cto.contains_key("section"));
        // A date in the past is fine for "coming up": it is free text.
        assert!(check_all(
            &with(&imha, &[("coming_up", "Tribunal was 3/1/2020")]),
            TODAY
        )
        .is_ok());
    }

    #[test]
    fn the_persons_not_knowing_is_no_reason_to_stop() {
        let imha = imha_by_ward_staff();
        let knows = page_by_key("knows").unwrap();
        assert_eq!(next(knows, &imha, false, TODAY), "/refer/person");
        assert!(!refused_permission(&imha));
        assert_eq!(show_check(&imha), Screen::Check);
    }

    fn show_check(a: &Answers) -> Screen {
        screen(CHECK, "", a, true, false, TODAY)
    }

    #[test]
    fn community_advocacy_for_someone_under_18_gets_an_answer_page_and_imha_has_no_age_limit() {
        let young = with(
            &full_self_referral(),
            &[
                ("date_of_birth.day", "25"),
                ("date_of_birth.month", "11"),
                ("date_of_birth.year", "2008"),
            ],
        );
        let person = page_by_key("person").unwrap();
        assert!(too_young_for_service(&young, TODAY));
        assert_eq!(next(person, &young, false, TODAY), UNDER_18);
        assert_eq!(show_check(&young), Screen::Redirect(UNDER_18.into()));
        assert_eq!(
            screen("/refer/contact", "", &young, true, false, TODAY),
            Screen::Redirect(UNDER_18.into())
        );
        assert_eq!(
            screen(UNDER_18, "", &young, true, false, TODAY),
            Screen::UnderAge
        );
        assert!(is_referral_route(UNDER_18));
        // 18 today is an adult.
        let eighteen = with(&young, &[("date_of_birth.day", "24")]);
        assert!(!too_young_for_service(&eighteen, TODAY));
        assert_eq!(show_check(&eighteen), Screen::Check);
        // No date of birth given: nothing to go on.
        let unknown = with(&young, &[("date_of_birth.year", "")]);
        assert!(!too_young_for_service(
            &with(
                &unknown,
                &[("date_of_birth.day", ""), ("date_of_birth.month", "")]
            ),
            TODAY
        ));
        // IMHA and "not sure": no age limit here.
        for service in ["imha", "not-sure"] {
            let a = with(&young, &[("service", service), ("in_hospital", "no")]);
            assert!(!too_young_for_service(&a, TODAY), "{service}");
            assert_eq!(
                next(person, &a, false, TODAY),
                page_route(
                    page_by_key(if service == "imha" {
                        "situation"
                    } else {
                        "contact"
                    })
                    .unwrap()
                )
            );
        }
        // Changing the service to community from the check page lands on the answer page.
        let imha = with(
            &young,
            &[
                ("service", "imha"),
                ("in_hospital", "no"),
                ("situation", "cto"),
                ("safety", "no"),
            ],
        );
        assert_eq!(show_check(&imha), Screen::Check);
        let changed = with(&imha, &[("service", "community")]);
        assert_eq!(
            next(page_by_key("service").unwrap(), &changed, true, TODAY),
            CHECK
        );
        assert_eq!(show_check(&changed), Screen::Redirect(UNDER_18.into()));
        let page = html(&Screen::UnderAge, &Referral::default(), UNDER_18, TODAY).into_string();
        assert!(page.contains("href=\"tel:+443003435714\""), "{page}");
        assert!(
            !page.contains("error"),
            "an answer page, not an error: {page}"
        );
    }

    #[test]
    fn a_link_from_the_checker_starts_with_its_answers_and_leaves_them_out_of_the_address() {
        let link = answers_from_link(SERVICE, "?service=imha&situation=detained&section=3");
        assert_eq!(
            link,
            answers(&[
                ("service", "imha"),
                ("situation", "detained"),
                ("section", "3")
            ])
        );
        assert_eq!(
            screen(
                SERVICE,
                "?service=imha&situation=detained&section=3",
                &link,
                true,
                false,
                TODAY
            ),
            Screen::Redirect(SERVICE.into()),
            "the address is replaced by the step alone"
        );
        match screen(SERVICE, "", &link, true, false, TODAY) {
            Screen::Questions { page, .. } => assert_eq!(page.key, "service"),
            other => panic!("{other:?}"),
        }
        // Unknown or out-of-place values are left out; the referral still starts.
        assert_eq!(
            answers_from_link(SERVICE, "service=imha&situation=detained&section=99"),
            answers(&[("service", "imha"), ("situation", "detained")])
        );
        assert_eq!(
            answers_from_link(SERVICE, "service=imha&situation=cto&section=3"),
            answers(&[("service", "imha"), ("situation", "cto")])
        );
        assert_eq!(
            answers_from_link(SERVICE, "service=robots&situation=%3Cscript%3E"),
            Answers::new()
        );
        assert_eq!(
            answers_from_link("/refer/who", "service=imha"),
            Answers::new()
        );
        // Every yes page of the checker links here, and the link's answers are taken as they are.
        for (query, expected) in [
            (
                "situation=detained&section=3",
                "/refer/service?service=imha&situation=detained&section=3",
            ),
            ("situation=cto", "/refer/service?service=imha&situation=cto"),
            (
                "situation=informal&s57=yes",
                "/refer/service?service=imha&situation=informal",
            ),
        ] {
            let walk = crate::check::walk::walk(&crate::check::walk::parse_query(query));
            let link = crate::check::pages::referral_link(&walk);
            assert_eq!(link, expected);
            let (route, query) = link.split_once('?').unwrap();
            let taken = answers_from_link(route, query);
            assert_eq!(taken.get("service").unwrap(), "imha");
            assert_eq!(
                taken.get("situation").map(String::as_str),
                walk.answer("situation")
            );
            assert_eq!(
                taken.get("section").map(String::as_str),
                walk.answer("section")
            );
        }
    }

    #[test]
    fn the_forms_situations_and_sections_are_the_checkers() {
        use crate::check::flow::question;
        use crate::referral::form::{SECTIONS, SITUATIONS};
        let values = |key: &str| -> Vec<&str> {
            question(key)
                .unwrap()
                .choices
                .iter()
                .map(|c| c.value)
                .collect()
        };
        assert_eq!(SITUATIONS, values("situation"));
        assert_eq!(SECTIONS, values("section"));
    }

    #[test]
    fn the_check_page_shows_every_new_answer_with_a_change_link() {
        let r = Referral {
            answers: imha_by_ward_staff(),
            ..Referral::default()
        };
        let page = html(&Screen::Check, &r, CHECK, TODAY).into_string();
        for shown in [
            "An Independent Mental Health Advocate (IMHA)",
            "Willow Ward",
            "Detained in hospital under a section",
            "Section 3",
            "Meet in the family room.\nNot alone in her bedroom.",
            "Tribunal on 3 December, ward round every Tuesday",
            "Ward staff",
        ] {
            assert!(page.contains(shown), "{shown}: {page}");
        }
        for page_key in ["service", "knows", "person", "situation", "help"] {
            assert!(
                page.contains(&format!("href=\"/refer/{page_key}?return=check\"")),
                "{page_key}"
            );
        }
    }

    #[test]
    fn the_confirmation_says_what_happens_next_for_the_service_chosen() {
        let mut seen = Vec::new();
        for service in ["imha", "community", "not-sure"] {
            let mut r = Referral {
                answers: with(&imha_by_ward_staff(), &[("service", service)]),
                ..Referral::default()
            };
            r.arrived("ABCD2345".into(), "25 November 2026".into());
            assert!(!r.has_unsent_answers());
            let page = html(&Screen::Sent, &r, SENT, TODAY).into_string();
            let next = crate::referral::text::text(
                "_sent",
                &format!("next_{}", service.replace('-', "_")),
            );
            assert!(page.contains(next), "{service}: {page}");
            seen.push(next);
        }
        seen.dedup();
        assert_eq!(seen.len(), 3, "each service has its own words");
    }

    #[test]
    fn the_schema_takes_both_services_and_refuses_what_breaks_its_rules() {
        let body = |a: &Answers| -> serde_json::Value {
            let checked = check_all(a, TODAY).unwrap();
            serde_json::from_str(&to_json("ABCD2345", "2026-11-24T10:00:00Z", &checked)).unwrap()
        };
        let imha = body(&imha_by_ward_staff());
        assert_eq!(imha["answers"]["service"], "imha");
        assert_eq!(imha["answers"]["section"], "3");
        schema_errors(&imha).unwrap();
        let community = body(&full_self_referral());
        schema_errors(&community).unwrap();
        let unsure = body(&with(
            &imha_by_ward_staff(),
            &[("service", "not-sure"), ("permission", "yes")],
        ));
        assert!(unsure["answers"].get("person_knows").is_none());
        schema_errors(&unsure).unwrap();
        let nearest = body(&with(
            &imha_by_ward_staff(),
            &[
                ("referrer", "someone-else"),
                ("referrer_relationship", "Mother"),
                ("nearest_relative", "yes"),
            ],
        ));
        schema_errors(&nearest).unwrap();
        let remove = |v: &serde_json::Value, key: &str| {
            let mut v = v.clone();
            v["answers"].as_object_mut().unwrap().remove(key);
            v
        };
        let set = |v: &serde_json::Value, key: &str, value: serde_json::Value| {
            let mut v = v.clone();
            v["answers"][key] = value;
            v
        };
        for (why, bad) in [
            ("no service", remove(&imha, "service")),
            ("unknown service", set(&imha, "service", "both".into())),
            ("IMHA without the ward", remove(&imha, "ward")),
            ("IMHA without the situation", remove(&imha, "situation")),
            ("detained without the section", remove(&imha, "section")),
            ("section as a number", set(&imha, "section", 3.into())),
            ("IMHA without safety", remove(&imha, "safety")),
            ("safety without details", remove(&imha, "safety_details")),
            (
                "ward staff for an IMHA without person_knows",
                remove(&imha, "person_knows"),
            ),
            (
                "permission where person_knows is asked",
                set(&imha, "permission", "yes".into()),
            ),
            (
                "community by someone else without permission",
                remove(
                    &body(&with(
                        &imha_by_ward_staff(),
                        &[("service", "community"), ("permission", "yes")],
                    )),
                    "permission",
                ),
            ),
            (
                "IMHA questions on a community referral",
                set(&community, "situation", "detained".into()),
            ),
            (
                "ward on a community referral",
                set(&community, "ward", "Willow".into()),
            ),
            (
                "self-referral with a referrer name",
                set(&community, "referrer_name", "Ann".into()),
            ),
        ] {
            assert!(schema_errors(&bad).is_err(), "{why} should be refused");
        }
    }
}

#[test]
fn devanagari_and_gurmukhi_digits_are_read_in_phones_and_dates() {
    let phone = field_by_key("contact_phone").unwrap();
    assert_eq!(
        check_value(phone, "०७७०० ९००९८२", TODAY).as_deref(),
        Ok("+447700900982")
    );
    assert_eq!(
        check_value(phone, "੦੭੭੦੦ ੯੦੦੯੮੨", TODAY).as_deref(),
        Ok("+447700900982")
    );
    let born = field_by_key("date_of_birth").unwrap();
    assert_eq!(
        check_value(born, "७/३/१९९०", TODAY).as_deref(),
        Ok("1990-03-07")
    );
}
