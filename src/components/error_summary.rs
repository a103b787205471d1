use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One problem to fix: the id of the field it is about and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The id of the input the summary links to (for radios, the first radio).
    pub target: String,
    pub message: String,
}

/// The GOV.UK error summary: at the top of the page, focused when it appears so screen readers
/// read it straight away, listing every problem as a link to its field.
///
/// The links are handled here: the router would treat `#id` as a navigation and only scroll, but
/// people need focus to land in the field, with its label and legend in view.
#[component]
pub fn ErrorSummary(title: &'static str, errors: Vec<FieldError>) -> impl IntoView {
    view! {
        <div class="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
            <div role="alert">
                <h2 class="error-summary__title" id="error-summary-title">
                    {title}
                </h2>
                <ul class="error-summary__list">
                    {errors
                        .into_iter()
                        .map(|e| {
                            let target = e.target.clone();
                            view! {
                                <li>
                                    <a
                                        href=format!("#{}", e.target)
                                        on:click=move |ev| {
                                            if focus_field(&target) {
                                                ev.prevent_default();
                                            }
                                        }
                                    >
                                        {e.message}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </div>
    }
}

/// Moves focus to a field and brings its question into view; false when there is no such field.
fn focus_field(id: &str) -> bool {
    let document = web_sys::window().and_then(|w| w.document());
    let field = document
        .as_ref()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(field) = field else { return false };
    let _ = field.focus();
    // Show the legend (the question) too, not just the radio.
    if let Ok(Some(legend)) = field.closest("fieldset") {
        legend.scroll_into_view();
    }
    true
}

/// Focuses the error summary once it is on screen, as the GOV.UK pattern asks.
pub fn focus_error_summary() {
    request_animation_frame(|| {
        let summary = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".error-summary").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(summary) = summary {
            let _ = summary.focus();
        }
    });
}
