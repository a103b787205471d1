//! Checking and normalising every answer of the referral form. Plain Rust, tested natively,
//! and used by both the browser form and the local receiver, so they can never disagree.
//!
//! Every check accepts any text without panicking: people paste from everywhere, and the
//! receiver must survive anything sent to it.

use super::form::{field_by_key, Field, Kind, Needed, Page, When, PAGES};

/// Answers by field key, as typed (raw) or as checked (normalised). A date of birth is typed
/// into `date_of_birth.day`, `.month` and `.year`; checkboxes are stored comma-separated.
///
/// A short list rather than a map: a referral has a few dozen answers, and a list is far less
/// code in the browser than a `BTreeMap` or `HashMap`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(Vec<(String, String)>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    /// The answer for a key, if given.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets an answer, replacing the one given before.
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(pair) => pair.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every (key, answer) pair, in the order first given.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds every answer of `other`.
    pub fn extend(&mut self, other: Answers) {
        for (k, v) in other.0 {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, String)> for Answers {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Answers {
        let mut answers = Answers::new();
        for (k, v) in iter {
            answers.insert(k, v);
        }
        answers
    }
}

/// What is wrong with an answer. The view turns each into words from `content/refer/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Missing,
    TooLong { max: usize },
    ControlCharacter,
    NotAName,
    NotAPhone,
    NotAnEmail,
    NotAPostcode,
    IncompleteDate,
    NotADate,
    DateInFuture,
    NotAChoice,
}

impl Problem {
    /// The key of the message in `content/refer/_form.md`.
    pub fn message_key(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::TooLong { .. } => "too_long",
            Problem::ControlCharacter => "control_character",
            Problem::NotAName => "not_a_name",
            Problem::NotAPhone => "not_a_phone",
            Problem::NotAnEmail => "not_an_email",
            Problem::NotAPostcode => "not_a_postcode",
            Problem::IncompleteDate => "incomplete_date",
            Problem::NotADate => "not_a_date",
            Problem::DateInFuture => "date_in_future",
            Problem::NotAChoice => "not_a_choice",
        }
    }
}

/// The problems found on a page: each field's key and what is wrong with it.
pub type Problems = Vec<(&'static str, Problem)>;

/// A date as (year, month, day), so "today" can be given by the browser or the server.
pub type Ymd = (u32, u32, u32);

/// Whether a page or field applies, given the answers so far.
pub fn applies(when: When, answers: &Answers) -> bool {
    let answer = |key: &str| answers.get(key).map(|v| v.trim()).unwrap_or("");
    match when {
        When::Always => true,
        When::AnswerIs(key, values) => {
            let given = answer(key);
            let is_list = matches!(field_by_key(key).map(|f| f.kind), Some(Kind::Checkboxes(_)));
            if is_list {
                given.split(',').any(|v| values.contains(&v.trim()))
            } else {
                values.contains(&given)
            }
        }
        When::AnswerIsNot(key, value) => answer(key) != value,
        When::All(all) => all.iter().all(|w| applies(*w, answers)),
        When::Any(any) => any.iter().any(|w| applies(*w, answers)),
        When::Not(not) => !applies(*not, answers),
    }
}

/// The fields of a page that apply, in order.
pub fn fields_shown<'a>(
    page: &'a Page,
    answers: &'a Answers,
) -> impl Iterator<Item = &'static Field> + 'a {
    page.fields.iter().filter(move |f| applies(f.when, answers))
}

/// The pages that apply, in order.
pub fn pages_shown(answers: &Answers) -> impl Iterator<Item = &'static Page> + '_ {
    PAGES.iter().filter(move |p| applies(p.when, answers))
}

/// The raw answer for a field (for a date, its three parts joined as day/month/year).
fn raw<'a>(answers: &'a Answers, field: &Field) -> std::borrow::Cow<'a, str> {
    if field.kind == Kind::DateOfBirth {
        let part = |p: &str| {
            answers
                .get(&format!("{}.{p}", field.key))
                .map_or("", |v| v.trim())
                .to_string()
        };
        let (d, m, y) = (part("day"), part("month"), part("year"));
        if d.is_empty() && m.is_empty() && y.is_empty() {
            return "".into();
        }
        return format!("{d}/{m}/{y}").into();
    }
    answers
        .get(field.key)
        .map_or("".into(), |v| v.as_str().into())
}

/// Checks one page: the normalised answers of its fields that apply, or every problem found.
pub fn check_page(page: &Page, answers: &Answers, today: Ymd) -> Result<Answers, Problems> {
    let mut good = Answers::new();
    let mut problems = Vec::new();
    for field in fields_shown(page, answers) {
        let value = raw(answers, field);
        let needed = match field.needed {
            Needed::Always => true,
            Needed::Optional => false,
            // When neither is given, the problem is reported once, on the first of the two.
            Needed::EitherThisOr(other) => {
                let other_empty = answers.get(other).is_none_or(|v| v.trim().is_empty());
                let other_first = page.fields.iter().position(|f| f.key == other)
                    < page.fields.iter().position(|f| f.key == field.key);
                other_empty && !other_first
            }
        };
        match check_value(field, &value, today) {
            Ok(v) if v.is_empty() && needed => problems.push((field.key, Problem::Missing)),
            Ok(v) if v.is_empty() => {}
            Ok(v) => {
                good.insert(field.key.to_string(), v);
            }
            Err(p) => problems.push((field.key, p)),
        }
    }
    if problems.is_empty() {
        Ok(good)
    } else {
        Err(problems)
    }
}

/// Checks every page that applies: the normalised answers to send, or the first page with a problem.
pub fn check_all(answers: &Answers, today: Ymd) -> Result<Answers, (&'static str, Problems)> {
    let mut all = Answers::new();
    for page in pages_shown(answers) {
        match check_page(page, answers, today) {
            Ok(good) => all.extend(good),
            Err(problems) => return Err((page.key, problems)),
        }
    }
    Ok(all)
}

/// Checks and normalises one value; an empty result means "not answered".
pub fn check_value(field: &Field, raw: &str, today: Ymd) -> Result<String, Problem> {
    let multiline = field.kind == Kind::LongText;
    let text = clean(raw, multiline)?;
    if text.is_empty() {
        return Ok(text);
    }
    let value = match field.kind {
        Kind::Name => name(&text)?,
        Kind::Text | Kind::LongText => text,
        Kind::Phone => phone(&western_digits(&text))?,
        Kind::Email => email(&text)?,
        Kind::Postcode => postcode(&text)?,
        Kind::Radios(values) => values
            .iter()
            .find(|v| **v == text)
            .ok_or(Problem::NotAChoice)?
            .to_string(),
        Kind::Checkboxes(values) => {
            let given: Vec<&str> = text
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            if given.iter().any(|v| !values.contains(v)) {
                return Err(Problem::NotAChoice);
            }
            let kept: Vec<&str> = values
                .iter()
                .copied()
                .filter(|v| given.contains(v))
                .collect();
            kept.join(",")
        }
        Kind::DateOfBirth => date_of_birth(&western_digits(&text), today)?,
        Kind::Agree => (text == "yes")
            .then(|| text.clone())
            .ok_or(Problem::NotAChoice)?,
    };
    if value.chars().count() > field.max {
        return Err(Problem::TooLong { max: field.max });
    }
    Ok(value)
}

/// Digits as a Nepali (Devanagari ०–९) or Punjabi (Gurmukhi ੦–੯) keyboard types them, as 0–9,
/// so a phone number or a date is read whichever the person's phone offers.
fn western_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c as u32 {
            d @ (0x0966..=0x096F) => char::from(b'0' + (d - 0x0966) as u8),
            d @ (0x0A66..=0x0A6F) => char::from(b'0' + (d - 0x0A66) as u8),
            _ => c,
        })
        .collect()
}

/// Trims, unifies line endings, and refuses control characters (and the invisible characters
/// that can reverse how text is shown), which have no place in a referral.
fn clean(raw: &str, multiline: bool) -> Result<String, Problem> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    let bad = |c: char| {
        (c.is_control() && !(multiline && c == '\n'))
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if text.chars().any(bad) {
        return Err(Problem::ControlCharacter);
    }
    Ok(text.to_string())
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0DFF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x200C | 0x200D | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A letter in any script. Rather than Unicode's letter tables (kilobytes of wasm for every
/// phone), this refuses what is certainly not part of a name: ASCII other than letters, digits of
/// the common scripts, punctuation, symbols, emoji and private-use characters.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    !matches!(c as u32,
        0x80..=0xBF | 0xD7 | 0xF7
        | 0x0660..=0x0669 | 0x06F0..=0x06F9 | 0x0966..=0x096F | 0x09E6..=0x09EF
        | 0x0A66..=0x0A6F | 0x0AE6..=0x0AEF | 0x0BE6..=0x0BEF
        | 0x2000..=0x2BFF | 0x3000..=0x303F | 0xE000..=0xF8FF | 0xFE10..=0xFE6F
        | 0xFF00..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFFF0..=0xFFFF
        | 0x1F000..=0x1FBFF | 0xE0000..=0x10FFFF)
}

/// Names in any script: letters and their marks, spaces, apostrophes, hyphens and full stops.
fn name(text: &str) -> Result<String, Problem> {
    let allowed =
        |c: char| is_letter(c) || is_combining_mark(c) || c == ' ' || "'’‘-‐.".contains(c);
    if text.chars().all(allowed) && text.chars().any(is_letter) {
        Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err(Problem::NotAName)
    }
}

/// UK phone numbers as people write them: spaces, brackets, dashes, dots, +44 or 0044, and the
/// "(0)" people put after +44. Normalised to +44 and the digits.
pub fn phone(text: &str) -> Result<String, Problem> {
    let mut compact: String = text
        .chars()
        .filter(|c| !" ()-.\u{a0}".contains(*c))
        .collect();
    if let Some(rest) = compact.strip_prefix("+44") {
        compact = format!("0{}", rest.strip_prefix('0').unwrap_or(rest));
    } else if let Some(rest) = compact.strip_prefix("0044") {
        compact = format!("0{}", rest.strip_prefix('0').unwrap_or(rest));
    }
    // "+44 (0)20 ..." became "+44020..." above only if the brackets held a zero; handled there.
    let digits_ok = compact.chars().all(|c| c.is_ascii_digit());
    let national = compact.strip_prefix('0').unwrap_or("");
    if digits_ok
        && compact.starts_with('0')
        && (9..=10).contains(&national.len())
        && !national.starts_with('0')
    {
        Ok(format!("+44{national}"))
    } else {
        Err(Problem::NotAPhone)
    }
}

/// A plausible email address: something@domain.tld, no spaces, at most 254 characters.
pub fn email(text: &str) -> Result<String, Problem> {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return Err(Problem::NotAnEmail);
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let ok = !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == '<' || c == '>')
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(is_letter));
    if ok && text.len() <= 254 {
        Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
    } else {
        Err(Problem::NotAnEmail)
    }
}

/// A UK postcode, normalised to upper case with one space before the last three characters.
pub fn postcode(text: &str) -> Result<String, Problem> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if !compact.is_ascii() {
        return Err(Problem::NotAPostcode);
    }
    let b = compact.as_bytes();
    let n = b.len();
    let inward_ok = n >= 5
        && b[n - 3].is_ascii_digit()
        && b[n - 2].is_ascii_alphabetic()
        && b[n - 1].is_ascii_alphabetic();
    let outward = &compact[..n.saturating_sub(3)];
    let o = outward.as_bytes();
    let outward_ok = (2..=4).contains(&o.len())
        && o[0].is_ascii_alphabetic()
        && o.iter().all(u8::is_ascii_alphanumeric)
        && o.iter().any(u8::is_ascii_digit);
    if compact == "GIR0AA" || (inward_ok && outward_ok) {
        Ok(format!("{} {}", outward, &compact[n - 3..]))
    } else {
        Err(Problem::NotAPostcode)
    }
}

/// "day/month/year" to YYYY-MM-DD, a real date, not in the future, not before 1900.
fn date_of_birth(text: &str, today: Ymd) -> Result<String, Problem> {
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(Problem::IncompleteDate);
    }
    let num = |p: &str| p.parse::<u32>().ok().filter(|_| p.len() <= 4);
    let (Some(d), Some(m), Some(y)) = (num(parts[0]), num(parts[1]), num(parts[2])) else {
        return Err(Problem::NotADate);
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if !(1900..=9999).contains(&y) || parts[2].len() != 4 || d == 0 || d > days {
        return Err(Problem::NotADate);
    }
    if (y, m, d) > today {
        return Err(Problem::DateInFuture);
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}
