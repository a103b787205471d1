//! The flow's wording by key, made from `content/check/` at build time (see `build.rs`): the
//! words themselves are in the wording file (`crate::wording`).

pub use crate::wording::Word;

/// Words shared by every page of the flow.
#[derive(Debug)]
pub struct Labels {
    pub continue_button: Word,
    pub back: Word,
    pub change: Word,
    pub your_answers: Word,
    pub start_again: Word,
    pub error_summary: Word,
    pub error_prefix: Word,
    /// The tab title while a problem shows: `{title}` is the page's.
    pub error_title: Word,
    pub legal_basis: Word,
    pub rules_reviewed: Word,
    pub not_advice: Word,
    /// The start link from a "yes" answer page into the referral.
    pub ask_for_imha: Word,
}

/// The words of one answer to a question.
#[derive(Debug)]
pub struct OptionText {
    pub value: &'static str,
    pub label: Word,
    /// Explains the answer in plain words, under its label.
    pub hint: Option<Word>,
}

/// The words of one question page.
#[derive(Debug)]
pub struct QuestionText {
    pub key: &'static str,
    /// Short, for the browser tab.
    pub title: Word,
    /// The question itself: the page's `h1`, inside the `legend`.
    pub question: Word,
    /// Shown when Continue is pressed with nothing chosen.
    pub error: Word,
    /// Explains the terms the question uses.
    pub hint_html: Word,
    /// Shown after the answers: where to read more (empty for most questions).
    pub after_html: Word,
    pub options: &'static [OptionText],
}

impl QuestionText {
    /// The label of an answer, for "Your answers".
    pub fn label_of(&self, value: &str) -> Option<Word> {
        self.options
            .iter()
            .find(|o| o.value == value)
            .map(|o| o.label)
    }
}

/// The words of one answer page.
#[derive(Debug)]
pub struct OutcomeText {
    pub id: &'static str,
    pub title: Word,
    /// The outcome in one sentence: the page's `h1`.
    pub heading: Word,
    pub legal_basis: Word,
    pub html: Word,
}

include!(concat!(env!("OUT_DIR"), "/check_text.rs"));

/// The words for a question key (every key in the flow has them: the build checks).
pub fn question_text(key: &str) -> Option<&'static QuestionText> {
    QUESTIONS.iter().find(|q| q.key == key)
}

/// The words for an outcome id (every outcome in the flow has them: the build checks).
pub fn outcome_text(id: &str) -> Option<&'static OutcomeText> {
    OUTCOMES.iter().find(|o| o.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_pages_have_one_h1_the_heading() {
        for outcome in OUTCOMES {
            assert!(
                !outcome.html.get().contains("<h1"),
                "{} has a second h1",
                outcome.id
            );
            assert!(!outcome.heading.get().is_empty());
        }
    }

    #[test]
    fn every_outcome_names_its_legal_basis_in_the_1983_act() {
        for outcome in OUTCOMES {
            assert!(
                outcome
                    .legal_basis
                    .get()
                    .contains("Mental Health Act 1983, section 130"),
                "{}",
                outcome.id
            );
        }
    }
}
