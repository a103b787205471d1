//! The receiver as it runs live: the real binary, started as systemd would start it, killed and
//! stopped as systemd would. All traffic stays on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use advocacy::referral::payload::to_json;
use advocacy::referral::validate::{check_all, Answers};
use referral_receiver::referrals::{self, Identities, KeyPair, Problem};

const NAME: &str = "Zofia Kowalczyk-Brown";
const PHONE: &str = "07700 900123";
const PHONE_SENT: &str = "+447700900123";

/// A self-referral as the form sends it, with a name and a phone number to look for.
fn referral(reference: &str) -> String {
    let typed: Answers = [
        ("service", "imha"),
        ("referrer", "self"),
        ("full_name", NAME),
        ("area", "Maidstone"),
        ("in_hospital", "yes"),
        ("hospital", "Priority House"),
        ("ward", "Willow Ward"),
        ("situation", "detained"),
        ("section", "3"),
        ("safety", "no"),
        ("contact_method", "phone"),
        ("contact_phone", PHONE),
        ("safe_to_leave_message", "no"),
        ("help_with", "My tribunal next week"),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let checked = check_all(&typed, referral_receiver::today())
        .unwrap_or_else(|e| panic!("the test referral does not fit the form: {e:?}"));
    to_json(reference, "2026-11-24T10:00:00.000Z", &checked)
}

/// A fresh folder with a store path and a recipients file for `keys`.
fn setup(name: &str, keys: &[&KeyPair]) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("receiver-binary-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let recipients = dir.join("recipients.txt");
    let text: String = keys
        .iter()
        .map(|k| format!("# a staff key\n{}\n", k.to_public()))
        .collect();
    std::fs::write(&recipients, text).unwrap();
    (dir.join("store"), recipients)
}

/// The receiver binary, serving on a free loopback port; its log lines arrive on the channel.
struct Running {
    child: Child,
    addr: SocketAddr,
    log: mpsc::Receiver<String>,
}

fn serve(store: &Path, recipients: &Path) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_referral-receiver"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--origin",
            "http://127.0.0.1:8080",
        ])
        .arg("--store")
        .arg(store)
        .arg("--recipients")
        .arg(recipients)
        .env_remove("RECEIVER_NOTIFY_WEBHOOK")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the receiver binary");
    let (send, log) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let started = log
        .recv_timeout(Duration::from_secs(20))
        .expect("the receiver logs that it started");
    let line: serde_json::Value = serde_json::from_str(&started).expect("log lines are JSON");
    assert_eq!(line["event"], "started", "{started}");
    let addr = line["listen"].as_str().unwrap().parse().unwrap();
    Running { child, addr, log }
}

impl Running {
    /// Every log line so far.
    fn lines(&self) -> Vec<String> {
        self.log.try_iter().collect()
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The start of a POST of `body`: everything but the body itself.
fn head(body: &str, reference: &str) -> String {
    format!(
        "POST /referrals HTTP/1.1\r\nHost: x\r\nOrigin: http://127.0.0.1:8080\r\nContent-Type: application/json\r\nIdempotency-Key: {reference}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
}

fn post(addr: SocketAddr, body: &str, reference: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(format!("{}{body}", head(body, reference)).as_bytes())
        .unwrap();
    read_answer(&mut stream)
}

fn read_answer(stream: &mut TcpStream) -> (u16, String) {
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, out)
}

/// Every byte of every file in the store, as text (lossy), for looking for plain text.
fn everything_in(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        all.push_str(&String::from_utf8_lossy(
            &std::fs::read(entry.path()).unwrap(),
        ));
    }
    all
}

#[test]
fn a_referral_answered_201_survives_sigkill_encrypted_to_each_recipient_with_nothing_personal_in_plain_text(
) {
    let (sam, backup, stranger) = (
        KeyPair::generate(),
        KeyPair::generate(),
        KeyPair::generate(),
    );
    let (store, recipients) = setup("sigkill", &[&sam, &backup]);
    let mut running = serve(&store, &recipients);
    let body = referral("K7QX4M2P");
    let (status, answer) = post(running.addr, &body, "K7QX4M2P");
    assert_eq!(status, 201, "{answer}");
    // No time to finish anything: the referral must already be on disk.
    running.child.kill().unwrap();
    running.child.wait().unwrap();

    let file = store.join("K7QX4M2P.age");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    for key in [&sam, &backup] {
        let opened = referrals::open(&store, &Identities::from_key(key.clone()), "K7QX4M2P")
            .expect("each recipient opens it");
        assert_eq!(
            String::from_utf8(opened).unwrap(),
            body,
            "exactly the JSON sent"
        );
    }
    let refused = referrals::open(&store, &Identities::from_key(stranger), "K7QX4M2P");
    assert!(matches!(refused, Err(Problem::WrongKey(_))), "{refused:?}");

    let on_disk = everything_in(&store);
    let log = running.lines().join("\n");
    assert!(log.contains("\"event\":\"stored\""), "{log}");
    for private in [
        NAME,
        "Zofia",
        "Kowalczyk",
        PHONE,
        PHONE_SENT,
        "7700900123",
        "tribunal",
    ] {
        assert!(
            !on_disk.contains(private),
            "{private} is on disk in plain text"
        );
        assert!(!log.contains(private), "{private} is in the log: {log}");
    }
    for line in log.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("every log line is one JSON object");
    }
}

#[test]
fn sigterm_during_a_slow_request_lets_it_finish_then_stops() {
    let key = KeyPair::generate();
    let (store, recipients) = setup("sigterm", &[&key]);
    let mut running = serve(&store, &recipients);
    let body = referral("T3RMABCD");
    let (first, rest) = body.split_at(body.len() / 2);
    let mut slow = TcpStream::connect(running.addr).unwrap();
    slow.write_all(format!("{}{first}", head(&body, "T3RMABCD")).as_bytes())
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    running.signal("TERM");
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        running.child.try_wait().unwrap().is_none(),
        "it waits for the request in flight"
    );
    // A new client is no longer taken while it drains.
    assert!(
        TcpStream::connect_timeout(&running.addr, Duration::from_secs(1)).is_err(),
        "the listener is closed"
    );
    slow.write_all(rest.as_bytes()).unwrap();
    let (status, answer) = read_answer(&mut slow);
    assert_eq!(status, 201, "{answer}");
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = running.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "it stops once drained"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    let log = running.lines().join("\n");
    assert!(log.contains("\"event\":\"stopping\""), "{log}");
    assert!(log.contains("\"event\":\"stopped\""), "{log}");
    let opened = referrals::open(&store, &Identities::from_key(key), "T3RMABCD").unwrap();
    assert_eq!(String::from_utf8(opened).unwrap(), body);
}

#[test]
fn it_will_not_start_with_a_private_key_as_a_recipient_or_with_no_origin() {
    let key = KeyPair::generate();
    let (store, recipients) = setup("refuse", &[&key]);
    std::fs::write(&recipients, referrals::private_key_text(&key)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_referral-receiver"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--origin",
            "http://127.0.0.1:8080",
        ])
        .arg("--store")
        .arg(&store)
        .arg("--recipients")
        .arg(&recipients)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("private key") && said.lines().count() == 1,
        "{said}"
    );
    assert!(!store.exists(), "nothing made");
}
