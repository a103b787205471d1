//! The referral store: each referral encrypted to the service's public keys in the age format
//! (age-encryption.org/v1), one file per referral, and beside them a small index holding no
//! personal data. The receiver writes it; the `referrals` tool lists, opens, exports and deletes.
//!
//! A store is one folder:
//!
//! | file | what it holds |
//! | --- | --- |
//! | `<REFERENCE>.age` | the referral's JSON exactly as received, encrypted: `age -d -i key.txt` opens it |
//! | `index.jsonl` | one line per referral: reference, time received (UTC), service |
//! | `keys` | a keyed hash (HMAC-SHA256) of each `Idempotency-Key` taken, so a retry is known |
//! | `store-secret` | the random key of that hash, made with the store (not a decryption key) |
//!
//! Nothing in it can be read without one of the private keys (identities) the files were
//! encrypted to, and those never need to be on the server that writes them.

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub use age::x25519::{Identity as KeyPair, Recipient as PublicKey};

/// The index's file name.
pub const INDEX: &str = "index.jsonl";
/// Where the keyed hashes of the `Idempotency-Key`s taken are kept.
pub const KEYS: &str = "keys";
/// The per-store secret of those hashes.
pub const SECRET: &str = "store-secret";
/// The file name ending of an encrypted referral.
pub const EXTENSION: &str = "age";

/// The public keys each referral is encrypted to: a recipients file, one `age1…` key a line.
#[derive(Clone)]
pub struct Recipients(Vec<PublicKey>);

impl fmt::Debug for Recipients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|r| r.to_string()))
            .finish()
    }
}

impl Recipients {
    /// Reads a recipients file as `age -R` does: one `age1…` public key a line; blank lines and
    /// lines starting with `#` are ignored. At least one key is needed.
    pub fn from_file(path: &Path) -> Result<Recipients, Problem> {
        let text = fs::read_to_string(path)
            .map_err(|e| Problem::Io(format!("cannot read {}", path.display()), e))?;
        Recipients::parse(&text).map_err(|why| Problem::BadKeyFile(path.to_path_buf(), why))
    }

    /// Reads recipients from a recipients file's text.
    pub fn parse(text: &str) -> Result<Recipients, String> {
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with("AGE-SECRET-KEY-") {
                return Err(format!(
                    "line {} is a private key: give the public key (age1…) here, and keep the private key off this server",
                    n + 1
                ));
            }
            let key = line
                .parse::<PublicKey>()
                .map_err(|_| format!("line {} is not an age public key (age1…)", n + 1))?;
            keys.push(key);
        }
        if keys.is_empty() {
            return Err("it has no public keys (age1…)".into());
        }
        Ok(Recipients(keys))
    }

    /// Recipients from keys in hand (tests, and the local key pair of `make serve`).
    pub fn new(keys: Vec<PublicKey>) -> Recipients {
        Recipients(keys)
    }

    /// How many keys can open each file.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true for recipients read from a file.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `plaintext` as an age file that each of these keys can open.
    pub fn encrypt(&self, plaintext: &[u8]) -> io::Result<Vec<u8>> {
        let encryptor =
            age::Encryptor::with_recipients(self.0.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| io::Error::other(e.to_string()))?;
        let mut out = Vec::with_capacity(plaintext.len() + 512);
        let mut writer = encryptor.wrap_output(&mut out)?;
        writer.write_all(plaintext)?;
        writer.finish()?;
        Ok(out)
    }
}

/// The private key as an identity file holds it (`AGE-SECRET-KEY-1…`): for writing a new key.
pub fn private_key_text(pair: &KeyPair) -> String {
    use age::secrecy::ExposeSecret;
    pair.to_string().expose_secret().to_string()
}

/// The private keys staff open referrals with: an identity file as `age-keygen` writes it.
pub struct Identities(Vec<Box<dyn age::Identity + Send + Sync>>);

impl Identities {
    /// Reads an identity file (`AGE-SECRET-KEY-1…` lines; `#` comments allowed).
    pub fn from_file(path: &Path) -> Result<Identities, Problem> {
        let bad = |why: String| Problem::BadKeyFile(path.to_path_buf(), why);
        let file = File::open(path)
            .map_err(|e| Problem::Io(format!("cannot read {}", path.display()), e))?;
        let parsed = age::IdentityFile::from_buffer(io::BufReader::new(file))
            .map_err(|e| bad(e.to_string()))?;
        let identities = parsed.into_identities().map_err(|e| bad(e.to_string()))?;
        if identities.is_empty() {
            return Err(bad(
                "it has no private keys (AGE-SECRET-KEY-1…): give the key file, not the public key"
                    .into(),
            ));
        }
        Ok(Identities(identities))
    }

    /// Identities from a key in hand (tests).
    pub fn from_key(key: KeyPair) -> Identities {
        Identities(vec![Box::new(key)])
    }

    /// Opens an age file. The error says which of "wrong key" and "damaged" it was.
    pub fn decrypt(&self, file: &[u8]) -> Result<Vec<u8>, Opening> {
        let decryptor = age::Decryptor::new(file).map_err(Opening::from)?;
        let mut reader = decryptor
            .decrypt(self.0.iter().map(|i| i.as_ref() as &dyn age::Identity))
            .map_err(Opening::from)?;
        let mut out = Vec::new();
        reader
            .read_to_end(&mut out)
            .map_err(|e| Opening::Damaged(e.to_string()))?;
        Ok(out)
    }
}

/// Why an age file did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    /// None of the keys given is one it was encrypted to.
    WrongKey,
    /// Not an age file, or cut short, or changed since it was written.
    Damaged(String),
}

impl From<age::DecryptError> for Opening {
    fn from(e: age::DecryptError) -> Opening {
        match e {
            age::DecryptError::NoMatchingKeys => Opening::WrongKey,
            other => Opening::Damaged(other.to_string()),
        }
    }
}

/// A one-line reason a staff command could not do what was asked.
#[derive(Debug)]
pub enum Problem {
    /// No referral with this reference in the store.
    Unknown(String),
    /// The identity given cannot open this file.
    WrongKey(PathBuf),
    /// The file is not a whole age file.
    Damaged(PathBuf, String),
    /// A key or recipients file that is not what it should be.
    BadKeyFile(PathBuf, String),
    /// Not a store folder.
    NotAStore(PathBuf),
    /// The disk said no.
    Io(String, io::Error),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unknown(reference) => write!(f, "no referral {reference} in this store"),
            Problem::WrongKey(path) => write!(
                f,
                "{}: this key cannot open it (it was encrypted to other keys)",
                path.display()
            ),
            Problem::Damaged(path, why) => write!(f, "{}: damaged ({why})", path.display()),
            Problem::BadKeyFile(path, why) => write!(f, "{}: {why}", path.display()),
            Problem::NotAStore(path) => write!(
                f,
                "{}: not a referral store (no {INDEX} or .{EXTENSION} files)",
                path.display()
            ),
            Problem::Io(what, e) => write!(f, "{what}: {e}"),
        }
    }
}

impl std::error::Error for Problem {}

/// One line of the index: nothing personal, just enough to find and sort referrals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The referral's reference (random, 8 characters), also its file name.
    pub reference: String,
    /// When the receiver stored it, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub received: String,
    /// `imha`, `community` or `not-sure`.
    pub service: String,
}

/// What `list` found for one referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    /// A referral whose file looks whole.
    Fine(Entry),
    /// Something to tell staff about.
    Damaged {
        /// The reference (or index line) it concerns.
        name: String,
        /// What is wrong, in a few words.
        why: String,
    },
}

/// A store folder, opened for writing (the receiver).
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    secret: [u8; 32],
    /// Keyed hashes of the `Idempotency-Key`s already taken.
    seen: HashSet<String>,
}

/// A referral the store took.
#[derive(Debug, Clone)]
pub struct Saved {
    /// Its index line.
    pub entry: Entry,
    /// Its encrypted file.
    pub path: PathBuf,
}

impl Store {
    /// Opens (or makes) the store in `dir`: its secret, and the keys already taken, so a
    /// retry after a restart is still recognised.
    pub fn open(dir: &Path) -> io::Result<Store> {
        create_private_dir(dir)?;
        let secret_path = dir.join(SECRET);
        let secret = match fs::read(&secret_path) {
            Ok(bytes) if bytes.len() == 32 => bytes.try_into().expect("32 bytes"),
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} is not 32 bytes: restore it from a backup",
                    secret_path.display()
                )))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let mut secret = [0u8; 32];
                getrandom::fill(&mut secret).map_err(|e| io::Error::other(e.to_string()))?;
                write_atomically(dir, SECRET, &secret)?;
                secret
            }
            Err(e) => return Err(e),
        };
        let seen = match File::open(dir.join(KEYS)) {
            Ok(file) => io::BufReader::new(file)
                .lines()
                .map_while(Result::ok)
                .map(|l| l.trim().to_string())
                .collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => HashSet::new(),
            Err(e) => return Err(e),
        };
        Ok(Store {
            dir: dir.to_path_buf(),
            secret,
            seen,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The keyed hash of an `Idempotency-Key`: what the store keeps instead of the key.
    fn hash(&self, key: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("any key length");
        mac.update(key.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Whether a referral with this `Idempotency-Key` was already taken.
    pub fn has_key(&self, key: &str) -> bool {
        self.seen.contains(&self.hash(key))
    }

    /// Encrypts `json` to `recipients` and keeps it: the file is written to a temporary name,
    /// flushed to disk, renamed into place and the folder flushed; then the index line and the
    /// key's hash. When this returns `Ok`, the referral survives a crash or a power cut.
    pub fn save(
        &mut self,
        key: &str,
        reference: &str,
        service: &str,
        json: &[u8],
        recipients: &Recipients,
    ) -> io::Result<Saved> {
        if !is_file_safe(reference) {
            return Err(io::Error::other("a reference must be letters and digits"));
        }
        let encrypted = recipients.encrypt(json)?;
        let name = format!("{reference}.{EXTENSION}");
        write_atomically(&self.dir, &name, &encrypted)?;
        let entry = Entry {
            reference: reference.to_string(),
            received: format_time(now_seconds()),
            service: service.to_string(),
        };
        let line = serde_json::to_string(&entry).map_err(io::Error::other)?;
        append_line(&self.dir.join(INDEX), &line)?;
        let hash = self.hash(key);
        append_line(&self.dir.join(KEYS), &hash)?;
        self.seen.insert(hash);
        Ok(Saved {
            entry,
            path: self.dir.join(name),
        })
    }
}

/// A reference that is safe as a file name: letters and digits only.
pub fn is_file_safe(reference: &str) -> bool {
    !reference.is_empty()
        && reference.len() <= 32
        && reference.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Makes the folder readable by its owner only (new folders only: an existing one is left as
/// the administrator set it).
fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens a new file readable by its owner only.
fn private_file(path: &Path, append: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Writes `bytes` as `dir/name` so that a reader (or a crash) sees either nothing or the whole
/// file: a temporary file, flushed to disk, renamed over the name, then the folder flushed so the
/// rename itself is on disk.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = private_file(&temporary, false)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    keep_owner(&dir.join(name), &temporary);
    fs::rename(&temporary, dir.join(name))?;
    sync_dir(dir)
}

/// Gives a replacement file the owner of the file it replaces: when an administrator deletes
/// referrals as root, the index must stay writable by the receiver's own user.
fn keep_owner(existing: &Path, replacement: &Path) {
    #[cfg(unix)]
    if let Ok(meta) = fs::metadata(existing) {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::chown(replacement, Some(meta.uid()), Some(meta.gid()));
    }
    #[cfg(not(unix))]
    let _ = (existing, replacement);
}

/// Flushes a folder's entries (new, renamed and removed files) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Appends one line and waits until it is on disk.
fn append_line(path: &Path, line: &str) -> io::Result<()> {
    let new = !path.exists();
    let mut file = private_file(path, true)?;
    file.write_all(format!("{line}\n").as_bytes())?;
    file.sync_all()?;
    if new {
        if let Some(dir) = path.parent() {
            sync_dir(dir)?;
        }
    }
    Ok(())
}

/// The path of a referral's file.
pub fn file_of(dir: &Path, reference: &str) -> Result<PathBuf, Problem> {
    if !is_file_safe(reference) {
        return Err(Problem::Unknown(reference.to_string()));
    }
    let path = dir.join(format!("{reference}.{EXTENSION}"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(Problem::Unknown(reference.to_string()))
    }
}

/// Reads and decrypts one referral: its JSON exactly as received.
pub fn open(dir: &Path, identities: &Identities, reference: &str) -> Result<Vec<u8>, Problem> {
    check_store(dir)?;
    let path = file_of(dir, reference)?;
    let bytes = fs::read(&path).map_err(|e| Problem::Io(format!("{}", path.display()), e))?;
    identities.decrypt(&bytes).map_err(|why| match why {
        Opening::WrongKey => Problem::WrongKey(path),
        Opening::Damaged(why) => Problem::Damaged(path, why),
    })
}

/// Refuses a folder that is not a store, so a typo is not reported as "no referrals".
pub fn check_store(dir: &Path) -> Result<(), Problem> {
    let entries =
        fs::read_dir(dir).map_err(|e| Problem::Io(format!("cannot read {}", dir.display()), e))?;
    let mut any = false;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == INDEX || name == SECRET || name.ends_with(&format!(".{EXTENSION}")) {
            any = true;
            break;
        }
    }
    if any {
        Ok(())
    } else {
        Err(Problem::NotAStore(dir.to_path_buf()))
    }
}

/// The index, oldest first, with a note for each line that cannot be read.
fn read_index(dir: &Path) -> Result<(Vec<Entry>, Vec<Listed>), Problem> {
    let text = match fs::read_to_string(dir.join(INDEX)) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Problem::Io(format!("cannot read {INDEX}"), e)),
    };
    let mut entries = Vec::new();
    let mut damaged = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(line) {
            Ok(entry) if is_file_safe(&entry.reference) => entries.push(entry),
            _ => damaged.push(Listed::Damaged {
                name: format!("{INDEX} line {}", n + 1),
                why: "not an index line".into(),
            }),
        }
    }
    Ok((entries, damaged))
}

/// Every referral in the store, oldest first, from the index and the files themselves. A file
/// that is not a whole age file, an index line that cannot be read, a file missing from the
/// index or an index line whose file is gone is reported, and the listing carries on.
///
/// Without a key only the file's header can be checked: damage further in is found by `open`.
pub fn list(dir: &Path) -> Result<Vec<Listed>, Problem> {
    check_store(dir)?;
    let (entries, mut out) = read_index(dir)?;
    let mut files: Vec<String> = fs::read_dir(dir)
        .map_err(|e| Problem::Io(format!("cannot read {}", dir.display()), e))?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(&format!(".{EXTENSION}"))
                .filter(|r| !name.starts_with('.') && is_file_safe(r))
                .map(String::from)
        })
        .collect();
    files.sort();
    let mut listed = HashSet::new();
    let mut fine = Vec::new();
    for entry in entries {
        if !listed.insert(entry.reference.clone()) {
            continue;
        }
        match check_header(dir, &entry.reference) {
            Ok(()) => fine.push(Listed::Fine(entry)),
            Err(why) => out.push(Listed::Damaged {
                name: entry.reference.clone(),
                why,
            }),
        }
    }
    for reference in files.into_iter().filter(|r| !listed.contains(r)) {
        let why = match check_header(dir, &reference) {
            Ok(()) => "not in the index (open it by its reference)".to_string(),
            Err(why) => why,
        };
        out.push(Listed::Damaged {
            name: reference,
            why,
        });
    }
    fine.extend(out);
    Ok(fine)
}

/// Whether a referral's file is there and starts as an age file should.
fn check_header(dir: &Path, reference: &str) -> Result<(), String> {
    let path = dir.join(format!("{reference}.{EXTENSION}"));
    let file = File::open(&path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => "in the index, but its file is missing".to_string(),
        _ => format!("cannot read its file: {e}"),
    })?;
    age::Decryptor::new_buffered(io::BufReader::new(file))
        .map(|_| ())
        .map_err(|e| format!("not a whole age file ({e})"))
}

/// Deletes referrals: their files, then their index lines. Their keys' hashes stay, so a late
/// retry from a phone is still answered "already received" and not stored again.
/// Returns the references deleted.
pub fn delete(dir: &Path, which: impl Fn(&Entry) -> bool) -> Result<Vec<String>, Problem> {
    check_store(dir)?;
    let (entries, _) = read_index(dir)?;
    let io = |what: String| move |e| Problem::Io(what, e);
    let mut gone = Vec::new();
    for entry in entries.iter().filter(|e| which(e)) {
        let path = dir.join(format!("{}.{EXTENSION}", entry.reference));
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Problem::Io(format!("cannot delete {}", path.display()), e)),
        }
        gone.push(entry.reference.clone());
    }
    if gone.is_empty() {
        return Ok(gone);
    }
    let text = fs::read_to_string(dir.join(INDEX)).map_err(io(format!("cannot read {INDEX}")))?;
    let kept: String = text
        .lines()
        .filter(|line| {
            serde_json::from_str::<Entry>(line).map_or(true, |e| !gone.contains(&e.reference))
        })
        .map(|line| format!("{line}\n"))
        .collect();
    write_atomically(dir, INDEX, kept.as_bytes()).map_err(io(format!("cannot write {INDEX}")))?;
    Ok(gone)
}

/// Deletes one referral, by its reference (which need not be in the index).
pub fn delete_one(dir: &Path, reference: &str) -> Result<(), Problem> {
    check_store(dir)?;
    let path = file_of(dir, reference)?;
    fs::remove_file(&path)
        .map_err(|e| Problem::Io(format!("cannot delete {}", path.display()), e))?;
    delete(dir, |e| e.reference == reference)?;
    sync_dir(dir).map_err(|e| Problem::Io(format!("cannot flush {}", dir.display()), e))
}

/// Seconds since 1970-01-01 UTC.
pub fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a time in seconds since 1970.
pub fn format_time(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Seconds since 1970 for `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_time(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let days = days_from_civil(n(0..4)?, n(5..7)?, n(8..10)?);
    Some(days * 86_400 + n(11..13)? * 3600 + n(14..16)? * 60 + n(17..19)?)
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The day number (from 1970-01-01) of a calendar date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests;
