//! The app adopts the page it finds: when it starts on a page the build wrote, it keeps that
//! DOM (the same nodes, so nothing moves and nothing the person did is lost) and only attaches
//! behaviour; and a form sent before it started is handed over once it has.

mod support;

use advocacy::check::text::question_text;
use advocacy::referral::text::text;
use support::*;

/// Marks the page's `h1` node before the app starts, starts it, and says whether the `h1` on
/// screen once it has taken over is the same node.
async fn same_heading_after_takeover(client: &fantoccini::Client, site: &str, path: &str) -> bool {
    client.goto(&format!("{site}{path}")).await.unwrap();
    wait_until(
        client,
        "typeof window.releaseApp === 'function'",
        "boot.js to ask for the app",
    )
    .await;
    js(
        client,
        "document.querySelector('main h1').keptNode = true; return 1",
    )
    .await;
    js(client, "window.releaseApp(); return 1").await;
    wait_for_app(client).await;
    js(
        client,
        "return document.querySelector('main h1').keptNode === true",
    )
    .await
    .as_bool()
    .unwrap_or(false)
}

#[tokio::test]
async fn the_app_keeps_the_pre_rendered_page_as_it_is() {
    let site = site_with_held_app();
    with_browser(Screen::Phone360, move |client| async move {
        for path in ["/your-rights", "/check/situation", "/refer/service"] {
            assert!(
                same_heading_after_takeover(&client, &site, path).await,
                "{path}: the app drew the page again"
            );
            assert_eq!(
                console_errors(&client).await,
                Vec::<String>::new(),
                "{path}"
            );
        }
        // An address the build did not write as it is (answers in it) is drawn by the app.
        assert!(
            !same_heading_after_takeover(&client, &site, "/check/section?situation=detained").await,
            "a page with answers in its address is the app's own"
        );
    })
    .await;
}

#[tokio::test]
async fn an_answer_chosen_and_sent_before_the_app_started_goes_through_once_it_has() {
    let site = site_with_held_app();
    with_browser(Screen::Phone360, move |client| async move {
        client
            .goto(&format!("{site}/check/situation"))
            .await
            .unwrap();
        wait_until(
            &client,
            "typeof window.releaseApp === 'function'",
            "boot.js to ask for the app",
        )
        .await;
        click(&client, "label[for=situation-detained]").await;
        click(&client, "form.question button[type=submit]").await;
        assert_eq!(
            js_string(&client, "return location.pathname + ' ' + (document.getElementById('app').dataset.app || 'not live')").await,
            "/check/situation not live",
            "the Continue was held, not sent to the static host"
        );
        js(&client, "window.releaseApp(); return 1").await;
        wait_until(
            &client,
            "location.pathname === '/check/section'",
            "the next question",
        )
        .await;
        assert_eq!(
            js_string(&client, "return document.querySelector('main h1').textContent").await,
            question_text("section").unwrap().question.get()
        );

        // Typed before the app started: kept in the referral once it has.
        client.goto(&format!("{site}/refer/service")).await.unwrap();
        wait_until(
            &client,
            "typeof window.releaseApp === 'function'",
            "boot.js to ask for the app",
        )
        .await;
        click(&client, "label[for=service-imha]").await;
        js(&client, "window.releaseApp(); return 1").await;
        wait_for_app(&client).await;
        click(&client, "form button").await;
        wait_until(
            &client,
            "location.pathname === '/refer/who'",
            "the referral's next page",
        )
        .await;
        assert_eq!(
            js_string(&client, "return document.title").await,
            advocacy::content::document_title(text("who", "title"))
        );
    })
    .await;
}
