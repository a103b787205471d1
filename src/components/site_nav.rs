use leptos::prelude::*;

use crate::content::SHELL;

/// The main navigation: every link always visible and wrapping onto more lines on a narrow
/// phone, rather than hidden behind a menu button that people under stress may not find.
/// `aria-current="page"` tells screen-reader users which page they are on.
#[component]
pub fn SiteNav(path: Signal<String>) -> impl IntoView {
    view! {
        <nav class="site-nav" aria-label=SHELL.nav_label>
            <ul class="wrap">
                {SHELL
                    .nav
                    .iter()
                    .map(|link| {
                        let current = move || is_current(&path.get(), link.href).then_some("page");
                        view! {
                            <li>
                                <a href=link.href aria-current=current>
                                    {link.label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
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
    use super::is_current;

    #[test]
    fn current_page_matching() {
        assert!(is_current("/imha", "/imha"));
        assert!(is_current("/imha/", "/imha"));
        assert!(is_current("/", "/"));
        assert!(!is_current("/imha", "/"));
        assert!(!is_current("/", "/imha"));
    }
}
