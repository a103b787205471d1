//! Easy Read: the rules the build holds Easy Read pages to, and how each point's picture is drawn.
//!
//! Easy Read pages (`content/easy-read/*.md`, `content/leaflets/easy-read-*.md`) are for people
//! who find ordinary text hard. Each rule below stops the build with `file:line: what to fix`:
//!
//! - a sentence has at most [`MAX_WORDS`] words (the site's 25 elsewhere);
//! - every point (a paragraph or a list item) starts with its picture, written
//!   `![](healthicons:phone)` (alt text only when the picture adds something the words do not);
//! - a **hard word** in bold is explained in the next sentence, so it cannot be the last sentence
//!   of its point;
//! - no italics, no block capitals (short names such as IMHA and NHS are allowed, see
//!   [`CAPITALS_ALLOWED`]);
//! - the same word for the same thing: the words in [`SAME_WORD`] are refused with the word
//!   these pages use instead;
//! - at most [`MAX_PAGE_WORDS`] words a page.
//!
//! A picture becomes `<img>` with its width and height (nothing shifts as it loads), from the
//! site's own files (`/easy-read/pictures/<set>-<name>.svg`), lazily after the first few; the
//! point's words go in a `<span>` beside it, so the picture stays on their left at any width.

use maud::html;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::sentences::{self, word_count};
use crate::ContentError;

/// The longest sentence an Easy Read page allows, in words.
pub const MAX_WORDS: usize = 15;

/// The most words an Easy Read page may have ("about 1,000 a page at most").
pub const MAX_PAGE_WORDS: usize = 1000;

/// The size a picture is drawn at, in CSS pixels.
pub const PICTURE_SIZE: u32 = 56;

/// How many pictures on a page load at once; the rest, below the first screen, load lazily.
const EAGER_PICTURES: usize = 2;

/// Where the pictures are, under `content/` and in the built site.
pub const PICTURE_FOLDER: &str = "easy-read/pictures";

/// A set of pictures the pages may use, with its licence for the pictures page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureSet {
    /// As written in content: `![](healthicons:phone)`.
    pub prefix: &'static str,
    pub name: &'static str,
    /// The licence as its npm package states it.
    pub licence: &'static str,
}

/// Health Icons first; OpenMoji where no Health Icon fits. Nothing under a non-commercial licence.
pub const PICTURE_SETS: &[PictureSet] = &[
    PictureSet {
        prefix: "healthicons",
        name: "Health Icons",
        licence: "MIT",
    },
    PictureSet {
        prefix: "openmoji",
        name: "OpenMoji",
        licence: "CC BY-SA 4.0",
    },
];

/// Short names written in capitals that Easy Read pages may use; any other word in capitals is
/// refused (block capitals are hard to read).
pub const CAPITALS_ALLOWED: &[&str] = &[
    "IMHA", "IMHAs", "NHS", "CTO", "ECT", "SOAD", "PDF", "A4", "MIT", "CC", "BY-SA",
];

/// One thing, one word: (a word these pages do not use, the word they use instead).
pub const SAME_WORD: &[(&str, &str)] = &[
    ("sectioned", "detained"),
    ("psychiatrist", "doctor"),
    ("medication", "medicine"),
    ("telephone", "phone"),
    ("ring", "call"),
    ("lawyer", "solicitor"),
];

/// Is the page at this address an Easy Read page?
pub fn is_easy_read(route: &str) -> bool {
    route == "/easy-read"
        || route.starts_with("/easy-read/")
        || route.starts_with("/leaflets/easy-read")
}

/// A picture a page uses: `healthicons:phone` is the set `healthicons` and the name `phone`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Picture {
    pub set: String,
    pub name: String,
    /// The line of content it is on.
    pub line: usize,
}

impl Picture {
    /// Its file name, under [`PICTURE_FOLDER`]: `healthicons-phone.svg`.
    pub fn file_name(&self) -> String {
        format!("{}-{}.svg", self.set, self.name)
    }
}

/// Reads `healthicons:phone` as a picture, or says what is wrong.
pub fn parse_picture(file: &str, line: usize, address: &str) -> Result<Picture, ContentError> {
    let wrong = || {
        let sets: Vec<&str> = PICTURE_SETS.iter().map(|s| s.prefix).collect();
        ContentError::new(
            file,
            line,
            format!(
                "picture `{address}`: write a picture as ![](set:name), the set one of {}",
                sets.join(", ")
            ),
        )
    };
    let (set, name) = address.split_once(':').ok_or_else(wrong)?;
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !PICTURE_SETS.iter().any(|s| s.prefix == set) || !name_ok {
        return Err(wrong());
    }
    Ok(Picture {
        set: set.to_string(),
        name: name.to_string(),
        line,
    })
}

/// The word rules, on the markdown body (after `{{phone}}` is filled in): sentence length,
/// bold words explained, capitals, the same word for the same thing, the page's length.
pub fn check_words(file: &str, body: &str, first_line: usize) -> Result<(), ContentError> {
    sentences::check_max(file, body, first_line, MAX_WORDS)?;
    let mut total = 0;
    for unit in sentences::units_of(body, first_line) {
        let all = sentences::split(&unit.text);
        for (i, (start, sentence)) in all.iter().enumerate() {
            let line = unit.line_at(*start);
            total += word_count(sentence);
            if sentence.contains("**") && i + 1 == all.len() && !unit.is_heading {
                return Err(ContentError::new(
                    file,
                    line,
                    format!("a hard word in bold needs the next sentence to explain it, in the same point: \"{sentence}\""),
                ));
            }
            check_capitals(file, line, sentence)?;
            check_same_word(file, line, sentence)?;
        }
    }
    if total > MAX_PAGE_WORDS {
        return Err(ContentError::new(
            file,
            first_line,
            format!("an Easy Read page has at most {MAX_PAGE_WORDS} words; this one has {total}: split it or say less"),
        ));
    }
    Ok(())
}

fn check_capitals(file: &str, line: usize, sentence: &str) -> Result<(), ContentError> {
    for word in sentence.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let shouting = letters >= 2
            && word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if shouting && !CAPITALS_ALLOWED.contains(&word) {
            return Err(ContentError::new(
                file,
                line,
                format!("`{word}` is in capitals: Easy Read uses no block capitals (short names allowed: {})", CAPITALS_ALLOWED.join(", ")),
            ));
        }
    }
    Ok(())
}

fn check_same_word(file: &str, line: usize, sentence: &str) -> Result<(), ContentError> {
    let lower = format!(
        " {} ",
        sentence
            .to_lowercase()
            .replace(['.', ',', '?', '!', '*', ':'], " ")
    );
    for (avoid, instead) in SAME_WORD {
        if lower.contains(&format!(" {} ", avoid.to_lowercase())) {
            return Err(ContentError::new(
                file,
                line,
                format!("Easy Read pages say \"{instead}\", not \"{avoid}\": the same word for the same thing on every page"),
            ));
        }
    }
    Ok(())
}

/// A markdown event with the file line it comes from.
pub type Located = (Event<'static>, usize);

/// Puts each point's picture beside its words, and checks every point has one. A point is a
/// paragraph outside a list, a list item, or (in a list with blank lines between its items) the
/// item's first paragraph.
pub fn shape_points(
    file: &str,
    events: Vec<Located>,
) -> Result<(Vec<Located>, Vec<Picture>), ContentError> {
    let mut out = Vec::with_capacity(events.len());
    let mut pictures = Vec::new();
    // One entry per open paragraph or item: (is an item, the point's words are open in a span).
    let mut open: Vec<(bool, bool)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, line) = (&events[i].0, events[i].1);
        match event {
            Event::Start(Tag::Item) | Event::Start(Tag::Paragraph) => {
                let is_item = matches!(event, Event::Start(Tag::Item));
                let next_is_paragraph = matches!(
                    events.get(i + 1).map(|e| &e.0),
                    Some(Event::Start(Tag::Paragraph))
                );
                let is_point = match open.last() {
                    // A loose item: its first paragraph is the point.
                    _ if is_item && next_is_paragraph => false,
                    _ if is_item => true,
                    None => true,
                    // The first paragraph of a loose item, not a later one.
                    Some(&(true, _)) => matches!(
                        out.last().map(|e: &(Event, usize)| &e.0),
                        Some(Event::Start(Tag::Item))
                    ),
                    Some(_) => true,
                };
                out.push(events[i].clone());
                i += 1;
                if !is_point {
                    open.push((is_item, false));
                    continue;
                }
                let Some((Event::Start(Tag::Image { dest_url, .. }), _)) = events.get(i) else {
                    return Err(ContentError::new(
                        file,
                        line,
                        "every point on an Easy Read page starts with its picture: ![](healthicons:name)".into(),
                    ));
                };
                let picture = parse_picture(file, line, dest_url)?;
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                    .map_or(i, |p| p + i);
                let alt: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                out.push((
                    Event::Html(CowStr::from(picture_html(
                        &picture,
                        alt.trim(),
                        pictures.len(),
                    ))),
                    line,
                ));
                pictures.push(picture);
                open.push((is_item, true));
                i = end + 1;
                // The space between the picture and the words.
                if let Some((Event::Text(t), l)) = events.get(i) {
                    let words = t.trim_start().to_string();
                    if !words.is_empty() {
                        out.push((Event::Text(CowStr::from(words)), *l));
                    }
                    i += 1;
                }
                continue;
            }
            Event::End(TagEnd::Item) | Event::End(TagEnd::Paragraph) => {
                if let Some((_, true)) = open.pop() {
                    out.push((Event::Html(CowStr::from("</span>")), line));
                }
                out.push(events[i].clone());
            }
            Event::Start(Tag::Image { .. }) => {
                return Err(ContentError::new(
                    file,
                    line,
                    "a picture goes first in its point, one a point".into(),
                ));
            }
            Event::Start(Tag::Emphasis) => {
                return Err(ContentError::new(
                    file,
                    line,
                    "no italics on Easy Read pages: use **bold** for a hard word, and explain it"
                        .into(),
                ));
            }
            _ => out.push(events[i].clone()),
        }
        i += 1;
    }
    Ok((out, pictures))
}

/// The picture, then the opening of the point's words (closed at the point's end).
fn picture_html(picture: &Picture, alt: &str, before: usize) -> String {
    let lazy = before >= EAGER_PICTURES;
    let img = html! {
        img.picture src={ "/" (PICTURE_FOLDER) "/" (picture.file_name()) } alt=(alt)
            width=(PICTURE_SIZE) height=(PICTURE_SIZE)
            loading=[lazy.then_some("lazy")] decoding="async";
    };
    format!("{}<span class=\"point__words\">", img.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render_with, Phone, RenderOptions};

    fn render(md: &str) -> Result<crate::markdown::Rendered, ContentError> {
        let options = RenderOptions {
            easy_read: true,
            ..RenderOptions::default()
        };
        render_with(
            "content/easy-read/x.md",
            md,
            5,
            &Phone::from_display("0300 34 35 714"),
            options,
        )
    }

    fn words(n: usize) -> String {
        (1..=n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn error(md: &str) -> String {
        render(md).unwrap_err().to_string()
    }

    #[test]
    fn a_sentence_of_15_words_passes_and_16_fails() {
        render(&format!("# T\n\n![](healthicons:phone) {}.\n", words(15))).unwrap();
        let err = error(&format!(
            "# T\n\n![](healthicons:phone) Fine.\n{}.\n",
            words(16)
        ));
        assert_eq!(
            err,
            format!(
                "content/easy-read/x.md:8: sentence over 15 words: \"{}.\"",
                words(16)
            )
        );
    }

    #[test]
    fn the_picture_words_are_not_counted_in_the_sentence() {
        let alt = words(10);
        render(&format!(
            "# T\n\n![{alt}](healthicons:phone) {}.\n",
            words(15)
        ))
        .unwrap();
    }

    #[test]
    fn a_point_without_a_picture_fails() {
        let err = error("# T\n\n![](healthicons:phone) Call us.\n\nNo picture here.\n");
        assert_eq!(
            err,
            "content/easy-read/x.md:9: every point on an Easy Read page starts with its picture: ![](healthicons:name)"
        );
        let err = error("# T\n\n- ![](healthicons:phone) One.\n- Two.\n");
        assert!(
            err.starts_with("content/easy-read/x.md:8: every point"),
            "{err}"
        );
        let err = error("# T\n\n- ![](healthicons:phone) One.\n\n- Two.\n");
        assert!(
            err.starts_with("content/easy-read/x.md:9: every point"),
            "{err}"
        );
    }

    #[test]
    fn a_picture_sits_left_of_its_words_with_its_size() {
        let out = render("# T\n\n![](healthicons:phone) Call **us** now. We answer.\n\n- ![A ward](healthicons:hospital) One.\n- ![](openmoji:printer) Two.\n\n![](healthicons:yes) Loose.\n").unwrap();
        assert!(
            out.html.contains("<p><img class=\"picture\" src=\"/easy-read/pictures/healthicons-phone.svg\" alt=\"\" width=\"56\" height=\"56\" decoding=\"async\"><span class=\"point__words\">Call <strong>us</strong> now. We answer.</span></p>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<li><img class=\"picture\" src=\"/easy-read/pictures/healthicons-hospital.svg\" alt=\"A ward\" width=\"56\" height=\"56\" decoding=\"async\"><span class=\"point__words\">One.</span></li>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains(
                "openmoji-printer.svg\" alt=\"\" width=\"56\" height=\"56\" loading=\"lazy\""
            ),
            "below the first pictures they load lazily: {}",
            out.html
        );
        let names: Vec<String> = out.pictures.iter().map(Picture::file_name).collect();
        assert_eq!(
            names,
            [
                "healthicons-phone.svg",
                "healthicons-hospital.svg",
                "openmoji-printer.svg",
                "healthicons-yes.svg"
            ]
        );
    }

    #[test]
    fn a_loose_list_item_has_its_picture_in_its_first_paragraph() {
        let out = render("# T\n\n- ![](healthicons:phone) One.\n\n- ![](healthicons:yes) Two.\n")
            .unwrap();
        assert!(
            out.html.contains("<li>\n<p><img class=\"picture\""),
            "{}",
            out.html
        );
        assert_eq!(out.html.matches("</span></p>").count(), 2, "{}", out.html);
    }

    #[test]
    fn a_bold_word_needs_the_next_sentence_to_explain_it() {
        render("# T\n\n![](healthicons:justice) A **tribunal** can end it. It is like a court.\n")
            .unwrap();
        let err = error("# T\n\n![](healthicons:justice) You can go to a **tribunal**.\n");
        assert!(err.contains("explain it"), "{err}");
        assert!(err.starts_with("content/easy-read/x.md:7:"), "{err}");
        // In a heading, a bold word is just bold.
        render("# T\n\n## The **tribunal**\n\n![](healthicons:justice) Words. More.\n").unwrap();
    }

    #[test]
    fn italics_block_capitals_and_other_words_for_the_same_thing_fail() {
        assert!(error("# T\n\n![](healthicons:yes) It is *free*.\n").contains("italics"));
        assert!(
            error("# T\n\n![](healthicons:yes) It is FREE.\n").contains("`FREE` is in capitals")
        );
        render("# T\n\n![](healthicons:yes) Ask the NHS about your IMHA.\n").unwrap();
        let err = error("# T\n\n![](healthicons:yes) You may be sectioned.\n");
        assert!(err.contains("say \"detained\", not \"sectioned\""), "{err}");
    }

    #[test]
    fn a_page_over_1000_words_fails() {
        let point = format!("- ![](healthicons:yes) {}.\n", words(10));
        let ok = format!("# T\n\n{}", point.repeat(99));
        render(&ok).unwrap();
        let err = error(&format!("# T\n\n{}", point.repeat(101)));
        assert!(
            err.contains("at most 1000 words; this one has 1011"),
            "{err}"
        );
    }

    #[test]
    fn pictures_come_from_the_two_sets_only() {
        let err = error("# T\n\n![](arasaac:phone) Call us.\n");
        assert!(
            err.contains("the set one of healthicons, openmoji"),
            "{err}"
        );
        assert!(error("# T\n\n![](healthicons:../x) Call us.\n").contains("picture"));
        assert!(
            error("# T\n\n![](healthicons:phone) Call ![](healthicons:yes) us.\n")
                .contains("first in its point")
        );
    }

    #[test]
    fn easy_read_addresses() {
        assert!(is_easy_read("/easy-read"));
        assert!(is_easy_read("/easy-read/imha"));
        assert!(is_easy_read("/leaflets/easy-read-imha"));
        assert!(!is_easy_read("/imha"));
        assert!(!is_easy_read("/leaflets/imha"));
    }
}
