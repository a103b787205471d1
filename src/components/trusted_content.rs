//! The one door through which HTML goes into a page without being escaped.

use maud::PreEscaped;

/// HTML that our own build-time markdown pipeline (`crates/content-pipeline`) made from
/// `content/`: content pages, the footer, the checker's and the referral's wording. The pipeline
/// escapes everything typed into the markdown, so its output goes in as it is.
///
/// Every other splice is escaped by maud. Only `&'static str` is accepted: the pipeline's output
/// is compiled in, so nothing a person types or the browser reads can ever come through here.
/// Search for this name to find every pre-escaped splice in the app.
pub fn trusted_content_html(html: &'static str) -> PreEscaped<&'static str> {
    PreEscaped(html)
}
