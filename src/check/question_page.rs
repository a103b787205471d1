use leptos::prelude::*;

use super::text::{QuestionText, LABELS, NO_SCRIPT_HTML};
use crate::components::{focus_error_summary, BackLink, ErrorSummary, FieldError, Radios};
use crate::page_change::show_page_meta;

/// One question on its own page. It only shows the question and reports the answer; what comes
/// next is decided by `walk::answer`, outside the view.
///
/// `novalidate` because we check the answer ourselves and show the GOV.UK error pattern, which
/// browsers' own bubbles are not (they vanish, cannot be styled, and are missed by magnifiers).
#[component]
pub fn QuestionPage(
    text: &'static QuestionText,
    /// The current answer when the person came back to change it; nothing is preselected otherwise.
    selected: Option<&'static str>,
    back: String,
    on_answer: Callback<String>,
) -> impl IntoView {
    let chosen = RwSignal::new(selected.map(str::to_string));
    let error = RwSignal::new(None::<&'static str>);
    show_page_meta(text.title, text.question);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match chosen.get_untracked() {
            Some(value) => on_answer.run(value),
            None => {
                error.set(Some(text.error));
                // "Error: " first, so the tab title and a screen reader's page list say it too.
                show_page_meta(
                    &format!("{}: {}", LABELS.error_prefix, text.title),
                    text.question,
                );
                focus_error_summary();
            }
        }
    };
    let first_radio = format!(
        "{}-{}",
        text.key,
        text.options.first().map_or("", |o| o.value)
    );

    view! {
        <BackLink href=crate::base::href(&back) label=LABELS.back />
        {move || {
            error
                .get()
                .map(|message| {
                    view! {
                        <ErrorSummary
                            title=LABELS.error_summary
                            errors=vec![
                                FieldError {
                                    target: first_radio.clone(),
                                    message: message.to_string(),
                                },
                            ]
                        />
                    }
                })
        }}
        <noscript>
            <div class="notice" inner_html=NO_SCRIPT_HTML></div>
        </noscript>
        <form class="question" novalidate on:submit=submit>
            <Radios
                name=text.key
                question=text.question
                hint_html=text.hint_html
                options=text.options
                chosen
                error
                error_prefix=LABELS.error_prefix
            />
            <button type="submit" class="button">
                {LABELS.continue_button}
            </button>
        </form>
    }
}
