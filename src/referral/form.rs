//! The referral form (IMHA, community advocacy, or "not sure") as data: its pages, their fields, and when each is asked.
//!
//! One generic view renders every page from this table and one validator checks every field,
//! so the form, the payload and the local receiver all follow the same definition, and the wasm
//! carries one form renderer instead of eight hand-built pages. The wording of every label,
//! hint and message is in `content/refer/`.
//!
//! Plain Rust with no imports: `build.rs` reads this file too, to check the wording exists.

/// What kind of answer a field takes; decides its input, its checks and how it is normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A person's name in any script: letters, marks, spaces, apostrophes, hyphens and full stops.
    Name,
    /// A short line of text.
    Text,
    /// A UK phone number in any usual written form, stored as digits (with +44 kept).
    Phone,
    Email,
    /// A UK postcode, stored upper case with one space.
    Postcode,
    /// Several lines of text.
    LongText,
    /// One of the listed values.
    Radios(&'static [&'static str]),
    /// Any of the listed values, stored comma-separated.
    Checkboxes(&'static [&'static str]),
    /// A date of birth as day, month and year boxes, stored as YYYY-MM-DD.
    DateOfBirth,
    /// A box that must be ticked to agree.
    Agree,
}

/// When a field must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    Always,
    Optional,
    /// This field or the named one must be answered (e.g. a phone number or an email).
    EitherThisOr(&'static str),
}

/// When a field or page applies at all, from an earlier answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// The named answer is one of these values (or, for checkboxes, includes one).
    AnswerIs(&'static str, &'static [&'static str]),
    /// The named answer is not this value.
    AnswerIsNot(&'static str, &'static str),
    /// Every one of these applies.
    All(&'static [When]),
    /// At least one of these applies.
    Any(&'static [When]),
    /// This does not apply.
    Not(&'static When),
}

/// One question on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key in the payload and the input's name, e.g. `full_name`.
    pub key: &'static str,
    pub kind: Kind,
    pub needed: Needed,
    /// The most characters kept, after trimming.
    pub max: usize,
    pub when: When,
}

/// One page of the form, at `/refer/<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub key: &'static str,
    pub fields: &'static [Field],
    pub when: When,
}

const fn field(key: &'static str, kind: Kind, needed: Needed, max: usize) -> Field {
    Field {
        key,
        kind,
        needed,
        max,
        when: When::Always,
    }
}

const fn only_when(f: Field, when: When) -> Field {
    Field { when, ..f }
}

use Kind::*;
use Needed::*;

const SOMEONE_ELSE: &[&str] = &["someone-else"];
const PROFESSIONAL: &[&str] = &["professional"];
const YES: &[&str] = &["yes"];

/// The services a referral can ask for. "not-sure" is a real answer: the service sorts it out.
pub const SERVICES: &[&str] = &["imha", "community", "not-sure"];

/// The checker's `situation` values (`src/check/flow.rs`), so an answer carried from the checker
/// is stored as the checker recorded it. A test keeps the two lists the same.
pub const SITUATIONS: &[&str] = &[
    "detained",
    "conditional-discharge",
    "cto",
    "guardianship",
    "informal",
    "none",
    "not-sure",
];

/// The checker's `section` values (asked when `situation` is `detained`).
pub const SECTIONS: &[&str] = &[
    "2",
    "3",
    "37",
    "court-or-prison",
    "4",
    "5",
    "135-136",
    "not-sure",
];

/// The referral is for an IMHA.
const FOR_IMHA: When = When::AnswerIs("service", &["imha"]);

/// The IMHA questions apply: for an IMHA, or "not sure" while the person is in hospital.
const IMHA_QUESTIONS: When = When::Any(&[
    FOR_IMHA,
    When::All(&[
        When::AnswerIs("service", &["not-sure"]),
        When::AnswerIs("in_hospital", YES),
    ]),
]);

/// Someone else who refers for an IMHA: asked whether they are the nearest relative.
const SOMEONE_ELSE_FOR_IMHA: When =
    When::All(&[FOR_IMHA, When::AnswerIs("referrer", SOMEONE_ELSE)]);

/// An IMHA asked for by someone who may ask an IMHA to visit (s130B): the responsible clinician,
/// an AMHP or the nearest relative, or ward staff for the hospital managers (Code of Practice
/// chapter 6). The person can still say no to the IMHA, so the form asks whether they know,
/// rather than stopping without their agreement.
pub const IMHA_VISIT_REQUEST: When = When::All(&[
    FOR_IMHA,
    When::Any(&[
        When::All(&[
            When::AnswerIs("referrer", PROFESSIONAL),
            When::AnswerIs(
                "referrer_role",
                &["ward-staff", "amhp", "responsible-clinician"],
            ),
        ]),
        When::All(&[
            When::AnswerIs("referrer", SOMEONE_ELSE),
            When::AnswerIs("nearest_relative", YES),
        ]),
    ]),
]);

/// The pages in the order they are asked.
pub static PAGES: &[Page] = &[
    Page {
        key: "service",
        when: When::Always,
        fields: &[field("service", Radios(SERVICES), Always, 10)],
    },
    Page {
        key: "who",
        when: When::Always,
        fields: &[field(
            "referrer",
            Radios(&["self", "someone-else", "professional"]),
            Always,
            20,
        )],
    },
    Page {
        key: "referrer",
        when: When::AnswerIsNot("referrer", "self"),
        fields: &[
            field("referrer_name", Name, Always, 100),
            only_when(
                field("referrer_relationship", Text, Always, 100),
                When::AnswerIs("referrer", SOMEONE_ELSE),
            ),
            only_when(
                field(
                    "nearest_relative",
                    Radios(&["yes", "no", "not-sure"]),
                    Always,
                    10,
                ),
                SOMEONE_ELSE_FOR_IMHA,
            ),
            only_when(
                field(
                    "referrer_role",
                    Radios(&[
                        "ward-staff",
                        "amhp",
                        "responsible-clinician",
                        "care-manager",
                        "other",
                    ]),
                    Always,
                    25,
                ),
                When::AnswerIs("referrer", PROFESSIONAL),
            ),
            only_when(
                field("referrer_organisation", Text, Always, 150),
                When::AnswerIs("referrer", PROFESSIONAL),
            ),
            field("referrer_phone", Phone, EitherThisOr("referrer_email"), 20),
            field("referrer_email", Email, EitherThisOr("referrer_phone"), 254),
        ],
    },
    Page {
        key: "permission",
        when: When::All(&[
            When::AnswerIsNot("referrer", "self"),
            When::Not(&IMHA_VISIT_REQUEST),
        ]),
        fields: &[field("permission", Radios(&["yes", "no"]), Always, 3)],
    },
    Page {
        key: "knows",
        when: IMHA_VISIT_REQUEST,
        fields: &[field(
            "person_knows",
            Radios(&["yes", "no", "not-sure"]),
            Always,
            10,
        )],
    },
    Page {
        key: "person",
        when: When::Always,
        fields: &[
            field("full_name", Name, Always, 100),
            field("known_as", Name, Optional, 100),
            field("date_of_birth", DateOfBirth, Optional, 10),
            field("area", Text, Always, 100),
            field("postcode", Postcode, Optional, 8),
            field("in_hospital", Radios(&["yes", "no"]), Always, 3),
            only_when(
                field("hospital", Text, Always, 150),
                When::AnswerIs("in_hospital", YES),
            ),
            only_when(
                field("ward", Text, Always, 100),
                When::All(&[
                    When::AnswerIs("in_hospital", YES),
                    When::AnswerIs("service", &["imha", "not-sure"]),
                ]),
            ),
        ],
    },
    Page {
        key: "situation",
        when: IMHA_QUESTIONS,
        fields: &[
            field("situation", Radios(SITUATIONS), Always, 25),
            only_when(
                field("section", Radios(SECTIONS), Always, 20),
                When::AnswerIs("situation", &["detained"]),
            ),
            field("safety", Radios(&["yes", "no"]), Always, 3),
            only_when(
                field("safety_details", LongText, Always, 1000),
                When::AnswerIs("safety", YES),
            ),
        ],
    },
    Page {
        key: "contact",
        when: When::Always,
        fields: &[
            field(
                "contact_method",
                Radios(&["phone", "email", "letter", "ward-staff"]),
                Always,
                20,
            ),
            only_when(
                field("contact_phone", Phone, Always, 20),
                When::AnswerIs("contact_method", &["phone"]),
            ),
            only_when(
                field("contact_email", Email, Always, 254),
                When::AnswerIs("contact_method", &["email"]),
            ),
            only_when(
                field("contact_address", LongText, Always, 300),
                When::AnswerIs("contact_method", &["letter"]),
            ),
            only_when(
                field("safe_to_leave_message", Radios(&["yes", "no"]), Always, 3),
                When::AnswerIs("contact_method", &["phone", "email", "letter"]),
            ),
            field("best_times", Text, Optional, 200),
        ],
    },
    Page {
        key: "help",
        when: When::Always,
        fields: &[
            field("help_with", LongText, Always, 2000),
            field("coming_up", LongText, Optional, 500),
        ],
    },
    Page {
        key: "needs",
        when: When::Always,
        fields: &[
            field(
                "needs",
                Checkboxes(&["interpreter", "bsl", "easy-read", "large-print"]),
                Optional,
                60,
            ),
            only_when(
                field("interpreter_language", Text, Always, 50),
                When::AnswerIs("needs", &["interpreter"]),
            ),
            field("other_needs", LongText, Optional, 500),
        ],
    },
    Page {
        key: "consent",
        when: When::Always,
        fields: &[field("consent", Agree, Always, 3)],
    },
];

/// The answer that stops the form: without the person's agreement there is no referral.
pub const NO_PERMISSION: (&str, &str) = ("permission", "no");

/// The service for adults only: community advocacy is for people aged 18 and over.
pub const ADULTS_ONLY: (&str, &str) = ("service", "community");

/// The field with this key, on whichever page.
pub fn field_by_key(key: &str) -> Option<&'static Field> {
    PAGES
        .iter()
        .flat_map(|p| p.fields.iter())
        .find(|f| f.key == key)
}

/// The page with this key.
pub fn page_by_key(key: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.key == key)
}
