use leptos::prelude::*;

use super::site_nav::nav_html;
use crate::base::href;
use crate::content::SHELL;

/// Stand-in until the header work rewrites this file with maud (take that branch's version on
/// merge): referral::markup's hand-written escape is gone, so this escapes with maud's own.
fn escape(text: &str) -> String {
    maud::html! { (text) }.into_string()
}

/// The service's name and its phone number, on every page, because the people this is for may
/// need to call straight away. The number is a real `tel:` link so a phone dials it with one tap.
/// `target=_top`: inside the service's iframe, the call is made from the whole page.
///
/// Built as text (see `referral/markup.rs` for why), redrawn when the page changes so the
/// navigation marks the current page.
#[component]
pub fn SiteHeader(path: Signal<String>) -> impl IntoView {
    let bar = format!(
        "<div class=\"wrap header-bar\"><a class=\"service-name\" href=\"{}\">{}</a><a class=\"header-phone\" href=\"tel:{}\" target=\"_top\">{} <span class=\"phone-number\">{}</span></a></div>",
        escape(&href("/")),
        escape(SHELL.service_name),
        SHELL.phone_dial,
        escape(SHELL.phone_label),
        escape(SHELL.phone_display),
    );
    view! { <header class="site-header" inner_html=move || format!("{bar}{}", nav_html(&path.get()))></header> }
}
