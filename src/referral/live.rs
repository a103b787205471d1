//! The referral in the browser: what each address shows, typing kept as it happens, Continue,
//! and Send. Thin: the rules are in `steps`, `validate` and `draft`, the markup in `screens`.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::config::{endpoint, Endpoint};
use super::draft::expired;
use super::form::{page_by_key, Kind, Page};
use super::markup::{count_id, count_message, group_id};
use super::payload::to_json;
use super::screens::{self, HONEYPOT};
use super::sending::{date_in_words, waits_for_network, Failure};
use super::session;
use super::state::{Note, Referral};
use super::steps::{self, Screen, RETURN_TO_CHECK};
use super::validate::{applies, check_all, check_page, Ymd};
use crate::components::{focus_error_summary, focus_when_shown};
use crate::page_area::{self, Area};
use crate::page_change::show_page_meta;

thread_local! {
    /// The referral in progress: in memory, and kept as a draft in this tab's `sessionStorage`
    /// (read back here when the app starts) so a reload or a discarded tab loses nothing.
    static REFERRAL: RefCell<Referral> = RefCell::new(Referral::restored(session::read()));
    /// Whether the send waiting at start-up has been tried (once per start, not per page).
    static TRIED_AT_START: Cell<bool> = const { Cell::new(false) };
}

/// Copies the referral to the tab's draft, or deletes the draft when nothing is worth keeping.
/// Storage the browser refuses leaves the form in memory, with a one-line note.
fn keep_draft(r: &mut Referral) {
    match r.draft() {
        Some(draft) => {
            if !session::write(&draft) {
                r.note = Some(Note::NotKept);
            }
        }
        None => session::remove(),
    }
}

/// Whether referrals can be sent: `referral_endpoint` in `config.json` is set and safe.
fn endpoint_now() -> Option<String> {
    match endpoint(crate::site_config::current().referral_endpoint.as_deref()) {
        Endpoint::Ready(url) => Some(url),
        _ => None,
    }
}

/// Today in the browser, for "a date of birth is not in the future". The build's pre-rendered
/// pages hold no answers, so any date does there.
fn today() -> Ymd {
    if cfg!(target_arch = "wasm32") {
        let now = js_sys::Date::new_0();
        (now.get_full_year(), now.get_month() + 1, now.get_date())
    } else {
        (2026, 1, 1)
    }
}

/// The screen for a route and the markup and title that show it, from the referral in memory.
pub fn render(route: &str, query: &str) -> (Screen, String, String) {
    // Twenty hours after the last change the answers go, checked before showing any of them.
    REFERRAL.with_borrow_mut(|r| {
        if r.changed_at > 0.0 && r.sent.is_none() && expired(r.changed_at, session::now_ms()) {
            r.forget(Note::Expired);
            session::remove();
        }
    });
    // A link from the checker carries answers: take them once (the address is then replaced).
    REFERRAL.with_borrow_mut(|r| r.answers.extend(steps::answers_from_link(route, query)));
    let shown = REFERRAL.with_borrow(|r| shown(r, route, query));
    // Remember the page, so the draft knows where the person was.
    if matches!(shown.0, Screen::Questions { .. } | Screen::Check) {
        REFERRAL.with_borrow_mut(|r| {
            let step = route.trim_end_matches('/');
            if r.step != step {
                r.step = step.to_string();
                keep_draft(r);
            }
        });
    }
    shown
}

/// The screen for a route, with its title and markup, for the referral `r`.
fn shown(r: &Referral, route: &str, query: &str) -> (Screen, String, String) {
    let screen = steps::screen(
        route,
        query,
        &r.answers,
        endpoint_now().is_some(),
        r.sent.is_some(),
        today(),
    );
    let problems =
        !r.problems_on(route).is_empty() || (screen == Screen::Check && r.failure.is_some());
    let title = screens::title(&screen, problems);
    let html = screens::html(&screen, r, route, today()).into_string();
    (screen, title, html)
}

/// The title and markup the build writes for a referral address: what someone who has answered
/// nothing yet sees there (the first question wherever the app would send them), with the
/// settings in force.
pub fn prerendered(route: &str) -> (String, String) {
    let empty = Referral::default();
    let (screen, title, html) = shown(&empty, route, "");
    match screen {
        Screen::Redirect(to) => {
            let (_, title, html) = shown(&empty, &to, "");
            (title, html)
        }
        _ => (title, html),
    }
}

/// Sends a referral waiting for a network as soon as the browser says it is back online, once,
/// with the same reference, without a tap.
pub fn send_when_online() {
    let _ = window_event_listener(leptos::ev::online, |_| send_waiting());
}

/// Sends the referral if it is waiting to go (once the app is showing pages).
fn send_waiting() {
    if REFERRAL.with_borrow(|r| r.pending && !r.sending) && page_area::started() {
        send();
    }
}

/// Asks before a reload or closing the tab would lose answers not yet sent.
pub fn warn_before_losing_answers() {
    let _ = window_event_listener(leptos::ev::beforeunload, |ev| {
        if REFERRAL.with_borrow(Referral::has_unsent_answers) {
            // Browsers show their own words; this only asks them to ask.
            ev.prevent_default();
            ev.set_return_value("unsent");
        }
    });
}

/// Shows `/refer` or `/refer/<step>`: what `steps::screen` decides, as markup from `screens`.
/// The build's markup is kept when it is exactly what the app would draw (no answers yet, the
/// same settings), with anything typed into it before the app started.
pub fn show(route: &str, query: &str) {
    // A send left waiting (the tab reloaded, or was discarded, while offline) goes now if the
    // browser has a network; otherwise the `online` event sends it.
    if !TRIED_AT_START.replace(true) && session::online() {
        request_animation_frame(send_waiting);
    }
    let (screen, title, html) = render(route, query);
    if let Screen::Redirect(to) = screen {
        page_area::go(to, true);
        return;
    }
    show_page_meta(&title, crate::content::REFER_PAGE.description.get());
    if page_area::show(Area::Referral, &html) {
        // Typed before the app started: keep it as if typed now.
        if let Some(form) = current_form() {
            if let Some(page) = form
                .get_attribute("data-page")
                .and_then(|key| page_by_key(&key))
                .filter(|page| typed_in(&form, page))
            {
                keep_answers(&form, page);
                show_what_applies(page);
            }
        }
    }
}

/// Whether anything is typed or chosen in a question page's form.
fn typed_in(form: &web_sys::HtmlFormElement, page: &Page) -> bool {
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return false;
    };
    let filled = |key: &str| {
        data.get(key)
            .as_string()
            .is_some_and(|v| !v.trim().is_empty())
    };
    page.fields.iter().any(|field| match field.kind {
        Kind::DateOfBirth => ["day", "month", "year"]
            .iter()
            .any(|part| filled(&format!("{}.{part}", field.key))),
        _ => filled(field.key),
    })
}

/// The question page's form on screen, if one is.
fn current_form() -> Option<web_sys::HtmlFormElement> {
    web_sys::window()?
        .document()?
        .query_selector("main form[data-page]")
        .ok()??
        .dyn_into()
        .ok()
}

/// Typing is kept as it happens, and questions an answer makes relevant appear.
pub fn on_input(ev: &web_sys::Event) {
    if let Some((form, page)) = form_of(ev) {
        keep_answers(&form, page);
        show_what_applies(page);
    }
}

/// Continue checks the page and moves on, or shows its problems; Send posts the referral once
/// however often it is tapped; "Clear my answers" forgets them.
pub fn on_submit(ev: &web_sys::Event) {
    ev.prevent_default();
    let Some((form, page)) = form_of(ev) else {
        match form_key(ev).as_deref() {
            Some("check") => send(),
            Some("clear") => {
                REFERRAL.with_borrow_mut(|r| r.forget(Note::Cleared));
                session::remove();
                page_area::go(steps::START.into(), true);
            }
            _ => {}
        }
        return;
    };
    keep_answers(&form, page);
    let route = page_area::route();
    let returning = page_area::query().contains(RETURN_TO_CHECK);
    let next = REFERRAL.with_borrow_mut(|r| {
        r.robot |= form_value(&form, HONEYPOT).is_some_and(|v| !v.is_empty());
        match check_page(page, &r.answers, today()) {
            Ok(_) => {
                r.problems.clear();
                Some(steps::next(page, &r.answers, returning, today()))
            }
            Err(problems) => {
                r.problems = problems;
                r.problems_route = route;
                None
            }
        }
    });
    match next {
        Some(route) => page_area::go(route, false),
        None => {
            page_area::redraw();
            focus_error_summary();
        }
    }
}

/// The form an event came from and the form page it asks, if it is a question page.
fn form_of(ev: &web_sys::Event) -> Option<(web_sys::HtmlFormElement, &'static Page)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let form: web_sys::HtmlFormElement = target.closest("form").ok()??.dyn_into().ok()?;
    let page = page_by_key(&form.get_attribute("data-page")?)?;
    Some((form, page))
}

/// The `data-page` of the form an event came from: a question page's key, `check` or `clear`.
fn form_key(ev: &web_sys::Event) -> Option<String> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.get_attribute("data-page"))
}

fn form_value(form: &web_sys::HtmlFormElement, key: &str) -> Option<String> {
    web_sys::FormData::new_with_form(form)
        .ok()?
        .get(key)
        .as_string()
}

/// Copies what is in the page's boxes into the referral, so it survives Back, Change, a visit
/// to another page of the site, and (through the tab's draft) a reload.
fn keep_answers(form: &web_sys::HtmlFormElement, page: &Page) {
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return;
    };
    let get = |key: &str| data.get(key).as_string().unwrap_or_default();
    REFERRAL.with_borrow_mut(|r| {
        for field in page.fields {
            match field.kind {
                Kind::DateOfBirth => {
                    for part in ["day", "month", "year"] {
                        let key = format!("{}.{part}", field.key);
                        let value = get(&key);
                        r.answers.insert(key, value);
                    }
                }
                Kind::Checkboxes(_) => {
                    let values: Vec<String> = data
                        .get_all(field.key)
                        .iter()
                        .filter_map(|v| v.as_string())
                        .collect();
                    r.answers.insert(field.key.into(), values.join(","));
                }
                _ => {
                    r.answers.insert(field.key.into(), get(field.key));
                }
            }
        }
        r.changed_at = session::now_ms();
        if r.note != Some(Note::NotKept) {
            r.note = None;
        }
        keep_draft(r);
    });
}

/// Shows the questions an answer has just made relevant (and hides those it made irrelevant),
/// and updates each character count.
fn show_what_applies(page: &Page) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    REFERRAL.with_borrow(|r| {
        for field in page.fields {
            if let Some(group) = document.get_element_by_id(&group_id(field.key)) {
                let _ =
                    group.toggle_attribute_with_force("hidden", !applies(field.when, &r.answers));
            }
            if field.kind == Kind::LongText {
                if let Some(count) = document.get_element_by_id(&count_id(field.key)) {
                    let typed = r.answers.get(field.key).map_or("", String::as_str);
                    count.set_text_content(Some(&count_message(field, typed)));
                }
            }
        }
    });
}

/// Sends the referral once: a tap while sending does nothing. On failure everything is kept and
/// the page says what happened; the next try uses the same reference. A failure for want of a
/// network leaves the send waiting (in the tab's draft too), to go by itself when back online.
fn send() {
    let Some(url) = endpoint_now() else { return };
    let ready = REFERRAL.with_borrow_mut(|r| {
        if r.sending {
            return None;
        }
        let checked = check_all(&r.answers, today()).ok()?;
        let reference = r
            .reference
            .get_or_insert_with(super::send::new_reference)
            .clone();
        r.sending = true;
        // Kept before posting, so a reload now still sends the same referral.
        keep_draft(r);
        let body = to_json(&reference, &super::send::now(), &checked);
        Some((reference, body, r.robot))
    });
    let Some((reference, body, robot)) = ready else {
        return;
    };
    // Say so on the button at once, without redrawing the page under the person's focus.
    if let Some(button) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector("form[data-page=check] button")
            .ok()
            .flatten()
    }) {
        let _ = button.set_attribute("aria-disabled", "true");
        button.set_text_content(Some(REFERRAL.with_borrow(screens::send_label)));
    }
    leptos::task::spawn_local(async move {
        let result = if robot {
            Ok(())
        } else {
            super::send::post(&url, &reference, &body).await
        };
        REFERRAL.with_borrow_mut(|r| match result {
            Ok(()) => {
                let (year, month, day) = today();
                r.arrived(reference, date_in_words((year, month, day)));
                session::remove();
            }
            Err(failure) => {
                r.sending = false;
                r.pending = waits_for_network(failure);
                r.failure = Some(match failure {
                    Failure::Network if !session::online() => Failure::Offline,
                    other => other,
                });
                keep_draft(r);
            }
        });
        if result.is_ok() {
            page_area::go(steps::SENT.into(), true);
        } else {
            page_area::redraw();
            focus_when_shown("#send-failure");
        }
    });
}
