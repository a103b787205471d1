//! Each language of the site, read from `content/<code>/` over `content/` by the content
//! pipeline and put in force in turn, so the app's own components write that language's pages:
//! its content pages and header and footer (the tables in [`SiteTables`]), and its checker and
//! form (its wording file, which the same app reads in the browser).

use std::path::Path;

use advocacy::base::BASE;
use advocacy::content::{LanguageLink, NavLink, Page, Shell, SiteTables, SHELL};
use content_pipeline::translation::{self, Language};
use content_pipeline::wording::Wording;
use content_pipeline::{check, refer, with_roots, Phone, Site};

/// A language as the pre-render step writes it.
pub struct SiteLanguage {
    pub code: String,
    /// The language's own tables; `None` for English, compiled into the app.
    tables: Option<SiteTables>,
    /// Its wording file; `None` for English, which the build wrote already.
    pub words: Option<String>,
    /// Its name and the label of the list of languages, for every page's foot.
    name: String,
    switch_label: String,
    /// The routes that are really in this language (not the English page under a notice), for
    /// `hreflang`.
    translated: Vec<String>,
    /// Whether its checker's and form's words are its own.
    check_translated: bool,
    refer_translated: bool,
}

impl SiteLanguage {
    /// Whether the page at `route` is in this language, not English under a notice.
    fn has(&self, route: &str) -> bool {
        self.translated.iter().any(|r| r == route)
            || (self.check_translated && advocacy::check::is_step_route(route))
            || (self.refer_translated
                && advocacy::referral::is_referral_route(route)
                && route != "/refer")
    }
}

impl SiteLanguage {
    /// Its `lang` attribute: English stays British English, as the site was written.
    pub fn lang(&self) -> &str {
        match self.code.as_str() {
            "en" => "en-GB",
            code => code,
        }
    }
}

/// English and every language `content/_languages.md` offers, checked, with the stale and
/// untranslated files listed for the service (they are shown, marked, not refused).
pub fn load(content: &Path) -> Result<Vec<SiteLanguage>, String> {
    let said = |e: content_pipeline::ContentError| format!("content error: {e}");
    let phone = content_pipeline::read_phone(Path::new("config.json")).map_err(said)?;
    let (flow, form) = specs();
    let english = content_pipeline::load_site(content, &phone, &flow, &form).map_err(said)?;
    let mut all = Vec::new();
    for language in translation::languages(content).map_err(said)? {
        if language.code == "en" {
            all.push(SiteLanguage {
                code: "en".into(),
                tables: None,
                words: None,
                name: language.name,
                switch_label: language.switch_label,
                translated: Vec::new(),
                check_translated: false,
                refer_translated: false,
            });
            continue;
        }
        let (site, report) =
            translation::load_site(content, &language, &phone, &flow, &form, &english)
                .map_err(said)?;
        for stale in report.stale() {
            println!(
                "prerender: stale translation: {} was made from an earlier {}; its page says so",
                stale.file, stale.english
            );
        }
        let untranslated = report
            .english_only
            .iter()
            .filter(|f| f.ends_with(".md") && !f.contains("/_"))
            .count();
        println!(
            "prerender: {} ({}): {} files translated, {} English only",
            language.english_name,
            language.code,
            report.translated.len(),
            untranslated
        );
        all.push(in_language(&language, &site, &report, &phone)?);
    }
    Ok(all)
}

/// The language's tables for the app's components, its wording file, and what is translated.
fn in_language(
    language: &Language,
    site: &Site,
    report: &translation::Report,
    phone: &Phone,
) -> Result<SiteLanguage, String> {
    let root = format!("{BASE}/{}", language.code);
    // The same words, in the same order, as build.rs collects for English.
    let mut words = Wording::default();
    content_pipeline::to_rust(site, &root, &mut words);
    check::to_rust(&site.check, &root, &mut words);
    refer::to_rust(&site.refer, &root, &mut words);
    if words.fingerprint() != advocacy::wording::FINGERPRINT {
        return Err(format!(
            "the {} words do not have the English words' keys: a file in content/{}/check or content/{}/refer has a field the English lacks, or lacks one",
            language.english_name, language.code, language.code
        ));
    }
    let leak = |s: &str| -> &'static str { s.to_string().leak() };
    let page = |p: &content_pipeline::Page| Page {
        route: leak(&p.route),
        title: leak(&p.title),
        description: leak(&p.description),
        last_reviewed: leak(&p.last_reviewed),
        heading: leak(&p.heading),
        html: leak(&with_roots(&p.html, &root, BASE)),
    };
    let pages: &'static [Page] = site.pages.iter().map(page).collect::<Vec<_>>().leak();
    let s = &site.shell;
    let nav: &'static [NavLink] = s
        .nav
        .iter()
        .map(|n| NavLink {
            label: leak(&n.label),
            href: leak(&format!("{root}{}", n.href)),
        })
        .collect::<Vec<_>>()
        .leak();
    let shell = Shell {
        service_name: leak(&s.service_name),
        skip_link: leak(&s.skip_link),
        phone_label: leak(&s.phone_label),
        nav_label: leak(&s.nav_label),
        menu_label: leak(&s.menu_label),
        listen: s.listen.clone().map(|w| leak(&w)),
        phone_display: leak(&phone.display),
        phone_dial: leak(&phone.dial),
        footer_html: leak(&with_roots(&s.footer_html, &root, BASE)),
        nav,
        switch_label: leak(&language.switch_label),
        languages: &[],
    };
    let folder = format!("content/{}/", language.code);
    let translated_file = |source: &str| source.replace('\\', "/").contains(&folder);
    let translated: Vec<String> = site
        .pages
        .iter()
        .filter(|p| translated_file(&p.source))
        .map(|p| p.route.clone())
        .collect();
    let has = |area: &str| {
        report
            .translated
            .iter()
            .any(|t| translated_file(&t.file) && t.file.replace('\\', "/").contains(area))
    };
    let (check_translated, refer_translated) = (has("/check/"), has("/refer/"));
    Ok(SiteLanguage {
        code: language.code.clone(),
        tables: Some(SiteTables {
            pages,
            not_found: Box::leak(Box::new(page(&site.not_found))),
            shell: Box::leak(Box::new(shell)),
        }),
        words: Some(words.to_json()),
        name: language.name.clone(),
        switch_label: language.switch_label.clone(),
        translated,
        check_translated,
        refer_translated,
    })
}

/// Puts `language` in force for the pages rendered next: its tables, its words, its address,
/// and the list of every language at its pages' foot.
pub fn put_in_force(language: &SiteLanguage, all: &[SiteLanguage]) {
    let languages: &'static [LanguageLink] = all
        .iter()
        .map(|l| LanguageLink {
            code: l.code.clone().leak(),
            name: l.name.clone().leak(),
        })
        .collect::<Vec<_>>()
        .leak();
    let switch_label: &'static str = language.switch_label.clone().leak();
    let tables = match language.tables {
        Some(tables) => SiteTables {
            shell: Box::leak(Box::new(Shell {
                languages,
                ..tables.shell.clone()
            })),
            ..tables
        },
        None => SiteTables {
            pages: advocacy::content::PAGES,
            not_found: &advocacy::content::NOT_FOUND,
            shell: Box::leak(Box::new(Shell {
                languages,
                switch_label,
                ..SHELL.clone()
            })),
        },
    };
    advocacy::content::use_site(Some(tables));
    advocacy::base::set_language(language.lang());
    let json = language
        .words
        .as_deref()
        .unwrap_or(advocacy::wording::ENGLISH_JSON);
    let pairs: Vec<(String, String)> =
        serde_json::from_str(json).expect("the wording file is JSON the build wrote");
    assert!(
        advocacy::wording::install(pairs),
        "checked against the fingerprint when made"
    );
}

/// Back to the English compiled in.
pub fn put_english_in_force() {
    advocacy::content::use_site(None);
    advocacy::base::set_language("en");
    let pairs: Vec<(String, String)> =
        serde_json::from_str(advocacy::wording::ENGLISH_JSON).expect("the build's JSON");
    advocacy::wording::install(pairs);
}

/// The `hreflang` alternates of a route: English (also `x-default`) and each language it is
/// really translated into.
pub fn alternates(all: &[SiteLanguage], route: &str) -> Vec<(String, String)> {
    let mut out = vec![
        ("x-default".to_string(), format!("{BASE}{route}")),
        ("en".to_string(), format!("{BASE}{route}")),
    ];
    for language in all.iter().filter(|l| l.code != "en" && l.has(route)) {
        out.push((
            language.code.clone(),
            format!("{BASE}/{}{route}", language.code),
        ));
    }
    out
}

/// The checker's questions and outcomes and the form's fields, as the pipeline checks the words
/// against (build.rs makes the same from the same tables).
fn specs() -> (check::FlowSpec, refer::FormSpec) {
    use advocacy::referral::form::{Kind, Needed, PAGES};
    let flow = check::FlowSpec {
        questions: advocacy::check::flow::QUESTIONS
            .iter()
            .map(|q| {
                (
                    q.key.to_string(),
                    q.choices.iter().map(|c| c.value.to_string()).collect(),
                )
            })
            .collect(),
        outcomes: advocacy::check::flow::OUTCOMES
            .iter()
            .map(|o| o.to_string())
            .collect(),
    };
    let form = refer::FormSpec {
        pages: PAGES
            .iter()
            .map(|p| {
                let fields = p
                    .fields
                    .iter()
                    .map(|f| refer::FieldSpec {
                        key: f.key.to_string(),
                        required: f.needed != Needed::Optional,
                        options: match f.kind {
                            Kind::Radios(values) | Kind::Checkboxes(values) => {
                                values.iter().map(|v| v.to_string()).collect()
                            }
                            _ => Vec::new(),
                        },
                    })
                    .collect();
                (p.key.to_string(), fields)
            })
            .collect(),
    };
    (flow, form)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language offered loads by the English rules, its checker's and form's words have
    /// the English keys, and each says it is not yet checked by a professional (none is yet).
    #[test]
    fn every_language_the_site_offers_loads_with_the_english_keys() {
        // The build runs from the repository's root, where config.json is.
        std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).unwrap();
        let all = load(Path::new("content")).unwrap_or_else(|e| panic!("{e}"));
        let codes: Vec<&str> = all.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "pl", "ro", "pa", "ne"]);
        for language in &all[1..] {
            assert!(language.check_translated, "{}: the checker", language.code);
            assert!(language.refer_translated, "{}: the form", language.code);
            for route in [
                "/",
                "/imha",
                "/contact",
                "/easy-read/imha",
                "/check/situation",
            ] {
                assert!(language.has(route), "{}: {route}", language.code);
            }
            assert!(!language.has("/your-rights/leave"), "{}", language.code);
        }
    }
}
