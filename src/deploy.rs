//! Files a static host needs, generated from `config.json` when the site is built: the
//! Content-Security-Policy and other headers as a `_headers` file (Netlify, Cloudflare Pages) and
//! as an nginx example. Plain Rust, used by `crates/prerender` and by the browser tests' server,
//! so the policy tested is the policy shipped.

/// The deployment settings from `config.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployment {
    pub referral_endpoint: String,
    pub embed_origins: Vec<String>,
}

/// `scheme://host[:port]` of an address, for CSP source lists.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains(['*', ' ', ';', '\'']))
        .then(|| format!("{scheme}://{host}"))
}

/// The strict policy: no inline script or style, no third parties; the referral endpoint is the
/// only other host the page may talk to, and only the listed sites may frame it.
pub fn content_security_policy(d: &Deployment) -> String {
    let connect = match origin(&d.referral_endpoint) {
        Some(o) => format!("'self' {o}"),
        None => "'self'".to_string(),
    };
    let mut ancestors = vec!["'self'".to_string()];
    ancestors.extend(d.embed_origins.iter().filter_map(|o| origin(o)));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src {connect}; frame-ancestors {}; base-uri 'self'; form-action 'self'; object-src 'none'",
        ancestors.join(" ")
    )
}

/// Headers every response gets.
pub fn security_headers(d: &Deployment) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", content_security_policy(d)),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
                .into(),
        ),
    ]
}

/// Whether a built file's name carries a content hash (Trunk's `name-0123456789abcdef.ext`), so
/// it can be cached for a year: a new build gives it a new name.
pub fn is_hashed(name: &str) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// How long a file whose name carries its content hash may be kept: a year, never rechecked.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A `_headers` file for Netlify and Cloudflare Pages. `base` is "" or "/advocacy";
/// `files` are the names of the files at the top of the built site.
///
/// Both hosts apply every rule that matches a path and join a header set twice with ", ", so a
/// `Cache-Control: no-cache` for `/*` would be added to the hashed files' year too, and every
/// visit would recheck them. So `/*` sets no `Cache-Control`: both hosts' default for it,
/// `public, max-age=0, must-revalidate`, already makes pages and `config.json` be checked on
/// every visit, and only the hashed files get a `Cache-Control` of their own.
pub fn headers_file(d: &Deployment, base: &str, files: &[String]) -> String {
    let mut out = String::from(
        "# Generated from config.json by the build: edit config.json, not this file.\n\
         # Pages and config.json keep the host's default caching (checked on every visit);\n\
         # files with a content hash in their name are kept for a year.\n",
    );
    out.push_str(&format!("{base}/*\n"));
    for (name, value) in security_headers(d) {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    for f in files.iter().filter(|f| is_hashed(f)) {
        out.push_str(&format!("{base}/{f}\n  Cache-Control: {IMMUTABLE}\n"));
        if f.ends_with(".wasm") {
            out.push_str("  Content-Type: application/wasm\n");
        }
    }
    out
}

/// An nginx `location` block serving the built site at `base`, with the same headers.
pub fn nginx_example(d: &Deployment, base: &str) -> String {
    let headers: String = security_headers(d)
        .iter()
        .map(|(n, v)| format!("    add_header {n} \"{v}\" always;\n"))
        .collect();
    format!(
        "# Generated from config.json by the build: edit config.json, not this file.\n\
         # Serve the built site (the dist folder, copied to /srv/advocacy) at {path}.\n\
         # Needs `application/wasm wasm;` in nginx's mime.types (nginx 1.21 and later have it).\n\
         location {path} {{\n    alias /srv/advocacy/;\n    index index.html;\n    try_files $uri $uri/index.html =404;\n    error_page 404 {base}/404.html;\n{headers}    add_header Cache-Control \"no-cache\" always;\n\n    # Files with a content hash in their name never change: cache them for a year.\n    location ~* -[0-9a-f]{{16}}(_bg)?\\.(js|wasm|css|svg|json)$ {{\n{headers}        add_header Cache-Control \"public, max-age=31536000, immutable\" always;\n    }}\n}}\n",
        path = format!("{base}/"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment() -> Deployment {
        Deployment {
            referral_endpoint: "https://referrals.example.org/v1/referrals".into(),
            embed_origins: vec![
                "https://www.assert-host.example".into(),
                "javascript:x".into(),
            ],
        }
    }

    #[test]
    fn the_policy_names_only_the_endpoint_and_the_embedding_sites() {
        let csp = content_security_policy(&deployment());
        assert!(
            csp.contains("connect-src 'self' https://referrals.example.org;"),
            "{csp}"
        );
        assert!(
            csp.contains("frame-ancestors 'self' https://www.assert-host.example;"),
            "{csp}"
        );
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!csp.contains("unsafe-inline"));
        let none = content_security_policy(&Deployment::default());
        assert!(
            none.contains("connect-src 'self';") && none.contains("frame-ancestors 'self';"),
            "{none}"
        );
    }

    /// The headers a `_headers` file gives `path` as Netlify and Cloudflare Pages apply it:
    /// every rule whose pattern matches (`*` matches anything), a header set by several rules
    /// joined with ", ".
    fn as_hosts_merge(file: &str, path: &str) -> Vec<(String, String)> {
        fn matches(pattern: &str, path: &str) -> bool {
            match pattern.split_once('*') {
                None => pattern == path,
                Some((head, tail)) => {
                    path.len() >= head.len() + tail.len()
                        && path.starts_with(head)
                        && path.ends_with(tail)
                }
            }
        }
        let mut merged: Vec<(String, String)> = Vec::new();
        let mut applies = false;
        for line in file
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            if !line.starts_with(' ') {
                applies = matches(line.trim(), path);
            } else if applies {
                let (name, value) = line.trim().split_once(": ").expect("name: value");
                match merged
                    .iter_mut()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                {
                    Some((_, v)) => *v = format!("{v}, {value}"),
                    None => merged.push((name.to_string(), value.to_string())),
                }
            }
        }
        merged
    }

    #[test]
    fn as_hosts_merge_it_hashed_files_get_only_the_year_and_pages_only_the_policy() {
        let files = vec![
            "main-b7c47b183461a055.css".to_string(),
            "app-e130922e744f51ca_bg.wasm".into(),
            "app-e130922e744f51ca.js".into(),
            "boot-0c1d2e3f4a5b6c7d.js".into(),
            "sw.js".into(),
            "config.json".into(),
            "index.html".into(),
        ];
        for base in ["", "/advocacy"] {
            let file = headers_file(&deployment(), base, &files);
            let cache = |path: &str| -> Vec<String> {
                as_hosts_merge(&file, path)
                    .into_iter()
                    .filter(|(n, _)| n == "Cache-Control")
                    .map(|(_, v)| v)
                    .collect()
            };
            for hashed in [
                "main-b7c47b183461a055.css",
                "app-e130922e744f51ca_bg.wasm",
                "app-e130922e744f51ca.js",
                "boot-0c1d2e3f4a5b6c7d.js",
            ] {
                assert_eq!(cache(&format!("{base}/{hashed}")), [IMMUTABLE], "{hashed}");
            }
            // Everything else keeps the hosts' own default, which rechecks on every visit.
            for page in ["/", "/imha/", "/imha/index.html", "/config.json", "/sw.js"] {
                assert!(cache(&format!("{base}{page}")).is_empty(), "{page}: {file}");
                let all = as_hosts_merge(&file, &format!("{base}{page}"));
                assert!(
                    all.iter().any(|(n, _)| n == "Content-Security-Policy"),
                    "{page}"
                );
            }
        }
    }

    #[test]
    fn hashed_files_are_cached_for_a_year_and_html_never() {
        assert!(is_hashed("west-kent-advocacy-e130922e744f51ca_bg.wasm"));
        assert!(is_hashed("main-b7c47b183461a055.css"));
        assert!(!is_hashed("sw.js") && !is_hashed("config.json") && !is_hashed("index.html"));
        let files = vec![
            "main-b7c47b183461a055.css".to_string(),
            "app-e130922e744f51ca_bg.wasm".into(),
            "sw.js".into(),
        ];
        let h = headers_file(&deployment(), "/advocacy", &files);
        assert!(h.contains("/advocacy/*\n  Content-Security-Policy:"), "{h}");
        assert!(h.contains("/advocacy/main-b7c47b183461a055.css\n  Cache-Control: public, max-age=31536000, immutable"), "{h}");
        assert!(h.contains("app-e130922e744f51ca_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable\n  Content-Type: application/wasm"), "{h}");
        assert!(!h.contains("/advocacy/sw.js"), "{h}");
        let n = nginx_example(&deployment(), "/advocacy");
        assert!(
            n.contains("location /advocacy/ {") && n.contains("error_page 404 /advocacy/404.html;"),
            "{n}"
        );
    }
}
