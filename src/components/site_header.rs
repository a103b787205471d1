use leptos::prelude::*;
use maud::{html, Markup};

use super::site_nav::nav_html;
use crate::base::href;
use crate::content::shell;

/// The service's name and its phone number, on every page, because the people this is for may
/// need to call straight away. The number is a real `tel:` link so a phone dials it with one tap.
/// `target=_top`: inside the service's iframe, the call is made from the whole page.
///
/// On a phone the navigation waits behind a "Menu" disclosure so the page's own heading is in
/// view on the first screen. It is a `details` element: it opens and closes with a tap, Enter or
/// Space before the app has started and with JavaScript off, and browsers announce it as a
/// button that is expanded or collapsed. On wider screens the stylesheet hides the "Menu" control
/// and shows the whole navigation (GOV.UK's header and service navigation do the same).
///
/// Redrawn when the page changes, so the navigation marks the new page and the menu, freshly
/// drawn, is closed again after someone follows one of its links.
#[component]
pub fn SiteHeader(path: Signal<String>) -> impl IntoView {
    view! {
        <header
            class="site-header"
            inner_html=move || header_html(&path.get()).into_string()
        ></header>
    }
}

/// The inside of the header for the page at `path` (an address, with the site's base).
pub fn header_html(path: &str) -> Markup {
    html! {
        div.wrap.header-bar {
            a.service-name href=(href("/")) { (shell().service_name) }
            a.header-phone href={ "tel:" (shell().phone_dial) } target="_top" {
                (shell().phone_label) " " span.phone-number { (shell().phone_display) }
            }
        }
        details.site-menu {
            summary.site-menu__toggle { (shell().menu_label) }
            (nav_html(path))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::header_html;
    use crate::content::shell;

    #[test]
    fn phone_number_menu_and_navigation_in_reading_order() {
        let html = header_html("/imha").into_string();
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("no {needle} in {html}"))
        };
        let phone = at(&format!("href=\"tel:{}\"", shell().phone_dial));
        let summary = at(&format!(
            "<summary class=\"site-menu__toggle\">{}</summary>",
            shell().menu_label
        ));
        let nav = at("<nav class=\"site-nav\"");
        assert!(at(shell().service_name) < phone && phone < summary && summary < nav);
        // Closed until someone opens it: the page's heading comes first on a phone.
        assert!(html.contains("<details class=\"site-menu\">"), "{html}");
        assert!(html.contains("aria-current=\"page\""));
    }
}
