//! Browser tests of the referral form (IMHA, community advocacy, not sure): the release build in Chromium, posting to the
//! real local receiver on loopback, which can also play a failing service.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use advocacy::content::document_title;
use advocacy::referral::text::{form_text, text};
use fantoccini::key::Key;
use fantoccini::Client;
use referral_receiver::Fault;
use serde_json::{json, Value};
use support::*;

async fn goto(client: &Client, site: &str, path: &str) {
    client
        .goto(&format!("{site}{path}"))
        .await
        .expect("navigate");
    wait_for_app(client).await;
}

async fn tab_to(client: &Client, css: &str) {
    for _ in 0..60 {
        if js(
            client,
            &format!("return document.activeElement.matches({css:?})"),
        )
        .await
            == json!(true)
        {
            return;
        }
        press(client, &[Key::Tab]).await;
    }
    panic!("Tab never reached {css}");
}

async fn type_text(client: &Client, text: &str) {
    client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(text)
        .await
        .expect("typing");
}

/// Tabs to a radio group and chooses the option at `index` with the arrow keys (or Space for the
/// first), as a keyboard user does.
async fn choose(client: &Client, name: &str, index: usize) {
    tab_to(client, &format!("[name='{name}']")).await;
    if index == 0 {
        press(client, &[Key::Space]).await;
    }
    for _ in 0..index {
        press(client, &[Key::Down]).await;
    }
}

async fn fill(client: &Client, id: &str, value: &str) {
    tab_to(client, &format!("[id='{id}']")).await;
    type_text(client, value).await;
}

async fn continue_by_keyboard(client: &Client, next_title: &str) {
    tab_to(client, "form button[type=submit]").await;
    press(client, &[Key::Enter]).await;
    wait_until(
        client,
        &format!("document.title === {:?}", document_title(next_title)),
        next_title,
    )
    .await;
    nothing_personal_kept(client).await;
}

/// No personal data in local storage, cookies or the address, after any step; in this tab's
/// session storage only the draft of the referral (tests/draft.rs tests it).
async fn nothing_personal_kept(client: &Client) {
    let kept = js_string(
        client,
        "return [localStorage.length, Object.keys(sessionStorage).filter(k => k !== 'referral-draft').length, document.cookie, location.pathname + location.search + location.hash].join('|')",
    )
    .await;
    let (counts, address) = kept.split_at(kept.find('/').unwrap_or(0));
    assert_eq!(counts, "0|0||", "storage or cookies used: {kept}");
    assert!(
        address.starts_with("/refer") && !address.contains('=')
            || address.ends_with("?return=check"),
        "the address holds more than the step: {address}"
    );
}

fn page_title(page: &str) -> String {
    text(page, "title").to_string()
}

/// Fills every page as a family member referring someone, by keyboard alone, up to the check page.
async fn fill_someone_else(client: &Client, site: &str) {
    goto(client, site, "/refer").await;
    assert_axe_clean(client, "/refer").await;
    tab_to(client, "a[href='/refer/service']").await;
    press(client, &[Key::Enter]).await;
    wait_until(
        client,
        &format!(
            "document.title === {:?}",
            document_title(&page_title("service"))
        ),
        "service",
    )
    .await;
    assert_axe_clean(client, "/refer/service").await;
    choose(client, "service", 1).await;
    continue_by_keyboard(client, &page_title("who")).await;
    assert_axe_clean(client, "/refer/who").await;
    choose(client, "referrer", 1).await;
    continue_by_keyboard(client, &page_title("referrer")).await;
    assert_axe_clean(client, "/refer/referrer").await;
    fill(client, "referrer_name", "Aoife O'Brien").await;
    fill(client, "referrer_relationship", "Sister").await;
    fill(client, "referrer_phone", "(01622) 123 456").await;
    continue_by_keyboard(client, &page_title("permission")).await;
    choose(client, "permission", 0).await;
    continue_by_keyboard(client, &page_title("person")).await;
    assert_axe_clean(client, "/refer/person").await;
    fill(client, "full_name", "Zoë Nguyễn-Smith").await;
    fill(client, "date_of_birth.day", "7").await;
    fill(client, "date_of_birth.month", "3").await;
    fill(client, "date_of_birth.year", "1990").await;
    fill(client, "area", "Maidstone").await;
    fill(client, "postcode", "me14 1xx").await;
    choose(client, "in_hospital", 0).await;
    wait_until(
        client,
        "!document.getElementById('group-hospital').hidden",
        "the hospital question to appear",
    )
    .await;
    fill(client, "hospital", "Priority House").await;
    continue_by_keyboard(client, &page_title("contact")).await;
    choose(client, "contact_method", 0).await;
    fill(client, "contact_phone", "+44 7700 900982").await;
    choose(client, "safe_to_leave_message", 1).await;
    continue_by_keyboard(client, &page_title("help")).await;
    assert_axe_clean(client, "/refer/help").await;
    tab_to(client, "#help_with").await;
    type_text(client, "A ward round on Tuesday.").await;
    press(client, &[Key::Enter]).await;
    type_text(client, "She wants to ask about leave.").await;
    let count = js_string(
        client,
        "return document.getElementById('help_with-count').textContent",
    )
    .await;
    assert_eq!(
        count, "You have 1946 characters remaining",
        "the count follows typing"
    );
    continue_by_keyboard(client, &page_title("needs")).await;
    tab_to(client, "#needs-bsl").await;
    press(client, &[Key::Space]).await;
    continue_by_keyboard(client, &page_title("consent")).await;
    assert_axe_clean(client, "/refer/consent").await;
    tab_to(client, "#consent-yes").await;
    press(client, &[Key::Space]).await;
    continue_by_keyboard(client, &page_title("_check")).await;
    assert_axe_clean(client, "/refer/check").await;
}

fn expected_answers() -> Value {
    json!({
        "service": "community",
        "referrer": "someone-else",
        "referrer_name": "Aoife O'Brien",
        "referrer_relationship": "Sister",
        "referrer_phone": "+441622123456",
        "permission": "yes",
        "full_name": "Zoë Nguyễn-Smith",
        "date_of_birth": "1990-03-07",
        "area": "Maidstone",
        "postcode": "ME14 1XX",
        "in_hospital": "yes",
        "hospital": "Priority House",
        "contact_method": "phone",
        "contact_phone": "+447700900982",
        "safe_to_leave_message": "no",
        "help_with": "A ward round on Tuesday.\nShe wants to ask about leave.",
        "needs": ["bsl"],
        "consent": "yes"
    })
}

async fn send_by_keyboard(client: &Client) {
    tab_to(client, "form[data-page=check] button").await;
    press(client, &[Key::Enter]).await;
}

async fn shown_reference(client: &Client) -> String {
    wait_until(
        client,
        &format!(
            "document.title === {:?}",
            document_title(&page_title("_sent"))
        ),
        "the confirmation",
    )
    .await;
    js_string(
        client,
        "return document.querySelector('.reference').textContent",
    )
    .await
}

#[tokio::test]
async fn a_referral_typed_by_keyboard_alone_on_a_320px_phone_arrives_exactly() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    let received = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let shown = received.clone();
    with_browser(Screen::Phone320, move |client| async move {
        fill_someone_else(&client, &site).await;
        let summary = js_string(&client, "return document.querySelector('main').innerText").await;
        for shown in [
            "Aoife O'Brien",
            "(01622) 123 456",
            "07/03/1990",
            "ME14 1XX",
            "British Sign Language (BSL)",
        ] {
            assert!(
                summary.contains(shown),
                "check page lacks {shown}: {summary}"
            );
        }
        send_by_keyboard(&client).await;
        let reference = shown_reference(&client).await;
        focused_h1(&client).await;
        assert_axe_clean(&client, "/refer/sent").await;
        nothing_personal_kept(&client).await;
        // The answers are gone: the form starts afresh.
        let next = js_string(&client, "return document.querySelector('main').innerText").await;
        assert!(next.contains(text("_sent", "next_community")), "{next}");
        goto(&client, &site, "/refer/check").await;
        wait_until(
            &client,
            "location.pathname === '/refer/service'",
            "a fresh start",
        )
        .await;
        assert!(console_errors(&client).await.is_empty());
        *shown.lock().unwrap() = reference;
    })
    .await;
    let reference = received.lock().unwrap().clone();
    let got = service.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let payload = &got[0];
    assert_eq!(payload["schema"], 3);
    assert_eq!(payload["language"], "en");
    assert_eq!(payload["reference"], reference.as_str());
    assert!(
        advocacy::referral::reference::is_reference(&reference),
        "{reference}"
    );
    let sent_at = payload["sent_at"].as_str().unwrap();
    assert!(
        sent_at.len() == 24 && sent_at.ends_with('Z') && &sent_at[10..11] == "T",
        "{sent_at}"
    );
    assert_eq!(payload["answers"], expected_answers());
    assert_eq!(
        payload.as_object().unwrap().len(),
        5,
        "schema, reference, sent_at, language, answers"
    );
    assert_eq!(service.receiver.posts(), 1);
}

/// Follows a link inside the app, as a person moving around the site does (a new page load would
/// start the form afresh, by design).
async fn in_app(client: &Client, path: &str) {
    js(
        client,
        &format!("const a = document.createElement('a'); a.href = {path:?}; document.querySelector('main').append(a); a.click(); a.remove(); return 1"),
    )
    .await;
}

async fn focused_h1(client: &Client) {
    wait_until(
        client,
        "document.activeElement.tagName === 'H1'",
        "focus on the h1",
    )
    .await;
}

#[tokio::test]
async fn every_error_is_the_govuk_pattern_and_keeps_what_was_typed() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Desktop, move |client| async move {
        goto(&client, &site, "/refer/service").await;
        let error_title = |page: &str| document_title(&form_text("error_title").replace("{title}", &page_title(page)));
        // No service chosen.
        click(&client, "form button").await;
        wait_until(&client, &format!("document.title === {:?}", error_title("service")), "the error title").await;
        assert_axe_clean(&client, "service, nothing chosen").await;
        click(&client, "#service-community + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/who'", "the who page").await;
        // Nothing chosen.
        click(&client, "form button").await;
        wait_until(&client, &format!("document.title === {:?}", error_title("who")), "the error title").await;
        wait_until(&client, "document.activeElement.classList.contains('error-summary')", "focus on the summary").await;
        assert_axe_clean(&client, "who, nothing chosen").await;
        click(&client, ".error-summary a").await;
        wait_until(&client, "document.activeElement.id === 'referrer-self'", "the link to focus the first radio").await;
        click(&client, "#referrer-professional + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/referrer'", "the referrer page").await;
        // Every required field empty, then wrong.
        click(&client, "form button").await;
        wait_until(&client, &format!("document.title === {:?}", error_title("referrer")), "the error title").await;
        let messages = js_string(&client, "return [...document.querySelectorAll('.error-summary a')].map(a => a.textContent).join('|')").await;
        assert_eq!(messages, [
            text("referrer", "missing.referrer_name"),
            text("referrer", "missing.referrer_role"),
            text("referrer", "missing.referrer_organisation"),
            text("referrer", "missing.referrer_phone"),
        ].join("|"));
        assert_axe_clean(&client, "referrer, all missing").await;
        for (id, typed) in [("referrer_name", "R2D2"), ("referrer_organisation", "Ward 3"), ("referrer_phone", "12345"), ("referrer_email", "not-an-email")] {
            client.find(fantoccini::Locator::Id(id)).await.unwrap().send_keys(typed).await.unwrap();
        }
        click(&client, "#referrer_role-other + label").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 3", "three problems").await;
        let inline = js_string(&client, "return [...document.querySelectorAll('.error-message')].map(p => p.textContent).join('|')").await;
        assert!(inline.contains("Error: Your full name must only include letters"), "{inline}");
        assert!(inline.contains(form_text("not_a_phone")) && inline.contains(form_text("not_an_email")), "{inline}");
        let kept = js_string(&client, "return ['referrer_name','referrer_organisation','referrer_phone','referrer_email'].map(id => document.getElementById(id).value).join('|') + '|' + document.getElementById('referrer_role-other').checked").await;
        assert_eq!(kept, "R2D2|Ward 3|12345|not-an-email|true", "everything typed stays");
        let described = js_string(&client, "return document.getElementById('referrer_phone').getAttribute('aria-describedby')").await;
        assert_eq!(described, "referrer_phone-error");
        assert_axe_clean(&client, "referrer, wrong values").await;
        // The person's page: dates, postcodes, and the text limit.
        js(&client, "document.getElementById('referrer_name').value = 'Sam Patel'; document.getElementById('referrer_phone').value = '01622 123456'; document.getElementById('referrer_email').value = ''; return 1").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/permission'", "the permission page").await;
        click(&client, "#permission-no + label").await;
        click(&client, "form button").await;
        wait_until(&client, &format!("document.title === {:?}", document_title(&page_title("_permission-needed"))), "the permission answer page").await;
        assert!(js_string(&client, "return document.querySelector('main').innerText").await.contains("0300 34 35 714"));
        assert!(js_string(&client, "return document.querySelectorAll('.error-summary, .error-message').length + ''").await == "0", "an answer page, not an error");
        assert_axe_clean(&client, "permission needed").await;
        in_app(&client, "/refer/person").await;
        wait_until(&client, "location.pathname === '/refer/permission-needed'", "no way round the permission").await;
        in_app(&client, "/refer/permission").await;
        wait_until(&client, "location.pathname === '/refer/permission'", "the permission page again").await;
        click(&client, "#permission-yes + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/person'", "the person page").await;
        for (id, typed) in [("full_name", "Ann Lee"), ("date_of_birth.day", "31"), ("date_of_birth.month", "2"), ("date_of_birth.year", "1990"), ("area", "Dartford"), ("postcode", "ME14")] {
            client.find(fantoccini::Locator::Id(id)).await.unwrap().send_keys(typed).await.unwrap();
        }
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 3", "three problems").await;
        let messages = js_string(&client, "return [...document.querySelectorAll('.error-summary a')].map(a => a.textContent).join('|')").await;
        assert_eq!(messages, [form_text("not_a_date"), form_text("not_a_postcode"), text("person", "missing.in_hospital")].join("|"));
        assert_axe_clean(&client, "person, wrong values").await;
        js(&client, "document.getElementById('date_of_birth.day').value = '28'; document.getElementById('postcode').value = 'me14 1xx'; return 1").await;
        click(&client, "#in_hospital-no + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/contact'", "the contact page").await;
        click(&client, "#contact_method-email + label").await;
        wait_until(&client, "!document.getElementById('group-contact_email').hidden && document.getElementById('group-contact_phone').hidden", "only the email box").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 2", "two problems").await;
        assert_axe_clean(&client, "contact, missing").await;
        client.find(fantoccini::Locator::Id("contact_email")).await.unwrap().send_keys("ann@example.org").await.unwrap();
        click(&client, "#safe_to_leave_message-yes + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/help'", "the help page").await;
        js(&client, "const t = document.getElementById('help_with'); t.value = 'x'.repeat(2005); t.dispatchEvent(new Event('input', { bubbles: true })); return 1").await;
        wait_until(&client, "document.getElementById('help_with-count').textContent === 'You have 5 characters too many'", "the count to say so").await;
        assert_eq!(js_string(&client, "return document.getElementById('help_with-count').getAttribute('aria-live')").await, "polite");
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 1", "one problem").await;
        assert!(js_string(&client, "return document.querySelector('.error-summary a').textContent").await.contains("2000 characters or fewer"));
        assert_eq!(js_string(&client, "return document.getElementById('help_with').value.length + ''").await, "2005", "the text stays");
        assert_axe_clean(&client, "help, too long").await;
        js(&client, "document.getElementById('help_with').value = 'Help with a tribunal'; return 1").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/needs'", "the needs page").await;
        click(&client, "#needs-interpreter + label").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 1", "the language is asked").await;
        assert_axe_clean(&client, "needs, missing language").await;
        client.find(fantoccini::Locator::Id("interpreter_language")).await.unwrap().send_keys("Polish").await.unwrap();
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/consent'", "the consent page").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 1", "agreement is needed").await;
        assert_axe_clean(&client, "consent, not ticked").await;
        click(&client, "#consent-yes + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/check'", "the check page").await;
        // A Change link returns to the check page afterwards.
        click(&client, "a[href='/refer/person?return=check']").await;
        wait_until(&client, "location.pathname === '/refer/person' && document.getElementById('full_name').value === 'Ann Lee'", "the answer to change").await;
        js(&client, "document.getElementById('full_name').value = 'Ann Li'; return 1").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/check' && document.querySelector('main').innerText.includes('Ann Li')", "back on the check page").await;
        assert!(console_errors(&client).await.is_empty());
    })
    .await;
    assert_eq!(service.receiver.posts(), 0, "nothing is sent before Send");
}

#[tokio::test]
async fn faults_lose_nothing_and_every_retry_uses_the_same_reference() {
    let service = service(
        None,
        vec![
            Fault::Status(500),
            Fault::Busy(120),
            Fault::Delay(Duration::from_secs(20)),
            Fault::Drop,
        ],
    );
    let site = service.site.clone();
    with_browser(Screen::Desktop, move |client| async move {
        fill_someone_else(&client, &site).await;
        let before = js_string(&client, "return [...document.querySelectorAll('.summary-list')].map(l => l.innerText).join('|')").await;
        for (expected, title) in [
            ("failed_server", "500"),
            ("failed_busy", "429"),
            ("failed_timeout", "20-second delay"),
            ("failed_network", "dropped connection"),
        ] {
            click(&client, "form[data-page=check] button").await;
            let message = text("_check", expected).replace("{wait}", "2 minutes");
            wait_longer(
                &client,
                &format!("document.getElementById('send-failure')?.innerText.includes({message:?})"),
                title,
                Duration::from_secs(20),
            )
            .await;
            wait_until(&client, "document.activeElement.id === 'send-failure'", "focus on the failure").await;
            assert!(js_string(&client, "return document.title").await.starts_with("Error: "));
            let failure = js_string(&client, "return document.getElementById('send-failure').innerHTML").await;
            assert!(failure.contains("href=\"tel:+443003435714\""), "{failure}");
            assert_eq!(js_string(&client, "return document.querySelector('form[data-page=check] button').textContent").await, text("_check", "try_again"));
            let after = js_string(&client, "return [...document.querySelectorAll('.summary-list')].map(l => l.innerText).join('|')").await;
            assert_eq!(before, after, "every answer kept after {title}");
            assert_axe_clean(&client, title).await;
            nothing_personal_kept(&client).await;
        }
        click(&client, "form[data-page=check] button").await;
        shown_reference(&client).await;
    })
    .await;
    let got = service.received();
    assert_eq!(got.len(), 1, "one referral, however many tries: {got:?}");
    assert_eq!(got[0]["answers"], expected_answers());
    assert_eq!(service.receiver.posts(), 5);
}

#[tokio::test]
async fn a_double_tap_sends_once() {
    let service = service(None, vec![Fault::Delay(Duration::from_secs(2))]);
    let site = service.site.clone();
    with_browser(Screen::Phone320, move |client| async move {
        fill_someone_else(&client, &site).await;
        js(&client, "const b = document.querySelector('form[data-page=check] button'); b.click(); b.click(); return 1").await;
        wait_until(&client, &format!("document.querySelector('form[data-page=check] button')?.textContent === {:?}", text("_check", "sending")), "the button to say it is sending").await;
        assert_eq!(js_string(&client, "return document.querySelector('form[data-page=check] button').getAttribute('aria-disabled')").await, "true");
        click(&client, "form[data-page=check] button").await;
        shown_reference(&client).await;
    })
    .await;
    assert_eq!(service.receiver.posts(), 1);
    assert_eq!(service.received().len(), 1);
}

/// Whether leaving now would make the browser ask first. WebDriver accepts "leave this page?"
/// prompts by itself, so the test asks the page's own handler, as the browser does.
async fn would_ask_before_leaving(client: &Client) -> bool {
    js(
        client,
        "const e = new Event('beforeunload', { cancelable: true }); dispatchEvent(e); return e.defaultPrevented",
    )
    .await
        == json!(true)
}

#[tokio::test]
async fn leaving_with_unsent_answers_asks_first() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Desktop, move |client| async move {
        goto(&client, &site, "/refer/who").await;
        assert!(
            !would_ask_before_leaving(&client).await,
            "nothing typed yet"
        );
        fill_someone_else(&client, &site).await;
        assert!(would_ask_before_leaving(&client).await, "answers not sent");
        click(&client, "form[data-page=check] button").await;
        shown_reference(&client).await;
        assert!(!would_ask_before_leaving(&client).await, "sent");
    })
    .await;
}

#[tokio::test]
async fn without_a_safe_endpoint_the_form_gives_the_phone_number() {
    for (endpoint, logged) in [("", false), ("http://referrals.example.org/in", true)] {
        let service = service(Some(endpoint), vec![]);
        let site = service.site.clone();
        with_browser(Screen::Phone320, move |client| async move {
            for path in ["/refer", "/refer/who", "/refer/check"] {
                goto(&client, &site, path).await;
                wait_until(
                    &client,
                    &format!(
                        "document.title === {:?}",
                        document_title(&page_title("_unavailable"))
                    ),
                    path,
                )
                .await;
                let html =
                    js_string(&client, "return document.querySelector('main').innerHTML").await;
                assert!(
                    html.contains("href=\"tel:+443003435714\""),
                    "{path}: {html}"
                );
                assert!(!html.contains("<form"), "{path}");
                assert_axe_clean(&client, path).await;
            }
            let errors = console_errors(&client).await;
            if logged {
                assert!(
                    errors.iter().any(|e| e.contains("referral_endpoint")),
                    "{errors:?}"
                );
            } else {
                assert!(errors.is_empty(), "{errors:?}");
            }
        })
        .await;
    }
}

/// Until the app has taken over (its code still on the way), sending a form must not post it to
/// the static host, which cannot take it.
#[tokio::test]
async fn a_form_sent_before_the_app_has_started_is_held() {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    let js_file = app_js_path();
    // The app's code never arrives.
    let stalled = b"export default function () { return new Promise(() => {}); }".to_vec();
    let site = site_server::start_with(
        dist,
        "127.0.0.1:0",
        site_server::Options {
            files: vec![(js_file, stalled)],
            ..Default::default()
        },
    )
    .unwrap()
    .url();
    with_browser(Screen::Desktop, move |client| async move {
        client.goto(&format!("{site}/refer/service")).await.unwrap();
        click(&client, "#service-imha + label").await;
        click(&client, "form button").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = js_string(&client, "return location.pathname + ' ' + (document.querySelector('h1')?.textContent || document.body.innerText)").await;
        assert_eq!(now, format!("/refer/service {}", text("service", "heading")));
        assert_eq!(js_string(&client, "return document.getElementById('app').dataset.app || 'not live'").await, "not live");
    })
    .await;
}

/// Nothing wider than the 320px screen: no sideways scrolling.
async fn fits_320(client: &Client, page: &str) {
    let overflow = js(
        client,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )
    .await;
    assert_eq!(overflow, json!(0), "{page} scrolls sideways at 320px");
}

/// Waits for a page by its title, after the app has moved there.
async fn on_page(client: &Client, page: &str) {
    wait_until(
        client,
        &format!("document.title === {:?}", document_title(&page_title(page))),
        page,
    )
    .await;
}

#[tokio::test]
async fn an_imha_referral_from_the_checkers_yes_by_keyboard_alone_on_a_320px_phone() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Phone320, move |client| async move {
        goto(&client, &site, "/check/result?situation=detained&section=3").await;
        let link = "/refer/service?service=imha&situation=detained&section=3";
        tab_to(&client, &format!("a[href='{link}']")).await;
        assert_axe_clean(&client, "the checker's yes with its start link").await;
        press(&client, &[Key::Enter]).await;
        on_page(&client, "service").await;
        wait_until(
            &client,
            "location.pathname === '/refer/service' && location.search === '' && document.getElementById('service-imha').checked",
            "the service answered from the link, the address without its values",
        )
        .await;
        assert_axe_clean(&client, "/refer/service from the checker").await;
        continue_by_keyboard(&client, &page_title("who")).await;
        choose(&client, "referrer", 2).await;
        continue_by_keyboard(&client, &page_title("referrer")).await;
        fill(&client, "referrer_name", "Sam Patel").await;
        choose(&client, "referrer_role", 0).await;
        fill(&client, "referrer_organisation", "Priority House").await;
        fill(&client, "referrer_phone", "01622 123456").await;
        continue_by_keyboard(&client, &page_title("knows")).await;
        assert_axe_clean(&client, "/refer/knows").await;
        fits_320(&client, "knows").await;
        // Nothing chosen: the error pattern, by keyboard.
        tab_to(&client, "form button[type=submit]").await;
        press(&client, &[Key::Enter]).await;
        wait_until(
            &client,
            "document.activeElement.classList.contains('error-summary')",
            "focus on the summary",
        )
        .await;
        assert_axe_clean(&client, "/refer/knows, nothing chosen").await;
        choose(&client, "person_knows", 1).await;
        continue_by_keyboard(&client, &page_title("person")).await;
        fill(&client, "full_name", "Ann Lee").await;
        fill(&client, "area", "Maidstone").await;
        choose(&client, "in_hospital", 0).await;
        wait_until(
            &client,
            "!document.getElementById('group-ward').hidden",
            "the ward question to appear",
        )
        .await;
        fill(&client, "hospital", "Priority House").await;
        fill(&client, "ward", "Willow Ward").await;
        assert_axe_clean(&client, "/refer/person with the ward").await;
        continue_by_keyboard(&client, &page_title("situation")).await;
        let carried = js_string(
            &client,
            "return document.getElementById('situation-detained').checked + ' ' + document.getElementById('section-3').checked",
        )
        .await;
        assert_eq!(carried, "true true", "the checker's answers are kept");
        choose(&client, "safety", 0).await;
        wait_until(
            &client,
            "!document.getElementById('group-safety_details').hidden",
            "the details box to appear",
        )
        .await;
        fill(&client, "safety_details", "Meet her in the family room.").await;
        assert_axe_clean(&client, "/refer/situation").await;
        fits_320(&client, "situation").await;
        continue_by_keyboard(&client, &page_title("contact")).await;
        choose(&client, "contact_method", 3).await;
        continue_by_keyboard(&client, &page_title("help")).await;
        fill(&client, "help_with", "Her tribunal.").await;
        fill(&client, "coming_up", "Tribunal on 3 December").await;
        continue_by_keyboard(&client, &page_title("needs")).await;
        continue_by_keyboard(&client, &page_title("consent")).await;
        tab_to(&client, "#consent-yes").await;
        press(&client, &[Key::Space]).await;
        continue_by_keyboard(&client, &page_title("_check")).await;
        assert_axe_clean(&client, "/refer/check for an IMHA").await;
        let summary = js_string(&client, "return document.querySelector('main').innerText").await;
        for shown in ["Willow Ward", "Section 3", "Meet her in the family room.", "Tribunal on 3 December"] {
            assert!(summary.contains(shown), "{shown}: {summary}");
        }
        for page in ["service", "knows", "situation"] {
            assert!(
                js(&client, &format!("return !!document.querySelector(\"a[href='/refer/{page}?return=check']\")")).await == json!(true),
                "a Change link to {page}"
            );
        }
        send_by_keyboard(&client).await;
        shown_reference(&client).await;
        let next = js_string(&client, "return document.querySelector('main').innerText").await;
        assert!(next.contains(text("_sent", "next_imha")), "{next}");
        assert_axe_clean(&client, "/refer/sent for an IMHA").await;
        assert!(console_errors(&client).await.is_empty());
    })
    .await;
    let got = service.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let answers = &got[0]["answers"];
    assert_eq!(got[0]["schema"], 3);
    assert_eq!(answers["service"], "imha");
    assert_eq!(answers["situation"], "detained");
    assert_eq!(answers["section"], "3");
    assert_eq!(answers["hospital"], "Priority House");
    assert_eq!(answers["ward"], "Willow Ward");
    assert_eq!(answers["coming_up"], "Tribunal on 3 December");
    assert_eq!(answers["safety"], "yes");
    assert_eq!(answers["safety_details"], "Meet her in the family room.");
    assert_eq!(answers["referrer_role"], "ward-staff");
    assert_eq!(answers["person_knows"], "no");
    assert!(answers.get("permission").is_none(), "{answers}");
}

#[tokio::test]
async fn not_sure_works_end_to_end_with_every_new_error_shown() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Desktop, move |client| async move {
        // A checker link with a section that does not exist starts without one.
        goto(&client, &site, "/refer/service?service=imha&situation=detained&section=99").await;
        wait_until(&client, "location.search === '' && document.getElementById('service-imha').checked", "the link taken").await;
        click(&client, "#service-not-sure + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/who'", "the who page").await;
        click(&client, "#referrer-self + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/person'", "the person page").await;
        for (id, typed) in [("full_name", "Ann Lee"), ("area", "Dartford")] {
            client.find(fantoccini::Locator::Id(id)).await.unwrap().send_keys(typed).await.unwrap();
        }
        click(&client, "#in_hospital-yes + label").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 2", "hospital and ward missing").await;
        let messages = js_string(&client, "return [...document.querySelectorAll('.error-summary a')].map(a => a.textContent).join('|')").await;
        assert_eq!(messages, [text("person", "missing.hospital"), text("person", "missing.ward")].join("|"));
        assert_axe_clean(&client, "person, hospital and ward missing").await;
        js(&client, "document.getElementById('hospital').value = 'Little Brook'; document.getElementById('ward').value = 'Ward\\u0007 2'; return 1").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 1", "a control character refused").await;
        js(&client, "document.getElementById('ward').value = 'Ward 2'; return 1").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/situation'", "the IMHA questions").await;
        let section_chosen = js_string(&client, "return document.querySelectorAll('input[name=section]:checked').length + ''").await;
        assert_eq!(section_chosen, "0", "no section from a link that named none that exists");
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 2", "situation and safety missing").await;
        assert_axe_clean(&client, "situation, nothing chosen").await;
        click(&client, "#situation-detained + label").await;
        click(&client, "#safety-yes + label").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 2", "section and details missing").await;
        let messages = js_string(&client, "return [...document.querySelectorAll('.error-summary a')].map(a => a.textContent).join('|')").await;
        assert_eq!(messages, [text("situation", "missing.section"), text("situation", "missing.safety_details")].join("|"));
        assert_axe_clean(&client, "situation, section and details missing").await;
        js(&client, "const t = document.getElementById('safety_details'); t.value = 'x'.repeat(1001); t.dispatchEvent(new Event('input', { bubbles: true })); return 1").await;
        click(&client, "#section-not-sure + label").await;
        click(&client, "form button").await;
        wait_until(&client, "document.querySelectorAll('.error-summary a').length === 1 && document.querySelector('.error-summary a').textContent.includes('1000 characters or fewer')", "the details too long").await;
        assert_axe_clean(&client, "situation, details too long").await;
        js(&client, "document.getElementById('safety_details').value = 'Knock first'; return 1").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/contact'", "the contact page").await;
        click(&client, "#contact_method-ward-staff + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/help'", "the help page").await;
        client.find(fantoccini::Locator::Id("help_with")).await.unwrap().send_keys("Not sure what help there is").await.unwrap();
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/needs'", "the needs page").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/consent'", "the consent page").await;
        click(&client, "#consent-yes + label").await;
        click(&client, "form button").await;
        wait_until(&client, "location.pathname === '/refer/check'", "the check page").await;
        click(&client, "form[data-page=check] button").await;
        shown_reference(&client).await;
        let next = js_string(&client, "return document.querySelector('main').innerText").await;
        assert!(next.contains(text("_sent", "next_not_sure")), "{next}");
        assert!(console_errors(&client).await.is_empty());
    })
    .await;
    let got = service.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let answers = &got[0]["answers"];
    assert_eq!(answers["service"], "not-sure");
    assert_eq!(answers["ward"], "Ward 2");
    assert_eq!(answers["situation"], "detained");
    assert_eq!(answers["section"], "not-sure");
    assert_eq!(answers["safety_details"], "Knock first");
}

#[tokio::test]
async fn community_advocacy_for_someone_under_18_gets_its_answer_page() {
    let service = service(None, vec![]);
    let site = service.site.clone();
    with_browser(Screen::Phone320, move |client| async move {
        goto(&client, &site, "/refer/service").await;
        choose(&client, "service", 1).await;
        continue_by_keyboard(&client, &page_title("who")).await;
        choose(&client, "referrer", 0).await;
        continue_by_keyboard(&client, &page_title("person")).await;
        fill(&client, "full_name", "Jo Lee").await;
        fill(&client, "date_of_birth.day", "1").await;
        fill(&client, "date_of_birth.month", "1").await;
        fill(&client, "date_of_birth.year", "2015").await;
        fill(&client, "area", "Swanley").await;
        choose(&client, "in_hospital", 1).await;
        tab_to(&client, "form button[type=submit]").await;
        press(&client, &[Key::Enter]).await;
        on_page(&client, "_under-18").await;
        assert_eq!(
            js_string(&client, "return location.pathname").await,
            "/refer/under-18"
        );
        focused_h1(&client).await;
        let html = js_string(&client, "return document.querySelector('main').innerHTML").await;
        assert!(html.contains("href=\"tel:+443003435714\""), "{html}");
        assert!(html.contains("href=\"/refer/service\""), "{html}");
        assert_eq!(
            js_string(
                &client,
                "return document.querySelectorAll('.error-summary, .error-message').length + ''"
            )
            .await,
            "0",
            "an answer page, not an error"
        );
        assert_axe_clean(&client, "/refer/under-18").await;
        fits_320(&client, "under-18").await;
        // No way round it: the next page sends the person back here.
        in_app(&client, "/refer/contact").await;
        wait_until(
            &client,
            "location.pathname === '/refer/under-18'",
            "no way on",
        )
        .await;
        // An IMHA has no age limit.
        in_app(&client, "/refer/service").await;
        wait_until(
            &client,
            "location.pathname === '/refer/service'",
            "the service page",
        )
        .await;
        click(&client, "#service-imha + label").await;
        click(&client, "form button").await;
        wait_until(
            &client,
            "location.pathname === '/refer/who'",
            "on with an IMHA",
        )
        .await;
        in_app(&client, "/refer/contact").await;
        wait_until(
            &client,
            "location.pathname === '/refer/situation'",
            "the IMHA questions, not the answer page",
        )
        .await;
    })
    .await;
    assert_eq!(service.receiver.posts(), 0);
}
