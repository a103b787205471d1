//! The checker in the browser: which screen an address shows, and Continue. Thin: the rules are
//! in `walk`, the markup in `pages`.

use std::cell::Cell;

use wasm_bindgen::JsCast;

use super::flow::FIRST_QUESTION;
use super::pages::{question_html, result_html};
use super::text::{outcome_text, question_text, LABELS, NO_SCRIPT_HTML};
use super::walk::{self, parse_query, Screen};
use crate::components::{focus_error_summary, trusted_content_html};
use crate::page_area::{self, Area};
use crate::page_change::show_page_meta;

thread_local! {
    /// Continue was pressed with nothing chosen, on the question shown now.
    static ERROR: Cell<bool> = const { Cell::new(false) };
}

/// What `/check/<step>?<answers>` shows: the screen `walk::screen` decides, its markup, and its
/// tab title ("Error: " first while a problem shows, so the tab and a screen reader's page list
/// say it too).
pub fn render(step: &str, query: &str, error: bool) -> (Screen, String, String) {
    let screen = walk::screen(step, query);
    let (title, html) = match &screen {
        Screen::Question {
            key,
            selected,
            back,
        } => {
            let Some(text) = question_text(key) else {
                return (screen, String::new(), String::new());
            };
            let title = if error {
                LABELS
                    .error_title
                    .get()
                    .replace("{title}", text.title.get())
            } else {
                text.title.to_string()
            };
            (
                title,
                question_html(text, *selected, back, error).into_string(),
            )
        }
        Screen::Result { outcome } => {
            let Some(text) = outcome_text(outcome) else {
                return (screen, String::new(), String::new());
            };
            let walk = walk::walk(&parse_query(query));
            (
                text.title.to_string(),
                result_html(text, &walk).into_string(),
            )
        }
        Screen::Redirect(_) => (String::new(), String::new()),
    };
    (screen, title, html)
}

/// The markup the build writes for a step reached with no answers in the address: a question
/// as if reached from the one before, and for `/check/result` what to do without JavaScript.
/// The app keeps that markup on screen when it starts on the same page (see `page_area::show`).
pub fn prerendered(step: &str) -> String {
    match question_text(step) {
        Some(text) => {
            // Rendered as if reached with its earlier answers, so the app's page has the same
            // shape.
            let back = if step == FIRST_QUESTION {
                "/check"
            } else {
                "/check/situation"
            };
            question_html(text, None, back, false).into_string()
        }
        None => trusted_content_html(NO_SCRIPT_HTML.get()).0.to_string(),
    }
}

/// Shows `/check/<step>?<answers>`. Each answer is a new history entry, so Back, Forward and
/// reload keep the place; a URL that does not fit its answers is replaced, not added, so Back
/// never returns to a broken page. Nothing is sent anywhere.
pub fn show(step: &str, query: &str, moved: bool) {
    if moved {
        ERROR.set(false);
    }
    let (screen, title, html) = render(step, query, ERROR.get());
    if let Screen::Redirect(url) = screen {
        page_area::go(url, true);
        return;
    }
    let question = question_text(step).map_or("", |t| t.question.get());
    show_page_meta(&title, question);
    // The page the build wrote for this address may be on screen already: then it is kept,
    // with what the person has chosen in it.
    page_area::show(Area::Check, &html);
}

/// Continue: the next question or the answer, or the error summary when nothing is chosen.
pub fn on_submit(ev: &web_sys::Event) {
    ev.prevent_default();
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let key = form.get_attribute("data-question").unwrap_or_default();
    let chosen = web_sys::FormData::new_with_form(&form)
        .ok()
        .and_then(|data| data.get(&key).as_string());
    match chosen.and_then(|value| walk::answer(&page_area::query(), &key, &value)) {
        Some(url) => {
            ERROR.set(false);
            page_area::go(url, false);
        }
        None => {
            ERROR.set(true);
            page_area::redraw();
            focus_error_summary();
        }
    }
}
