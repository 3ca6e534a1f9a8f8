//! Finding the source file a broken link meant, by name, anywhere in the site.
//!
//! Trainers copy links from the browser (`quiet-voice.html#at-the-desk`, or the whole
//! `http://localhost:1111/…` address of the preview), leave out `.md`, or name the right file
//! in the wrong folder. Each names the entry well enough: its file name. The suggestion is the
//! link to write, relative to the page being written, so it can be pasted as it is.

use super::Site;
use super::paths::relative;
use crate::content::Kind;
use crate::diagnostics::did_you_mean;

/// What a link target names: the entry's file name without folder, language or extension, and
/// the language it names, if any. `practices/privacy/quiet-voice.pl.html` → (`quiet-voice`,
/// `pl`); `practices/privacy/index.html` → (`privacy`, none): a category's page.
pub fn named(site: &Site, target: &str) -> (String, Option<String>) {
    let target = target.trim_end_matches('/');
    let (dir, file) = target.rsplit_once('/').unwrap_or(("", target));
    let mut stem = file;
    for ext in [".md", ".html", ".htm"] {
        stem = stem.strip_suffix(ext).unwrap_or(stem);
    }
    let mut lang = None;
    if let Some((name, l)) = stem.rsplit_once('.')
        && site.config.languages.iter().any(|x| x == l)
    {
        stem = name;
        lang = Some(l.to_string());
    }
    if lang.is_none()
        && let Some(first) = target.split('/').next()
        && site.config.languages.iter().any(|x| x == first)
    {
        lang = Some(first.to_string());
    }
    let name = if stem == "index" || stem == "_index" {
        dir.rsplit_once('/').map_or(dir, |(_, d)| d)
    } else {
        stem
    };
    (name.to_string(), lang)
}

/// The link to write from a file in `from_dir` (relative to `content/`) to the source of the
/// entry named `name` (in `lang` when it has that version), with `#fragment`. Looks for the
/// name itself first, then for a close one; says which it found (`true`: the name itself).
pub fn link_to(
    site: &Site,
    from_dir: &str,
    name: &str,
    lang: Option<&str>,
    fragment: Option<&str>,
) -> Option<(String, bool)> {
    let last = |id: &str| id.rsplit_once('/').map_or(id, |(_, n)| n).to_string();
    let candidates: Vec<_> = site
        .all()
        .iter()
        .filter(|e| e.key.kind != Kind::Home)
        .collect();
    let names: Vec<String> = candidates.iter().map(|e| last(&e.key.id)).collect();
    let wanted = if names.iter().any(|n| n == name) {
        name.to_string()
    } else {
        did_you_mean(name, names.iter().map(String::as_str))?.to_string()
    };
    let entry = candidates
        .iter()
        .zip(&names)
        .filter(|(_, n)| **n == wanted)
        .map(|(e, _)| e)
        .min_by_key(|e| (e.key.kind != Kind::Practice, e.key.id.clone()))?;
    let version = lang
        .and_then(|l| entry.version(l))
        .unwrap_or_else(|| entry.original());
    let path = version.source.path.as_str();
    let mut link = relative(&format!("content/{from_dir}/x"), path);
    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        link.push('#');
        link.push_str(fragment);
    }
    Some((link, wanted == name))
}
