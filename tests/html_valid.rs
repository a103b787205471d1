//! Valid HTML: the Nu HTML Checker (vnu, the W3C's checker) finds no error in any file the build
//! makes, nor in the pages as the app draws them in the browser (questions, error summaries,
//! every answer of the checker, each screen of the referral up to the confirmation).

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Client;
use referral_receiver::Fault;
use support::*;

/// Every `.html` file under a folder, sorted.
fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "html") {
            out.push(path);
        }
    }
}

#[test]
fn every_built_page_is_valid_html() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["dist", "target/dist-advocacy"] {
        let dir = root.join(dir);
        assert!(
            dir.join("index.html").is_file(),
            "no build in {}: run `make build build-subpath` (make test does)",
            dir.display()
        );
        let before = files.len();
        html_files(&dir, &mut files);
        assert!(
            files.len() - before > 10,
            "only {} pages in {}",
            files.len() - before,
            dir.display()
        );
    }
    let errors = vnu_errors(&files);
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} errors in the {} built pages:\n{}",
        errors.len(),
        files.len(),
        errors.join("\n")
    );
}

/// Opens an address of a site and waits for the app to take over.
async fn goto(client: &Client, site: &str, path: &str) {
    client
        .goto(&format!("{site}{path}"))
        .await
        .expect("navigate");
    wait_for_app(client).await;
}

/// Submits the form on screen and waits for the error summary to take focus.
async fn submit_for_errors(client: &Client) {
    click(client, "main form button[type=submit]").await;
    wait_until(
        client,
        "document.activeElement.classList.contains('error-summary')",
        "focus on the error summary",
    )
    .await;
}

/// The nearest relative asking for an IMHA: every page of the referral, with an error summary
/// shown first on the pages in [`ERRORS_SHOWN_ON`].
const NEAREST_RELATIVE_IMHA: &[PageAnswers] = &[
    ("service", &[], &["service-imha"]),
    ("who", &[], &["referrer-someone-else"]),
    (
        "referrer",
        &[
            ("referrer_name", "Aoife O'Brien"),
            ("referrer_relationship", "Sister"),
            ("referrer_phone", "01622 123456"),
        ],
        &["nearest_relative-yes"],
    ),
    ("knows", &[], &["person_knows-yes"]),
    (
        "person",
        &[
            ("full_name", "Zoë Nguyễn-Smith"),
            ("date_of_birth.day", "7"),
            ("date_of_birth.month", "3"),
            ("date_of_birth.year", "1990"),
            ("area", "Maidstone"),
            ("postcode", "ME14 1XX"),
            ("hospital", "Priority House"),
            ("ward", "Willow Ward"),
        ],
        &["in_hospital-yes"],
    ),
    (
        "situation",
        &[("safety_details", "Meet in the family room.")],
        &["situation-detained", "section-3", "safety-yes"],
    ),
    (
        "contact",
        &[("contact_phone", "07700 900982")],
        &["contact_method-phone", "safe_to_leave_message-no"],
    ),
    ("help", &[("help_with", "A ward round on Tuesday.")], &[]),
    ("needs", &[], &["needs-bsl"]),
    ("consent", &[], &["consent-yes"]),
];

/// The referral pages whose error summary is checked too.
const ERRORS_SHOWN_ON: &[&str] = &["service", "who", "referrer", "knows", "situation"];

#[tokio::test]
async fn every_state_the_app_draws_is_valid_html() {
    let service = service(None, vec![Fault::Status(500)]);
    let site = service.site.clone();
    let pages = std::env::temp_dir().join(format!("advocacy-live-html-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&pages);
    std::fs::create_dir_all(&pages).expect("a temporary folder");
    let folder = pages.clone();
    let saved = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let files = saved.clone();
    with_browser(Screen::Desktop, move |client| async move {
        let save = |name: String| {
            let (client, folder, files) = (client.clone(), folder.clone(), files.clone());
            async move {
                let file = save_live_html(&client, &folder, &name).await;
                files.lock().unwrap().push(file);
            }
        };
        // The checker: its start, every question, an error summary, every answer.
        goto(&client, &site, "/check").await;
        // One page checked on its own, as other tests can; the rest in one run at the end.
        assert_valid_html(&client).await;
        let (questions, outcomes) = checker_steps();
        for (key, answers) in &questions {
            goto(&client, &site, &format!("/check/{key}?{answers}")).await;
            wait_until(&client, "document.querySelector('main form')", key).await;
            save(format!("check-{key}")).await;
        }
        goto(&client, &site, "/check/section?situation=detained").await;
        submit_for_errors(&client).await;
        save("check-section-error-summary".into()).await;
        for (id, answers) in &outcomes {
            goto(&client, &site, &format!("/check/result?{answers}")).await;
            wait_until(
                &client,
                &format!("document.querySelector('[data-outcome]')?.dataset.outcome === {id:?}"),
                id,
            )
            .await;
            save(format!("check-result-{id}")).await;
        }

        // The referral: the nearest relative asking for an IMHA, with errors on the way.
        goto(&client, &site, "/refer").await;
        save("refer-start".into()).await;
        goto(&client, &site, "/refer/service").await;
        for answered in 1..=NEAREST_RELATIVE_IMHA.len() {
            let (page, _, _) = NEAREST_RELATIVE_IMHA[answered - 1];
            save(format!("refer-{page}")).await;
            if ERRORS_SHOWN_ON.contains(&page) {
                submit_for_errors(&client).await;
                save(format!("refer-{page}-error-summary")).await;
            }
            answer_page(&client, "", &[], &NEAREST_RELATIVE_IMHA[..answered]).await;
        }
        save("refer-check-your-answers".into()).await;
        // "Clear my answers" asks first; a reload then keeps the answers (the tab's draft).
        goto(&client, &site, "/refer/clear").await;
        wait_until(
            &client,
            "document.querySelector('form[data-page=clear]')",
            "the clear page",
        )
        .await;
        save("refer-clear".into()).await;
        goto(&client, &site, "/refer/check").await;
        wait_until(
            &client,
            "document.querySelector('form[data-page=check]')",
            "the answers kept",
        )
        .await;
        // The receiver fails the first time, then takes the referral.
        click(&client, "form[data-page=check] button").await;
        wait_longer(
            &client,
            "document.activeElement.id === 'send-failure'",
            "the failure to be shown",
            Duration::from_secs(20),
        )
        .await;
        save("refer-send-failed".into()).await;
        click(&client, "form[data-page=check] button").await;
        wait_until(
            &client,
            "location.pathname === '/refer/sent' && document.querySelector('.reference')",
            "the confirmation",
        )
        .await;
        save("refer-sent".into()).await;
        goto(&client, &site, "/refer/under-18").await;
        wait_until(
            &client,
            "document.querySelector('main h1')",
            "the under-18 page",
        )
        .await;
        save("refer-under-18".into()).await;
    })
    .await;
    assert_eq!(
        service.receiver.posts(),
        2,
        "the referral was sent, failed once, then arrived"
    );
    let files = saved.lock().unwrap().clone();
    let errors = vnu_errors(&files);
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} errors in the {} pages as the app drew them (kept in {}):\n{}",
        errors.len(),
        files.len(),
        pages.display(),
        errors.join("\n")
    );
    let _ = std::fs::remove_dir_all(&pages);
}
