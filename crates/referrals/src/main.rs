//! `referrals`: the staff tool for the referral store the receiver writes. It lists referrals
//! (from the index, no key needed), opens one, exports them all for the case system, and
//! deletes them once they are there. Every failure is one line on stderr and a non-zero exit.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use referrals::{Entry, Identities, Listed, Problem};
use serde_json::Value;

/// The staff tool for the referral store.
#[derive(Parser)]
#[command(
    name = "referrals",
    version,
    about = "List, open, export and delete the referrals the receiver stored (age-encrypted)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every referral: reference, time received (UTC) and service. Needs no key.
    List {
        /// The store folder (the receiver's --store).
        #[arg(long, env = "REFERRALS_STORE")]
        store: PathBuf,
    },
    /// Print one referral's JSON, decrypted.
    Open {
        #[arg(long, env = "REFERRALS_STORE")]
        store: PathBuf,
        /// An identity file (a private key from age-keygen).
        #[arg(long, env = "REFERRALS_IDENTITY")]
        identity: PathBuf,
        /// The referral's reference, e.g. K7QX4M2P.
        reference: String,
    },
    /// Print every referral, decrypted, as CSV or JSON, for the case system.
    Export {
        #[arg(long, env = "REFERRALS_STORE")]
        store: PathBuf,
        #[arg(long, env = "REFERRALS_IDENTITY")]
        identity: PathBuf,
        #[arg(long, value_enum)]
        format: Format,
    },
    /// Delete one referral, or every referral older than a number of days.
    Delete {
        #[arg(long, env = "REFERRALS_STORE")]
        store: PathBuf,
        /// Delete every referral received more than this many days ago.
        #[arg(
            long,
            conflicts_with = "reference",
            required_unless_present = "reference"
        )]
        older_than: Option<u32>,
        /// The referral to delete.
        reference: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(problem) => {
            eprintln!("referrals: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Problem> {
    let mut out = io::stdout().lock();
    let written = |e: io::Error| Problem::Io("cannot write the output".into(), e);
    match command {
        Command::List { store } => {
            let listed = referrals::list(&store)?;
            let mut damaged = 0;
            writeln!(out, "{:<10} {:<20} SERVICE", "REFERENCE", "RECEIVED (UTC)")
                .map_err(written)?;
            for item in &listed {
                match item {
                    Listed::Fine(e) => writeln!(
                        out,
                        "{:<10} {:<20} {}",
                        e.reference,
                        e.received.replace('T', " ").trim_end_matches('Z'),
                        e.service
                    ),
                    Listed::Damaged { name, why } => {
                        damaged += 1;
                        writeln!(out, "{name:<10} PROBLEM: {why}")
                    }
                }
                .map_err(written)?;
            }
            let fine = listed.len() - damaged;
            if damaged > 0 {
                eprintln!("referrals: {fine} referrals listed, {damaged} with a problem (see PROBLEM above)");
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Open {
            store,
            identity,
            reference,
        } => {
            let identities = Identities::from_file(&identity)?;
            let json = referrals::open(&store, &identities, &reference)?;
            out.write_all(&json).map_err(written)?;
            out.write_all(b"\n").map_err(written)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            store,
            identity,
            format,
        } => {
            let identities = Identities::from_file(&identity)?;
            let all = read_all(&store, &identities)?;
            let text = match format {
                Format::Json => json_export(&all),
                Format::Csv => csv_export(&all)?,
            };
            out.write_all(text.as_bytes()).map_err(written)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Delete {
            store,
            older_than,
            reference,
        } => {
            match (reference, older_than) {
                (Some(reference), _) => {
                    referrals::delete_one(&store, &reference)?;
                    writeln!(out, "deleted {reference}").map_err(written)?;
                }
                (None, Some(days)) => {
                    let cutoff = referrals::now_seconds() - i64::from(days) * 86_400;
                    let gone = referrals::delete(&store, |e| {
                        referrals::parse_time(&e.received).is_some_and(|t| t < cutoff)
                    })?;
                    writeln!(
                        out,
                        "deleted {} referrals received more than {days} days ago",
                        gone.len()
                    )
                    .map_err(written)?;
                }
                (None, None) => unreachable!("clap requires one"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A referral opened: its index line, its JSON, and that JSON's text as received.
type Opened = (Entry, Value, String);

/// Every referral listed, decrypted, oldest first. Stops at the first that will not open: an
/// export with a referral silently missing would be worse than none.
fn read_all(store: &Path, identities: &Identities) -> Result<Vec<Opened>, Problem> {
    let mut all = Vec::new();
    for item in referrals::list(store)? {
        let entry = match item {
            Listed::Fine(entry) => entry,
            Listed::Damaged { name, why } if why.starts_with("not in the index") => Entry {
                reference: name,
                received: String::new(),
                service: String::new(),
            },
            Listed::Damaged { name, why } => {
                return Err(Problem::Damaged(PathBuf::from(name), why));
            }
        };
        let bytes = referrals::open(store, identities, &entry.reference)?;
        let path = store.join(format!("{}.{}", entry.reference, referrals::EXTENSION));
        let json = serde_json::from_slice(&bytes)
            .map_err(|e| Problem::Damaged(path.clone(), format!("not JSON inside: {e}")))?;
        let raw = String::from_utf8(bytes)
            .map_err(|e| Problem::Damaged(path, format!("not text inside: {e}")))?;
        all.push((entry, json, raw));
    }
    Ok(all)
}

/// A JSON array of the referrals exactly as received, each with the time it was received.
fn json_export(all: &[Opened]) -> String {
    let items: Vec<Value> = all
        .iter()
        .map(|(entry, json, _)| serde_json::json!({ "received": entry.received, "referral": json }))
        .collect();
    let mut text = serde_json::to_string_pretty(&items).expect("JSON values always serialise");
    text.push('\n');
    text
}

/// One row per referral: reference, received, sent_at, schema, language (for booking an
/// interpreter; empty before schema 3), then one column per answer key
/// (every key any referral has, in the order the form sends them); a list is joined with "; ".
fn csv_export(all: &[Opened]) -> Result<String, Problem> {
    let mut keys: Vec<String> = Vec::new();
    let mut known = BTreeSet::new();
    for (_, _, raw) in all {
        for key in answer_keys_in_order(raw) {
            if known.insert(key.clone()) {
                keys.push(key);
            }
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["reference", "received", "sent_at", "schema", "language"];
    header.extend(keys.iter().map(String::as_str));
    let failed = |e: csv::Error| Problem::Io("cannot write CSV".into(), io::Error::other(e));
    writer.write_record(&header).map_err(failed)?;
    for (entry, json, _) in all {
        let text = |v: &Value| match v {
            Value::Null => String::new(),
            Value::String(s) => defused(s),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), defused))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        let mut row = vec![
            text(&json["reference"]),
            entry.received.clone(),
            text(&json["sent_at"]),
            text(&json["schema"]),
            text(&json["language"]),
        ];
        row.extend(keys.iter().map(|k| text(&json["answers"][k])));
        writer.write_record(&row).map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Problem::Io("cannot write CSV".into(), io::Error::other(e.to_string())))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8"))
}

/// The answers' keys in the order the form sent them (`Value` keeps them sorted).
fn answer_keys_in_order(raw: &str) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<M: serde::de::MapAccess<'de>>(
                    self,
                    mut m: M,
                ) -> Result<Keys, M::Error> {
                    let mut keys = Vec::new();
                    while let Some((k, _)) = m.next_entry::<String, serde::de::IgnoredAny>()? {
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    #[derive(serde::Deserialize)]
    struct Referral {
        answers: Keys,
    }
    serde_json::from_str::<Referral>(raw)
        .map(|r| r.answers.0)
        .unwrap_or_default()
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first: anyone can type a
/// referral) gets a `'` in front, which spreadsheets show as text and do not display.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
