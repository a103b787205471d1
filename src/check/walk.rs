//! Following the flow from the answers in a URL: which question comes next, which outcome is
//! reached, and which page a person should see. Plain Rust, tested natively.
//!
//! Answers live in the query string (like GOV.UK Smart Answers) so Back, reload, bookmarks and
//! shared links all work, and nothing is stored anywhere else. A query can be hand-edited or
//! broken, so everything here accepts any text: unknown keys and values are ignored, and a
//! missing answer sends the person to the first question not yet answered.

use super::flow::{question, Choice, Question, Then, FIRST_QUESTION, QUESTIONS};

/// The questions answered so far, in flow order, and where the answers lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    /// Each question on the path with the answer given.
    pub path: Vec<(&'static Question, &'static Choice)>,
    /// The first unanswered question, or the outcome reached.
    pub end: Then,
}

/// Splits a query string (`a=1&b=2`, with or without `?`) into decoded pairs.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Follows the flow from the first question using the given answers. The first answer given for a
/// key counts; answers to questions that are not on the path are ignored.
pub fn walk(answers: &[(String, String)]) -> Walk {
    let mut path = Vec::new();
    let mut key = FIRST_QUESTION;
    // The flow is a tree, so it can never be longer than the number of questions.
    for _ in 0..=QUESTIONS.len() {
        let Some(q) = question(key) else { break };
        let given = answers
            .iter()
            .find(|(k, _)| k == q.key)
            .map(|(_, v)| v.as_str());
        let Some(choice) = given.and_then(|v| q.choices.iter().find(|c| c.value == v)) else {
            return Walk {
                path,
                end: Then::Ask(q.key),
            };
        };
        path.push((q, choice));
        match choice.then {
            Then::Ask(next) => key = next,
            end @ Then::Outcome(_) => return Walk { path, end },
        }
    }
    // Unreachable with a well-formed flow (the tests prove it); start again rather than panic.
    Walk {
        path: Vec::new(),
        end: Then::Ask(FIRST_QUESTION),
    }
}

impl Walk {
    /// The query string of the answers on the path, in flow order: the canonical URL state.
    pub fn query(&self) -> String {
        query_of(&self.path)
    }

    /// The answer given to a question on the path.
    pub fn answer(&self, key: &str) -> Option<&'static str> {
        self.path
            .iter()
            .find(|(q, _)| q.key == key)
            .map(|(_, c)| c.value)
    }

    /// The outcome reached, if the path is complete.
    pub fn outcome(&self) -> Option<&'static str> {
        match self.end {
            Then::Outcome(id) => Some(id),
            Then::Ask(_) => None,
        }
    }

    /// Where the person goes next: the next question or the result, with the answers.
    pub fn next_url(&self) -> String {
        match self.end {
            Then::Ask(key) => step_url(key, &self.query()),
            Then::Outcome(_) => step_url("result", &self.query()),
        }
    }
}

fn query_of(path: &[(&'static Question, &'static Choice)]) -> String {
    path.iter()
        .map(|(q, c)| format!("{}={}", q.key, c.value))
        .collect::<Vec<_>>()
        .join("&")
}

/// The URL of a step of the flow with the given query.
pub fn step_url(step: &str, query: &str) -> String {
    if query.is_empty() {
        format!("/check/{step}")
    } else {
        format!("/check/{step}?{query}")
    }
}

/// What the page at `/check/<step>?<query>` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// A question; `selected` is the current answer when the person came back to change it.
    Question {
        key: &'static str,
        selected: Option<&'static str>,
        /// Where the Back link goes.
        back: String,
    },
    /// An answer page.
    Result { outcome: &'static str },
    /// The URL does not fit the answers: replace it with this one (no extra history entry).
    Redirect(String),
}

/// Decides what `/check/<step>?<query>` shows. Never an outcome for incomplete or broken answers:
/// those lead to the first unanswered question.
pub fn screen(step: &str, query: &str) -> Screen {
    let walk = walk(&parse_query(query));
    match (step, walk.end) {
        ("result", Then::Outcome(outcome)) => Screen::Result { outcome },
        (_, Then::Ask(next)) if next == step => Screen::Question {
            key: next,
            selected: None,
            back: back_url(&walk, next),
        },
        _ => match walk.path.iter().find(|(q, _)| q.key == step) {
            // Coming back to change an answer: show it with the current answer chosen.
            Some((q, c)) => Screen::Question {
                key: q.key,
                selected: Some(c.value),
                back: back_url(&walk, q.key),
            },
            None => Screen::Redirect(walk.next_url()),
        },
    }
}

/// The Back link of a question: the question before it on the path, or the start page.
fn back_url(walk: &Walk, key: &str) -> String {
    let index = walk
        .path
        .iter()
        .position(|(q, _)| q.key == key)
        .unwrap_or(walk.path.len());
    match index.checked_sub(1).map(|i| walk.path[i].0.key) {
        Some(previous) => step_url(previous, &walk.query()),
        None => "/check".to_string(),
    }
}

/// Where answering `key` with `value` on `/check/<key>?<query>` leads. Changing an answer keeps
/// the answers before it and asks again only the questions that depend on it; giving the same
/// answer again keeps every answer. `None` when `value` is not an answer to that question.
pub fn answer(query: &str, key: &str, value: &str) -> Option<String> {
    let q = question(key)?;
    let choice = q.choices.iter().find(|c| c.value == value)?;
    let walk = walk(&parse_query(query));
    if walk.answer(key) == Some(choice.value) {
        return Some(walk.next_url());
    }
    let mut path: Vec<_> = walk
        .path
        .iter()
        .take_while(|(pq, _)| pq.key != key)
        .copied()
        .collect();
    path.push((q, choice));
    let answers: Vec<(String, String)> = path
        .iter()
        .map(|(q, c)| (q.key.to_string(), c.value.to_string()))
        .collect();
    Some(self::walk(&answers).next_url())
}

/// The URL that changes a given answer, for the Change links on an answer page.
pub fn change_url(walk: &Walk, key: &str) -> String {
    step_url(key, &walk.query())
}
