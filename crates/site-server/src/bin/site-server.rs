//! `site-server [folder] [port]`: serves the built site on 127.0.0.1 for `make serve`.

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "dist".into());
    let port = args.next().unwrap_or_else(|| "8080".into());
    match site_server::start(&dir, &format!("127.0.0.1:{port}")) {
        Ok(server) => {
            println!("Serving {dir}/ at {}/ (press Ctrl+C to stop)", server.url());
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
