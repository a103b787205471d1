//! "Words we use" (`content/words.md`, the `/words` page) and the links to it from every page.
//!
//! A legal term must be explained where a page first uses it, or link to its entry. Writing those
//! links by hand in every page goes stale, so the pipeline makes them: it reads the terms from the
//! `## Term (ABBR)` headings of `content/words.md` and links the first use of each term in the body
//! text of every other page to `/words#<id>`.
//!
//! Matching rules, so a link lands only where a reader expects it:
//! - paragraphs and list items only: not headings, not quotations, not inside an existing link;
//! - whole words, with an optional plural `s` ("tribunals", "CTOs");
//! - the term is matched ignoring case; its abbreviation (`AMHP`, `CTO`) only in capitals;
//! - the longest term wins where two start at the same word ("liable to be detained" over
//!   "detained"), and only the first use of each entry on a page is linked.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::markdown::Link;
use crate::ContentError;

/// The route of the words page, which every automatic link points to.
pub const WORDS_ROUTE: &str = "/words";

/// One entry of the words page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as written before any bracket, e.g. "Approved mental health professional".
    pub name: String,
    /// The abbreviation in brackets, e.g. "AMHP", matched in capitals only.
    pub abbreviation: Option<String>,
    /// The entry's anchor on the words page, e.g. "approved-mental-health-professional".
    pub id: String,
}

/// Every term of the words page, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

/// The anchor id of a heading: lower case, letters and digits, words joined by `-`.
/// Apostrophes vanish ("managers' hearing" → "managers-hearing").
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’') {
            continue;
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Splits `Approved mental health professional (AMHP)` into the term and its abbreviation.
fn split_heading(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    if let Some(open) = text.rfind(" (") {
        if let Some(inner) = text[open + 2..].strip_suffix(')') {
            return (
                text[..open].trim().to_string(),
                Some(inner.trim().to_string()),
            );
        }
    }
    (text.to_string(), None)
}

/// The id a words-page heading gets: the slug of the text before the bracket.
pub fn heading_id(text: &str) -> String {
    slug(&split_heading(text).0)
}

/// Reads the terms from the `##` headings of the words page's markdown body.
pub fn parse(file: &str, body: &str, first_line: usize) -> Result<Glossary, ContentError> {
    let line_at = |offset: usize| first_line + body[..offset].matches('\n').count();
    let mut terms: Vec<Term> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((String::new(), line_at(range.start))),
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                let Some((text, line)) = current.take() else {
                    continue;
                };
                let (name, abbreviation) = split_heading(&text);
                let id = slug(&name);
                if id.is_empty() {
                    return Err(ContentError::new(file, line, "an empty term".into()));
                }
                if abbreviation.as_ref().is_some_and(|a| {
                    a.is_empty() || !a.chars().all(|c| c.is_ascii_uppercase() || c == '-')
                }) {
                    return Err(ContentError::new(
                        file,
                        line,
                        "the bracket after a term is its abbreviation in capitals, e.g. `(AMHP)`"
                            .into(),
                    ));
                }
                if terms.iter().any(|t| t.id == id) {
                    return Err(ContentError::new(
                        file,
                        line,
                        format!("`{name}` is on the page twice"),
                    ));
                }
                terms.push(Term {
                    name,
                    abbreviation,
                    id,
                });
            }
            _ => {}
        }
    }
    if terms.is_empty() {
        return Err(ContentError::new(
            file,
            first_line,
            "no terms: write each as a `## Term` heading".into(),
        ));
    }
    Ok(Glossary { terms })
}

/// Gives each `##` heading of the words page its entry's id, so `/words#<id>` lands on it.
pub fn add_heading_ids(events: &mut [(Event, usize)]) {
    let mut i = 0;
    while i < events.len() {
        if matches!(
            events[i].0,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            })
        ) {
            let text: String = events[i + 1..]
                .iter()
                .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
                .filter_map(|(e, _)| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(heading_id(&text)));
            }
        }
        i += 1;
    }
}

/// One way of writing an entry: its term (any case) or its abbreviation (capitals).
struct Pattern {
    text: Vec<char>,
    case_sensitive: bool,
    entry: usize,
}

fn patterns(glossary: &Glossary) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (entry, term) in glossary.terms.iter().enumerate() {
        out.push(Pattern {
            text: term.name.chars().collect(),
            case_sensitive: false,
            entry,
        });
        if let Some(abbreviation) = &term.abbreviation {
            out.push(Pattern {
                text: abbreviation.chars().collect(),
                case_sensitive: true,
                entry,
            });
        }
    }
    out
}

fn same_char(a: char, b: char, case_sensitive: bool) -> bool {
    let norm = |c: char| if c == '’' { '\'' } else { c };
    let (a, b) = (norm(a), norm(b));
    a == b || (!case_sensitive && a.to_lowercase().eq(b.to_lowercase()))
}

/// How many chars of `text` from `start` the pattern covers (with an optional plural `s`), if it
/// matches there as whole words. A space in the term matches any run of white space.
fn match_at(text: &[char], start: usize, pattern: &Pattern) -> Option<usize> {
    let mut i = start;
    for &p in &pattern.text {
        if p == ' ' {
            if i >= text.len() || !text[i].is_whitespace() {
                return None;
            }
            while i < text.len() && text[i].is_whitespace() {
                i += 1;
            }
        } else {
            if i >= text.len() || !same_char(text[i], p, pattern.case_sensitive) {
                return None;
            }
            i += 1;
        }
    }
    let ends_word = |at: usize| at >= text.len() || !text[at].is_alphanumeric();
    if text.get(i) == Some(&'s') && ends_word(i + 1) {
        return Some(i + 1 - start);
    }
    ends_word(i).then_some(i - start)
}

/// Splits one run of text into text and links: the first use of each entry not yet `used`.
fn link_text(text: &str, patterns: &[Pattern], used: &mut [bool]) -> Vec<(String, Option<usize>)> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        let best = if word_start {
            patterns
                .iter()
                .filter_map(|p| match_at(&chars, i, p).map(|len| (len, p.entry)))
                .max_by_key(|(len, _)| *len)
        } else {
            None
        };
        match best {
            Some((len, entry)) => {
                let found: String = chars[i..i + len].iter().collect();
                if used[entry] {
                    plain.push_str(&found);
                } else {
                    used[entry] = true;
                    if !plain.is_empty() {
                        pieces.push((std::mem::take(&mut plain), None));
                    }
                    pieces.push((found, Some(entry)));
                }
                i += len;
            }
            None => {
                plain.push(chars[i]);
                i += 1;
            }
        }
    }
    if !plain.is_empty() {
        pieces.push((plain, None));
    }
    pieces
}

/// Links the first use of each term in a page's body text to its entry on the words page.
/// Returns the events with the links in place, and the links made (for the site's link check).
pub fn link_terms<'a>(
    events: Vec<(Event<'a>, usize)>,
    glossary: &Glossary,
) -> (Vec<(Event<'a>, usize)>, Vec<Link>) {
    let patterns = patterns(glossary);
    let mut used = vec![false; glossary.terms.len()];
    let mut out: Vec<(Event<'a>, usize)> = Vec::with_capacity(events.len());
    let mut links = Vec::new();
    // Where body text may be linked: inside a paragraph or list item, outside headings,
    // quotations and links.
    let mut blocks = 0usize;
    let mut blocked = 0usize;
    let mut run: Option<(String, usize)> = None;

    let flush = |run: &mut Option<(String, usize)>,
                 out: &mut Vec<(Event<'a>, usize)>,
                 links: &mut Vec<Link>,
                 used: &mut [bool]| {
        let Some((text, line)) = run.take() else {
            return;
        };
        for (piece, entry) in link_text(&text, &patterns, used) {
            match entry {
                None => out.push((Event::Text(CowStr::from(piece)), line)),
                Some(entry) => {
                    let href = format!("{WORDS_ROUTE}#{}", glossary.terms[entry].id);
                    links.push(Link {
                        href: href.clone(),
                        line,
                    });
                    out.push((
                        Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: CowStr::from(href),
                            title: CowStr::Borrowed(""),
                            id: CowStr::Borrowed(""),
                        }),
                        line,
                    ));
                    out.push((Event::Text(CowStr::from(piece)), line));
                    out.push((Event::End(TagEnd::Link), line));
                }
            }
        }
    };

    for (event, line) in events {
        let linkable = blocks > 0 && blocked == 0;
        match &event {
            Event::Text(t) if linkable => {
                run.get_or_insert_with(|| (String::new(), line))
                    .0
                    .push_str(t);
                continue;
            }
            Event::SoftBreak if linkable => {
                run.get_or_insert_with(|| (String::new(), line))
                    .0
                    .push('\n');
                continue;
            }
            _ => {}
        }
        flush(&mut run, &mut out, &mut links, &mut used);
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item) => blocks += 1,
            Event::End(TagEnd::Paragraph | TagEnd::Item) => blocks = blocks.saturating_sub(1),
            Event::Start(Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::Link { .. }) => {
                blocked += 1
            }
            Event::End(TagEnd::Heading(_) | TagEnd::BlockQuote(_) | TagEnd::Link) => {
                blocked = blocked.saturating_sub(1)
            }
            _ => {}
        }
        out.push((event, line));
    }
    flush(&mut run, &mut out, &mut links, &mut used);
    (out, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        let body = "# Words\n\n## Detained\n\nHeld.\n\n## Liable to be detained\n\nText.\n\n\
                    ## Approved mental health professional (AMHP)\n\nText.\n\n\
                    ## Community treatment order (CTO)\n\nText.\n\n\
                    ## Hospital managers' hearing\n\nText.\n\n## Tribunal\n\nText.\n";
        parse("content/words.md", body, 5).unwrap()
    }

    #[test]
    fn terms_ids_and_abbreviations_come_from_the_headings() {
        let g = glossary();
        let t = &g.terms[2];
        assert_eq!(t.name, "Approved mental health professional");
        assert_eq!(t.abbreviation.as_deref(), Some("AMHP"));
        assert_eq!(t.id, "approved-mental-health-professional");
        assert_eq!(g.terms[4].id, "hospital-managers-hearing");
        assert_eq!(slug("Section 117 aftercare"), "section-117-aftercare");
    }

    #[test]
    fn a_repeated_term_or_a_lower_case_bracket_is_refused_with_its_line() {
        let err = parse("f", "## Tribunal\n\nx\n\n## Tribunal\n", 3).unwrap_err();
        assert_eq!(err.to_string(), "f:7: `Tribunal` is on the page twice");
        let err = parse("f", "## Leave (from hospital)\n", 3).unwrap_err();
        assert_eq!(err.line, 3);
    }

    fn link(text: &str) -> String {
        let g = glossary();
        let p = patterns(&g);
        let mut used = vec![false; g.terms.len()];
        link_text(text, &p, &mut used)
            .into_iter()
            .map(|(t, e)| match e {
                Some(e) => format!("[{t}->{}]", g.terms[e].id),
                None => t,
            })
            .collect()
    }

    #[test]
    fn whole_words_only_with_an_optional_plural() {
        assert_eq!(link("Two tribunals."), "Two [tribunals->tribunal].");
        assert_eq!(
            link("Tribunalese and retribunal."),
            "Tribunalese and retribunal."
        );
        assert_eq!(
            link("The tribunal's panel"),
            "The [tribunal->tribunal]'s panel"
        );
    }

    #[test]
    fn first_use_only_across_term_and_abbreviation() {
        assert_eq!(
            link("A community treatment order (CTO). CTOs end."),
            "A [community treatment order->community-treatment-order] (CTO). CTOs end."
        );
        assert_eq!(
            link("CTOs and a CTO"),
            "[CTOs->community-treatment-order] and a CTO"
        );
    }

    #[test]
    fn abbreviations_match_in_capitals_only_terms_in_any_case() {
        assert_eq!(link("an amhp"), "an amhp");
        assert_eq!(
            link("an AMHP"),
            "an [AMHP->approved-mental-health-professional]"
        );
        assert_eq!(link("DETAINED"), "[DETAINED->detained]");
    }

    #[test]
    fn the_longest_term_wins_and_spans_line_breaks() {
        assert_eq!(
            link("liable to\nbe detained, then detained"),
            "[liable to\nbe detained->liable-to-be-detained], then [detained->detained]"
        );
        assert_eq!(
            link("a hospital managers’ hearing"),
            "a [hospital managers’ hearing->hospital-managers-hearing]"
        );
    }

    fn page(md: &str) -> String {
        let events: Vec<(Event, usize)> = Parser::new_ext(md, Options::empty())
            .map(|e| (e, 1))
            .collect();
        let (events, _) = link_terms(events, &glossary());
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        html
    }

    #[test]
    fn headings_links_and_quotes_are_left_alone_and_the_next_use_is_linked() {
        let html = page(
            "# Tribunal\n\n## Tribunal\n\n> A tribunal.\n\n[the tribunal](/x) and\n\n* a tribunal\n* a tribunal\n",
        );
        assert_eq!(html.matches("/words#tribunal").count(), 1, "{html}");
        assert!(
            html.contains(
                "<li>a <a href=\"/words#tribunal\">tribunal</a></li>\n<li>a tribunal</li>"
            ),
            "{html}"
        );
        assert!(html.contains("<h1>Tribunal</h1>"), "{html}");
        assert!(html.contains("<a href=\"/x\">the tribunal</a>"), "{html}");
    }

    #[test]
    fn heading_ids_use_the_text_before_the_bracket() {
        let md = "## Approved mental health professional (AMHP)\n";
        let mut events: Vec<(Event, usize)> = Parser::new_ext(md, Options::empty())
            .map(|e| (e, 1))
            .collect();
        add_heading_ids(&mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        assert_eq!(
            html,
            "<h2 id=\"approved-mental-health-professional\">Approved mental health professional (AMHP)</h2>\n"
        );
    }
}
