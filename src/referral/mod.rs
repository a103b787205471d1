//! The community advocacy referral at `/refer`: the form as data (`form`), the checks every answer
//! goes through (`validate`), the JSON it is sent as (`payload`), its reference (`reference`) and
//! where it goes (`config`). All plain Rust, shared with the local receiver and tested natively.

pub mod config;
pub mod form;
pub mod payload;
pub mod reference;
pub mod validate;

#[cfg(test)]
mod tests;
