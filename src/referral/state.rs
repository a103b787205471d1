//! The referral while it is being filled in. Kept in memory only: never in web storage, cookies
//! or the address, so nothing personal stays on a shared ward or library computer. Shared by
//! every page of the form, so moving between pages (or to another part of the site and back)
//! loses nothing typed.

use super::sending::Failure;
use super::validate::{Answers, Problems};

/// Everything the form remembers.
#[derive(Debug, Default)]
pub struct Referral {
    /// Everything typed, as typed (checked again before every step and before sending).
    pub answers: Answers,
    /// The problems found when the page at `problems_route` was last submitted.
    pub problems: Problems,
    pub problems_route: String,
    /// Made on the first try to send and kept for every retry, so the service can tell a
    /// retry from a new referral (it is the `Idempotency-Key`).
    pub reference: Option<String>,
    /// A send is under way: a second tap must not send again.
    pub sending: bool,
    /// Why the last try did not arrive.
    pub failure: Option<Failure>,
    /// The reference of the referral that arrived.
    pub sent: Option<String>,
    /// The service the referral that arrived asked for, so the confirmation says what happens
    /// next for it (not personal: one of the form's service values).
    pub sent_service: Option<String>,
    /// The hidden box only automated form-fillers see was filled in: nothing is sent.
    pub robot: bool,
}

impl Referral {
    /// Whether leaving the site now would lose something typed.
    pub fn has_unsent_answers(&self) -> bool {
        self.sent.is_none() && self.answers.values().any(|v| !v.trim().is_empty())
    }

    /// The problems to show on this route: only those found on it, and only until the person
    /// moves to another page.
    pub fn problems_on(&self, route: &str) -> Problems {
        if self.problems_route == route {
            self.problems.clone()
        } else {
            Problems::new()
        }
    }

    /// After the service has the referral: keep only the reference and the service for the
    /// confirmation, and forget the answers.
    pub fn arrived(&mut self, reference: String) {
        let service = self.answers.get("service").cloned();
        *self = Referral {
            sent: Some(reference),
            sent_service: service,
            ..Referral::default()
        };
    }
}
