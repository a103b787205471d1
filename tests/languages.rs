//! The site in Polish, Romanian, Punjabi and Nepali, on the release build: each language's pages
//! say their language and where their other versions are, a page not yet translated is the
//! English page under a line in the language (never a 404), and in Polish and Punjabi the checker
//! reaches its answer and a referral reaches the receiver saying its language, with the same
//! answer codes as in English, in Chromium at 320 px, also at 200 % text, with nothing for axe.

mod support;

use std::path::{Path, PathBuf};

use fantoccini::Client;
use support::walk::{walk_referral, PageAnswers};
use support::*;

/// Every language the site offers besides English.
const LANGUAGES: [&str; 4] = ["pl", "ro", "pa", "ne"];

fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist")
}

fn content(path: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn built(path: &str) -> String {
    std::fs::read_to_string(dist().join(path)).unwrap_or_else(|e| panic!("dist/{path}: {e}"))
}

/// A front-matter field of a content file, as written (without quotes).
fn field(path: &str, key: &str) -> String {
    content(path)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .unwrap_or_else(|| panic!("content/{path} has no {key}"))
        .trim_matches('"')
        .to_string()
}

/// The words of a notice before its phone number, as the page shows them.
fn notice_start(lang: &str, key: &str) -> String {
    let words = field(&format!("{lang}/_language.md"), key);
    words
        .split("{phone}")
        .next()
        .unwrap()
        .trim_end()
        .to_string()
}

/// The `# heading` of a content file.
fn heading(path: &str) -> String {
    content(path)
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or_else(|| panic!("content/{path} has no heading"))
        .to_string()
}

/// Every English page file the build wrote (`imha/index.html`…).
fn english_pages() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(dist().join(&folder)).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            if entry.path().is_dir() {
                if !LANGUAGES.contains(&name.as_str()) || !folder.is_empty() {
                    stack.push(path);
                }
            } else if name == "index.html" {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn each_page_names_its_language_and_its_versions_in_the_others() {
    let english = built("imha/index.html");
    assert!(english.contains("<html lang=\"en-GB\" dir=\"ltr\">"));
    assert!(english.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"/imha\"><link rel=\"alternate\" hreflang=\"en\" href=\"/imha\">"));
    for lang in LANGUAGES {
        let page = built(&format!("{lang}/imha/index.html"));
        assert!(
            page.contains(&format!("<html lang=\"{lang}\" dir=\"ltr\">")),
            "{lang}"
        );
        for (hreflang, href) in [
            ("x-default", "/imha".to_string()),
            ("en", "/imha".into()),
            (lang, format!("/{lang}/imha")),
        ] {
            let link = format!("<link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{href}\">");
            assert!(page.contains(&link), "{lang}: no {link}");
            assert!(
                english.contains(&format!("hreflang=\"{lang}\" href=\"/{lang}/imha\"")),
                "English lacks {lang}"
            );
        }
        // The page asks for its own language's words, and the same app as English.
        assert!(page.contains(&format!("href=\"/wording-{lang}-")), "{lang}");
        let app = |html: &str| {
            html.split("_bg.wasm")
                .next()
                .unwrap()
                .rsplit('"')
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(app(&page), app(&english), "one app for every language");
        // Every page's foot names every language in itself, and leads to this page in it.
        for other in LANGUAGES.iter().filter(|o| **o != lang) {
            let name = field(&format!("{other}/_language.md"), "name");
            let link = format!("<a href=\"/{other}/imha\" hreflang=\"{other}\" lang=\"{other}\" target=\"_self\">{name}</a>");
            assert!(page.contains(&link), "{lang}: no {link}");
        }
        assert!(page.contains(
            "<a href=\"/imha\" hreflang=\"en\" lang=\"en\" target=\"_self\">English</a>"
        ));
    }
}

#[test]
fn every_english_page_is_there_in_every_language_and_a_missing_one_says_so_in_it() {
    let pages = english_pages();
    assert!(pages.len() > 50, "{} pages", pages.len());
    for lang in LANGUAGES {
        for page in &pages {
            assert!(
                dist().join(lang).join(page).is_file(),
                "no dist/{lang}/{page}"
            );
        }
        // Leave from hospital is not translated: the English page, marked English, under a line
        // in the language with the phone number.
        let leave = built(&format!("{lang}/your-rights/leave/index.html"));
        let note = format!(
            "<div class=\"translation-note\"><p>{} <a href=\"tel:",
            notice_start(lang, "english_only")
        );
        assert!(leave.contains(&note), "{lang}: no {note}");
        assert!(
            leave.contains(&format!(
                "<div lang=\"en\"><h1>{}</h1>",
                heading("your-rights/leave.md")
            )),
            "{lang}"
        );
        assert!(
            !leave.contains(&format!(
                "hreflang=\"{lang}\" href=\"/{lang}/your-rights/leave\""
            )),
            "{lang}: not a version in {lang}"
        );
        // Its links stay in the language's pages.
        assert!(
            leave.contains(&format!("href=\"/{lang}/your-rights\"")),
            "{lang}"
        );
    }
}

#[test]
fn every_translated_page_says_it_is_a_translation_not_yet_checked_by_a_professional() {
    for lang in LANGUAGES {
        let translated = notice_start(lang, "translated");
        let not_reviewed = field(&format!("{lang}/_language.md"), "not_reviewed");
        let not_reviewed = not_reviewed.split("{phone}").next().unwrap().trim_end();
        for page in [
            "index.html",
            "imha/index.html",
            "contact/index.html",
            "easy-read/imha/index.html",
            "check/index.html",
        ] {
            let html = built(&format!("{lang}/{page}"));
            let note = format!(
                "<div class=\"translation-note\"><p>{translated} {not_reviewed} <a href=\"tel:"
            );
            assert!(html.contains(&note), "{lang}/{page}: no {note}");
        }
        // The checker's and the form's pages say it too, as the app draws them.
        let words = built_wording(lang);
        assert!(
            words.contains(&translated),
            "{lang}: the app's pages say they are translated"
        );
    }
}

/// A language's wording file, as built.
fn built_wording(lang: &str) -> String {
    let name = std::fs::read_dir(dist())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with(&format!("wording-{lang}-")))
        .unwrap_or_else(|| panic!("no wording-{lang}-….json"));
    built(&name)
}

/// The checker in a language, to the answer for someone detained under section 3, with every
/// link on the way staying in the language.
async fn check_in(client: &Client, lang: &str) {
    open(client, &format!("/{lang}/check/situation")).await;
    wait_for_app(client).await;
    assert_eq!(
        js_string(client, "return document.documentElement.lang").await,
        lang
    );
    for (key, value, next) in [
        ("situation", "detained", "section"),
        ("section", "3", "result"),
    ] {
        click(client, &format!("label[for='{key}-{value}']")).await;
        click(client, "main form button[type=submit]").await;
        wait_until(
            client,
            &format!("location.pathname === '/{lang}/check/{next}' && document.activeElement.tagName === 'H1'"),
            &format!("{lang}: {next}"),
        )
        .await;
    }
    let h1 = js_string(
        client,
        "return document.querySelector('main h1').textContent",
    )
    .await;
    assert_eq!(
        h1,
        heading(&format!("{lang}/check/result/eligible-detained.md")),
        "{lang}"
    );
    // The languages at the foot lead to this page, not to the one the visit started on.
    let english = js_string(
        client,
        "return document.querySelector('.language-switch a[hreflang=en]').getAttribute('href')",
    )
    .await;
    assert_eq!(english, "/check/result", "{lang}");
    let outside = js_string(
        client,
        &format!("return [...document.querySelectorAll('main a[href^=\"/\"]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('/{lang}/')).join(' ')"),
    )
    .await;
    assert_eq!(outside, "", "{lang}: links out of the language");
    assert_axe_clean(client, &format!("/{lang}/check/result")).await;
}

#[tokio::test]
async fn the_checker_reaches_its_answer_in_polish_and_punjabi() {
    with_browser(Screen::Phone320, |client| async move {
        for lang in ["pl", "pa"] {
            check_in(&client, lang).await;
        }
        assert!(console_errors(&client).await.is_empty());
    })
    .await;
}

/// A self-referral in Punjabi, the name typed in Gurmukhi.
const PUNJABI_SELF_REFERRAL: &[PageAnswers] = &[
    ("service", &[], &["service-community"]),
    ("who", &[], &["referrer-self"]),
    (
        "person",
        &[("full_name", "ਹਰਪ੍ਰੀਤ ਕੌਰ"), ("area", "Gravesend")],
        &["in_hospital-no"],
    ),
    (
        "contact",
        &[("contact_phone", "੦੭੭੦੦ ੯੦੦੯੮੨")],
        &["contact_method-phone", "safe_to_leave_message-yes"],
    ),
    ("help", &[("help_with", "ਮੈਨੂੰ ਮਦਦ ਚਾਹੀਦੀ ਹੈ।")], &[]),
    (
        "needs",
        &[("interpreter_language", "ਪੰਜਾਬੀ")],
        &["needs-interpreter"],
    ),
    ("consent", &[], &["consent-yes"]),
];

#[tokio::test]
async fn a_referral_in_polish_and_punjabi_arrives_with_its_language_and_the_same_codes() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Phone320, move |client| async move {
        for (lang, pages) in [("pl", SELF_REFERRAL), ("pa", PUNJABI_SELF_REFERRAL)] {
            client
                .goto(&format!("{site}/{lang}/refer/service"))
                .await
                .unwrap();
            wait_for_app(&client).await;
            walk_referral(&client, &format!("/{lang}"), &[], pages).await;
            wait_until(
                &client,
                &format!("location.pathname === '/{lang}/refer/check'"),
                "check your answers",
            )
            .await;
            assert_axe_clean(&client, &format!("/{lang}/refer/check")).await;
            click(&client, "main form button[type=submit]").await;
            wait_longer(
                &client,
                &format!("location.pathname === '/{lang}/refer/sent'"),
                &format!("{lang}: sent"),
                std::time::Duration::from_secs(30),
            )
            .await;
            assert_eq!(
                js_string(&client, "return document.documentElement.lang").await,
                lang
            );
        }
    })
    .await;
    let received = service.received();
    assert_eq!(received.len(), 2, "{received:?}");
    let (polish, punjabi) = (&received[0], &received[1]);
    assert_eq!(polish["language"], "pl");
    assert_eq!(punjabi["language"], "pa");
    for referral in [polish, punjabi] {
        assert_eq!(referral["schema"], 3);
        let answers = &referral["answers"];
        assert_eq!(answers["service"], "community");
        assert_eq!(answers["referrer"], "self");
        assert_eq!(answers["in_hospital"], "no");
        assert_eq!(answers["contact_method"], "phone");
        assert_eq!(answers["contact_phone"], "+447700900982");
        assert_eq!(answers["consent"], "yes");
    }
    assert_eq!(
        punjabi["answers"]["full_name"], "ਹਰਪ੍ਰੀਤ ਕੌਰ",
        "sent as typed"
    );
    assert_eq!(punjabi["answers"]["help_with"], "ਮੈਨੂੰ ਮਦਦ ਚਾਹੀਦੀ ਹੈ।");
    assert_eq!(
        punjabi["answers"]["needs"],
        serde_json::json!(["interpreter"])
    );
}

/// Problems at 320 px: the page wider than the screen, or a heading, link, label or block of
/// text reaching past the edge or out of its box.
const FITS: &str = r#"
    const problems = [];
    const W = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > W) problems.push('the page is ' + document.documentElement.scrollWidth + 'px wide');
    for (const e of document.querySelectorAll('main h1, main h2, main p, main li, main a, main label, main legend, .translation-note, .language-switch a')) {
        if (!e.checkVisibility() || e.closest('.trap, .visually-hidden, .skip-link')) continue;
        const r = e.getBoundingClientRect();
        if (r.right > W + 0.5 || r.left < -0.5) problems.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" spans ' + Math.round(r.left) + '..' + Math.round(r.right));
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline') problems.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" runs out of its box');
    }
    return problems;
"#;

#[tokio::test]
async fn polish_and_punjabi_pages_fit_320px_at_200_percent_text_with_nothing_for_axe() {
    with_browser(Screen::Phone320, |client| async move {
        for lang in ["pl", "pa", "ro", "ne"] {
            for route in [
                "",
                "/imha",
                "/contact",
                "/easy-read/imha",
                "/check/situation",
                "/refer/service",
                "/languages",
                "/your-rights",
            ] {
                let path = format!("/{lang}{route}");
                open(&client, &path).await;
                wait_for_app(&client).await;
                for size in ["", "200%"] {
                    js(
                        &client,
                        &format!("document.documentElement.style.fontSize = '{size}'; return 1"),
                    )
                    .await;
                    let problems = js(&client, FITS).await;
                    assert_eq!(
                        problems,
                        serde_json::json!([]),
                        "{path} at text size {size:?}"
                    );
                }
                js(
                    &client,
                    "document.documentElement.style.fontSize = ''; return 1",
                )
                .await;
                if lang == "pl" || lang == "pa" {
                    assert_axe_clean(&client, &path).await;
                }
            }
        }
    })
    .await;
}

/// What a poppler tool (Debian's poppler-utils) says about a PDF.
fn poppler(tool: &str, pdf: &Path) -> String {
    let out = std::process::Command::new(tool)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} (Debian poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_imha_leaflet_pdf_in_each_language_embeds_a_font_with_its_script() {
    // Polish and Romanian letters are in every Latin font; the Indic scripts need their own.
    for (lang, script) in [
        ("pl", ""),
        ("ro", ""),
        ("pa", "Gurmukhi"),
        ("ne", "Devanagari"),
    ] {
        let pdf = dist().join(lang).join("leaflets/imha.pdf");
        assert!(
            pdf.is_file(),
            "no {}: `make build` prints it",
            pdf.display()
        );
        let fonts = poppler("pdffonts", &pdf);
        let embedded: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter(|l| l.split_whitespace().rev().nth(4) == Some("yes"))
            .collect();
        assert!(
            embedded.iter().any(|l| l.contains(script)),
            "{lang}: no embedded {script} font:\n{fonts}"
        );
        let text = poppler("pdftotext", &pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let heading = heading(&format!("{lang}/leaflets/imha.md"));
        assert!(
            flat.contains(&heading),
            "{lang}: the PDF's text lacks {heading:?}:\n{flat}"
        );
        assert!(flat.contains("0300 34 35 714"), "{lang}: no phone number");
        let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
        assert!(
            raw.contains(&format!("/Lang ({lang})")),
            "{lang}: the PDF's language"
        );
    }
}

#[tokio::test]
async fn what_the_app_draws_in_punjabi_is_valid_html_with_nothing_for_axe() {
    with_browser(Screen::Phone320, |client| async move {
        for (page, what) in [
            ("/pa/check/situation", "the checker's error"),
            ("/pa/refer/service", "the form's error"),
        ] {
            open(&client, page).await;
            wait_for_app(&client).await;
            click(&client, "main form button[type=submit]").await;
            wait_until(
                &client,
                "document.activeElement.classList.contains('error-summary')",
                what,
            )
            .await;
            assert!(
                js_string(
                    &client,
                    "return document.querySelector('.error-summary').textContent"
                )
                .await
                .contains(&field("pa/check/_flow.md", "error_summary")),
                "{what} in Punjabi"
            );
            assert_valid_html(&client).await;
            assert_axe_clean(&client, what).await;
        }
    })
    .await;
}

#[test]
fn an_address_with_no_page_in_a_language_gets_that_languages_not_found_page() {
    for lang in LANGUAGES {
        let (status, html) = fetch_raw(&format!("/{lang}/no-such-page"));
        assert_eq!(status, 404, "{lang}");
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        assert!(html.contains(&heading(&format!("{lang}/404.md"))), "{lang}");
    }
    let (status, html) = fetch_raw("/no-such-page");
    assert_eq!(status, 404);
    assert!(html.contains("<html lang=\"en-GB\""));
}
