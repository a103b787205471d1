//! `referral-receiver serve`: receives referrals and stores them encrypted (README, "Going
//! live"); `referral-receiver local-keys DIR`: the throwaway key pair `make serve` uses.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use referral_receiver::{log_line, ClientAddress, Options};
use referrals::{KeyPair, Recipients};
use serde_json::json;

/// Receives referrals from the site's form and stores each one encrypted (age).
#[derive(Parser)]
#[command(name = "referral-receiver", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Receive referrals on ADDR and keep them, encrypted to the recipients, in the store.
    Serve {
        /// The address to listen on, e.g. 127.0.0.1:8081 (behind the reverse proxy).
        #[arg(long, env = "RECEIVER_LISTEN", default_value = "127.0.0.1:8081")]
        listen: SocketAddr,
        /// The store folder (made if missing).
        #[arg(long, env = "RECEIVER_STORE")]
        store: PathBuf,
        /// A file of public keys (age1…), one a line: every referral is encrypted to all.
        #[arg(long, env = "RECEIVER_RECIPIENTS")]
        recipients: PathBuf,
        /// The site's origin, e.g. https://advocacy.example.org; repeat for more (in the
        /// environment, separate them with commas).
        #[arg(long, env = "RECEIVER_ORIGINS", value_delimiter = ',', required = true)]
        origin: Vec<String>,
        /// Referrals a minute from one client address before 429; 0 for no limit.
        #[arg(long, env = "RECEIVER_PER_MINUTE", default_value_t = referral_receiver::PER_MINUTE)]
        per_minute: u32,
        /// Where a client's address comes from: the connection, or the X-Forwarded-For header
        /// the reverse proxy sets (only when the proxy is the sole way in).
        #[arg(
            long,
            env = "RECEIVER_CLIENT_ADDRESS",
            value_enum,
            default_value = "peer"
        )]
        client_address: From,
        /// POST {"text": "New referral REF (IMHA)"} here for each new referral (e.g. a Teams,
        /// Slack or ntfy webhook). Off unless set.
        #[arg(long, env = "RECEIVER_NOTIFY_WEBHOOK")]
        notify_webhook: Option<String>,
    },
    /// Make DIR/key.txt and DIR/recipients.txt if they are missing: a key pair for trying the
    /// form on this machine only (`make serve`). Never use it for real referrals.
    LocalKeys {
        /// The folder (ignored by git).
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum From {
    Peer,
    Forwarded,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::LocalKeys { dir } => local_keys(&dir),
        Command::Serve {
            listen,
            store,
            recipients,
            origin,
            per_minute,
            client_address,
            notify_webhook,
        } => (|| {
            let recipients = Recipients::from_file(&recipients).map_err(|e| e.to_string())?;
            let mut origins = Vec::new();
            for o in origin {
                origins.push(checked_origin(&o)?);
            }
            let mut options = Options::new(store, recipients);
            options.origins = origins;
            options.log = true;
            options.per_minute = NonZeroU32::new(per_minute);
            options.client_address = match client_address {
                From::Peer => ClientAddress::Peer,
                From::Forwarded => ClientAddress::Forwarded,
            };
            options.webhook = notify_webhook.filter(|u| !u.trim().is_empty());
            serve(listen, options)
        })(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("referral-receiver: {why}");
            ExitCode::FAILURE
        }
    }
}

/// An origin as browsers send it: scheme, host and port, no path or trailing slash.
fn checked_origin(origin: &str) -> Result<String, String> {
    let origin = origin.trim().trim_end_matches('/');
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains('/') => Ok(origin.to_string()),
        _ => Err(format!(
            "--origin {origin:?} is not an origin like https://advocacy.example.org"
        )),
    }
}

fn serve(listen: SocketAddr, options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let fields = json!({
            "listen": listener.local_addr().map_or(listen, |a| a).to_string(),
            "store": options.store.display().to_string(),
            "recipients": options.recipients.len(),
            "origins": options.origins,
            "per_minute": options.per_minute.map_or(0, |n| n.get()),
            "notify": options.webhook.is_some(),
        });
        let inbox = referral_receiver::Inbox::open(options)
            .map_err(|e| format!("cannot open the store: {e}"))?;
        log_line("started", fields);
        referral_receiver::serve_until(listener, referral_receiver::app(inbox), stop_signal())
            .await;
        log_line("stopped", json!({}));
        Ok(())
    })
}

/// SIGTERM (systemd, `kill`) or Ctrl-C: stop taking connections and finish those in flight.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    log_line("stopping", json!({ "in_flight": "finishing" }));
}

/// The local key pair: made once, then reused, so earlier local referrals still open.
fn local_keys(dir: &Path) -> Result<(), String> {
    let key = dir.join("key.txt");
    let recipients = dir.join("recipients.txt");
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", dir.display());
    if !key.exists() {
        std::fs::create_dir_all(dir).map_err(failed)?;
        let pair = KeyPair::generate();
        let text = format!(
            "# A key for trying the form on this machine only (make serve). Not for real referrals.\n# public key: {}\n{}\n",
            pair.to_public(),
            referrals::private_key_text(&pair)
        );
        referrals::write_atomically(dir, "key.txt", text.as_bytes()).map_err(failed)?;
        referrals::write_atomically(
            dir,
            "recipients.txt",
            format!("{}\n", pair.to_public()).as_bytes(),
        )
        .map_err(failed)?;
        println!(
            "Made a local key pair for trying the form: {}",
            key.display()
        );
    } else if !recipients.exists() {
        return Err(format!(
            "{} is missing: delete {} to make a new pair",
            recipients.display(),
            key.display()
        ));
    }
    println!(
        "Local referrals are encrypted to {}. Open one with:\n  target/debug/referrals open --store {} --identity {} REFERENCE",
        recipients.display(),
        dir.join("referrals").display(),
        key.display()
    );
    Ok(())
}
