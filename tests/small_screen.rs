//! Browser tests of the first screen on a small phone (issue 16), on the release build in
//! Chromium at 320 × 640 CSS px:
//!
//! - the page's heading starts within the top 160 px on every page and every step of the checker
//!   and the referral, Back link included;
//! - the header's "Menu" (a `details` disclosure) opens and closes by touch and keyboard, also
//!   with JavaScript off, closes after a link is followed, and leaves axe-core nothing to report;
//! - with the root text at 200 %, with the WCAG 1.4.12 text-spacing overrides and with both,
//!   nothing scrolls sideways and no link, heading or label runs off the edge or out of its box
//!   (a 320 px screen is also what 400 % zoom gives on a 1280 px one);
//! - links in the header and menu, radios, checkboxes and buttons are at least 44 × 44 px.

mod support;

use advocacy::check::flow::{FIRST_QUESTION, OUTCOMES};
use advocacy::content::{PAGES, SHELL};
use advocacy::referral::form::PAGES as FORM_PAGES;
use advocacy::referral::steps::page_route;
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::json;
use support::*;

/// The brief's limit: the heading starts within the top quarter of a 320 × 640 screen.
const HEADING_LIMIT: f64 = 160.0;
/// The phone's width in CSS px.
const WIDTH: i64 = 320;

/// Every content page's address, and one with no page.
fn content_routes() -> Vec<String> {
    PAGES
        .iter()
        .map(|p| p.route.to_string())
        .chain(["/no-such-page".to_string()])
        .collect()
}

/// Where the page's `h1` starts, in CSS px from the top of the page.
async fn heading_top(client: &Client) -> f64 {
    js(
        client,
        "const h = document.querySelector('main h1'); return h ? h.getBoundingClientRect().top + scrollY : -1",
    )
    .await
    .as_f64()
    .expect("a number")
}

async fn assert_heading_near_top(client: &Client, place: &str) {
    assert_eq!(
        js(client, "return [innerWidth, innerHeight]").await,
        json!([WIDTH, 640]),
        "{place}: the screen is 320 × 640"
    );
    let top = heading_top(client).await;
    println!("{place}: h1 at {top}px");
    assert!(
        (0.0..=HEADING_LIMIT).contains(&top),
        "{place}: the h1 starts {top}px down (limit {HEADING_LIMIT}px)"
    );
    // The phone number is on the first screen too, whole.
    let phone = js(
        client,
        "const r = document.querySelector('.header-phone').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth",
    )
    .await;
    assert_eq!(phone, true, "{place}: the phone number is in view");
}

async fn menu_is_open(client: &Client) -> bool {
    js(client, "return document.querySelector('.site-menu').open").await == json!(true)
}

/// How many navigation links a person can see (`checkVisibility` is false inside a closed
/// `details`, and for anything `display: none`).
async fn visible_menu_links(client: &Client) -> usize {
    js(
        client,
        "return [...document.querySelectorAll('.site-nav a')].filter(a => a.checkVisibility()).length",
    )
    .await
    .as_u64()
    .expect("a count") as usize
}

async fn current_link(client: &Client) -> String {
    js_string(
        client,
        "const a = document.querySelectorAll('.site-nav a[aria-current=page]'); return a.length === 1 ? a[0].getAttribute('href') : a.length + ' marked'",
    )
    .await
}

async fn focused_h1(client: &Client) {
    wait_until(
        client,
        "document.activeElement.tagName === 'H1'",
        "focus on the new h1",
    )
    .await;
}

#[tokio::test]
async fn the_heading_starts_in_the_top_160px_at_320x640() {
    with_browser(Screen::Phone320, |client| async move {
        let first_question = format!("/check/{FIRST_QUESTION}");
        let first_form_page = page_route(&FORM_PAGES[0]);
        let routes = content_routes()
            .into_iter()
            .chain([first_question.clone(), first_form_page.clone()]);
        for path in routes {
            open(&client, &path).await;
            assert_heading_near_top(&client, &path).await;
            assert!(
                !menu_is_open(&client).await,
                "{path}: the menu starts closed"
            );
            assert_eq!(
                visible_menu_links(&client).await,
                0,
                "{path}: the closed menu hides its links"
            );
        }
        // As people reach them: the first question and the first referral page from their start
        // pages, each under its Back link.
        for (start, next) in [("/check", first_question), ("/refer", first_form_page)] {
            open(&client, start).await;
            click(&client, &format!("main a[href='{next}']")).await;
            wait_until(&client, &format!("location.pathname === {next:?}"), &next).await;
            focused_h1(&client).await;
            assert_eq!(
                js(
                    &client,
                    "return !!document.querySelector('main .back-link')?.checkVisibility()"
                )
                .await,
                true,
                "{next} has its Back link"
            );
            assert_heading_near_top(&client, &format!("{next} from {start}")).await;
        }
    })
    .await;
}

#[tokio::test]
async fn the_menu_opens_and_closes_by_keyboard_and_touch_and_closes_after_a_link() {
    with_browser(Screen::Phone320, |client| async move {
        open(&client, "/imha").await;
        js(&client, "window.__sameDocument = true; return 1").await;
        assert!(!menu_is_open(&client).await);
        assert_eq!(visible_menu_links(&client).await, 0);
        assert_axe_clean(&client, "/imha, menu closed").await;

        // Keyboard: the skip link, the service name, the phone number, then "Menu".
        let mut order = Vec::new();
        for _ in 0..4 {
            press(&client, &[Key::Tab]).await;
            order.push(
                js_string(
                    &client,
                    "const e = document.activeElement; return e.className || e.tagName",
                )
                .await,
            );
        }
        assert_eq!(
            order,
            ["skip-link", "service-name", "header-phone", "site-menu__toggle"]
        );
        assert_eq!(
            js_string(&client, "return document.activeElement.textContent").await,
            SHELL.menu_label
        );
        // A clear focus: the yellow GOV.UK focus colour.
        assert_eq!(
            js_string(
                &client,
                "return getComputedStyle(document.activeElement).backgroundColor"
            )
            .await,
            "rgb(255, 221, 0)"
        );
        press(&client, &[Key::Enter]).await;
        assert!(menu_is_open(&client).await, "Enter opens the menu");
        assert_eq!(visible_menu_links(&client).await, SHELL.nav.len());
        assert_eq!(current_link(&client).await, "/imha");
        // Screen readers meet the links only while the menu is open ("What advocates do" is
        // linked nowhere else on this page).
        let only_in_menu = "What advocates do".to_string();
        assert!(accessible_links(&client).await.contains(&only_in_menu));
        press(&client, &[Key::Enter]).await;
        assert!(!menu_is_open(&client).await, "Enter closes the menu");
        assert!(!accessible_links(&client).await.contains(&only_in_menu));
        assert_eq!(visible_menu_links(&client).await, 0);
        press(&client, &[Key::Space]).await;
        assert!(menu_is_open(&client).await, "Space opens the menu");
        // Tab goes on into the open menu, its first link first.
        press(&client, &[Key::Tab]).await;
        assert_eq!(
            js_string(
                &client,
                "return document.activeElement.closest('.site-nav') ? document.activeElement.getAttribute('href') : 'outside'"
            )
            .await,
            SHELL.nav[0].href
        );
        js(
            &client,
            "document.querySelector('.site-menu__toggle').focus(); return 1",
        )
        .await;
        press(&client, &[Key::Space]).await;
        assert!(!menu_is_open(&client).await, "Space closes the menu");

        // Touch.
        click(&client, ".site-menu__toggle").await;
        assert!(menu_is_open(&client).await, "a tap opens the menu");
        assert_eq!(visible_menu_links(&client).await, SHELL.nav.len());
        assert_axe_clean(&client, "/imha, menu open").await;
        click(&client, ".site-menu__toggle").await;
        assert!(!menu_is_open(&client).await, "a tap closes the menu");

        // Following a link: the app shows the page, marks it, and the menu is closed again.
        click(&client, ".site-menu__toggle").await;
        click(&client, ".site-nav a[href='/your-rights']").await;
        wait_until(
            &client,
            "location.pathname === '/your-rights'",
            "Your rights",
        )
        .await;
        focused_h1(&client).await;
        assert_eq!(
            js(&client, "return window.__sameDocument === true").await,
            true,
            "the app followed the link without reloading"
        );
        assert!(
            !menu_is_open(&client).await,
            "the menu closes after a link"
        );
        assert_eq!(visible_menu_links(&client).await, 0);
        assert_eq!(current_link(&client).await, "/your-rights");
        assert_heading_near_top(&client, "/your-rights after the menu").await;
        assert_axe_clean(&client, "/your-rights, menu closed").await;
    })
    .await;
}

/// The names of the links in the browser's accessibility tree: what a screen reader can reach.
async fn accessible_links(client: &Client) -> Vec<String> {
    let tree = client
        .issue_cmd(DevTools("Accessibility.getFullAXTree", json!({})))
        .await
        .expect("the accessibility tree");
    tree["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["role"]["value"] == "link" && n["ignored"] != true)
        .filter_map(|n| n["name"]["value"].as_str().map(String::from))
        .collect()
}

#[tokio::test]
async fn wider_screens_show_the_whole_navigation_and_no_menu_control() {
    with_browser(Screen::Desktop, |client| async move {
        open(&client, "/contact").await;
        assert_eq!(
            js(
                &client,
                "return document.querySelector('.site-menu__toggle').checkVisibility()"
            )
            .await,
            false
        );
        assert_eq!(visible_menu_links(&client).await, SHELL.nav.len());
        // One bar: every link on the same line or two, under the header.
        let rows = js(
            &client,
            "return new Set([...document.querySelectorAll('.site-nav a')].map(a => Math.round(a.getBoundingClientRect().top))).size",
        )
        .await;
        assert!(rows.as_u64().unwrap() <= 2, "the bar takes {rows} lines");
        assert_eq!(current_link(&client).await, "/contact");
        // Screen readers get every link too: the browser's accessibility tree holds each one.
        let links = accessible_links(&client).await;
        for link in SHELL.nav {
            assert!(
                links.iter().any(|l| l == link.label),
                "{} is not in the accessibility tree: {links:?}",
                link.label
            );
        }
        // The keyboard reaches the links straight after the phone number.
        for _ in 0..4 {
            press(&client, &[Key::Tab]).await;
        }
        assert_eq!(
            js_string(
                &client,
                "return document.activeElement.closest('.site-nav') ? document.activeElement.getAttribute('href') : document.activeElement.outerHTML"
            )
            .await,
            SHELL.nav[0].href
        );
    })
    .await;
}

/// A tap at the middle of an element, sent straight to the browser as mouse input: chromedriver's
/// own click waits on scripts of its own, which are off here.
async fn tap(client: &Client, css: &str) {
    let centre = js(
        client,
        &format!("const r = document.querySelector({css:?}).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]"),
    )
    .await;
    for kind in ["mousePressed", "mouseReleased"] {
        client
            .issue_cmd(DevTools(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": centre[0], "y": centre[1], "button": "left", "clickCount": 1 }),
            ))
            .await
            .unwrap_or_else(|e| panic!("tap {css}: {e}"));
    }
}

#[tokio::test]
async fn with_javascript_off_the_menu_still_opens_closes_and_leads_everywhere() {
    with_browser(Screen::Phone320, |client| async move {
        client
            .issue_cmd(DevTools(
                "Emulation.setScriptExecutionDisabled",
                json!({ "value": true }),
            ))
            .await
            .expect("switch JavaScript off");
        client
            .goto(&format!("{}/imha", site_url()))
            .await
            .expect("navigate");
        // Give the app every chance to start: it must not.
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(
            js(
                &client,
                "return document.getElementById('app').dataset.app || 'static'"
            )
            .await,
            "static",
            "the app started: JavaScript is not off"
        );
        assert_heading_near_top(&client, "/imha with JavaScript off").await;
        assert!(!menu_is_open(&client).await);
        assert_eq!(visible_menu_links(&client).await, 0);
        tap(&client, ".site-menu__toggle").await;
        assert!(menu_is_open(&client).await, "a tap opens the menu");
        assert_eq!(visible_menu_links(&client).await, SHELL.nav.len());
        assert_eq!(current_link(&client).await, "/imha");
        tap(&client, ".site-menu__toggle").await;
        assert!(!menu_is_open(&client).await, "a tap closes it");
        // By keyboard from the top of a fresh page, then on to another page: a real page load.
        client.refresh().await.expect("reload");
        for _ in 0..4 {
            press(&client, &[Key::Tab]).await;
        }
        assert_eq!(
            js_string(&client, "return document.activeElement.className").await,
            "site-menu__toggle",
            "the fourth Tab reaches Menu"
        );
        press(&client, &[Key::Enter]).await;
        assert!(menu_is_open(&client).await, "Enter opens the menu");
        tap(&client, ".site-nav a[href='/urgent-help']").await;
        wait_until(
            &client,
            "location.pathname === '/urgent-help' && document.readyState === 'complete'",
            "Urgent help",
        )
        .await;
        assert!(!menu_is_open(&client).await);
        assert_eq!(current_link(&client).await, "/urgent-help");
        assert_eq!(
            js(
                &client,
                "return document.getElementById('app').dataset.app || 'static'"
            )
            .await,
            "static"
        );
    })
    .await;
}

#[test]
fn every_prerendered_page_has_the_closed_menu_with_every_section() {
    let menu = format!(
        "<details class=\"site-menu\"><summary class=\"site-menu__toggle\">{}</summary><nav class=\"site-nav\" aria-label=\"{}\">",
        SHELL.menu_label, SHELL.nav_label
    );
    for route in PAGES.iter().map(|p| p.route).chain(["/check/situation"]) {
        let (status, html) = fetch_raw(route);
        assert_eq!(status, 200, "{route}");
        assert!(html.contains(&menu), "{route}: no closed menu {menu}");
        for link in SHELL.nav {
            assert!(
                html.contains(&format!("<a href=\"{}\"", link.href)),
                "{route}: no link to {}",
                link.href
            );
        }
    }
}

/// The WCAG 1.4.12 text-spacing overrides, as a bookmarklet applies them: an adopted style sheet,
/// which the strict Content-Security-Policy allows.
const TEXT_SPACING: &str = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";

/// The ways large or spaced text is tried.
#[derive(Clone, Copy, Debug)]
enum Text {
    Double,
    Spacing,
    DoubleAndSpacing,
}

const TEXT_MODES: [Text; 3] = [Text::Double, Text::Spacing, Text::DoubleAndSpacing];

async fn set_text(client: &Client, mode: Option<Text>) {
    let (double, spacing) = match mode {
        None => (false, false),
        Some(Text::Double) => (true, false),
        Some(Text::Spacing) => (false, true),
        Some(Text::DoubleAndSpacing) => (true, true),
    };
    let script = format!(
        "document.documentElement.style.fontSize = {double} ? '200%' : '';
         const sheet = new CSSStyleSheet(); sheet.replaceSync({TEXT_SPACING:?});
         document.adoptedStyleSheets = {spacing} ? [sheet] : [];
         return document.body.offsetWidth;"
    );
    js(client, &script).await;
}

/// Problems a person with large text would meet: the page wider than the screen, a link,
/// control, heading or label reaching past either edge, a block's text running out of its box.
const FIT_SCRIPT: &str = r#"
    const W = arguments[0];
    const problems = [];
    const root = document.documentElement;
    if (innerWidth !== W) problems.push('the viewport grew to ' + innerWidth + 'px');
    if (root.scrollWidth !== W) problems.push('the page is ' + root.scrollWidth + 'px wide');
    const name = e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' "' + (e.textContent || e.value || '').trim().slice(0, 40) + '"';
    const shown = e => e.checkVisibility() && !e.closest('.skip-link, .visually-hidden, .trap');
    for (const e of document.querySelectorAll('a, button, summary, input, textarea, h1, h2, h3, h4, label, legend')) {
        if (!shown(e)) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < -0.5 || r.right > W + 0.5) problems.push(name(e) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + 'px');
    }
    for (const e of document.querySelectorAll('h1, h2, h3, h4, p, li, dt, dd, legend, label, blockquote, td, th, .header-bar, .summary-list__row')) {
        if (!shown(e)) continue;
        if (e.scrollWidth > e.clientWidth + 1) problems.push(name(e) + ' runs out of its box: ' + e.scrollWidth + ' > ' + e.clientWidth + 'px');
    }
    // "Menu" and the phone number share a row: neither may cover the other.
    const a = document.querySelector('.header-phone').getBoundingClientRect();
    const toggle = document.querySelector('.site-menu__toggle');
    if (toggle.checkVisibility()) {
        const b = toggle.getBoundingClientRect();
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) problems.push('Menu covers the phone number');
    }
    return problems;
"#;

async fn fit_problems(client: &Client) -> Vec<String> {
    let found = client
        .execute(FIT_SCRIPT, vec![json!(WIDTH)])
        .await
        .expect("run the fit check");
    serde_json::from_value(found).expect("a list")
}

/// Checks the page in each text mode (and with the menu open), then puts the text back.
async fn assert_fits_with_large_text(client: &Client, place: &str) {
    let mut problems = Vec::new();
    for mode in TEXT_MODES {
        set_text(client, Some(mode)).await;
        for p in fit_problems(client).await {
            problems.push(format!("{mode:?}: {p}"));
        }
        js(
            client,
            "document.querySelector('.site-menu').open = true; return 1",
        )
        .await;
        for p in fit_problems(client).await {
            problems.push(format!("{mode:?}, menu open: {p}"));
        }
        js(
            client,
            "document.querySelector('.site-menu').open = false; return 1",
        )
        .await;
    }
    set_text(client, None).await;
    assert!(
        problems.is_empty(),
        "{place} at 320px:\n{}",
        problems.join("\n")
    );
}

/// Things a thumb must hit, smaller than 44 × 44 px (the menu opened first, to measure its links).
const TARGET_SCRIPT: &str = r#"
    const menu = document.querySelector('.site-menu');
    const wasOpen = menu.open;
    menu.open = true;
    const small = [];
    for (const e of document.querySelectorAll('.site-header a, .site-menu__toggle, .site-nav a, input[type=radio], input[type=checkbox], button, .back-link, .summary-list__actions a')) {
        if (!e.checkVisibility()) continue;
        const r = e.getBoundingClientRect();
        if (r.width < 43.99 || r.height < 43.99) small.push(e.tagName.toLowerCase() + ' "' + (e.textContent || e.value || e.id).trim().slice(0, 30) + '" is ' + r.width.toFixed(1) + ' × ' + r.height.toFixed(1));
    }
    menu.open = wasOpen;
    return small;
"#;

async fn assert_targets_44px(client: &Client, place: &str) -> usize {
    let counted = js(
        client,
        "return document.querySelectorAll('.site-header a, .site-menu__toggle, .site-nav a, input[type=radio], input[type=checkbox], button, .back-link').length",
    )
    .await
    .as_u64()
    .unwrap() as usize;
    let small: Vec<String> =
        serde_json::from_value(js(client, TARGET_SCRIPT).await).expect("a list");
    assert!(
        small.is_empty(),
        "{place}: targets under 44 × 44 px:\n{}",
        small.join("\n")
    );
    counted
}

#[tokio::test]
async fn large_text_and_text_spacing_never_run_off_a_320px_screen_on_any_content_page() {
    with_browser(Screen::Phone320, |client| async move {
        for path in content_routes() {
            open(&client, &path).await;
            assert_fits_with_large_text(&client, &path).await;
            assert_targets_44px(&client, &path).await;
        }
    })
    .await;
}

#[tokio::test]
async fn large_text_never_runs_off_the_screen_in_the_checker() {
    with_browser(Screen::Phone320, |client| async move {
        let (questions, outcomes) = checker_steps();
        let mut seen_outcomes = Vec::new();
        let mut radios = 0;
        for (key, answers) in &questions {
            let path = format!("/check/{key}?{answers}");
            open(&client, &path).await;
            wait_until(
                &client,
                &format!("location.pathname === '/check/{key}'"),
                &path,
            )
            .await;
            assert_heading_near_top(&client, &path).await;
            assert_fits_with_large_text(&client, &path).await;
            assert_targets_44px(&client, &path).await;
            radios += js(
                &client,
                "return document.querySelectorAll('input[type=radio]').length",
            )
            .await
            .as_u64()
            .unwrap();
            // Its error state: Continue with nothing chosen.
            click(&client, "main form button[type=submit]").await;
            wait_until(
                &client,
                "!!document.querySelector('.error-summary')",
                "the error summary",
            )
            .await;
            assert_fits_with_large_text(&client, &format!("{path} with its error")).await;
        }
        assert!(radios > 0, "the checker's radios were measured");
        for (id, answers) in &outcomes {
            let path = format!("/check/result?{answers}");
            open(&client, &path).await;
            let shown = js_string(
                &client,
                "return document.querySelector('[data-outcome]')?.dataset.outcome || 'none'",
            )
            .await;
            assert_eq!(&shown, id, "{path}");
            assert_heading_near_top(&client, &path).await;
            assert_fits_with_large_text(&client, &path).await;
            seen_outcomes.push(id.clone());
        }
        seen_outcomes.sort();
        seen_outcomes.dedup();
        let mut all: Vec<String> = OUTCOMES.iter().map(|s| s.to_string()).collect();
        all.sort();
        assert_eq!(seen_outcomes, all, "every answer page was tried");
    })
    .await;
}

/// What the referral walk types: a long word where a name may go, to try the check-answers
/// list with it.
const FILL_SCRIPT: &str = r#"
    const radios = { service: 'community', referrer: 'self', in_hospital: 'yes', contact_method: 'phone', safe_to_leave_message: 'yes' };
    for (const [name, value] of Object.entries(radios)) {
        const r = document.querySelector(`input[name="${name}"][value="${value}"]`);
        if (r && !r.checked) r.click();
    }
    const values = {
        full_name: 'Zoë Nguyễn-Smith', known_as: 'Pneumonoultramicroscopicsilicovolcanoconiosis',
        area: 'Maidstone', hospital: 'Priority House', contact_phone: '07700 900982',
        help_with: 'A ward round on Tuesday. Verylongwordwithoutanyspacesatalltotrywrapping.',
    };
    for (const [id, value] of Object.entries(values)) {
        const e = document.getElementById(id);
        if (e) { e.value = value; e.dispatchEvent(new Event('input', { bubbles: true })); }
    }
    const consent = document.querySelector('input[name="consent"]');
    if (consent && !consent.checked) consent.click();
    return 1;
"#;

#[tokio::test]
async fn large_text_never_runs_off_the_screen_in_the_referral() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Phone320, move |client| async move {
        client
            .goto(&format!("{site}/refer"))
            .await
            .expect("navigate");
        wait_for_app(&client).await;
        assert_fits_with_large_text(&client, "/refer").await;
        click(&client, &format!("main a[href='{}']", page_route(&FORM_PAGES[0]))).await;
        let mut visited = Vec::new();
        let mut checkboxes = 0;
        loop {
            let path = js_string(&client, "return location.pathname").await;
            wait_until(&client, "!!document.querySelector('main h1')", &path).await;
            visited.push(path.clone());
            assert_heading_near_top(&client, &path).await;
            assert_fits_with_large_text(&client, &path).await;
            assert_targets_44px(&client, &path).await;
            checkboxes += js(&client, "return document.querySelectorAll('input[type=checkbox]').length")
                .await
                .as_u64()
                .unwrap();
            if path == "/refer/sent" {
                break;
            }
            assert!(visited.len() < 12, "the walk went round: {visited:?}");
            if path != "/refer/check" {
                // The error state first, where the page has a required answer.
                click(&client, "main form button[type=submit]").await;
                wait_until(
                    &client,
                    &format!("location.pathname !== {path:?} || !!document.querySelector('.error-summary')"),
                    "an error or the next page",
                )
                .await;
                let still = js_string(&client, "return location.pathname").await == path;
                if !still {
                    continue;
                }
                assert_fits_with_large_text(&client, &format!("{path} with errors")).await;
                js(&client, FILL_SCRIPT).await;
            }
            click(&client, "main form button[type=submit]").await;
            wait_longer(
                &client,
                &format!("location.pathname !== {path:?}"),
                &format!("the page after {path}"),
                std::time::Duration::from_secs(20),
            )
            .await;
        }
        assert!(
            visited.iter().any(|p| p == "/refer/check"),
            "the check-answers page was tried: {visited:?}"
        );
        assert!(checkboxes > 0, "the referral's checkboxes were measured");
    })
    .await;
}
