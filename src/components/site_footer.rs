use leptos::prelude::*;
use maud::{html, Markup};

use super::trusted_content_html;
use crate::base;
use crate::content::shell;

/// Urgent help, privacy and accessibility on every page: a person in crisis must be able to find
/// emergency numbers from wherever they are. The words come from `content/_footer.md`. Above
/// them, this page in every language of the site, each named in itself.
#[component]
pub fn SiteFooter(#[prop(into)] path: Signal<String>) -> impl IntoView {
    let route = base::route(&path.get_untracked()).to_string();
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <div inner_html=language_switch(&route).into_string()></div>
                <div inner_html=trusted_content_html(shell().footer_html).0></div>
            </div>
        </footer>
    }
}

/// The page at `route` in each language. A link to another language is a new page load
/// (`target="_self"` keeps the app from drawing it in this language's header and footer), and
/// says its language twice: `hreflang` for where it leads, `lang` for how to read its name.
pub fn language_switch(route: &str) -> Markup {
    let languages = shell().languages;
    // An address with no page has none in any language either: offer each language's home.
    let route = if route == "/404" { "/" } else { route };
    html! {
        @if languages.len() > 1 {
            nav.language-switch aria-label=(shell().switch_label) {
                span.language-switch__label { (shell().switch_label) }
                ul {
                    @for language in languages {
                        li {
                            @if language.code == base::language() {
                                span aria-current="true" { (language.name) }
                            } @else {
                                a href=(address_in(language.code, route)) hreflang=(language.code)
                                    lang=(language.code) target="_self" { (language.name) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The address of `route` in the language `code`: `/pl/imha`, or `/imha` for English.
pub fn address_in(code: &str, route: &str) -> String {
    match code {
        "en" => base::site_file(route),
        code => base::site_file(&format!("/{code}{route}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::BASE;

    #[test]
    fn each_language_has_the_same_page_in_its_folder() {
        assert_eq!(address_in("pl", "/imha"), format!("{BASE}/pl/imha"));
        assert_eq!(address_in("pl", "/"), format!("{BASE}/pl/"));
        assert_eq!(address_in("en", "/imha"), format!("{BASE}/imha"));
        assert_eq!(address_in("en", "/"), format!("{BASE}/"));
    }
}
