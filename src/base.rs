//! The path the site is served under: `/` by default, `/advocacy/` with
//! `make build PUBLIC_URL=/advocacy/`, so the service can host it inside its own site; and the
//! language's folder within it: `/pl/…` for Polish, nothing for English (at the root).
//!
//! Routes inside the app are written from the language's root (`/check/situation`); links and
//! navigation add the base and the language, and the current address has both removed before
//! routing. So one app serves every language, and a page in Polish links to Polish pages.

use std::cell::Cell;

/// The base without its trailing slash: "" at the root, "/advocacy" under a sub-path.
pub const BASE: &str = env!("SITE_BASE");

/// The language whose pages are shown, as the page's `lang` names it.
#[derive(Clone, Copy)]
struct Language {
    /// "en", "pl"…: what a referral says it was filled in.
    code: &'static str,
    /// Where its pages are: [`BASE`] for English, `{BASE}/pl` for Polish.
    root: &'static str,
}

thread_local! {
    static LANGUAGE: Cell<Language> = const { Cell::new(Language { code: "en", root: BASE }) };
}

/// Puts a language in force from a `lang` attribute ("en-GB", "pl"): its pages are at
/// `/<code>/…`, English's at the root. The app calls it once, from the page it starts on; the
/// build once for each language it writes.
pub fn set_language(lang: &str) {
    let code = lang
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let valid = code.len() >= 2 && code.bytes().all(|b| b.is_ascii_lowercase());
    let language = if !valid || code == "en" {
        Language {
            code: "en",
            root: BASE,
        }
    } else {
        Language {
            root: format!("{BASE}/{code}").leak(),
            code: code.leak(),
        }
    };
    LANGUAGE.set(language);
}

/// The code of the language in force: "en", "pl"…
pub fn language() -> &'static str {
    LANGUAGE.get().code
}

/// Where the language's pages are: "" (English at the root), "/pl", "/advocacy/pl"…
pub fn root() -> &'static str {
    LANGUAGE.get().root
}

/// The address of a route, for `href`s: `/imha` becomes `/advocacy/imha`, or `/pl/imha`.
pub fn href(route: &str) -> String {
    format!("{}{route}", root())
}

/// The address of a file the site has once for every language, such as `config.json`.
pub fn site_file(path: &str) -> String {
    format!("{BASE}{path}")
}

/// The route of an address path, with the base and language removed: `/advocacy/imha` and
/// `/pl/imha` become `/imha`.
pub fn route(pathname: &str) -> &str {
    match pathname.strip_prefix(root()) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => pathname,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn href_and_route_are_inverses() {
        for r in ["/", "/imha", "/check/result"] {
            assert_eq!(route(&href(r)), r);
        }
        assert_eq!(route(BASE), "/");
    }

    #[test]
    fn a_language_puts_its_pages_in_its_folder() {
        set_language("pl");
        assert_eq!(language(), "pl");
        assert_eq!(
            href("/check/situation"),
            format!("{BASE}/pl/check/situation")
        );
        assert_eq!(route(&format!("{BASE}/pl/imha")), "/imha");
        assert_eq!(route(&format!("{BASE}/pl")), "/");
        assert_eq!(site_file("/config.json"), format!("{BASE}/config.json"));
        set_language("en-GB");
        assert_eq!(language(), "en");
        assert_eq!(href("/imha"), format!("{BASE}/imha"));
        set_language("<script>");
        assert_eq!(language(), "en", "not a language code");
    }
}
