//! The path the site is served under: `/` by default, `/advocacy/` with
//! `make build PUBLIC_URL=/advocacy/`, so the service can host it inside its own site.
//!
//! Routes inside the app are written from the site's root (`/check/situation`); links and
//! navigation add the base, and the current address has it removed before routing.

/// The base without its trailing slash: "" at the root, "/advocacy" under a sub-path.
pub const BASE: &str = env!("SITE_BASE");

/// The address of a route, for `href`s: `/imha` becomes `/advocacy/imha`.
pub fn href(route: &str) -> String {
    format!("{BASE}{route}")
}

/// The route of an address path, with the base removed: `/advocacy/imha` becomes `/imha`.
pub fn route(pathname: &str) -> &str {
    match pathname.strip_prefix(BASE) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => pathname,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn href_and_route_are_inverses() {
        for r in ["/", "/imha", "/check/result"] {
            assert_eq!(route(&href(r)), r);
        }
        assert_eq!(route(BASE), "/");
    }
}
