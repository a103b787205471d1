//! The leaflets and the words page in the built site (`make build`, `make build-subpath`):
//! each leaflet's PDF exists, is A4, has its title and language set and its words (the phone
//! number and the heading) as real text; the pages link their PDFs; and every automatic link to
//! `/words#…` lands on an entry of the words page.
//!
//! One browser test follows a term's link in the live app to its entry.
//!
//! Needs Debian's poppler-utils (`pdftotext`, `pdfinfo`), which `scripts/setup.sh` installs.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use advocacy::content::{document_title, Page, PAGES, SHELL};
use support::*;

fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist")
}

fn leaflets() -> Vec<&'static Page> {
    let found: Vec<_> = PAGES
        .iter()
        .filter(|p| p.route.starts_with("/leaflets/"))
        .collect();
    assert_eq!(
        found.len(),
        3,
        "the IMHA, community advocacy and Easy Read IMHA leaflets"
    );
    found
}

/// The PDF's text as `pdftotext` (and so a screen reader) gets it.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdftotext (Debian poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_info(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdfinfo (Debian poppler-utils): {e}"));
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_for(root: &Path, page: &Page) -> PathBuf {
    let pdf = root.join(format!("{}.pdf", page.route.trim_start_matches('/')));
    assert!(
        pdf.is_file(),
        "no {}: `make build` prints each leaflet's PDF",
        pdf.display()
    );
    pdf
}

fn info_field<'a>(info: &'a str, field: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(str::trim)
        .unwrap_or_else(|| panic!("pdfinfo gives no {field}:\n{info}"))
}

#[test]
fn each_leaflet_pdf_is_a4_text_with_the_phone_number_title_and_language() {
    for page in leaflets() {
        let pdf = pdf_for(&dist(), page);
        let text = pdf_text(&pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(SHELL.phone_display),
            "{} has no {} as text:\n{flat}",
            pdf.display(),
            SHELL.phone_display
        );
        assert!(flat.contains(page.heading), "{}: no heading", pdf.display());
        assert!(
            !flat.contains("Skip to main content") && !flat.contains("Download this leaflet"),
            "{}: the print stylesheet leaves out the page furniture:\n{flat}",
            pdf.display()
        );
        let info = pdf_info(&pdf);
        assert_eq!(info_field(&info, "Title"), document_title(page.title));
        let size = info_field(&info, "Page size");
        assert!(size.contains("(A4)"), "{}: page size {size}", pdf.display());
        let bytes = std::fs::read(&pdf).unwrap();
        let raw = String::from_utf8_lossy(&bytes);
        assert!(
            raw.contains("/Lang (en-GB)"),
            "{}: no document language",
            pdf.display()
        );
        assert!(
            !raw.contains("127.0.0.1"),
            "{}: a link still points at the build machine",
            pdf.display()
        );
    }
}

#[test]
fn the_sub_path_build_has_the_leaflet_pdfs_too() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dist-advocacy");
    for page in leaflets() {
        let pdf = pdf_for(&root, page);
        let text = pdf_text(&pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(page.heading), "{}", pdf.display());
        let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
        // Easy Read explains its hard words where they are, with no links to the words page.
        if content_pipeline::easy_read::is_easy_read(page.route) {
            continue;
        }
        assert!(
            raw.contains("/URI (/advocacy/words#"),
            "{}: links keep the sub-path",
            pdf.display()
        );
    }
}

/// The Easy Read leaflet's pictures are printed on the left of its words: in each page drawn at
/// 72 dpi (1 px a point), the strip where the pictures go (from the left margin to where the
/// words start) has a mark beside each point, away from the headings' lines.
#[test]
fn the_easy_read_leaflet_prints_its_pictures_left_of_its_words() {
    let page = leaflets()
        .into_iter()
        .find(|p| p.route == "/leaflets/easy-read-imha")
        .expect("the Easy Read leaflet");
    let pdf = pdf_for(&dist(), page);
    let out = std::env::temp_dir().join(format!("easy-read-leaflet-{}", std::process::id()));
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "72"])
        .arg(&pdf)
        .arg(&out)
        .status()
        .expect("run pdftoppm (Debian poppler-utils)");
    assert!(status.success());
    // Where the words are: the lines of headings (which start at the margin) are left out.
    let bbox = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext -bbox");
    let bbox = String::from_utf8_lossy(&bbox.stdout).into_owned();
    let mut pictures = 0;
    let mut text_left = f64::MAX;
    for (number, page_box) in bbox.split("<page ").skip(1).enumerate() {
        let attr = |word: &str, name: &str| -> f64 {
            let at = word.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
            word[at..].split('"').next().unwrap().parse().unwrap()
        };
        let words: Vec<(f64, f64, f64)> = page_box
            .split("<word ")
            .skip(1)
            .map(|w| (attr(w, "xMin"), attr(w, "yMin"), attr(w, "yMax")))
            .collect();
        let margin = words.iter().map(|w| w.0).fold(f64::MAX, f64::min);
        // The words of a point start right of its picture, 56 CSS px and a gap (54 pt) later.
        let strip = (margin + 2.0)..(margin + 40.0);
        let heading_rows: Vec<std::ops::Range<f64>> = words
            .iter()
            .filter(|w| w.0 < strip.end)
            .map(|w| (w.1 - 2.0)..(w.2 + 2.0))
            .collect();
        text_left = text_left.min(
            words
                .iter()
                .map(|w| w.0)
                .filter(|x| *x > strip.end)
                .fold(f64::MAX, f64::min),
        );
        let image = std::fs::read(format!("{}-{}.pgm", out.display(), number + 1))
            .or_else(|_| std::fs::read(format!("{}-{:02}.pgm", out.display(), number + 1)))
            .expect("the page drawn");
        // P5 <width> <height> 255, then one byte a pixel.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            let start = at;
            while !image[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&image[start..at]).into_owned());
            at += 1;
        }
        let (width, height): (usize, usize) =
            (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let pixels = &image[at..];
        let mut in_mark = false;
        for y in 0..height {
            let row = y as f64;
            if heading_rows.iter().any(|r| r.contains(&row)) {
                in_mark = false;
                continue;
            }
            let dark = (strip.start as usize..strip.end as usize)
                .any(|x| x < width && pixels[y * width + x] < 128);
            if dark && !in_mark {
                pictures += 1;
            }
            in_mark = dark;
        }
    }
    let points = built_html(page.route).matches("class=\"picture\"").count();
    // The download link's point is not printed.
    assert!(
        pictures >= points - 1,
        "{}: {pictures} pictures printed in the strip left of the words, for {points} points",
        pdf.display()
    );
    assert!(text_left < f64::MAX, "the words are right of the pictures");
}

fn built_html(route: &str) -> String {
    let file = dist()
        .join(route.trim_start_matches('/'))
        .join("index.html");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn the_leaflet_pages_and_the_leaflets_page_link_the_pdfs() {
    let index = built_html("/leaflets");
    for page in leaflets() {
        let link = format!("href=\"{}.pdf\" download", page.route);
        assert!(built_html(page.route).contains(&link), "{}", page.route);
        assert!(index.contains(&link), "/leaflets has no {link}");
    }
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn every_link_to_the_words_page_lands_on_an_entry() {
    let words = built_html("/words");
    let mut files = Vec::new();
    html_files(&dist(), &mut files);
    let mut checked = 0;
    for file in files {
        let html = std::fs::read_to_string(&file).unwrap();
        for rest in html.split("href=\"/words#").skip(1) {
            let id = rest.split('"').next().unwrap();
            assert!(
                words.contains(&format!("<h2 id=\"{id}\">")),
                "{} links to /words#{id}, which is not on the words page",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "only {checked} links to /words: are the automatic links made?"
    );
}

#[tokio::test]
async fn a_term_link_in_the_live_app_lands_on_its_entry_with_focus() {
    with_browser(Screen::Phone320, |client| async move {
        open(&client, "/imha").await;
        js(&client, "window.__sameDocument = true; return true").await;
        let href = js_string(
            &client,
            "return document.querySelector('main a[href^=\"/words#\"]').getAttribute('href')",
        )
        .await;
        let id = href
            .strip_prefix("/words#")
            .expect("a link to a term")
            .to_string();
        click(&client, &format!("main a[href='{href}']")).await;
        wait_until(
            &client,
            &format!("document.activeElement && document.activeElement.id === '{id}'"),
            "focus on the term's entry",
        )
        .await;
        assert_eq!(
            js_string(&client, "return location.pathname").await,
            "/words"
        );
        assert_eq!(
            js(&client, "return window.__sameDocument === true").await,
            true,
            "the page reloaded"
        );
        let top = js(
            &client,
            "return document.activeElement.getBoundingClientRect().top",
        )
        .await;
        let top = top.as_f64().unwrap();
        assert!(
            (-2.0..640.0).contains(&top),
            "the entry is on screen, give or take a subpixel (top {top})"
        );
    })
    .await;
}
