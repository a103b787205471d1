//! Rules of the law that the words in `content/` must not get wrong, checked on the markdown
//! itself. Each test is one statement a careful reading found wrong or missing a condition
//! (issue 20). A test reads every file, so a new page that repeats an old mistake fails too.
//!
//! A "block" is one paragraph, one list item or one front-matter field: the unit a reader sees
//! as one thought. Matching ignores case.

use std::fs;
use std::path::{Path, PathBuf};

struct File {
    /// Relative to `content/`, with `/` separators: `your-rights/leave.md`.
    name: String,
    blocks: Vec<String>,
}

impl File {
    fn text(&self) -> String {
        self.blocks.join("\n")
    }

    fn has(&self, needle: &str) -> bool {
        has(&self.text(), needle)
    }
}

fn has(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(&needle.to_lowercase())
}

/// `word` as a whole token: "35" is in "5(4), 35 or 135" but not in "135" alone.
fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '(' || c == ')'))
        .any(|t| t == word)
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("content folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn blocks_of(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut body = text;
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some((front, after)) = rest.split_once("\n---\n") {
            blocks.extend(front.lines().map(str::to_string));
            body = after;
        }
    }
    let mut current = String::new();
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        if !current.trim().is_empty() {
            blocks.push(current.trim().to_string());
        }
        current.clear();
    };
    for line in body.lines() {
        let trimmed = line.trim_start();
        let starts_item = trimmed.starts_with("* ") || trimmed.starts_with("- ");
        if trimmed.is_empty() || starts_item || trimmed.starts_with('#') {
            flush(&mut current, &mut blocks);
        }
        current.push(' ');
        current.push_str(trimmed);
        if trimmed.starts_with('#') {
            flush(&mut current, &mut blocks);
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

fn content() -> Vec<File> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let mut paths = Vec::new();
    markdown_files(&dir, &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|path| File {
            name: path
                .strip_prefix(&dir)
                .expect("inside content")
                .to_string_lossy()
                .replace('\\', "/"),
            blocks: blocks_of(&fs::read_to_string(path).expect("readable")),
        })
        .collect()
}

fn file(name: &str) -> File {
    content()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no content/{name}"))
}

/// Every block, with its file's name, that mentions all of `words`. The `sections:` list of
/// a rights page is left out: it names sections, it states nothing about them.
fn blocks_with<'a>(files: &'a [File], words: &[&str]) -> Vec<(&'a str, &'a str)> {
    files
        .iter()
        .flat_map(|f| f.blocks.iter().map(move |b| (f.name.as_str(), b.as_str())))
        .filter(|(_, b)| !b.starts_with("sections:"))
        .filter(|(_, b)| words.iter().all(|w| has(b, w)))
        .collect()
}

/// Issue 20, 1: restricted patients wait 6 months, but people transferred from prison or
/// immigration detention (sections 47 and 48) can apply in their first 6 months (s69(2)).
#[test]
fn no_page_tells_restricted_patients_to_wait_without_the_transfer_exception() {
    for f in content() {
        if f.has("between 6 and 12 months") {
            for needed in ["47", "48", "69(2)", "first 6 months"] {
                assert!(
                    has_word(&f.text(), needed) || f.has(needed),
                    "content/{}: gives the restricted patients' 6-month wait without the \
                     transfer exception (sections 47 and 48 can apply in the first 6 months, \
                     s69(2)): `{needed}` missing",
                    f.name
                );
            }
        }
    }
}

/// Issue 20, 2: the Justice Secretary's referral is after 3 years at any age (s71(2)); there is
/// no 6-month or under-18 referral for restricted patients.
#[test]
fn the_justice_secretary_refers_after_3_years_at_any_age() {
    let files = content();
    for (name, block) in blocks_with(&files, &["section 71"]) {
        assert!(
            has(block, "3 years") && has(block, "any age"),
            "content/{name}: a block about section 71 must say 3 years, at any age: {block}"
        );
    }
    for (name, block) in blocks_with(&files, &["Justice Secretary"]) {
        assert!(
            !has(block, "1 year") && !has(block, "does this"),
            "content/{name}: ties the Justice Secretary to the under-18 or 6-month referral: {block}"
        );
    }
    assert!(
        file("your-rights/young-people.md").has("section 71"),
        "the young people's page must say how restricted patients are referred (section 71)"
    );
}

/// Issue 20, 3: the barring report must come within the 72 hours, or the discharge goes ahead
/// (s25(1)).
#[test]
fn a_barring_report_must_come_within_the_72_hours() {
    for f in content() {
        if f.has("barring report") {
            assert!(
                (f.has("within those 72 hours") || f.has("within the 72 hours"))
                    && f.has("goes ahead"),
                "content/{}: a barring report must come within the 72 hours, or the discharge \
                 goes ahead (s25(1))",
                f.name
            );
        }
    }
}

/// Issue 20, 4: the managers' referral after 6 months depends on whether an application was
/// made, not on whether a hearing happened (s68).
#[test]
fn the_managers_referral_turns_on_an_application_not_a_hearing() {
    let files = content();
    for (name, block) in blocks_with(&files, &["refer", "first 6 months"]) {
        assert!(
            has(block, "appl"),
            "content/{name}: the 6-month referral turns on whether you applied (s68): {block}"
        );
    }
    let hearings = blocks_with(&files, &["had a tribunal", "refer"]);
    assert!(
        hearings.is_empty(),
        "the referral rules turn on applications, not hearings: {hearings:?}"
    );
}

/// Issue 20, 5: aftercare meets needs arising from or related to mental disorder, not only
/// mental illness (s117(6)), and it cannot end while the person is on a CTO (s117(2)).
#[test]
fn aftercare_is_for_mental_disorder_and_lasts_while_on_a_cto() {
    let files = content();
    for word in ["aftercare", "117"] {
        let wrong = blocks_with(&files, &[word, "mental illness"]);
        assert!(
            wrong.is_empty(),
            "aftercare is for needs from mental disorder (s117(6)), not mental illness: {wrong:?}"
        );
    }
    let page = file("your-rights/after-hospital.md");
    for needed in ["arising from or related to", "117(6)", "117(2)", "CTO"] {
        assert!(page.has(needed), "after-hospital.md lacks `{needed}`");
    }
}

/// Issue 20, 6: a nearest relative cannot discharge a guardianship ordered by a court
/// (section 37); their order for other guardianship takes effect at once.
#[test]
fn a_nearest_relative_cannot_discharge_a_guardianship_ordered_by_a_court() {
    let files = content();
    let discharge = [
        "discharge you",
        "your discharge",
        "discharge a guardianship",
    ];
    for (name, block) in blocks_with(&files, &["guardianship"]) {
        if !discharge.iter().any(|d| has(block, d)) {
            continue;
        }
        assert!(
            has(block, "court"),
            "content/{name}: discharge from guardianship without the court exception: {block}"
        );
    }
    let page = file("your-rights/nearest-relative.md");
    assert!(
        page.has("at once") && page.has("23(2)(b)"),
        "nearest-relative.md: their guardianship order takes effect at once (s23(2)(b))"
    );
}

/// Issue 20, 7: the confirmation after a referral promises nothing the service has not
/// promised, and gives the phone number.
#[test]
fn the_referral_confirmation_makes_no_promise_the_service_has_not_made() {
    let sent = file("refer/_sent.md");
    for promise in [
        "will contact",
        "working day",
        "usually",
        "within",
        "we will",
    ] {
        assert!(
            !sent.has(promise),
            "refer/_sent.md promises `{promise}`: {}",
            sent.text()
        );
    }
    assert!(
        sent.has("{{phone}}"),
        "refer/_sent.md gives no phone number"
    );
}

/// Issue 20, 8: consulting the nearest relative can be skipped where not reasonably
/// practicable or it would cause unreasonable delay; their objection stops the application
/// (s11(4)).
#[test]
fn consulting_the_nearest_relative_names_its_exceptions() {
    let files = content();
    let blocks = blocks_with(&files, &["11(4)"]);
    assert!(!blocks.is_empty(), "no page explains section 11(4)");
    for (name, block) in blocks {
        for needed in ["reasonably practicable", "unreasonable delay", "stops"] {
            assert!(
                has(block, needed),
                "content/{name}: section 11(4) without `{needed}`: {block}"
            );
        }
    }
}

/// Issue 20, 9: neither the tribunal nor the managers' hearing is open to people held only
/// under sections 5(2), 5(4), 135 or 136.
#[test]
fn the_rights_page_says_who_cannot_ask_for_their_section_to_end() {
    let page = file("your-rights.md");
    for section in ["5(2)", "5(4)", "135", "136"] {
        assert!(
            has_word(&page.text(), section),
            "your-rights.md does not say section {section} cannot apply"
        );
    }
}

/// Issue 20, 10: who can refuse treatment (s56): sections 37(4) and 45A(5) too, and section 4
/// only until the second medical recommendation is received.
#[test]
fn refusing_treatment_names_every_section_56_case() {
    let files = content();
    for f in &files {
        for block in &f.blocks {
            if has(block, "held only under") && has_word(block, "35") {
                for needed in ["37(4)", "45A(5)"] {
                    assert!(
                        has(block, needed),
                        "content/{}: the list of people who can refuse treatment lacks {needed}: \
                         {block}",
                        f.name
                    );
                }
            }
        }
        if f.has("section 56") && has_word(&f.text(), "4") {
            assert!(
                f.has("second medical recommendation"),
                "content/{}: section 4 can refuse treatment only until the second medical \
                 recommendation (s56)",
                f.name
            );
        }
    }
}

/// Issue 20, 11: recall from leave is by written notice, when necessary for the person's health
/// or safety or to protect other people (s17(4)).
#[test]
fn recall_from_leave_is_by_written_notice_and_for_a_reason() {
    let files = content();
    for f in &files {
        for block in &f.blocks {
            let recall = has(block, "recall") || has(block, "call you back");
            let leave = [
                "your leave",
                "on leave",
                "section 17",
                "leave from hospital",
            ]
            .iter()
            .any(|w| has(block, w));
            if recall && leave && !block.starts_with('#') {
                assert!(
                    has(block, "writ") && has(block, "health or safety"),
                    "content/{}: recall from leave without written notice and its reason \
                     (s17(4)): {block}",
                    f.name
                );
            }
        }
    }
}

/// Issue 20, 12: the copy of the IMHA information to the nearest relative is a duty where
/// practicable, unless the person objects (s130D(5)); not for section 57 or ECT under 18 only.
#[test]
fn the_nearest_relative_gets_the_imha_information_where_practicable() {
    let files = content();
    let blocks = blocks_with(&files, &["nearest relative", "copy"]);
    assert!(
        !blocks.is_empty(),
        "no page says the nearest relative gets a copy"
    );
    for (name, block) in blocks {
        assert!(
            has(block, "practicable") && !has(block, "may be sent"),
            "content/{name}: the copy is a duty where practicable (s130D(5)): {block}"
        );
    }
    let page = file("your-rights/being-told-your-rights.md");
    assert!(
        page.has("130D(5)") && page.has("section 57"),
        "being-told-your-rights.md: s130D(5), and not where only section 57 or ECT under 18 applies"
    );
}

/// A section 2 application must reach the tribunal within the 14 days: handing it to the ward
/// is not enough.
#[test]
fn a_section_2_application_must_reach_the_tribunal_in_time() {
    for f in content() {
        if f.has("14 days") {
            assert!(
                f.has("reaches the tribunal") || f.has("reach the tribunal"),
                "content/{}: gives the 14 days without saying the application must reach the \
                 tribunal in time",
                f.name
            );
        }
    }
}
