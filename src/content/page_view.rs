use leptos::prelude::*;
use maud::html;

use super::{shell, Page};
use crate::components::trusted_content_html;

/// The route of the page that lists the site's languages.
pub const LANGUAGES_ROUTE: &str = "/languages";

/// Shows a content page's HTML, as the build pre-renders it. The HTML was made and escaped at
/// build time, so setting it directly is safe and keeps the markdown parser out of the browser.
/// In the browser the app never draws this: it adopts the page the build wrote, and reads any
/// other page from its own file (`content::live`).
#[component]
pub fn ContentPage(page: &'static Page) -> impl IntoView {
    let mut html = trusted_content_html(page.html).0.to_string();
    if page.route == LANGUAGES_ROUTE {
        html.push_str(&language_list().into_string());
    }
    view! { <article class="content" inner_html=html></article> }
}

/// The languages page's list: each language's home page, as a big button named in its own
/// language (a new page load, like the list at every page's foot).
fn language_list() -> maud::Markup {
    html! {
        ul.actions.language-list {
            @for language in shell().languages {
                li {
                    a href=(crate::components::address_in(language.code, "/"))
                        hreflang=(language.code) lang=(language.code) target="_self" {
                        (language.name)
                    }
                }
            }
        }
    }
}
