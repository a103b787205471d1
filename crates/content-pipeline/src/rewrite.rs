//! What the site adds to the HTML pulldown-cmark wrote: how each kind of link opens, the lists
//! that are action buttons, the sections line under a heading, the sub-path in front of internal
//! links.
//!
//! These changes are made with an HTML rewriter (lol_html), not by editing the text: it finds
//! real elements only (HTML an editor typed was escaped to text, so it is never matched), and it
//! escapes what it puts in: attribute values are quoted, and markup comes from maud.

use std::borrow::Cow;

use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, ElementContentHandlers, RewriteStrSettings, Selector};
use maud::html;

use crate::markdown::{classify, LinkKind, EXTERNAL_NOTE};

/// Marks each link by where it goes, and gives the action-button lists their class.
/// `action_lists` numbers the bullet lists (`ul`) of the HTML in order, from 0.
pub(crate) fn mark_links_and_actions(html: &str, action_lists: &[usize]) -> String {
    let mut bullet_list = 0;
    rewrite(
        html,
        vec![
            element!("a[href]", |a| {
                let href = a.get_attribute("href").unwrap_or_default();
                match classify(&href) {
                    // A file of this site (a leaflet's PDF): `download` tells the app's router
                    // to let the browser fetch it instead of looking for a page.
                    Some(LinkKind::Download) => a.set_attribute("download", "")?,
                    // target=_top: inside the service's iframe, other sites and phone calls
                    // open in the whole window, not in the frame. Other sites are marked for
                    // everyone: a CSS marker and words for screen readers.
                    Some(LinkKind::External) => {
                        a.set_attribute("class", "external")?;
                        a.set_attribute("target", "_top")?;
                        let note = html! { " " span.visually-hidden { (EXTERNAL_NOTE) } };
                        a.append(&note.into_string(), ContentType::Html);
                    }
                    Some(LinkKind::Dial) => a.set_attribute("target", "_top")?,
                    Some(LinkKind::Internal) | None => {}
                }
                Ok(())
            }),
            element!("ul", |ul| {
                if action_lists.contains(&bullet_list) {
                    ul.set_attribute("class", "actions")?;
                }
                bullet_list += 1;
                Ok(())
            }),
        ],
    )
}

/// Gives every list of an Easy Read page the class `points`: each item is a point with its
/// picture, shown without a bullet.
pub(crate) fn point_lists(html: &str) -> String {
    rewrite(
        html,
        vec![element!("ul", |ul| {
            ul.set_attribute("class", "points")?;
            Ok(())
        })],
    )
}

/// Puts the site's base path (`/advocacy` for a sub-path build, "" at the root) in front of
/// every internal link, so the same content works wherever the site is served.
pub fn with_base(html: &str, base: &str) -> String {
    with_roots(html, base, base)
}

/// [`with_base`] for a language's pages: links lead to its pages (`/advocacy/pl`), and pictures
/// come from the files every language shares (`/advocacy`).
pub fn with_roots(html: &str, pages: &str, files: &str) -> String {
    if pages.is_empty() && files.is_empty() {
        return html.to_string();
    }
    rewrite(
        html,
        vec![
            element!("a[href^='/']", |a| {
                let href = a.get_attribute("href").unwrap_or_default();
                a.set_attribute("href", &format!("{pages}{href}"))?;
                Ok(())
            }),
            // An Easy Read picture, from the site's own files.
            element!("img[src^='/']", |img| {
                let src = img.get_attribute("src").unwrap_or_default();
                img.set_attribute("src", &format!("{files}{src}"))?;
                Ok(())
            }),
        ],
    )
}

/// Puts `line` as a paragraph straight after the `h1`, escaped, for a line the pipeline adds
/// under a page's heading (the sections it explains).
pub(crate) fn paragraph_after_heading(html: &str, line: &str) -> String {
    // On a line of its own, as the renderer writes every block.
    let paragraph = html! { "\n" p { (line) } }.into_string();
    rewrite(
        html,
        vec![element!("h1", |h1| {
            h1.after(&paragraph, ContentType::Html);
            Ok(())
        })],
    )
}

/// The HTML without its `h1`, for screens that show the heading on their own.
pub(crate) fn without_heading(html: &str) -> String {
    let rest = rewrite(
        html,
        vec![element!("h1", |h1| {
            h1.remove();
            Ok(())
        })],
    );
    rest.trim_start().to_string()
}

/// Runs `handlers` over HTML the renderer wrote.
/// `translated` with the ids of `english`'s elements, in order, when both have as many: a
/// translated page keeps the English page's heading ids, so a link to a part of the page lands
/// on that part in every language. Otherwise `translated` as it is.
pub(crate) fn with_ids_of(translated: &str, english: &str) -> String {
    let ids = |html: &str| {
        let found = std::cell::RefCell::new(Vec::new());
        rewrite(
            html,
            vec![element!("[id]", |el| {
                found.borrow_mut().extend(el.get_attribute("id"));
                Ok(())
            })],
        );
        found.into_inner()
    };
    let ours = ids(english);
    if ids(translated).len() != ours.len() {
        return translated.to_string();
    }
    let mut next = ours.into_iter();
    rewrite(
        translated,
        vec![element!("[id]", |el| {
            if let Some(id) = next.next() {
                el.set_attribute("id", &id)?;
            }
            Ok(())
        })],
    )
}

fn rewrite<'h>(
    html: &str,
    handlers: Vec<(Cow<'_, Selector>, ElementContentHandlers<'h>)>,
) -> String {
    rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: handlers,
            ..RewriteStrSettings::new()
        },
    )
    .expect("the handlers here never fail, and any text reads as HTML")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_marked_by_where_they_go() {
        let out = mark_links_and_actions(
            "<p><a href=\"https://a.example/?x=1&amp;y=2\">A</a> <a href=\"tel:1\">B</a> \
             <a href=\"/x.pdf\">C</a> <a href=\"/x\">D</a></p>",
            &[],
        );
        assert_eq!(
            out,
            "<p><a href=\"https://a.example/?x=1&amp;y=2\" class=\"external\" target=\"_top\">A \
             <span class=\"visually-hidden\">(another website)</span></a> \
             <a href=\"tel:1\" target=\"_top\">B</a> <a href=\"/x.pdf\" download=\"\">C</a> \
             <a href=\"/x\">D</a></p>"
        );
    }

    #[test]
    fn only_the_numbered_bullet_lists_become_actions() {
        let out = mark_links_and_actions("<ul></ul><ol></ol><ul></ul><ul></ul>", &[1]);
        assert_eq!(
            out,
            "<ul></ul><ol></ol><ul class=\"actions\"></ul><ul></ul>"
        );
    }

    #[test]
    fn the_base_goes_before_internal_links_only() {
        let html =
            "<a href=\"/imha\">I</a> <a href=\"https://x.example/\">X</a> &lt;a href=\"/y\"&gt;";
        assert_eq!(
            with_base(html, "/advocacy"),
            "<a href=\"/advocacy/imha\">I</a> <a href=\"https://x.example/\">X</a> &lt;a href=\"/y\"&gt;"
        );
        assert_eq!(with_base(html, ""), html);
    }

    #[test]
    fn sections_line_goes_under_the_heading_escaped() {
        let out = paragraph_after_heading("<h1>Leave</h1>\n<p>Text</p>\n", "Sections 17 & 41 <b>");
        assert_eq!(
            out,
            "<h1>Leave</h1>\n<p>Sections 17 &amp; 41 &lt;b&gt;</p>\n<p>Text</p>\n"
        );
    }

    #[test]
    fn the_heading_can_be_taken_off() {
        assert_eq!(
            without_heading("<h1>Leave <em>now</em></h1>\n<p>Text</p>\n"),
            "<p>Text</p>\n"
        );
        assert_eq!(without_heading("<p>Text</p>\n"), "<p>Text</p>\n");
    }
}
