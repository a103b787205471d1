//! The markup of every referral screen, built with maud from the form definition, the answers
//! and the wording in `content/refer/`. Plain Rust, tested natively; the view sets it as the
//! page's markup and listens for the form's events in one place. (Why maud and not Leptos
//! views: see `markup.rs`. maud escapes everything spliced in, so what a person typed stays text.)
//!
//! The patterns are GOV.UK's: a Back link first; the error summary at the top, focused, linking
//! to each field; one `h1` (the legend itself on a one-question page); "Check your answers" as a
//! summary list with a Change link per answer; a confirmation panel with the reference.

use maud::{html, Markup};

use super::clear;
use super::form::{Kind, Page};
use super::markup::{first_input_id, page_fields};
use super::sending::{wait_count, Failure};
use super::state::Referral;
use super::steps::{last_page, Screen, RETURN_TO_CHECK};
use super::text::{file, form_text, problem_message, text};
use super::validate::{check_all, fields_shown, pages_shown, Answers, Problems, Ymd};
use crate::base::href;
use crate::components::{
    back_link, error_summary, error_summary_box, submit_button, summary_list, trusted_content_html,
    FieldError, SummaryRow,
};
use crate::content::{REFER_PAGE, SITE_WORDS};

/// The id of the hidden box that only automated form-fillers fill in.
pub const HONEYPOT: &str = "website";

/// The tab title of a screen, with "Error: " first while it shows problems.
pub fn title(screen: &Screen, has_problems: bool) -> String {
    let title = match screen {
        Screen::Start => REFER_PAGE.title.get(),
        Screen::Unavailable => text("_unavailable", "title"),
        Screen::Questions { page, .. } => text(page.key, "title"),
        Screen::PermissionNeeded => text("_permission-needed", "title"),
        Screen::UnderAge => text("_under-18", "title"),
        Screen::Check => text("_check", "title"),
        Screen::Sent => text("_sent", "title"),
        Screen::Clear => text("_draft", "clear_title"),
        Screen::Redirect(_) => "",
    };
    if has_problems {
        form_text("error_title").replace("{title}", title)
    } else {
        title.to_string()
    }
}

/// The markup of a screen inside the page's `main`.
pub fn html(screen: &Screen, referral: &Referral, route: &str, today: Ymd) -> Markup {
    match screen {
        Screen::Start => html! {
            (clear::note(referral))
            (content(REFER_PAGE.html.get(), None))
        },
        Screen::Unavailable => message("_unavailable", None),
        Screen::PermissionNeeded => message("_permission-needed", Some("/refer/permission")),
        Screen::UnderAge => message("_under-18", Some("/refer/person")),
        Screen::Questions {
            page,
            back,
            returning,
        } => html! {
            (clear::note(referral))
            (questions(page, &referral.answers, &referral.problems_on(route), back, *returning))
            @if page.key == super::form::PAGES[0].key { (clear::kept_sentence()) }
            (clear::clear_button())
        },
        Screen::Check => {
            html! { (clear::note(referral)) (check(referral, today)) (clear::clear_button()) }
        }
        Screen::Clear => clear::clear_page(&referral.step),
        Screen::Sent => match &referral.sent {
            Some((reference, date)) => sent(reference, date, referral.sent_service.as_deref()),
            None => html! {},
        },
        Screen::Redirect(_) => html! {},
    }
}

fn back(route: &str) -> Markup {
    back_link(&href(route), form_text("back"))
}

/// A page of wording from `content/`, with a Back link when there is somewhere to go back to.
fn content(body: &'static str, back_to: Option<&str>) -> Markup {
    html! {
        @if let Some(route) = back_to { (back(route)) }
        article class="content" { (trusted_content_html(body)) }
    }
}

fn message(name: &str, back_to: Option<&str>) -> Markup {
    let f = file(name);
    html! {
        @if let Some(route) = back_to { (back(route)) }
        article class="content" {
            h1 { (f.heading) }
            (trusted_content_html(f.html.get()))
        }
    }
}

/// Whether a page asks one question, whose legend is then the page's `h1` (GOV.UK).
fn one_question(page: &Page) -> bool {
    matches!(page.fields, [only] if matches!(only.kind, Kind::Radios(_)))
}

fn questions(
    page: &Page,
    answers: &Answers,
    problems: &Problems,
    back_to: &str,
    returning: bool,
) -> Markup {
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
    let single = one_question(page);
    let intro = file(page.key).html.get();
    let action = if returning {
        format!("?{RETURN_TO_CHECK}")
    } else {
        String::new()
    };
    html! {
        (back(back_to))
        @if !problems.is_empty() {
            (error_summary(form_text("error_summary"), &errors))
        }
        @if !single {
            h1 { (text(page.key, "heading")) }
        }
        @if !single && !intro.is_empty() {
            div class="content" { (trusted_content_html(intro)) }
        }
        form class="referral-form" method="post"
            action={ (href(&format!("/refer/{}", page.key))) (action) } novalidate
            data-page=(page.key) {
            (page_fields(page, answers, problems, single))
            // On a one-question page the question (its legend, the page's h1) comes first, so a
            // small screen shows it straight away; the words about it follow the answers.
            @if single && !intro.is_empty() {
                div class="content" { (trusted_content_html(intro)) }
            }
            @if page.key == super::form::PAGES[0].key {
                // Off screen and hidden from assistive technology; people never see it, bots
                // fill it in.
                div class="trap" aria-hidden="true" {
                    label for=(HONEYPOT) { (form_text("honeypot")) }
                    input id=(HONEYPOT) name=(HONEYPOT) type="text" tabindex="-1"
                        autocomplete="off";
                }
            }
            (submit_button(form_text("continue_button")))
        }
        noscript { div class="notice" { (trusted_content_html(file("_form").html.get())) } }
    }
}

/// What a person sees for an answer on the check page: the option's words, a date as
/// 27/03/1980, and every other answer as checked (trimmed, normalised).
/// A date of birth (`YYYY-MM-DD`) as the page's language writes dates in figures
/// (`date_short` in `content/refer/_form.md`: 07/03/1990 in English).
fn short_date(value: &str) -> String {
    let mut parts = value.splitn(3, '-');
    let (year, month, day) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    form_text("date_short")
        .replace("{day}", day)
        .replace("{month}", month)
        .replace("{year}", year)
}

fn shown_value(page: &Page, key: &str, kind: Kind, value: &str) -> String {
    match kind {
        Kind::Radios(_) => text(page.key, &format!("option.{key}.{value}")).to_string(),
        Kind::Checkboxes(_) => value
            .split(',')
            .filter(|v| !v.is_empty())
            .map(|v| text(page.key, &format!("option.{key}.{v}")))
            .collect::<Vec<_>>()
            .join("\n"),
        Kind::DateOfBirth => short_date(value),
        _ => value.to_string(),
    }
}

fn check(referral: &Referral, today: Ymd) -> Markup {
    let answers = &referral.answers;
    let checked = check_all(answers, today).unwrap_or_default();
    let sections: Vec<(&Page, Vec<SummaryRow>)> = pages_shown(answers)
        .map(|page| (page, summary_rows(page, answers, &checked)))
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    html! {
        (back(&last_page(answers)))
        @if let Some(failure) = referral.failure {
            (error_summary_box(Some("send-failure"), text("_check", "failed_title"), html! {
                p { (form_message(failure)) }
                p {
                    (text("_check", "failed_phone")) " "
                    a href={ "tel:" (SITE_WORDS.phone_dial) } { (SITE_WORDS.phone_display) }
                    "."
                }
            }))
        }
        // No Listen here (issue 23): this page shows what was typed, and people use it on open
        // wards. `listen.js` leaves out any page whose heading says so.
        h1 data-no-listen { (text("_check", "heading")) }
        @for (page, rows) in &sections {
            h2 { (text(page.key, "title")) }
            (summary_list(rows, form_text("change")))
        }
        div class="content" { (trusted_content_html(file("_check").html.get())) }
        form class="referral-form" method="post" action=(href("/refer/check")) novalidate
            data-page="check" {
            (submit_button(send_label(referral)))
        }
    }
}

/// The rows of "Check your answers" for one page of the form.
fn summary_rows(page: &Page, answers: &Answers, checked: &Answers) -> Vec<SummaryRow> {
    fields_shown(page, answers)
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
        .collect()
}

/// The send button's words: "Send referral", "Sending your referral…", or "Try again".
pub fn send_label(referral: &Referral) -> &'static str {
    if referral.sending {
        text("_check", "sending")
    } else if referral.failure == Some(Failure::Offline) {
        text("_draft", "try_again_now")
    } else if referral.failure.is_some() {
        text("_check", "try_again")
    } else {
        text("_check", "send")
    }
}

fn form_message(failure: Failure) -> String {
    let words = text(failure.message_file(), failure.message_key());
    match failure {
        Failure::Busy { seconds } => {
            let (count, n) = wait_count(seconds);
            words.replace("{wait}", &super::text::counted("_check", count, n))
        }
        _ => words.to_string(),
    }
}

/// The confirmation: the reference and the date, what happens next for the service asked for,
/// then the words every referral gets. Nothing personal, so it can be printed or saved.
fn sent(reference: &str, date: &str, service: Option<&str>) -> Markup {
    let next = match service {
        Some("imha") => text("_sent", "next_imha"),
        Some("community") => text("_sent", "next_community"),
        _ => text("_sent", "next_not_sure"),
    };
    html! {
        div class="result-panel confirmation" {
            h1 data-no-listen { (text("_sent", "heading")) }
            p {
                (text("_sent", "reference_label"))
                br;
                strong class="reference" { (reference) }
            }
        }
        (clear::sent_on(date))
        article class="content" {
            h2 { (text("_sent", "next_heading")) }
            p { (next) }
            (trusted_content_html(file("_sent").html.get()))
        }
    }
}
