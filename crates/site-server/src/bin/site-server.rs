//! `site-server [folder] [port] [path]`: serves the built site on 127.0.0.1 for `make serve`,
//! under `path` (e.g. `/advocacy`) when the site was built for one, with the security headers
//! the build wrote into `_headers`, worked out the same way from the folder's `config.json`.

use advocacy::deploy::{security_headers, Deployment};
use serde::Deserialize;

/// The part of `config.json` the headers depend on.
#[derive(Deserialize)]
struct Config {
    #[serde(default)]
    referral_endpoint: String,
    #[serde(default)]
    embed_origins: Vec<String>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "dist".into());
    let port = args.next().unwrap_or_else(|| "8080".into());
    let prefix = args
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let config = std::fs::read_to_string(format!("{dir}/config.json"))
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<Config>(&text).map_err(|e| e.to_string()));
    let config = match config {
        Ok(config) => config,
        Err(e) => {
            eprintln!("site-server: cannot read {dir}/config.json: {e}");
            std::process::exit(1);
        }
    };
    let deployment = Deployment {
        referral_endpoint: config.referral_endpoint,
        embed_origins: config.embed_origins,
    };
    let options = site_server::Options {
        prefix: prefix.clone(),
        headers: security_headers(&deployment)
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect(),
        files: Vec::new(),
    };
    match site_server::start_with(&dir, &format!("127.0.0.1:{port}"), options) {
        Ok(server) => {
            println!(
                "Serving {dir}/ at {}{prefix}/ (press Ctrl+C to stop)",
                server.url()
            );
            loop {
                std::thread::park();
            }
        }
        Err(e) => {
            eprintln!("site-server: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    }
}
