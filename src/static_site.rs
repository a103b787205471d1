//! The pages the build writes as real HTML files, rendered natively with the app's own
//! components (see `crates/prerender`). Because the same components render both, the live app
//! takes over each file with identical markup and nothing moves.

use leptos::prelude::*;

use crate::check::flow::QUESTIONS;
use crate::check::text::{question_text, NO_SCRIPT_HTML};
use crate::components::{trusted_content_html, Layout};
use crate::content::{not_found, page_for, pages, ContentPage, APP_NOTE};
use crate::page_area::fingerprint;
use crate::referral::form::PAGES as FORM_PAGES;
use crate::referral::steps::{
    is_referral_route, page_route, CHECK, CLEAR, PERMISSION_NEEDED, SENT, START, UNDER_18,
};

/// One HTML file of the built site.
#[derive(Debug, Clone)]
pub struct StaticPage {
    /// The file inside `dist/`, e.g. `imha/index.html`.
    pub file: String,
    /// The page title, before " – service name".
    pub title: String,
    pub description: &'static str,
    /// The markup that goes inside the app root.
    pub html: String,
}

/// Every file the build writes: each content page, each step of the IMHA checker, and 404.html.
pub fn static_pages() -> Vec<StaticPage> {
    let mut list: Vec<StaticPage> = pages()
        .iter()
        .filter(|page| !is_referral_route(page.route))
        .map(|page| StaticPage {
            file: file_for(page.route),
            title: page.title.into(),
            description: page.description,
            html: render(page.route, move || view! { <ContentPage page /> }),
        })
        .collect();
    let check_description = page_for("/check").map_or("", |p| p.description);
    for question in QUESTIONS {
        let text =
            question_text(question.key).expect("the build checks every question has wording");
        let route = format!("/check/{}", question.key);
        let html = crate::check::live::prerendered(question.key);
        list.push(StaticPage {
            file: file_for(&route),
            title: text.title.to_string(),
            description: check_description,
            html: render(&route, move || {
                let markup = fingerprint(&html);
                let html = format!("{APP_NOTE}{html}");
                view! { <div class="check" data-markup=markup inner_html=html></div> }
            }),
        });
    }
    // An answer depends on the answers in the URL, which only the app can read.
    list.push(StaticPage {
        file: file_for("/check/result"),
        title: page_for("/check").map_or("", |p| p.title).into(),
        description: check_description,
        html: render("/check/result", || {
            let html = format!("{APP_NOTE}{}", trusted_content_html(NO_SCRIPT_HTML.get()).0);
            view! { <article class="content" inner_html=html></article> }
        }),
    });
    list.extend(referral_pages());
    list.push(StaticPage {
        file: "404.html".into(),
        title: not_found().title.into(),
        description: not_found().description,
        html: render("/404", || view! { <ContentPage page=not_found() /> }),
    });
    list
}

/// Every address of the referral, as the app shows it to someone who has answered nothing yet:
/// `/refer` itself, and the first question wherever else the app would send them. Which one
/// depends on `referral_endpoint` in the `config.json` put in force before this runs.
fn referral_pages() -> Vec<StaticPage> {
    let description = page_for(START).map_or("", |p| p.description);
    let routes = [START, CHECK, SENT, PERMISSION_NEEDED, UNDER_18, CLEAR]
        .into_iter()
        .map(String::from)
        .chain(FORM_PAGES.iter().map(page_route));
    routes
        .map(|route| {
            let (title, html) = crate::referral::live::prerendered(&route);
            StaticPage {
                file: file_for(&route),
                title,
                description,
                html: render(&route, move || {
                    let markup = fingerprint(&html);
                    let html = format!("{APP_NOTE}{html}");
                    view! { <div class="referral" data-markup=markup inner_html=html></div> }
                }),
            }
        })
        .collect()
}

fn file_for(route: &str) -> String {
    match route.trim_matches('/') {
        "" => "index.html".into(),
        path => format!("{path}/index.html"),
    }
}

fn render<V: IntoView + 'static>(path: &str, page: impl FnOnce() -> V + Send + 'static) -> String {
    let owner = Owner::new();
    owner.with(|| {
        let path = Signal::stored(crate::base::href(path));
        // Rendered once, with nothing to react to.
        untrack(|| view! { <Layout path>{page()}</Layout> }.to_html())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_and_flow_step_has_a_file() {
        let files: Vec<String> = static_pages().into_iter().map(|p| p.file).collect();
        for expected in [
            "index.html",
            "imha/index.html",
            "check/index.html",
            "check/situation/index.html",
            "check/result/index.html",
            "404.html",
        ] {
            assert!(files.iter().any(|f| f == expected), "no {expected}");
        }
        // Each content page but /refer, each question, the answer page, 404, and the referral's
        // start, check, sent, permission-needed, under-18, clear and question pages.
        assert_eq!(
            files.len(),
            pages().len() - 1 + QUESTIONS.len() + 2 + 6 + FORM_PAGES.len()
        );
        assert!(files.iter().any(|f| f == "refer/under-18/index.html"));
        assert!(files.iter().any(|f| f == "refer/service/index.html"));
    }

    #[test]
    fn question_files_hold_the_question_as_the_legend_h1() {
        let page = static_pages()
            .into_iter()
            .find(|p| p.file == "check/situation/index.html")
            .unwrap();
        let text = question_text("situation").unwrap();
        assert!(
            page.html.contains(&format!(
                "<h1 class=\"fieldset__heading\">{}</h1>",
                text.question
            )),
            "{}",
            page.html
        );
        assert!(page.html.contains("name=\"situation\""));
        assert!(!page.html.contains("checked"), "no answer is preselected");
    }
}
