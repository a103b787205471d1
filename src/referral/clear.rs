//! The markup about keeping the answers in the tab: the one sentence on the first question page,
//! the one-line notes, "Clear my answers" and its confirmation page, and the confirmation's date.
//! Built with maud from `content/refer/_draft.md`; plain Rust, tested natively.

use maud::{html, Markup};

use super::state::Referral;
use super::steps::{CLEAR, START};
use super::text::{file, text};
use crate::base::href;
use crate::components::{back_link, trusted_content_html};

/// A word from `content/refer/_draft.md`.
fn words(key: &str) -> &'static str {
    text("_draft", key)
}

/// The note about keeping the answers (read again, cleared, not kept), if there is one.
pub fn note(referral: &Referral) -> Markup {
    html! {
        @if let Some(note) = referral.note {
            div class="notice" role="status" { p { (words(note.message_key())) } }
        }
    }
}

/// The one sentence on the first question page saying what is kept, where and for how long.
pub fn kept_sentence() -> Markup {
    html! { div class="content" { (trusted_content_html(file("_draft").html.get())) } }
}

/// The secondary button on every question page and on "Check your answers". It leads to a page
/// that asks first, so a slip does not wipe the answers.
pub fn clear_button() -> Markup {
    html! {
        a class="button button-secondary" href=(href(CLEAR)) draggable="false" {
            (words("clear_button"))
        }
    }
}

/// `/refer/clear`: asks before deleting the answers. The form's `data-page="clear"` is what the
/// view listens for; "No" goes back to where the person was.
pub fn clear_page(back_to: &str) -> Markup {
    let back_to = if back_to.is_empty() { START } else { back_to };
    html! {
        (back_link(&href(back_to), super::text::form_text("back")))
        h1 { (words("clear_heading")) }
        p { (words("clear_text")) }
        form method="post" action=(href(CLEAR)) novalidate data-page="clear" {
            div class="button-group" {
                button type="submit" class="button button-warning" { (words("clear_confirm")) }
                a href=(href(back_to)) { (words("clear_cancel")) }
            }
        }
    }
}

/// The date the referral was sent and a line saying the page may be kept: it holds nothing typed.
pub fn sent_on(date: &str) -> Markup {
    html! {
        @let (before, after) = words("sent_on").split_once("{date}").unwrap_or((words("sent_on"), ""));
        p { (before) strong { (date) } (after) }
        p { (words("keep_this")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::state::Note;

    #[test]
    fn the_clear_page_asks_before_deleting() {
        let page = clear_page("/refer/person").into_string();
        assert!(page.contains(r#"data-page="clear""#), "{page}");
        assert!(page.contains(words("clear_confirm")));
        assert!(page.contains(r#"href="/refer/person""#), "{page}");
        assert!(clear_button()
            .into_string()
            .contains(r#"href="/refer/clear""#));
    }

    #[test]
    fn notes_are_one_line_from_the_wording_file() {
        assert_eq!(note(&Referral::default()).into_string(), "");
        for n in [Note::Discarded, Note::Expired, Note::NotKept, Note::Cleared] {
            let r = Referral {
                note: Some(n),
                ..Referral::default()
            };
            let html = note(&r).into_string();
            assert!(!words(n.message_key()).is_empty());
            assert!(html.contains(words(n.message_key())), "{html}");
        }
        let sentence = kept_sentence().into_string();
        assert!(
            sentence.contains("20 hours") && sentence.contains("/privacy"),
            "{sentence}"
        );
    }
}
