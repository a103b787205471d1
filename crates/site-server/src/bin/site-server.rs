//! `site-server [folder] [port] [path]`: serves the built site on 127.0.0.1 for `make serve`,
//! under `path` (e.g. `/advocacy`) when the site was built for one.

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "dist".into());
    let port = args.next().unwrap_or_else(|| "8080".into());
    let prefix = args
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let options = site_server::Options {
        prefix: prefix.clone(),
        ..Default::default()
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
