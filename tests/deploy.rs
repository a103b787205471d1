//! Browser tests of the ways the site is deployed: under a sub-path with the strict
//! Content-Security-Policy, on a plain static host, and framed by the service's own website.

mod support;

use std::path::PathBuf;

use advocacy::content::{NOT_FOUND, PAGES};
use advocacy::deploy::{security_headers, Deployment};
use fantoccini::Locator;
use site_server::{start_with, Options};
use support::*;

const SUB: &str = "/advocacy";

fn subpath_build() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dist-advocacy");
    assert!(
        dir.join("index.html").is_file(),
        "no /advocacy/ build in {}: run `make test`",
        dir.display()
    );
    dir
}

/// The headers the build generates for a deployment, as the static server sends them.
fn policy_headers(deployment: &Deployment) -> Vec<(String, String)> {
    security_headers(deployment)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect()
}

/// The /advocacy/ build behind the policy the build generates for it.
fn strict_subpath_server() -> String {
    let options = Options {
        prefix: SUB.into(),
        headers: policy_headers(&Deployment::default()),
        files: vec![],
    };
    start_with(subpath_build(), "127.0.0.1:0", options)
        .unwrap()
        .url()
}

#[tokio::test]
async fn under_a_subpath_with_the_strict_policy_every_route_runs_with_no_violation() {
    let base = strict_subpath_server();
    with_browser(Screen::Desktop, move |client| async move {
        // The policy really is enforced: an inline script is refused.
        client.goto(&format!("{base}{SUB}/")).await.unwrap();
        let ran = js(
            &client,
            "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.head.append(s); return window.__inline === 1",
        )
        .await;
        assert_eq!(ran, false, "the Content-Security-Policy is not in force");
        let refused = console_errors(&client).await;
        assert!(refused.iter().any(|e| e.contains("Content Security Policy")), "{refused:?}");
        let mut paths: Vec<String> = PAGES.iter().map(|p| p.route.to_string()).collect();
        paths.extend(["/check/situation".into(), "/check/result?situation=cto".into(), "/nowhere".into()]);
        for path in &paths {
            client.goto(&format!("{base}{SUB}{path}")).await.unwrap();
            wait_for_app(&client).await;
            if let Some(page) = PAGES.iter().find(|p| p.route == path) {
                let h1 = js_string(&client, "return document.querySelector('h1').textContent").await;
                assert_eq!(h1, page.heading, "the app shows the right page at {SUB}{path}");
            }
            let outside = js(
                &client,
                "return [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('/advocacy/'))",
            )
            .await;
            assert_eq!(outside, serde_json::json!([]), "links leaving /advocacy/ on {path}");
            let errors: Vec<_> = console_errors(&client)
                .await
                .into_iter()
                .filter(|e| !(path == "/nowhere" && e.contains("404")))
                .collect();
            assert!(errors.is_empty(), "console errors (policy violations included) on {path}: {errors:#?}");
        }
        // Moving inside the app keeps to the sub-path, and the checker works there.
        client.goto(&format!("{base}{SUB}/")).await.unwrap();
        wait_for_app(&client).await;
        click_where_shown(&client, "nav a[href='/advocacy/imha']").await;
        wait_until(&client, "location.pathname === '/advocacy/imha' && document.activeElement.tagName === 'H1'", "the IMHA page").await;
        client.goto(&format!("{base}{SUB}/check/situation")).await.unwrap();
        wait_for_app(&client).await;
        click(&client, "label[for=situation-cto]").await;
        click(&client, "form.question button[type=submit]").await;
        wait_until(&client, "location.pathname + location.search === '/advocacy/check/result?situation=cto'", "the answer page").await;
        let back = js_string(&client, "return document.querySelector('.summary-list a').getAttribute('href')").await;
        assert_eq!(back, "/advocacy/check/situation?situation=cto");
        // And in another language: its pages in its folder inside the sub-path.
        client.goto(&format!("{base}{SUB}/pa/check/situation")).await.unwrap();
        wait_for_app(&client).await;
        click(&client, "label[for=situation-cto]").await;
        click(&client, "form.question button[type=submit]").await;
        wait_until(&client, "location.pathname + location.search === '/advocacy/pa/check/result?situation=cto' && document.documentElement.lang === 'pa'", "the answer page in Punjabi").await;
        let back = js_string(&client, "return document.querySelector('.summary-list a').getAttribute('href')").await;
        assert_eq!(back, "/advocacy/pa/check/situation?situation=cto");
        assert!(console_errors(&client).await.is_empty());
    })
    .await;
}

#[test]
fn a_plain_static_server_serves_every_deep_link_under_the_subpath() {
    let base = strict_subpath_server();
    for page in PAGES {
        let (status, response) = fetch_from(&base, &format!("{SUB}{}", page.route));
        assert_eq!(status, 200, "{}", page.route);
        assert!(
            response.contains(&format!(">{}</h1>", page.heading.replace('&', "&amp;"))),
            "{}",
            page.route
        );
        assert!(response.contains("src=\"/advocacy/boot-"), "{}", page.route);
        assert!(
            !response.contains("href=\"/imha\""),
            "{}: a link outside the sub-path",
            page.route
        );
    }
    for step in [
        "/check/situation",
        "/check/result?situation=cto",
        "/refer/service",
        "/refer/who",
        "/refer/person",
        "/refer/check",
        "/refer/sent",
        "/refer/permission-needed",
        "/refer/under-18",
    ] {
        assert_eq!(fetch_from(&base, &format!("{SUB}{step}")).0, 200, "{step}");
    }
    let (status, missing) = fetch_from(&base, &format!("{SUB}/nowhere"));
    assert!(status == 404 && missing.contains(NOT_FOUND.heading));
    assert!(fetch_from(&base, &format!("{SUB}/config.json"))
        .1
        .contains("referral_endpoint"));
}

/// The app (root build) and two host pages on other origins; only the first host is listed.
fn embedding_servers() -> (String, String, String) {
    let host_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/host");
    let listed = start_with(&host_dir, "127.0.0.1:0", Options::default())
        .unwrap()
        .url();
    let unlisted = start_with(&host_dir, "127.0.0.1:0", Options::default())
        .unwrap()
        .url();
    let config = format!(
        r#"{{ "phone": "0300 34 35 714", "referral_endpoint": "", "embed_origins": ["{listed}"] }}"#
    );
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    let options = Options {
        files: vec![("/config.json".into(), config.into_bytes())],
        ..Default::default()
    };
    let app = start_with(dist, "127.0.0.1:0", options).unwrap().url();
    (app, listed, unlisted)
}

#[tokio::test]
async fn the_frame_grows_to_the_app_and_only_a_listed_host_hears_from_it() {
    let (app, listed, unlisted) = embedding_servers();
    with_browser(Screen::Desktop, move |client| async move {
        client.goto(&format!("{listed}/host.html?app={app}")).await.unwrap();
        let frame_height = "return document.querySelector('iframe').getBoundingClientRect().height";
        wait_until(&client, "document.querySelector('iframe') && document.querySelector('iframe').getBoundingClientRect().height > 600", "the frame to grow").await;
        let first = js(&client, frame_height).await.as_f64().unwrap();
        let inner = js(&client, "return __messages.filter(m => m.data.type === 'advocacy:height').pop().data.height").await;
        assert_eq!(first, inner.as_f64().unwrap().ceil(), "the frame is exactly as tall as the app");
        let origins = js(&client, "return [...new Set(__messages.map(m => m.origin))]").await;
        assert_eq!(origins, serde_json::json!([app]), "messages come only from the app");

        // Move to a shorter page inside the frame: the frame follows, and the host is told.
        let frame = client.find(Locator::Css("iframe")).await.unwrap();
        frame.enter_frame().await.unwrap();
        wait_for_app(&client).await;
        click_where_shown(&client, "nav a[href='/contact']").await;
        client.enter_parent_frame().await.unwrap();
        wait_until(&client, &format!("Math.abs(document.querySelector('iframe').getBoundingClientRect().height - {first}) > 50"), "the frame to follow the new page").await;
        wait_until(&client, "__messages.some(m => m.data.type === 'advocacy:navigated')", "the navigation message").await;

        // A host that is not listed can frame the page but hears nothing at all.
        client.goto(&format!("{unlisted}/host.html?app={app}")).await.unwrap();
        let frame = client.find(Locator::Css("iframe")).await.unwrap();
        frame.enter_frame().await.unwrap();
        wait_for_app(&client).await;
        client.enter_parent_frame().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(js(&client, "return __messages.length").await, 0, "an unlisted host heard from the app");
        let untouched = js(&client, "return document.querySelector('iframe').style.height === ''").await;
        assert_eq!(untouched, true, "an unlisted host's frame was resized");
    })
    .await;
}

/// Answers for every page of a self-referral.
const SELF_REFERRAL: &[PageAnswers] = &[
    ("service", &[], &["service-community"]),
    ("who", &[], &["referrer-self"]),
    (
        "person",
        &[("full_name", "Ann Lee"), ("area", "Gravesend")],
        &["in_hospital-no"],
    ),
    (
        "contact",
        &[("contact_email", "ann@example.org")],
        &["contact_method-email", "safe_to_leave_message-yes"],
    ),
    ("help", &[("help_with", "Help at a care review")], &[]),
    ("needs", &[], &[]),
    ("consent", &[], &["consent-yes"]),
];

/// Answers for every page of an IMHA self-referral begun from the checker (the service, the
/// situation and the section come from its link).
const IMHA_FROM_CHECKER: &[PageAnswers] = &[
    ("service", &[], &[]),
    ("who", &[], &["referrer-self"]),
    (
        "person",
        &[
            ("full_name", "Bo Lee"),
            ("area", "Dartford"),
            ("hospital", "Little Brook"),
            ("ward", "Ward 2"),
        ],
        &["in_hospital-yes"],
    ),
    ("situation", &[], &["safety-no"]),
    ("contact", &[], &["contact_method-ward-staff"]),
    ("help", &[("help_with", "My tribunal")], &[]),
    ("needs", &[], &[]),
    ("consent", &[], &["consent-yes"]),
];

/// Answers each page of a referral by clicking and typing, then sends it.
async fn refer(client: &fantoccini::Client, given: Given, pages: &[PageAnswers]) {
    walk_referral(client, SUB, given, pages).await;
    wait_until(
        client,
        "location.pathname === '/advocacy/refer/check'",
        "the check page",
    )
    .await;
    let outside = js(
        client,
        "return [...document.querySelectorAll('a[href^=\"/\"], form[action]')].map(a => a.getAttribute('href') || a.getAttribute('action')).filter(h => !h.startsWith('/advocacy/'))",
    )
    .await;
    assert_eq!(
        outside,
        serde_json::json!([]),
        "links leaving /advocacy/ on the check page"
    );
    click(client, "form[data-page=check] button").await;
    wait_until(
        client,
        "location.pathname === '/advocacy/refer/sent'",
        "the confirmation",
    )
    .await;
}

#[tokio::test]
async fn the_whole_referral_runs_under_the_strict_policy_at_the_subpath() {
    let (receiver, file) = start_receiver(vec![]);
    let deployment = Deployment {
        referral_endpoint: receiver.endpoint(),
        embed_origins: vec![],
    };
    let headers = policy_headers(&deployment);
    let options = Options {
        prefix: SUB.into(),
        headers,
        files: vec![(
            format!("{SUB}/config.json"),
            config_json(&receiver.endpoint()),
        )],
    };
    let base = start_with(subpath_build(), "127.0.0.1:0", options)
        .unwrap()
        .url();
    receiver.allow_origin(&base);
    with_browser(Screen::Phone320, move |client| async move {
        client.goto(&format!("{base}{SUB}/refer")).await.unwrap();
        wait_for_app(&client).await;
        click(&client, "a[href='/advocacy/refer/service']").await;
        refer(&client, &[], SELF_REFERRAL).await;
        client
            .goto(&format!(
                "{base}{SUB}/check/result?situation=detained&section=3"
            ))
            .await
            .unwrap();
        wait_for_app(&client).await;
        click(
            &client,
            "a[href='/advocacy/refer/service?service=imha&situation=detained&section=3']",
        )
        .await;
        refer(
            &client,
            &[
                ("service", "imha"),
                ("situation", "detained"),
                ("section", "3"),
            ],
            IMHA_FROM_CHECKER,
        )
        .await;
        let errors = console_errors(&client).await;
        assert!(
            errors.is_empty(),
            "console errors (policy violations included): {errors:#?}"
        );
    })
    .await;
    let received = std::fs::read_to_string(&file).unwrap_or_default();
    assert_eq!(received.lines().count(), 2, "{received}");
    assert!(received.contains("\"full_name\":\"Ann Lee\""), "{received}");
    assert!(
        received.contains("\"service\":\"imha\"") && received.contains("\"section\":\"3\""),
        "{received}"
    );
}

/// The service worker (offline reading) registers for the sub-path only, under the strict
/// policy, and takes control of the app's pages there with no violation.
#[tokio::test]
async fn under_a_subpath_the_service_worker_registers_for_the_subpath_with_the_strict_policy() {
    let base = strict_subpath_server();
    with_browser(Screen::Desktop, move |client| async move {
        client.goto(&format!("{base}{SUB}/imha")).await.unwrap();
        wait_for_app(&client).await;
        js(
            &client,
            "navigator.serviceWorker.ready.then(r => window.__scope = r.scope); return true",
        )
        .await;
        wait_until(&client, "window.__scope", "the service worker").await;
        assert_eq!(
            js_string(&client, "return window.__scope").await,
            format!("{base}{SUB}/")
        );
        wait_until(
            &client,
            "navigator.serviceWorker.controller",
            "the worker to take control",
        )
        .await;
        // Pages still arrive (through the worker) and run with the policy in force.
        client
            .goto(&format!("{base}{SUB}/check/situation"))
            .await
            .unwrap();
        wait_for_app(&client).await;
        let errors = console_errors(&client).await;
        assert!(errors.is_empty(), "{errors:#?}");
    })
    .await;
}
