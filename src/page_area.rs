//! The page area (`main`) in the browser. When the app starts it adopts the page the build
//! wrote: it keeps that DOM (no second layout, nothing typed or focused is lost) and only
//! attaches behaviour. When the person moves, it draws the new page's area from the same markup
//! functions the build used.
//!
//! The header, navigation and footer are the build's too, for the whole visit: on each move the
//! app only marks the current page in the navigation and closes the phone's menu.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::Location;
use leptos_router::NavigateOptions;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::base;
use crate::components::{follow_error_link, follow_skip_link, is_current};

/// Which part of the app draws a route's area, and the element its markup sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Check,
    Referral,
    Content,
}

impl Area {
    /// The part of the app for a route (without the site's base).
    pub fn of(route: &str) -> Area {
        if crate::check::is_step_route(route) {
            Area::Check
        } else if crate::referral::is_referral_route(route) {
            Area::Referral
        } else {
            Area::Content
        }
    }

    /// The element and class its markup sits in, as the build writes them.
    fn wrapper(self) -> (&'static str, &'static str) {
        match self {
            Area::Check => ("div", "check"),
            Area::Referral => ("div", "referral"),
            Area::Content => ("article", "content"),
        }
    }
}

/// The router's way of moving to an address.
type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

/// What the page area needs from the router: where we are, and how to move.
struct Router {
    location: Location,
    navigate: Navigate,
    redraw: RwSignal<u32>,
}

thread_local! {
    static ROUTER: RefCell<Option<Router>> = const { RefCell::new(None) };
}

/// Starts the page area inside the router: attaches the event handlers to `main` and shows
/// each address the router moves to, adopting the first.
pub fn start() {
    let location = use_location();
    let navigate = use_navigate();
    let redraw = RwSignal::new(0u32);
    ROUTER.set(Some(Router {
        location: location.clone(),
        navigate: Rc::new(move |to, options| navigate(to, options)),
        redraw,
    }));
    listen_on_main();
    // The first page at once, before the app says it is live: then the page on screen is the
    // app's own (kept or drawn) from the moment it has taken over.
    let address = move || location.pathname.get() + &location.search.get();
    let first = untrack(address);
    show_address(&location, true, true);
    Effect::new(move |last: Option<String>| {
        redraw.track();
        let now = address();
        // The effect's first run only starts following the address, unless it has moved since.
        if last.is_none() && now == first {
            return now;
        }
        let moved = last.as_ref().unwrap_or(&first) != &now;
        if moved {
            mark_navigation(&location.pathname.get_untracked());
        }
        show_address(&location, moved, false);
        now
    });
}

/// Shows the page for the router's address now (`moved`: a new address, not a redraw; `first`:
/// the page the app started on).
fn show_address(location: &Location, moved: bool, first: bool) {
    let route = base::route(&location.pathname.get_untracked()).to_string();
    let query = location.search.get_untracked();
    match Area::of(&route) {
        Area::Check => {
            let step = route.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            crate::check::live::show(step, &query, moved);
        }
        Area::Referral => crate::referral::live::show(&route, &query),
        // The build's page is on screen when the app starts; a redraw changes nothing. A page
        // read from its file moves the focus itself once it is drawn.
        Area::Content => {
            if moved && !first {
                crate::content::live::show(&route);
            }
            return;
        }
    }
    // The new question or screen is drawn now: its heading gets the focus, whatever else ran in
    // this frame (the focus must never be left on the page's body).
    if moved && !first {
        crate::page_change::focus_heading_when_drawn();
    }
}

/// Whether the page area has started (the app has taken over the page).
pub fn started() -> bool {
    ROUTER.with_borrow(Option::is_some)
}

/// Moves to a route (`replace`: in place of the current history entry), after this frame so
/// the router is not changed while a page is being drawn.
pub fn go(route: String, replace: bool) {
    let Some(navigate) = ROUTER.with_borrow(|r| r.as_ref().map(|r| r.navigate.clone())) else {
        return;
    };
    request_animation_frame(move || {
        navigate(
            &route,
            NavigateOptions {
                replace,
                ..Default::default()
            },
        )
    });
}

/// Draws the current page again (after Continue found a problem, or a send ended).
pub fn redraw() {
    if let Some(redraw) = ROUTER.with_borrow(|r| r.as_ref().map(|r| r.redraw)) {
        redraw.try_update(|n| *n += 1);
    }
}

/// The address's query (`?situation=detained`), as the router has it now.
pub fn query() -> String {
    ROUTER.with_borrow(|r| {
        r.as_ref()
            .map(|r| r.location.search.get_untracked())
            .unwrap_or_default()
    })
}

/// The route shown now, without the site's base.
pub fn route() -> String {
    ROUTER.with_borrow(|r| {
        r.as_ref()
            .map(|r| base::route(&r.location.pathname.get_untracked()).to_string())
            .unwrap_or_default()
    })
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// A short fingerprint of an area's markup. The build writes it on the element that holds the
/// markup (`data-markup`), so the app can tell whether the page on screen is exactly the one it
/// would draw (same address, same settings, nothing remembered to add) and keep it. FNV-1a, in
/// decimal (the app already carries decimal formatting; hex would add its own).
pub fn fingerprint(markup: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in markup.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash.to_string()
}

/// Shows an area's markup: keeps the page on screen when the build wrote exactly this markup
/// there (so nothing moves, and anything typed or chosen in it stays), or else draws it.
/// `true` when the page was kept.
pub fn show(area: Area, html: &str) -> bool {
    let kept = document()
        .and_then(|d| d.query_selector("main > [data-markup]").ok().flatten())
        .and_then(|e| e.get_attribute("data-markup"))
        .is_some_and(|written| written == fingerprint(html));
    if !kept {
        draw(area, html);
    }
    kept
}

/// Puts a new page's markup in `main`, inside the element the build uses for that part.
pub fn draw(area: Area, html: &str) {
    let Some(document) = document() else { return };
    let Some(main) = document.get_element_by_id("main") else {
        return;
    };
    let (tag, class) = area.wrapper();
    let Ok(element) = document.create_element(tag) else {
        return;
    };
    element.set_class_name(class);
    // A translated checker or form says so at its top, as the build writes it (none in English).
    if area == Area::Content {
        element.set_inner_html(html);
    } else {
        element.set_inner_html(&format!("{}{html}", crate::content::APP_NOTE));
    }
    main.set_inner_html("");
    let _ = main.append_child(&element);
}

/// Calls `handler` for each `kind` of event on the element `selector` finds, for the whole visit.
fn listen(selector: &str, kind: &str, handler: fn(&web_sys::Event)) {
    let Some(element) = document().and_then(|d| d.query_selector(selector).ok().flatten()) else {
        return;
    };
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| handler(&ev));
    let _ = element.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// One listener per kind of event on `main`, for whichever page is in it (the page's own markup
/// changes, `main` stays), and the skip link's.
fn listen_on_main() {
    listen("#main", "submit", |ev| match Area::of(&route()) {
        Area::Check => crate::check::live::on_submit(ev),
        Area::Referral => crate::referral::live::on_submit(ev),
        Area::Content => {}
    });
    listen("#main", "input", |ev| {
        if Area::of(&route()) == Area::Referral {
            crate::referral::live::on_input(ev);
        }
    });
    listen("#main", "click", follow_error_link);
    listen(".skip-link", "click", follow_skip_link);
}

/// Marks the page now shown in the navigation, and closes the phone's menu after a move.
fn mark_navigation(path: &str) {
    let Some(document) = document() else { return };
    each(&document, ".site-nav a", |link| {
        let href = link.get_attribute("href").unwrap_or_default();
        if is_current(path, &href) {
            let _ = link.set_attribute("aria-current", "page");
        } else {
            let _ = link.remove_attribute("aria-current");
        }
    });
    if let Ok(Some(menu)) = document.query_selector("details.site-menu") {
        let _ = menu.remove_attribute("open");
    }
    // The list of languages at the foot leads to this page in each language, not the first one.
    let route = base::route(path);
    each(&document, ".language-switch a[hreflang]", |link| {
        let code = link.get_attribute("hreflang").unwrap_or_default();
        let _ = link.set_attribute("href", &crate::components::address_in(&code, route));
    });
}

/// Calls `f` for each element `selector` finds.
fn each(document: &web_sys::Document, selector: &str, f: impl Fn(&web_sys::Element)) {
    let Ok(found) = document.query_selector_all(selector) else {
        return;
    };
    for i in 0..found.length() {
        if let Some(element) = found
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            f(&element);
        }
    }
}
