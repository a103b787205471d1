//! Shared set-up for the browser tests: the release build served on loopback, Debian's Chromium
//! driven through chromedriver, and axe-core run inside the page.
//!
//! Each test gets its own chromedriver and browser, closed even when the test fails, so tests
//! can run side by side and leave nothing behind.

#![allow(dead_code)]

pub mod walk;
#[allow(unused_imports)]
pub use walk::*;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use advocacy::content::document_title;
use advocacy::referral::text::text;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// The WCAG tags the brief asks axe-core to check.
pub const AXE_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The base URL of the release build, served once per test binary by the same static server
/// `make serve` uses (no rewrites, like any static host).
pub fn site_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let dist = project_dir().join("dist");
        assert!(
            dist.join("index.html").is_file() && dist.join("404.html").is_file(),
            "no release build in {}: run `make test` (it builds first) or `make build`",
            dist.display()
        );
        site_server::start(dist, "127.0.0.1:0")
            .expect("start static server")
            .url()
    })
}

/// How the browser window is set up.
#[derive(Clone, Copy, Debug)]
pub enum Screen {
    Desktop,
    /// A 320 CSS pixel wide phone, the narrowest screen WCAG reflow asks for.
    Phone320,
    /// A 360 CSS pixel wide phone, the most common Android width.
    Phone360,
}

/// One chromedriver and one Chromium, for one test.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

async fn start_browser(screen: Screen) -> Browser {
    let port = free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver not found: run `make test`, which installs it");
    let profile =
        std::env::temp_dir().join(format!("advocacy-chrome-{}-{port}", std::process::id()));
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut options = json!({ "binary": "/usr/bin/chromium" });
    match screen {
        Screen::Desktop => args.push("--window-size=1024,768".into()),
        Screen::Phone320 | Screen::Phone360 => {
            let width = if matches!(screen, Screen::Phone320) {
                320
            } else {
                360
            };
            options["mobileEmulation"] = json!({ "deviceMetrics": { "width": width, "height": 640, "pixelRatio": 2.0, "touch": true } });
        }
    }
    options["args"] = json!(args);
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), options);
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));

    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => break client,
            Err(e) if Instant::now() > deadline => panic!("could not start Chromium: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    };
    Browser {
        client,
        driver,
        profile,
    }
}

/// Runs a test body with a fresh browser, and closes the browser however the body ends.
pub async fn with_browser<F, Fut>(screen: Screen, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let browser = start_browser(screen).await;
    let outcome = tokio::spawn(body(browser.client.clone())).await;
    let _ = browser.client.clone().close().await;
    drop(browser);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Opens a path of the site and waits until the live app has taken over the pre-rendered page.
pub async fn open(client: &Client, path: &str) {
    client
        .goto(&format!("{}{path}", site_url()))
        .await
        .expect("navigate");
    wait_for_app(client).await;
}

/// Waits for the app's mount to finish (it marks the root `data-app="live"`).
pub async fn wait_for_app(client: &Client) {
    wait_until(
        client,
        "document.getElementById('app')?.dataset.app === 'live'",
        "the app to start",
    )
    .await;
}

/// Polls a JavaScript expression until it is true, failing with `what` after ten seconds.
pub async fn wait_until(client: &Client, expression: &str, what: &str) {
    wait_longer(client, expression, what, Duration::from_secs(10)).await;
}

/// [`wait_until`] with another limit, for what is meant to take long (a timeout, say).
pub async fn wait_longer(client: &Client, expression: &str, what: &str, limit: Duration) {
    let deadline = Instant::now() + limit;
    loop {
        let value = client
            .execute(&format!("return !!({expression});"), vec![])
            .await
            .unwrap_or(Value::Bool(false));
        if value == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let errors = console_errors(client).await;
            panic!("timed out waiting for {what}; console errors: {errors:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs a script and returns its value.
pub async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Runs a script and returns its value as text.
pub async fn js_string(client: &Client, script: &str) -> String {
    match js(client, script).await {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// Clicks the element matching a CSS selector.
pub async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("could not click {css}: {e}"));
}

/// Presses keys on the keyboard, one after another, as a person would.
pub async fn press(client: &Client, keys: &[fantoccini::key::Key]) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for key in keys {
        actions = actions
            .then(KeyAction::Down {
                value: (*key).into(),
            })
            .then(KeyAction::Up {
                value: (*key).into(),
            });
    }
    client
        .perform_actions(actions)
        .await
        .expect("keyboard input");
}

/// Runs axe-core in the page and returns a readable list of WCAG A and AA violations.
pub async fn axe_violations(client: &Client) -> Vec<String> {
    static AXE: OnceLock<String> = OnceLock::new();
    let source = AXE.get_or_init(|| {
        let path = project_dir().join("node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run `make test`, which installs it)",
                path.display()
            )
        })
    });
    client.execute(source, vec![]).await.expect("load axe-core");
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
          .then(r => done(r.violations.map(v =>
              v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));
    "#;
    let result = client
        .execute_async(script, vec![json!(AXE_TAGS)])
        .await
        .expect("run axe-core");
    serde_json::from_value(result).expect("axe result is a list")
}

/// Fails the test, listing every WCAG A/AA violation axe-core finds on the page, if there is any.
pub async fn assert_axe_clean(client: &Client, place: &str) {
    let violations = axe_violations(client).await;
    assert!(
        violations.is_empty(),
        "axe-core on {place}:\n{}",
        violations.join("\n")
    );
}

/// The browser's console messages at error level since the last call.
pub async fn console_errors(client: &Client) -> Vec<String> {
    let Ok(entries) = client.issue_cmd(BrowserLog).await else {
        return vec!["could not read the browser log".into()];
    };
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// chromedriver's log endpoint, which fantoccini has no method for.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// A plain HTTP GET with no browser and no script: what a search engine or a phone with
/// JavaScript off receives. Returns the status code and body.
pub fn fetch_raw(path: &str) -> (u16, String) {
    fetch_from(site_url(), path)
}

/// [`fetch_raw`] from another server, given its base URL.
pub fn fetch_from(base: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let base = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(base).expect("connect to static server");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {base}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A local referral receiver on a free loopback port, with its own fresh store encrypted to a
/// new test key, failing first with `faults`. Allow the site's origin with `allow_origin` once
/// the site is started. The path returned is a read-back file: as the receiver stores each
/// referral, it is opened there and then with the test's key (as staff would open it) and its
/// JSON added to the file as one line, so the file holds exactly what the store decrypts to.
pub fn start_receiver(
    faults: Vec<referral_receiver::Fault>,
) -> (referral_receiver::Receiver, PathBuf) {
    use referral_receiver::referrals::{Identities, KeyPair, Recipients};
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = std::env::temp_dir().join(format!(
        "advocacy-referrals-{}-{n}.jsonl",
        std::process::id()
    ));
    let store = file.with_extension("store");
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_dir_all(&store);
    let key = KeyPair::generate();
    let recipients = Recipients::new(vec![key.to_public()]);
    let identities = Identities::from_key(key);
    let read_back = file.clone();
    let mut options = referral_receiver::Options::new(store, recipients);
    options.faults = faults;
    // The browser tests retry and double-tap on purpose: the rate limit has tests of its own.
    options.per_minute = None;
    options.after_store = Some(referral_receiver::AfterStore(std::sync::Arc::new(
        move |stored: &std::path::Path| {
            use std::io::Write;
            let encrypted = std::fs::read(stored).expect("read the stored file");
            let json = identities
                .decrypt(&encrypted)
                .expect("the test key opens what the receiver stored");
            let mut out = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&read_back)
                .expect("open the read-back file");
            out.write_all(&json)
                .and_then(|()| out.write_all(b"\n"))
                .expect("write the read-back file");
        },
    )));
    let receiver = referral_receiver::start("127.0.0.1:0", options).expect("start the receiver");
    (receiver, file)
}

/// The release build with a `config.json` that sends referrals to `endpoint`, or else to a
/// fresh local receiver of its own that fails first with `faults`: what every referral test needs.
pub struct Service {
    pub site: String,
    pub receiver: referral_receiver::Receiver,
    pub file: PathBuf,
}

/// Starts a [`Service`]; the receiver answers the site's origin only.
pub fn service(endpoint: Option<&str>, faults: Vec<referral_receiver::Fault>) -> Service {
    let (receiver, file) = start_receiver(faults);
    let endpoint = endpoint.map_or_else(|| receiver.endpoint(), String::from);
    let site = site_server::start_with(
        project_dir().join("dist"),
        "127.0.0.1:0",
        site_server::Options {
            files: vec![("/config.json".into(), config_json(&endpoint))],
            ..Default::default()
        },
    )
    .expect("start the site")
    .url();
    receiver.allow_origin(&site);
    Service {
        site,
        receiver,
        file,
    }
}

impl Service {
    /// Every referral the receiver stored, in order.
    pub fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
            .collect()
    }
}

/// The `config.json` a test serves in place of the built one.
pub fn config_json(endpoint: &str) -> Vec<u8> {
    json!({ "phone": "0300 34 35 714", "referral_endpoint": endpoint, "embed_origins": [] })
        .to_string()
        .into_bytes()
}

/// The Nu HTML Checker's jar, from npm's `vnu-jar` (setup installs it, and Java). `VNU_JAR`
/// names another copy, for a machine where node_modules cannot be changed.
pub fn vnu_jar() -> PathBuf {
    let jar = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_dir().join("node_modules/vnu-jar/build/dist/vnu.jar"));
    assert!(
        jar.is_file(),
        "no Nu HTML Checker at {}: run `make test`, which installs it",
        jar.display()
    );
    jar
}

/// Runs the Nu HTML Checker once over all the files (Java is slow to start) and returns every
/// error it finds, each as `file:line: message`.
pub fn vnu_errors(files: &[PathBuf]) -> Vec<String> {
    assert!(!files.is_empty(), "no HTML files to check");
    let output = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json", "--stdout"])
        .args(files)
        .stdin(Stdio::null())
        .output()
        .expect("java not found: run `make test`, which installs it");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "the Nu HTML Checker gave no report ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("a list of messages")
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let file = m["url"].as_str().unwrap_or("?");
            let file = file.strip_prefix("file:").unwrap_or(file);
            let line = m["lastLine"].as_u64().unwrap_or(0);
            let message = m["message"].as_str().unwrap_or("?");
            let extract = m["extract"].as_str().unwrap_or("").replace('\n', " ");
            format!("{file}:{line}: {message} [{}]", extract.trim())
        })
        .collect();
    assert!(
        !errors.is_empty() || output.status.success(),
        "the Nu HTML Checker failed without reporting an error: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    errors
}

/// The page as the browser has it now (what the app drew, not the file served), as a document.
pub async fn live_html(client: &Client) -> String {
    let html = js_string(client, "return document.documentElement.outerHTML").await;
    format!("<!DOCTYPE html>\n{html}\n")
}

/// Writes the live page to `dir/name.html` for a later [`vnu_errors`] over many pages.
pub async fn save_live_html(client: &Client, dir: &std::path::Path, name: &str) -> PathBuf {
    let file = dir.join(format!("{name}.html"));
    std::fs::write(&file, live_html(client).await).expect("write the page's HTML");
    file
}

/// Fails the test, listing every error the Nu HTML Checker finds in the page as it is now.
pub async fn assert_valid_html(client: &Client) {
    let dir = std::env::temp_dir().join(format!(
        "advocacy-vnu-{}-{}",
        std::process::id(),
        free_port()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = save_live_html(client, &dir, "page").await;
    let errors = vnu_errors(&[file]);
    let _ = std::fs::remove_dir_all(&dir);
    let url = client
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker on {url}:\n{}",
        errors.join("\n")
    );
}

/// Clicks an element with the pointer, as a mouse does, where chromedriver's own click would
/// refuse it: its "is it shown" check counts anything inside a closed `details` as hidden, and the
/// header's navigation is inside one even on wide screens, where the stylesheet shows it.
pub async fn click_where_shown(client: &Client, css: &str) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let element = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client
        .perform_actions(mouse)
        .await
        .unwrap_or_else(|e| panic!("could not click {css}: {e}"));
}

/// A Chrome DevTools command through chromedriver, which WebDriver has no word for: taking the
/// browser offline (which fires the page's real `offline` and `online` events), switching
/// scripts off, reading the accessibility tree.
#[derive(Debug)]
pub struct DevTools(pub &'static str, pub Value);

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.0, "params": self.1 }).to_string()),
        )
    }
}

/// Runs a [`DevTools`] command, failing the test if Chromium refuses it.
pub async fn devtools(client: &Client, cmd: &'static str, params: Value) {
    client
        .issue_cmd(DevTools(cmd, params))
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
}

/// The path of the app's JS in the release build: boot.js runs the JS named after the wasm the
/// page preloads.
pub fn app_js_path() -> String {
    let dist = project_dir().join("dist");
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    index
        .split("<link rel=\"preload\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|wasm| wasm.strip_suffix("_bg.wasm"))
        .map(|stem| format!("{stem}.js"))
        .expect("the page preloads the app's wasm, and boot.js runs the JS named after it")
}

/// The release build served with the app's start held back: the page is the build's, boot.js
/// runs, and the app starts only when the test calls `window.releaseApp()` in the page. So a
/// test can act on the page before the app has taken over, at a moment it chooses.
pub fn site_with_held_app() -> String {
    let dist = project_dir().join("dist");
    let js = app_js_path();
    let real = std::fs::read(dist.join(js.trim_start_matches('/'))).unwrap();
    let held = "/held-app.js";
    let wrapper = format!(
        "export default function (options) {{ return new Promise((resolve) => {{ window.releaseApp = () => resolve(import({held:?}).then((app) => app.default(options))); }}); }}"
    );
    site_server::start_with(
        dist,
        "127.0.0.1:0",
        site_server::Options {
            files: vec![(js, wrapper.into_bytes()), (held.into(), real)],
            ..Default::default()
        },
    )
    .unwrap()
    .url()
}

// The referral, as a person fills it in (tests/draft.rs, tests/listen.rs).

/// The title of a referral page, by its wording file (`content/refer/<file>.md`).
pub fn title_of(file: &str) -> String {
    document_title(text(file, "title"))
}

pub async fn wait_for_title(client: &Client, file: &str) {
    wait_until(
        client,
        &format!("document.title === {:?}", title_of(file)),
        file,
    )
    .await;
}

/// A self-referral, every page by tapping and typing.
pub const SELF_REFERRAL: &[PageAnswers] = &[
    ("service", &[], &["service-community"]),
    ("who", &[], &["referrer-self"]),
    (
        "person",
        &[("full_name", "Zoë Nguyễn-Smith"), ("area", "Maidstone")],
        &["in_hospital-no"],
    ),
    (
        "contact",
        &[("contact_phone", "07700 900982")],
        &["contact_method-phone", "safe_to_leave_message-yes"],
    ),
    ("help", &[("help_with", "A ward round on Tuesday.")], &[]),
    ("needs", &[], &[]),
    ("consent", &[], &["consent-yes"]),
];

/// Fills a self-referral up to "Check your answers", by tapping and typing.
pub async fn fill_to_check(client: &Client, site: &str) {
    client
        .goto(&format!("{site}/refer/service"))
        .await
        .expect("navigate");
    wait_for_app(client).await;
    wait_for_title(client, "service").await;
    walk_referral(client, "", &[], SELF_REFERRAL).await;
    wait_for_title(client, "_check").await;
}
