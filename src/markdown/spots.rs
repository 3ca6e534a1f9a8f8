//! Where a rendered body changes with the page showing it, recorded while it is rendered.
//!
//! A practice body is shown on its own page and in its category's printable handout, at other
//! depths (its links' `../` differ) and beside other bodies (its ids get a prefix so that none
//! repeats). The places to change are known when the Markdown stage writes them: it writes a
//! mark there, and [`strip`] takes the marks out and keeps their positions. Nothing searches the
//! HTML afterwards, so a code sample that shows `<h2 id="top">` is printed exactly as written.
//!
//! A mark starts with U+0000, which a body cannot hold: [`super::render`] replaces it with
//! U+FFFD before parsing, as CommonMark asks.

/// Stands for "the output root, seen from this page" in rendered bodies' links: the model's
/// link resolver writes it, and each page replaces it with its own way back (`../../`).
pub const ROOT_TOKEN: &str = "deskbook-root-7f3a9c1e/";

/// Marks a place where a page's scope prefix goes (the start of an id or in-page anchor).
pub const SCOPE: &str = "\0s";
/// Marks the start of a link to the output root (`ROOT_TOKEN…`).
pub const LINK: &str = "\0r";
/// Marks the end of that link's path (before its `#fragment` or `?query`).
pub const LINK_END: &str = "\0e";
/// Marks the start of a part other pages show on their own (a callout, a phrase).
pub const PART: &str = "\0[";
/// Marks the end of the innermost open part.
pub const PART_END: &str = "\0]";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spots {
    /// The length of the body they were found in; `None` for a body never rendered.
    found_in: Option<usize>,
    /// Each root link: where its token starts and where its path ends.
    links: Vec<(usize, usize)>,
    /// Where a scope goes.
    scopes: Vec<usize>,
    /// The marked parts, in the order they open.
    parts: Vec<std::ops::Range<usize>>,
}

impl Spots {
    /// Whether these are the spots of `html`.
    pub fn belong_to(&self, html: &str) -> bool {
        self.found_in == Some(html.len())
    }

    pub fn links(&self) -> &[(usize, usize)] {
        &self.links
    }

    pub fn scopes(&self) -> &[usize] {
        &self.scopes
    }

    pub fn parts(&self) -> &[std::ops::Range<usize>] {
        &self.parts
    }

    /// The spots of `html[range]`, as if that part were a body of its own.
    pub fn slice(&self, range: &std::ops::Range<usize>) -> Spots {
        let inside = |at: usize| range.start <= at && at <= range.end;
        Spots {
            found_in: Some(range.len()),
            links: self
                .links
                .iter()
                .filter(|(s, e)| inside(*s) && inside(*e))
                .map(|(s, e)| (s - range.start, e - range.start))
                .collect(),
            scopes: self
                .scopes
                .iter()
                .filter(|&&s| inside(s) && s < range.end)
                .map(|s| s - range.start)
                .collect(),
            parts: Vec::new(),
        }
    }
}

/// Takes the marks out of `marked`, returning the HTML and where they were.
pub fn strip(marked: &str) -> (String, Spots) {
    let mut html = String::with_capacity(marked.len());
    let mut links = Vec::new();
    let mut scopes = Vec::new();
    let mut link_start = None;
    let mut parts: Vec<std::ops::Range<usize>> = Vec::new();
    let mut open_parts = Vec::new();
    let mut rest = marked;
    while let Some(i) = rest.find('\0') {
        html.push_str(&rest[..i]);
        let kind = rest.as_bytes().get(i + 1).copied();
        match kind {
            Some(b's') => scopes.push(html.len()),
            Some(b'r') => link_start = Some(html.len()),
            Some(b'e') => {
                if let Some(start) = link_start.take() {
                    links.push((start, html.len()));
                }
            }
            Some(b'[') => {
                open_parts.push(parts.len());
                parts.push(html.len()..html.len());
            }
            Some(b']') => {
                if let Some(at) = open_parts.pop() {
                    parts[at].end = html.len();
                }
            }
            _ => debug_assert!(false, "an unknown mark in rendered HTML"),
        }
        rest = &rest[(i + 2).min(rest.len())..];
    }
    html.push_str(rest);
    let spots = Spots {
        found_in: Some(html.len()),
        links,
        scopes,
        parts,
    };
    (html, spots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_positions() {
        let (html, spots) = strip("<h2 id=\"\0stop\">x</h2><a href=\"\0rR/a.html\0e#b\">");
        assert_eq!(html, "<h2 id=\"top\">x</h2><a href=\"R/a.html#b\">");
        assert_eq!(spots.scopes(), [8]);
        assert_eq!(&html[spots.links()[0].0..spots.links()[0].1], "R/a.html");
        assert!(spots.belong_to(&html));
    }
}
