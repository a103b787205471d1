//! The local referral receiver: a small HTTP server on loopback that takes referrals as the
//! service's real endpoint would, so the whole form can be tried and tested on one machine.
//!
//! It answers CORS for the site's origin only, checks each payload with the same rules the form
//! uses (`advocacy::referral`), refuses what does not fit with a reason (400 when it is not a
//! referral at all, 422 when its answers do not fit, 413 when too large), ignores a repeated
//! `Idempotency-Key`, appends each referral as one JSON line to a file and waits until it is on
//! disk, and logs a one-line summary without any free text or names.
//!
//! [`app`] builds the whole server as an axum [`Router`]; [`serve`] runs it on a listener.
//! For the browser tests it can also play a failing service: [`Fault`]s are used up one per
//! referral, before it is accepted.

use std::collections::HashSet;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use advocacy::referral::form::{Kind, PAGES};
use advocacy::referral::payload::{SentAnswer, SCHEMA_VERSION};
use advocacy::referral::reference::is_reference;
use advocacy::referral::steps::{refused_permission, too_young_for_service};
use advocacy::referral::validate::{check_all, Answers, Ymd};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::Serialize;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The largest body accepted. A full referral with every box at its limit is under 10 KB.
pub const MAX_BODY: usize = 64 * 1024;

/// How long a client may take to send its headers. One that never finishes is cut off after
/// this; meanwhile everyone else is answered as usual.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole request may take, body and answer included: longer than the slowest
/// [`Fault::Delay`] the tests ask for (20 seconds).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A way to fail, for testing what the form does when the service does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status (e.g. 500).
    Status(u16),
    /// 429 Too Many Requests with `Retry-After` in seconds.
    Busy(u32),
    /// Wait this long before answering normally.
    Delay(Duration),
    /// Close the connection without answering.
    Drop,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where referrals are appended, one JSON object per line.
    pub file: PathBuf,
    /// The site's origin, e.g. `http://127.0.0.1:8080`: the only one allowed to post.
    pub origins: Vec<String>,
    /// Failures to give, one per referral, before accepting.
    pub faults: Vec<Fault>,
    /// Print a line per referral.
    pub log: bool,
}

/// What the receiver remembers between requests, shared by every connection.
#[derive(Debug)]
pub struct Inbox {
    options: Options,
    /// References already in the file: a second copy of one is acknowledged, not written.
    seen: HashSet<String>,
    /// Requests that reached the POST handler, faults included (tests count double taps).
    posts: usize,
}

/// The [`Inbox`] as the handlers share it.
pub type SharedInbox = Arc<Mutex<Inbox>>;

impl Inbox {
    /// An inbox writing to `options.file`. References already in the file count as received,
    /// so a retry after a restart is still recognised.
    pub fn open(options: Options) -> SharedInbox {
        let seen = fs::read_to_string(&options.file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<Payload>(l).ok())
            .map(|p| p.reference)
            .collect();
        Arc::new(Mutex::new(Inbox {
            options,
            seen,
            posts: 0,
        }))
    }

    /// Counts a post and takes the next fault to play, if any is left.
    fn next_fault(&mut self) -> Option<Fault> {
        self.posts += 1;
        (!self.options.faults.is_empty()).then(|| self.options.faults.remove(0))
    }

    /// Appends a referral once, waiting until it is on disk. `false` if it was already there.
    fn record(&mut self, accepted: &Accepted) -> io::Result<bool> {
        if self.seen.contains(&accepted.reference) {
            return Ok(false);
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.options.file)?;
        writeln!(file, "{}", accepted.line)?;
        file.sync_data()?;
        self.seen.insert(accepted.reference.clone());
        Ok(true)
    }

    fn log(&self, line: &str) {
        if self.options.log {
            println!("{line}");
            let _ = io::stdout().flush();
        }
    }
}

fn lock(inbox: &SharedInbox) -> MutexGuard<'_, Inbox> {
    // A panic while holding the lock leaves nothing half-done worth refusing over.
    inbox
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A receiver running on a background thread.
#[derive(Debug, Clone)]
pub struct Receiver {
    pub addr: SocketAddr,
    inbox: SharedInbox,
}

impl Receiver {
    /// The endpoint to put in `config.json`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/referrals", self.addr)
    }

    /// Lets another origin post (tests learn their site's address after starting this).
    pub fn allow_origin(&self, origin: &str) {
        lock(&self.inbox).options.origins.push(origin.to_string());
    }

    /// How many POSTs have arrived, whether answered with a fault or not.
    pub fn posts(&self) -> usize {
        lock(&self.inbox).posts
    }
}

/// Starts receiving on `addr` (port 0 for any free port) in a background thread.
pub fn start(addr: &str, options: Options) -> io::Result<Receiver> {
    let listener = std::net::TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let inbox = Inbox::open(options);
    let app = app(inbox.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    thread::spawn(move || {
        runtime.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                serve(listener, app).await;
            }
        })
    });
    Ok(Receiver { addr, inbox })
}

/// The whole receiver: `POST /referrals`, behind the limits and the site-only CORS.
/// Layers are listed from the inside out: CORS sees every request first and every answer last.
pub fn app(inbox: SharedInbox) -> Router {
    Router::new()
        .route("/referrals", post(receive))
        .fallback(|| async { Refusal::NotFound })
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::map_response(explain))
        .layer(middleware::from_fn_with_state(inbox.clone(), cors))
        .with_state(inbox)
}

/// Answers connections on `listener` until the process ends, each on its own task, so a slow
/// client waits alone. One request per connection, as the form sends one referral at a time.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .title_case_headers(true)
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// A referral as the form sends it: the form's own type, read with serde before the form's own
/// rules check it, so the two ends cannot disagree on its fields.
pub use advocacy::referral::payload::Payload;

/// What the receiver answers a referral it took.
#[derive(Debug, Serialize)]
struct Receipt {
    status: &'static str,
}

/// Takes one referral: plays a fault if one is due, checks it, and writes it once.
async fn receive(
    State(inbox): State<SharedInbox>,
    headers: HeaderMap,
    payload: Result<Json<Payload>, JsonRejection>,
) -> Result<(StatusCode, Json<Receipt>), Refusal> {
    let Json(payload) = payload?;
    let fault = lock(&inbox).next_fault();
    match fault {
        Some(Fault::Status(code)) => return Err(Refusal::Failing(code)),
        Some(Fault::Busy(seconds)) => return Err(Refusal::Busy(seconds)),
        Some(Fault::Drop) => return Err(Refusal::Hangup),
        Some(Fault::Delay(wait)) => tokio::time::sleep(wait).await,
        None => {}
    }
    let key = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok());
    let checked = check(payload, key, today());
    let mut inbox = lock(&inbox);
    let accepted = checked.inspect_err(|why| inbox.log(&format!("referral refused: {why}")))?;
    if inbox.record(&accepted)? {
        inbox.log(&accepted.summary);
        Ok((StatusCode::CREATED, Json(Receipt { status: "received" })))
    } else {
        inbox.log(&format!(
            "referral {} received again: ignored",
            accepted.reference
        ));
        let again = Receipt {
            status: "already received",
        };
        Ok((StatusCode::OK, Json(again)))
    }
}

/// Why a request was not taken. Every refusal has one shape, `{"error": "…"}`, with a sentence a
/// person reading the log or the browser's network panel can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 400: not a referral at all (not JSON, or not the payload's shape).
    NotAReferral(String),
    /// 403: a page on another site tried to post.
    OtherOrigin,
    /// 404: nothing else lives here.
    NotFound,
    /// 405: something other than POST was sent to `/referrals`.
    WrongMethod,
    /// 408: the request took longer than [`REQUEST_TIMEOUT`].
    TooSlow,
    /// 413: more than [`MAX_BODY`] bytes.
    TooLarge,
    /// 415: the body is not marked as JSON.
    NotJson,
    /// 422: a referral, but its answers are not what the form would send.
    DoesNotFit(String),
    /// 429 with `Retry-After` in seconds ([`Fault::Busy`]).
    Busy(u32),
    /// The status of a [`Fault::Status`].
    Failing(u16),
    /// Any other refusal a layer made, known only by its status.
    Other(StatusCode),
    /// No answer at all: the connection is closed ([`Fault::Drop`]).
    Hangup,
    /// 500: the referral could not be saved.
    NotSaved,
}

#[derive(Serialize)]
struct Explanation {
    error: String,
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::NotAReferral(_) => StatusCode::BAD_REQUEST,
            Refusal::OtherOrigin => StatusCode::FORBIDDEN,
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::WrongMethod => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::TooSlow => StatusCode::REQUEST_TIMEOUT,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::DoesNotFit(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Busy(_) => StatusCode::TOO_MANY_REQUESTS,
            Refusal::Failing(code) => {
                StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            Refusal::Other(status) => *status,
            Refusal::Hangup | Refusal::NotSaved => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn sentence(&self) -> String {
        match self {
            Refusal::NotAReferral(why) | Refusal::DoesNotFit(why) => why.clone(),
            Refusal::OtherOrigin => "This origin may not send referrals here.".into(),
            Refusal::NotFound => "Nothing is here: post referrals to /referrals.".into(),
            Refusal::WrongMethod => "Referrals are sent with POST.".into(),
            Refusal::TooSlow => "The request took too long to arrive. Send it again.".into(),
            Refusal::TooLarge => format!("The referral is too large (over {MAX_BODY} bytes)."),
            Refusal::NotJson => {
                "Send the referral as JSON (Content-Type: application/json).".into()
            }
            Refusal::Busy(_) => "Busy on purpose: try again after Retry-After seconds.".into(),
            Refusal::Failing(_) => "Failing on purpose.".into(),
            Refusal::Other(status) => format!(
                "The request was refused ({}).",
                status.canonical_reason().unwrap_or("no reason given")
            ),
            Refusal::Hangup => "Hanging up on purpose.".into(),
            Refusal::NotSaved => "The referral could not be saved. Send it again.".into(),
        }
    }

    /// The refusal a layer meant by a bare status (the timeout's 408, the body limit's 413).
    fn from_status(status: StatusCode) -> Refusal {
        match status {
            StatusCode::METHOD_NOT_ALLOWED => Refusal::WrongMethod,
            StatusCode::REQUEST_TIMEOUT => Refusal::TooSlow,
            StatusCode::PAYLOAD_TOO_LARGE => Refusal::TooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Refusal::NotJson,
            other => Refusal::Other(other),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        if matches!(self, Refusal::Hangup) {
            return hang_up();
        }
        let explanation = Json(Explanation {
            error: self.sentence(),
        });
        let mut response = (self.status(), explanation).into_response();
        if let Refusal::Busy(seconds) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A response whose body fails before a byte is sent: hyper then closes the connection without
/// writing anything, which is what a service that drops the connection looks like.
fn hang_up() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, _>(io::Error::other("hanging up on purpose"))
    });
    Response::new(axum::body::Body::from_stream(failing))
}

impl From<JsonRejection> for Refusal {
    fn from(rejection: JsonRejection) -> Refusal {
        match rejection.status() {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
                Refusal::NotAReferral(rejection.body_text())
            }
            status => Refusal::from_status(status),
        }
    }
}

impl From<String> for Refusal {
    fn from(why: String) -> Refusal {
        Refusal::DoesNotFit(why)
    }
}

impl From<io::Error> for Refusal {
    fn from(_: io::Error) -> Refusal {
        Refusal::NotSaved
    }
}

/// Layers answer some refusals in their own words (an empty 408 from the timeout, a plain-text
/// 413 from the body limit, an empty 405 from the router): this gives them the one JSON shape.
async fn explain(response: Response) -> Response {
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind == "application/json");
    let status = response.status();
    if json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, _) = response.into_parts();
    let mut explained = Refusal::from_status(status).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            explained.headers_mut().insert(name, value.clone());
        }
    }
    explained
}

/// CORS for the site's origins only. A preflight is answered here; a post from a page on any
/// other site is refused before it reaches the handler (browsers would hide the answer anyway).
async fn cors(State(inbox): State<SharedInbox>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let allowed = origin.clone().filter(|o| {
        let inbox = lock(&inbox);
        inbox
            .options
            .origins
            .iter()
            .any(|a| a.as_bytes() == o.as_bytes())
    });
    let mut response = if request.method() == Method::OPTIONS {
        let mut preflight = StatusCode::NO_CONTENT.into_response();
        if allowed.is_some() {
            let headers = preflight.headers_mut();
            let set = |headers: &mut HeaderMap, name, value| {
                headers.insert(name, HeaderValue::from_static(value));
            };
            set(headers, header::ACCESS_CONTROL_ALLOW_METHODS, "POST");
            set(
                headers,
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "Content-Type, Idempotency-Key",
            );
            set(headers, header::ACCESS_CONTROL_MAX_AGE, "600");
        }
        preflight
    } else if origin.is_some() && allowed.is_none() {
        Refusal::OtherOrigin.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        );
    }
    response
}

/// A referral that fits the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub reference: String,
    /// The payload as one line of JSON, for the file.
    pub line: String,
    /// What the log says: the reference, who referred and how to reply, without free text.
    pub summary: String,
}

/// Reads a payload from JSON text and checks it as [`check`] does: the receiver's rules, in one
/// call, for a body that has not been read yet.
pub fn accept(body: &str, idempotency_key: Option<&str>, today: Ymd) -> Result<Accepted, String> {
    let payload: Payload = serde_json::from_str(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => format!("not a referral: {e}"),
        _ => format!("not JSON: {e}"),
    })?;
    check(payload, idempotency_key, today)
}

/// Checks a payload with the form's own rules: the schema version, a well-formed reference equal
/// to the `Idempotency-Key`, and answers that the form itself would send, exactly (normalised,
/// complete, nothing unknown or out of place, and the person's agreement).
pub fn check(
    payload: Payload,
    idempotency_key: Option<&str>,
    today: Ymd,
) -> Result<Accepted, String> {
    if payload.schema != SCHEMA_VERSION {
        return Err(format!("`schema` must be {SCHEMA_VERSION}"));
    }
    let reference = payload.reference.as_str();
    if !is_reference(reference) {
        return Err("`reference` is not a referral reference".into());
    }
    if idempotency_key != Some(reference) {
        return Err("the Idempotency-Key header must equal `reference`".into());
    }
    let sent_at = &payload.sent_at;
    if sent_at.len() < 20 || !sent_at.is_ascii() || sent_at.as_bytes()[10] != b'T' {
        return Err("`sent_at` must be an ISO 8601 time".into());
    }
    let mut raw = Answers::new();
    let mut sent = Answers::new();
    for (key, value) in &payload.answers.0 {
        let field = PAGES
            .iter()
            .flat_map(|p| p.fields.iter())
            .find(|f| f.key == key)
            .ok_or(format!("unknown answer `{key}`"))?;
        // Which of text or a list a key takes depends on its field, so this decides, not serde.
        let text = match (field.kind, value) {
            (Kind::Checkboxes(_), SentAnswer::List(items)) => items.join(","),
            (Kind::Checkboxes(_), SentAnswer::Text(_)) => {
                return Err(format!("`{key}` must be a list"))
            }
            (_, SentAnswer::Text(s)) => s.clone(),
            (_, SentAnswer::List(_)) => return Err(format!("`{key}` must be text")),
        };
        if field.kind == Kind::DateOfBirth {
            let parts: Vec<&str> = text.split('-').collect();
            if let [y, m, d] = parts[..] {
                raw.insert(format!("{key}.day"), d.into());
                raw.insert(format!("{key}.month"), m.into());
                raw.insert(format!("{key}.year"), y.into());
            } else {
                return Err(format!("`{key}` must be a date as YYYY-MM-DD"));
            }
        } else {
            raw.insert(key.clone(), text.clone());
        }
        sent.insert(key.clone(), text);
    }
    let checked = check_all(&raw, today).map_err(|(page, problems)| {
        let (field, problem) = problems
            .first()
            .copied()
            .unwrap_or(("?", advocacy::referral::validate::Problem::Missing));
        format!("answers on the `{page}` page do not fit: `{field}` {problem:?}")
    })?;
    if refused_permission(&raw) {
        return Err("the person has not agreed to the referral".into());
    }
    if too_young_for_service(&raw, today) {
        return Err("community advocacy is for adults: the person is under 18".into());
    }
    for (key, value) in checked.iter() {
        if sent.get(key) != Some(value) {
            return Err(format!(
                "`{key}` is not as the form sends it (expected {value:?})"
            ));
        }
    }
    if checked.len() != sent.len() {
        let extra = sent
            .iter()
            .find(|(k, _)| !checked.contains_key(k))
            .map_or("", |(k, _)| k.as_str());
        return Err(format!("`{extra}` does not apply to these answers"));
    }
    let answer = |k: &str| checked.get(k).map_or("-", String::as_str).to_string();
    let summary = format!(
        "referral {reference} received: service {}, referrer {}, contact by {}, {} answers, help_with {} characters",
        answer("service"),
        answer("referrer"),
        answer("contact_method"),
        checked.len(),
        answer("help_with").chars().count(),
    );
    Ok(Accepted {
        reference: reference.to_string(),
        line: serde_json::to_string(&payload).map_err(|e| e.to_string())?,
        summary,
    })
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Ymd {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    civil_from_days(days)
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> Ymd {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u32, m as u32, d as u32)
}

#[cfg(test)]
mod tests;
