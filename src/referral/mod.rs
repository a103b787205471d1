//! The community advocacy referral at `/refer`: the form as data (`form`), the checks every answer
//! goes through (`validate`), the JSON it is sent as (`payload`), its reference (`reference`),
//! where it goes (`config`), what can go wrong sending (`sending`), its wording from
//! `content/refer/` (`text`) and the GOV.UK markup of its questions (`markup`). All plain Rust,
//! tested natively. The pages that put them on screen are not built yet (see the README).

pub mod config;
pub mod form;
pub mod markup;
pub mod payload;
pub mod reference;
pub mod sending;
pub mod text;
pub mod validate;

#[cfg(test)]
mod tests;
