use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::referral::markup::escape;

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
/// Built as text (see `referral/markup.rs`), so the checker and the referral form share it.
/// Its links are followed by [`follow_error_link`] on a surrounding element.
pub fn error_summary_html(title: &str, errors: &[FieldError]) -> String {
    let mut out = format!(
        "<div class=\"error-summary\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\"><div role=\"alert\"><h2 class=\"error-summary__title\" id=\"error-summary-title\">{}</h2><ul class=\"error-summary__list\">",
        escape(title)
    );
    for e in errors {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&e.target),
            escape(&e.message)
        ));
    }
    out.push_str("</ul></div></div>");
    out
}

/// For a click on an error summary link: the router would treat `#id` as a navigation and only
/// scroll, but people need focus to land in the field, with its label and legend in view.
pub fn follow_error_link(ev: web_sys::MouseEvent) {
    let link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".error-summary a").ok().flatten());
    let Some(link) = link else { return };
    let target = link.get_attribute("href").unwrap_or_default();
    if focus_field(target.trim_start_matches('#')) {
        ev.prevent_default();
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
    // Show the legend or label (the question) too, not just the box.
    if let Ok(Some(group)) = field.closest("fieldset, .form-group") {
        group.scroll_into_view();
    }
    true
}

/// Focuses the error summary (or another alert, by selector) once it is on screen, as the
/// GOV.UK pattern asks.
pub fn focus_error_summary() {
    focus_when_shown(".error-summary");
}

/// Focuses the first element matching `selector` after the next paint.
pub fn focus_when_shown(selector: &'static str) {
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}
