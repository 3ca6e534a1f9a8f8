//! Where each page goes in the output, and relative URLs between pages.
//!
//! Every internal link is relative and names a file (`../privacy/quiet-voice.html`,
//! `../../index.html`), so the same output works from any sub-path of a web server and from a
//! shared drive opened as `file://`, where folder URLs do not resolve to `index.html`.

use crate::content::{Key, Kind};
use crate::markdown::Spots;

pub use crate::markdown::spots::ROOT_TOKEN;

/// A rendered body as shown on the page at `page_path`: each of its links to the output root
/// ([`ROOT_TOKEN`]) becomes the shortest relative path from that page (`../privacy/quiet.html`),
/// at the places the Markdown stage recorded in its [`Spots`].
pub fn embed_at(html: &str, spots: &Spots, page_path: &str) -> String {
    splice(html, spots, page_path, None)
}

/// [`embed_at`], and every id and in-page anchor of the body prefixed with `scope-`, so that
/// several bodies can share one page (printable handouts) without duplicate ids. Only the
/// places the Markdown stage marked change: text that looks like an id stays as written.
pub fn embed_scoped(html: &str, spots: &Spots, page_path: &str, scope: &str) -> String {
    splice(html, spots, page_path, Some(scope))
}

fn splice(html: &str, spots: &Spots, page_path: &str, scope: Option<&str>) -> String {
    if !spots.belong_to(html) {
        // A body that was never rendered has no links to make relative and no ids.
        debug_assert!(html.is_empty(), "a rendered body without its spots");
        return html.to_string();
    }
    let scopes: &[usize] = if scope.is_some() { spots.scopes() } else { &[] };
    let scope = crate::markdown::escape(scope.unwrap_or(""));
    let mut out = String::with_capacity(html.len() + scopes.len() * (scope.len() + 1) + 64);
    let (mut links, mut scopes) = (spots.links().iter().peekable(), scopes.iter().peekable());
    let mut copied = 0;
    loop {
        let link_first = match (links.peek(), scopes.peek()) {
            (Some(&&(start, _)), Some(&&at)) => start < at,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if link_first {
            let Some(&(start, end)) = links.next() else {
                break;
            };
            out.push_str(&html[copied..start]);
            out.push_str(&relative(page_path, &html[start + ROOT_TOKEN.len()..end]));
            copied = end;
        } else {
            let Some(&at) = scopes.next() else { break };
            out.push_str(&html[copied..at]);
            out.push_str(&scope);
            out.push('-');
            copied = at;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// `""` for the default language, `pl/` for the others.
pub fn lang_prefix(lang: &str, default_lang: &str) -> String {
    if lang == default_lang {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// The output path of an entry's page in one language, relative to the output root.
pub fn entry_path(key: &Key, prefix: &str) -> String {
    match key.kind {
        Kind::Home => format!("{prefix}index.html"),
        Kind::Right => format!("{prefix}rights/{}.html", key.id),
        Kind::Category => format!("{prefix}practices/{}/index.html", key.id),
        Kind::Practice => format!("{prefix}practices/{}.html", key.id),
        Kind::Page => format!("{prefix}pages/{}.html", key.id),
        Kind::Competency => format!("{prefix}competencies/{}.html", key.id),
    }
}

/// The relative URL from the page at `from` to the file at `to` (both relative to the output root).
pub fn relative(from: &str, to: &str) -> String {
    let (up, rest) = relative_parts(from, to);
    let mut url = String::with_capacity(3 * up + rest.len());
    for _ in 0..up {
        url.push_str("../");
    }
    url.push_str(rest);
    url
}

/// How many folders [`relative`] climbs from `from`, and the part of `to` it then appends.
///
/// Every page's context makes dozens of these, so this works on bytes: the folders two paths
/// share are their longest common prefix cut back to its last `/` (two paths agree up to and
/// including a `/` exactly when they agree folder by folder up to there).
fn relative_parts<'t>(from: &str, to: &'t str) -> (usize, &'t str) {
    let (from_b, to_b) = (from.as_bytes(), to.as_bytes());
    let from_dirs = from_b.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let to_dirs = to_b.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let mut shared = 0;
    for (i, (a, b)) in from_b[..from_dirs].iter().zip(&to_b[..to_dirs]).enumerate() {
        if a != b {
            break;
        }
        if *a == b'/' {
            shared = i + 1;
        }
    }
    let up = from_b[shared..from_dirs]
        .iter()
        .filter(|&&b| b == b'/')
        .count();
    (up, &to[shared..])
}

/// [`relative`], percent-encoded for use in an `href`.
pub fn url(from: &str, to: &str) -> String {
    let (up, rest) = relative_parts(from, to);
    // Only the part taken from `to` can need encoding: `../` never does. The characters
    // encoded are ASCII, so looking at bytes finds the same ones as looking at chars.
    if rest
        .bytes()
        .any(|b| matches!(b, b' ' | b'"' | b'#' | b'%' | b'?'))
    {
        return encode_path(&relative(from, to));
    }
    let mut url = String::with_capacity(3 * up + rest.len());
    for _ in 0..up {
        url.push_str("../");
    }
    url.push_str(rest);
    url
}

/// The prefix that leads from a page back to the output root (`""`, `../`, `../../`).
pub fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Percent-encodes what a URL path must not contain raw (spaces, quotes), keeping Unicode readable.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub fn decode_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// Joins a relative link onto the folder of `base` (both `/`-separated, relative to `content/`),
/// resolving `.` and `..`. `None` when the link climbs out of `content/`.
pub fn join(base_dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if base_dir.is_empty() {
        vec![]
    } else {
        base_dir.split('/').collect()
    };
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_name_files() {
        assert_eq!(
            relative("practices/a/b.html", "practices/c/d.html"),
            "../c/d.html"
        );
        assert_eq!(
            relative("practices/a/b.html", "index.html"),
            "../../index.html"
        );
        assert_eq!(
            relative("index.html", "pl/rights/x.html"),
            "pl/rights/x.html"
        );
        assert_eq!(
            relative("pl/practices/a/b.html", "practices/a/b.html"),
            "../../../practices/a/b.html"
        );
        assert_eq!(
            relative("practices/a/b.html", "practices/a/c.html"),
            "c.html"
        );
        assert_eq!(root_of("pl/practices/a/b.html"), "../../../");
        assert_eq!(relative("index.html", "index.html"), "index.html");
        assert_eq!(relative("a/b/c.html", "a/x/c.html"), "../x/c.html");
        assert_eq!(relative("a/b/c.html", "a/b/d/e.html"), "d/e.html");
        assert_eq!(relative("ab/c.html", "a/c.html"), "../a/c.html");
        assert_eq!(url("x.html", "pages/a b?.html"), "pages/a%20b%3F.html");
    }

    /// [`relative`] as first written: split both paths into folders, drop the common ones.
    fn relative_by_splitting(from: &str, to: &str) -> String {
        let from_dirs: Vec<&str> = from.split('/').collect();
        let from_dirs = &from_dirs[..from_dirs.len() - 1];
        let to_parts: Vec<&str> = to.split('/').collect();
        let (to_dirs, to_file) = to_parts.split_at(to_parts.len() - 1);
        let common = from_dirs
            .iter()
            .zip(to_dirs)
            .take_while(|(a, b)| a == b)
            .count();
        let mut url = "../".repeat(from_dirs.len() - common);
        for dir in &to_dirs[common..] {
            url.push_str(dir);
            url.push('/');
        }
        url.push_str(to_file[0]);
        url
    }

    #[test]
    fn relative_agrees_with_splitting() {
        let paths = [
            "index.html",
            "a.html",
            "pl/index.html",
            "pl/a.html",
            "a/index.html",
            "a/b.html",
            "a/b/c.html",
            "ab/c.html",
            "a/bc/d.html",
            "pl/a/b.html",
            "pl/a/b/c.html",
            "a//b.html",
            "a/b/",
            "/a.html",
            "a b/c?.html",
            "a b/d#.html",
            "pl/a%/b\"c.html",
            "pl/ą/ż.html",
            "",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(
                    relative(from, to),
                    relative_by_splitting(from, to),
                    "{from} -> {to}"
                );
                let plain = relative_by_splitting(from, to);
                let encoded = if plain.contains([' ', '"', '#', '%', '?']) {
                    encode_path(&plain)
                } else {
                    plain
                };
                assert_eq!(url(from, to), encoded, "{from} -> {to}");
            }
        }
    }

    #[test]
    fn joining_stays_inside_content() {
        assert_eq!(
            join("practices/privacy", "../greetings/a.md").as_deref(),
            Some("practices/greetings/a.md")
        );
        assert_eq!(
            join("practices/privacy", "../../rights/courtesy.md").as_deref(),
            Some("rights/courtesy.md")
        );
        assert_eq!(join("practices", "../../x.md"), None);
        assert_eq!(decode_path("my%20file.md"), "my file.md");
    }
}
