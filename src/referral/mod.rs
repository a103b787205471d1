//! The referral at `/refer` (IMHA, community advocacy or "not sure"): the form as data
//! (`form`), the checks every answer goes through (`validate`), the JSON it is sent as
//! (`payload`), its reference (`reference`), where it goes (`config`), what can go wrong sending (`sending`), its wording from
//! `content/refer/` (`text`) and the GOV.UK markup of its questions (`markup`), which screen each
//! address shows (`steps`), the markup of each screen (`screens`) and what the form remembers
//! (`state`), the draft of it kept in the tab's `sessionStorage` (`draft`) and the markup about
//! keeping and clearing it (`clear`): all plain Rust, tested natively. `live` puts them
//! on screen, `send` posts the referral and `session` moves the draft in and out of the browser;
//! all three are thin.

pub mod clear;
pub mod config;
pub mod draft;
pub mod form;
pub mod live;
pub mod markup;
pub mod payload;
pub mod reference;
pub mod screens;
mod send;
pub mod sending;
mod session;
pub mod state;
pub mod steps;
pub mod text;
pub mod validate;

pub use live::{render, send_when_online, warn_before_losing_answers};
pub use steps::is_referral_route;

#[cfg(test)]
mod tests;
