use leptos::prelude::*;
use maud::{html, Markup};
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
/// The checker and the referral form share it. Its links are followed by [`follow_error_link`]
/// on a surrounding element.
pub fn error_summary(title: &str, errors: &[FieldError]) -> Markup {
    error_summary_box(
        None,
        title,
        html! {
            ul class="error-summary__list" {
                @for error in errors {
                    li { a href={ "#" (error.target) } { (error.message) } }
                }
            }
        },
    )
}

/// The frame of an error summary around any message (the referral uses it to say a send
/// failed), as govuk-frontend builds it: the focusable wrapper, and inside it `role="alert"`
/// so the title and message are announced the moment they appear. The wrapper has no
/// `aria-labelledby`: a `div` with no role may not be named, and the alert already speaks.
pub fn error_summary_box(id: Option<&str>, title: &str, body: Markup) -> Markup {
    html! {
        div class="error-summary" id=[id] tabindex="-1" {
            div role="alert" {
                h2 class="error-summary__title" { (title) }
                (body)
            }
        }
    }
}

/// For a click on an error summary link: the router would treat `#id` as a navigation and only
/// scroll, but people need focus to land in the field, with its label and legend in view.
pub fn follow_error_link(ev: &web_sys::Event) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::markup_checks::{
        assert_ids_hold_together, assert_no_name_on_generic_elements,
    };

    #[test]
    fn the_summary_is_an_alert_whose_links_lead_to_the_fields() {
        let errors = [FieldError {
            target: "full_name".into(),
            message: "Enter the <person's> name".into(),
        }];
        let html = error_summary("There is a problem", &errors).into_string();
        assert!(html.starts_with("<div class=\"error-summary\" tabindex=\"-1\"><div role=\"alert\"><h2 class=\"error-summary__title\">There is a problem</h2>"), "{html}");
        assert!(
            html.contains("<li><a href=\"#full_name\">Enter the &lt;person's&gt; name</a></li>"),
            "{html}"
        );
        assert_no_name_on_generic_elements(&html);
        let with_field = format!("{html}<input id=\"full_name\">");
        assert_ids_hold_together(&with_field);
    }
}
