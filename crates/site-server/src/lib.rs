//! A small static file server for loopback: `make serve` uses it to show the built site and the
//! browser tests use it to serve the release build.
//!
//! It behaves like a plain static host on purpose: no rewrite rules, `/imha` served from
//! `imha/index.html`, and `404.html` with status 404 for anything else. If the site works here,
//! it works on any static host. Like most hosts it sends a file's brotli copy (`x.br` beside `x`)
//! to browsers that accept it, which `make bench` uses to measure what phones download.

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

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
    let root = root.into();
    let listener = TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    let options = std::sync::Arc::new(options);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, options) = (root.clone(), options.clone());
            thread::spawn(move || {
                let _ = handle(stream, &root, &options);
            });
        }
    });
    Ok(RunningServer { addr })
}

/// Answers requests on one connection until the client closes it or asks to, or it is idle for
/// five seconds. Keeping connections open, as real hosts do, matters to `make bench`: a new
/// connection per file would add a round trip to every request a phone makes.
fn handle(mut stream: TcpStream, root: &Path, options: &Options) -> io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        // Only Accept-Encoding and Connection matter here.
        let mut accepts_brotli = false;
        let mut close = false;
        let mut line = String::new();
        while reader.read_line(&mut line)? > 2 {
            let lower = line.to_ascii_lowercase();
            if let Some(value) = lower.strip_prefix("accept-encoding:") {
                accepts_brotli = value.split(',').any(|e| e.trim().starts_with("br"));
            }
            if let Some(value) = lower.strip_prefix("connection:") {
                close = value.trim() == "close";
            }
            line.clear();
        }
        answer(
            &mut stream,
            &request_line,
            accepts_brotli,
            close,
            root,
            options,
        )?;
        if close {
            return Ok(());
        }
    }
}

fn answer(
    stream: &mut TcpStream,
    request_line: &str,
    accepts_brotli: bool,
    close: bool,
    root: &Path,
    options: &Options,
) -> io::Result<()> {
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut out = Response {
        stream,
        method,
        close,
        headers: &options.headers,
    };
    if method != "GET" && method != "HEAD" {
        return out.send(
            405,
            "text/plain; charset=utf-8",
            b"Method not allowed",
            None,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if let Some((_, body)) = options.files.iter().find(|(p, _)| p == path) {
        return out.send(200, content_type(Path::new(path)), body, None);
    }
    let Some(inside) = path
        .strip_prefix(options.prefix.as_str())
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    else {
        // Outside the site's path: the host's own answer, not the site's not-found page.
        return out.send(404, "text/plain; charset=utf-8", b"Not found", None);
    };
    let (status, file) = match resolve(root, if inside.is_empty() { "/" } else { inside }) {
        Some(file) => (200, file),
        None => (404, root.join("404.html")),
    };
    let kind = content_type(&file);
    let mut compressed = file.clone().into_os_string();
    compressed.push(".br");
    let compressed = PathBuf::from(compressed);
    if accepts_brotli && compressed.is_file() {
        if let Ok(body) = fs::read(&compressed) {
            return out.send(status, kind, &body, Some("br"));
        }
    }
    match fs::read(&file) {
        Ok(body) => out.send(status, kind, &body, None),
        Err(_) => out.send(404, "text/plain; charset=utf-8", b"Not found", None),
    }
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

struct Response<'a> {
    stream: &'a mut TcpStream,
    method: &'a str,
    close: bool,
    headers: &'a [(String, String)],
}

impl Response<'_> {
    fn send(
        &mut self,
        status: u16,
        kind: &str,
        body: &[u8],
        encoding: Option<&str>,
    ) -> io::Result<()> {
        let reason = match status {
            200 => "OK",
            404 => "Not Found",
            _ => "Method Not Allowed",
        };
        let mut head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n",
            body.len(),
            if self.close { "close" } else { "keep-alive" }
        );
        if let Some(e) = encoding {
            head.push_str(&format!(
                "Content-Encoding: {e}\r\nVary: Accept-Encoding\r\n"
            ));
        }
        for (name, value) in self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes())?;
        if self.method != "HEAD" {
            self.stream.write_all(body)?;
        }
        self.stream.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("site-server-test-{}", std::process::id()));
        fs::create_dir_all(dir.join("imha")).unwrap();
        fs::write(dir.join("index.html"), "home").unwrap();
        fs::write(dir.join("imha/index.html"), "imha").unwrap();
        fs::write(dir.join("app.wasm"), "wasm").unwrap();
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

    fn get(url: &str, path: &str, accept_brotli: bool) -> String {
        use std::io::Read;
        let host = url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).unwrap();
        let encoding = if accept_brotli {
            "Accept-Encoding: gzip, br\r\n"
        } else {
            ""
        };
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\n{encoding}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn serves_under_a_prefix_with_headers_files_and_brotli_copies() {
        let root = site();
        fs::write(root.join("404.html"), "site not found").unwrap();
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
        assert!(get(&url, "/advocacy/app.wasm", false).ends_with("wasm"));
    }

    #[test]
    fn wasm_has_its_media_type() {
        assert_eq!(content_type(Path::new("x_bg.wasm")), "application/wasm");
    }
}
