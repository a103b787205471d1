use crate::content::SHELL;

/// Stand-in until the header work rewrites this file with maud (take that branch's version on
/// merge): referral::markup's hand-written escape is gone, so this escapes with maud's own.
fn escape(text: &str) -> String {
    maud::html! { (text) }.into_string()
}

/// The main navigation: every link always visible and wrapping onto more lines on a narrow
/// phone, rather than hidden behind a menu button that people under stress may not find.
/// `aria-current="page"` tells screen-reader users which page they are on.
pub fn nav_html(path: &str) -> String {
    let mut out = format!(
        "<nav class=\"site-nav\" aria-label=\"{}\"><ul class=\"wrap\">",
        escape(SHELL.nav_label)
    );
    for link in SHELL.nav {
        out.push_str(&format!(
            "<li><a href=\"{}\"{}>{}</a></li>",
            escape(link.href),
            if is_current(path, link.href) {
                " aria-current=\"page\""
            } else {
                ""
            },
            escape(link.label)
        ));
    }
    out.push_str("</ul></nav>");
    out
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
