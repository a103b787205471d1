//! The server as callers use it: how paths resolve, what comes back over a real socket (prefix,
//! headers, files from memory, brotli copies, keep-alive), the caching rule through `app()`
//! itself, and clients that break the protocol or dawdle without stopping anyone else.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use axum::http::Request;

use super::*;

/// A small site in a folder of its own for each test: tests run side by side, and one writing
/// the files while another reads them would see them half written.
fn site() -> PathBuf {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("site-server-test-{}-{n}", std::process::id()));
    fs::create_dir_all(dir.join("imha")).unwrap();
    fs::write(dir.join("index.html"), "home").unwrap();
    fs::write(dir.join("imha/index.html"), "imha").unwrap();
    fs::write(dir.join("app.wasm"), "wasm").unwrap();
    fs::write(dir.join("404.html"), "site not found").unwrap();
    fs::write(dir.join("main-b7c47b183461a055.css"), "css").unwrap();
    dir
}

#[test]
fn resolves_like_a_plain_static_host() {
    let root = site();
    assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
    assert_eq!(resolve(&root, "/imha"), Some(root.join("imha/index.html")));
    assert_eq!(
        resolve(&root, "/imha/?x=1"),
        Some(root.join("imha/index.html"))
    );
    assert_eq!(resolve(&root, "/app.wasm"), Some(root.join("app.wasm")));
    assert_eq!(resolve(&root, "/nowhere"), None);
}

#[test]
fn refuses_to_leave_the_folder() {
    let root = site();
    assert_eq!(resolve(&root, "/../etc/passwd"), None);
    assert_eq!(resolve(&root, "/%2e%2e/etc/passwd"), None);
    assert_eq!(resolve(&root, "/%zz"), None);
}

/// Sends raw bytes on a new connection and reads until the server closes it.
fn exchange(url: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

fn get(url: &str, path: &str, accept_brotli: bool) -> String {
    let host = url.trim_start_matches("http://");
    let encoding = if accept_brotli {
        "Accept-Encoding: gzip, br\r\n"
    } else {
        ""
    };
    exchange(
        url,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{encoding}Connection: close\r\n\r\n"),
    )
}

#[test]
fn serves_under_a_prefix_with_headers_files_and_brotli_copies() {
    let root = site();
    fs::write(root.join("app.wasm.br"), "compressed").unwrap();
    let options = Options {
        prefix: "/advocacy".into(),
        headers: vec![(
            "Content-Security-Policy".into(),
            "default-src 'self'".into(),
        )],
        files: vec![("/advocacy/config.json".into(), b"{\"x\":1}".to_vec())],
    };
    let url = start_with(&root, "127.0.0.1:0", options).unwrap().url();
    let imha = get(&url, "/advocacy/imha", false);
    assert!(
        imha.starts_with("HTTP/1.1 200") && imha.ends_with("imha"),
        "{imha}"
    );
    assert!(
        imha.contains("Content-Security-Policy: default-src 'self'\r\n"),
        "{imha}"
    );
    assert!(get(&url, "/advocacy/", false).ends_with("home"));
    assert!(get(&url, "/advocacy", false).ends_with("home"));
    assert!(get(&url, "/advocacy/config.json", false).ends_with("{\"x\":1}"));
    let missing = get(&url, "/advocacy/nowhere", false);
    assert!(
        missing.starts_with("HTTP/1.1 404") && missing.ends_with("site not found"),
        "{missing}"
    );
    let outside = get(&url, "/imha", false);
    assert!(
        outside.starts_with("HTTP/1.1 404") && !outside.contains("site not found"),
        "{outside}"
    );
    let wasm = get(&url, "/advocacy/app.wasm", true);
    assert!(
        wasm.contains("Content-Encoding: br\r\n") && wasm.ends_with("compressed"),
        "{wasm}"
    );
    assert!(
        wasm.contains("Content-Type: application/wasm\r\n"),
        "{wasm}"
    );
    assert!(get(&url, "/advocacy/app.wasm", false).ends_with("wasm"));
}

#[test]
fn wasm_has_its_media_type() {
    assert_eq!(content_type(Path::new("x_bg.wasm")), "application/wasm");
}

/// One request straight through `app()`, without a socket.
async fn call(app: Router, method: &str, path: &str) -> Response {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .unwrap();
    app.oneshot(request).await.unwrap()
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn caches_as_the_generated_headers_file_says() {
    let policy = advocacy::deploy::security_headers(&advocacy::deploy::Deployment::default());
    let options = Options {
        headers: policy
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect(),
        ..Options::default()
    };
    let app = app(site(), options).unwrap();
    let hashed = call(app.clone(), "GET", "/main-b7c47b183461a055.css").await;
    assert_eq!(hashed.status(), StatusCode::OK);
    assert_eq!(
        header(&hashed, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&hashed, "content-type"), "text/css; charset=utf-8");
    let page = call(app.clone(), "GET", "/imha").await;
    assert_eq!(header(&page, "cache-control"), "no-cache");
    assert!(
        !header(&page, "last-modified").is_empty(),
        "no-cache pages can be checked cheaply"
    );
    for (name, value) in &policy {
        assert_eq!(header(&page, name), value, "{name}");
        assert_eq!(page.headers().get_all(*name).iter().count(), 1, "{name}");
    }
    let missing = call(app.clone(), "GET", "/main-0000000000000000.css").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, "cache-control"), "no-cache");
    let head = call(app.clone(), "HEAD", "/").await;
    assert_eq!(head.status(), StatusCode::OK);
    let posted = call(app, "POST", "/").await;
    assert_eq!(posted.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[test]
fn a_kept_alive_connection_answers_one_request_after_another() {
    let url = start(site(), "127.0.0.1:0").unwrap().url();
    let mut stream = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    stream
        .write_all(b"GET /imha HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut both = String::new();
    stream.read_to_string(&mut both).unwrap();
    assert_eq!(both.matches("HTTP/1.1 200 OK").count(), 2, "{both}");
    assert!(both.contains("imha") && both.ends_with("home"), "{both}");
}

#[test]
fn a_malformed_request_line_is_refused_and_the_server_carries_on() {
    let url = start(site(), "127.0.0.1:0").unwrap().url();
    let refused = exchange(&url, "NOT A REQUEST\r\n\r\n");
    assert!(refused.starts_with("HTTP/1.1 400"), "{refused:?}");
    assert!(get(&url, "/", false).ends_with("home"));
}

#[test]
fn a_client_that_never_finishes_its_headers_blocks_no_one() {
    let url = start(site(), "127.0.0.1:0").unwrap().url();
    let started = Instant::now();
    let mut slow = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    // Others are served at once while it dawdles.
    for _ in 0..3 {
        assert!(get(&url, "/imha", false).ends_with("imha"));
    }
    assert!(started.elapsed() < HEADER_TIMEOUT);
    slow.set_read_timeout(Some(HEADER_TIMEOUT * 3)).unwrap();
    let mut answer = String::new();
    slow.read_to_string(&mut answer)
        .expect("the server closes the connection rather than wait for ever");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer:?}"
    );
    assert!(started.elapsed() >= HEADER_TIMEOUT - Duration::from_millis(100));
    assert!(get(&url, "/", false).ends_with("home"));
}

#[test]
fn an_address_with_no_page_gets_the_nearest_not_found_page() {
    let root = std::env::temp_dir().join(format!("site-server-404-{}", std::process::id()));
    std::fs::create_dir_all(root.join("pl")).unwrap();
    std::fs::write(root.join("404.html"), "en").unwrap();
    std::fs::write(root.join("pl/404.html"), "pl").unwrap();
    assert_eq!(
        not_found_page(&root, "/pl/no-such-page"),
        root.join("pl/404.html")
    );
    assert_eq!(
        not_found_page(&root, "/pl/a/b?x=1"),
        root.join("pl/404.html")
    );
    assert_eq!(
        not_found_page(&root, "/no-such-page"),
        root.join("404.html")
    );
    assert_eq!(
        not_found_page(&root, "/ro/no-such-page"),
        root.join("404.html")
    );
    assert_eq!(
        not_found_page(&root, "/../pl/x"),
        root.join("404.html"),
        "nothing outside"
    );
    let _ = std::fs::remove_dir_all(&root);
}
