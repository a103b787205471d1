//! The receiver's acceptance and refusals: the model check on payloads, then the HTTP side
//! (CORS, 413, a repeated Idempotency-Key, faults) against a running receiver.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use advocacy::referral::payload::to_json;
use advocacy::referral::validate::{check_all, Answers};
use serde_json::Value;

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
        ("service", "community"),
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
        (edit(&good, |v| v["schema"] = 1.into()), Some(REF), "schema"),
        (
            edit(&good, |v| v["answers"]["service"] = "both".into()),
            Some(REF),
            "`service` NotAChoice",
        ),
        (
            edit(&good, |v| {
                v["answers"].as_object_mut().unwrap().remove("service");
            }),
            Some(REF),
            "`service` Missing",
        ),
        (
            edit(&good, |v| {
                v["answers"]["date_of_birth"] = "2010-01-01".into()
            }),
            Some(REF),
            "under 18",
        ),
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

/// A complete IMHA referral by ward staff, as typed: whether the person knows, not permission.
fn typed_imha() -> Answers {
    let mut a = typed();
    for (k, v) in [
        ("service", "imha"),
        ("permission", ""),
        ("person_knows", "no"),
        ("date_of_birth.year", "2010"),
        ("in_hospital", "yes"),
        ("hospital", "Priority House"),
        ("ward", "Willow Ward"),
        ("situation", "detained"),
        ("section", "3"),
        ("safety", "yes"),
        ("safety_details", "Meet in the family room"),
        ("coming_up", "Tribunal on 3 December"),
    ] {
        a.insert(k.into(), v.into());
    }
    a
}

#[test]
fn the_language_must_be_a_language_code() {
    let good = payload(&typed_imha());
    for bad in ["", "polish", "PL", "p1", "<b>"] {
        let body = good.replace("\"language\":\"en\"", &format!("\"language\":\"{bad}\""));
        assert_ne!(body, good);
        let why = accept(&body, Some(REF), TODAY).unwrap_err();
        assert!(why.contains("`language`"), "{bad}: {why}");
    }
    let polish = good.replace("\"language\":\"en\"", "\"language\":\"pl\"");
    assert!(accept(&polish, Some(REF), TODAY).is_ok());
}

#[test]
fn an_imha_referral_is_accepted_and_its_rules_are_kept() {
    let good = payload(&typed_imha());
    let accepted = accept(&good, Some(REF), TODAY).unwrap();
    assert!(
        accepted.summary.contains("service imha"),
        "{}",
        accepted.summary
    );
    assert!(!accepted.summary.contains("family room"));
    let line: Value = serde_json::from_str(&accepted.line).unwrap();
    assert_eq!(line["schema"], 3);
    assert_eq!(
        line["language"], "en",
        "the language the form was filled in"
    );
    assert_eq!(line["answers"]["section"], "3");
    assert_eq!(
        line["answers"]["date_of_birth"], "2010-03-07",
        "IMHA has no age limit"
    );
    for (why, body, reason) in [
        (
            "no ward",
            edit(&good, |v| {
                v["answers"].as_object_mut().unwrap().remove("ward");
            }),
            "`ward` Missing",
        ),
        (
            "no safety details",
            edit(&good, |v| {
                v["answers"]
                    .as_object_mut()
                    .unwrap()
                    .remove("safety_details");
            }),
            "`safety_details` Missing",
        ),
        (
            "an unknown section",
            edit(&good, |v| v["answers"]["section"] = "99".into()),
            "`section` NotAChoice",
        ),
        (
            "permission instead of person_knows",
            edit(&good, |v| {
                v["answers"].as_object_mut().unwrap().remove("person_knows");
                v["answers"]["permission"] = "yes".into();
            }),
            "person_knows",
        ),
    ] {
        match accept(&body, Some(REF), TODAY) {
            Err(said) => assert!(said.contains(reason), "{why}: said {said:?}"),
            Ok(_) => panic!("{why}: accepted {body}"),
        }
    }
}

#[tokio::test]
async fn a_body_breaking_the_rules_is_422_with_a_clear_error_and_nothing_is_stored() {
    let (inbox, file) = inbox();
    let json = [
        ("content-type", "application/json"),
        ("idempotency-key", REF),
        ("origin", SITE),
    ];
    let good = payload(&typed_imha());
    for (bad, says) in [
        (
            edit(&good, |v| v["answers"]["service"] = "both".into()),
            "service",
        ),
        (
            edit(&good, |v| {
                v["answers"].as_object_mut().unwrap().remove("service");
            }),
            "service",
        ),
        (
            edit(&good, |v| {
                v["answers"].as_object_mut().unwrap().remove("situation");
            }),
            "situation",
        ),
    ] {
        let (status, _, body) = call(&inbox, "POST", "/referrals", &json, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(sentence(&body).contains(says), "{body}");
        assert!(!file.exists(), "nothing refused is stored");
    }
    let (status, _, _) = call(&inbox, "POST", "/referrals", &json, good).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 1);
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
    let mut options = fresh_store(&file);
    options.origins = vec!["http://127.0.0.1:8080".into()];
    options.faults = faults;
    (start("127.0.0.1:0", options).unwrap(), file)
}

/// A fresh store for a test, encrypted to a new test key, with its read-back file `file`: each
/// referral the receiver stores is opened there and then with the test's key and added to
/// `file` as one JSON line. So `file` holds exactly what can be decrypted from the store, and
/// the tests' assertions on it read what was stored.
fn fresh_store(file: &Path) -> Options {
    let _ = fs::remove_file(file);
    let _ = fs::remove_dir_all(file.with_extension("store"));
    let key = referrals::KeyPair::generate();
    fs::write(
        file.with_extension("key"),
        referrals::private_key_text(&key),
    )
    .unwrap();
    options_for(file)
}

/// The options of the store behind the read-back file `file` (to start a receiver again on it).
fn options_for(file: &Path) -> Options {
    let text = fs::read_to_string(file.with_extension("key")).unwrap();
    let key: referrals::KeyPair = text.trim().parse().unwrap();
    let recipients = referrals::Recipients::new(vec![key.to_public()]);
    let identities = referrals::Identities::from_key(key);
    let read_back = file.to_path_buf();
    let mut options = Options::new(file.with_extension("store"), recipients);
    options.after_store = Some(AfterStore(Arc::new(move |stored: &Path| {
        let json = identities
            .decrypt(&fs::read(stored).unwrap())
            .expect("the test key opens what was stored");
        let mut line = String::from_utf8(json).unwrap();
        line.push('\n');
        let mut out = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&read_back)
            .unwrap();
        out.write_all(line.as_bytes()).unwrap();
    })));
    options
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
    let again = start("127.0.0.1:0", {
        let mut options = options_for(&file);
        options.origins = vec!["http://127.0.0.1:8080".into()];
        options
    })
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

/// One request straight through `app()`, without a socket.
async fn call(
    inbox: &SharedInbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: String,
) -> (StatusCode, HeaderMap, Value) {
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(axum::body::Body::from(body)).unwrap();
    let response = app(inbox.clone()).oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (parts.status, parts.headers, json)
}

const SITE: &str = "http://127.0.0.1:8080";

fn inbox() -> (SharedInbox, PathBuf) {
    let file = std::env::temp_dir().join(format!(
        "receiver-app-test-{}-{:?}.jsonl",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut options = fresh_store(&file);
    options.origins = vec![SITE.into()];
    (Inbox::open(options).unwrap(), file)
}

/// A refusal's one shape: a sentence under `error`, and nothing else.
fn sentence(body: &Value) -> &str {
    let text = body["error"].as_str().unwrap_or_else(|| panic!("{body}"));
    assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
    assert!(text.len() > 10 && text.contains(' '), "{text:?}");
    text
}

#[tokio::test]
async fn every_refusal_through_the_app_has_one_shape_and_its_own_status() {
    let (inbox, file) = inbox();
    let json = [
        ("content-type", "application/json"),
        ("idempotency-key", REF),
        ("origin", SITE),
    ];
    let good = payload(&typed());

    let unfit = edit(&good, |v| v["answers"]["full_name"] = "R2D2".into());
    let (status, headers, body) = call(&inbox, "POST", "/referrals", &json, unfit).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sentence(&body).contains("full_name"), "{body}");
    assert_eq!(headers["access-control-allow-origin"], SITE);

    let (status, _, body) =
        call(&inbox, "POST", "/referrals", &json, "{\"schema\":1}".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(sentence(&body).contains("reference"), "{body}");

    let plain = [("content-type", "text/plain"), ("idempotency-key", REF)];
    let (status, _, body) = call(&inbox, "POST", "/referrals", &plain, good.clone()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    sentence(&body);

    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_BODY));
    let (status, _, body) = call(&inbox, "POST", "/referrals", &json, big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    sentence(&body);

    let (status, _, body) = call(&inbox, "GET", "/referrals", &[], String::new()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    sentence(&body);

    let (status, _, body) = call(&inbox, "POST", "/elsewhere", &json, good.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    sentence(&body);

    let other = [
        ("content-type", "application/json"),
        ("origin", "http://evil.example"),
    ];
    let (status, _, body) = call(&inbox, "POST", "/referrals", &other, good.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    sentence(&body);

    assert!(!file.exists(), "nothing refused is written");
    let (status, _, body) = call(&inbox, "POST", "/referrals", &json, good).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body, serde_json::json!({ "status": "received" }));
    assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 1);
}

#[tokio::test]
async fn busy_is_429_with_the_wait_in_retry_after() {
    let (inbox, _) = inbox();
    lock(&inbox).options.faults.push(Fault::Busy(30));
    let json = [
        ("content-type", "application/json"),
        ("idempotency-key", REF),
    ];
    let (status, headers, body) =
        call(&inbox, "POST", "/referrals", &json, payload(&typed())).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "30");
    sentence(&body);
}

/// Reads whatever the server sends until it closes the connection.
fn read_all(stream: &mut TcpStream) -> String {
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

#[test]
fn a_request_over_the_size_limit_is_refused_and_the_receiver_carries_on() {
    let (r, file) = receiver(vec![]);
    let big = "a".repeat(MAX_BODY + 1);
    let (status, text) = post(r.addr, "http://127.0.0.1:8080", REF, &big);
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("\"error\""), "{text}");
    assert_eq!(
        post(r.addr, "http://127.0.0.1:8080", REF, &payload(&typed())).0,
        201
    );
    assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 1);
}

#[test]
fn a_malformed_request_line_is_refused_and_the_receiver_carries_on() {
    let (r, _) = receiver(vec![]);
    let (status, text) = raw(r.addr, "POST\x01/referrals HTTP/9\r\n\r\n");
    assert_eq!(status, 400, "{text:?}");
    assert_eq!(
        post(r.addr, "http://127.0.0.1:8080", REF, &payload(&typed())).0,
        201
    );
}

#[test]
fn a_client_that_never_finishes_its_headers_blocks_no_one() {
    let (r, _) = receiver(vec![]);
    let started = std::time::Instant::now();
    let mut slow = TcpStream::connect(r.addr).unwrap();
    slow.write_all(b"POST /referrals HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
        .unwrap();
    // Someone else is answered at once while it dawdles.
    assert_eq!(
        post(r.addr, "http://127.0.0.1:8080", REF, &payload(&typed())).0,
        201
    );
    assert!(started.elapsed() < HEADER_TIMEOUT);
    slow.set_read_timeout(Some(HEADER_TIMEOUT * 3)).unwrap();
    let answer = read_all(&mut slow);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer:?}"
    );
    let waited = started.elapsed();
    assert!(
        waited >= HEADER_TIMEOUT - Duration::from_millis(100) && waited < HEADER_TIMEOUT * 3,
        "cut off after {waited:?}"
    );
    assert_eq!(r.posts(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_body_that_never_finishes_is_408_after_the_request_timeout() {
    use futures_util::StreamExt;
    use tower::ServiceExt;
    let (inbox, _) = inbox();
    let half = futures_util::stream::once(async { Ok::<_, io::Error>("{\"schema\":") })
        .chain(futures_util::stream::pending());
    let request = axum::http::Request::post("/referrals")
        .header("content-type", "application/json")
        .header("idempotency-key", REF)
        .body(axum::body::Body::from_stream(half))
        .unwrap();
    let started = tokio::time::Instant::now();
    let response = app(inbox.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(started.elapsed(), REQUEST_TIMEOUT);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    sentence(&serde_json::from_slice(&bytes).unwrap());
    assert_eq!(lock(&inbox).posts, 0);
}

/// A payload like [`payload`], under another reference.
fn payload_as(reference: &str) -> String {
    edit(&payload(&typed()), |v| v["reference"] = reference.into())
}

/// A POST from the client address `from` (any loopback address: Linux answers all of 127/8).
async fn post_from(from: &str, to: SocketAddr, reference: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let mut stream = socket.connect(to).await.unwrap();
    let body = payload_as(reference);
    let request = format!(
        "POST /referrals HTTP/1.1\r\nHost: x\r\nOrigin: {SITE}\r\nContent-Type: application/json\r\nIdempotency-Key: {reference}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eleventh_referral_in_a_minute_from_one_address_waits_and_no_one_else_does() {
    let (r, file) = receiver(vec![]);
    let letters = "ABCDEFGHJK";
    let started = std::time::Instant::now();
    for n in 0..10 {
        let reference = format!("RATE234{}", &letters[n..n + 1]);
        let answer = post_from("127.0.0.2", r.addr, &reference).await;
        assert!(
            answer.starts_with("HTTP/1.1 201"),
            "referral {}: {answer}",
            n + 1
        );
    }
    let answer = post_from("127.0.0.2", r.addr, "RATE2345").await;
    assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
    let wait: u64 = answer
        .lines()
        .find_map(|l| l.strip_prefix("Retry-After: "))
        .unwrap_or_else(|| panic!("no Retry-After: {answer}"))
        .trim()
        .parse()
        .unwrap();
    assert!(
        (1..=6).contains(&wait),
        "one referral's share of a minute: {wait}"
    );
    assert!(
        answer.contains("Access-Control-Expose-Headers: Retry-After"),
        "{answer}"
    );
    assert!(
        answer.contains(&format!("Access-Control-Allow-Origin: {SITE}")),
        "{answer}"
    );
    assert!(answer.contains("Too many referrals"), "{answer}");
    // Another address is served at once, and the busy one still waits.
    let other = std::time::Instant::now();
    let answer = post_from("127.0.0.1", r.addr, "NEXT2345").await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(
        other.elapsed() < Duration::from_secs(2),
        "{:?}",
        other.elapsed()
    );
    assert!(post_from("127.0.0.2", r.addr, "RATE2346")
        .await
        .starts_with("HTTP/1.1 429"));
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "all within the minute"
    );
    assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 11);
}

#[test]
fn the_address_counted_is_the_connection_or_the_proxy_s_last_forwarded_one() {
    let request = |forwarded: Option<&str>| {
        let mut r = axum::http::Request::builder();
        if let Some(f) = forwarded {
            r = r.header("x-forwarded-for", f);
        }
        let mut r = r.body(axum::body::Body::empty()).unwrap();
        r.extensions_mut()
            .insert(Peer("127.0.0.1:5000".parse::<SocketAddr>().unwrap()));
        r
    };
    let peer: IpAddr = "127.0.0.1".parse().unwrap();
    let spoofed = request(Some("1.2.3.4, 203.0.113.9"));
    assert_eq!(client_of(&spoofed, ClientAddress::Peer), peer);
    assert_eq!(
        client_of(&spoofed, ClientAddress::Forwarded),
        "203.0.113.9".parse::<IpAddr>().unwrap(),
        "the address the proxy added, not one the client made up"
    );
    assert_eq!(client_of(&request(None), ClientAddress::Forwarded), peer);
    assert_eq!(
        client_of(
            &request(Some("2001:db8:1:2:aaaa::1")),
            ClientAddress::Forwarded
        ),
        client_of(
            &request(Some("2001:db8:1:2:bbbb::9")),
            ClientAddress::Forwarded
        ),
        "one IPv6 /64 is one client"
    );
}

#[test]
fn health_answers_ok() {
    let (r, _) = receiver(vec![]);
    let (status, text) = raw(r.addr, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("\"status\":\"ok\""), "{text}");
}

/// A loopback web server that takes one request and hands over its body.
fn webhook() -> (String, std::sync::mpsc::Receiver<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (send, got) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = stream.read(&mut buf).unwrap();
            seen.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&seen).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    stream
                        .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
                        .unwrap();
                    send.send(body.to_string()).unwrap();
                    return;
                }
            }
            if n == 0 {
                return;
            }
        }
    });
    (url, got)
}

#[test]
fn staff_are_told_the_reference_and_service_only_and_a_failed_notice_loses_nothing() {
    let (url, got) = webhook();
    let file = std::env::temp_dir().join(format!("receiver-notify-{}.jsonl", std::process::id()));
    let mut options = fresh_store(&file);
    options.origins = vec![SITE.into()];
    options.webhook = Some(url);
    let r = start("127.0.0.1:0", options).unwrap();
    assert_eq!(post(r.addr, SITE, REF, &payload(&typed())).0, 201);
    let body = got.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        serde_json::json!({ "text": "New referral ABCD2345 (community advocacy)" })
    );
    assert_eq!(
        notification("K7QX4M2P", "imha"),
        "New referral K7QX4M2P (IMHA)"
    );

    // A webhook that is not there: the referral is stored and answered as quickly as ever.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let file =
        std::env::temp_dir().join(format!("receiver-notify-down-{}.jsonl", std::process::id()));
    let mut options = fresh_store(&file);
    options.origins = vec![SITE.into()];
    options.webhook = Some(nowhere);
    let r = start("127.0.0.1:0", options).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(post(r.addr, SITE, REF, &payload(&typed())).0, 201);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 1);
}
