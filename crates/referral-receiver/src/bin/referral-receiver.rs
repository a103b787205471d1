//! `referral-receiver [port] [file] [site origin]`: receives referrals on 127.0.0.1 for
//! `make serve` (defaults: 8081, `referrals.jsonl`, `http://127.0.0.1:8080`).

fn main() {
    let mut args = std::env::args().skip(1);
    let port = args.next().unwrap_or_else(|| "8081".into());
    let file = args.next().unwrap_or_else(|| "referrals.jsonl".into());
    let origin = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    // The same site may be opened as localhost or 127.0.0.1.
    let origins = vec![origin.clone(), origin.replace("127.0.0.1", "localhost")];
    let options = referral_receiver::Options {
        file: file.clone().into(),
        origins,
        faults: Vec::new(),
        log: true,
    };
    match referral_receiver::start(&format!("127.0.0.1:{port}"), options) {
        Ok(receiver) => {
            println!(
                "Receiving referrals at {} from {origin}, appending them to {file}",
                receiver.endpoint()
            );
            loop {
                std::thread::park();
            }
        }
        Err(e) => {
            eprintln!("referral-receiver: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    }
}
