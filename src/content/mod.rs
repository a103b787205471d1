//! The site's written content: pages, header and footer words, made from `content/*.md` at build
//! time by `crates/content-pipeline` and compiled in as finished HTML.

pub mod live;
mod page_view;

use crate::wording::Word;

pub use page_view::ContentPage;

/// A content page as the build produced it. Plain data, so routing and tests need no browser.
#[derive(Debug)]
pub struct Page {
    pub route: &'static str,
    /// Short title for the browser tab: "title – service name".
    pub title: &'static str,
    /// For `<meta name="description">`, which search results and link previews show. Empty in
    /// the browser, like the title, heading and HTML (see `kept_in_app!`).
    pub description: &'static str,
    /// When the wording was last checked, as 2026-11-24. Empty in the browser, which never
    /// shows it (see `kept_in_app!`).
    pub last_reviewed: &'static str,
    /// The page's `h1` text.
    pub heading: &'static str,
    /// Checked, escaped HTML made from the markdown. Empty in the browser (see `kept_in_app!`).
    pub html: &'static str,
}

/// Words around every page, from `content/_site.md` and `content/_footer.md`.
#[derive(Debug, Clone)]
pub struct Shell {
    pub service_name: &'static str,
    pub skip_link: &'static str,
    pub phone_label: &'static str,
    pub nav_label: &'static str,
    /// The words on the control that opens the navigation on a phone.
    pub menu_label: &'static str,
    /// The words on Listen's buttons: listen, pause, resume, stop, slower.
    pub listen: [&'static str; 5],
    pub phone_display: &'static str,
    /// The number in the form a `tel:` link dials.
    pub phone_dial: &'static str,
    pub footer_html: &'static str,
    pub nav: &'static [NavLink],
    /// "Read this site in", before the list of languages at the foot of every page.
    pub switch_label: &'static str,
    /// Every language of the site, each named in itself, for that list. Filled in by the build
    /// for each language's pages (see [`use_site`]).
    pub languages: &'static [LanguageLink],
}

/// A language of the site in the list at the foot of every page.
#[derive(Debug, Clone, Copy)]
pub struct LanguageLink {
    /// "en", "pl"…: the folder of its pages (none for English) and its `lang`.
    pub code: &'static str,
    /// Its name in itself, as someone looking for it reads it: "Polski".
    pub name: &'static str,
}

/// The site's pages and words in one language, which the build puts in force to write that
/// language's pages ([`use_site`]).
#[derive(Debug, Clone, Copy)]
pub struct SiteTables {
    pub pages: &'static [Page],
    pub not_found: &'static Page,
    pub shell: &'static Shell,
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static IN_FORCE: std::cell::Cell<Option<SiteTables>> = const { std::cell::Cell::new(None) };
}

/// Puts a language's pages and words in force for what is rendered next (natively: the build
/// writes each language's pages in turn). `None` goes back to the English compiled in.
#[cfg(not(target_arch = "wasm32"))]
pub fn use_site(tables: Option<SiteTables>) {
    IN_FORCE.set(tables);
}

/// The content pages in force: the English compiled in, or a language the build put in force.
pub fn pages() -> &'static [Page] {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(tables) = IN_FORCE.get() {
        return tables.pages;
    }
    PAGES
}

/// The header, navigation and footer words in force.
pub fn shell() -> &'static Shell {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(tables) = IN_FORCE.get() {
        return tables.shell;
    }
    &SHELL
}

/// The not-found page in force.
pub fn not_found() -> &'static Page {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(tables) = IN_FORCE.get() {
        return tables.not_found;
    }
    &NOT_FOUND
}

/// One main navigation link.
#[derive(Debug)]
pub struct NavLink {
    pub label: &'static str,
    pub href: &'static str,
}

/// The words of a page the app draws itself wherever it started (`/refer`, not found), by key.
#[derive(Debug)]
pub struct PageWords {
    pub title: Word,
    pub description: Word,
    pub html: Word,
}

/// The service's name and number, which the app's own pages and titles use, by key.
#[derive(Debug)]
pub struct SiteWords {
    pub service_name: Word,
    pub phone_display: Word,
    /// The number in the form a `tel:` link dials.
    pub phone_dial: Word,
}

/// Natively (tests, the pre-render step) every page's words are in the table.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! kept_in_app {
    ($text:literal) => {
        $text
    };
}

/// In the browser, none: every page's words are in its pre-rendered file already, which the app
/// keeps on screen or reads ([`ContentPage`]), so the app holds no words and a new page of
/// content never makes the download every phone needs any bigger. The app keeps only the routes.
#[cfg(target_arch = "wasm32")]
macro_rules! kept_in_app {
    ($text:literal) => {
        ""
    };
}

include!(concat!(env!("OUT_DIR"), "/content.rs"));

/// The page for a URL path, ignoring one trailing slash (static hosts often add it).
pub fn page_for(path: &str) -> Option<&'static Page> {
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    pages().iter().find(|p| p.route == path)
}

/// The text for the browser tab, so every tab and history entry says where it is and whose it is.
pub fn document_title(page_title: &str) -> String {
    format!("{page_title} – {}", SITE_WORDS.service_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The routes the brief promises other sites can link to.
    const CONTRACT: &[&str] = &[
        "/",
        "/imha",
        "/community-advocacy",
        "/your-rights",
        "/what-advocates-do",
        "/contact",
        "/urgent-help",
        "/privacy",
        "/accessibility",
        "/check",
        "/refer",
        "/words",
        "/leaflets",
        "/leaflets/imha",
        "/leaflets/community-advocacy",
        "/leaflets/easy-read-imha",
        "/easy-read",
        "/easy-read/imha",
        "/easy-read/community-advocacy",
        "/easy-read/your-rights",
        "/easy-read/get-help",
        "/easy-read/pictures",
    ];

    #[test]
    fn every_public_route_has_a_content_file() {
        for route in CONTRACT {
            assert!(page_for(route).is_some(), "no content/*.md for {route}");
        }
    }

    #[test]
    fn trailing_slash_finds_the_same_page() {
        assert_eq!(page_for("/imha/").map(|p| p.route), Some("/imha"));
        assert_eq!(page_for("/").map(|p| p.route), Some("/"));
        assert!(page_for("/nowhere").is_none());
    }

    #[test]
    fn every_page_has_one_h1_and_its_heading() {
        for page in PAGES.iter().chain([&NOT_FOUND]) {
            assert_eq!(page.html.matches("<h1").count(), 1, "{}", page.route);
            assert!(!page.heading.is_empty(), "{}", page.route);
            assert!(!page.description.is_empty(), "{}", page.route);
        }
    }

    #[test]
    fn every_internal_link_leads_to_a_page() {
        let htmls = PAGES
            .iter()
            .map(|p| (p.route, p.html))
            .chain([("404", NOT_FOUND.html), ("footer", SHELL.footer_html)]);
        for (from, html) in htmls {
            for href in html
                .split("href=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
            {
                if href.starts_with('/') {
                    let path = href.split(['?', '#']).next().unwrap_or(href);
                    // A leaflet's PDF, which the build prints from the leaflet's page.
                    let leaflet_pdf = path
                        .strip_suffix(".pdf")
                        .filter(|page| page.starts_with("/leaflets/"))
                        .and_then(page_for);
                    let exists = page_for(path).is_some()
                        || leaflet_pdf.is_some()
                        || crate::check::is_step_route(path)
                        || crate::referral::is_referral_route(path);
                    assert!(exists, "{from} links to missing {href}");
                }
            }
        }
        for nav in SHELL.nav {
            assert!(
                page_for(nav.href).is_some(),
                "nav links to missing {}",
                nav.href
            );
        }
    }

    #[test]
    fn urgent_help_gives_the_crisis_numbers_as_tel_links() {
        let html = page_for("/urgent-help").unwrap().html;
        for tel in ["tel:999", "tel:111", "tel:116123"] {
            assert!(html.contains(tel), "missing {tel}");
        }
        assert!(html.contains("not a crisis service"));
    }

    #[test]
    fn home_has_the_three_actions_testimonial_and_figures() {
        let html = page_for("/").unwrap().html;
        assert!(html.contains("href=\"/check\""));
        assert!(html.contains("href=\"/refer\""));
        assert!(html.contains(&format!("href=\"tel:{}\"", SHELL.phone_dial)));
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("544") && html.contains("1,023"));
    }

    /// The checker's answer pages a content page links to, as `(href, query)`.
    fn answer_links(html: &str) -> Vec<(&str, String)> {
        html.split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter_map(|href| {
                let query = href.strip_prefix("/check/result?")?;
                Some((href, query.replace("&amp;", "&")))
            })
            .collect()
    }

    /// A link to an answer must carry every answer that answer needs: otherwise the person
    /// lands on a question instead, or on someone else's answer.
    #[test]
    fn every_link_to_a_checker_answer_lands_on_an_answer() {
        use crate::check::walk::{screen, Screen};
        for page in PAGES {
            for (href, query) in answer_links(page.html) {
                assert!(
                    matches!(screen("result", &query), Screen::Result { .. }),
                    "{} links to {href}, which is not an answer page",
                    page.route
                );
            }
        }
    }

    /// Each section on `/your-rights/sections` links to the checker's answer for that section
    /// (LAW.md: s130C(2) and the short-term powers it leaves out).
    #[test]
    fn the_sections_page_links_each_section_to_its_own_answer() {
        use crate::check::walk::{screen, Screen};
        let html = page_for("/your-rights/sections")
            .expect("content/your-rights/sections.md")
            .html;
        let expected = [
            ("Section 2", "eligible-detained"),
            ("Section 3", "eligible-detained"),
            ("Section 4", "not-yet-short-term"),
            ("Sections 5(2) and 5(4)", "not-yet-short-term"),
            ("Sections 135 and 136", "not-yet-short-term"),
            ("Section 37", "eligible-detained"),
            ("Section 37 with section 41", "eligible-detained"),
            ("Sections 47 and 48", "eligible-detained"),
            ("Community Treatment Order (CTO)", "eligible-cto"),
            ("Guardianship", "eligible-guardianship"),
            ("Other court and prison sections", "eligible-detained"),
            (
                "Conditionally discharged restricted patients",
                "eligible-conditional-discharge",
            ),
        ];
        for (heading, outcome) in expected {
            let part = html
                .split("<h2")
                .find(|part| part.starts_with(&format!(">{heading}</h2>")))
                .unwrap_or_else(|| panic!("/your-rights/sections has no `## {heading}`"));
            let links = answer_links(part);
            assert!(!links.is_empty(), "{heading}: no link to the checker");
            for (href, query) in links {
                assert_eq!(
                    screen("result", &query),
                    Screen::Result { outcome },
                    "{heading}: {href}"
                );
            }
        }
    }

    #[test]
    fn no_raw_script_reaches_the_pages() {
        for page in PAGES {
            assert!(!page.html.contains("<script"), "{}", page.route);
        }
    }
}
