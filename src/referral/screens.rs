//! The HTML of every referral screen, built as text from the form definition, the answers and
//! the wording in `content/refer/`. Plain Rust, tested natively; the view sets it as the page's
//! markup and listens for the form's events in one place. (Why text and not Leptos views: see
//! `markup.rs`. Everything a person typed is escaped.)
//!
//! The patterns are GOV.UK's: a Back link first; the error summary at the top, focused, linking
//! to each field; one `h1` (the legend itself on a one-question page); "Check your answers" as a
//! summary list with a Change link per answer; a confirmation panel with the reference.

use super::form::{Kind, Page};
use super::markup::{escape, first_input_id, page_fields};
use super::sending::{wait_in_words, Failure};
use super::state::Referral;
use super::steps::{last_page, Screen, RETURN_TO_CHECK};
use super::text::{file, form_text, problem_message, text};
use super::validate::{check_all, fields_shown, pages_shown, Answers, Problems, Ymd};
use crate::base::href;
use crate::components::{
    back_link_html, error_summary_html, summary_list_html, FieldError, SummaryRow,
};
use crate::content::{page_for, SHELL};

/// The id of the hidden box that only automated form-fillers fill in.
pub const HONEYPOT: &str = "website";

/// The tab title of a screen, with "Error: " first while it shows problems.
pub fn title(screen: &Screen, has_problems: bool) -> String {
    let title = match screen {
        Screen::Start => page_for("/refer").map_or("", |p| p.title),
        Screen::Unavailable => text("_unavailable", "title"),
        Screen::Questions { page, .. } => text(page.key, "title"),
        Screen::PermissionNeeded => text("_permission-needed", "title"),
        Screen::Check => text("_check", "title"),
        Screen::Sent => text("_sent", "title"),
        Screen::Redirect(_) => "",
    };
    if has_problems {
        format!("{}: {title}", form_text("error_prefix"))
    } else {
        title.to_string()
    }
}

/// The markup of a screen inside the page's `main`.
pub fn html(screen: &Screen, referral: &Referral, route: &str, today: Ymd) -> String {
    match screen {
        Screen::Start => content(page_for("/refer").map_or("", |p| p.html), None),
        Screen::Unavailable => message("_unavailable", None),
        Screen::PermissionNeeded => message("_permission-needed", Some("/refer/permission")),
        Screen::Questions {
            page,
            back,
            returning,
        } => questions(
            page,
            &referral.answers,
            &referral.problems_on(route),
            back,
            *returning,
        ),
        Screen::Check => check(referral, today),
        Screen::Sent => sent(referral.sent.as_deref().unwrap_or_default()),
        Screen::Redirect(_) => String::new(),
    }
}

fn back_link(route: &str) -> String {
    back_link_html(&href(route), form_text("back"))
}

fn content(html: &str, back: Option<&str>) -> String {
    let back = back.map(back_link).unwrap_or_default();
    format!("{back}<article class=\"content\">{html}</article>")
}

fn message(name: &str, back: Option<&str>) -> String {
    let f = file(name);
    content(&format!("<h1>{}</h1>{}", escape(f.heading), f.html), back)
}

/// Whether a page asks one question, whose legend is then the page's `h1` (GOV.UK).
fn one_question(page: &Page) -> bool {
    matches!(page.fields, [only] if matches!(only.kind, Kind::Radios(_)))
}

fn questions(
    page: &Page,
    answers: &Answers,
    problems: &Problems,
    back: &str,
    returning: bool,
) -> String {
    let mut out = back_link(back);
    if !problems.is_empty() {
        let errors: Vec<FieldError> = problems
            .iter()
            .filter_map(|(key, problem)| {
                let field = page.fields.iter().find(|f| f.key == *key)?;
                Some(FieldError {
                    target: first_input_id(field),
                    message: problem_message(page.key, field, *problem),
                })
            })
            .collect();
        out.push_str(&error_summary_html(form_text("error_summary"), &errors));
    }
    let single = one_question(page);
    if !single {
        out.push_str(&format!("<h1>{}</h1>", escape(text(page.key, "heading"))));
    }
    let intro = file(page.key).html;
    if !intro.is_empty() {
        out.push_str(&format!("<div class=\"content\">{intro}</div>"));
    }
    let action = if returning {
        format!("?{RETURN_TO_CHECK}")
    } else {
        String::new()
    };
    out.push_str(&format!(
        "<form class=\"referral-form\" method=\"post\" action=\"{}{action}\" novalidate data-page=\"{}\">",
        escape(&href(&format!("/refer/{}", page.key))),
        page.key
    ));
    out.push_str(&page_fields(page, answers, problems, single));
    if page.key == super::form::PAGES[0].key {
        // Off screen and hidden from assistive technology; people never see it, bots fill it in.
        out.push_str(&format!(
            "<div class=\"trap\" aria-hidden=\"true\"><label for=\"{HONEYPOT}\">{}</label><input id=\"{HONEYPOT}\" name=\"{HONEYPOT}\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></div>",
            escape(form_text("honeypot"))
        ));
    }
    out.push_str(&format!(
        "<button type=\"submit\" class=\"button\">{}</button></form>",
        escape(form_text("continue_button"))
    ));
    out.push_str(&format!(
        "<noscript><div class=\"notice\">{}</div></noscript>",
        file("_form").html
    ));
    out
}

/// What a person sees for an answer on the check page: the option's words, a date as
/// 27/03/1980, and every other answer as checked (trimmed, normalised).
fn shown_value(page: &Page, key: &str, kind: Kind, value: &str) -> String {
    match kind {
        Kind::Radios(_) => text(page.key, &format!("option.{key}.{value}")).to_string(),
        Kind::Checkboxes(_) => value
            .split(',')
            .filter(|v| !v.is_empty())
            .map(|v| text(page.key, &format!("option.{key}.{v}")))
            .collect::<Vec<_>>()
            .join("\n"),
        Kind::DateOfBirth => value.split('-').rev().collect::<Vec<_>>().join("/"),
        _ => value.to_string(),
    }
}

fn check(referral: &Referral, today: Ymd) -> String {
    let answers = &referral.answers;
    let checked = check_all(answers, today).unwrap_or_default();
    let mut out = back_link(&last_page(answers));
    if let Some(failure) = referral.failure {
        let message = form_message(failure);
        out.push_str(&format!(
            "<div class=\"error-summary\" id=\"send-failure\" tabindex=\"-1\" aria-labelledby=\"send-failure-title\"><div role=\"alert\"><h2 class=\"error-summary__title\" id=\"send-failure-title\">{}</h2><p>{}</p><p>{} <a href=\"tel:{}\">{}</a>.</p></div></div>",
            escape(text("_check", "failed_title")),
            escape(&message),
            escape(text("_check", "failed_phone")),
            SHELL.phone_dial,
            escape(SHELL.phone_display)
        ));
    }
    out.push_str(&format!("<h1>{}</h1>", escape(text("_check", "heading"))));
    for page in pages_shown(answers) {
        let rows: Vec<SummaryRow> = fields_shown(page, answers)
            .filter(|f| f.kind != Kind::Agree)
            .map(|f| {
                // A phone number as the person wrote it ("07700 900982"), which reads better
                // (and aloud) than the "+447700900982" that is sent.
                let value = match f.kind {
                    Kind::Phone if checked.contains_key(f.key) => {
                        answers.get(f.key).map_or("", |v| v.trim())
                    }
                    _ => checked.get(f.key).map_or("", String::as_str),
                };
                // A checkbox group's label is an instruction ("Select all that apply"); the
                // page's question says what the answer is about.
                let label = if one_question(page) || matches!(f.kind, Kind::Checkboxes(_)) {
                    text(page.key, "heading")
                } else {
                    text(page.key, &format!("label.{}", f.key))
                };
                SummaryRow {
                    key: label.to_string(),
                    value: if value.is_empty() {
                        text("_check", "not_given").to_string()
                    } else {
                        shown_value(page, f.key, f.kind, value)
                    },
                    change_href: href(&format!("/refer/{}?{RETURN_TO_CHECK}", page.key)),
                }
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("<h2>{}</h2>", escape(text(page.key, "title"))));
        out.push_str(&summary_list_html(&rows, form_text("change")));
    }
    out.push_str(&format!(
        "<div class=\"content\">{}</div><form class=\"referral-form\" method=\"post\" action=\"{}\" novalidate data-page=\"check\"><button type=\"submit\" class=\"button\">{}</button></form>",
        file("_check").html,
        escape(&href("/refer/check")),
        escape(send_label(referral))
    ));
    out
}

/// The send button's words: "Send referral", "Sending your referral…", or "Try again".
pub fn send_label(referral: &Referral) -> &'static str {
    if referral.sending {
        text("_check", "sending")
    } else if referral.failure.is_some() {
        text("_check", "try_again")
    } else {
        text("_check", "send")
    }
}

fn form_message(failure: Failure) -> String {
    let words = text("_check", failure.message_key());
    match failure {
        Failure::Busy { seconds } => words.replace("{wait}", &wait_in_words(seconds)),
        _ => words.to_string(),
    }
}

fn sent(reference: &str) -> String {
    let f = file("_sent");
    format!(
        "<div class=\"result-panel confirmation\"><h1>{}</h1><p>{}<br><strong class=\"reference\">{}</strong></p></div><article class=\"content\">{}</article>",
        escape(text("_sent", "heading")),
        escape(text("_sent", "reference_label")),
        escape(reference),
        f.html
    )
}
