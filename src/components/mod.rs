//! Pieces shared by pages: the frame (skip link, header, navigation, footer) and the GOV.UK
//! form patterns (back link, radios and checkboxes, error summary, summary list, button), each a
//! plain function returning maud `Markup` so the checker and the referral form share one of each.
//! Each file says why it is built the way it is, for people using assistive technology.

mod back_link;
mod button;
mod error_summary;
mod layout;
mod listen;
#[cfg(test)]
pub mod markup_checks;
mod radios;
mod site_footer;
mod site_header;
mod site_nav;
mod skip_link;
mod summary_list;
mod trusted_content;

pub use back_link::back_link;
pub use button::submit_button;
pub use error_summary::{
    error_summary, error_summary_box, focus_error_summary, focus_when_shown, follow_error_link,
    FieldError,
};
pub use layout::Layout;
pub use listen::{listen_controls, LISTEN_TEMPLATE_ID};
pub use radios::{choices, described_by, hint_and_error, legend_heading, Choice, ChoiceGroup};
pub use site_footer::{address_in, SiteFooter};
pub use site_header::SiteHeader;
pub use site_nav::{is_current, nav_html};
pub use skip_link::{follow_skip_link, SkipLink};
pub use summary_list::{summary_list, SummaryRow};
pub use trusted_content::trusted_content_html;
