//! Browser tests of "Do I have a right to an IMHA?", driven with the URL contract from LAW.md
//! and the keyboard alone, against the release build in Chromium.

mod support;

use advocacy::check::flow::{question, OUTCOMES};
use advocacy::check::text::{outcome_text, question_text, LABELS};
use advocacy::content::document_title;
use fantoccini::key::Key;
use fantoccini::Client;
use support::*;

/// One path per outcome, as a person would answer.
const PATHS: &[&[(&str, &str)]] = &[
    &[("situation", "detained"), ("section", "3")],
    &[("situation", "conditional-discharge")],
    &[("situation", "cto")],
    &[("situation", "guardianship")],
    &[("situation", "informal"), ("s57", "yes")],
    &[
        ("situation", "none"),
        ("s57", "no"),
        ("ect-under-18", "yes"),
    ],
    &[("situation", "detained"), ("section", "135-136")],
    &[("situation", "detained"), ("section", "not-sure")],
    &[
        ("situation", "informal"),
        ("s57", "no"),
        ("ect-under-18", "no"),
    ],
    &[("situation", "not-sure")],
];

async fn focused_h1_is(client: &Client, text: &str) {
    let expression = format!(
        "document.activeElement.tagName === 'H1' && document.activeElement.textContent === {text:?}"
    );
    wait_until(client, &expression, &format!("focus on the h1 {text:?}")).await;
}

/// Answers the question on screen by keyboard: Tab into the radios, Space to choose the first,
/// arrow down to the wanted one, Tab to Continue and press Enter.
async fn answer_by_keyboard(client: &Client, key: &str, value: &str) {
    let index = question(key)
        .unwrap()
        .choices
        .iter()
        .position(|c| c.value == value)
        .unwrap();
    press(client, &[Key::Tab]).await;
    let focused = js_string(
        client,
        "return document.activeElement.name + '=' + document.activeElement.value",
    )
    .await;
    assert_eq!(
        focused,
        format!("{key}={}", question(key).unwrap().choices[0].value),
        "Tab reaches the first radio"
    );
    press(client, &[Key::Space]).await;
    for _ in 0..index {
        press(client, &[Key::Down]).await;
    }
    let checked = js_string(
        client,
        &format!("return document.querySelector('input[name=\"{key}\"]:checked').value"),
    )
    .await;
    assert_eq!(checked, value);
    press(client, &[Key::Tab]).await;
    assert_eq!(
        js_string(client, "return document.activeElement.textContent").await,
        LABELS.continue_button.get()
    );
    press(client, &[Key::Enter]).await;
}

#[tokio::test]
async fn keyboard_alone_reaches_every_outcome_at_320px_with_no_request_between_steps() {
    with_browser(Screen::Phone320, |client| async move {
        let mut reached = Vec::new();
        for path in PATHS {
            open(&client, "/check").await;
            // From the top of the start page, Tab to "Start now" and press Enter.
            let mut found = false;
            for _ in 0..40 {
                press(&client, &[Key::Tab]).await;
                if js_string(&client, "return document.activeElement.getAttribute('href') || ''").await == "/check/situation" {
                    found = true;
                    break;
                }
            }
            assert!(found, "Tab never reached the Start link");
            press(&client, &[Key::Enter]).await;
            let requests_before = js(&client, "return performance.getEntriesByType('resource').length").await;

            for (key, value) in path.iter() {
                let text = question_text(key).unwrap();
                focused_h1_is(&client, text.question.get()).await;
                assert_eq!(client.title().await.unwrap(), document_title(text.title.get()));
                answer_by_keyboard(&client, key, value).await;
            }
            let outcome = checker_outcome(path);
            let words = outcome_text(outcome).unwrap();
            focused_h1_is(&client, words.heading.get()).await;
            let shown = js_string(&client, "return document.querySelector('[data-outcome]').dataset.outcome").await;
            assert_eq!(shown, outcome, "{path:?}");
            assert_eq!(client.title().await.unwrap(), document_title(words.title.get()));
            let query: Vec<String> = path.iter().map(|(k, v)| format!("{k}={v}")).collect();
            assert_eq!(
                js_string(&client, "return location.pathname + location.search").await,
                format!("/check/result?{}", query.join("&"))
            );
            let requests_after = js(&client, "return performance.getEntriesByType('resource').length").await;
            assert_eq!(requests_before, requests_after, "a request was made between steps of {path:?}");
            let overflow = js(&client, "return document.documentElement.scrollWidth - document.documentElement.clientWidth").await;
            assert_eq!(overflow, 0, "{outcome} scrolls sideways at 320px");
            reached.push(outcome);
        }
        reached.sort();
        let mut all = OUTCOMES.to_vec();
        all.sort();
        assert_eq!(reached, all, "every outcome is reached");
    })
    .await;
}

#[tokio::test]
async fn continue_with_nothing_chosen_shows_the_govuk_error_pattern() {
    with_browser(Screen::Desktop, |client| async move {
        open(&client, "/check/section?situation=detained").await;
        let text = question_text("section").unwrap();
        click(&client, "form.question button[type=submit]").await;
        wait_until(
            &client,
            "document.activeElement.classList.contains('error-summary')",
            "focus on the error summary",
        )
        .await;
        assert_eq!(
            client.title().await.unwrap(),
            format!("Error: {}", document_title(text.title.get()))
        );
        let link = js_string(
            &client,
            "return document.querySelector('.error-summary a').getAttribute('href')",
        )
        .await;
        assert_eq!(link, "#section-2", "the summary links to the first radio");
        assert_eq!(
            js_string(
                &client,
                "return document.querySelector('.error-summary a').textContent"
            )
            .await,
            text.error.get()
        );
        let inline = js_string(
            &client,
            "return document.getElementById('section-error').textContent",
        )
        .await;
        assert_eq!(
            inline,
            format!("Error: {}", text.error),
            "inline message with the hidden prefix"
        );
        let described = js_string(
            &client,
            "return document.querySelector('fieldset').getAttribute('aria-describedby')",
        )
        .await;
        assert!(
            described.split(' ').any(|id| id == "section-error"),
            "{described}"
        );
        assert_eq!(
            js(&client, "return document.querySelectorAll('h1').length").await,
            1
        );

        assert_axe_clean(&client, "the error state").await;

        // The summary's link takes focus to the first radio, by keyboard.
        press(&client, &[Key::Tab]).await;
        assert_eq!(
            js_string(
                &client,
                "return document.activeElement.getAttribute('href')"
            )
            .await,
            "#section-2"
        );
        press(&client, &[Key::Enter]).await;
        wait_until(
            &client,
            "document.activeElement.id === 'section-2'",
            "focus on the first radio",
        )
        .await;
        assert_eq!(
            js_string(&client, "return location.pathname + location.search").await,
            "/check/section?situation=detained"
        );

        // Choosing an answer then moves on; the error does not follow.
        press(&client, &[Key::Space, Key::Tab, Key::Enter]).await;
        focused_h1_is(
            &client,
            outcome_text("eligible-detained").unwrap().heading.get(),
        )
        .await;
        assert!(!client.title().await.unwrap().starts_with("Error"));
    })
    .await;
}

#[tokio::test]
async fn back_forward_and_reload_keep_the_place() {
    with_browser(Screen::Desktop, |client| async move {
        open(&client, "/check/situation").await;
        click(&client, "label[for=situation-detained]").await;
        click(&client, "form.question button[type=submit]").await;
        focused_h1_is(&client, question_text("section").unwrap().question.get()).await;
        click(&client, "label[for=section-37]").await;
        click(&client, "form.question button[type=submit]").await;
        let result = outcome_text("eligible-detained").unwrap();
        focused_h1_is(&client, result.heading.get()).await;
        js(&client, "window.__sameDocument = true; return true").await;

        client.back().await.unwrap();
        focused_h1_is(&client, question_text("section").unwrap().question.get()).await;
        assert_eq!(
            js_string(&client, "return location.search").await,
            "?situation=detained"
        );
        client.back().await.unwrap();
        focused_h1_is(&client, question_text("situation").unwrap().question.get()).await;
        client.forward().await.unwrap();
        focused_h1_is(&client, question_text("section").unwrap().question.get()).await;
        client.forward().await.unwrap();
        focused_h1_is(&client, result.heading.get()).await;
        assert_eq!(
            js(&client, "return window.__sameDocument === true").await,
            true,
            "Back and Forward stay in the app"
        );

        client.refresh().await.unwrap();
        wait_for_app(&client).await;
        let shown = js_string(
            &client,
            "return document.querySelector('[data-outcome]').dataset.outcome",
        )
        .await;
        assert_eq!(shown, "eligible-detained");
        assert_eq!(
            js_string(&client, "return location.search").await,
            "?situation=detained&section=37"
        );
    })
    .await;
}

#[tokio::test]
async fn change_links_ask_again_only_what_depends_on_the_answer() {
    with_browser(Screen::Desktop, |client| async move {
        open(&client, "/check/result?situation=detained&section=3").await;
        let rows = js(
            &client,
            "return document.querySelectorAll('.summary-list__row').length",
        )
        .await;
        assert_eq!(rows, 2);
        // Change the section: straight back to a result.
        click(
            &client,
            "a[href='/check/section?situation=detained&section=3']",
        )
        .await;
        focused_h1_is(&client, question_text("section").unwrap().question.get()).await;
        assert_eq!(
            js(
                &client,
                "return document.getElementById('section-3').checked"
            )
            .await,
            true,
            "the current answer is shown"
        );
        click(&client, "label[for=section-4]").await;
        click(&client, "form.question button[type=submit]").await;
        focused_h1_is(
            &client,
            outcome_text("not-yet-short-term").unwrap().heading.get(),
        )
        .await;
        // Change the situation: its follow-up question is asked.
        click(
            &client,
            "a[href='/check/situation?situation=detained&section=4']",
        )
        .await;
        focused_h1_is(&client, question_text("situation").unwrap().question.get()).await;
        click(&client, "label[for=situation-informal]").await;
        click(&client, "form.question button[type=submit]").await;
        focused_h1_is(&client, question_text("s57").unwrap().question.get()).await;
        assert_eq!(
            js_string(&client, "return location.search").await,
            "?situation=informal"
        );
        // The not-yet answer links to the referral form; Start again goes back to the first question.
        open(&client, "/check/result?situation=detained&section=4").await;
        assert_eq!(
            js(
                &client,
                "return !!document.querySelector('main a[href=\"/refer\"]')"
            )
            .await,
            true
        );
        click(&client, "a[href='/check/situation']").await;
        focused_h1_is(&client, question_text("situation").unwrap().question.get()).await;
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('input:checked').length"
            )
            .await,
            0,
            "no option preselected"
        );
    })
    .await;
}

#[tokio::test]
async fn broken_and_partial_urls_show_the_first_unanswered_question() {
    with_browser(Screen::Desktop, |client| async move {
        let cases = [
            (
                "/check/result?situation=%3Cscript%3Ealert(1)%3C/script%3E",
                "situation",
                "",
            ),
            (
                "/check/result?situation=<script>alert(1)</script>&section=3",
                "situation",
                "",
            ),
            ("/check/section", "situation", ""),
            (
                "/check/ect-under-18?situation=informal",
                "s57",
                "?situation=informal",
            ),
            (
                "/check/result?situation=detained",
                "section",
                "?situation=detained",
            ),
            ("/check/result?section=3&junk=%00%ff", "situation", ""),
        ];
        for (url, key, search) in cases {
            open(&client, url).await;
            focused_h1_is(&client, question_text(key).unwrap().question.get()).await;
            assert_eq!(
                js_string(&client, "return location.pathname").await,
                format!("/check/{key}"),
                "{url}"
            );
            assert_eq!(
                js_string(&client, "return location.search").await,
                search,
                "{url}"
            );
            assert_eq!(
                js(&client, "return !!document.querySelector('[data-outcome]')").await,
                false,
                "{url}"
            );
            let errors = console_errors(&client).await;
            assert!(errors.is_empty(), "console errors on {url}: {errors:?}");
        }
        // Answers to questions that were not asked are ignored.
        open(&client, "/check/result?situation=cto&section=4&s57=yes").await;
        let shown = js_string(
            &client,
            "return document.querySelector('[data-outcome]').dataset.outcome",
        )
        .await;
        assert_eq!(shown, "eligible-cto");
    })
    .await;
}

#[tokio::test]
async fn axe_finds_no_violations_on_any_page_of_the_checker() {
    with_browser(Screen::Desktop, |client| async move {
        let mut urls = vec!["/check".to_string()];
        urls.extend(
            [
                "/check/situation",
                "/check/section?situation=detained",
                "/check/s57?situation=none",
                "/check/ect-under-18?situation=none&s57=no",
            ]
            .map(String::from),
        );
        for path in PATHS {
            let query: Vec<String> = path.iter().map(|(k, v)| format!("{k}={v}")).collect();
            urls.push(format!("/check/result?{}", query.join("&")));
        }
        for url in &urls {
            open(&client, url).await;
            wait_until(
                &client,
                "document.querySelectorAll('h1').length === 1",
                "one h1",
            )
            .await;
            assert_axe_clean(&client, url).await;
        }
    })
    .await;
}

#[test]
fn without_javascript_the_start_page_explains_the_rules_and_gives_the_phone_number() {
    let (status, html) = fetch_raw("/check");
    assert_eq!(status, 200);
    // The words as read: terms in them link to /words, so compare without the tags.
    let text: String = html
        .split('<')
        .map(|part| part.split_once('>').map_or(part, |(_, rest)| rest))
        .collect();
    assert!(text.contains("detained in hospital"), "{text}");
    assert!(text.contains("Community Treatment Order"), "{text}");
    assert!(html.contains(&format!(
        "href=\"tel:{}\"",
        advocacy::content::SHELL.phone_dial
    )));
    // Each step is a real file too, so deep links work on any static host.
    for step in ["situation", "section", "s57", "ect-under-18", "result"] {
        assert_eq!(
            fetch_raw(&format!("/check/{step}?situation=detained")).0,
            200,
            "{step}"
        );
    }
}
