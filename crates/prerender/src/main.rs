//! Writes every route as a real HTML file in the built site: `dist/imha/index.html` and so on,
//! plus `dist/404.html`. Each holds the page's header, content and footer, so the site reads
//! with JavaScript off and deep links work on any static host without rewrite rules.
//!
//! Usage: `prerender <dist folder>` after `trunk build`, with the same `PUBLIC_URL` in the
//! environment. The Trunk output `index.html` is the template: its title, description and empty
//! app root are filled in for each page. It also writes the static-host files generated from
//! `config.json`: `_headers` (Netlify, Cloudflare Pages) and `nginx.conf.example`.

mod languages;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::cell::Cell;

use advocacy::base::BASE;
use advocacy::content::document_title;
use advocacy::deploy::{headers_file, nginx_example, Deployment};
use advocacy::static_site::{static_pages, StaticPage};
use advocacy::ROOT_ID;
use content_pipeline::easy_read::PICTURE_FOLDER;
use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use maud::html;

fn main() -> ExitCode {
    let dist = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dist".into()));
    match run(&dist) {
        Ok(count) => {
            println!("prerender: wrote {count} pages into {}", dist.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("prerender: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(dist: &Path) -> Result<usize, String> {
    let template_path = dist.join("index.html");
    let template = std::fs::read_to_string(&template_path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run trunk build first)",
            template_path.display()
        )
    })?;
    let empty_root = html! { div id=(ROOT_ID) {} }.into_string();
    if !template.contains(&empty_root) {
        return Err(format!(
            "{} has no empty `{empty_root}`: it was already pre-rendered; run trunk build again",
            template_path.display()
        ));
    }
    let deployment = read_deployment(&dist.join("config.json"))?;
    // The referral pages say "start" or "not available" as this config.json does.
    advocacy::site_config::set(advocacy::site_config::SiteConfig {
        referral_endpoint: Some(deployment.referral_endpoint.clone()),
        embed_origins: deployment.embed_origins.clone(),
    });
    if deployment.referral_endpoint.contains("127.0.0.1")
        || deployment.referral_endpoint.contains("localhost")
    {
        println!(
            "prerender: note: referral_endpoint in config.json is {} (the local receiver); set the service's https:// address before deploying",
            deployment.referral_endpoint
        );
    }
    let content = Path::new("content");
    let languages = languages::load(content)?;
    let english_wording = write_wording(dist, "en", advocacy::wording::ENGLISH_JSON)?;
    let mut pages = Vec::new();
    for language in &languages {
        let wording = match &language.words {
            Some(json) => write_wording(dist, &language.code, json)?,
            None => english_wording.clone(),
        };
        languages::put_in_force(language, &languages);
        let folder = match language.code.as_str() {
            "en" => dist.to_path_buf(),
            code => dist.join(code),
        };
        for page in static_pages() {
            let route = route_of(&page.file);
            let head = Head {
                lang: language.lang(),
                wording: &wording,
                alternates: languages::alternates(&languages, &route),
            };
            write(&folder.join(&page.file), &fill(&template, &page, &head)?)?;
            pages.push(page);
        }
    }
    languages::put_english_in_force();
    // The service worker and the embedding script are copied as written; their explanations
    // stay in the repository, not on every phone.
    for script in ["sw.js", "embed.js"] {
        let path = dist.join(script);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        write(&path, &without_line_comments(&text))?;
    }
    let pictures = copy_pictures(&pages, content, dist)?;
    println!("prerender: copied {pictures} Easy Read pictures");
    let mut files: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| format!("cannot list {}: {e}", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    files.sort();
    write(
        &dist.join("_headers"),
        &headers_file(&deployment, BASE, &files),
    )?;
    write(
        &dist.join("nginx.conf.example"),
        &nginx_example(&deployment, BASE),
    )?;
    Ok(pages.len())
}

/// Copies the Easy Read pictures the pages show, and only those, from `content/easy-read/pictures/`
/// into the site beside the pages: the same origin, so no request leaves the site.
fn copy_pictures(pages: &[StaticPage], content: &Path, dist: &Path) -> Result<usize, String> {
    let prefix = format!("src=\"{BASE}/{PICTURE_FOLDER}/");
    let mut names: Vec<&str> = pages
        .iter()
        .flat_map(|page| page.html.split(prefix.as_str()).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in &names {
        if !name.ends_with(".svg") || name.contains(['/', '\\']) {
            return Err(format!(
                "a page shows the picture `{name}`, which is not an SVG file name"
            ));
        }
        let from = content.join(PICTURE_FOLDER).join(name);
        let svg = std::fs::read_to_string(&from)
            .map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        write(&dist.join(PICTURE_FOLDER).join(name), &svg)?;
    }
    Ok(names.len())
}

/// The settings the headers depend on, from the `config.json` that ships with the site.
fn read_deployment(path: &Path) -> Result<Deployment, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
    Ok(Deployment {
        referral_endpoint: json["referral_endpoint"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        embed_origins: json["embed_origins"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// A script without its whole-line `//` comments (the only comments our own scripts use), so a
/// phone downloads the code and not its explanation. Lines with code are kept as they are.
fn without_line_comments(js: &str) -> String {
    js.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Writes a language's wording file as `wording-<lang>-<hash>.json` and returns its address:
/// the hash of its content is in its name, so phones keep it for a year and a new build's words
/// get a new name.
fn write_wording(dist: &Path, lang: &str, json: &str) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(json.as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("wording-{lang}-{hash}.json");
    write(&dist.join(&name), json)?;
    Ok(format!("{BASE}/{name}"))
}

/// What a page's `<head>` (and `<html>`) says besides its title and description.
pub struct Head<'a> {
    /// The page's language: "en-GB", "pl"…
    pub lang: &'a str,
    /// The address of its language's wording file.
    pub wording: &'a str,
    /// Its other languages, as (`hreflang`, address): English as `x-default` too.
    pub alternates: Vec<(String, String)>,
}

/// The route a built file is the page of: `imha/index.html` is `/imha`.
pub fn route_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some("") => "/".into(),
        Some(folder) => format!("/{}", folder.trim_end_matches('/')),
        None => format!("/{}", file.trim_end_matches(".html")),
    }
}

/// The template with this page's title, description and rendered markup in place. lol_html
/// finds the elements; the title is escaped as text, the description is written by maud, and the
/// page's markup (rendered by the app's own components) goes into the app root as it is. The
/// page asks for its wording file at once, beside `config.json` (`<link data-wording>` tells the
/// app which file it is), names its language on `<html>`, and lists its other languages.
fn fill(template: &str, page: &StaticPage, head: &Head) -> Result<String, String> {
    let title = document_title(&page.title);
    let description = html! { meta name="description" content=(page.description); }.into_string();
    let root = format!("#{ROOT_ID}");
    let preload = html! {
        link rel="preload" href=(head.wording) as="fetch" crossorigin="anonymous" data-wording;
        @for (hreflang, href) in &head.alternates {
            link rel="alternate" hreflang=(hreflang) href=(href);
        }
    }
    .into_string();
    let found = [
        Cell::new(false),
        Cell::new(false),
        Cell::new(false),
        Cell::new(false),
        Cell::new(false),
    ];
    let filled = rewrite_str(
        template,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("html", |el| {
                    el.set_attribute("lang", head.lang)?;
                    // Every language of the site is written left to right.
                    el.set_attribute("dir", "ltr")?;
                    found[4].set(true);
                    Ok(())
                }),
                element!("head > title", |el| {
                    el.set_inner_content(&title, ContentType::Text);
                    found[0].set(true);
                    Ok(())
                }),
                element!("meta[name=description]", |el| {
                    el.replace(&description, ContentType::Html);
                    found[1].set(true);
                    Ok(())
                }),
                element!("link[rel=preload][href$='config.json']", |el| {
                    el.after(&preload, ContentType::Html);
                    found[3].set(true);
                    Ok(())
                }),
                element!(root, |el| {
                    el.set_inner_content(&page.html, ContentType::Html);
                    found[2].set(true);
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| format!("cannot fill the template for {}: {e}", page.file))?;
    let parts = [
        "title",
        "meta description",
        "app root",
        "config.json preload",
        "html element",
    ];
    for (was_found, what) in found.iter().zip(parts) {
        if !was_found.get() {
            return Err(format!("the template has no {what}"));
        }
    }
    Ok(filled)
}

fn write(path: &Path, html: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, html).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Site</title><meta name=\"description\" content=\"\"><link rel=\"preload\" href=\"/config.json\" as=\"fetch\" crossorigin=\"anonymous\"></head><body><div id=\"app\"></div></body></html>";

    fn page(title: &str, description: &'static str) -> StaticPage {
        StaticPage {
            file: "x/index.html".into(),
            title: title.into(),
            description,
            html: "<p>Hello</p>".into(),
        }
    }

    #[test]
    fn fills_title_description_and_root_escaping_the_words() {
        let filled = fill(
            TEMPLATE,
            &page("Q&A <now>", "\"Quotes\" & <tags>"),
            &head("/w-1.json"),
        )
        .unwrap();
        assert!(
            filled.contains(&format!(
                "<title>{}</title>",
                document_title("Q&amp;A &lt;now&gt;")
            )),
            "{filled}"
        );
        assert!(
            filled.contains(
                "<meta name=\"description\" content=\"&quot;Quotes&quot; &amp; &lt;tags&gt;\">"
            ),
            "{filled}"
        );
        assert!(
            filled.contains("<div id=\"app\"><p>Hello</p></div>"),
            "{filled}"
        );
        assert!(
            filled.contains("crossorigin=\"anonymous\"><link rel=\"preload\" href=\"/w-1.json\" as=\"fetch\" crossorigin=\"anonymous\" data-wording>"),
            "the wording file is asked for beside config.json: {filled}"
        );
    }

    fn head(wording: &str) -> Head<'_> {
        Head {
            lang: "en-GB",
            wording,
            alternates: Vec::new(),
        }
    }

    #[test]
    fn a_page_names_its_language_and_its_other_languages() {
        let head = Head {
            lang: "pa",
            wording: "/wording-pa-1.json",
            alternates: vec![
                ("x-default".into(), "/imha".into()),
                ("pa".into(), "/pa/imha".into()),
            ],
        };
        let filled = fill(TEMPLATE, &page("T", "D"), &head).unwrap();
        assert!(
            filled.contains("<html lang=\"pa\" dir=\"ltr\">"),
            "{filled}"
        );
        assert!(filled.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"/imha\"><link rel=\"alternate\" hreflang=\"pa\" href=\"/pa/imha\">"), "{filled}");
    }

    #[test]
    fn a_file_is_the_page_of_its_folder() {
        assert_eq!(route_of("index.html"), "/");
        assert_eq!(route_of("check/situation/index.html"), "/check/situation");
        assert_eq!(route_of("404.html"), "/404");
    }

    #[test]
    fn scripts_lose_their_comment_lines_and_keep_their_code() {
        let js = "// Why.\n  // More.\nconst a = 'http://x'; // after code\nfoo();\n";
        assert_eq!(
            without_line_comments(js),
            "const a = 'http://x'; // after code\nfoo();\n"
        );
    }

    #[test]
    fn a_template_without_its_parts_is_refused() {
        let no_root = TEMPLATE.replace("<div id=\"app\"></div>", "");
        assert_eq!(
            fill(&no_root, &page("T", "D"), &head("/w.json")).unwrap_err(),
            "the template has no app root"
        );
        let no_description = TEMPLATE.replace("<meta name=\"description\" content=\"\">", "");
        assert!(fill(&no_description, &page("T", "D"), &head("/w.json")).is_err());
    }
}
