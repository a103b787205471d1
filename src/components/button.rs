use maud::{html, Markup};

/// The GOV.UK button that submits a form ("Continue", "Send referral"): one style everywhere,
/// 44px high, so people learn it once.
pub fn submit_button(label: &str) -> Markup {
    html! { button type="submit" class="button" { (label) } }
}
