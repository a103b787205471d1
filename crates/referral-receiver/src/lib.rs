//! The referral receiver: a small HTTP server that takes referrals from the form and keeps
//! each one encrypted to the service's public keys, so a stolen disk or a leaked backup reveals
//! nothing. The same code is `make serve`'s local receiver and the one that goes live behind a
//! reverse proxy (README, "Going live").
//!
//! It answers CORS for the site's origins only, checks each payload with the same rules the form
//! uses (`advocacy::referral`), refuses what does not fit with a reason (400 when it is not a
//! referral at all, 422 when its answers do not fit, 413 when too large, 429 when one address
//! sends too many), treats a repeated `Idempotency-Key` as the same referral, and keeps each
//! referral as an age file in the store ([`referrals::Store`]) before it answers 201. Its log is
//! one JSON object a line, with no names, phone numbers or free text.
//!
//! [`app`] builds the whole server as an axum [`Router`]; [`serve_until`] runs it on a listener
//! and stops gracefully. For the browser tests it can also play a failing service: [`Fault`]s
//! are used up one per referral, before it is accepted.

use std::future::Future;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use advocacy::referral::form::{Kind, PAGES};
use advocacy::referral::payload::{SentAnswer, SCHEMA_VERSION};
use advocacy::referral::reference::is_reference;
use advocacy::referral::steps::{refused_permission, too_young_for_service};
use advocacy::referral::validate::{check_all, Answers, Ymd};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use referrals::{Recipients, Store};

/// The store and its keys, for callers that start a receiver and read back what it stored.
pub use referrals;
use serde::Serialize;
use serde_json::{json, Value};
use tower::ServiceExt as _;
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

/// Referrals a minute one client address may send before it is asked to wait (429). A person
/// sends one; a ward's shared PC a few; a script hundreds.
pub const PER_MINUTE: u32 = 10;

/// How long a stopping receiver waits for requests in flight: the longest a request may take.
pub const DRAIN_TIMEOUT: Duration = REQUEST_TIMEOUT;

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

/// Where a client's address comes from, for the rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAddress {
    /// The connection's own address: the receiver faces the internet (or a test).
    Peer,
    /// The last address in `X-Forwarded-For`, which the reverse proxy in front sets: behind a
    /// proxy every connection comes from the proxy. Only when the proxy is the sole way in.
    Forwarded,
}

/// Runs after a referral is safely stored, before it is answered, with the path of its file
/// (tests read back what was stored through it).
#[derive(Clone)]
pub struct AfterStore(pub Arc<dyn Fn(&Path) + Send + Sync>);

impl std::fmt::Debug for AfterStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AfterStore(..)")
    }
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The store folder: one age file per referral, and the index.
    pub store: PathBuf,
    /// The public keys every referral is encrypted to.
    pub recipients: Recipients,
    /// The site's origins, e.g. `http://127.0.0.1:8080`: the only ones allowed to post.
    pub origins: Vec<String>,
    /// Failures to give, one per referral, before accepting.
    pub faults: Vec<Fault>,
    /// Print a line per request and per referral.
    pub log: bool,
    /// Referrals a minute per client address; `None` for no limit.
    pub per_minute: Option<NonZeroU32>,
    /// Where the client's address is read from.
    pub client_address: ClientAddress,
    /// A web address to POST "New referral REF (IMHA)" to; `None` to tell no one.
    pub webhook: Option<String>,
    /// Called once each new referral is on disk.
    pub after_store: Option<AfterStore>,
}

impl Options {
    /// Storing in `store`, encrypted to `recipients`, with the usual limit and nothing else.
    pub fn new(store: PathBuf, recipients: Recipients) -> Options {
        Options {
            store,
            recipients,
            origins: Vec::new(),
            faults: Vec::new(),
            log: false,
            per_minute: NonZeroU32::new(PER_MINUTE),
            client_address: ClientAddress::Peer,
            webhook: None,
            after_store: None,
        }
    }
}

/// What the receiver remembers between requests, shared by every connection.
#[derive(Debug)]
pub struct Inbox {
    options: Options,
    /// The encrypted files, the index and the hashes of keys already taken.
    store: Store,
    /// Requests that reached the POST handler, faults included (tests count double taps).
    posts: usize,
}

/// The [`Inbox`] as the handlers share it.
pub type SharedInbox = Arc<Mutex<Inbox>>;

impl Inbox {
    /// An inbox keeping referrals in `options.store` (made if missing). Keys already taken count
    /// as received, so a retry after a restart is still recognised.
    pub fn open(options: Options) -> io::Result<SharedInbox> {
        let store = Store::open(&options.store)?;
        Ok(Arc::new(Mutex::new(Inbox {
            options,
            store,
            posts: 0,
        })))
    }

    /// Counts a post and takes the next fault to play, if any is left.
    fn next_fault(&mut self) -> Option<Fault> {
        self.posts += 1;
        (!self.options.faults.is_empty()).then(|| self.options.faults.remove(0))
    }

    /// Stores a referral once, encrypted, waiting until it is on disk. `None` if its key was
    /// already taken.
    fn record(&mut self, accepted: &Accepted) -> io::Result<Option<referrals::Saved>> {
        if self.store.has_key(&accepted.reference) {
            return Ok(None);
        }
        let saved = self.store.save(
            &accepted.reference,
            &accepted.reference,
            &accepted.service,
            accepted.line.as_bytes(),
            &self.options.recipients,
        )?;
        if let Some(hook) = &self.options.after_store {
            (hook.0)(&saved.path);
        }
        Ok(Some(saved))
    }

    fn log(&self, event: &str, fields: Value) {
        if self.options.log {
            log_line(event, fields);
        }
    }
}

/// Prints one log line: a JSON object with the time, the event and its fields. Callers pass
/// only references, services, statuses and counts: never a name, a number or free text.
pub fn log_line(event: &str, fields: Value) {
    let mut line =
        json!({ "time": referrals::format_time(referrals::now_seconds()), "event": event });
    if let (Some(line), Value::Object(fields)) = (line.as_object_mut(), fields) {
        line.extend(fields);
    }
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
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
    /// The address it listens on.
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
    let inbox = Inbox::open(options)?;
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

/// The whole receiver: `POST /referrals` behind the rate limit, the size and time limits and the
/// site-only CORS; `GET /health`. Layers are listed from the inside out: the log sees every
/// request first and every answer last, then CORS.
pub fn app(inbox: SharedInbox) -> Router {
    let (per_minute, client_address, log) = {
        let inbox = lock(&inbox);
        let o = &inbox.options;
        (o.per_minute, o.client_address, o.log)
    };
    let limit = Limit {
        limiter: per_minute.map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n)))),
        client_address,
    };
    Router::new()
        .route(
            "/referrals",
            post(receive).route_layer(middleware::from_fn_with_state(limit, rate_limit)),
        )
        .route("/health", get(health))
        .fallback(|| async { Refusal::NotFound })
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::map_response(explain))
        .layer(middleware::from_fn_with_state(inbox.clone(), cors))
        .layer(middleware::from_fn_with_state(log, access_log))
        .with_state(inbox)
}

/// Answers connections on `listener` until the process ends (the tests' receiver).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) {
    serve_until(listener, app, std::future::pending()).await
}

/// Answers connections on `listener`, each on its own task so a slow client waits alone, until
/// `stop` completes; then it takes no new connections, lets every request in flight finish
/// (for up to [`DRAIN_TIMEOUT`]) and returns. One request per connection, as the form sends one
/// referral at a time.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(_) => {
                    // Out of file handles, say: wait rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let app = app
            .clone()
            .map_request(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(Peer(peer));
                request
            });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .title_case_headers(true)
            .keep_alive(false)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await;
}

/// The address a connection comes from, put on each of its requests.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// The rate limit's state: one GCRA bucket per client address (IPv6 by its /64, which one
/// household or phone can change at will).
#[derive(Clone)]
struct Limit {
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    client_address: ClientAddress,
}

/// The address a request is counted against.
fn client_of(request: &Request, from: ClientAddress) -> IpAddr {
    let forwarded = (from == ClientAddress::Forwarded)
        .then(|| request.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse::<IpAddr>().ok());
    let peer = request
        .extensions()
        .get::<Peer>()
        .map(|Peer(addr)| addr.ip());
    match forwarded.or(peer) {
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        Some(v4) => v4,
        None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    }
}

/// Refuses a client over its share with 429 and the seconds to wait; others are not touched.
async fn rate_limit(State(limit): State<Limit>, request: Request, next: Next) -> Response {
    if let Some(limiter) = &limit.limiter {
        let client = client_of(&request, limit.client_address);
        if let Err(not_until) = limiter.check_key(&client) {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Refusal::TooMany(seconds.max(1) as u32).into_response();
        }
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
    }
    next.run(request).await
}

/// One line per request: method, path (only ours), status and time taken. No addresses, no
/// headers, no bodies.
async fn access_log(State(log): State<bool>, request: Request, next: Next) -> Response {
    if !log {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().to_string();
    let path = match request.uri().path() {
        p @ ("/referrals" | "/health") => p.to_string(),
        _ => "(other)".to_string(),
    };
    let response = next.run(request).await;
    log_line(
        "request",
        json!({
            "method": method,
            "path": path,
            "status": response.status().as_u16(),
            "ms": started.elapsed().as_millis() as u64,
        }),
    );
    response
}

/// `GET /health`: 200 while the store folder is there (for the proxy and monitoring).
async fn health(State(inbox): State<SharedInbox>) -> Response {
    let store = lock(&inbox).options.store.clone();
    if store.is_dir() {
        Json(json!({ "status": "ok" })).into_response()
    } else {
        Refusal::NotSaved.into_response()
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

/// Takes one referral: plays a fault if one is due, checks it, stores it once (encrypted, on
/// disk) and only then answers 201; then, if asked, tells staff without holding up the answer.
async fn receive(
    State(inbox): State<SharedInbox>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Receipt>), Refusal> {
    if !is_json(&headers) {
        return Err(Refusal::NotJson);
    }
    let body = body.map_err(|rejection| Refusal::from_status(rejection.status()))?;
    let payload = parse(&body).map_err(Refusal::NotAReferral)?;
    let fault = lock(&inbox).next_fault();
    match fault {
        Some(Fault::Status(code)) => return Err(Refusal::Failing(code)),
        Some(Fault::Busy(seconds)) => return Err(Refusal::Busy(seconds)),
        Some(Fault::Drop) => return Err(Refusal::Hangup),
        Some(Fault::Delay(wait)) => tokio::time::sleep(wait).await,
        None => {}
    }
    let key = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok());
    let mut accepted = check(payload, key, today()).inspect_err(|why| {
        lock(&inbox).log("refused", json!({ "field": field_named(why) }));
    })?;
    // What is kept is the JSON exactly as it arrived (it parsed, so it is UTF-8).
    accepted.line = String::from_utf8_lossy(&body).into_owned();
    let shared = inbox.clone();
    let stored = tokio::task::spawn_blocking(move || {
        let mut inbox = lock(&shared);
        let stored = inbox.record(&accepted);
        match &stored {
            Ok(Some(_)) => {
                inbox.log(
                    "stored",
                    json!({ "reference": accepted.reference, "service": accepted.service, "summary": accepted.summary }),
                );
                if let Some(url) = inbox.options.webhook.clone() {
                    notify(url, &accepted, inbox.options.log);
                }
            }
            Ok(None) => inbox.log("repeat", json!({ "reference": accepted.reference })),
            Err(e) => inbox.log(
                "not-stored",
                json!({ "reference": accepted.reference, "error": e.kind().to_string() }),
            ),
        }
        stored
    })
    .await
    .map_err(|_| Refusal::NotSaved)?;
    match stored? {
        Some(_) => Ok((StatusCode::CREATED, Json(Receipt { status: "received" }))),
        None => {
            let again = Receipt {
                status: "already received",
            };
            Ok((StatusCode::OK, Json(again)))
        }
    }
}

/// Whether the body is marked as JSON (`application/json`, or `application/…+json`).
fn is_json(headers: &HeaderMap) -> bool {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = kind
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads a payload from JSON: 400's reason when it is not JSON or not a referral's shape.
fn parse(body: &[u8]) -> Result<Payload, String> {
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => format!("not a referral: {e}"),
        _ => format!("not JSON: {e}"),
    })
}

/// The answer key a refusal's reason names, if it is one of the form's own (a made-up key or any
/// value is never logged: it could be anything the sender typed).
fn field_named(why: &str) -> Option<&'static str> {
    let named = why.split('`').nth(1)?;
    PAGES
        .iter()
        .flat_map(|p| p.fields.iter())
        .map(|f| f.key)
        .chain(["schema", "reference", "sent_at", "language"])
        .find(|k| *k == named)
}

/// The words staff are sent: the reference and the service, nothing about the person.
pub fn notification(reference: &str, service: &str) -> String {
    let service = match service {
        "imha" => "IMHA",
        "community" => "community advocacy",
        _ => "service not sure",
    };
    format!("New referral {reference} ({service})")
}

/// POSTs `{"text": "New referral REF (IMHA)"}` to the webhook on a thread of its own: the
/// referral is already stored and answered whether or not this arrives.
fn notify(url: String, accepted: &Accepted, log: bool) {
    let text = notification(&accepted.reference, &accepted.service);
    let reference = accepted.reference.clone();
    thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let body = json!({ "text": text }).to_string();
        let sent = agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body.as_str());
        if log {
            match sent {
                Ok(_) => log_line("notified", json!({ "reference": reference })),
                // The error's words may carry the address, which may hold a token: not logged.
                Err(ureq::Error::StatusCode(status)) => log_line(
                    "not-notified",
                    json!({ "reference": reference, "status": status }),
                ),
                Err(_) => log_line(
                    "not-notified",
                    json!({ "reference": reference, "status": "no answer" }),
                ),
            }
        }
    });
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
    /// 429 with `Retry-After` in seconds: this address sent more than its share this minute.
    TooMany(u32),
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
            Refusal::Busy(_) | Refusal::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
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
            Refusal::TooMany(seconds) => {
                format!("Too many referrals from this address: try again in {seconds} seconds.")
            }
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
        if let Refusal::Busy(seconds) | Refusal::TooMany(seconds) = self {
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

/// A referral that fits the model: what is stored, and what may be logged about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The referral's reference, which is also its `Idempotency-Key`.
    pub reference: String,
    /// `imha`, `community` or `not-sure`: for the index and the notification.
    pub service: String,
    /// The payload as JSON, for the store: exactly as received over HTTP (the form sends it on
    /// one line).
    pub line: String,
    /// What the log says: the reference, who referred and how to reply, without free text.
    pub summary: String,
}

/// Reads a payload from JSON text and checks it as [`check`] does: the receiver's rules, in one
/// call, for a body that has not been read yet.
pub fn accept(body: &str, idempotency_key: Option<&str>, today: Ymd) -> Result<Accepted, String> {
    check(parse(body.as_bytes())?, idempotency_key, today)
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
    let language = &payload.language;
    if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err("`language` must be a language code such as \"en\" or \"pl\"".into());
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
        service: answer("service"),
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

/// The calendar date of a day counted from 1970-01-01, as the staff tool's store reckons it.
fn civil_from_days(days: i64) -> Ymd {
    let (y, m, d) = referrals::civil_from_days(days);
    (y as u32, m as u32, d as u32)
}

#[cfg(test)]
mod tests;
