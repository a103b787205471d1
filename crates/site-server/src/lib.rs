//! A small static file server for loopback: `make serve` uses it to show the built site and the
//! browser tests use it to serve the release build.
//!
//! It behaves like a plain static host on purpose: no rewrite rules, `/imha` served from
//! `imha/index.html`, and `404.html` with status 404 for anything else. If the site works here,
//! it works on any static host. Like most hosts it sends a file's brotli copy (`x.br` beside `x`)
//! to browsers that accept it, which `make bench` uses to measure what phones download, and it
//! caches as the generated `_headers` file says: hashed files for a year, everything else
//! checked again each time.
//!
//! [`app`] builds the whole server as an axum [`Router`]; [`serve`] runs it on a listener.

use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt;
use tower_http::services::ServeFile;
use tower_http::set_header::SetResponseHeaderLayer;

/// How long a client may take to send a request's headers, and how long an idle kept-alive
/// connection stays open. A client that never finishes its headers is cut off after this and
/// holds up no one else meanwhile.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// A server running on a background thread for as long as the process lives.
#[derive(Debug, Clone, Copy)]
pub struct RunningServer {
    pub addr: SocketAddr,
}

impl RunningServer {
    /// The base URL, e.g. `http://127.0.0.1:8080`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// How to serve: under which path, with which extra headers, and any files to serve from
/// memory instead of the folder (tests use these to stand in for a deployer's `config.json`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The path the site is served under, e.g. `/advocacy`; "" for the root.
    pub prefix: String,
    /// Sent with every response, e.g. a Content-Security-Policy.
    pub headers: Vec<(String, String)>,
    /// (URL path, body) pairs served before looking in the folder.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Starts serving `root` on `addr` (use port 0 for any free port) in a background thread.
pub fn start(root: impl Into<PathBuf>, addr: &str) -> io::Result<RunningServer> {
    start_with(root, addr, Options::default())
}

/// Like [`start`], with [`Options`].
pub fn start_with(
    root: impl Into<PathBuf>,
    addr: &str,
    options: Options,
) -> io::Result<RunningServer> {
    let listener = std::net::TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let app = app(root.into(), options).map_err(io::Error::other)?;
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
    Ok(RunningServer { addr })
}

/// The whole server: files from memory, then the site folder under its prefix, with the
/// caching and the extra headers on every answer. Fails on a header that is not valid HTTP.
pub fn app(root: PathBuf, options: Options) -> Result<Router, String> {
    let site = get(serve_file).with_state(Arc::new(root));
    let mut router = Router::new();
    for (path, body) in options.files {
        let kind = content_type(Path::new(&path));
        router = router.route(
            &path,
            get(move || async move { ([(header::CONTENT_TYPE, kind)], body) }),
        );
    }
    let prefix = options.prefix.trim_end_matches('/');
    router = if prefix.is_empty() {
        router.fallback_service(site)
    } else {
        // Outside the site's path: the host's own answer, not the site's not-found page.
        router
            .nest_service(prefix, site)
            .fallback(|| async { (StatusCode::NOT_FOUND, "Not found") })
    };
    router = router
        .layer(middleware::from_fn(cache_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("Accept-Encoding"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ));
    for (name, value) in options.headers {
        let name = HeaderName::try_from(name.as_str()).map_err(|e| format!("{name}: {e}"))?;
        let value = HeaderValue::try_from(value.as_str()).map_err(|e| format!("{name}: {e}"))?;
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    Ok(router)
}

/// Answers connections on `listener` until the process ends, each on its own task, so a slow
/// client waits alone. Connections are kept open between requests, as real hosts do: a new
/// connection per file would add a round trip to every request a phone makes.
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
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// One file of the site, found as a plain static host finds it, or `404.html` with status 404.
async fn serve_file(State(root): State<Arc<PathBuf>>, mut request: Request) -> Response {
    let (status, file) = match resolve(&root, request.uri().path()) {
        Some(file) => (StatusCode::OK, file),
        None => {
            // The not-found page is an answer about this address, not a cached copy to check.
            for name in [
                header::IF_MODIFIED_SINCE,
                header::IF_NONE_MATCH,
                header::RANGE,
            ] {
                request.headers_mut().remove(name);
            }
            (
                StatusCode::NOT_FOUND,
                not_found_page(&root, request.uri().path()),
            )
        }
    };
    let Ok(mut response) = ServeFile::new(&file)
        .precompressed_br()
        .oneshot(request)
        .await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    if response.status().is_success() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(&file)),
        );
    }
    response.map(Body::new)
}

/// The `_headers` file's caching rule (`advocacy::deploy`): a file whose name carries a content
/// hash never changes, so it is kept for a year; anything else is checked again each time.
async fn cache_policy(request: Request, next: Next) -> Response {
    let name = request.uri().path().rsplit('/').next().unwrap_or_default();
    let hashed = advocacy::deploy::is_hashed(name);
    let mut response = next.run(request).await;
    let unchanged = response.status() == StatusCode::NOT_MODIFIED;
    let policy = if hashed && (response.status().is_success() || unchanged) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// The file a request path names, as a plain static host would find it; `None` when there is none
/// or the path tries to leave the site folder.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let candidate = root.join(relative);
    if candidate.is_file() {
        return Some(candidate);
    }
    let index = candidate.join("index.html");
    index.is_file().then_some(index)
}

/// The not-found page nearest an address, as Cloudflare Pages finds it: `/pl/no-such-page`
/// gets `pl/404.html` (in Polish), any other address the site's `404.html`.
pub fn not_found_page(root: &Path, target: &str) -> PathBuf {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path).unwrap_or_default();
    let relative = Path::new(decoded.trim_start_matches('/'));
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if safe {
        for folder in relative.ancestors().skip(1) {
            let page = root.join(folder).join("404.html");
            if !folder.as_os_str().is_empty() && page.is_file() {
                return page;
            }
        }
    }
    root.join("404.html")
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The media type for a file; wasm must be `application/wasm` for streaming compilation.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests;
