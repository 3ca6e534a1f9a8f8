//! Which id each heading, footnote and raw-HTML element of a body gets, decided once per body.
//!
//! A body shares its page with the theme's own elements and, on a printable handout, with other
//! bodies (those are told apart by [`super::Spots`] scoping). Within one page the guarantees are:
//! - ids the theme uses itself ([`is_reserved`]: its templates' ids, the handout sections it
//!   numbers, the search popups' options) never come out of content: a heading `## Main` gets
//!   `main-1`, and the skip link still reaches `<main>`;
//! - footnotes live in their own namespace (`fn-steps`), so `[^steps]` and `## Steps` coexist;
//! - an explicit id (`{#steps}`, `<a id="steps">`) wins over every automatic slug wherever they
//!   stand, and two explicit ids that are the same are an error at the second one;
//! - automatic slugs are deduplicated with `-1`, `-2`, … in document order.

use std::collections::{HashMap, HashSet};

/// The ids written by the default theme's templates (`themes/default/templates/`); a test reads
/// the templates and fails when one is missing here.
pub const RESERVED: &[&str] = &[
    "main",
    "categories",
    "building-heading",
    "categories-heading",
    "feedback-comment",
    "feedback-comment-hint",
    "feedback-heading",
    "feedback-reason",
    "hero-q",
    "hero-search-results",
    "owner-filter",
    "recent-heading",
    "related-heading",
    "rights-heading",
    "search-filters",
    "search-form",
    "search-page-q",
    "search-results",
    "search-status",
    "site-search-hint",
    "site-search-q",
    "site-search-results",
    "sign-off-heading",
    "toc-heading",
    "upholding-heading",
];

/// Id families the theme's script makes for the search popups' options, named after their
/// list (`site-search-results-0-title`).
pub const RESERVED_PREFIXES: &[&str] = &["hero-search-results-", "site-search-results-"];

/// Whether the theme may use `id` itself: a fixed id, a search popup's, or a handout section's
/// (`handout-3`).
pub fn is_reserved(id: &str) -> bool {
    RESERVED.contains(&id)
        || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
        || id
            .strip_prefix("handout-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The id of a footnote's definition: footnotes have a namespace of their own.
pub fn footnote_id(name: &str) -> String {
    let name: String = name
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    format!("fn-{}", name.to_lowercase())
}

/// A Unicode-aware heading slug: lower-case letters and digits of any script, hyphens between words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// An id the author wrote: a heading's `{#id}` or a raw-HTML `id` attribute.
pub struct Explicit {
    pub id: String,
    /// Where it is written in the body, for the clash error.
    pub offset: usize,
    /// The heading it belongs to (its index among the body's headings), if any.
    pub heading: Option<usize>,
}

/// What the body's ids came to.
#[derive(Debug, Clone, Default)]
pub struct Assigned {
    /// Each heading's id, in document order.
    pub headings: Vec<String>,
    /// Every id the body puts on its page: headings, footnotes, raw HTML.
    pub all: HashSet<String>,
    /// Explicit ids that clash with an earlier one or with the theme: offset and message.
    pub clashes: Vec<(usize, String)>,
}

/// Assigns every id of a body. `headings` are the headings' texts (for slugs), `explicit` the
/// written ids in document order, `footnotes` the footnote names.
pub fn assign(headings: &[String], explicit: &[Explicit], footnotes: &[String]) -> Assigned {
    let mut ids: Vec<Option<String>> = vec![None; headings.len()];
    // A heading whose explicit id clashes keeps it as the base of a unique one.
    let mut bases: Vec<Option<&str>> = vec![None; headings.len()];
    let mut used: HashSet<String> = HashSet::new();
    let mut clashes = Vec::new();
    let mut first_at: HashMap<&str, bool> = HashMap::new();
    for name in footnotes {
        used.insert(footnote_id(name));
    }
    let mut next: HashMap<String, usize> = HashMap::new();
    for e in explicit {
        if e.id.is_empty() {
            continue;
        }
        let what = if e.heading.is_some() {
            "heading id"
        } else {
            "id"
        };
        if is_reserved(&e.id) {
            clashes.push((
                e.offset,
                format!(
                    "the {what} `#{}` is one the page template uses itself, so the page would have it twice: choose another, like `{{#{}-section}}`",
                    e.id, e.id
                ),
            ));
        } else if used.contains(&e.id) {
            let earlier = if first_at.contains_key(e.id.as_str()) {
                "an earlier heading or element of this page"
            } else {
                "a footnote of this page (footnote ids start with `fn-`)"
            };
            clashes.push((
                e.offset,
                format!(
                    "the {what} `#{}` is already used by {earlier}: each id must be unique on its page, so rename one of them",
                    e.id
                ),
            ));
        } else {
            used.insert(e.id.clone());
            first_at.insert(&e.id, true);
            if let Some(h) = e.heading {
                ids[h] = Some(e.id.clone());
            }
            continue;
        }
        // A clashing heading id still gets a unique one, so the page stays valid.
        if let Some(h) = e.heading {
            bases[h] = Some(&e.id);
        }
    }
    let headings = ids
        .into_iter()
        .zip(bases)
        .zip(headings)
        .map(|((id, base), text)| {
            id.unwrap_or_else(|| {
                let base = base.map_or_else(|| slugify(text), str::to_string);
                unique(&base, &mut used, &mut next)
            })
        })
        .collect();
    Assigned {
        headings,
        all: used,
        clashes,
    }
}

/// `base`, or `base-1`, `base-2`, … : the first that is neither used nor reserved.
fn unique(base: &str, used: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    if !is_reserved(base) && used.insert(base.to_string()) {
        return base.to_string();
    }
    // When the theme reserves the numbered ids too (`handout-1`, `handout-2`, …, or a popup's
    // prefix), number a stem of its own instead: `handout-section`, `section-site-search-…`.
    let stem = if !is_reserved(&format!("{base}-1")) {
        base.to_string()
    } else if !is_reserved(&format!("{base}-section-1")) {
        format!("{base}-section")
    } else {
        format!("section-{base}")
    };
    if stem != base && used.insert(stem.clone()) {
        return stem;
    }
    // Per stem, the next `-N` suffix to try: every smaller one is taken, so a body with
    // thousands of headings of the same text stays linear instead of re-trying `-1`, `-2`, ….
    let n = next.entry(stem.clone()).or_insert(1);
    loop {
        let id = format!("{stem}-{n}");
        *n += 1;
        if !is_reserved(&id) && used.insert(id.clone()) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_themes_numbered_ids_are_avoided_without_end() {
        let texts: Vec<String> = [
            "Handout",
            "Handout",
            "Handout 1",
            "Handout 1",
            "Main",
            "Main",
            "Site search results 0",
            "Site search results 0",
            "Site search results",
        ]
        .map(String::from)
        .to_vec();
        let ids = assign(&texts, &[], &[]).headings;
        assert_eq!(
            ids,
            [
                "handout",
                "handout-section",
                "handout-1-1",
                "handout-1-2",
                "main-1",
                "main-2",
                "section-site-search-results-0",
                "section-site-search-results-0-1",
                "section-site-search-results",
            ]
        );
    }

    #[test]
    fn slugs_are_unicode_aware() {
        assert_eq!(slugify("Why it matters"), "why-it-matters");
        assert_eq!(slugify("Przy ladzie: krok 1!"), "przy-ladzie-krok-1");
        assert_eq!(slugify("Zasady ŻÓŁWIA"), "zasady-żółwia");
        assert_eq!(slugify("问候 读者"), "问候-读者");
        assert_eq!(slugify("???"), "section");
    }

    /// Every `id="…"` the default theme's templates write is reserved (a template gaining an id
    /// without this list knowing would let content duplicate it).
    #[test]
    fn every_template_id_is_reserved() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        let mut found = 0;
        for entry in walkdir::WalkDir::new(dir) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (i, _) in text.match_indices(" id=\"") {
                let value = &text[i + 5..];
                let value = &value[..value.find('"').unwrap()];
                let fixed = value.split("{{").next().unwrap();
                found += 1;
                assert!(
                    is_reserved(value)
                        || (value.contains("{{") && is_reserved(&format!("{fixed}1"))),
                    "`{value}` in {} is not reserved",
                    entry.path().display()
                );
            }
        }
        assert!(found > 10, "{found}");
    }
}
