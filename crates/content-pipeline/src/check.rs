//! The wording of the "Do I have a right to an IMHA?" flow, from `content/check/`.
//!
//! The rules themselves live in the app (`src/check/flow.rs`); `build.rs` hands their keys,
//! values and outcome ids to this module, so a question, answer or outcome without wording stops
//! the build, and wording for one that does not exist is refused too.

use std::path::Path;

use crate::front_matter::{self, FrontMatter};
use crate::markdown::{self, Link, Phone};
use crate::wording::Wording;
use crate::words::Glossary;
use crate::{read, ContentError};

/// What the flow asks, as the app defines it: each question's key and answer values, and the
/// outcome ids.
#[derive(Debug, Clone)]
pub struct FlowSpec {
    pub questions: Vec<(String, Vec<String>)>,
    pub outcomes: Vec<String>,
}

/// The words of one answer option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionText {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

/// The words of one question page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionText {
    pub key: String,
    pub title: String,
    pub question: String,
    pub error: String,
    pub hint_html: String,
    /// Words shown after the answers (below a `***` line in the file), such as a link to read
    /// more.
    pub after_html: String,
    pub options: Vec<OptionText>,
}

/// The words of one answer page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeText {
    pub id: String,
    pub title: String,
    pub heading: String,
    pub legal_basis: String,
    pub html: String,
}

/// All the flow's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckText {
    /// Labels shared by every page of the flow (`_flow.md`), as (field, text).
    pub labels: Vec<(String, String)>,
    /// Shown on question pages when JavaScript is off (the body of `_flow.md`).
    pub no_script_html: String,
    /// "What an IMHA can do" and "how to get one", shown on every answer page (`_imha-help.md`).
    pub imha_help_html: String,
    pub questions: Vec<QuestionText>,
    pub outcomes: Vec<OutcomeText>,
    /// Every link in the flow's wording, with its file, for the site-wide link check.
    pub links: Vec<(String, Link)>,
}

/// The labels `_flow.md` must give.
pub const LABELS: &[&str] = &[
    "continue_button",
    "back",
    "change",
    "your_answers",
    "start_again",
    "error_summary",
    "error_prefix",
    "error_title",
    "legal_basis",
    "rules_reviewed",
    "not_advice",
    "ask_for_imha",
];

/// Loads and checks `dir` (normally `content/check`) against the flow.
pub fn load(dir: &Path, phone: &Phone, spec: &FlowSpec) -> Result<CheckText, ContentError> {
    load_with(dir, phone, spec, None)
}

/// [`load`], with the first use of each term on an answer page linked to the words page.
pub fn load_with(
    dir: &Path,
    phone: &Phone,
    spec: &FlowSpec,
    glossary: Option<&Glossary>,
) -> Result<CheckText, ContentError> {
    let mut links = Vec::new();
    let mut collect = |file: &str, found: Vec<Link>| {
        links.extend(found.into_iter().map(|l| (file.to_string(), l)))
    };

    let (file, text) = read(&dir.join("_flow.md"))?;
    let (fm, body) = front_matter::split(&file, &text)?;
    let labels = fm.exactly(LABELS)?;
    let no_script = markdown::render(&file, &body, fm.body_line, phone)?;
    collect(&file, no_script.links);

    let (file, text) = read(&dir.join("_imha-help.md"))?;
    let (fm, body) = front_matter::split(&file, &text)?;
    fm.only(&[])?;
    let help = markdown::render(&file, &body, fm.body_line, phone)?;
    collect(&file, help.links);

    let mut questions = Vec::new();
    for (key, values) in &spec.questions {
        let (file, text) = read(&dir.join(format!("{key}.md")))?;
        let (fm, body) = front_matter::split(&file, &text)?;
        check_option_fields(&fm, &file, values)?;
        // Below a `***` line: words shown after the answers, where a link does not come between
        // the question and its answers for someone moving with Tab.
        let (hint_md, after_md) = match body.split_once("\n***\n") {
            Some((hint, after)) => (hint.to_string(), after.to_string()),
            None => (body.clone(), String::new()),
        };
        let after_line = fm.body_line + hint_md.matches('\n').count() + 2;
        let after = markdown::render(&file, &after_md, after_line, phone)?;
        collect(&file, after.links);
        let hint = markdown::render(&file, &hint_md, fm.body_line, phone)?;
        if !hint.links.is_empty() {
            return Err(ContentError::new(
                &file,
                fm.body_line,
                "a link above the answers comes between the question and its answers for someone using Tab: put it after a `***` line".into(),
            ));
        }
        if hint.heading.is_some() {
            return Err(ContentError::new(
                &file,
                fm.body_line,
                "the question is the page heading: write it as `question:`, not `# heading`".into(),
            ));
        }
        collect(&file, hint.links);
        let options = values
            .iter()
            .map(|v| {
                Ok(OptionText {
                    value: v.clone(),
                    label: fm.require(&format!("option.{v}"))?.to_string(),
                    hint: fm.get(&format!("hint.{v}")).map(str::to_string),
                })
            })
            .collect::<Result<Vec<_>, ContentError>>()?;
        questions.push(QuestionText {
            key: key.clone(),
            title: fm.require("title")?.to_string(),
            question: fm.require("question")?.to_string(),
            error: fm.require("error")?.to_string(),
            hint_html: hint.html,
            after_html: after.html,
            options,
        });
    }

    let mut outcomes = Vec::new();
    for id in &spec.outcomes {
        let (file, text) = read(&dir.join("result").join(format!("{id}.md")))?;
        let (fm, body) = front_matter::split(&file, &text)?;
        fm.only(&["title", "legal_basis"])?;
        let options = markdown::RenderOptions {
            glossary,
            heading_ids: false,
            easy_read: false,
        };
        let rendered = markdown::render_with(&file, &body, fm.body_line, phone, options)?;
        let heading = rendered.heading.ok_or_else(|| {
            ContentError::new(
                &file,
                fm.body_line,
                "start with the outcome in one sentence as `# heading`".into(),
            )
        })?;
        collect(&file, rendered.links);
        // The heading is shown on its own, in the answer panel; the rest follows the legal basis.
        let html = crate::rewrite::without_heading(&rendered.html);
        outcomes.push(OutcomeText {
            id: id.clone(),
            title: fm.require("title")?.to_string(),
            heading,
            legal_basis: fm.require("legal_basis")?.to_string(),
            html,
        });
    }
    refuse_strays(&dir.join("result"), &spec.outcomes, "outcome")?;
    let keys: Vec<String> = spec.questions.iter().map(|(k, _)| k.clone()).collect();
    refuse_strays(dir, &keys, "question")?;

    Ok(CheckText {
        labels,
        no_script_html: no_script.html,
        imha_help_html: help.html,
        questions,
        outcomes,
        links,
    })
}

/// Only `title`, `question`, `error`, and `option.`/`hint.` for the question's real values.
fn check_option_fields(
    fm: &FrontMatter,
    file: &str,
    values: &[String],
) -> Result<(), ContentError> {
    for (key, line) in fm.keys() {
        let known = match key.split_once('.') {
            Some(("option" | "hint", value)) => values.iter().any(|v| v == value),
            None => ["title", "question", "error"].contains(&key),
            _ => false,
        };
        if !known {
            return Err(ContentError::new(
                file,
                line,
                format!(
                    "unknown field `{key}`: this question's answers are {}",
                    values.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// A wording file for a question or outcome the flow does not have is a mistake (a typo in
/// its name, or an outcome that was removed).
fn refuse_strays(dir: &Path, known: &[String], what: &str) -> Result<(), ContentError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if path.extension().is_some_and(|e| e == "md")
            && !stem.starts_with('_')
            && !known.iter().any(|k| k == stem)
        {
            return Err(ContentError::new(
                &path.display().to_string(),
                1,
                format!("there is no {what} `{stem}` in the flow (src/check/flow.rs)"),
            ));
        }
    }
    Ok(())
}

/// The Rust source for the app's `src/check/text.rs`.
pub fn to_rust(text: &CheckText, base: &str, wording: &mut Wording) -> String {
    let b = |html: &str| crate::with_base(html, base);
    let mut out = String::from(
        "// Generated by build.rs from content/check/: edit the markdown, not this file.\n\n",
    );
    out.push_str("pub static LABELS: Labels = Labels {\n");
    for (k, v) in &text.labels {
        out.push_str(&format!(
            "    {}: {},\n",
            k,
            wording.word(&format!("check.{k}"), v)
        ));
    }
    out.push_str("};\n\n");
    out.push_str(&format!(
        "pub static NO_SCRIPT_HTML: Word = {};\n\n",
        wording.word("check.no_script_html", &b(&text.no_script_html))
    ));
    out.push_str(&format!(
        "pub static IMHA_HELP_HTML: Word = {};\n\n",
        wording.word("check.imha_help_html", &b(&text.imha_help_html))
    ));
    out.push_str("pub static QUESTIONS: &[QuestionText] = &[\n");
    for q in &text.questions {
        let k = |field: &str| format!("check.{}.{field}", q.key);
        out.push_str(&format!(
            "    QuestionText {{ key: {:?}, title: {}, question: {}, error: {}, hint_html: {}, after_html: {}, options: &[\n",
            q.key,
            wording.word(&k("title"), &q.title),
            wording.word(&k("question"), &q.question),
            wording.word(&k("error"), &q.error),
            wording.word(&k("hint_html"), &b(&q.hint_html)),
            wording.word(&k("after_html"), &b(&q.after_html)),
        ));
        for o in &q.options {
            out.push_str(&format!(
                "        OptionText {{ value: {:?}, label: {}, hint: {} }},\n",
                o.value,
                wording.word(&k(&format!("option.{}", o.value)), &o.label),
                wording.optional(&k(&format!("hint.{}", o.value)), o.hint.as_deref()),
            ));
        }
        out.push_str("    ] },\n");
    }
    out.push_str("];\n\npub static OUTCOMES: &[OutcomeText] = &[\n");
    for o in &text.outcomes {
        let k = |field: &str| format!("check.result.{}.{field}", o.id);
        out.push_str(&format!(
            "    OutcomeText {{ id: {:?}, title: {}, heading: {}, legal_basis: {}, html: {} }},\n",
            o.id,
            wording.word(&k("title"), &o.title),
            wording.word(&k("heading"), &o.heading),
            wording.word(&k("legal_basis"), &o.legal_basis),
            wording.word(&k("html"), &b(&o.html)),
        ));
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> FrontMatter {
        front_matter::split("content/check/x.md", text).unwrap().0
    }

    #[test]
    fn a_link_goes_after_the_answers_not_between_the_question_and_them() {
        let dir = std::env::temp_dir().join(format!("check-after-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("result")).unwrap();
        let labels: String = LABELS.iter().map(|k| format!("{k}: x\n")).collect();
        std::fs::write(dir.join("_flow.md"), format!("---\n{labels}---\nOff.\n")).unwrap();
        std::fs::write(dir.join("_imha-help.md"), "---\n---\nHelp.\n").unwrap();
        std::fs::write(
            dir.join("result/yes.md"),
            "---\ntitle: T\nlegal_basis: L\n---\n# Yes\n",
        )
        .unwrap();
        let spec = FlowSpec {
            questions: vec![("q".into(), vec!["a".into()])],
            outcomes: vec!["yes".into()],
        };
        let phone = Phone::from_display("0300 34 35 714");
        let question = |body: &str| {
            std::fs::write(
                dir.join("q.md"),
                format!("---\ntitle: T\nquestion: Q?\nerror: E\noption.a: A\n---\n{body}"),
            )
            .unwrap();
            load(&dir, &phone, &spec)
        };
        let err = question("Hint.\n\n[Read more](/imha)\n").unwrap_err();
        assert!(err.message.contains("after a `***` line"), "{err}");
        let text = question("Hint.\n\n***\n\n[Read more](/imha)\n").unwrap();
        assert!(!text.questions[0].hint_html.contains("href"));
        assert!(text.questions[0].after_html.contains("href=\"/imha\""));
    }

    #[test]
    fn option_fields_must_match_the_flow() {
        let values = vec!["yes".to_string(), "no".to_string()];
        let good = fm("---\ntitle: T\nquestion: Q?\nerror: E\noption.yes: Yes\noption.no: No\nhint.no: H\n---\n");
        assert!(check_option_fields(&good, "f", &values).is_ok());
        let typo = fm("---\ntitle: T\noption.yse: Yes\n---\n");
        let err = check_option_fields(&typo, "content/check/x.md", &values).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("answers are yes, no"), "{err}");
    }
}
