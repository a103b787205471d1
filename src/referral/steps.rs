//! Which screen of the referral each address shows, and where each answer leads. Plain Rust,
//! tested natively; the view only shows what [`screen`] decides.
//!
//! Only the step is in the address (`/refer/person`); the answers stay in memory. So a step
//! reached before the pages it depends on are complete (after a reload, or from a bookmark) sends
//! the person to the first page still to answer, and Back never shows a page that does not fit.

use super::form::{
    field_by_key, page_by_key, Page, ADULTS_ONLY, NO_PERMISSION, PAGES, SECTIONS, SERVICES,
    SITUATIONS,
};
use super::validate::{applies, check_all, check_page, check_value, pages_shown, Answers, Ymd};
use crate::check::walk::parse_query;

/// The start page, with the button to the first question.
pub const START: &str = "/refer";
/// The page that lists every answer before sending.
pub const CHECK: &str = "/refer/check";
/// The confirmation with the reference.
pub const SENT: &str = "/refer/sent";
/// The answer page for "the person does not agree": not an error, a reason to talk first.
pub const PERMISSION_NEEDED: &str = "/refer/permission-needed";
/// The answer page for "community advocacy for someone under 18": not an error, who can help.
pub const UNDER_18: &str = "/refer/under-18";
/// The first question, where a link from the checker starts the referral.
pub const SERVICE: &str = "/refer/service";
/// The keys a link from the checker may carry: `/refer/service?service=imha&situation=…&section=…`.
const LINK_KEYS: &[&str] = &["service", "situation", "section"];
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
    /// Community advocacy asked for someone under 18: who can help instead.
    UnderAge,
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
        || [CHECK, SENT, PERMISSION_NEEDED, UNDER_18, CLEAR].contains(&route)
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
    if route == UNDER_18 {
        return Screen::UnderAge;
    }
    // A link from the checker: its answers are taken (see `answers_from_link`), and the address
    // keeps only the step, as everywhere in the form.
    if route == SERVICE && has_link_answers(query) {
        return Screen::Redirect(SERVICE.into());
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
        if asks_age(earlier) && too_young_for_service(answers, today) {
            return Some(UNDER_18.into());
        }
    }
    None
}

/// Whether a page asks the date of birth, after which the age rule is known.
fn asks_age(page: &Page) -> bool {
    page.fields.iter().any(|f| f.key == "date_of_birth")
}

/// Whether community advocacy (for adults only) is asked for someone whose date of birth says
/// they are under 18 today. IMHA has no age limit, and "not sure" is for the service to sort out.
pub fn too_young_for_service(answers: &Answers, today: Ymd) -> bool {
    if answers.get(ADULTS_ONLY.0).map(|v| v.trim()) != Some(ADULTS_ONLY.1) {
        return false;
    }
    let Some(field) = field_by_key("date_of_birth") else {
        return false;
    };
    let part = |p: &str| {
        answers
            .get(&format!("date_of_birth.{p}"))
            .map_or("", |v| v.trim())
            .to_string()
    };
    let typed = format!("{}/{}/{}", part("day"), part("month"), part("year"));
    // A normalised date (YYYY-MM-DD) as the receiver has it, or the three boxes as typed.
    let born = match answers.get("date_of_birth") {
        Some(date) => check_value(
            field,
            &date.split('-').rev().collect::<Vec<_>>().join("/"),
            today,
        ),
        None => check_value(field, &typed, today),
    };
    let Ok(born) = born else { return false };
    let num = |range: std::ops::Range<usize>| born.get(range).and_then(|t| t.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    (y + 18, m, d) > today
}

/// Whether an address carries answers from a link (the checker's "Ask for an IMHA").
fn has_link_answers(query: &str) -> bool {
    parse_query(query)
        .iter()
        .any(|(k, _)| LINK_KEYS.contains(&k.as_str()))
}

/// The answers a link to `/refer/service` carries: the service, and the checker's situation and
/// section as the checker recorded them. Unknown values are left out (the person is then asked),
/// and a section only counts for `situation=detained`, as in the checker. Not personal data, but
/// the view still takes them once and replaces the address with the step alone.
pub fn answers_from_link(route: &str, query: &str) -> Answers {
    let mut answers = Answers::new();
    if route.trim_end_matches('/') != SERVICE {
        return answers;
    }
    let given = parse_query(query);
    let value = |key: &str| {
        given
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    for (key, allowed) in [("service", SERVICES), ("situation", SITUATIONS)] {
        if let Some(v) = value(key).filter(|v| allowed.contains(v)) {
            answers.insert(key.into(), v.into());
        }
    }
    if answers.get("situation").map(String::as_str) == Some("detained") {
        if let Some(v) = value("section").filter(|v| SECTIONS.contains(v)) {
            answers.insert("section".into(), v.into());
        }
    }
    answers
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
    if asks_age(page) && too_young_for_service(answers, today) {
        return UNDER_18.into();
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
