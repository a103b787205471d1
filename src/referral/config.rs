//! Where referrals go, from `referral_endpoint` in the deployer's `config.json`.
//!
//! Personal data must only travel encrypted, so anything but `https://` is refused, except
//! `http://` to this machine (localhost or 127.0.0.1) for the local receiver.

/// What the form does with the configured endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// No endpoint (absent or empty): online referral is off; the form gives the phone number.
    Off,
    /// Send referrals here.
    Ready(String),
    /// Set but not safe to use; the reason is logged to the console for the deployer.
    Refused(String),
}

/// The name of the setting, as the deployer sees it in `config.json`.
pub const SETTING: &str = "referral_endpoint";

/// Decides what to do with the configured value.
pub fn endpoint(value: Option<&str>) -> Endpoint {
    let value = value.map(str::trim).unwrap_or("");
    if value.is_empty() {
        return Endpoint::Off;
    }
    let host_of = |rest: &str| -> String {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = authority.rsplit('@').next().unwrap_or("");
        match host.rsplit_once(':') {
            Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h.to_ascii_lowercase(),
            _ => host.to_ascii_lowercase(),
        }
    };
    if let Some(rest) = value.strip_prefix("https://") {
        if !host_of(rest).is_empty() && !value.contains(char::is_whitespace) {
            return Endpoint::Ready(value.to_string());
        }
    } else if let Some(rest) = value.strip_prefix("http://") {
        let host = host_of(rest);
        if host == "localhost" || host == "127.0.0.1" {
            return Endpoint::Ready(value.to_string());
        }
        return Endpoint::Refused(format!(
            "{SETTING} in config.json is \"{value}\": referrals hold personal data and are only sent over https:// (http:// is allowed for localhost and 127.0.0.1 only). Online referral is switched off."
        ));
    }
    Endpoint::Refused(format!(
        "{SETTING} in config.json is \"{value}\", which is not an https:// address. Online referral is switched off."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(endpoint(None), Endpoint::Off);
        assert_eq!(endpoint(Some("  ")), Endpoint::Off);
        for ok in [
            "https://example.org/referrals",
            "http://127.0.0.1:8081/referrals",
            "http://localhost:9000/x",
        ] {
            assert_eq!(endpoint(Some(ok)), Endpoint::Ready(ok.to_string()), "{ok}");
        }
        for bad in [
            "http://example.org/referrals",
            "http://127.0.0.1.evil.example/x",
            "http://localhost.evil.example/",
            "ftp://example.org",
            "javascript:alert(1)",
            "example.org",
        ] {
            match endpoint(Some(bad)) {
                Endpoint::Refused(why) => assert!(why.contains(SETTING), "{why}"),
                other => panic!("{bad} gave {other:?}"),
            }
        }
    }
}
