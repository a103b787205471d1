//! Browser tests of the referral kept in the tab (`src/referral/draft.rs`): the release build in
//! Chromium on a 360 px phone, posting to the real local receiver. A reload brings the answers
//! back; a new tab, "Clear my answers" and 20 hours do not; a send made offline goes by itself,
//! once, when the browser is back online; nothing stays once sent.

mod support;

use std::time::Duration;

use advocacy::content::document_title;
use advocacy::referral::text::text;
use fantoccini::Client;
use referral_receiver::Fault;
use serde_json::{json, Value};
use support::*;

async fn set_online(client: &Client, online: bool) {
    devtools(client, "Network.enable", json!({})).await;
    devtools(
        client,
        "Network.emulateNetworkConditions",
        json!({ "offline": !online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
}

/// [`with_browser`], giving back what the body returns.
async fn with_browser_value<T, F, Fut>(screen: Screen, body: F) -> T
where
    T: Send + 'static,
    F: FnOnce(Client) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let out = std::sync::Arc::new(std::sync::Mutex::new(None));
    let slot = out.clone();
    with_browser(screen, move |client| async move {
        let value = body(client).await;
        *slot.lock().unwrap() = Some(value);
    })
    .await;
    let value = out.lock().unwrap().take();
    value.expect("the test gave a value")
}

async fn answers_shown(client: &Client) -> String {
    js_string(
        client,
        "return [...document.querySelectorAll('.summary-list')].map(l => l.innerText).join('|')",
    )
    .await
}

async fn reload(client: &Client) {
    client.refresh().await.expect("reload");
    wait_for_app(client).await;
}

/// The stored draft, or "" when there is none.
async fn stored_draft(client: &Client) -> String {
    js_string(
        client,
        "return sessionStorage.getItem('referral-draft') ?? ''",
    )
    .await
}

/// Nothing of the answers anywhere the browser keeps things: web storage, cookies, the address.
async fn nothing_kept_anywhere(client: &Client) {
    let kept = js_string(
        client,
        "return JSON.stringify([sessionStorage.length, localStorage.length, document.cookie, location.search + location.hash])",
    )
    .await;
    assert_eq!(kept, r#"[0,0,"",""]"#);
    let address = js_string(client, "return location.href").await;
    assert!(
        !address.contains("Nguy") && !address.contains("07700"),
        "{address}"
    );
}

#[tokio::test]
async fn a_reload_keeps_the_answers_a_new_tab_and_clearing_do_not() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Phone360, move |client| async move {
        fill_to_check(&client, &site).await;
        let before = answers_shown(&client).await;
        assert!(before.contains("Zoë Nguyễn-Smith"), "{before}");
        let draft = stored_draft(&client).await;
        assert!(draft.contains("\"version\":1"), "{draft}");
        assert_eq!(
            js_string(&client, "return JSON.stringify([localStorage.length, document.cookie, location.search])").await,
            r#"[0,"",""]"#
        );

        // A reload (and a discarded tab, which reloads) comes back to the same page and answers.
        reload(&client).await;
        wait_for_title(&client, "_check").await;
        assert_eq!(answers_shown(&client).await, before);
        // Back into the form, and Forward again.
        client.back().await.expect("back");
        wait_for_title(&client, "consent").await;
        assert!(
            js(&client, "return document.getElementById('consent-yes').checked").await == json!(true)
        );
        client.forward().await.expect("forward");
        wait_for_title(&client, "_check").await;
        assert_eq!(answers_shown(&client).await, before);

        // A new tab starts empty.
        let first = client.window().await.expect("this tab");
        let second = client.new_window(true).await.expect("a new tab");
        client.switch_to_window(second.handle).await.expect("switch");
        client
            .goto(&format!("{site}/refer/check"))
            .await
            .expect("navigate");
        wait_for_app(&client).await;
        wait_for_title(&client, "service").await;
        assert_eq!(stored_draft(&client).await, "");
        client.close_window().await.expect("close the tab");
        client.switch_to_window(first).await.expect("switch back");

        // "Clear my answers" asks first, then clears; a reload brings nothing back.
        let clear = text("_draft", "clear_button");
        wait_until(
            &client,
            &format!("[...document.querySelectorAll('a.button-secondary')].some(a => a.textContent === {clear:?})"),
            "Clear my answers on Check your answers",
        )
        .await;
        click(&client, "a.button-secondary").await;
        wait_until(
            &client,
            &format!(
                "document.title === {:?}",
                document_title(text("_draft", "clear_title"))
            ),
            "the clear page",
        )
        .await;
        assert_axe_clean(&client, "/refer/clear").await;
        assert_ne!(stored_draft(&client).await, "", "nothing cleared before confirming");
        click(&client, "form[data-page=clear] button").await;
        wait_until(
            &client,
            &format!(
                "document.querySelector('.notice')?.textContent.includes({:?})",
                text("_draft", "cleared")
            ),
            "the cleared note",
        )
        .await;
        assert_axe_clean(&client, "/refer after clearing").await;
        assert_eq!(stored_draft(&client).await, "");
        client
            .goto(&format!("{site}/refer/check"))
            .await
            .expect("navigate");
        wait_for_app(&client).await;
        wait_for_title(&client, "service").await;
        assert!(
            js(&client, "return document.querySelector('input:checked') === null").await == json!(true),
            "no answer came back"
        );
        nothing_kept_anywhere(&client).await;
    })
    .await;
    assert_eq!(service.receiver.posts(), 0);
}

#[tokio::test]
async fn answers_go_20_hours_after_the_last_change_and_a_bad_draft_starts_fresh() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Phone360, move |client| async move {
        fill_to_check(&client, &site).await;
        // The last change 21 hours ago, as a phone left for the night would find it.
        js(
            &client,
            "const d = JSON.parse(sessionStorage.getItem('referral-draft')); d.changed_at -= 21 * 3600 * 1000; sessionStorage.setItem('referral-draft', JSON.stringify(d)); return 1",
        )
        .await;
        reload(&client).await;
        wait_for_title(&client, "service").await;
        assert!(
            js_string(&client, "return document.querySelector('.notice')?.textContent ?? ''")
                .await
                .contains(text("_draft", "expired"))
        );
        assert_eq!(stored_draft(&client).await, "");

        // A draft of another version, or damaged, is thrown away with a one-line note.
        for bad in [
            r#"{"version":2,"answers":[],"step":"/refer/who","reference":null,"pending":false,"changed_at":0}"#,
            "{not json",
            r#"{"version":1,"answers":[["is_admin","yes"]],"step":"/refer/who","reference":null,"pending":false,"changed_at":0}"#,
        ] {
            js(
                &client,
                &format!("sessionStorage.setItem('referral-draft', {:?}.replace('\"changed_at\":0', '\"changed_at\":' + Date.now())); return 1", bad),
            )
            .await;
            reload(&client).await;
            wait_for_title(&client, "service").await;
            assert!(
                js_string(&client, "return document.querySelector('.notice')?.textContent ?? ''")
                    .await
                    .contains(text("_draft", "discarded")),
                "{bad}"
            );
            assert_eq!(stored_draft(&client).await, "", "{bad}");
            assert_axe_clean(&client, "the discarded note").await;
            assert!(console_errors(&client).await.is_empty(), "{bad}");
        }
    })
    .await;
}

#[tokio::test]
async fn sent_offline_it_waits_then_goes_once_by_itself_when_back_online() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    let received = service.file.clone();
    let shown = with_browser_value(Screen::Phone360, move |client| async move {
        fill_to_check(&client, &site).await;
        set_online(&client, false).await;
        wait_until(
            &client,
            "navigator.onLine === false",
            "the browser to be offline",
        )
        .await;
        click(&client, "form[data-page=check] button").await;
        let message = text("_draft", "failed_offline");
        wait_until(
            &client,
            &format!("document.getElementById('send-failure')?.innerText.includes({message:?})"),
            "the not-sent-yet message",
        )
        .await;
        assert_eq!(
            js_string(
                &client,
                "return document.querySelector('form[data-page=check] button').textContent"
            )
            .await,
            text("_draft", "try_again_now")
        );
        assert_axe_clean(&client, "waiting for a network").await;
        let draft = stored_draft(&client).await;
        assert!(draft.contains("\"pending\":true"), "{draft}");
        assert_eq!(std::fs::read_to_string(&received).unwrap_or_default(), "");
        // The signal comes back: no tap.
        tokio::time::sleep(Duration::from_millis(500)).await;
        set_online(&client, true).await;
        wait_for_title(&client, "_sent").await;
        let reference = js_string(
            &client,
            "return document.querySelector('.reference').textContent",
        )
        .await;
        assert!(
            js_string(&client, "return document.querySelector('main').innerText")
                .await
                .contains(text("_draft", "sent_on").replace("{date}", "").trim()),
        );
        assert_axe_clean(&client, "/refer/sent").await;
        nothing_kept_anywhere(&client).await;
        let page = js_string(&client, "return document.body.innerText").await;
        assert!(!page.contains("Nguy") && !page.contains("07700"), "{page}");
        reference
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(service.receiver.posts(), 1, "exactly one request");
    let got = service.received();
    assert_eq!(got.len(), 1);
    // The receiver refuses a referral whose Idempotency-Key is not its reference.
    assert_eq!(got[0]["reference"], json!(shown));
}

#[tokio::test]
async fn a_reload_while_waiting_keeps_the_send_and_its_reference() {
    let service = service(None, vec![Fault::Drop]);
    let site = service.site.clone();
    let shown = with_browser_value(Screen::Phone360, move |client| async move {
        fill_to_check(&client, &site).await;
        click(&client, "form[data-page=check] button").await;
        wait_until(
            &client,
            &format!(
                "document.getElementById('send-failure')?.innerText.includes({:?})",
                text("_check", "failed_network")
            ),
            "the failure",
        )
        .await;
        let draft: Value = serde_json::from_str(&stored_draft(&client).await).expect("a draft");
        assert_eq!(draft["pending"], json!(true));
        let reference = draft["reference"]
            .as_str()
            .expect("a reference")
            .to_string();
        // The tab reloads (or is discarded and restored) online: the waiting send goes.
        reload(&client).await;
        wait_for_title(&client, "_sent").await;
        let shown = js_string(
            &client,
            "return document.querySelector('.reference').textContent",
        )
        .await;
        assert_eq!(shown, reference, "the same reference after the reload");
        nothing_kept_anywhere(&client).await;
        shown
    })
    .await;
    assert_eq!(
        service.receiver.posts(),
        2,
        "the dropped try and the one after the reload"
    );
    let got = service.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["reference"], json!(shown));
}

#[tokio::test]
async fn with_storage_blocked_the_form_works_in_memory_with_a_note() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Phone360, move |client| async move {
        devtools(
            &client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };" }),
        )
        .await;
        fill_to_check(&client, &site).await;
        assert!(
            js_string(&client, "return document.querySelector('.notice')?.textContent ?? ''")
                .await
                .contains(text("_draft", "not_kept"))
        );
        assert_axe_clean(&client, "storage blocked").await;
        click(&client, "form[data-page=check] button").await;
        wait_for_title(&client, "_sent").await;
        nothing_kept_anywhere(&client).await;
    })
    .await;
    assert_eq!(service.received().len(), 1);
}
