//! What can go wrong when sending, and what to tell the person. Plain Rust, tested natively.

/// Why a referral did not arrive. In every case the answers are kept and the person can try again
/// with the same reference, so the service never receives it twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No connection, or the browser refused the request (including a CORS refusal).
    Network,
    /// The browser says it is offline: the referral goes by itself once it is back online.
    Offline,
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The service answered with an error.
    Server,
    /// The service asked us to wait this many seconds (HTTP 429).
    Busy { seconds: u32 },
}

/// How long to wait for the service before giving up and saying so.
pub const TIMEOUT_MS: i32 = 15_000;

impl Failure {
    /// The wording file of the message: `_check`, or `_draft` for the wait for a network.
    pub fn message_file(self) -> &'static str {
        match self {
            Failure::Offline => "_draft",
            _ => "_check",
        }
    }

    /// The key of the message in its file (see [`Failure::message_file`]).
    pub fn message_key(self) -> &'static str {
        match self {
            Failure::Offline => "failed_offline",
            Failure::Network => "failed_network",
            Failure::Timeout => "failed_timeout",
            Failure::Server => "failed_server",
            Failure::Busy { .. } => "failed_busy",
        }
    }
}

/// Whether a failure means the referral should go by itself when the browser is next online (or
/// the app next starts): no answer came at all, so the network is the likely cause.
pub fn waits_for_network(failure: Failure) -> bool {
    matches!(failure, Failure::Network | Failure::Offline)
}

/// "25 November 2026": the date on the confirmation, from the browser's year, month (1 to 12)
/// and day, in the words and order of the page's language (`months` and `date` in
/// `content/refer/_form.md`).
pub fn date_in_words((year, month, day): (u32, u32, u32)) -> String {
    let months = super::text::form_text("months");
    let month = months
        .split(',')
        .nth((month.clamp(1, 12) - 1) as usize)
        .unwrap_or_default()
        .trim();
    super::text::form_text("date")
        .replace("{day}", &day.to_string())
        .replace("{month}", month)
        .replace("{year}", &year.to_string())
}

/// What an answer from the service means: any 2xx is arrival, 429 asks us to wait (for as long
/// as its `Retry-After` says), anything else is the service's error.
pub fn outcome(status: u16, retry_after: Option<&str>) -> Result<(), Failure> {
    match status {
        200..=299 => Ok(()),
        429 => Err(Failure::Busy {
            seconds: retry_wait(retry_after),
        }),
        _ => Err(Failure::Server),
    }
}

/// The wait a 429 asks for, from its `Retry-After` header (seconds; an HTTP date or nothing
/// means half a minute), kept between 1 second and 10 minutes.
pub fn retry_wait(header: Option<&str>) -> u32 {
    header
        .and_then(|h| h.trim().parse::<u32>().ok())
        .unwrap_or(30)
        .clamp(1, 600)
}

/// How long to wait, as the count its words name: seconds under a minute, 1 minute under two,
/// else whole minutes rounded up (`("wait_seconds", 30)`, `("wait_minutes", 3)`). The words are in
/// `content/refer/_check.md`, with the plural forms of each language.
pub fn wait_count(seconds: u32) -> (&'static str, u64) {
    match seconds {
        s if s < 60 => ("wait_seconds", u64::from(s)),
        s if s < 120 => ("wait_minutes", 1),
        s => ("wait_minutes", u64::from(s.div_ceil(60))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_from_the_service() {
        assert_eq!(outcome(200, None), Ok(()));
        assert_eq!(outcome(201, Some("5")), Ok(()));
        assert_eq!(outcome(204, None), Ok(()));
        assert_eq!(
            outcome(429, Some("120")),
            Err(Failure::Busy { seconds: 120 })
        );
        assert_eq!(outcome(429, None), Err(Failure::Busy { seconds: 30 }));
        for status in [0, 199, 300, 302, 400, 413, 422, 500, 503] {
            assert_eq!(outcome(status, Some("5")), Err(Failure::Server), "{status}");
        }
    }

    #[test]
    fn retry_after() {
        assert_eq!(retry_wait(Some("120")), 120);
        assert_eq!(retry_wait(Some(" 5 ")), 5);
        assert_eq!(retry_wait(Some("Wed, 21 Oct 2015 07:28:00 GMT")), 30);
        assert_eq!(retry_wait(None), 30);
        assert_eq!(retry_wait(Some("0")), 1);
        assert_eq!(retry_wait(Some("99999")), 600);
        assert_eq!(wait_count(1), ("wait_seconds", 1));
        assert_eq!(wait_count(45), ("wait_seconds", 45));
        assert_eq!(wait_count(60), ("wait_minutes", 1));
        assert_eq!(wait_count(150), ("wait_minutes", 3));
        let words = |s| {
            let (key, n) = wait_count(s);
            super::super::text::counted("_check", key, n)
        };
        assert_eq!(words(1), "1 second");
        assert_eq!(words(45), "45 seconds");
        assert_eq!(words(150), "3 minutes");
    }

    #[test]
    fn offline_and_network_failures_wait_for_the_network() {
        assert!(waits_for_network(Failure::Offline));
        assert!(waits_for_network(Failure::Network));
        assert!(!waits_for_network(Failure::Server));
        assert!(!waits_for_network(Failure::Timeout));
        assert!(!waits_for_network(Failure::Busy { seconds: 3 }));
        assert_eq!(Failure::Offline.message_file(), "_draft");
        assert_eq!(Failure::Server.message_file(), "_check");
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(date_in_words((2026, 11, 25)), "25 November 2026");
        assert_eq!(date_in_words((2027, 1, 3)), "3 January 2027");
    }
}
