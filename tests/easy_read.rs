//! Easy Read pages in the browser (the release build in `dist/`): every picture on the left of its
//! words at 320 px, with the text at its size and at 200 %, nothing off the screen, the text at
//! least 20 px with line height 1.5, every picture from this site with its width and height, axe
//! clean; the links between each full page and its Easy Read version; and an Easy Read page
//! reached by a link inside the app looks as its own file does.

mod support;

use advocacy::content::{PAGES, SHELL};
use fantoccini::Client;
use serde_json::json;
use support::*;

/// The Easy Read pages, as the build made them.
fn easy_read_routes() -> Vec<&'static str> {
    let routes: Vec<&str> = PAGES
        .iter()
        .map(|p| p.route)
        .filter(|r| content_pipeline::easy_read::is_easy_read(r))
        .collect();
    assert!(routes.len() >= 7, "the Easy Read pages: {routes:?}");
    routes
}

/// Each full page that has an Easy Read version, and that version.
const VERSIONS: &[(&str, &str)] = &[
    ("/imha", "/easy-read/imha"),
    ("/community-advocacy", "/easy-read/community-advocacy"),
    ("/your-rights", "/easy-read/your-rights"),
    ("/contact", "/easy-read/get-help"),
    ("/urgent-help", "/easy-read/get-help"),
    ("/leaflets/imha", "/leaflets/easy-read-imha"),
];

/// Problems with the pictures and the words beside them: a picture not on the left of its words,
/// or not level with their top, anything past either edge of the screen, text under 20 px or
/// with line height under 1.5, centred or in italics, a picture without its size or not drawn.
const LAYOUT_SCRIPT: &str = r#"
    const W = innerWidth;
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > W) problems.push('the page is ' + root.scrollWidth + 'px wide');
    const pictures = [...document.querySelectorAll('main img.picture')];
    if (pictures.length === 0) problems.push('no pictures');
    const checkText = arguments[0];
    for (const img of pictures) {
        const words = img.nextElementSibling;
        const what = (words ? words.textContent : '').trim().slice(0, 40);
        if (!words || !words.classList.contains('point__words')) { problems.push('a picture with no words beside it'); continue; }
        const p = img.getBoundingClientRect();
        const w = words.getBoundingClientRect();
        if (p.right > w.left + 0.5) problems.push('"' + what + '": the picture (right ' + p.right + ') is not left of its words (left ' + w.left + ')');
        if (Math.abs(p.top - w.top) > 2) problems.push('"' + what + '": the picture is not level with its words');
        if (p.left < -0.5 || w.right > W + 0.5) problems.push('"' + what + '": off the screen, ' + p.left + '..' + w.right);
        if (words.scrollWidth > words.clientWidth + 1) problems.push('"' + what + '": the words run out of their box');
        if (!img.getAttribute('width') || !img.getAttribute('height')) problems.push('"' + what + '": a picture without its width and height');
        if (new URL(img.src).origin !== location.origin) problems.push('a picture from another site: ' + img.src);
        if (checkText) {
            const s = getComputedStyle(words);
            const size = parseFloat(s.fontSize);
            if (size < 20) problems.push('"' + what + '": text ' + size + 'px');
            if (parseFloat(s.lineHeight) < 1.5 * size - 0.01) problems.push('"' + what + '": line height ' + s.lineHeight);
            if (s.textAlign !== 'left' && s.textAlign !== 'start') problems.push('"' + what + '": text-align ' + s.textAlign);
            for (const e of [words, ...words.querySelectorAll('*')]) {
                if (getComputedStyle(e).fontStyle !== 'normal') problems.push('"' + what + '": italics');
            }
        }
    }
    return problems;
"#;

async fn layout_problems(client: &Client, check_text: bool) -> Vec<String> {
    let found = client
        .execute(LAYOUT_SCRIPT, vec![json!(check_text)])
        .await
        .expect("run the layout check");
    serde_json::from_value(found).expect("a list")
}

/// Scrolls every picture into view (the lazy ones load then) and names any not drawn.
const PICTURES_DRAWN: &str = r#"
    const done = arguments[arguments.length - 1];
    const pictures = [...document.querySelectorAll('main img.picture')];
    (async () => {
        for (const img of pictures) {
            img.scrollIntoView();
            if (!img.complete) await new Promise(r => { img.onload = r; img.onerror = r; setTimeout(r, 5000); });
        }
        scrollTo(0, 0);
        done(pictures.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src));
    })();
"#;

/// One Easy Read page at 320 px: its layout at the normal text size and at 200 %, every
/// picture drawn from this site, the first two loaded at once and the rest lazily, axe clean.
async fn assert_easy_read_page(client: &Client, route: &str) {
    open(client, route).await;
    let mut problems = layout_problems(client, true).await;
    js(
        client,
        "document.documentElement.style.fontSize = '200%'; return document.body.offsetWidth",
    )
    .await;
    problems.extend(
        layout_problems(client, false)
            .await
            .into_iter()
            .map(|p| format!("200 %: {p}")),
    );
    js(
        client,
        "document.documentElement.style.fontSize = ''; return 1",
    )
    .await;
    assert!(
        problems.is_empty(),
        "{route} at 320 px:\n{}",
        problems.join("\n")
    );
    let not_drawn: Vec<String> = serde_json::from_value(
        client
            .execute_async(PICTURES_DRAWN, vec![])
            .await
            .expect("load the pictures"),
    )
    .expect("a list");
    assert!(not_drawn.is_empty(), "{route}: not drawn: {not_drawn:?}");
    let loading = js_string(
        client,
        "return [...document.querySelectorAll('main img.picture')].map(i => i.getAttribute('loading') || 'eager').join(' ')",
    )
    .await;
    let modes: Vec<&str> = loading.split(' ').collect();
    assert!(
        modes.iter().take(2).all(|m| *m == "eager") && modes.iter().skip(2).all(|m| *m == "lazy"),
        "{route}: the first two pictures load at once, the rest lazily: {loading}"
    );
    let other_sites = js_string(
        client,
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).origin !== location.origin).join(' ')",
    )
    .await;
    assert!(
        other_sites.is_empty(),
        "{route}: asked another site for {other_sites}"
    );
    assert_axe_clean(client, route).await;
}

#[tokio::test]
async fn each_easy_read_page_has_every_picture_left_of_its_words_at_320px_and_200_percent_text() {
    with_browser(Screen::Phone320, |client| async move {
        for route in easy_read_routes() {
            assert_easy_read_page(&client, route).await;
        }
    })
    .await;
}

#[tokio::test]
async fn an_easy_read_page_reached_by_a_link_in_the_app_shows_its_pictures() {
    with_browser(Screen::Phone320, |client| async move {
        open(&client, "/imha").await;
        click(&client, "main a[href='/easy-read/imha']").await;
        wait_until(
            &client,
            "location.pathname === '/easy-read/imha' && document.querySelector('main h1')?.textContent === 'Having an IMHA' && document.querySelectorAll('main img.picture').length > 10",
            "the Easy Read page with its pictures",
        )
        .await;
        let problems = layout_problems(&client, true).await;
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_axe_clean(&client, "/easy-read/imha reached from /imha").await;
    })
    .await;
}

#[test]
fn each_full_page_links_its_easy_read_version_near_the_top_and_back() {
    for (full, easy) in VERSIONS {
        let (status, html) = fetch_raw(full);
        assert_eq!(status, 200, "{full}");
        let main = &html[html.find("<main").expect("a main")..];
        let link = main
            .find(&format!("href=\"{easy}"))
            .unwrap_or_else(|| panic!("{full} has no link to {easy}"));
        let h2 = main.find("<h2").unwrap_or(main.len());
        let before_second_point = main[..link].matches("<p").count() <= 2;
        assert!(
            link < h2 || before_second_point,
            "{full}: the Easy Read link is not near the top"
        );
        let (status, html) = fetch_raw(easy);
        assert_eq!(status, 200, "{easy}");
        let back = html.contains(&format!("href=\"{full}\""))
            || (*easy == "/easy-read/get-help"
                && html.contains("href=\"/contact\"")
                && html.contains("href=\"/urgent-help\""));
        let leaflet_back = *easy == "/leaflets/easy-read-imha";
        assert!(back || leaflet_back, "{easy} has no link back to {full}");
    }
    assert!(
        SHELL.nav.iter().any(|n| n.href == "/easy-read"),
        "Easy Read is in the menu"
    );
    let (_, home) = fetch_raw("/");
    assert!(
        home.contains("href=\"/easy-read\""),
        "the home page links Easy Read"
    );
}

#[test]
fn every_checker_answer_links_its_easy_read_part() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/check/result");
    for entry in std::fs::read_dir(&dir).expect("the answers") {
        let path = entry.expect("a file").path();
        let text = std::fs::read_to_string(&path).expect("an answer");
        let after_heading = text.split("\n# ").nth(1).expect("a heading");
        let first_block = after_heading
            .split("\n\n")
            .nth(1)
            .expect("a line after the heading");
        assert!(
            first_block.contains("(/easy-read/imha#who-can-have-an-imha)"),
            "{}: the first line after the heading links the Easy Read part",
            path.display()
        );
    }
}

#[test]
fn the_pictures_page_lists_every_picture_shown_and_the_site_has_only_those() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    let (_, credits) = fetch_raw("/easy-read/pictures");
    let mut shown = std::collections::BTreeSet::new();
    for route in easy_read_routes() {
        let (_, html) = fetch_raw(route);
        for rest in html.split("src=\"/easy-read/pictures/").skip(1) {
            let name = rest.split('"').next().unwrap().to_string();
            assert!(
                credits.contains(&format!("src=\"/easy-read/pictures/{name}\"")),
                "{route}: {name} is not on the pictures page"
            );
            let (status, svg) = fetch_raw(&format!("/easy-read/pictures/{name}"));
            assert_eq!(status, 200, "{name}");
            let opening = svg.split('>').next().unwrap();
            assert!(
                opening.contains(" width=") && opening.contains(" height="),
                "{name}"
            );
            shown.insert(name);
        }
    }
    let files: std::collections::BTreeSet<String> =
        std::fs::read_dir(dist.join("easy-read/pictures"))
            .expect("the pictures in the site")
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".svg"))
            .collect();
    assert_eq!(
        files, shown,
        "the site has exactly the pictures its pages show"
    );
    for (set, licence) in [("Health Icons", "MIT"), ("OpenMoji", "CC BY-SA 4.0")] {
        assert!(credits.contains(set) && credits.contains(licence), "{set}");
    }
}
