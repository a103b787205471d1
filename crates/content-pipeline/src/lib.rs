//! The build-time content pipeline: `content/*.md` in, checked HTML and a Rust table out.
//!
//! It runs in the app's `build.rs` and in native tests, never in the browser: the wasm only
//! carries finished HTML strings, which keeps the markdown parser (~55 KB brotli) off phones.
//! Every mistake an editor can make stops the build with `file:line: what to fix`.

pub mod check;
pub mod front_matter;
pub mod markdown;
pub mod refer;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub use markdown::Phone;

/// A content mistake, reported as `content/imha.md:3: what is wrong` so an editor can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl ContentError {
    fn new(file: &str, line: usize, message: String) -> ContentError {
        ContentError {
            file: file.to_string(),
            line,
            message,
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ContentError {}

/// One content page, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The public URL path, e.g. `/your-rights`; `/` for `index.md`.
    pub route: String,
    /// Where it came from, for error messages.
    pub source: String,
    pub title: String,
    pub description: String,
    pub last_reviewed: String,
    pub heading: String,
    pub html: String,
    pub links: Vec<markdown::Link>,
}

/// A link in the site's main navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    pub label: String,
    pub href: String,
    pub line: usize,
}

/// The words around every page: header, navigation and footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    pub service_name: String,
    pub skip_link: String,
    pub phone_label: String,
    pub nav_label: String,
    /// The words on the control that opens the navigation on a phone.
    pub menu_label: String,
    pub nav: Vec<NavLink>,
    pub footer_html: String,
    pub footer_links: Vec<markdown::Link>,
    pub footer_source: String,
    pub phone: Phone,
}

/// Everything the site shows that an editor writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub pages: Vec<Page>,
    /// The wording of the IMHA question flow.
    pub check: check::CheckText,
    /// The wording of the referral form.
    pub refer: refer::FormText,
    /// Routes the app serves besides content pages (the flow's steps), for the link check.
    pub app_routes: Vec<String>,
    /// Shown for any address with no page, and shipped as `404.html`.
    pub not_found: Page,
    pub shell: Shell,
}

const PAGE_FIELDS: &[&str] = &["title", "description", "last_reviewed"];
const SITE_FIELDS: &[&str] = &[
    "service_name",
    "skip_link",
    "phone_label",
    "nav_label",
    "menu_label",
];

/// Reads the service's phone number from the deployer's `config.json`.
pub fn read_phone(config_path: &Path) -> Result<Phone, ContentError> {
    let file = config_path.display().to_string();
    let text = fs::read_to_string(config_path)
        .map_err(|e| ContentError::new(&file, 1, format!("cannot read: {e}")))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| ContentError::new(&file, e.line(), format!("not valid JSON: {e}")))?;
    match value.get("phone").and_then(|p| p.as_str()) {
        Some(p) if p.chars().filter(char::is_ascii_digit).count() >= 3 => {
            Ok(Phone::from_display(p))
        }
        _ => Err(ContentError::new(
            &file,
            1,
            "`phone` must be the service's phone number as text, e.g. \"0300 34 35 714\""
                .to_string(),
        )),
    }
}

/// Loads and checks every content file in `dir`, with the flow's wording from `dir/check`.
pub fn load_site(
    dir: &Path,
    phone: &Phone,
    flow: &check::FlowSpec,
    form: &refer::FormSpec,
) -> Result<Site, ContentError> {
    let mut pages = Vec::new();
    let mut not_found = None;
    for path in markdown_files(dir)? {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if name.starts_with('_') {
            continue;
        }
        let page = load_page(&path, phone)?;
        if name == "404" {
            not_found = Some(page);
        } else {
            pages.push(page);
        }
    }
    pages.sort_by(|a, b| a.route.cmp(&b.route));
    let not_found = not_found.ok_or_else(|| {
        ContentError::new(
            &dir.join("404.md").display().to_string(),
            1,
            "missing: the not-found page".into(),
        )
    })?;
    let shell = load_shell(dir, phone)?;
    let check = check::load(&dir.join("check"), phone, flow)?;
    let refer = refer::load(&dir.join("refer"), phone, form)?;
    let app_routes = flow
        .questions
        .iter()
        .map(|(key, _)| format!("/check/{key}"))
        .chain(["/check/result".to_string()])
        .chain(form.pages.iter().map(|(key, _)| format!("/refer/{key}")))
        .collect();
    let site = Site {
        pages,
        check,
        refer,
        app_routes,
        not_found,
        shell,
    };
    check_links(&site)?;
    Ok(site)
}

fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, ContentError> {
    let shown = dir.display().to_string();
    let entries = fs::read_dir(dir)
        .map_err(|e| ContentError::new(&shown, 1, format!("cannot read folder: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    Ok(files)
}

pub(crate) fn read(path: &Path) -> Result<(String, String), ContentError> {
    let file = path.display().to_string();
    let text = fs::read_to_string(path)
        .map_err(|e| ContentError::new(&file, 1, format!("cannot read: {e}")))?;
    Ok((file, text))
}

/// Loads one page; its route comes from its file name.
pub fn load_page(path: &Path, phone: &Phone) -> Result<Page, ContentError> {
    let (file, text) = read(path)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if !stem
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(ContentError::new(
            &file,
            1,
            "file names become web addresses: use lower-case letters, digits and -".into(),
        ));
    }
    let route = if stem == "index" {
        "/".to_string()
    } else {
        format!("/{stem}")
    };
    page_from_text(&file, &text, route, phone)
}

/// Builds a page from a file's text; split out so tests need no files.
pub fn page_from_text(
    file: &str,
    text: &str,
    route: String,
    phone: &Phone,
) -> Result<Page, ContentError> {
    let (fm, body) = front_matter::split(file, text)?;
    fm.only(PAGE_FIELDS)?;
    let title = fm.require("title")?.to_string();
    let description = fm.require("description")?.to_string();
    let last_reviewed = fm.require_date("last_reviewed")?.to_string();
    let rendered = markdown::render(file, &body, fm.body_line, phone)?;
    let heading = rendered.heading.ok_or_else(|| {
        ContentError::new(
            file,
            fm.body_line,
            "the page needs a `# heading` at the top".into(),
        )
    })?;
    Ok(Page {
        route,
        source: file.to_string(),
        title,
        description,
        last_reviewed,
        heading,
        html: rendered.html,
        links: rendered.links,
    })
}

fn load_shell(dir: &Path, phone: &Phone) -> Result<Shell, ContentError> {
    let (file, text) = read(&dir.join("_site.md"))?;
    let (fm, body) = front_matter::split(&file, &text)?;
    fm.only(SITE_FIELDS)?;
    let nav = parse_nav(&file, &body, fm.body_line)?;
    let (footer_file, footer_text) = read(&dir.join("_footer.md"))?;
    let (footer_fm, footer_body) = front_matter::split(&footer_file, &footer_text)?;
    footer_fm.only(&[])?;
    let footer = markdown::render(&footer_file, &footer_body, footer_fm.body_line, phone)?;
    Ok(Shell {
        service_name: fm.require("service_name")?.to_string(),
        skip_link: fm.require("skip_link")?.to_string(),
        phone_label: fm.require("phone_label")?.to_string(),
        nav_label: fm.require("nav_label")?.to_string(),
        menu_label: fm.require("menu_label")?.to_string(),
        nav,
        footer_html: footer.html,
        footer_links: footer.links,
        footer_source: footer_file,
        phone: phone.clone(),
    })
}

/// The navigation is a plain markdown list of links: `- [Label](/route)`.
fn parse_nav(file: &str, body: &str, first_line: usize) -> Result<Vec<NavLink>, ContentError> {
    let mut nav = Vec::new();
    for (i, raw) in body.lines().enumerate() {
        let line = first_line + i;
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        let parsed = text
            .strip_prefix("- [")
            .and_then(|rest| rest.split_once("]("))
            .and_then(|(label, rest)| rest.strip_suffix(')').map(|href| (label, href)));
        match parsed {
            Some((label, href)) if !label.trim().is_empty() && href.starts_with('/') => {
                nav.push(NavLink {
                    label: label.trim().to_string(),
                    href: href.to_string(),
                    line,
                })
            }
            _ => {
                return Err(ContentError::new(
                    file,
                    line,
                    "each navigation line must be `- [Label](/page)`".into(),
                ))
            }
        }
    }
    if nav.is_empty() {
        return Err(ContentError::new(
            file,
            first_line,
            "the navigation list is empty".into(),
        ));
    }
    Ok(nav)
}

/// The path part of an internal link, without `?query` or `#fragment`.
pub fn link_path(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

/// Every internal link, in pages, navigation and footer, must lead to a page that exists.
pub fn check_links(site: &Site) -> Result<(), ContentError> {
    let exists = |href: &str| {
        let path = link_path(href);
        site.pages.iter().any(|p| p.route == path) || site.app_routes.iter().any(|r| r == path)
    };
    for (file, link) in site.check.links.iter().chain(&site.refer.links) {
        if link.href.starts_with('/') && !exists(&link.href) {
            return Err(ContentError::new(
                file,
                link.line,
                format!("link to `{}`, but there is no such page", link.href),
            ));
        }
    }
    for page in site.pages.iter().chain(std::iter::once(&site.not_found)) {
        for link in &page.links {
            if link.href.starts_with('/') && !exists(&link.href) {
                return Err(ContentError::new(
                    &page.source,
                    link.line,
                    format!("link to `{}`, but there is no such page", link.href),
                ));
            }
        }
    }
    for nav in &site.shell.nav {
        if !exists(&nav.href) {
            return Err(ContentError::new(
                "content/_site.md",
                nav.line,
                format!(
                    "navigation link to `{}`, but there is no such page",
                    nav.href
                ),
            ));
        }
    }
    for link in &site.shell.footer_links {
        if link.href.starts_with('/') && !exists(&link.href) {
            return Err(ContentError::new(
                &site.shell.footer_source,
                link.line,
                format!("link to `{}`, but there is no such page", link.href),
            ));
        }
    }
    Ok(())
}

/// Puts the site's base path (`/advocacy` for a sub-path build, "" at the root) in front of
/// every internal link of generated HTML. Safe to do on the text: our renderer writes internal
/// links exactly as `<a href="/…"`, and HTML an editor typed was escaped (`&lt;a`), so it
/// never matches.
pub fn with_base(html: &str, base: &str) -> String {
    html.replace("<a href=\"/", &format!("<a href=\"{base}/"))
}

/// The Rust source the app includes: static tables of finished HTML, no parsing at run time.
/// `base` is the sub-path the site is served under ("" at the root).
pub fn to_rust(site: &Site, base: &str) -> String {
    let mut out = String::from(
        "// Generated by build.rs from content/: edit the markdown, not this file.\n\n",
    );
    out.push_str("pub static PAGES: &[Page] = &[\n");
    for page in &site.pages {
        out.push_str(&page_literal(page, base));
        out.push_str(",\n");
    }
    out.push_str("];\n\n");
    out.push_str(&format!(
        "pub static NOT_FOUND: Page = {};\n\n",
        page_literal(&site.not_found, base)
    ));
    let s = &site.shell;
    out.push_str("pub static SHELL: Shell = Shell {\n");
    out.push_str(&format!(
        "    service_name: {:?},\n    skip_link: {:?},\n    phone_label: {:?},\n    nav_label: {:?},\n    menu_label: {:?},\n    phone_display: {:?},\n    phone_dial: {:?},\n    footer_html: {:?},\n    nav: &[\n",
        s.service_name, s.skip_link, s.phone_label, s.nav_label, s.menu_label, s.phone.display, s.phone.dial, with_base(&s.footer_html, base)
    ));
    for n in &s.nav {
        out.push_str(&format!(
            "        NavLink {{ label: {:?}, href: {:?} }},\n",
            n.label,
            format!("{base}{}", n.href)
        ));
    }
    out.push_str("    ],\n};\n");
    out
}

fn page_literal(p: &Page, base: &str) -> String {
    format!(
        "Page {{ route: {:?}, title: {:?}, description: {:?}, last_reviewed: {:?}, heading: {:?}, html: {:?} }}",
        p.route, p.title, p.description, p.last_reviewed, p.heading, with_base(&p.html, base)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone() -> Phone {
        Phone::from_display("0300 34 35 714")
    }

    fn page(route: &str, md: &str) -> Page {
        let text = format!("---\ntitle: T\ndescription: D\nlast_reviewed: 2026-11-24\n---\n{md}");
        page_from_text(
            &format!("content{route}.md"),
            &text,
            route.to_string(),
            &phone(),
        )
        .unwrap()
    }

    fn site(pages: Vec<Page>) -> Site {
        Site {
            not_found: page("/404", "# Not found\n\n[Home](/)"),
            pages,
            check: check::CheckText {
                labels: vec![],
                no_script_html: String::new(),
                imha_help_html: String::new(),
                questions: vec![],
                outcomes: vec![],
                links: vec![],
            },
            refer: refer::FormText {
                files: vec![],
                links: vec![],
            },
            app_routes: vec!["/check/result".into()],
            shell: Shell {
                service_name: "S".into(),
                skip_link: "Skip".into(),
                phone_label: "Call".into(),
                nav_label: "Main".into(),
                menu_label: "Menu".into(),
                nav: vec![NavLink {
                    label: "Home".into(),
                    href: "/".into(),
                    line: 6,
                }],
                footer_html: String::new(),
                footer_links: vec![],
                footer_source: "content/_footer.md".into(),
                phone: phone(),
            },
        }
    }

    #[test]
    fn page_needs_a_heading() {
        let text = "---\ntitle: T\ndescription: D\nlast_reviewed: 2026-11-24\n---\nJust text";
        let err = page_from_text("content/x.md", text, "/x".into(), &phone()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/x.md:6: the page needs a `# heading` at the top"
        );
    }

    #[test]
    fn page_refuses_unknown_fields() {
        let text = "---\ntitle: T\ndescription: D\nlast_reviewed: 2026-11-24\nauthor: me\n---\n# H";
        let err = page_from_text("content/x.md", text, "/x".into(), &phone()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("content/x.md:5: unknown field `author`"),
            "{err}"
        );
    }

    #[test]
    fn broken_internal_link_names_file_and_line() {
        let s = site(vec![
            page("/", "# Home\n\n[ok](/imha)\n\n[gone](/nowhere)"),
            page("/imha", "# IMHA"),
        ]);
        let err = check_links(&s).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/.md:10: link to `/nowhere`, but there is no such page"
        );
    }

    #[test]
    fn links_with_query_or_fragment_check_their_path() {
        let s = site(vec![
            page("/", "# Home\n\n[a](/imha#who) [b](/imha?x=1)"),
            page("/imha", "# IMHA"),
        ]);
        check_links(&s).unwrap();
        assert_eq!(link_path("/check/result?situation=cto"), "/check/result");
    }

    #[test]
    fn nav_lines_are_checked() {
        assert!(parse_nav("f", "- [Home](/)\n- [IMHA](/imha)\n", 5).is_ok());
        let err = parse_nav("f", "- [Home](/)\n* Home\n", 5).unwrap_err();
        assert_eq!(err.line, 6);
    }

    #[test]
    fn a_sub_path_build_prefixes_internal_links_only() {
        let p = page(
            "/",
            "# Home\n\n[IMHA](/imha) [NHS](https://www.nhs.uk/) [Call](tel:999) <a href=\"/x\">",
        );
        let out = with_base(&p.html, "/advocacy");
        assert!(out.contains("href=\"/advocacy/imha\""), "{out}");
        assert!(out.contains("href=\"https://www.nhs.uk/\""), "{out}");
        assert!(out.contains("href=\"tel:999\""), "{out}");
        assert!(!out.contains("/advocacy/x"), "typed HTML stays text: {out}");
    }

    #[test]
    fn generated_rust_quotes_safely() {
        let s = site(vec![page(
            "/",
            "# Say \"hi\"\n\nA \\ backslash and a } brace",
        )]);
        let code = to_rust(&s, "");
        assert!(code.contains(r#"heading: "Say \"hi\"""#), "{code}");
        assert!(code.contains("pub static NOT_FOUND: Page"));
    }
}
