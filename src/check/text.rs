//! The flow's wording, made from `content/check/` at build time (see `build.rs`).

/// Words shared by every page of the flow.
#[derive(Debug)]
pub struct Labels {
    pub continue_button: &'static str,
    pub back: &'static str,
    pub change: &'static str,
    pub your_answers: &'static str,
    pub start_again: &'static str,
    pub error_summary: &'static str,
    pub error_prefix: &'static str,
    pub legal_basis: &'static str,
    pub rules_reviewed: &'static str,
    pub not_advice: &'static str,
    /// The start link from a "yes" answer page into the referral.
    pub ask_for_imha: &'static str,
}

/// The words of one answer to a question.
#[derive(Debug)]
pub struct OptionText {
    pub value: &'static str,
    pub label: &'static str,
    /// Explains the answer in plain words, under its label.
    pub hint: Option<&'static str>,
}

/// The words of one question page.
#[derive(Debug)]
pub struct QuestionText {
    pub key: &'static str,
    /// Short, for the browser tab.
    pub title: &'static str,
    /// The question itself: the page's `h1`, inside the `legend`.
    pub question: &'static str,
    /// Shown when Continue is pressed with nothing chosen.
    pub error: &'static str,
    /// Explains the terms the question uses.
    pub hint_html: &'static str,
    pub options: &'static [OptionText],
}

impl QuestionText {
    /// The label of an answer, for "Your answers".
    pub fn label_of(&self, value: &str) -> Option<&'static str> {
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
    pub title: &'static str,
    /// The outcome in one sentence: the page's `h1`.
    pub heading: &'static str,
    pub legal_basis: &'static str,
    pub html: &'static str,
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
                !outcome.html.contains("<h1"),
                "{} has a second h1",
                outcome.id
            );
            assert!(!outcome.heading.is_empty());
        }
    }

    #[test]
    fn every_outcome_names_its_legal_basis_in_the_1983_act() {
        for outcome in OUTCOMES {
            assert!(
                outcome
                    .legal_basis
                    .contains("Mental Health Act 1983, section 130"),
                "{}",
                outcome.id
            );
        }
    }
}
