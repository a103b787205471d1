//! Pieces shared by pages: the frame (skip link, header, navigation, footer) and the GOV.UK
//! form patterns (back link, radios and checkboxes, error summary, summary list), the patterns
//! built as HTML text so the checker and the referral form share one of each.
//! Each file says why it is built the way it is, for people using assistive technology.

mod back_link;
mod error_summary;
mod layout;
mod radios;
mod site_footer;
mod site_header;
mod site_nav;
mod skip_link;
mod summary_list;

pub use back_link::back_link_html;
pub use error_summary::{
    error_summary_html, focus_error_summary, focus_when_shown, follow_error_link, FieldError,
};
pub use layout::Layout;
pub use radios::{choices_html, described_by, hint_and_error, Choice, ChoiceGroup};
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use site_nav::nav_html;
pub use skip_link::SkipLink;
pub use summary_list::{summary_list_html, SummaryRow};
