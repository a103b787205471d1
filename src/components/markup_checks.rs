//! Checks on built markup that the Nu HTML Checker and axe would otherwise only find in the
//! browser: every id is unique and every reference to an id finds it. Test code only.

/// The values of every `name="…"` attribute in `html`.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.split(needle.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Fails unless every id in `html` is unique, and every `aria-describedby`, `aria-labelledby`,
/// `for` and in-page `href="#…"` names an id that is there.
pub fn assert_ids_hold_together(html: &str) {
    let ids = attribute_values(html, "id");
    for id in &ids {
        assert_eq!(
            ids.iter().filter(|i| i == &id).count(),
            1,
            "id {id} twice: {html}"
        );
    }
    let references = ["aria-describedby", "aria-labelledby"]
        .iter()
        .flat_map(|name| attribute_values(html, name))
        .flat_map(|value| value.split_whitespace())
        .chain(attribute_values(html, "for"))
        .chain(
            attribute_values(html, "href")
                .into_iter()
                .filter_map(|href| href.strip_prefix('#')),
        );
    for reference in references {
        assert!(
            ids.contains(&reference),
            "nothing has id {reference}: {html}"
        );
    }
}

/// Fails if an element that has no role is named with `aria-labelledby` or `aria-label`, which
/// the Nu HTML Checker rejects on a `div` or `span`.
pub fn assert_no_name_on_generic_elements(html: &str) {
    for tag in ["<div", "<span"] {
        for element in html.split(tag).skip(1) {
            let start_tag = element.split('>').next().unwrap_or_default();
            if !start_tag.contains(" role=\"") {
                assert!(
                    !start_tag.contains("aria-labelledby") && !start_tag.contains("aria-label="),
                    "{tag}{start_tag}> is named but has no role"
                );
            }
        }
    }
}
