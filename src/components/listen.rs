//! Listen (issue 23): the buttons that read the page aloud with the phone's own voice. The build
//! writes them on every page inside a `template`, which shows nothing: `listen.js` puts a copy
//! under the page's heading only once it knows the browser can speak the page's language. So
//! with JavaScript off, or no voice for the page, the page is exactly as it was.
//!
//! The words are `content/_site.md`'s (`listen`, `listen_pause`, ...), written here by the build:
//! neither the wasm nor `listen.js` holds any. The first button says what it will do next
//! ("Listen", then "Pause", then "Resume"): its name is its state for a screen reader.

use maud::{html, Markup};

use crate::content::shell;

/// The id of the `template` the buttons sit in, which `listen.js` looks for.
pub const LISTEN_TEMPLATE_ID: &str = "listen";

/// The buttons inside the template: Listen (Pause, Resume), Stop and Slower. Stop and Slower
/// show only while reading.
pub fn listen_controls() -> Markup {
    let [listen, pause, resume, stop, slower] = shell().listen;
    html! {
        div class="listen" {
            button type="button" class="button button-secondary listen__play"
                data-pause=(pause) data-resume=(resume) { (listen) }
            button type="button" class="button button-secondary listen__stop" hidden { (stop) }
            button type="button" class="button button-secondary listen__slower"
                aria-pressed="false" hidden { (slower) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buttons_carry_the_words_of_site_md_and_start_as_one_listen_button() {
        let html = listen_controls().into_string();
        let [listen, pause, resume, stop, slower] = shell().listen;
        assert!(html.contains(&format!(
            "data-pause=\"{pause}\" data-resume=\"{resume}\">{listen}</button>"
        )));
        assert!(html.contains(&format!("hidden>{stop}</button>")));
        assert!(html.contains(&format!("aria-pressed=\"false\" hidden>{slower}</button>")));
    }
}
