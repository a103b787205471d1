//! The real rights pages in `content/your-rights/`: each must say which sections of the Act it
//! explains and when it was last reviewed, because people decide what to do from them.

use std::path::Path;

use content_pipeline::{load_pages, Phone};

/// The topics the brief promises at `/your-rights/…`.
const RIGHTS_PAGES: &[&str] = &[
    "/your-rights/tribunals-and-hearings",
    "/your-rights/leave",
    "/your-rights/nearest-relative",
    "/your-rights/treatment",
    "/your-rights/complaints",
    "/your-rights/after-hospital",
    "/your-rights/young-people",
    "/your-rights/being-told-your-rights",
    "/your-rights/sections",
];

fn site_pages() -> Vec<content_pipeline::Page> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    load_pages(&content, &Phone::from_display("0300 34 35 714")).expect("content loads")
}

#[test]
fn every_rights_page_names_its_sections_and_review_date() {
    let pages = site_pages();
    let rights: Vec<_> = pages
        .iter()
        .filter(|p| p.route.starts_with("/your-rights/"))
        .collect();
    for route in RIGHTS_PAGES {
        assert!(
            rights.iter().any(|p| p.route == *route),
            "no page for {route}"
        );
    }
    for page in rights {
        assert!(
            !page.sections.is_empty(),
            "{} lists no sections",
            page.route
        );
        assert!(
            !page.last_reviewed.is_empty(),
            "{} has no review date",
            page.route
        );
        let line = page
            .html
            .split_once("</h1>\n<p>")
            .and_then(|(_, rest)| rest.split_once("</p>"))
            .map(|(line, _)| line)
            .unwrap_or_default();
        for section in &page.sections {
            assert!(
                line.contains(section.as_str()),
                "{}: `{line}` does not name section {section}",
                page.route
            );
        }
        let year = &page.last_reviewed[..4];
        assert!(
            line.contains("Last reviewed") && line.contains(year),
            "{}: `{line}` gives no review date",
            page.route
        );
    }
}

#[test]
fn the_rights_index_links_every_rights_page() {
    let pages = site_pages();
    let index = pages
        .iter()
        .find(|p| p.route == "/your-rights")
        .expect("content/your-rights.md");
    for route in RIGHTS_PAGES {
        assert!(
            index.links.iter().any(|l| l.href == *route),
            "/your-rights does not link {route}"
        );
    }
}
