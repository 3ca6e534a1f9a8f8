//! A link checker over a built site: every relative `href`/`src` must name an existing file and,
//! with a `#fragment`, an existing `id` in it. Used on fixtures and on the starter site.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The values of `attr="…"` in `html`.
pub fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Problems found: `page: href -> what is wrong`. Also returns the pages reachable from `start`.
pub fn check_site(out: &Path, start: &str) -> (Vec<String>, BTreeSet<String>) {
    let pages: HashMap<String, String> = super::harness::tree(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    let mut problems = Vec::new();
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    let mut sorted: Vec<&String> = pages.keys().collect();
    sorted.sort();
    for page in sorted {
        let html = &pages[page];
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        // `<base href>` sets where links resolve from (404 pages); it is not a link itself.
        let mut targets: Vec<&str> = attribute_values(html, "href")
            .into_iter()
            .filter(|v| !html.contains(&format!("<base href=\"{v}\">")))
            .collect();
        targets.extend(attribute_values(html, "src"));
        for raw in targets {
            let link = unescape(raw);
            if link.contains(':') && !link.starts_with('#') || link.starts_with("//") {
                continue;
            }
            if link.contains("__deskbook/") {
                continue;
            }
            let (path, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split_once('?').map_or(path, |(p, _)| p);
            let target = if path.is_empty() {
                page.clone()
            } else {
                let mut parts: Vec<&str> = if dir.is_empty() {
                    vec![]
                } else {
                    dir.split('/').collect()
                };
                let decoded = decode(path);
                let mut ok = true;
                for part in decoded.split('/') {
                    match part {
                        "" | "." => {}
                        ".." => ok &= parts.pop().is_some(),
                        p => parts.push(p),
                    }
                }
                if !ok {
                    problems.push(format!("{page}: {link} -> climbs out of the site"));
                    continue;
                }
                parts
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("/")
            };
            if path.ends_with('/')
                || (!path.is_empty() && !path.rsplit('/').next().unwrap().contains('.'))
            {
                problems.push(format!(
                    "{page}: {link} -> does not name a file (breaks under file://)"
                ));
            }
            if !out.join(&target).is_file() {
                problems.push(format!("{page}: {link} -> no such file {target}"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let fragment = decode(fragment);
                let ids: Vec<&str> = pages
                    .get(&target)
                    .map(|h| attribute_values(h, "id"))
                    .unwrap_or_default();
                if !ids.contains(&fragment.as_str()) {
                    problems.push(format!("{page}: {link} -> {target} has no id `{fragment}`"));
                }
            }
            if target.ends_with(".html") {
                edges.entry(page.clone()).or_default().push(target);
            }
        }
    }
    let mut reachable = BTreeSet::new();
    let mut queue = vec![start.to_string()];
    while let Some(p) = queue.pop() {
        if reachable.insert(p.clone()) {
            queue.extend(edges.get(&p).cloned().unwrap_or_default());
        }
    }
    (problems, reachable)
}

/// Duplicate `id` values in one page (invalid HTML, breaks anchors).
pub fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    attribute_values(html, "id")
        .into_iter()
        .filter(|id| !seen.insert(*id))
        .map(str::to_string)
        .collect()
}
