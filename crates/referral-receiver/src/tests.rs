//! The receiver's acceptance and refusals: the model check on payloads, then the HTTP side
//! (CORS, 413, a repeated Idempotency-Key, faults) against a running receiver.

use std::io::{Read, Write};
use std::net::TcpStream;

use advocacy::referral::payload::to_json;
use advocacy::referral::validate::{check_all, Answers};

use super::*;

const TODAY: Ymd = (2026, 11, 24);
const REF: &str = "ABCD2345";

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A complete referral by a professional, as typed.
fn typed() -> Answers {
    answers(&[
        ("referrer", "professional"),
        ("referrer_name", "Sam Patel"),
        ("referrer_role", "ward-staff"),
        ("referrer_organisation", "Priority House"),
        ("referrer_email", "Sam.Patel@NHS.net"),
        ("permission", "yes"),
        ("full_name", "Seán O'Brien"),
        ("date_of_birth.day", "7"),
        ("date_of_birth.month", "3"),
        ("date_of_birth.year", "1990"),
        ("area", "Maidstone"),
        ("in_hospital", "no"),
        ("contact_method", "ward-staff"),
        ("help_with", "A tribunal\non Friday"),
        ("needs", "bsl"),
        ("consent", "yes"),
    ])
}

fn payload(typed: &Answers) -> String {
    to_json(
        REF,
        "2026-11-24T10:00:00.000Z",
        &check_all(typed, TODAY).unwrap(),
    )
}

fn edit(body: &str, f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(body).unwrap();
    f(&mut v);
    v.to_string()
}

#[test]
fn a_referral_the_form_would_send_is_accepted_and_summarised_without_free_text() {
    let body = payload(&typed());
    let accepted = accept(&body, Some(REF), TODAY).unwrap();
    assert_eq!(accepted.reference, REF);
    assert_eq!(
        serde_json::from_str::<Value>(&accepted.line).unwrap(),
        serde_json::from_str::<Value>(&body).unwrap()
    );
    assert!(!accepted.line.contains('\n'), "one line per referral");
    assert!(accepted.summary.contains(REF), "{}", accepted.summary);
    for private in ["Seán", "O'Brien", "Sam", "tribunal", "Priority", "nhs.net"] {
        assert!(
            !accepted
                .summary
                .to_lowercase()
                .contains(&private.to_lowercase()),
            "{}",
            accepted.summary
        );
    }
}

#[test]
fn payloads_that_do_not_fit_the_model_are_refused_with_a_reason() {
    let good = payload(&typed());
    let cases: Vec<(String, Option<&str>, &str)> = vec![
        ("not json".into(), Some(REF), "not JSON"),
        (edit(&good, |v| v["schema"] = 2.into()), Some(REF), "schema"),
        (good.clone(), Some("WXYZ2345"), "Idempotency-Key"),
        (good.clone(), None, "Idempotency-Key"),
        (
            edit(&good, |v| v["reference"] = "ABCD0OI1".into()),
            Some("ABCD0OI1"),
            "reference",
        ),
        (
            edit(&good, |v| v["sent_at"] = "yesterday".into()),
            Some(REF),
            "sent_at",
        ),
        (
            edit(&good, |v| v["extra"] = 1.into()),
            Some(REF),
            "unknown field",
        ),
        (
            edit(&good, |v| v["answers"]["shoe_size"] = "9".into()),
            Some(REF),
            "unknown answer",
        ),
        (
            edit(&good, |v| {
                v["answers"].as_object_mut().unwrap().remove("full_name");
            }),
            Some(REF),
            "full_name",
        ),
        (
            edit(&good, |v| v["answers"]["full_name"] = "R2D2".into()),
            Some(REF),
            "full_name",
        ),
        (
            edit(&good, |v| {
                v["answers"]["referrer_email"] = "Sam.Patel@NHS.NET".into()
            }),
            Some(REF),
            "not as the form sends it",
        ),
        (
            edit(&good, |v| {
                v["answers"]["full_name"] = "  Seán O'Brien ".into()
            }),
            Some(REF),
            "not as the form sends it",
        ),
        (
            edit(&good, |v| v["answers"]["hospital"] = "Somewhere".into()),
            Some(REF),
            "does not apply",
        ),
        (
            edit(&good, |v| v["answers"]["permission"] = "no".into()),
            Some(REF),
            "not agreed",
        ),
        (
            edit(&good, |v| v["answers"]["needs"] = "bsl".into()),
            Some(REF),
            "must be a list",
        ),
        (
            edit(&good, |v| v["answers"]["date_of_birth"] = "7/3/1990".into()),
            Some(REF),
            "YYYY-MM-DD",
        ),
        (
            edit(&good, |v| {
                v["answers"]["date_of_birth"] = "2099-01-01".into()
            }),
            Some(REF),
            "date_of_birth",
        ),
        (
            edit(&good, |v| v["answers"]["help_with"] = "x\u{202e}y".into()),
            Some(REF),
            "help_with",
        ),
        (
            edit(&good, |v| {
                v["answers"]["help_with"] = "x".repeat(2001).into()
            }),
            Some(REF),
            "help_with",
        ),
    ];
    for (body, key, reason) in cases {
        match accept(&body, key, TODAY) {
            Err(why) => assert!(
                why.contains(reason),
                "{body}: said {why:?}, expected {reason:?}"
            ),
            Ok(_) => panic!("accepted {body}"),
        }
    }
}

#[test]
fn dates_from_day_numbers() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(20_416), (2025, 11, 24));
    assert_eq!(civil_from_days(11_016), (2000, 2, 29));
}

/// Sends a raw HTTP request and returns the status line and the whole response.
fn raw(addr: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, out)
}

fn post(addr: SocketAddr, origin: &str, key: &str, body: &str) -> (u16, String) {
    raw(
        addr,
        &format!(
            "POST /referrals HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn receiver(faults: Vec<Fault>) -> (Receiver, PathBuf) {
    let file = std::env::temp_dir().join(format!(
        "receiver-test-{}-{:?}.jsonl",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = fs::remove_file(&file);
    let options = Options {
        file: file.clone(),
        origins: vec!["http://127.0.0.1:8080".into()],
        faults,
        log: false,
    };
    (start("127.0.0.1:0", options).unwrap(), file)
}

#[test]
fn cors_is_answered_for_the_site_only() {
    let (r, _) = receiver(vec![]);
    let (status, text) = raw(r.addr, "OPTIONS /referrals HTTP/1.1\r\nOrigin: http://127.0.0.1:8080\r\nAccess-Control-Request-Method: POST\r\n\r\n");
    assert_eq!(status, 204);
    assert!(
        text.contains("Access-Control-Allow-Origin: http://127.0.0.1:8080"),
        "{text}"
    );
    assert!(
        text.contains("Access-Control-Allow-Headers: Content-Type, Idempotency-Key"),
        "{text}"
    );
    let (_, text) = raw(
        r.addr,
        "OPTIONS /referrals HTTP/1.1\r\nOrigin: http://evil.example\r\n\r\n",
    );
    assert!(!text.contains("Access-Control-Allow-Origin"), "{text}");
    let (status, _) = post(r.addr, "http://evil.example", REF, &payload(&typed()));
    assert_eq!(status, 403);
    assert_eq!(r.posts(), 0);
}

#[test]
fn each_referral_is_one_line_once_however_often_it_is_sent() {
    let (r, file) = receiver(vec![]);
    let body = payload(&typed());
    let (status, text) = post(r.addr, "http://127.0.0.1:8080", REF, &body);
    assert_eq!(status, 201, "{text}");
    assert!(
        text.contains("Access-Control-Allow-Origin: http://127.0.0.1:8080"),
        "{text}"
    );
    let (status, _) = post(r.addr, "http://127.0.0.1:8080", REF, &body);
    assert_eq!(status, 200);
    let lines: Vec<String> = fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        serde_json::from_str::<Value>(&lines[0]).unwrap(),
        serde_json::from_str::<Value>(&body).unwrap()
    );
    // A receiver started again on the same file still knows the reference.
    let again = start(
        "127.0.0.1:0",
        Options {
            file: file.clone(),
            origins: vec!["http://127.0.0.1:8080".into()],
            faults: vec![],
            log: false,
        },
    )
    .unwrap();
    assert_eq!(post(again.addr, "http://127.0.0.1:8080", REF, &body).0, 200);
    assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 1);
}

#[test]
fn refusals_over_http() {
    let (r, file) = receiver(vec![]);
    let (status, text) = post(r.addr, "http://127.0.0.1:8080", REF, "{\"schema\":1}");
    assert_eq!(status, 400);
    assert!(text.contains("\"error\""), "{text}");
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_BODY));
    assert_eq!(post(r.addr, "http://127.0.0.1:8080", REF, &big).0, 413);
    assert!(!file.exists() || fs::read_to_string(&file).unwrap().is_empty());
}

#[test]
fn faults_are_used_up_one_per_referral() {
    let (r, file) = receiver(vec![Fault::Status(500), Fault::Busy(7), Fault::Drop]);
    let body = payload(&typed());
    let origin = "http://127.0.0.1:8080";
    assert_eq!(post(r.addr, origin, REF, &body).0, 500);
    let (status, text) = post(r.addr, origin, REF, &body);
    assert_eq!(status, 429);
    assert!(
        text.contains("Retry-After: 7")
            && text.contains("Access-Control-Expose-Headers: Retry-After"),
        "{text}"
    );
    assert_eq!(
        post(r.addr, origin, REF, &body).0,
        0,
        "dropped without an answer"
    );
    assert_eq!(post(r.addr, origin, REF, &body).0, 201);
    assert_eq!(r.posts(), 4);
    assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 1);
}
