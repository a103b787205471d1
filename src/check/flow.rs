//! The rules of "Do I have a right to an IMHA?" as data, straight from `LAW.md`.
//!
//! Like a GOV.UK Smart Answer, the flow is a small declarative table: each question lists its
//! answers, and each answer says what comes next: another question or an outcome. Nothing else
//! decides eligibility, so the table can be read against the law line by line, and the tests
//! walk every path through it.
//!
//! The keys, values and outcome ids are a public contract: other sites link to them and tests
//! drive them (`/check/result?situation=detained&section=3`). Never rename one.
//!
//! This file is plain Rust with no imports, because `build.rs` also reads it to check that every
//! question, answer and outcome has its wording in `content/check/`.

/// What follows an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// Ask the question with this key next.
    Ask(&'static str),
    /// Stop and show the outcome with this id.
    Outcome(&'static str),
}

/// One answer a person can give, and where it leads.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    /// The value in the URL, e.g. `detained`.
    pub value: &'static str,
    pub then: Then,
}

/// One question of the flow, asked on its own page at `/check/<key>`.
#[derive(Debug, PartialEq, Eq)]
pub struct Question {
    /// The key in the URL, e.g. `situation`.
    pub key: &'static str,
    pub choices: &'static [Choice],
}

const fn ask(value: &'static str, key: &'static str) -> Choice {
    Choice {
        value,
        then: Then::Ask(key),
    }
}

const fn outcome(value: &'static str, id: &'static str) -> Choice {
    Choice {
        value,
        then: Then::Outcome(id),
    }
}

/// The flow starts with this question.
pub const FIRST_QUESTION: &str = "situation";

/// Every question, in the order a person can meet them.
pub static QUESTIONS: &[Question] = &[
    // Always asked first: which part of the Mental Health Act applies, if any.
    Question {
        key: "situation",
        choices: &[
            ask("detained", "section"),
            // s130C(2)(a) with s130D(2)(b): conditionally discharged restricted patients.
            outcome("conditional-discharge", "eligible-conditional-discharge"),
            // s130C(2)(c): community patients, recalled or not.
            outcome("cto", "eligible-cto"),
            // s130C(2)(b).
            outcome("guardianship", "eligible-guardianship"),
            // Not within s130C(2): only s130C(3) can apply.
            ask("informal", "s57"),
            ask("none", "s57"),
            outcome("not-sure", "not-sure"),
        ],
    },
    // Asked when detained: s130C(2)(a) excludes sections 4, 5(2), 5(4), 135 and 136.
    Question {
        key: "section",
        choices: &[
            outcome("2", "eligible-detained"),
            outcome("3", "eligible-detained"),
            outcome("37", "eligible-detained"),
            outcome("court-or-prison", "eligible-detained"),
            outcome("4", "not-yet-short-term"),
            outcome("5", "not-yet-short-term"),
            outcome("135-136", "not-yet-short-term"),
            outcome("not-sure", "check-your-section"),
        ],
    },
    // s130C(3)(a): section 57 treatment being considered.
    Question {
        key: "s57",
        choices: &[
            outcome("yes", "eligible-s57"),
            ask("no", "ect-under-18"),
            outcome("not-sure", "not-sure"),
        ],
    },
    // s130C(3)(b): under 18 and ECT (section 58A) being considered.
    Question {
        key: "ect-under-18",
        choices: &[
            outcome("yes", "eligible-ect-under-18"),
            outcome("no", "not-eligible"),
            outcome("not-sure", "not-sure"),
        ],
    },
];

/// Every outcome id, each with its own answer page at `/check/result`.
pub static OUTCOMES: &[&str] = &[
    "eligible-detained",
    "eligible-conditional-discharge",
    "eligible-cto",
    "eligible-guardianship",
    "eligible-s57",
    "eligible-ect-under-18",
    "not-yet-short-term",
    "check-your-section",
    "not-eligible",
    "not-sure",
];

/// The question with this key, if there is one.
pub fn question(key: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}
