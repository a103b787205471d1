//! Which screen of the referral each address shows, and where each answer leads. Plain Rust,
//! tested natively; the view only shows what [`screen`] decides.
//!
//! Only the step is in the address (`/refer/person`); the answers stay in memory. So a step
//! reached before the pages it depends on are complete (after a reload, or from a bookmark) sends
//! the person to the first page still to answer, and Back never shows a page that does not fit.

use super::form::{page_by_key, Page, NO_PERMISSION, PAGES};
use super::validate::{applies, check_all, check_page, pages_shown, Answers, Ymd};

/// The start page, with the button to the first question.
pub const START: &str = "/refer";
/// The page that lists every answer before sending.
pub const CHECK: &str = "/refer/check";
/// The confirmation with the reference.
pub const SENT: &str = "/refer/sent";
/// The answer page for "the person does not agree": not an error, a reason to talk first.
pub const PERMISSION_NEEDED: &str = "/refer/permission-needed";
/// "Clear my answers": asks before deleting them.
pub const CLEAR: &str = "/refer/clear";
/// Added to a question's address by a Change link, so the person comes back to the check page.
pub const RETURN_TO_CHECK: &str = "return=check";

/// What to show for an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// `/refer` with online referral switched on.
    Start,
    /// Online referral is switched off (or its setting is unsafe): the phone number instead.
    Unavailable,
    /// One page of questions. `back` is the Back link; `returning` when reached from a Change link.
    Questions {
        page: &'static Page,
        back: String,
        returning: bool,
    },
    PermissionNeeded,
    Check,
    Sent,
    /// The confirmation step of "Clear my answers".
    Clear,
    /// This address does not fit the answers: replace it with this route.
    Redirect(String),
}

/// Whether a route belongs to the referral (the app shows these though no content file exists).
pub fn is_referral_route(route: &str) -> bool {
    let route = route.trim_end_matches('/');
    route == START
        || [CHECK, SENT, PERMISSION_NEEDED, CLEAR].contains(&route)
        || route
            .strip_prefix("/refer/")
            .is_some_and(|key| page_by_key(key).is_some())
}

/// The address of a question page.
pub fn page_route(page: &Page) -> String {
    format!("/refer/{}", page.key)
}

/// The screen for `route` (base removed) and `query` (with or without `?`).
pub fn screen(
    route: &str,
    query: &str,
    answers: &Answers,
    online: bool,
    sent: bool,
    today: Ymd,
) -> Screen {
    let route = route.trim_end_matches('/');
    // The confirmation stays readable even if the setting changes after sending.
    if route == SENT {
        return if sent {
            Screen::Sent
        } else {
            Screen::Redirect(START.into())
        };
    }
    if !online {
        return Screen::Unavailable;
    }
    if route == START {
        return Screen::Start;
    }
    if route == PERMISSION_NEEDED {
        return Screen::PermissionNeeded;
    }
    if route == CLEAR {
        return Screen::Clear;
    }
    if route == CHECK {
        return match first_to_answer(answers, None, today) {
            Some(url) => Screen::Redirect(url),
            None => Screen::Check,
        };
    }
    let Some(page) = route.strip_prefix("/refer/").and_then(page_by_key) else {
        return Screen::Redirect(START.into());
    };
    if let Some(url) = first_to_answer(answers, Some(page), today) {
        return Screen::Redirect(url);
    }
    if !applies(page.when, answers) {
        return Screen::Redirect(next(page, answers, false, today));
    }
    let returning = query
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == RETURN_TO_CHECK);
    let back = if returning {
        CHECK.to_string()
    } else {
        previous(page, answers)
    };
    Screen::Questions {
        page,
        back,
        returning,
    }
}

/// The first page before `page` (or before the check page, for `None`) that still needs an
/// answer, or the permission answer page when the person has not agreed.
fn first_to_answer(answers: &Answers, page: Option<&Page>, today: Ymd) -> Option<String> {
    for earlier in pages_shown(answers) {
        if page.is_some_and(|p| p.key == earlier.key) {
            return None;
        }
        if check_page(earlier, answers, today).is_err() {
            return Some(page_route(earlier));
        }
        if earlier.key == NO_PERMISSION.0 && refused_permission(answers) {
            return Some(PERMISSION_NEEDED.into());
        }
    }
    None
}

/// Whether the person the referral is about has not agreed to it (when someone else refers).
pub fn refused_permission(answers: &Answers) -> bool {
    applies(
        page_by_key(NO_PERMISSION.0).map_or(super::form::When::Always, |p| p.when),
        answers,
    ) && answers.get(NO_PERMISSION.0).map(|v| v.trim()) == Some(NO_PERMISSION.1)
}

/// Where to go after a page's answers pass their checks: the permission answer page if the
/// person has not agreed; back to the check page after a change (or to a page the change made
/// necessary, which then returns there too); otherwise the next page that applies.
pub fn next(page: &Page, answers: &Answers, returning: bool, today: Ymd) -> String {
    if page.key == NO_PERMISSION.0 && refused_permission(answers) {
        return PERMISSION_NEEDED.into();
    }
    if returning {
        return match check_all(answers, today) {
            Ok(_) => CHECK.into(),
            Err((first, _)) => format!("/refer/{first}?{RETURN_TO_CHECK}"),
        };
    }
    let index = PAGES.iter().position(|p| p.key == page.key).unwrap_or(0);
    PAGES[index + 1..]
        .iter()
        .find(|p| applies(p.when, answers))
        .map_or(CHECK.into(), page_route)
}

/// The Back link of a page: the page before it that applies, or the start page.
pub fn previous(page: &Page, answers: &Answers) -> String {
    let index = PAGES.iter().position(|p| p.key == page.key).unwrap_or(0);
    PAGES[..index]
        .iter()
        .rev()
        .find(|p| applies(p.when, answers))
        .map_or(START.into(), page_route)
}

/// The Back link of the check page: the last page that applies.
pub fn last_page(answers: &Answers) -> String {
    pages_shown(answers).last().map_or(START.into(), page_route)
}
