//! Browser tests of the site shell and content pages, against the release build in Chromium.

mod support;

use advocacy::content::{document_title, Page, NOT_FOUND, PAGES, SHELL};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use support::*;

const MISSING: &str = "/no-such-page";

/// Every content route, and an address with no page.
fn routes() -> impl Iterator<Item = (&'static str, &'static Page)> {
    PAGES
        .iter()
        .map(|p| (p.route, p))
        .chain([(MISSING, &NOT_FOUND)])
}

#[tokio::test]
async fn every_route_renders_its_h1_and_title_with_no_console_error() {
    with_browser(Screen::Desktop, |client| async move {
        for (path, page) in routes() {
            open(&client, path).await;
            let h1 = js_string(
                &client,
                "return [...document.querySelectorAll('h1')].map(h => h.textContent).join('|')",
            )
            .await;
            assert_eq!(h1, page.heading, "h1 on {path}");
            assert_eq!(
                client.title().await.unwrap(),
                document_title(page.title),
                "title on {path}"
            );
            assert_eq!(
                js(&client, "return document.querySelectorAll('main').length").await,
                1,
                "{path}"
            );
            let errors = console_errors(&client).await;
            // The not-found page is served with status 404, which Chromium logs; nothing else may be.
            let errors: Vec<_> = errors
                .into_iter()
                .filter(|e| !(path == MISSING && e.contains("404")))
                .collect();
            assert!(errors.is_empty(), "console errors on {path}: {errors:#?}");
        }
    })
    .await;
}

#[tokio::test]
async fn axe_finds_no_wcag_violations_on_any_route() {
    with_browser(Screen::Desktop, |client| async move {
        for (path, _) in routes() {
            open(&client, path).await;
            assert_axe_clean(&client, path).await;
        }
    })
    .await;
}

#[tokio::test]
async fn axe_finds_no_wcag_violations_on_a_320px_phone() {
    with_browser(Screen::Phone320, |client| async move {
        for path in ["/", "/urgent-help", "/check"] {
            open(&client, path).await;
            assert_axe_clean(&client, &format!("{path} at 320px")).await;
        }
    })
    .await;
}

#[tokio::test]
async fn following_links_moves_focus_to_h1_changes_title_and_does_not_reload() {
    with_browser(Screen::Desktop, |client| async move {
        open(&client, "/").await;
        js(&client, "window.__sameDocument = true; return true").await;

        // A link in the navigation. A pointer click where the link is drawn: chromedriver's own
        // click refuses anything inside a closed `details`, which the header's menu is even where
        // the stylesheet shows its links.
        click_where_shown(&client, "nav a[href='/imha']").await;
        let imha = advocacy::content::page_for("/imha").unwrap();
        wait_until(&client, "location.pathname === '/imha'", "the IMHA page").await;
        wait_until(
            &client,
            "document.activeElement.tagName === 'H1'",
            "focus on the new h1",
        )
        .await;
        assert_eq!(client.title().await.unwrap(), document_title(imha.title));
        assert_eq!(
            js_string(&client, "return document.activeElement.tagName").await,
            "H1"
        );
        assert_eq!(
            js_string(&client, "return document.activeElement.textContent").await,
            imha.heading
        );
        assert_eq!(
            js_string(&client, "return location.pathname").await,
            "/imha"
        );
        assert_eq!(
            js(&client, "return window.__sameDocument === true").await,
            true,
            "the page reloaded"
        );
        assert_eq!(
            js_string(
                &client,
                "return document.querySelector('nav a[aria-current=page]').getAttribute('href')"
            )
            .await,
            "/imha"
        );

        // A link at the bottom of a long page: the new page starts at the top.
        js(
            &client,
            "window.scrollTo(0, document.body.scrollHeight); return true",
        )
        .await;
        click(&client, "footer a[href='/privacy']").await;
        let privacy = advocacy::content::page_for("/privacy").unwrap();
        wait_until(
            &client,
            "location.pathname === '/privacy'",
            "the privacy page",
        )
        .await;
        wait_until(
            &client,
            "document.activeElement.tagName === 'H1'",
            "focus on the new h1",
        )
        .await;
        assert_eq!(client.title().await.unwrap(), document_title(privacy.title));
        assert_eq!(
            js_string(&client, "return document.activeElement.textContent").await,
            privacy.heading
        );
        assert_eq!(js(&client, "return window.scrollY").await, 0);

        // A link inside content, then the browser's Back button.
        click(&client, "main a[href='/what-advocates-do']").await;
        wait_until(
            &client,
            "location.pathname === '/what-advocates-do'",
            "the content link",
        )
        .await;
        client.back().await.unwrap();
        wait_until(
            &client,
            &format!("document.title === {:?}", document_title(privacy.title)),
            "Back",
        )
        .await;
        assert_eq!(
            js(&client, "return window.__sameDocument === true").await,
            true,
            "Back reloaded the page"
        );
    })
    .await;
}

#[tokio::test]
async fn keyboard_alone_skip_link_then_navigation() {
    with_browser(Screen::Desktop, |client| async move {
        open(&client, "/your-rights").await;
        let tab = || {
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down {
                    value: Key::Tab.into(),
                })
                .then(KeyAction::Up {
                    value: Key::Tab.into(),
                })
        };
        client.perform_actions(tab()).await.unwrap();
        assert_eq!(
            js_string(&client, "return document.activeElement.className").await,
            "skip-link"
        );
        assert_eq!(
            js_string(&client, "return document.activeElement.textContent").await,
            SHELL.skip_link
        );
        let shown = js(
            &client,
            "return document.activeElement.getBoundingClientRect().left >= 0",
        )
        .await;
        assert_eq!(shown, true, "the focused skip link is on screen");

        let enter = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Enter.into(),
            })
            .then(KeyAction::Up {
                value: Key::Enter.into(),
            });
        client.perform_actions(enter).await.unwrap();
        wait_until(
            &client,
            "document.activeElement.id === 'main'",
            "focus on main",
        )
        .await;

        // Tab on from the main content reaches its first link, which Enter follows.
        client.perform_actions(tab()).await.unwrap();
        let tag = js_string(&client, "return document.activeElement.tagName").await;
        assert_eq!(tag, "A");
        assert_eq!(
            js(
                &client,
                "return document.getElementById('main').contains(document.activeElement)"
            )
            .await,
            true
        );
    })
    .await;
}

#[test]
fn every_route_is_readable_before_any_script_runs() {
    for page in PAGES {
        let (status, html) = fetch_raw(page.route);
        assert_eq!(status, 200, "{}", page.route);
        let h1 = format!(">{}</h1>", escape(page.heading));
        assert!(
            html.contains(&h1),
            "{}: no {h1} in the served HTML",
            page.route
        );
        assert!(
            html.contains(&format!(
                "<title>{}</title>",
                escape(&document_title(page.title))
            )),
            "{}",
            page.route
        );
        assert!(html.contains(&format!(
            "<meta name=\"description\" content=\"{}\">",
            escape(page.description)
        )));
        assert!(
            html.contains("<header class=\"site-header\">"),
            "{}: header",
            page.route
        );
        assert!(
            html.contains("<footer class=\"site-footer\">"),
            "{}: footer",
            page.route
        );
        // The first paragraph of the page is there as text too, not only the heading.
        let first_para = page
            .html
            .split("<p>")
            .nth(1)
            .and_then(|p| p.split("</p>").next())
            .unwrap();
        assert!(
            html.contains(first_para),
            "{}: body text missing",
            page.route
        );
        // With a trailing slash too, as some hosts and people write it.
        if page.route != "/" {
            assert_eq!(
                fetch_raw(&format!("{}/", page.route)).0,
                200,
                "{}/",
                page.route
            );
        }
    }
    let (status, html) = fetch_raw(MISSING);
    assert_eq!(status, 404);
    assert!(html.contains(&format!(">{}</h1>", escape(NOT_FOUND.heading))));
}

#[tokio::test]
async fn nothing_scrolls_sideways_at_320px() {
    with_browser(Screen::Phone320, |client| async move {
        assert_eq!(js(&client, "return 1").await, 1);
        for (path, _) in routes() {
            open(&client, path).await;
            let width = js(&client, "return window.innerWidth").await;
            assert_eq!(width, 320, "the phone screen is 320 CSS px wide");
            let overflow = js(
                &client,
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            )
            .await;
            assert_eq!(overflow, 0, "{path} scrolls sideways at 320px");
        }
    })
    .await;
}

#[tokio::test]
async fn the_app_takes_over_the_prerendered_page_with_no_layout_shift() {
    with_browser(Screen::Phone320, |client| async move {
        for (path, _) in routes() {
            open(&client, path).await;
            let script = r#"
                const done = arguments[arguments.length - 1];
                let total = 0;
                new PerformanceObserver(list => {
                    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
                }).observe({ type: 'layout-shift', buffered: true });
                setTimeout(() => done(total), 300);
            "#;
            let shift = client.execute_async(script, vec![]).await.unwrap();
            assert_eq!(
                shift.as_f64(),
                Some(0.0),
                "cumulative layout shift on {path}"
            );
        }
    })
    .await;
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The app in the browser carries no page's words: every content page's words are in its own
/// pre-rendered file, which the app reads when the person moves to that page, and the words of
/// the pages the app draws itself are in the wording file. So more pages of content never make
/// the download every phone needs bigger.
#[test]
fn the_app_does_not_carry_the_content_pages_words() {
    let wasm: Vec<u8> = std::fs::read_dir("dist")
        .expect("dist/: run make build")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .flat_map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(!wasm.is_empty(), "no wasm in dist/");
    let carries = |html: &str| {
        // A stretch of the page's own words, after its heading.
        let words = html.split("</h1>").nth(1).unwrap_or(html);
        let sample: String = words.chars().take(120).collect();
        wasm.windows(sample.len()).any(|w| w == sample.as_bytes())
    };
    for page in PAGES {
        assert!(
            !carries(page.html),
            "{} is compiled into the app",
            page.route
        );
    }
    // The referral's start screen, which the app draws itself, is in the wording file instead.
    let wording: String = std::fs::read_dir("dist")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains("wording-en-"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let refer = advocacy::content::page_for("/refer").unwrap();
    let sample: String = refer
        .html
        .split("</h1>")
        .nth(1)
        .unwrap()
        .chars()
        .take(60)
        .collect();
    let as_json = serde_json::to_string(&sample).unwrap();
    assert!(
        wording.contains(as_json.trim_matches('"')),
        "the referral's start screen is in the wording file"
    );
}
