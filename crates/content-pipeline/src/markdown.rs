//! Markdown to HTML, with the site's safety and accessibility rules applied on the way.
//!
//! - Raw HTML written in markdown is shown as text, never passed through: content is edited by
//!   people who are not developers and must not be able to break the page or inject script.
//! - Each page has exactly one `# heading`, first: it becomes the page's only `h1`, which the app
//!   focuses on every route change so screen-reader users hear where they are.
//! - Links to other sites are marked for everyone (a visually hidden note and a CSS marker), so no
//!   one leaves the service without knowing.
//! - A list made only of links becomes a set of large action buttons (the home page's "check,
//!   refer, call"), so editors get buttons without writing HTML.
//! - `{{phone}}` becomes the service's phone number as a `tel:` link (`{{phone_number}}` and `{{tel}}`
//!   give its parts), so the number is set once, in `config.json`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::rewrite;
use crate::words::{self, Glossary};
use crate::ContentError;

/// The service's phone number as people read it and as a `tel:` link dials it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// As printed, e.g. "0300 34 35 714".
    pub display: String,
    /// For `tel:` links, e.g. "+443003435714".
    pub dial: String,
}

impl Phone {
    /// Derives the dialling form from a UK number written any usual way.
    pub fn from_display(display: &str) -> Phone {
        let digits: String = display.chars().filter(char::is_ascii_digit).collect();
        let dial = if display.trim_start().starts_with('+') {
            format!("+{digits}")
        } else if let Some(rest) = digits.strip_prefix('0') {
            format!("+44{rest}")
        } else {
            // Short codes such as 999, 111 and 116 123 are dialled as written.
            digits
        };
        Phone {
            display: display.trim().to_string(),
            dial,
        }
    }
}

/// One link found in a page, kept so the build can check that every internal link has a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub line: usize,
}

/// A rendered markdown document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The text of the `# heading`, if the document has one.
    pub heading: Option<String>,
    pub links: Vec<Link>,
    /// The pictures beside its points (Easy Read pages only).
    pub pictures: Vec<crate::easy_read::Picture>,
}

/// The words a screen reader hears after a link to another site.
pub const EXTERNAL_NOTE: &str = "(another website)";

/// What a page needs beyond plain rendering.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// Link the first use of each of these terms to the words page (every page but that one).
    pub glossary: Option<&'a Glossary>,
    /// Give each `##` heading its words-page anchor id (the words page itself).
    pub heading_ids: bool,
    /// Hold the page to the Easy Read rules, with a picture beside every point
    /// (see [`crate::easy_read`]).
    pub easy_read: bool,
}

/// Renders a markdown body. `first_line` is the file line the body starts on, for error messages.
pub fn render(
    file: &str,
    body: &str,
    first_line: usize,
    phone: &Phone,
) -> Result<Rendered, ContentError> {
    render_with(file, body, first_line, phone, RenderOptions::default())
}

/// Renders a page's markdown body with links to the words page or anchors for its entries.
/// Every body is checked for sentences over 25 words first.
pub fn render_with(
    file: &str,
    body: &str,
    first_line: usize,
    phone: &Phone,
    options: RenderOptions,
) -> Result<Rendered, ContentError> {
    let body = substitute(file, body, first_line, phone)?;
    crate::sentences::check(file, &body, first_line)?;
    if options.easy_read {
        crate::easy_read::check_words(file, &body, first_line)?;
    }
    let line_at = |offset: usize| first_line + body[..offset].matches('\n').count();

    let mut events: Vec<(Event, usize)> = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_h1 = false;
    let mut h1_count = 0;
    let mut links = Vec::new();

    for (event, range) in Parser::new_ext(&body, Options::empty()).into_offset_iter() {
        let line = line_at(range.start);
        let event = match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                h1_count += 1;
                if h1_count > 1 {
                    return Err(ContentError::new(
                        file,
                        line,
                        "a second `# heading`: a page has one, at the top; use `##` below it"
                            .to_string(),
                    ));
                }
                if !events.is_empty() {
                    return Err(ContentError::new(
                        file,
                        line,
                        "the `# heading` must come first, before any other text".to_string(),
                    ));
                }
                in_h1 = true;
                heading = Some(String::new());
                event
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                in_h1 = false;
                event
            }
            Event::Text(ref t) | Event::Code(ref t) if in_h1 => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(t);
                }
                event
            }
            // Raw HTML is shown as the text it is.
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let href = dest_url.to_string();
                let kind = classify(&href).ok_or_else(|| {
                    ContentError::new(
                        file,
                        line,
                        format!(
                            "link `{href}` is not allowed: use /page for this site, https:// for others, tel: or mailto:"
                        ),
                    )
                })?;
                if matches!(link_type, LinkType::Autolink | LinkType::Email)
                    && matches!(kind, LinkKind::Internal | LinkKind::Download)
                {
                    return Err(ContentError::new(
                        file,
                        line,
                        format!("link `{href}` is not allowed"),
                    ));
                }
                links.push(Link {
                    href: href.clone(),
                    line,
                });
                // Written as a plain link; how it opens is added by [`rewrite`], from its address.
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(href),
                    title,
                    id: CowStr::Borrowed(""),
                })
            }
            Event::Start(Tag::Image { .. }) if options.easy_read => event,
            Event::Start(Tag::Image { .. }) => {
                return Err(ContentError::new(
                    file,
                    line,
                    "images are not supported in content yet".to_string(),
                ))
            }
            other => other,
        };
        events.push((event, line));
    }

    let action_lists = action_lists(&events);
    if let Some(glossary) = options.glossary {
        let (linked, made) = words::link_terms(events, glossary);
        events = linked;
        links.extend(made);
        links.sort_by_key(|l| l.line);
    }
    if options.heading_ids {
        words::add_heading_ids(&mut events);
    }
    let mut pictures = Vec::new();
    if options.easy_read {
        let owned: Vec<(Event<'static>, usize)> = events
            .into_iter()
            .map(|(e, l)| (e.into_static(), l))
            .collect();
        let (shaped, used) = crate::easy_read::shape_points(file, owned)?;
        events = shaped;
        pictures = used;
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    let mut html = rewrite::mark_links_and_actions(&html, &action_lists);
    if options.easy_read {
        html = rewrite::point_lists(&html);
    }
    Ok(Rendered {
        html,
        heading,
        links,
        pictures,
    })
}

/// Where a link goes, which decides how it opens.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LinkKind {
    Internal,
    Download,
    External,
    Dial,
}

/// What kind of address `href` is; `None` for one content may not link to.
pub(crate) fn classify(href: &str) -> Option<LinkKind> {
    if href.starts_with('/') && !href.starts_with("//") {
        if href.ends_with(".pdf") {
            Some(LinkKind::Download)
        } else {
            Some(LinkKind::Internal)
        }
    } else if href.starts_with("https://") {
        Some(LinkKind::External)
    } else if href.starts_with("tel:") || href.starts_with("mailto:") {
        Some(LinkKind::Dial)
    } else {
        None
    }
}

fn substitute(
    file: &str,
    body: &str,
    first_line: usize,
    phone: &Phone,
) -> Result<String, ContentError> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}");
        let name = end.map(|e| after[..e].trim());
        let line = first_line
            + body[..body.len() - rest.len() + start]
                .matches('\n')
                .count();
        match name {
            Some("phone") => out.push_str(&format!("[{}](tel:{})", phone.display, phone.dial)),
            Some("phone_number") => out.push_str(&phone.display),
            Some("tel") => out.push_str(&format!("tel:{}", phone.dial)),
            _ => {
                return Err(ContentError::new(
                    file,
                    line,
                    "unknown placeholder: use {{phone}} (a link), {{phone_number}} or {{tel}}"
                        .to_string(),
                ))
            }
        }
        rest = &after[end.unwrap_or(0) + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The bullet lists whose every item is a single link, numbered among the bullet lists from 0:
/// they become `<ul class="actions">` (see [`rewrite`]).
fn action_lists(events: &[(Event, usize)]) -> Vec<usize> {
    let bullet_lists = events
        .iter()
        .enumerate()
        .filter(|(_, (e, _))| matches!(e, Event::Start(Tag::List(None))));
    bullet_lists
        .enumerate()
        .filter(|(_, (start, _))| {
            find_list_end(events, *start)
                .is_some_and(|end| is_link_only_list(&events[start + 1..end]))
        })
        .map(|(number, _)| number)
        .collect()
}

fn find_list_end(events: &[(Event, usize)], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_link_only_list(inner: &[(Event, usize)]) -> bool {
    let mut items = 0;
    let mut i = 0;
    while i < inner.len() {
        if !matches!(inner[i].0, Event::Start(Tag::Item)) {
            return false;
        }
        items += 1;
        let Some(close) = inner[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Item)))
            .map(|p| p + i)
        else {
            return false;
        };
        let body = &inner[i + 1..close];
        let opens_link = matches!(
            body.first().map(|(e, _)| e),
            Some(Event::Start(Tag::Link { .. }))
        );
        let closes_link = matches!(body.last().map(|(e, _)| e), Some(Event::End(TagEnd::Link)));
        let no_nesting = !body
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::List(_)) | Event::Start(Tag::Paragraph)));
        if !(opens_link && closes_link && no_nesting) {
            return false;
        }
        i = close + 1;
    }
    items > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone() -> Phone {
        Phone::from_display("0300 34 35 714")
    }

    fn html(md: &str) -> String {
        render("content/t.md", md, 5, &phone()).unwrap().html
    }

    fn error(md: &str) -> String {
        render("content/t.md", md, 5, &phone())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn phone_dial_form() {
        assert_eq!(phone().dial, "+443003435714");
        assert_eq!(Phone::from_display("116 123").dial, "116123");
        assert_eq!(
            Phone::from_display("+44 300 343 5714").dial,
            "+443003435714"
        );
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        let out = html("# T\n\n<script>alert(1)</script>\n\nHi <b onclick=\"x\">there</b>");
        assert!(!out.contains("<script"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(!out.contains("<b "), "{out}");
        assert!(
            out.contains("&lt;b onclick=&quot;x&quot;&gt;")
                || out.contains("&lt;b onclick=\"x\"&gt;"),
            "{out}"
        );
    }

    #[test]
    fn heading_is_collected() {
        let r = render("content/t.md", "# Your *rights*\n\ntext", 5, &phone()).unwrap();
        assert_eq!(r.heading.as_deref(), Some("Your rights"));
        assert!(r.html.starts_with("<h1>"));
    }

    #[test]
    fn second_h1_is_an_error_with_its_line() {
        let e = error("# One\n\ntext\n\n# Two\n");
        assert!(e.starts_with("content/t.md:9: "), "{e}");
    }

    #[test]
    fn h1_after_text_is_an_error() {
        let e = error("intro\n\n# Late\n");
        assert!(e.starts_with("content/t.md:7: "), "{e}");
    }

    #[test]
    fn external_links_are_marked() {
        let out = html("# T\n\nSee [the NHS](https://www.nhs.uk/).");
        assert!(out.contains("<a href=\"https://www.nhs.uk/\" class=\"external\" target=\"_top\">the NHS <span class=\"visually-hidden\">(another website)</span></a>"), "{out}");
    }

    #[test]
    fn internal_links_are_plain_and_recorded() {
        let r = render(
            "content/t.md",
            "# T\n\nRead [rights](/your-rights).\n\n[IMHA](/imha)",
            5,
            &phone(),
        )
        .unwrap();
        assert!(
            r.html.contains("<a href=\"/your-rights\">rights</a>"),
            "{}",
            r.html
        );
        let hrefs: Vec<_> = r.links.iter().map(|l| (l.href.as_str(), l.line)).collect();
        assert_eq!(hrefs, vec![("/your-rights", 7), ("/imha", 9)]);
    }

    #[test]
    fn unsafe_or_relative_links_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "imha",
            "http://example.com",
            "//evil.example",
        ] {
            let e = error(&format!("# T\n\n[x]({bad})"));
            assert!(e.starts_with("content/t.md:7: "), "{bad}: {e}");
        }
    }

    #[test]
    fn phone_placeholder_becomes_a_tel_link() {
        let out = html("# T\n\nCall {{phone}} today.");
        assert!(
            out.contains("<a href=\"tel:+443003435714\" target=\"_top\">0300 34 35 714</a>"),
            "{out}"
        );
        let out = html("# T\n\n[Call {{phone_number}}]({{tel}})");
        assert!(
            out.contains("<a href=\"tel:+443003435714\" target=\"_top\">Call 0300 34 35 714</a>"),
            "{out}"
        );
        let e = error("# T\n\n{{email}}");
        assert!(e.starts_with("content/t.md:7: "), "{e}");
    }

    #[test]
    fn links_to_pdf_files_download_and_keep_the_base_path_hook() {
        let out = html("# T\n\n[Leaflet (PDF)](/leaflets/imha.pdf)");
        assert!(
            out.contains("<a href=\"/leaflets/imha.pdf\" download=\"\">Leaflet (PDF)</a>"),
            "{out}"
        );
    }

    #[test]
    fn long_sentences_stop_the_render() {
        let long = vec!["word"; 26].join(" ");
        let e = error(&format!("# T\n\n{long}."));
        assert_eq!(
            e,
            format!("content/t.md:7: sentence over 25 words: \"{long}.\"")
        );
    }

    #[test]
    fn link_only_lists_become_actions() {
        let out =
            html("# T\n\n- [Check](/check)\n- [Call](tel:1)\n\nThen:\n\n- [A](/a) and more\n");
        assert!(
            out.contains("<ul class=\"actions\">\n<li><a href=\"/check\">"),
            "{out}"
        );
        assert_eq!(out.matches("class=\"actions\"").count(), 1, "{out}");
    }
}
