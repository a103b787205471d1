//! The local referral receiver: a small HTTP server on loopback that takes referrals as the
//! service's real endpoint would, so the whole form can be tried and tested on one machine.
//!
//! It answers CORS for the site's origin only, checks each payload with the same rules the form
//! uses (`advocacy::referral`), refuses what does not fit (400 with the reason, 413 when too
//! large), ignores a repeated `Idempotency-Key`, appends each referral as one JSON line to a
//! file, and logs a one-line summary without any free text or names.
//!
//! For the browser tests it can also play a failing service: [`Fault`]s are used up one per
//! referral, before it is accepted.

use std::collections::HashSet;
use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use advocacy::referral::form::{Kind, PAGES};
use advocacy::referral::payload::SCHEMA_VERSION;
use advocacy::referral::reference::is_reference;
use advocacy::referral::steps::refused_permission;
use advocacy::referral::validate::{check_all, Answers, Ymd};
use serde_json::Value;

/// The largest body accepted. A full referral with every box at its limit is under 10 KB.
pub const MAX_BODY: usize = 64 * 1024;

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

/// A receiver running on a background thread.
#[derive(Debug, Clone)]
pub struct Receiver {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    options: Options,
    seen: HashSet<String>,
    /// Requests that reached the POST handler, faults included (tests count double taps).
    posts: usize,
}

impl Receiver {
    /// The endpoint to put in `config.json`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/referrals", self.addr)
    }

    /// Lets another origin post (tests learn their site's address after starting this).
    pub fn allow_origin(&self, origin: &str) {
        if let Ok(mut s) = self.state.lock() {
            s.options.origins.push(origin.to_string());
        }
    }

    /// How many POSTs have arrived, whether answered with a fault or not.
    pub fn posts(&self) -> usize {
        self.state.lock().map(|s| s.posts).unwrap_or(0)
    }
}

/// Starts receiving on `addr` (port 0 for any free port). References already in the file count
/// as received, so a retry after a restart is still recognised.
pub fn start(addr: &str, options: Options) -> io::Result<Receiver> {
    let listener = TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    let seen = fs::read_to_string(&options.file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["reference"].as_str().map(String::from))
        .collect();
    let state = Arc::new(Mutex::new(State {
        options,
        seen,
        posts: 0,
    }));
    let shared = state.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = shared.clone();
            thread::spawn(move || {
                let _ = handle(stream, &state);
            });
        }
    });
    Ok(Receiver { addr, state })
}

struct Request {
    method: String,
    path: String,
    origin: Option<String>,
    idempotency_key: Option<String>,
    content_length: usize,
}

fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let mut request = Request {
        method,
        path,
        origin: None,
        idempotency_key: None,
        content_length: 0,
    };
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? <= 2 {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim().to_string();
        match name.trim().to_ascii_lowercase().as_str() {
            "origin" => request.origin = Some(value),
            "idempotency-key" => request.idempotency_key = Some(value),
            "content-length" => request.content_length = value.parse().unwrap_or(usize::MAX),
            _ => {}
        }
    }
    Ok(Some(request))
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(request) = read_request(&mut reader)? else {
        return Ok(());
    };
    let allowed = {
        let s = state.lock().map_err(|_| io::Error::other("poisoned"))?;
        request
            .origin
            .as_ref()
            .filter(|o| s.options.origins.iter().any(|a| a == *o))
            .cloned()
    };
    let mut cors = vec![("Vary", "Origin".to_string())];
    if let Some(origin) = &allowed {
        cors.push(("Access-Control-Allow-Origin", origin.clone()));
        cors.push(("Access-Control-Expose-Headers", "Retry-After".into()));
    }
    if request.method == "OPTIONS" {
        if allowed.is_some() {
            cors.push(("Access-Control-Allow-Methods", "POST".into()));
            cors.push((
                "Access-Control-Allow-Headers",
                "Content-Type, Idempotency-Key".into(),
            ));
            cors.push(("Access-Control-Max-Age", "600".into()));
        }
        return respond(&mut stream, 204, &cors, "");
    }
    if request.method != "POST" || request.path.split('?').next() != Some("/referrals") {
        return respond(
            &mut stream,
            404,
            &cors,
            &reason("POST referrals to /referrals"),
        );
    }
    if request.origin.is_some() && allowed.is_none() {
        return respond(
            &mut stream,
            403,
            &cors,
            &reason("this origin may not send referrals here"),
        );
    }
    if request.content_length > MAX_BODY {
        return respond(
            &mut stream,
            413,
            &cors,
            &reason("the referral is too large"),
        );
    }
    let mut body = vec![0; request.content_length];
    reader.read_exact(&mut body)?;
    let fault = {
        let mut s = state.lock().map_err(|_| io::Error::other("poisoned"))?;
        s.posts += 1;
        (!s.options.faults.is_empty()).then(|| s.options.faults.remove(0))
    };
    match fault {
        Some(Fault::Status(code)) => {
            return respond(&mut stream, code, &cors, &reason("failing on purpose"))
        }
        Some(Fault::Busy(seconds)) => {
            cors.push(("Retry-After", seconds.to_string()));
            return respond(&mut stream, 429, &cors, &reason("busy on purpose"));
        }
        Some(Fault::Drop) => return Ok(()),
        Some(Fault::Delay(wait)) => thread::sleep(wait),
        None => {}
    }
    let text = String::from_utf8_lossy(&body);
    let outcome = accept(&text, request.idempotency_key.as_deref(), today());
    let mut s = state.lock().map_err(|_| io::Error::other("poisoned"))?;
    match outcome {
        Err(why) => {
            if s.options.log {
                println!("referral refused: {why}");
            }
            respond(&mut stream, 400, &cors, &reason(&why))
        }
        Ok(accepted) => {
            if !s.seen.insert(accepted.reference.clone()) {
                if s.options.log {
                    println!("referral {} received again: ignored", accepted.reference);
                }
                return respond(&mut stream, 200, &cors, "{\"status\":\"already received\"}");
            }
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&s.options.file)?;
            writeln!(file, "{}", accepted.line)?;
            if s.options.log {
                println!("{}", accepted.summary);
            }
            s.options.log.then(|| io::stdout().flush());
            respond(&mut stream, 201, &cors, "{\"status\":\"received\"}")
        }
    }
}

fn reason(why: &str) -> String {
    serde_json::json!({ "error": why }).to_string()
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, String)],
    body: &str,
) -> io::Result<()> {
    let text = match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        _ => "Error",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {text}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        out.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    stream.write_all(out.as_bytes())
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

/// Checks a payload with the form's own rules: the schema version, a well-formed reference equal
/// to the `Idempotency-Key`, and answers that the form itself would send, exactly (normalised,
/// complete, nothing unknown or out of place, and the person's agreement).
pub fn accept(body: &str, idempotency_key: Option<&str>, today: Ymd) -> Result<Accepted, String> {
    let json: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    let object = json.as_object().ok_or("not a JSON object")?;
    for key in object.keys() {
        if !["schema", "reference", "sent_at", "answers"].contains(&key.as_str()) {
            return Err(format!("unknown field `{key}`"));
        }
    }
    if json["schema"].as_u64() != Some(SCHEMA_VERSION.into()) {
        return Err(format!("`schema` must be {SCHEMA_VERSION}"));
    }
    let reference = json["reference"].as_str().ok_or("no `reference`")?;
    if !is_reference(reference) {
        return Err("`reference` is not a referral reference".into());
    }
    if idempotency_key != Some(reference) {
        return Err("the Idempotency-Key header must equal `reference`".into());
    }
    let sent_at = json["sent_at"].as_str().ok_or("no `sent_at`")?;
    if sent_at.len() < 20 || !sent_at.is_ascii() || sent_at.as_bytes()[10] != b'T' {
        return Err("`sent_at` must be an ISO 8601 time".into());
    }
    let given = json["answers"].as_object().ok_or("no `answers` object")?;
    let mut raw = Answers::new();
    let mut sent = Answers::new();
    for (key, value) in given {
        let field = PAGES
            .iter()
            .flat_map(|p| p.fields.iter())
            .find(|f| f.key == key)
            .ok_or(format!("unknown answer `{key}`"))?;
        let text = match (field.kind, value) {
            (Kind::Checkboxes(_), Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().ok_or(format!("`{key}` must be a list of text")))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            (Kind::Checkboxes(_), _) => return Err(format!("`{key}` must be a list")),
            (_, Value::String(s)) => s.clone(),
            _ => return Err(format!("`{key}` must be text")),
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
        "referral {reference} received: referrer {}, contact by {}, {} answers, help_with {} characters",
        answer("referrer"),
        answer("contact_method"),
        checked.len(),
        answer("help_with").chars().count(),
    );
    Ok(Accepted {
        reference: reference.to_string(),
        line: json.to_string(),
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
