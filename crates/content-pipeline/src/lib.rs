//! The build-time content pipeline: `content/*.md` in, checked HTML and a Rust table out.
//!
//! It runs in the app's `build.rs` and in native tests, never in the browser: the wasm only
//! carries finished HTML strings, which keeps the markdown parser (~55 KB brotli) off phones.
//! Every mistake an editor can make stops the build with `file:line: what to fix`.

pub mod check;
pub mod easy_read;
pub mod front_matter;
pub mod markdown;
pub mod po;
pub mod refer;
mod rewrite;
pub mod sentences;
pub mod translation;
pub mod wording;
pub mod words;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub use markdown::Phone;
pub use rewrite::{with_base, with_roots};

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
    /// The sections of the Mental Health Act 1983 the page explains (`sections: 66, 68, 23`),
    /// shown under its heading so a reader knows what the words rest on. Empty when not given.
    pub sections: Vec<String>,
    pub heading: String,
    pub html: String,
    pub links: Vec<markdown::Link>,
    /// The pictures beside its points, on an Easy Read page.
    pub pictures: Vec<easy_read::Picture>,
}

/// The line shown under the heading of a page that lists `sections:`, with its wording from
/// `content/_site.md`, so editors can change it without a programmer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionsNote {
    /// For one section: `{sections}` and `{date}` are filled in.
    pub one: String,
    /// For several sections.
    pub many: String,
    /// The word before the last section of a list: "66, 68 and 23".
    pub and: String,
    /// The twelve month names, January first, for "25 November 2026".
    pub months: Vec<String>,
}

impl SectionsNote {
    /// The line for these sections and this review date (written like 2026-11-25).
    pub fn line(&self, sections: &[String], date: &str) -> String {
        let list = match sections {
            [] => String::new(),
            [only] => only.clone(),
            [first @ .., last] => format!("{} {} {last}", first.join(", "), self.and),
        };
        let template = if sections.len() == 1 {
            &self.one
        } else {
            &self.many
        };
        template
            .replace("{sections}", &list)
            .replace("{date}", &self.long_date(date))
    }

    /// 2026-11-25 as "25 November 2026": the form people read without thinking.
    fn long_date(&self, date: &str) -> String {
        let mut parts = date.split('-');
        let (year, month, day) = (parts.next(), parts.next(), parts.next());
        let month = month
            .and_then(|m| m.parse::<usize>().ok())
            .and_then(|m| self.months.get(m.wrapping_sub(1)));
        match (year, month, day.and_then(|d| d.parse::<u32>().ok())) {
            (Some(y), Some(m), Some(d)) => format!("{d} {m} {y}"),
            _ => date.to_string(),
        }
    }
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
    /// The words on Listen's buttons: listen, pause, resume, stop, slower.
    pub listen: [String; 5],
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
    /// The line at the top of the checker's and the form's pages in a translated site (see
    /// [`translation`]); empty in English.
    pub app_note: String,
}

const PAGE_FIELDS: &[&str] = &["title", "description", "last_reviewed", "sections"];
const SITE_FIELDS: &[&str] = &[
    "service_name",
    "skip_link",
    "phone_label",
    "nav_label",
    "sections_one",
    "sections_many",
    "sections_and",
    "months",
    "menu_label",
    "listen",
    "listen_pause",
    "listen_resume",
    "listen_stop",
    "listen_slower",
];

/// Sub-folders of `content/` whose files are not pages: the checker's and the form's wording.
const WORDING_FOLDERS: &[&str] = &["check", "refer"];

/// Folders whose pages state the law: each must say which sections it explains.
pub const LAW_FOLDERS: &[&str] = &["your-rights"];

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
    let site = load_site_files(dir, phone, flow, form)?;
    check_links(&site)?;
    check_pictures(dir, &site.pages)?;
    Ok(site)
}

/// [`load_site`] without the checks across files (links, pictures), for a language's site,
/// which keeps the English heading ids before its links are checked.
pub(crate) fn load_site_files(
    dir: &Path,
    phone: &Phone,
    flow: &check::FlowSpec,
    form: &refer::FormSpec,
) -> Result<Site, ContentError> {
    let glossary = load_glossary(&dir.join("words.md"))?;
    let mut pages = pages_in(dir, phone, glossary.as_ref())?;
    let not_found = pages
        .iter()
        .position(|p| p.route == "/404")
        .map(|i| pages.remove(i))
        .ok_or_else(|| {
            ContentError::new(
                &dir.join("404.md").display().to_string(),
                1,
                "missing: the not-found page".into(),
            )
        })?;
    let shell = load_shell(dir, phone)?;
    let check = check::load_with(&dir.join("check"), phone, flow, glossary.as_ref())?;
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
        app_note: String::new(),
    };
    Ok(site)
}

/// Every picture a page uses is a file in `content/easy-read/pictures/` with its width and
/// height, and is listed with its set's licence on the pictures page (`/easy-read/pictures`).
pub fn check_pictures(dir: &Path, pages: &[Page]) -> Result<(), ContentError> {
    let credits = pages.iter().find(|p| p.route == "/easy-read/pictures");
    for page in pages {
        for picture in &page.pictures {
            let path = dir
                .join(easy_read::PICTURE_FOLDER)
                .join(picture.file_name());
            let svg = fs::read_to_string(&path).map_err(|_| {
                ContentError::new(
                    &page.source,
                    picture.line,
                    format!(
                        "no picture file {}: run `node scripts/easy-read-pictures.mjs`",
                        path.display()
                    ),
                )
            })?;
            let opening = svg.split('>').next().unwrap_or_default();
            if !(opening.contains(" width=") && opening.contains(" height=")) {
                return Err(ContentError::new(
                    &path.display().to_string(),
                    1,
                    "a picture needs its width and height, so nothing moves as it loads".into(),
                ));
            }
            let listed = credits.is_some_and(|c| {
                c.pictures
                    .iter()
                    .any(|p| p.set == picture.set && p.name == picture.name)
            });
            if !listed {
                return Err(ContentError::new(
                    &page.source,
                    picture.line,
                    format!(
                        "picture `{}:{}` is not on the pictures page (content/easy-read/pictures.md), with its set and licence",
                        picture.set, picture.name
                    ),
                ));
            }
        }
    }
    if let Some(credits) = credits {
        for set in easy_read::PICTURE_SETS {
            let used = pages
                .iter()
                .any(|p| p.pictures.iter().any(|q| q.set == set.prefix));
            if used && !(credits.html.contains(set.name) && credits.html.contains(set.licence)) {
                return Err(ContentError::new(
                    &credits.source,
                    1,
                    format!(
                        "the pictures page must name {} and its licence, {}",
                        set.name, set.licence
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Every page in `dir` (normally `content/`): `name.md` is `/name`, `index.md` is `/`, and
/// `folder/name.md` is `/folder/name` (the `check` and `refer` folders hold wording, not pages).
/// Files whose names start with `_` are not pages. `404.md` is returned with the route `/404`.
pub fn load_pages(dir: &Path, phone: &Phone) -> Result<Vec<Page>, ContentError> {
    let glossary = load_glossary(&dir.join("words.md"))?;
    pages_in(dir, phone, glossary.as_ref())
}

/// [`load_pages`] with the words page's terms, linked from every other page.
fn pages_in(
    dir: &Path,
    phone: &Phone,
    glossary: Option<&words::Glossary>,
) -> Result<Vec<Page>, ContentError> {
    let note = load_sections_note(dir)?;
    let mut pages = Vec::new();
    for path in markdown_files(dir)? {
        if let Some(page) = load_if_page(&path, "", phone, &note, glossary)? {
            pages.push(page);
        }
    }
    for folder in page_folders(dir)? {
        let name = folder_name(&folder);
        for path in markdown_files(&folder)? {
            if let Some(page) = load_if_page(&path, &name, phone, &note, glossary)? {
                pages.push(page);
            }
        }
    }
    pages.sort_by(|a, b| a.route.cmp(&b.route));
    if let Some(twice) = pages.windows(2).find(|w| w[0].route == w[1].route) {
        return Err(ContentError::new(
            &twice[1].source,
            1,
            format!(
                "`{}` is the address of {} too: give one of them another name",
                twice[1].route, twice[0].source
            ),
        ));
    }
    Ok(pages)
}

fn load_if_page(
    path: &Path,
    folder: &str,
    phone: &Phone,
    note: &SectionsNote,
    glossary: Option<&words::Glossary>,
) -> Result<Option<Page>, ContentError> {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if name.starts_with('_') {
        return Ok(None);
    }
    // The words page itself gets an id on each entry instead of links to itself.
    let is_words_page = name == "words" && folder.is_empty();
    // Easy Read pages explain their own hard words (no links to the words page), and their
    // headings have ids, so the checker's answers can link to a part of one.
    let easy_read = folder == "easy-read"
        || (folder.is_empty() && name == "easy-read")
        || (folder == "leaflets" && name.starts_with("easy-read"));
    let options = markdown::RenderOptions {
        glossary: glossary.filter(|_| !is_words_page && !easy_read),
        heading_ids: is_words_page || easy_read,
        easy_read,
    };
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("/{folder}")
    };
    let mut page = load_page_with(path, &prefix, phone, options)?;
    if LAW_FOLDERS.contains(&folder) && page.sections.is_empty() {
        return Err(ContentError::new(
            &page.source,
            1,
            "a page about the law must say which sections it explains, e.g. `sections: 66, 68`"
                .into(),
        ));
    }
    if !page.sections.is_empty() {
        page.html = rewrite::paragraph_after_heading(
            &page.html,
            &note.line(&page.sections, &page.last_reviewed),
        );
    }
    Ok(Some(page))
}

/// The sub-folders of `dir` whose markdown files are pages.
fn page_folders(dir: &Path) -> Result<Vec<PathBuf>, ContentError> {
    let shown = dir.display().to_string();
    let entries = fs::read_dir(dir)
        .map_err(|e| ContentError::new(&shown, 1, format!("cannot read folder: {e}")))?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            let name = folder_name(p);
            !name.starts_with(['_', '.'])
                && !WORDING_FOLDERS.contains(&name.as_str())
                && !translation::is_language_folder(p)
        })
        .collect();
    folders.sort();
    for folder in &folders {
        if !is_address_part(&folder_name(folder)) {
            return Err(ContentError::new(
                &folder.display().to_string(),
                1,
                "folder names become web addresses: use lower-case letters, digits and -".into(),
            ));
        }
    }
    Ok(folders)
}

fn folder_name(path: &Path) -> String {
    path.file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

fn is_address_part(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Reads the wording of the sections line from `content/_site.md`.
fn load_sections_note(dir: &Path) -> Result<SectionsNote, ContentError> {
    let (file, text) = read(&dir.join("_site.md"))?;
    let (fm, _) = front_matter::split(&file, &text)?;
    let months: Vec<String> = fm
        .require("months")?
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if months.len() != 12 {
        return Err(ContentError::new(
            &file,
            fm.line_of("months"),
            format!(
                "`months` must list the 12 month names, found {}",
                months.len()
            ),
        ));
    }
    let template = |key: &str| -> Result<String, ContentError> {
        let value = fm.require(key)?;
        for needed in ["{sections}", "{date}"] {
            if !value.contains(needed) {
                return Err(ContentError::new(
                    &file,
                    fm.line_of(key),
                    format!("`{key}` must contain {needed}"),
                ));
            }
        }
        Ok(value.to_string())
    };
    Ok(SectionsNote {
        one: template("sections_one")?,
        many: template("sections_many")?,
        and: fm.require("sections_and")?.to_string(),
        months,
    })
}

/// The terms of the words page, if the site has one, for the automatic links to it.
fn load_glossary(path: &Path) -> Result<Option<words::Glossary>, ContentError> {
    // The words page is in English: a translated page explains its own terms, and a page left
    // in English is the English site's own, with its links.
    if !path.exists() || translation::reading_a_language() {
        return Ok(None);
    }
    let (file, text) = read(path)?;
    let (fm, body) = front_matter::split(&file, &text)?;
    words::parse(&file, &body, fm.body_line).map(Some)
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
    // While a language's site is read, its translation of this file if it has one.
    if let Some(translated) = translation::read_translated(path) {
        return translated;
    }
    let file = path.display().to_string();
    let text = fs::read_to_string(path)
        .map_err(|e| ContentError::new(&file, 1, format!("cannot read: {e}")))?;
    Ok((file, text))
}

/// Loads one page; its route comes from its file name.
pub fn load_page(path: &Path, phone: &Phone) -> Result<Page, ContentError> {
    load_page_with(path, "", phone, markdown::RenderOptions::default())
}

/// Loads one page whose route is `prefix` (e.g. `/leaflets`, or "") and its file name.
pub fn load_page_with(
    path: &Path,
    prefix: &str,
    phone: &Phone,
    options: markdown::RenderOptions,
) -> Result<Page, ContentError> {
    let (file, text) = read(path)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if !is_address_part(stem) {
        return Err(ContentError::new(
            &file,
            1,
            "file names become web addresses: use lower-case letters, digits and -".into(),
        ));
    }
    let route = match (stem, prefix) {
        ("index", "") => "/".to_string(),
        ("index", folder) => folder.to_string(),
        (_, _) => format!("{prefix}/{stem}"),
    };
    page_from_text_with(&file, &text, route, phone, options)
}

/// Builds a page from a file's text; split out so tests need no files.
pub fn page_from_text(
    file: &str,
    text: &str,
    route: String,
    phone: &Phone,
) -> Result<Page, ContentError> {
    page_from_text_with(file, text, route, phone, markdown::RenderOptions::default())
}

/// [`page_from_text`] with links to the words page or its anchors.
pub fn page_from_text_with(
    file: &str,
    text: &str,
    route: String,
    phone: &Phone,
    options: markdown::RenderOptions,
) -> Result<Page, ContentError> {
    let (fm, body) = front_matter::split(file, text)?;
    fm.only(PAGE_FIELDS)?;
    let title = fm.require("title")?.to_string();
    let description = fm.require("description")?.to_string();
    let last_reviewed = fm.require_date("last_reviewed")?.to_string();
    let sections = match fm.get("sections") {
        Some(list) => parse_sections(file, fm.line_of("sections"), list)?,
        None => Vec::new(),
    };
    if options.easy_read {
        for field in ["title", "description"] {
            let value = fm.require(field)?;
            sentences::check_max(file, value, fm.line_of(field), easy_read::MAX_WORDS)?;
        }
    }
    let rendered = markdown::render_with(file, &body, fm.body_line, phone, options)?;
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
        sections,
        heading,
        html: rendered.html,
        links: rendered.links,
        pictures: rendered.pictures,
    })
}

/// `66, 68, 23` or `130C(3)(b), 58A` as a list; anything that is not a section number is refused,
/// so a typo cannot put nonsense under a page's heading.
pub fn parse_sections(file: &str, line: usize, list: &str) -> Result<Vec<String>, ContentError> {
    list.split(',')
        .map(str::trim)
        .map(|s| {
            if is_section_number(s) {
                Ok(s.to_string())
            } else {
                Err(ContentError::new(
                    file,
                    line,
                    format!("`{s}` is not a section number: write them like `sections: 66, 68, 130C(3)`"),
                ))
            }
        })
        .collect()
}

/// A number, an optional capital letter and optional bracketed parts: 2, 58A, 130C(3)(b).
fn is_section_number(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let mut rest = &s[digits..];
    if rest.starts_with(|c: char| c.is_ascii_uppercase()) {
        rest = &rest[1..];
    }
    while let Some(inner) = rest.strip_prefix('(') {
        let Some((part, after)) = inner.split_once(')') else {
            return false;
        };
        if part.is_empty() || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        rest = after;
    }
    rest.is_empty()
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
        listen: [
            fm.require("listen")?.to_string(),
            fm.require("listen_pause")?.to_string(),
            fm.require("listen_resume")?.to_string(),
            fm.require("listen_stop")?.to_string(),
            fm.require("listen_slower")?.to_string(),
        ],
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

/// Every internal link, in pages, navigation and footer, must lead to a page that exists, and a
/// link to a place in a content page (`/words#tribunal`) to an id on that page.
pub fn check_links(site: &Site) -> Result<(), ContentError> {
    let exists = |href: &str| {
        let path = link_path(href);
        match href.split_once('#') {
            Some((_, fragment)) => site
                .pages
                .iter()
                .any(|p| p.route == path && p.html.contains(&format!(" id=\"{fragment}\""))),
            // A leaflet's PDF is made from its page by the build.
            None if path.ends_with(".pdf") => site.pages.iter().any(|p| {
                p.route.starts_with("/leaflets/")
                    && Some(p.route.as_str()) == path.strip_suffix(".pdf")
            }),
            None => {
                site.pages.iter().any(|p| p.route == path)
                    || site.app_routes.iter().any(|r| r == path)
            }
        }
    };
    for (file, link) in site.check.links.iter().chain(&site.refer.links) {
        if link.href.starts_with('/') && !exists(&link.href) {
            return Err(ContentError::new(file, link.line, missing(&link.href)));
        }
    }
    for page in site.pages.iter().chain(std::iter::once(&site.not_found)) {
        for link in &page.links {
            if link.href.starts_with('/') && !exists(&link.href) {
                return Err(ContentError::new(
                    &page.source,
                    link.line,
                    missing(&link.href),
                ));
            }
        }
    }
    for nav in &site.shell.nav {
        if !exists(&nav.href) {
            return Err(ContentError::new(
                "content/_site.md",
                nav.line,
                format!("navigation {}", missing(&nav.href)),
            ));
        }
    }
    for link in &site.shell.footer_links {
        if link.href.starts_with('/') && !exists(&link.href) {
            return Err(ContentError::new(
                &site.shell.footer_source,
                link.line,
                missing(&link.href),
            ));
        }
    }
    Ok(())
}

fn missing(href: &str) -> String {
    match href.split_once('#') {
        Some((_, fragment)) => format!("link to `{href}`, but that page has no `#{fragment}`"),
        None => format!("link to `{href}`, but there is no such page"),
    }
}

/// The Rust source the app includes: static tables of finished HTML, no parsing at run time.
/// `base` is the sub-path the site is served under ("" at the root). Each page's HTML is wrapped
/// in the app's `kept_in_app!(text)`, as are its title, heading and description: the browser app
/// carries none of them (every pre-rendered file has its own already). The words of the two
/// pages the app draws itself (`/refer`, not found) and the service's name and number go into
/// `wording` instead, by key.
pub fn to_rust(site: &Site, base: &str, wording: &mut wording::Wording) -> String {
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
    // The two pages the app draws itself, whatever page it started on: their words by key.
    let refer = site.pages.iter().find(|p| p.route == "/refer");
    for (name, page) in [
        ("REFER_PAGE", refer),
        ("NOT_FOUND_PAGE", Some(&site.not_found)),
    ] {
        let Some(page) = page else { continue };
        let k = |field: &str| format!("page.{}.{field}", page.route);
        out.push_str(&format!(
            "pub static {name}: PageWords = PageWords {{ title: {}, description: {}, html: {} }};\n\n",
            wording.word(&k("title"), &page.title),
            wording.word(&k("description"), &page.description),
            wording.word(&k("html"), &with_base(&page.html, base)),
        ));
    }
    let s = &site.shell;
    out.push_str(&format!(
        "pub static SITE_WORDS: SiteWords = SiteWords {{ service_name: {}, phone_display: {}, phone_dial: {} }};\n\n",
        wording.word("site.service_name", &s.service_name),
        wording.word("site.phone_display", &s.phone.display),
        wording.word("site.phone_dial", &s.phone.dial),
    ));
    out.push_str("pub static SHELL: Shell = Shell {\n");
    out.push_str(&format!(
        "    service_name: {:?},\n    skip_link: {:?},\n    phone_label: {:?},\n    nav_label: {:?},\n    menu_label: {:?},\n    listen: {:?},\n    phone_display: {:?},\n    phone_dial: {:?},\n    footer_html: {:?},\n    nav: &[\n",
        s.service_name, s.skip_link, s.phone_label, s.nav_label, s.menu_label, s.listen, s.phone.display, s.phone.dial, with_base(&s.footer_html, base)
    ));
    for n in &s.nav {
        out.push_str(&format!(
            "        NavLink {{ label: {:?}, href: {:?} }},\n",
            n.label,
            format!("{base}{}", n.href)
        ));
    }
    out.push_str("    ],\n    switch_label: \"\",\n    languages: &[],\n};\n\n");
    // The line a translated checker and form show at their top: none in English.
    out.push_str(&format!(
        "pub static APP_NOTE: Word = {};\n",
        wording.word("language.app_note", &site.app_note)
    ));
    out
}

fn page_literal(p: &Page, base: &str) -> String {
    format!(
        "Page {{ route: {:?}, title: kept_in_app!({:?}), description: kept_in_app!({:?}), last_reviewed: kept_in_app!({:?}), heading: kept_in_app!({:?}), html: kept_in_app!({:?}) }}",
        p.route,
        p.title,
        p.description,
        p.last_reviewed,
        p.heading,
        with_base(&p.html, base)
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
                listen: ["Listen", "Pause", "Resume", "Stop", "Slower"].map(String::from),
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
            app_note: String::new(),
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
    fn links_with_query_or_fragment_check_their_path_and_place() {
        let words = page_from_text_with(
            "content/words.md",
            "---\ntitle: T\ndescription: D\nlast_reviewed: 2026-11-24\n---\n# Words\n\n## Who (WHO)\n\nText.\n",
            "/words".into(),
            &phone(),
            markdown::RenderOptions { glossary: None, heading_ids: true, easy_read: false },
        )
        .unwrap();
        let s = site(vec![
            page("/", "# Home\n\n[a](/words#who) [b](/imha?x=1)"),
            page("/imha", "# IMHA"),
            words.clone(),
        ]);
        check_links(&s).unwrap();
        assert_eq!(link_path("/check/result?situation=cto"), "/check/result");
        let s = site(vec![page("/", "# Home\n\n\n[a](/words#what)"), words]);
        assert_eq!(
            check_links(&s).unwrap_err().to_string(),
            "content/.md:9: link to `/words#what`, but that page has no `#what`"
        );
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
        let code = to_rust(&s, "", &mut wording::Wording::default());
        assert!(
            code.contains(r#"heading: kept_in_app!("Say \"hi\"")"#),
            "{code}"
        );
        assert!(code.contains("pub static NOT_FOUND: Page"));
    }

    fn note() -> SectionsNote {
        SectionsNote {
            one: "Explains section {sections}. Reviewed {date}.".into(),
            many: "Explains sections {sections}. Reviewed {date}.".into(),
            and: "and".into(),
            months: "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
                .split(' ')
                .map(String::from)
                .collect(),
        }
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sections_are_read_as_a_list_of_section_numbers() {
        assert_eq!(
            parse_sections("f", 4, "66, 68,23").unwrap(),
            list(&["66", "68", "23"])
        );
        assert_eq!(
            parse_sections("f", 4, "130C(3)(b), 58A, 117").unwrap(),
            list(&["130C(3)(b)", "58A", "117"])
        );
        for bad in [
            "section 66",
            "66,",
            "58a",
            "130C(3",
            "130C()",
            "A1",
            "66 68",
        ] {
            let err = parse_sections("content/x.md", 4, bad).unwrap_err();
            assert!(
                err.to_string().starts_with("content/x.md:4: "),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn sections_line_lists_sections_and_the_long_date() {
        let n = note();
        assert_eq!(
            n.line(&list(&["66", "68", "23"]), "2026-11-25"),
            "Explains sections 66, 68 and 23. Reviewed 25 Nov 2026."
        );
        assert_eq!(
            n.line(&list(&["17"]), "2026-01-05"),
            "Explains section 17. Reviewed 5 Jan 2026."
        );
        assert_eq!(
            n.line(&list(&["132", "132A"]), "2026-12-31"),
            "Explains sections 132 and 132A. Reviewed 31 Dec 2026."
        );
    }

    #[test]
    fn page_with_sections_keeps_them_and_other_pages_need_none() {
        let text = "---\ntitle: T\ndescription: D\nlast_reviewed: 2026-11-25\nsections: 17, 41\n---\n# Leave";
        let p = page_from_text("content/x.md", text, "/x".into(), &phone()).unwrap();
        assert_eq!(p.sections, list(&["17", "41"]));
        assert!(page("/y", "# Y").sections.is_empty());
    }

    /// A throwaway `content/` folder for tests of how files become pages.
    struct TempContent(PathBuf);

    impl TempContent {
        fn new(name: &str) -> TempContent {
            let dir = std::env::temp_dir()
                .join(format!("content-pipeline-{}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            let site = "---\nsections_one: One {sections}, {date}.\nsections_many: Many {sections}, {date}.\nsections_and: and\nmonths: Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec\n---\n";
            fs::write(dir.join("_site.md"), site).unwrap();
            TempContent(dir)
        }

        fn write(&self, path: &str, front: &str, body: &str) {
            let file = self.0.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            let text = format!(
                "---\ntitle: T\ndescription: D\nlast_reviewed: 2026-11-25\n{front}---\n{body}"
            );
            fs::write(file, text).unwrap();
        }
    }

    impl Drop for TempContent {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn pages_in_folders_get_folder_addresses() {
        let content = TempContent::new("folders");
        content.write("index.md", "", "# Home");
        content.write("leaflets/imha.md", "", "# IMHA leaflet");
        content.write("leaflets/_part.md", "", "# Not a page");
        content.write("your-rights/leave.md", "sections: 17\n", "# Leave\n\nText");
        content.write("check/situation.md", "", "not a page");
        content.write("refer/who.md", "", "not a page");
        let pages = load_pages(&content.0, &phone()).unwrap();
        let routes: Vec<&str> = pages.iter().map(|p| p.route.as_str()).collect();
        assert_eq!(routes, vec!["/", "/leaflets/imha", "/your-rights/leave"]);
        let leave = &pages[2];
        assert!(
            leave
                .html
                .starts_with("<h1>Leave</h1>\n<p>One 17, 25 Nov 2026.</p>\n<p>Text</p>"),
            "{}",
            leave.html
        );
    }

    #[test]
    fn a_rights_page_without_sections_stops_the_build() {
        let content = TempContent::new("no-sections");
        content.write("your-rights/leave.md", "", "# Leave");
        let err = load_pages(&content.0, &phone()).unwrap_err();
        assert!(err.file.ends_with("your-rights/leave.md"), "{err}");
        assert!(err.message.contains("sections"), "{err}");
    }

    #[test]
    fn two_files_for_one_address_are_refused() {
        let content = TempContent::new("twice");
        content.write("leaflets.md", "", "# Leaflets");
        content.write("leaflets/index.md", "", "# Leaflets again");
        let err = load_pages(&content.0, &phone()).unwrap_err();
        assert!(err.message.contains("`/leaflets`"), "{err}");
    }

    #[test]
    fn folder_names_must_be_address_parts() {
        let content = TempContent::new("bad-folder");
        content.write("Your Rights/leave.md", "sections: 17\n", "# Leave");
        let err = load_pages(&content.0, &phone()).unwrap_err();
        assert!(err.message.contains("folder names"), "{err}");
    }
}
