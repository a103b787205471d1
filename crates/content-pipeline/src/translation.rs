//! The site in other languages: `content/<code>/` mirrors `content/`, file for file, translated.
//!
//! A translated file records which English it was made from (`translated_from:`, the first 16
//! hex digits of the SHA-256 of the English file), so when the English changes the build lists
//! the translation as stale and its page says so. A page with no translation yet is the English
//! page, in English (`lang="en"`), under a line in the language saying it is only in English.
//! Until the service sets `reviewed:` in a translated file, its page says a professional
//! translator has not checked it yet (`../shared/TRANSLATION.md`).
//!
//! The loaders read the language's file wherever it has one and the English file elsewhere, so
//! each language's site is checked by exactly the rules the English one is: the same questions,
//! answers and form fields, every link leading somewhere, every sentence short.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use maud::{html, PreEscaped};
use sha2::{Digest, Sha256};

use crate::front_matter;
use crate::{ContentError, Page, Phone, Site};

/// The fields a translated file may have beside its English file's.
pub const TRANSLATION_FIELDS: &[&str] = &["translated_from", "reviewed"];

/// The file (in `content/`) naming the languages the site offers, in the order they are listed.
pub const LANGUAGES_FILE: &str = "_languages.md";

/// The file, in `content/` and in each `content/<code>/`, about its language.
pub const LANGUAGE_FILE: &str = "_language.md";

/// The short hash of an English file that a translation records, so a change to the English is
/// noticed.
pub fn source_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A language of the site, from its `_language.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The code in addresses and in `lang`: `pl` for `/pl/imha`. English is `en`, at the root.
    pub code: String,
    /// The language's name in itself, as a person looking for it reads it: "Polski".
    pub name: String,
    /// Its name in English, for the service's staff and the build's messages.
    pub english_name: String,
    /// CLDR's plural categories the language uses, `other` last.
    pub plural_forms: Vec<String>,
    /// "This page is translated from English."
    pub translated: String,
    /// "A professional translator has not checked this translation yet…" (`{phone}` is the number).
    pub not_reviewed: String,
    /// "The English page has changed since this translation was made…"
    pub stale: String,
    /// "This page is only in English for now…"
    pub english_only: String,
    /// The label before the list of languages at the foot of every page.
    pub switch_label: String,
}

const LANGUAGE_FIELDS: &[&str] = &[
    "name",
    "english_name",
    "plural_forms",
    "translated",
    "not_reviewed",
    "stale",
    "english_only",
    "switch_label",
];

fn load_language(code: &str, path: &Path) -> Result<Language, ContentError> {
    let (file, text) = crate::read(path)?;
    let (fm, _) = front_matter::split(&file, &text)?;
    let allowed: Vec<&str> = LANGUAGE_FIELDS
        .iter()
        .chain(TRANSLATION_FIELDS)
        .copied()
        .collect();
    fm.only(&allowed)?;
    let plural_forms: Vec<String> = fm
        .require("plural_forms")?
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if plural_forms.last().map(String::as_str) != Some("other")
        || plural_forms
            .iter()
            .any(|f| f != "other" && !crate::refer::PLURAL_FORMS.contains(&f.as_str()))
    {
        return Err(ContentError::new(
            &file,
            fm.line_of("plural_forms"),
            "`plural_forms` lists CLDR's categories (zero one two few many), then `other`".into(),
        ));
    }
    for key in ["not_reviewed", "stale", "english_only"] {
        if !fm.require(key)?.contains("{phone}") {
            return Err(ContentError::new(
                &file,
                fm.line_of(key),
                format!("`{key}` must give the phone number: write {{phone}} where it goes"),
            ));
        }
    }
    Ok(Language {
        code: code.to_string(),
        name: fm.require("name")?.to_string(),
        english_name: fm.require("english_name")?.to_string(),
        plural_forms,
        translated: fm.require("translated")?.to_string(),
        not_reviewed: fm.require("not_reviewed")?.to_string(),
        stale: fm.require("stale")?.to_string(),
        english_only: fm.require("english_only")?.to_string(),
        switch_label: fm.require("switch_label")?.to_string(),
    })
}

/// The language whose folder is `content/<code>/`, offered yet or not.
pub fn language(content: &Path, code: &str) -> Result<Language, ContentError> {
    load_language(code, &content.join(code).join(LANGUAGE_FILE))
}

/// English, then each language `content/_languages.md` offers, in its order.
pub fn languages(content: &Path) -> Result<Vec<Language>, ContentError> {
    let mut all = vec![load_language("en", &content.join(LANGUAGE_FILE))?];
    let (file, text) = crate::read(&content.join(LANGUAGES_FILE))?;
    let (fm, _) = front_matter::split(&file, &text)?;
    fm.only(&["offered"])?;
    for code in fm.get("offered").unwrap_or_default().split_whitespace() {
        let valid = code.len() >= 2 && code.chars().all(|c| c.is_ascii_lowercase());
        let path = content.join(code).join(LANGUAGE_FILE);
        if !valid || !path.exists() {
            return Err(ContentError::new(
                &file,
                fm.line_of("offered"),
                format!(
                    "`{code}` must be a language code with its folder, content/{code}/{LANGUAGE_FILE}"
                ),
            ));
        }
        all.push(load_language(code, &path)?);
    }
    Ok(all)
}

/// The folders of `content/` that hold a language, not pages: those with a two-letter name, the
/// language's code (ISO 639-1: `pl`, `pa`). A language is built once `_languages.md` offers it;
/// until then its folder is a translation on its way.
pub fn is_language_folder(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Where a translated file stands against the English it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The English file, as `content/imha.md`.
    pub english: String,
    /// The translation, as `content/pl/imha.md`.
    pub file: String,
    /// The English has changed since (its hash is not the one recorded).
    pub stale: bool,
    /// The service has had a professional translator check it (`reviewed:` is set).
    pub reviewed: bool,
}

/// What reading a language's site found, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every file read from the language's folder.
    pub translated: Vec<Translated>,
    /// Every English file read because the language has none (`content/imha.md`).
    pub english_only: Vec<String>,
}

impl Report {
    /// The translations whose English has changed since, for the build to list.
    pub fn stale(&self) -> impl Iterator<Item = &Translated> {
        self.translated.iter().filter(|t| t.stale)
    }

    fn of(&self, file: &str) -> Option<&Translated> {
        self.translated.iter().find(|t| t.file == file)
    }
}

/// While a language's site is read: where its files are, and what was read.
struct Overlay {
    english: PathBuf,
    language: PathBuf,
    report: Report,
}

thread_local! {
    static OVERLAY: RefCell<Option<Overlay>> = const { RefCell::new(None) };
}

/// Whether a language's site is being read (not the English).
pub(crate) fn reading_a_language() -> bool {
    OVERLAY.with_borrow(Option::is_some)
}

/// Reads `path` (a file under `content/`) for the language being loaded: its translation if it
/// has one, with the translation's own fields taken out, else the English. `None` when no
/// language is being loaded, or the file is not under `content/`.
pub(crate) fn read_translated(path: &Path) -> Option<Result<(String, String), ContentError>> {
    OVERLAY.with_borrow_mut(|overlay| {
        let overlay = overlay.as_mut()?;
        let relative = path.strip_prefix(&overlay.english).ok()?;
        let translated = overlay.language.join(relative);
        let english_file = path.display().to_string();
        if !translated.is_file() {
            overlay.report.english_only.push(english_file);
            return None;
        }
        Some((|| {
            let english = std::fs::read_to_string(path)
                .map_err(|e| ContentError::new(&english_file, 1, format!("cannot read: {e}")))?;
            let file = translated.display().to_string();
            let text = std::fs::read_to_string(&translated)
                .map_err(|e| ContentError::new(&file, 1, format!("cannot read: {e}")))?;
            let (text, from, reviewed) = take_translation_fields(&file, &text)?;
            overlay.report.translated.push(Translated {
                english: english_file,
                file: file.clone(),
                stale: from != source_hash(&english),
                reviewed,
            });
            Ok((file, text))
        })())
    })
}

/// A translated file's text without its `translated_from:` and `reviewed:` lines (made comments,
/// so every line keeps its number for error messages), the hash it records, and whether it
/// has been reviewed.
pub fn take_translation_fields(
    file: &str,
    text: &str,
) -> Result<(String, String, bool), ContentError> {
    let (fm, _) = front_matter::split(file, text)?;
    let Some(from) = fm.get("translated_from").map(str::to_string) else {
        return Err(ContentError::new(
            file,
            1,
            "a translation must say which English it was made from: `translated_from: <hash>` (the first 16 hex digits of `sha256sum` of the English file)".into(),
        ));
    };
    let reviewed = fm.get("reviewed").is_some_and(|v| !v.is_empty());
    let lines: Vec<usize> = fm
        .keys()
        .filter(|(key, _)| TRANSLATION_FIELDS.contains(key))
        .map(|(_, line)| line)
        .collect();
    let text: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if lines.contains(&(i + 1)) {
                format!("# {line}")
            } else {
                line.to_string()
            }
        })
        .collect();
    Ok((text.join("\n") + "\n", from, reviewed))
}

/// Loads the site in `language` (its folder `content/<code>/` over `content/`), checked as the
/// English is, with each page marked as translated, stale or English only. `english` is the
/// English site, whose pages the language's are checked against.
pub fn load_site(
    content: &Path,
    language: &Language,
    phone: &Phone,
    flow: &crate::check::FlowSpec,
    form: &crate::refer::FormSpec,
    english: &Site,
) -> Result<(Site, Report), ContentError> {
    let (loaded, report) = reading(content, language, || {
        crate::load_site_files(content, phone, flow, form)
    })?;
    let mut site = loaded?;
    site.app_note = app_note(language, &report, phone)?;
    let english_pages: Vec<&Page> = english.pages.iter().chain([&english.not_found]).collect();
    mark_pages(
        site.pages.iter_mut().chain([&mut site.not_found]),
        &english_pages,
        language,
        &report,
        phone,
    )?;
    crate::check_links(&site)?;
    crate::check_pictures(content, &site.pages)?;
    Ok((site, report))
}

/// Runs `load` (any of the loaders) with `content/<code>/` over `content/`, and says what it
/// read from where.
pub fn reading<T>(
    content: &Path,
    language: &Language,
    load: impl FnOnce() -> T,
) -> Result<(T, Report), ContentError> {
    let folder = content.join(&language.code);
    check_every_translation_has_its_english(content, &folder)?;
    OVERLAY.set(Some(Overlay {
        english: content.to_path_buf(),
        language: folder,
        report: Report::default(),
    }));
    let loaded = load();
    let report = OVERLAY.take().map(|o| o.report).unwrap_or_default();
    Ok((loaded, report))
}

/// Puts the language's line at the top of each page: translated (and not yet reviewed, or the
/// English changed since), or only in English, with the English page marked `lang="en"`.
pub fn mark_pages<'a>(
    pages: impl IntoIterator<Item = &'a mut Page>,
    english: &[&Page],
    language: &Language,
    report: &Report,
    phone: &Phone,
) -> Result<(), ContentError> {
    for page in pages {
        let english_page = english.iter().find(|p| p.route == page.route);
        match (report.of(&page.source), english_page) {
            (Some(translated), english_page) => {
                let note = note_html(language, translated.reviewed, translated.stale, phone)?;
                let html = match english_page {
                    Some(english_page) => {
                        crate::rewrite::with_ids_of(&page.html, &english_page.html)
                    }
                    None => page.html.clone(),
                };
                page.html = format!("{note}{html}");
            }
            // The English page as the English site has it (its sections line in English too).
            (None, english_page) => {
                let note = notice(language, &language.english_only, phone)?;
                let html = english_page.map_or(page.html.as_str(), |p| p.html.as_str());
                page.html = format!("{note}{}", english_part(html));
            }
        }
    }
    Ok(())
}

/// A translated file with no English file would never be shown: a renamed page, most likely.
fn check_every_translation_has_its_english(
    content: &Path,
    folder: &Path,
) -> Result<(), ContentError> {
    for relative in markdown_files_below(folder, |_| true)? {
        if !content.join(&relative).is_file() {
            return Err(ContentError::new(
                &folder.join(&relative).display().to_string(),
                1,
                format!(
                    "there is no English content/{} for this translation",
                    relative.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Every markdown file below `dir`, as paths relative to it, sorted, going into the folders
/// `enter` allows.
pub(crate) fn markdown_files_below(
    dir: &Path,
    enter: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, ContentError> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let here = dir.join(&relative);
        let entries = std::fs::read_dir(&here).map_err(|e| {
            ContentError::new(
                &here.display().to_string(),
                1,
                format!("cannot read folder: {e}"),
            )
        })?;
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if path.is_dir() {
                if !name.starts_with('.') && enter(&path) {
                    stack.push(relative.join(name));
                }
            } else if name.ends_with(".md") {
                out.push(relative.join(name));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The line at the top of the checker's and the form's pages: their files are translated (and
/// reviewed, or changed in English since) together, or else they are in English.
fn app_note(language: &Language, report: &Report, phone: &Phone) -> Result<String, ContentError> {
    let in_app = |file: &str| {
        let file = file.replace('\\', "/");
        file.contains("/check/") || file.contains("/refer/")
    };
    let files: Vec<&Translated> = report
        .translated
        .iter()
        .filter(|t| in_app(&t.file))
        .collect();
    if files.is_empty() {
        return notice(language, &language.english_only, phone);
    }
    let reviewed = files.iter().all(|t| t.reviewed);
    let stale = files.iter().any(|t| t.stale);
    note_html(language, reviewed, stale, phone)
}

/// The lines a translated page (or the checker and form, taken together) shows at its top.
pub fn note_html(
    language: &Language,
    reviewed: bool,
    stale: bool,
    phone: &Phone,
) -> Result<String, ContentError> {
    let mut lines = vec![language.translated.as_str()];
    if !reviewed {
        lines.push(&language.not_reviewed);
    }
    if stale {
        lines.push(&language.stale);
    }
    notice(language, &lines.join(" "), phone)
}

fn notice(language: &Language, text: &str, phone: &Phone) -> Result<String, ContentError> {
    let file = format!("content/{}/{LANGUAGE_FILE}", language.code);
    let rendered = crate::markdown::render(&file, &text.replace("{phone}", "{{phone}}"), 1, phone)?;
    // HTML the markdown renderer made (escaped there), inside markup maud writes.
    Ok(html! { div.translation-note { (PreEscaped(rendered.html)) } }.into_string())
}

/// An English page inside a page in another language, marked as English for screen readers,
/// Listen and translation tools. `html` is the English site's rendered page.
fn english_part(html: &str) -> String {
    html! { div lang="en" { (PreEscaped(html)) } }.into_string()
}

#[cfg(test)]
mod tests;
