//! "Do I have a right to an IMHA?": the question flow at `/check`.
//!
//! `flow` is the law as data and `walk` follows it from the answers in the URL; both are plain
//! Rust, tested natively. `text` holds the wording from `content/check/`. The views only show
//! what `walk::screen` decides (`live`).

pub mod flow;
pub mod live;
pub mod pages;
pub mod text;
pub mod walk;

pub use live::render;

/// Whether a path is a step of the flow (`/check/<question key>` or `/check/result`), which the
/// app serves though no content file has that name.
pub fn is_step_route(path: &str) -> bool {
    path.strip_prefix("/check/")
        .map(|step| step.trim_end_matches('/'))
        .map(|step| step == "result" || flow::question(step).is_some())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod route_tests {
    use super::is_step_route;

    #[test]
    fn step_routes() {
        for yes in [
            "/check/situation",
            "/check/section/",
            "/check/result",
            "/check/ect-under-18",
        ] {
            assert!(is_step_route(yes), "{yes}");
        }
        for no in [
            "/check",
            "/check/",
            "/check/nonsense",
            "/imha",
            "/check/situation/extra",
        ] {
            assert!(!is_step_route(no), "{no}");
        }
    }
}
