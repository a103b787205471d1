use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use super::pages::{question_html, result_html};
use super::text::{outcome_text, question_text, LABELS};
use super::walk::{self, parse_query, Screen};
use crate::components::{focus_error_summary, follow_error_link};
use crate::page_change::show_page_meta;

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
            let text = question_text(key).expect("the build checks every question has wording");
            let title = if error {
                format!("{}: {}", LABELS.error_prefix, text.title)
            } else {
                text.title.to_string()
            };
            (
                title,
                question_html(text, *selected, back, error).into_string(),
            )
        }
        Screen::Result { outcome } => {
            let text = outcome_text(outcome).expect("the build checks every outcome has wording");
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

/// `/check/<step>?<answers>`. Each answer is a new history entry, so Back, Forward and reload
/// keep the place; a URL that does not fit its answers is replaced, not added, so Back never
/// returns to a broken page. Nothing is sent anywhere.
#[component]
pub fn CheckRoute() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    // Continue was pressed with nothing chosen, on this question.
    let error = RwSignal::new(false);
    let step = move || {
        let path = location.pathname.get();
        path.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let markup = {
        let navigate = navigate.clone();
        move || {
            let (screen, title, html) = render(&step(), &location.search.get(), error.get());
            if let Screen::Redirect(url) = screen {
                let navigate = navigate.clone();
                // After this render, so the router is not changed while it is rendering.
                request_animation_frame(move || {
                    navigate(
                        &url,
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    )
                });
            } else {
                let question = question_text(&step()).map_or("", |t| t.question);
                show_page_meta(&title, question);
            }
            html
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
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
        let query = location.search.get_untracked();
        match chosen.and_then(|value| walk::answer(&query, &key, &value)) {
            Some(url) => {
                error.set(false);
                navigate(&url, NavigateOptions::default());
            }
            None => {
                error.set(true);
                focus_error_summary();
            }
        }
    };
    view! { <div class="check" on:submit=on_submit on:click=follow_error_link inner_html=markup></div> }
}
