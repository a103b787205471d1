//! The plain-English rule the build enforces: no sentence over 25 words.
//!
//! People read these pages on a ward, on a phone, under stress, sometimes in a second language;
//! long sentences are the first thing that loses them. The check runs on every markdown body the
//! pipeline renders, so a long sentence stops the build with the file, the line and the sentence.
//!
//! What counts:
//! - a paragraph, a list item and a heading are each their own unit (a list item without a full
//!   stop does not run on into the next one);
//! - inside a unit, a sentence ends at `.`, `?` or `!` followed by a space or the end (closing
//!   quotes and brackets may come between);
//! - a word is a run of non-space characters with a letter or digit in it, so a web address is
//!   one word, and a phone number written in groups (`0300 34 35 714`) is one word too.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::ContentError;

/// The longest sentence the site allows, in words (the brief's plain-English rule).
pub const MAX_WORDS: usize = 25;

/// A run of text that sentences cannot cross: a paragraph, list item or heading.
#[derive(Debug, Default)]
pub struct Unit {
    pub text: String,
    /// Where each piece of `text` came from: (byte offset in `text`, file line).
    lines: Vec<(usize, usize)>,
    /// A heading, not a paragraph or list item.
    pub is_heading: bool,
}

impl Unit {
    fn push(&mut self, piece: &str, line: usize) {
        self.lines.push((self.text.len(), line));
        self.text.push_str(piece);
    }

    /// The file line of the text at this byte offset.
    pub fn line_at(&self, offset: usize) -> usize {
        self.lines
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .map_or(0, |(_, line)| *line)
    }
}

/// Fails with `file:line: sentence over 25 words: "…"` for the first sentence that is too long.
/// `body` is markdown whose first line is line `first_line` of `file`.
pub fn check(file: &str, body: &str, first_line: usize) -> Result<(), ContentError> {
    check_max(file, body, first_line, MAX_WORDS)
}

/// [`check`] with another limit (Easy Read pages allow 15 words).
pub fn check_max(
    file: &str,
    body: &str,
    first_line: usize,
    max: usize,
) -> Result<(), ContentError> {
    for unit in units(body, first_line) {
        for (start, sentence) in sentences(&unit.text) {
            if word_count(sentence) > max {
                return Err(too_long(file, unit.line_at(start), sentence, max));
            }
        }
    }
    Ok(())
}

/// The paragraphs, list items and headings of a markdown body, as the check reads them, with
/// the bold marks kept as `**` (for the Easy Read rule that a bold word is explained next).
pub fn units_of(body: &str, first_line: usize) -> Vec<Unit> {
    units_marked(body, first_line, true)
}

/// The sentences of one unit's text, each with its byte offset.
pub fn split(text: &str) -> Vec<(usize, &str)> {
    sentences(text)
}

/// The same check for one line of plain text, such as a front-matter field (a hint or a label).
pub fn check_text(file: &str, line: usize, text: &str) -> Result<(), ContentError> {
    for (_, sentence) in sentences(text) {
        if word_count(sentence) > MAX_WORDS {
            return Err(too_long(file, line, sentence, MAX_WORDS));
        }
    }
    Ok(())
}

/// Every sentence of a markdown body (or of a plain front-matter line), found as the check finds
/// them, with the markdown's marks gone: for checks that look for the words elsewhere, such as
/// "the app holds none of these sentences".
pub fn all_sentences(body: &str) -> Vec<String> {
    units(body, 1)
        .iter()
        .flat_map(|unit| {
            sentences(&unit.text)
                .into_iter()
                .map(|(_, s)| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn too_long(file: &str, line: usize, sentence: &str, max: usize) -> ContentError {
    let shown = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    ContentError::new(
        file,
        line,
        format!("sentence over {max} words: \"{shown}\""),
    )
}

/// The text of each paragraph, list item and heading, in order.
fn units(body: &str, first_line: usize) -> Vec<Unit> {
    units_marked(body, first_line, false)
}

/// [`units`], with `**` around bold text when `mark_bold`. The words of a picture (its alt
/// text) are not part of the sentence beside it.
fn units_marked(body: &str, first_line: usize, mark_bold: bool) -> Vec<Unit> {
    let mut in_image = 0usize;
    let line_at = |offset: usize| first_line + body[..offset].matches('\n').count();
    let mut done = Vec::new();
    // Open units; a list item holding a paragraph or a nested list keeps its own text apart.
    let mut open: Vec<Unit> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => open.push(Unit::default()),
            Event::Start(Tag::Heading { .. }) => open.push(Unit {
                is_heading: true,
                ..Unit::default()
            }),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) if mark_bold => {
                if let Some(unit) = open.last_mut() {
                    unit.push("**", line_at(range.start));
                }
            }
            _ if in_image > 0 => {}
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some(unit) = open.pop() {
                    done.push(unit);
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(unit) = open.last_mut() {
                    unit.push(&t, line_at(range.start));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(unit) = open.last_mut() {
                    unit.push(" ", line_at(range.start));
                }
            }
            _ => {}
        }
    }
    done.sort_by_key(|u| u.lines.first().map_or(0, |(_, line)| *line));
    done
}

/// Splits a unit into sentences, each with its byte offset in the unit.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(_, c)) in chars.iter().enumerate() {
        // The danda (।) ends a sentence in Punjabi (Gurmukhi) and Nepali (Devanagari).
        if !matches!(c, '.' | '?' | '!' | '।' | '॥') {
            continue;
        }
        // Closing quotes and brackets belong to the sentence they close.
        let mut j = i + 1;
        while j < chars.len()
            && matches!(chars[j].1, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
        {
            j += 1;
        }
        if j == chars.len() || chars[j].1.is_whitespace() {
            let end = chars.get(j).map_or(text.len(), |&(pos, _)| pos);
            out.push((start, &text[start..end]));
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, &text[start..]));
    }
    out.into_iter()
        .map(|(s, t)| {
            let trimmed = t.trim_start();
            (s + (t.len() - trimmed.len()), trimmed)
        })
        .collect()
}

/// Words as a reader counts them: a web address or a grouped phone number is one word.
pub fn word_count(sentence: &str) -> usize {
    let mut count = 0;
    let mut previous_was_number = false;
    for token in sentence.split_whitespace() {
        if !token.chars().any(char::is_alphanumeric) {
            continue;
        }
        let is_number = token
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '+')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+');
        if !(is_number && previous_was_number) {
            count += 1;
        }
        // "4, 5" is two numbers; "0300 34 35 714" is one.
        previous_was_number = is_number && token.ends_with(|c: char| c.is_ascii_digit());
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_sentences_come_without_the_marks() {
        let body = "# A *heading* here\n\nOne [link](/x). Two **bold**\nwords!\n\n- an item\n";
        assert_eq!(
            all_sentences(body),
            ["A heading here", "One link.", "Two bold words!", "an item"]
        );
    }

    /// The examples `listen.js` is tested against too (tests/listen.rs), so the browser finds
    /// the sentences it reads aloud exactly as this check finds them.
    #[test]
    fn the_shared_examples_split_as_listen_splits_them() {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../sentence-cases.json")).unwrap();
        for case in cases {
            let text = case["text"].as_str().unwrap();
            let found: Vec<String> = sentences(text)
                .into_iter()
                .map(|(_, s)| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            let expected: Vec<&str> = case["sentences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    fn words(n: usize) -> String {
        (1..=n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_sentence_of_25_words_passes() {
        let body = format!("# Title\n\n{}. Short one.\n", words(25));
        check("content/x.md", &body, 5).unwrap();
    }

    #[test]
    fn a_sentence_of_26_words_fails_naming_file_line_and_sentence() {
        let long = words(26);
        let body = format!("# Title\n\nFine.\n\nA short start. {long}. The end.\n");
        let err = check("content/x.md", &body, 5).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("content/x.md:9: sentence over 25 words: \"{long}.\"")
        );
    }

    #[test]
    fn a_sentence_over_several_lines_is_named_at_its_first_line() {
        let body = format!("# T\n\nOne.\n{}\n{}.\n", words(13), words(13));
        let err = check("content/x.md", &body, 1).unwrap_err();
        assert_eq!(err.line, 4, "{err}");
    }

    #[test]
    fn list_items_and_headings_are_their_own_units() {
        let item = words(20);
        let body = format!("# {item}\n\n* {item}\n* {item}\n\n## {item}\n");
        check("content/x.md", &body, 1).unwrap();
        let err = check("content/x.md", &format!("* {}\n", words(26)), 1).unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn only_a_stop_followed_by_a_space_ends_a_sentence() {
        assert_eq!(
            sentences("Call 0300 34 35 714. See www.nhs.uk now? Yes! \"Quoted.\" End"),
            vec![
                (0, "Call 0300 34 35 714."),
                (21, "See www.nhs.uk now?"),
                (41, "Yes!"),
                (46, "\"Quoted.\""),
                (56, "End"),
            ]
        );
    }

    #[test]
    fn addresses_and_grouped_numbers_count_as_one_word() {
        assert_eq!(word_count("Call 0300 34 35 714 now."), 3);
        assert_eq!(
            word_count("Go to https://www.example.org/a/b?c=d today."),
            4
        );
        assert_eq!(word_count("Section 57 - and 130C(3)"), 4);
        assert_eq!(word_count("sections 4, 5 and 135"), 5);
        assert_eq!(word_count("It's free, for you."), 4);
    }

    #[test]
    fn a_link_inside_a_sentence_is_counted_as_its_words() {
        let body = format!("{} [three more words](/imha).\n", words(23));
        let err = check("content/x.md", &body, 1).unwrap_err();
        assert!(err.message.contains("three more words"), "{err}");
    }
}
