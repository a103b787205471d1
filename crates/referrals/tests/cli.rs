//! The staff tool as staff run it: the `referrals` binary on a store, with good and bad keys,
//! damaged files and unknown references. Each failure is one line and a non-zero exit.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use referrals::{private_key_text, KeyPair, Recipients, Store};

const JSON_A: &str = r#"{"schema":3,"reference":"ABCD2345","sent_at":"2026-11-24T10:00:00.000Z","language":"en","answers":{"service":"imha","full_name":"Ann Lee","needs":["bsl","large-print"],"help_with":"=HYPERLINK(\"x\")"}}"#;
const JSON_B: &str = r#"{"schema":3,"reference":"EFGH2345","sent_at":"2026-11-24T11:00:00.000Z","language":"en","answers":{"service":"community","full_name":"Bo Chan","postcode":"ME14 1XX"}}"#;
const JSON_C: &str = r#"{"schema":3,"reference":"JKLM2345","sent_at":"2026-11-24T12:00:00.000Z","language":"en","answers":{"service":"not-sure","full_name":"Cy Dee"}}"#;

/// A store with three referrals, its key file and another key's file.
fn store(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("referrals-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (key, other) = (KeyPair::generate(), KeyPair::generate());
    let key_file = dir.join("key.txt");
    std::fs::write(
        &key_file,
        format!(
            "# created: now\n# public key: {}\n{}\n",
            key.to_public(),
            private_key_text(&key)
        ),
    )
    .unwrap();
    let other_file = dir.join("other.txt");
    std::fs::write(&other_file, private_key_text(&other)).unwrap();
    let store = dir.join("store");
    let mut s = Store::open(&store).unwrap();
    let recipients = Recipients::new(vec![key.to_public()]);
    for (reference, service, json) in [
        ("ABCD2345", "imha", JSON_A),
        ("EFGH2345", "community", JSON_B),
        ("JKLM2345", "not-sure", JSON_C),
    ] {
        s.save(reference, reference, service, json.as_bytes(), &recipients)
            .unwrap();
    }
    (store, key_file, other_file)
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_referrals"));
    for a in args {
        command.arg(a);
    }
    command
        .env_remove("REFERRALS_STORE")
        .env_remove("REFERRALS_IDENTITY");
    command.output().unwrap()
}

/// `referrals open` of one referral, with this store and key.
fn open_one(store: &Path, key: &Path, reference: &str) -> Output {
    run(&[&"open", &"--store", &store, &"--identity", &key, &reference])
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// A failure: non-zero, exactly one line on stderr saying `says`, and no panic.
fn fails_saying(o: &Output, says: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "should fail: {err}");
    assert_eq!(
        o.status.code(),
        Some(1),
        "an ordinary failure, not a panic (101): {err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(says), "{err:?} should say {says:?}");
}

#[test]
fn list_shows_reference_time_and_service_without_a_key() {
    let (store, _, _) = store("list");
    let out = run(&[&"list", &"--store", &store]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(
        rows[0].starts_with("ABCD2345") && rows[0].ends_with("imha"),
        "{text}"
    );
    assert!(
        rows[2].starts_with("JKLM2345") && rows[2].ends_with("not-sure"),
        "{text}"
    );
    assert!(!text.contains("Ann"), "{text}");
}

#[test]
fn a_damaged_file_is_reported_by_list_and_does_not_stop_it() {
    let (store, key, _) = store("damaged");
    // Cut short, as a disk error or a bad copy would leave it.
    std::fs::write(store.join("EFGH2345.age"), b"age-encrypt").unwrap();
    let out = run(&[&"list", &"--store", &store]);
    let text = stdout(&out);
    assert!(
        text.contains("ABCD2345") && text.contains("JKLM2345"),
        "the others are listed: {text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("EFGH2345") && l.contains("PROBLEM")),
        "{text}"
    );
    fails_saying(&out, "1 with a problem");
    // Opening it says it is damaged; opening another still works.
    fails_saying(&open_one(&store, &key, "EFGH2345"), "damaged");
    let ok = open_one(&store, &key, "JKLM2345");
    assert_eq!(stdout(&ok).trim_end(), JSON_C);
}

#[test]
fn open_prints_the_json_exactly_as_received() {
    let (store, key, _) = store("open");
    let out = open_one(&store, &key, "ABCD2345");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), format!("{JSON_A}\n"));
}

#[test]
fn a_wrong_key_an_unknown_reference_or_a_bad_key_file_is_one_clear_line() {
    let (store, key, other) = store("errors");
    fails_saying(
        &open_one(&store, &other, "ABCD2345"),
        "this key cannot open it",
    );
    fails_saying(
        &run(&[
            &"export",
            &"--store",
            &store,
            &"--identity",
            &other,
            &"--format",
            &"csv",
        ]),
        "this key cannot open it",
    );
    fails_saying(&open_one(&store, &key, "ZZZZ2345"), "no referral ZZZZ2345");
    fails_saying(
        &run(&[&"delete", &"--store", &store, &"ZZZZ2345"]),
        "no referral ZZZZ2345",
    );
    let recipients_not_key = store.with_file_name("recipients.txt");
    std::fs::write(
        &recipients_not_key,
        format!("{}\n", KeyPair::generate().to_public()),
    )
    .unwrap();
    fails_saying(
        &open_one(&store, &recipients_not_key, "ABCD2345"),
        "recipients.txt",
    );
    fails_saying(
        &run(&[
            &"open",
            &"--store",
            &store,
            &"--identity",
            &Path::new("/nonexistent/key.txt"),
            &"ABCD2345",
        ]),
        "cannot read /nonexistent/key.txt",
    );
    fails_saying(&run(&[&"list", &"--store", &key]), "cannot read");
    fails_saying(
        &run(&[&"list", &"--store", &store.with_file_name("nowhere")]),
        "cannot read",
    );
}

#[test]
fn export_gives_every_referral_as_json_or_csv() {
    let (store, key, _) = store("export");
    let out = run(&[
        &"export",
        &"--store",
        &store,
        &"--identity",
        &key,
        &"--format",
        &"json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert_eq!(
        all[1]["referral"],
        serde_json::from_str::<serde_json::Value>(JSON_B).unwrap()
    );
    assert!(all[1]["received"].as_str().unwrap().ends_with('Z'));

    let out = run(&[
        &"export",
        &"--store",
        &store,
        &"--identity",
        &key,
        &"--format",
        &"csv",
    ]);
    assert!(out.status.success(), "{out:?}");
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[..6],
        [
            "reference",
            "received",
            "sent_at",
            "schema",
            "language",
            "service"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][column("needs")], "bsl; large-print");
    assert_eq!(
        &rows[0][column("help_with")],
        "'=HYPERLINK(\"x\")",
        "a formula is not run"
    );
    assert_eq!(&rows[1][column("postcode")], "ME14 1XX");
    assert_eq!(&rows[2][column("postcode")], "");
}

#[test]
fn delete_by_reference_or_by_age() {
    let (store, key, _) = store("delete");
    let out = run(&[&"delete", &"--store", &store, &"EFGH2345"]);
    assert!(out.status.success(), "{out:?}");
    assert!(!store.join("EFGH2345.age").exists());
    fails_saying(&open_one(&store, &key, "EFGH2345"), "no referral");
    let out = run(&[&"delete", &"--store", &store, &"--older-than", &"30"]);
    assert!(stdout(&out).contains("deleted 0 referrals"), "{out:?}");
    // Make one look 40 days old in the index.
    let index = store.join(referrals::INDEX);
    let text = std::fs::read_to_string(&index).unwrap();
    let old = referrals::format_time(referrals::now_seconds() - 40 * 86_400);
    let text = text.replacen(
        &text[text.find("\"received\":\"").unwrap() + 12..][..20],
        &old,
        1,
    );
    std::fs::write(&index, text).unwrap();
    let out = run(&[&"delete", &"--store", &store, &"--older-than", &"30"]);
    assert!(stdout(&out).contains("deleted 1 referrals"), "{out:?}");
    assert!(!store.join("ABCD2345.age").exists());
    let listed = stdout(&run(&[&"list", &"--store", &store]));
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(listed.contains("JKLM2345"));
    let out = run(&[&"delete", &"--store", &store]);
    assert!(
        !out.status.success(),
        "a reference or --older-than is needed"
    );
}
