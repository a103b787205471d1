//! Pieces shared by every page: the skip link, header, navigation and footer.
//! Each file says why it is built the way it is, for people using assistive technology.

mod layout;
mod site_footer;
mod site_header;
mod site_nav;
mod skip_link;

pub use layout::Layout;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use site_nav::SiteNav;
pub use skip_link::SkipLink;
