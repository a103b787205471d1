use maud::{html, Markup};

use crate::content::shell;

/// The main navigation, every section one tap away. On a phone it sits behind the header's
/// "Menu" disclosure so the page's own heading is in view first (see `site_header.rs`); on
/// wider screens the stylesheet shows it in full, always visible, as a bar under the header.
/// `aria-current="page"` tells screen-reader users which page they are on, and the stylesheet
/// marks the same link so sighted people see it too.
pub fn nav_html(path: &str) -> Markup {
    html! {
        nav.site-nav aria-label=(shell().nav_label) {
            ul.wrap {
                @for link in shell().nav {
                    li {
                        a href=(link.href)
                            aria-current=[is_current(path, link.href).then_some("page")]
                        { (link.label) }
                    }
                }
            }
        }
    }
}

/// Whether a navigation link points at the page being shown (a trailing slash does not matter).
pub fn is_current(path: &str, href: &str) -> bool {
    let trimmed = |p: &str| -> String {
        match p.strip_suffix('/') {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => p.to_string(),
        }
    };
    trimmed(path) == trimmed(href)
}

#[cfg(test)]
mod tests {
    use super::{is_current, nav_html};
    use crate::content::shell;

    #[test]
    fn current_page_matching() {
        assert!(is_current("/imha", "/imha"));
        assert!(is_current("/imha/", "/imha"));
        assert!(is_current("/", "/"));
        assert!(!is_current("/imha", "/"));
        assert!(!is_current("/", "/imha"));
    }

    #[test]
    fn exactly_the_current_page_is_marked() {
        let html = nav_html(shell().nav[1].href).into_string();
        assert_eq!(html.matches("aria-current=\"page\"").count(), 1, "{html}");
        assert!(html.contains(&format!(
            "<a href=\"{}\" aria-current=\"page\">{}</a>",
            shell().nav[1].href,
            shell().nav[1].label
        )));
        assert_eq!(html.matches("<li>").count(), shell().nav.len());
        // A page that is not in the navigation (a checker question) marks none.
        let none = nav_html("/check/situation").into_string();
        assert!(!none.contains("aria-current"), "{none}");
    }
}
