//! Browser tests of reading the site with no signal, after a first visit: the service worker.
//!
//! The site is reached through a loopback relay that the test can cut, as a phone loses its
//! signal: every open connection is closed and new ones are refused. Chromium's own "offline"
//! switch is not used because it does not reach the service worker's requests.

mod support;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use advocacy::content::{page_for, SHELL};
use fantoccini::Client;
use support::*;

/// A relay on its own loopback port to the site's server, with a switch for the signal.
struct Signal {
    url: String,
    off: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Signal {
    fn to(upstream: &str) -> Signal {
        let upstream = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let off = Arc::new(AtomicBool::new(false));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (relay_off, relay_open) = (off.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if relay_off.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let mut streams = relay_open.lock().unwrap();
                streams.push(client.try_clone().unwrap());
                streams.push(server.try_clone().unwrap());
                drop(streams);
                pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(server, client);
            }
        });
        Signal { url, off, open }
    }

    /// No signal: open connections drop and new ones fail.
    fn lose(&self) {
        self.off.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buffer) {
            if n == 0 || to.write_all(&buffer[..n]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}

async fn visit(client: &Client, url: &str) {
    client.goto(url).await.expect("navigate");
    wait_for_app(client).await;
}

/// Waits until the service worker controls the page and has kept the offline page.
async fn wait_for_worker(client: &Client) {
    wait_until(
        client,
        "navigator.serviceWorker && navigator.serviceWorker.controller",
        "the service worker to take control",
    )
    .await;
    js(
        client,
        "caches.open('advocacy-v1').then(c => c.keys()).then(k => window.__kept = k.length); \
         return true",
    )
    .await;
    wait_until(
        client,
        "window.__kept > 3",
        "the service worker's first cache",
    )
    .await;
}

#[tokio::test]
async fn after_a_first_visit_read_pages_reload_offline_and_others_say_offline() {
    let signal = Signal::to(site_url());
    let site = signal.url.clone();
    with_browser(Screen::Phone320, move |client| async move {
        visit(&client, &format!("{site}/")).await;
        wait_for_worker(&client).await;
        // A page read with a signal: through the worker, which keeps a copy.
        visit(&client, &format!("{site}/imha")).await;
        let imha = page_for("/imha").unwrap();
        // And one reached inside the app, which reads the page's own file.
        click(&client, "summary.site-menu__toggle").await;
        click(&client, "nav a[href='/your-rights']").await;
        let rights = page_for("/your-rights").unwrap();
        wait_until(
            &client,
            &format!(
                "document.querySelector('main h1')?.textContent === {:?}",
                rights.heading
            ),
            "the rights page drawn from its file",
        )
        .await;

        signal.lose();

        // Reloading a page read before shows it again, app and all.
        visit(&client, &format!("{site}/imha")).await;
        assert_eq!(
            js_string(&client, "return document.querySelector('main h1').textContent").await,
            imha.heading
        );
        visit(&client, &format!("{site}/your-rights")).await;
        assert_eq!(
            js_string(&client, "return document.querySelector('main h1').textContent").await,
            rights.heading
        );

        // A page never opened says it is offline and gives the numbers to call.
        let offline = page_for("/offline").unwrap();
        client
            .goto(&format!("{site}/privacy"))
            .await
            .expect("navigate");
        wait_until(
            &client,
            &format!(
                "document.querySelector('main h1')?.textContent === {:?}",
                offline.heading
            ),
            "the offline page",
        )
        .await;
        let links = js_string(
            &client,
            "return [...document.querySelectorAll('main a')].map(a => a.getAttribute('href')).join(' ')",
        )
        .await;
        for tel in [format!("tel:{}", SHELL.phone_dial), "tel:999".into()] {
            assert!(links.contains(&tel), "no {tel} on the offline page: {links}");
        }
        assert_axe_clean(&client, "the offline page").await;

        // The same inside the app: a link to a page never read.
        visit(&client, &format!("{site}/")).await;
        click(&client, "summary.site-menu__toggle").await;
        click(&client, "nav a[href='/what-advocates-do']").await;
        wait_until(
            &client,
            &format!(
                "document.querySelector('main h1')?.textContent === {:?}",
                offline.heading
            ),
            "the offline page after a link inside the app",
        )
        .await;
    })
    .await;
}

/// The worker starts after the app, so the first page a person lands on was fetched before it
/// existed. It must still open again with no signal: it may be the only page they read.
#[tokio::test]
async fn the_page_open_when_the_worker_arrived_reloads_offline() {
    let signal = Signal::to(site_url());
    let site = signal.url.clone();
    with_browser(Screen::Phone320, move |client| async move {
        visit(&client, &format!("{site}/contact")).await;
        wait_for_worker(&client).await;
        signal.lose();
        visit(&client, &format!("{site}/contact")).await;
        assert_eq!(
            js_string(
                &client,
                "return document.querySelector('main h1').textContent"
            )
            .await,
            page_for("/contact").unwrap().heading
        );
    })
    .await;
}

#[tokio::test]
async fn the_worker_never_keeps_or_answers_the_referral_post() {
    let signal = Signal::to(site_url());
    let site = signal.url.clone();
    let (receiver, file) = start_receiver(vec![]);
    receiver.allow_origin(&site);
    let endpoint = receiver.endpoint();
    with_browser(Screen::Desktop, move |client| async move {
        visit(&client, &format!("{site}/")).await;
        wait_for_worker(&client).await;
        // A POST from a page the worker controls reaches the receiver itself.
        let status = js(
            &client,
            &format!(
                "fetch({endpoint:?}, {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: '{{}}' }}) \
                   .then(r => window.__status = r.status, () => window.__status = -1); \
                 return true"
            ),
        )
        .await;
        assert_eq!(status, true);
        wait_until(&client, "window.__status !== undefined", "the POST").await;
        let answered = js(&client, "return window.__status").await;
        // The receiver refuses an empty referral, with its reason.
        assert!(
            answered == 400 || answered == 422,
            "the receiver, not the worker, answered: {answered}"
        );
        // Nothing from the receiver's address is in the worker's cache.
        js(
            &client,
            "caches.open('advocacy-v1').then(c => c.keys()).then(k => window.__urls = k.map(r => r.url).join(' ')); return true",
        )
        .await;
        wait_until(&client, "window.__urls !== undefined", "the cache's list").await;
        let urls = js_string(&client, "return window.__urls").await;
        let receiver_origin = endpoint.split("/referrals").next().unwrap().to_string();
        assert!(!urls.contains(&receiver_origin), "{urls}");
        assert!(urls.contains(&site), "the worker kept the site's files: {urls}");
    })
    .await;
    assert!(
        std::fs::read_to_string(&file)
            .unwrap_or_default()
            .is_empty(),
        "an empty body is refused, not stored"
    );
}

/// A page in another language, offline: a page read before opens again, and a page never read
/// says it is offline in that language (its offline page was kept on the first visit to it).
#[tokio::test]
async fn in_another_language_the_offline_page_is_in_that_language() {
    let signal = Signal::to(site_url());
    let site = signal.url.clone();
    with_browser(Screen::Phone320, move |client| async move {
        visit(&client, &format!("{site}/")).await;
        wait_for_worker(&client).await;
        visit(&client, &format!("{site}/pa/imha")).await;
        let heading = js_string(&client, "return document.querySelector('main h1').textContent").await;
        // The worker keeps the language's offline page behind the visit.
        let kept = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while js(&client, "caches.open('advocacy-v1').then(c => c.match('/pa/offline/index.html')).then(r => window.__paOfflineKept = !!r); return window.__paOfflineKept === true").await != serde_json::json!(true) {
            assert!(std::time::Instant::now() < kept, "the Punjabi offline page is not kept");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }

        signal.lose();

        visit(&client, &format!("{site}/pa/imha")).await;
        assert_eq!(
            js_string(&client, "return document.querySelector('main h1').textContent").await,
            heading
        );
        client.goto(&format!("{site}/pa/privacy")).await.expect("navigate");
        wait_until(
            &client,
            "document.documentElement.lang === 'pa' && !!document.querySelector('a[href=\"tel:999\"]')",
            "the Punjabi offline page",
        )
        .await;
        let offline = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/pa/offline.md"),
        )
        .unwrap();
        let h1 = js_string(&client, "return document.querySelector('main h1').textContent").await;
        assert!(offline.contains(&format!("# {h1}\n")), "{h1}");
    })
    .await;
}
