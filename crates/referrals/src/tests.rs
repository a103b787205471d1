//! The store's own rules: what is on disk, who can open it, and what survives a restart.

use super::*;

fn fresh(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("referral-store-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

const JSON: &[u8] = br#"{"schema":3,"reference":"ABCD2345","answers":{"full_name":"Zoe Nguyen"}}"#;

#[test]
fn times_read_back_as_written() {
    assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
    assert_eq!(format_time(1_795_515_125), "2026-11-24T10:12:05Z");
    for t in [0, 951_782_400, 1_795_515_125, 4_102_444_799] {
        assert_eq!(parse_time(&format_time(t)), Some(t));
    }
    assert_eq!(parse_time("2026-11-24 10:12:05"), None);
}

#[test]
fn two_recipients_can_each_open_a_referral_and_a_third_key_cannot() {
    let (a, b, c) = (
        KeyPair::generate(),
        KeyPair::generate(),
        KeyPair::generate(),
    );
    let dir = fresh("three-keys");
    let mut store = Store::open(&dir).unwrap();
    let recipients = Recipients::new(vec![a.to_public(), b.to_public()]);
    let saved = store
        .save("ABCD2345", "ABCD2345", "imha", JSON, &recipients)
        .unwrap();
    let on_disk = fs::read(&saved.path).unwrap();
    assert!(on_disk.starts_with(b"age-encryption.org/v1\n"));
    assert!(!String::from_utf8_lossy(&on_disk).contains("Zoe"));
    for key in [&a, &b] {
        let opened = open(&dir, &Identities::from_key(key.clone()), "ABCD2345").unwrap();
        assert_eq!(opened, JSON);
    }
    let third = open(&dir, &Identities::from_key(c), "ABCD2345").unwrap_err();
    assert!(matches!(third, Problem::WrongKey(_)), "{third}");
    assert!(third.to_string().contains("cannot open"), "{third}");
}

#[test]
fn the_index_and_key_hashes_hold_nothing_personal_and_survive_a_restart() {
    let key = KeyPair::generate();
    let dir = fresh("restart");
    let recipients = Recipients::new(vec![key.to_public()]);
    let mut store = Store::open(&dir).unwrap();
    assert!(!store.has_key("ABCD2345"));
    store
        .save("ABCD2345", "ABCD2345", "imha", JSON, &recipients)
        .unwrap();
    assert!(store.has_key("ABCD2345"));
    let again = Store::open(&dir).unwrap();
    assert!(again.has_key("ABCD2345") && !again.has_key("WXYZ2345"));
    let keys = fs::read_to_string(dir.join(KEYS)).unwrap();
    assert!(!keys.contains("ABCD2345"), "only a keyed hash: {keys}");
    assert_eq!(keys.trim().len(), 64);
    let index = fs::read_to_string(dir.join(INDEX)).unwrap();
    let entry: Entry = serde_json::from_str(index.trim()).unwrap();
    assert_eq!(
        (entry.reference.as_str(), entry.service.as_str()),
        ("ABCD2345", "imha")
    );
    assert!(parse_time(&entry.received).is_some());
    assert!(!index.contains("Zoe"));
    // Another store's hash of the same key differs: its secret is its own.
    let other = fresh("restart-other");
    let mut other_store = Store::open(&other).unwrap();
    other_store
        .save("ABCD2345", "ABCD2345", "imha", JSON, &recipients)
        .unwrap();
    assert_ne!(fs::read_to_string(other.join(KEYS)).unwrap(), keys);
}

#[test]
fn a_damaged_file_is_reported_and_the_listing_carries_on() {
    let key = KeyPair::generate();
    let dir = fresh("damaged");
    let recipients = Recipients::new(vec![key.to_public()]);
    let mut store = Store::open(&dir).unwrap();
    for reference in ["ABCD2345", "EFGH2345", "JKLM2345"] {
        store
            .save(reference, reference, "community", JSON, &recipients)
            .unwrap();
    }
    fs::write(dir.join("EFGH2345.age"), b"not an age file at all").unwrap();
    let listed = list(&dir).unwrap();
    assert_eq!(listed.len(), 3, "{listed:?}");
    let fine: Vec<&str> = listed
        .iter()
        .filter_map(|l| match l {
            Listed::Fine(e) => Some(e.reference.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(fine, ["ABCD2345", "JKLM2345"]);
    assert!(listed.iter().any(
        |l| matches!(l, Listed::Damaged { name, why } if name == "EFGH2345" && why.contains("age"))
    ));
    let opened = open(&dir, &Identities::from_key(key), "EFGH2345").unwrap_err();
    assert!(matches!(opened, Problem::Damaged(..)), "{opened}");
}

#[test]
fn recipients_files_are_read_as_age_reads_them() {
    let a = KeyPair::generate();
    let text = format!("# Sam's key\n{}\n\n", a.to_public());
    assert_eq!(Recipients::parse(&text).unwrap().len(), 1);
    use age::secrecy::ExposeSecret;
    let private = a.to_string().expose_secret().to_string();
    assert!(Recipients::parse(&private)
        .unwrap_err()
        .contains("private key"));
    assert!(Recipients::parse("# nothing\n").is_err());
    assert!(Recipients::parse("age1nonsense")
        .unwrap_err()
        .contains("line 1"));
}

#[test]
fn deleting_removes_the_file_and_its_index_line_only() {
    let key = KeyPair::generate();
    let dir = fresh("delete");
    let recipients = Recipients::new(vec![key.to_public()]);
    let mut store = Store::open(&dir).unwrap();
    for reference in ["ABCD2345", "EFGH2345"] {
        store
            .save(reference, reference, "imha", JSON, &recipients)
            .unwrap();
    }
    delete_one(&dir, "ABCD2345").unwrap();
    assert!(!dir.join("ABCD2345.age").exists());
    assert_eq!(list(&dir).unwrap().len(), 1);
    assert!(matches!(
        delete_one(&dir, "ABCD2345"),
        Err(Problem::Unknown(_))
    ));
    assert!(matches!(
        delete_one(&dir, "../etc/passwd"),
        Err(Problem::Unknown(_))
    ));
    // The retry of a deleted referral is still known.
    assert!(Store::open(&dir).unwrap().has_key("ABCD2345"));
}

#[cfg(unix)]
#[test]
fn deleting_as_root_leaves_the_index_to_its_owner() {
    use std::os::unix::fs::MetadataExt;
    let key = KeyPair::generate();
    let dir = fresh("owner");
    let mut store = Store::open(&dir).unwrap();
    let recipients = Recipients::new(vec![key.to_public()]);
    for reference in ["ABCD2345", "EFGH2345"] {
        store
            .save(reference, reference, "imha", JSON, &recipients)
            .unwrap();
    }
    let index = dir.join(INDEX);
    // As the receiver's own user would own it (only root can give a file away).
    if std::os::unix::fs::chown(&index, Some(65_534), Some(65_534)).is_err() {
        return;
    }
    delete_one(&dir, "ABCD2345").unwrap();
    assert_eq!(fs::metadata(&index).unwrap().uid(), 65_534);
    assert_eq!(list(&dir).unwrap().len(), 1);
}
