//! Writes every route as a real HTML file in the built site: `dist/imha/index.html` and so on,
//! plus `dist/404.html`. Each holds the page's header, content and footer, so the site reads
//! with JavaScript off and deep links work on any static host without rewrite rules.
//!
//! Usage: `prerender <dist folder>` after `trunk build`, with the same `PUBLIC_URL` in the
//! environment. The Trunk output `index.html` is the template: its title, description and empty
//! app root are filled in for each page. It also writes the static-host files generated from
//! `config.json`: `_headers` (Netlify, Cloudflare Pages) and `nginx.conf.example`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use advocacy::base::BASE;
use advocacy::content::document_title;
use advocacy::deploy::{headers_file, nginx_example, Deployment};
use advocacy::static_site::{static_pages, StaticPage};

const ROOT_MARK: &str = "<div id=\"app\"></div>";

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
    if !template.contains(ROOT_MARK) {
        return Err(format!(
            "{} has no empty `{ROOT_MARK}`: it was already pre-rendered; run trunk build again",
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
    let pages = static_pages();
    for page in &pages {
        write(&dist.join(&page.file), &fill(&template, page)?)?;
    }
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

/// The template with this page's title, description and rendered markup in place.
fn fill(template: &str, page: &StaticPage) -> Result<String, String> {
    let old_title = between(template, "<title>", "</title>")?;
    Ok(template
        .replacen(
            &format!("<title>{old_title}</title>"),
            &format!("<title>{}</title>", escape(&document_title(&page.title))),
            1,
        )
        .replacen(
            "<meta name=\"description\" content=\"\">",
            &format!(
                "<meta name=\"description\" content=\"{}\">",
                escape(page.description)
            ),
            1,
        )
        .replacen(
            ROOT_MARK,
            &format!("<div id=\"app\">{}</div>", page.html),
            1,
        ))
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Result<&'a str, String> {
    let start = text.find(open).ok_or(format!("template has no {open}"))? + open.len();
    let end = text[start..]
        .find(close)
        .ok_or(format!("template has no {close}"))?
        + start;
    Ok(&text[start..end])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write(path: &Path, html: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, html).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
