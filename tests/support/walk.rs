//! One walker per flow for the browser tests, driven by the app's own tables: the referral's
//! pages in the order its rules give (`referral::steps::next`), and the checker's tree
//! (`check::flow`). A test says what a person answers; the walker knows where each answer leads.

use advocacy::check::flow::{question, Then, FIRST_QUESTION};
use advocacy::referral::form::page_by_key;
use advocacy::referral::steps;
use advocacy::referral::validate::Answers;
use fantoccini::{Client, Locator};

use super::{click, wait_until};

/// One page's answers: the page's key, what is typed into which box (by the box's id), and which
/// options are chosen (by the id of their input: `referrer-self`, `needs-bsl`).
pub type PageAnswers = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

/// Answers the form has before any page is answered: those a link from the checker carries
/// (`service=imha`, `situation=detained`, `section=3`).
pub type Given = &'static [(&'static str, &'static str)];

/// The answers of the pages given, as the form keeps them (a box's id is its key; an option's id
/// is its question's key, `-`, its value; several options of one question make a list).
pub fn answers_of(given: Given, pages: &[PageAnswers]) -> Answers {
    let mut answers = Answers::new();
    for (key, value) in given {
        answers.insert(key.to_string(), value.to_string());
    }
    for (_, typed, chosen) in pages {
        for (id, value) in *typed {
            answers.insert(id.to_string(), value.to_string());
        }
        for id in *chosen {
            let (key, value) = id.split_once('-').expect("an option's id is key-value");
            let value = match answers.get(key) {
                Some(earlier) if !earlier.is_empty() => format!("{earlier},{value}"),
                _ => value.to_string(),
            };
            answers.insert(key.to_string(), value);
        }
    }
    answers
}

/// Where the form goes after the last of `answered`, by its own rules.
pub fn page_after(given: Given, answered: &[PageAnswers]) -> String {
    let (key, _, _) = answered.last().expect("a page answered");
    let page = page_by_key(key).unwrap_or_else(|| panic!("no page {key}"));
    steps::next(page, &answers_of(given, answered), false, (2026, 1, 1))
}

/// Answers the last page of `answered` (the one on screen) as a person with a pointer does:
/// clicks each option's label, types into each box once it is shown, presses Continue, and waits
/// for the page the form's rules lead to, with focus on its heading. `base` is the sub-path the
/// site is served under ("" at the root).
pub async fn answer_page(client: &Client, base: &str, given: Given, answered: &[PageAnswers]) {
    let (page, typed, chosen) = answered.last().expect("a page to answer");
    wait_until(
        client,
        &format!("location.pathname === '{base}/refer/{page}'"),
        page,
    )
    .await;
    for id in *chosen {
        // As a person would: tap, see it chosen, tap again if something moved under the finger
        // (the Listen buttons arrive with the phone's voices and push the answers down).
        for _ in 0..3 {
            click(client, &format!("label[for='{id}']")).await;
            let chosen = super::js(
                client,
                &format!("return document.getElementById({id:?}).checked"),
            )
            .await;
            if chosen == serde_json::json!(true) {
                break;
            }
        }
    }
    for (id, text) in *typed {
        wait_until(
            client,
            &format!("!document.getElementById({id:?}).closest('[hidden]')"),
            &format!("{id} to be shown"),
        )
        .await;
        client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("no box {id}: {e}"))
            .send_keys(text)
            .await
            .expect("typing");
    }
    click(client, "main form button[type=submit]").await;
    let next = format!("{base}{}", page_after(given, answered));
    // Longer than the usual ten seconds: several browsers share two cores when tests run side
    // by side. On a time-out, say where the page is and what has the focus.
    let arrived =
        format!("location.pathname === {next:?} && document.activeElement.tagName === 'H1'");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while super::js(client, &format!("return {arrived}")).await != serde_json::json!(true) {
        if std::time::Instant::now() > deadline {
            let state = super::js_string(
                client,
                "return [location.pathname, document.activeElement.tagName, document.activeElement.className, document.title, document.querySelector('.error-summary')?.innerText || 'no error summary'].join(' | ')",
            )
            .await;
            panic!("not at {next} with focus on its heading: {state}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Answers every page given, in turn, from the first (on screen) to the last.
pub async fn walk_referral(client: &Client, base: &str, given: Given, pages: &[PageAnswers]) {
    for answered in 1..=pages.len() {
        answer_page(client, base, given, &pages[..answered]).await;
    }
}

/// A checker page and the answers in its address: `("section", "situation=detained")`.
pub type CheckerStep = (String, String);

/// Each question (with the first answers that lead to it) and each answer page (with the first
/// answers that give it), found by walking the flow, so a new question or outcome is visited too.
pub fn checker_steps() -> (Vec<CheckerStep>, Vec<CheckerStep>) {
    let mut questions: Vec<CheckerStep> = Vec::new();
    let mut outcomes: Vec<CheckerStep> = Vec::new();
    let mut stack = vec![(FIRST_QUESTION, Vec::<String>::new())];
    while let Some((key, before)) = stack.pop() {
        if !questions.iter().any(|(k, _)| k == key) {
            questions.push((key.to_string(), before.join("&")));
        }
        let choices = question(key).expect("a question").choices;
        for choice in choices.iter().rev() {
            let mut answers = before.clone();
            answers.push(format!("{key}={}", choice.value));
            match choice.then {
                Then::Ask(next) => stack.push((next, answers)),
                Then::Outcome(id) => {
                    if !outcomes.iter().any(|(o, _)| o == id) {
                        outcomes.push((id.to_string(), answers.join("&")));
                    }
                }
            }
        }
    }
    assert_eq!(
        outcomes.len(),
        advocacy::check::flow::OUTCOMES.len(),
        "every outcome is reached"
    );
    (questions, outcomes)
}

/// The outcome the checker's rules give for answers in the order a person gives them.
pub fn checker_outcome(path: &[(&str, &str)]) -> &'static str {
    let mut key = FIRST_QUESTION;
    for (k, v) in path {
        assert_eq!(*k, key, "{path:?} answers {k} where the flow asks {key}");
        let choice = question(k)
            .expect("a question")
            .choices
            .iter()
            .find(|c| c.value == *v)
            .unwrap_or_else(|| panic!("{k} has no answer {v}"));
        match choice.then {
            Then::Ask(next) => key = next,
            Then::Outcome(id) => return id,
        }
    }
    panic!("incomplete path {path:?}");
}
