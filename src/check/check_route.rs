use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::text::{outcome_text, question_text};
use super::walk::{self, parse_query, Screen};
use super::{QuestionPage, ResultPage};

/// `/check/<step>?<answers>`: asks `walk::screen` what to show and shows it. Each answer is a new
/// history entry, so Back, Forward and reload keep the place; a URL that does not fit its answers
/// is replaced, not added, so Back never returns to a broken page. Nothing is sent anywhere.
#[component]
pub fn CheckRoute() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    move || {
        let path = location.pathname.get();
        let query = location.search.get();
        let step = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        match walk::screen(&step, &query) {
            Screen::Question {
                key,
                selected,
                back,
            } => {
                let text = question_text(key).expect("the build checks every question has wording");
                let navigate = navigate.clone();
                let on_answer = Callback::new(move |value: String| {
                    if let Some(url) = walk::answer(&query, key, &value) {
                        navigate(&url, NavigateOptions::default());
                    }
                });
                view! { <QuestionPage text selected back on_answer /> }.into_any()
            }
            Screen::Result { outcome } => {
                let text =
                    outcome_text(outcome).expect("the build checks every outcome has wording");
                let walk = walk::walk(&parse_query(&query));
                view! { <ResultPage text walk /> }.into_any()
            }
            Screen::Redirect(url) => {
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
                ().into_any()
            }
        }
    }
}
