use leptos::prelude::*;

use super::SiteNav;
use crate::base::href;
use crate::content::SHELL;

/// The service's name and its phone number, on every page, because the people this is for may
/// need to call straight away. The number is a real `tel:` link so a phone dials it with one tap.
#[component]
pub fn SiteHeader(path: Signal<String>) -> impl IntoView {
    let tel = format!("tel:{}", SHELL.phone_dial);
    view! {
        <header class="site-header">
            <div class="wrap header-bar">
                <a class="service-name" href=href("/")>{SHELL.service_name}</a>
                // target=_top: inside the service's iframe, the call is made from the whole page.
                <a class="header-phone" href=tel target="_top">
                    {SHELL.phone_label}" "<span class="phone-number">{SHELL.phone_display}</span>
                </a>
            </div>
            <SiteNav path />
        </header>
    }
}
