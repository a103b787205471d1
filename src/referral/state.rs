//! The referral while it is being filled in. Kept in memory, and copied to the tab's own
//! `sessionStorage` as a draft (`draft.rs`) so a reload or a discarded tab loses nothing; never
//! in local storage, cookies or the address. Shared by every page of the form, so moving
//! between pages (or to another part of the site and back) loses nothing typed.

use super::draft::{Draft, Rejected};
use super::sending::Failure;
use super::validate::{Answers, Problems};

/// A one-line note about keeping the answers, shown on the form's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The answers kept in this tab could not be read (another version, or damaged): the form
    /// started again.
    Discarded,
    /// The answers were cleared because 20 hours passed since the last change.
    Expired,
    /// The browser will not keep the draft (private mode, or storage full): the form works, but
    /// a reload would lose the answers.
    NotKept,
    /// "Clear my answers" was confirmed.
    Cleared,
}

impl Note {
    /// The key of its words in `content/refer/_draft.md`.
    pub fn message_key(self) -> &'static str {
        match self {
            Note::Discarded => "discarded",
            Note::Expired => "expired",
            Note::NotKept => "not_kept",
            Note::Cleared => "cleared",
        }
    }
}

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
    /// A send failed for want of a network: it goes by itself when the browser is online.
    pub pending: bool,
    /// When the answers last changed (`Date.now()`), for the 20-hour limit; 0 before any.
    pub changed_at: f64,
    /// The referral's address last shown, kept in the draft.
    pub step: String,
    /// A note to show about keeping the answers.
    pub note: Option<Note>,
    /// The reference of the referral that arrived, and the date it arrived ("25 November 2026").
    pub sent: Option<(String, String)>,
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

    /// After the service has the referral: keep only the reference, the date and the service
    /// for the confirmation, and forget the answers.
    pub fn arrived(&mut self, reference: String, date: String) {
        let service = self.answers.get("service").cloned();
        *self = Referral {
            sent: Some((reference, date)),
            sent_service: service,
            ..Referral::default()
        };
    }

    /// The referral as a stored draft made at `now` (for the 20 hours, a change of answers
    /// counts, not a move between pages), or `None` when there is nothing worth keeping.
    pub fn draft(&self) -> Option<Draft> {
        if self.sent.is_some() || (self.answers.is_empty() && self.reference.is_none()) {
            return None;
        }
        Some(Draft {
            answers: self.answers.clone(),
            step: self.step.clone(),
            reference: self.reference.clone(),
            pending: self.pending,
            changed_at: self.changed_at,
        })
    }

    /// The referral as it was when the tab last kept it, or a fresh one saying why not.
    pub fn restored(stored: Result<Option<Draft>, Rejected>) -> Referral {
        match stored {
            Ok(Some(draft)) => Referral {
                answers: draft.answers,
                reference: draft.reference,
                pending: draft.pending,
                // Say at once that it has not gone yet, and that it will.
                failure: draft.pending.then_some(Failure::Offline),
                changed_at: draft.changed_at,
                step: draft.step,
                ..Referral::default()
            },
            Ok(None) => Referral::default(),
            Err(Rejected::Expired) => Referral {
                note: Some(Note::Expired),
                ..Referral::default()
            },
            Err(Rejected::Unreadable) => Referral {
                note: Some(Note::Discarded),
                ..Referral::default()
            },
        }
    }

    /// Forgets everything typed, leaving a note to say why.
    pub fn forget(&mut self, note: Note) {
        *self = Referral {
            note: Some(note),
            ..Referral::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> Referral {
        let mut r = Referral::default();
        r.answers.insert("full_name".into(), "Aoife".into());
        r.step = "/refer/person".into();
        r.changed_at = 5.0;
        r
    }

    #[test]
    fn a_draft_holds_what_a_reload_needs_and_comes_back() {
        assert_eq!(
            Referral::default().draft(),
            None,
            "nothing typed, nothing kept"
        );
        let mut r = typed();
        r.reference = Some("K7QX4M2P".into());
        r.pending = true;
        let back = Referral::restored(Ok(r.draft()));
        assert_eq!(back.answers, r.answers);
        assert_eq!(back.reference, r.reference);
        assert_eq!(back.step, "/refer/person");
        assert!(back.pending);
        assert_eq!(back.failure, Some(Failure::Offline), "says it is waiting");
        assert_eq!(back.changed_at, 5.0);
        r.arrived("K7QX4M2P".into(), "25 November 2026".into());
        assert_eq!(r.draft(), None, "nothing kept once sent");
        assert!(r.answers.is_empty() && r.reference.is_none());
    }

    #[test]
    fn a_draft_not_used_starts_fresh_and_says_why() {
        let r = Referral::restored(Err(Rejected::Unreadable));
        assert!(r.answers.is_empty());
        assert_eq!(r.note, Some(Note::Discarded));
        let r = Referral::restored(Err(Rejected::Expired));
        assert_eq!(r.note, Some(Note::Expired));
        let mut r = typed();
        r.forget(Note::Cleared);
        assert!(r.answers.is_empty() && r.draft().is_none());
        assert_eq!(r.note, Some(Note::Cleared));
    }
}
