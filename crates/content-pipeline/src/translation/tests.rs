use super::*;
use std::fs;

fn phone() -> Phone {
    Phone::from_display("0300 34 35 714")
}

/// A throwaway `content/` with two English pages and a Polish folder.
struct Content(PathBuf);

const SITE: &str = "---\nsections_one: One {sections}, {date}.\nsections_many: Many {sections}, {date}.\nsections_and: and\nmonths: Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec\n---\n";

const LANGUAGE: &str = "---\nname: Polski\nenglish_name: Polish\nplural_forms: one few many other\ntranslated: Przetłumaczone z angielskiego.\nnot_reviewed: Nie sprawdzone. Zadzwoń {phone}.\nstale: Angielska strona się zmieniła. Zadzwoń {phone}.\nenglish_only: Tylko po angielsku. Zadzwoń {phone}.\nswitch_label: Czytaj w\n---\n";

impl Content {
    fn new(name: &str) -> Content {
        let dir =
            std::env::temp_dir().join(format!("translation-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("pl")).unwrap();
        let content = Content(dir);
        content.put("_site.md", SITE);
        content.put("pl/_language.md", LANGUAGE);
        content.put("_language.md", &LANGUAGE.replace("Polski", "English"));
        content.put(
            "imha.md",
            "---\ntitle: IMHA\ndescription: D\nlast_reviewed: 2026-11-25\n---\n# What an IMHA is\n\nAn IMHA helps you.\n",
        );
        content.put(
            "contact.md",
            "---\ntitle: Contact\ndescription: D\nlast_reviewed: 2026-11-25\n---\n# Contact us\n\nCall us.\n",
        );
        content
    }

    fn put(&self, path: &str, text: &str) {
        let file = self.0.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }

    fn hash_of(&self, path: &str) -> String {
        source_hash(&fs::read_to_string(self.0.join(path)).unwrap())
    }

    fn polish_imha(&self, hash: &str, reviewed: &str) {
        self.put(
            "pl/imha.md",
            &format!("---\ntranslated_from: {hash}\n{reviewed}title: IMHA po polsku\ndescription: Opis\nlast_reviewed: 2026-11-25\n---\n# Czym jest IMHA\n\nIMHA ci pomaga.\n"),
        );
    }

    fn language(&self) -> Language {
        load_language("pl", &self.0.join("pl/_language.md")).unwrap()
    }

    /// The Polish pages, marked, with what was read.
    fn polish_pages(&self) -> Result<(Vec<Page>, Report), ContentError> {
        let english = crate::load_pages(&self.0, &phone())?;
        let language = self.language();
        let (pages, report) = reading(&self.0, &language, || crate::load_pages(&self.0, &phone()))?;
        let mut pages = pages?;
        let english: Vec<&Page> = english.iter().collect();
        mark_pages(pages.iter_mut(), &english, &language, &report, &phone())?;
        Ok((pages, report))
    }
}

impl Drop for Content {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn page<'a>(pages: &'a [Page], route: &str) -> &'a Page {
    pages.iter().find(|p| p.route == route).unwrap()
}

#[test]
fn the_hash_is_the_start_of_the_files_sha256() {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223…
    assert_eq!(source_hash("abc"), "ba7816bf8f01cfea");
}

#[test]
fn a_translation_is_read_in_place_of_its_english_and_says_it_is_a_translation() {
    let content = Content::new("translated");
    content.polish_imha(&content.hash_of("imha.md"), "");
    let (pages, report) = content.polish_pages().unwrap();
    let imha = page(&pages, "/imha");
    assert_eq!(imha.title, "IMHA po polsku");
    assert!(imha.source.ends_with("pl/imha.md"), "{}", imha.source);
    assert!(imha.html.starts_with("<div class=\"translation-note\"><p>Przetłumaczone z angielskiego. Nie sprawdzone. Zadzwoń <a href=\"tel:"), "{}", imha.html);
    assert!(
        !imha.html.contains("Angielska strona"),
        "not stale: {}",
        imha.html
    );
    assert!(imha.html.contains("<h1>Czym jest IMHA</h1>"));
    assert_eq!(report.stale().count(), 0);
    assert_eq!(report.translated.len(), 1);
}

#[test]
fn a_changed_english_file_makes_its_translation_stale() {
    let content = Content::new("stale");
    content.polish_imha(&content.hash_of("imha.md"), "");
    content.put(
        "imha.md",
        "---\ntitle: IMHA\ndescription: D\nlast_reviewed: 2026-11-25\n---\n# What an IMHA is\n\nAn IMHA helps you, free.\n",
    );
    let (pages, report) = content.polish_pages().unwrap();
    let stale: Vec<&str> = report.stale().map(|t| t.file.as_str()).collect();
    assert_eq!(stale.len(), 1);
    assert!(stale[0].ends_with("pl/imha.md"));
    assert!(page(&pages, "/imha")
        .html
        .contains("Angielska strona się zmieniła."));
}

#[test]
fn a_reviewed_translation_no_longer_says_it_is_unchecked() {
    let content = Content::new("reviewed");
    content.polish_imha(&content.hash_of("imha.md"), "reviewed: 2026-12-07\n");
    let (pages, _) = content.polish_pages().unwrap();
    let html = &page(&pages, "/imha").html;
    assert!(html.contains("Przetłumaczone z angielskiego."));
    assert!(!html.contains("Nie sprawdzone"), "{html}");
}

#[test]
fn a_page_missing_in_the_language_is_the_english_page_under_the_languages_notice() {
    let content = Content::new("missing");
    content.polish_imha(&content.hash_of("imha.md"), "");
    let (pages, report) = content.polish_pages().unwrap();
    let contact = page(&pages, "/contact");
    assert!(
        contact.html.starts_with(
            "<div class=\"translation-note\"><p>Tylko po angielsku. Zadzwoń <a href=\"tel:"
        ),
        "{}",
        contact.html
    );
    assert!(
        contact
            .html
            .contains("<div lang=\"en\"><h1>Contact us</h1>"),
        "{}",
        contact.html
    );
    assert!(report
        .english_only
        .iter()
        .any(|f| f.ends_with("contact.md")));
}

#[test]
fn a_translation_must_name_its_english() {
    let content = Content::new("unnamed");
    content.put(
        "pl/imha.md",
        "---\ntitle: IMHA\ndescription: D\nlast_reviewed: 2026-11-25\n---\n# IMHA\n",
    );
    let error = content.polish_pages().unwrap_err();
    assert!(error.file.ends_with("pl/imha.md"));
    assert!(
        error.message.contains("translated_from"),
        "{}",
        error.message
    );
}

#[test]
fn a_translation_without_an_english_file_is_refused() {
    let content = Content::new("orphan");
    content.put("pl/renamed.md", "---\ntranslated_from: 0\n---\n# X\n");
    let error = content.polish_pages().unwrap_err();
    assert!(error.file.ends_with("pl/renamed.md"));
    assert!(error.message.contains("no English"), "{}", error.message);
}

#[test]
fn errors_in_a_translation_name_the_translated_file_and_its_line() {
    let content = Content::new("errors");
    let long = "słowo ".repeat(26);
    content.put(
        "pl/imha.md",
        &format!("---\ntranslated_from: 0\ntitle: IMHA\ndescription: D\nlast_reviewed: 2026-11-25\n---\n# IMHA\n\n{long}.\n"),
    );
    let error = content.polish_pages().unwrap_err();
    assert!(error.file.ends_with("pl/imha.md"), "{error}");
    assert_eq!(error.line, 9, "{error}");
}

#[test]
fn heading_ids_stay_the_english_ones_so_links_to_a_part_still_land() {
    assert_eq!(
        crate::rewrite::with_ids_of(
            "<h2 id=\"co-to\">Co to</h2><p>x</p><h2 id=\"kto\">Kto</h2>",
            "<h2 id=\"what-it-is\">What it is</h2><h2 id=\"who\">Who</h2>"
        ),
        "<h2 id=\"what-it-is\">Co to</h2><p>x</p><h2 id=\"who\">Kto</h2>"
    );
}

#[test]
fn plural_forms_must_be_cldr_categories_ending_in_other() {
    let content = Content::new("plurals");
    content.put(
        "pl/_language.md",
        &LANGUAGE.replace("one few many other", "one several other"),
    );
    let error = load_language("pl", &content.0.join("pl/_language.md")).unwrap_err();
    assert!(error.message.contains("plural_forms"), "{}", error.message);
}

#[test]
fn the_sites_languages_are_english_then_those_offered_in_order() {
    let content = Content::new("offered");
    content.put("_languages.md", "---\noffered: pl\n---\n");
    let all = languages(&content.0).unwrap();
    let codes: Vec<&str> = all.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["en", "pl"]);
    assert_eq!(all[1].name, "Polski");
    content.put("_languages.md", "---\noffered: pl xx\n---\n");
    assert!(languages(&content.0).is_err(), "a language with no folder");
}
