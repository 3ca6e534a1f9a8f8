//! Link resolution: relative `.md` links in a body become relative links to output pages.
//!
//! A link names a source file, so it also works in any Git web view. The link goes to the same
//! language's translation when there is one (`[x](quiet-voice.md)` on a Polish page leads to the
//! Polish page), unless it names a language file explicitly (`quiet-voice.pl.md`). The named file
//! must exist and, with a `#fragment`, have that heading; a translation lacking the anchor gets a
//! warning and the link goes to the top of its page.
//!
//! Rewritten links start with [`ROOT_TOKEN`], replaced by the way back to the output root of the
//! page the body is shown on: the same body appears on its own page and in printable handouts at
//! other depths.

use super::paths::{ROOT_TOKEN, decode_path, encode_path, join, relative};
use super::{Entry, Site, Version, suggest};
use crate::content::{Key, Kind, place};
use crate::diagnostics::did_you_mean;
use crate::markdown::{LinkOutcome, LinkResolver};

pub struct Resolver<'a> {
    site: &'a Site,
    version: &'a Version,
    /// The source's folder relative to `content/`.
    dir: String,
}

impl<'a> Resolver<'a> {
    pub fn new(site: &'a Site, _entry: &'a Entry, version: &'a Version) -> Self {
        let rel = version
            .source
            .path
            .strip_prefix("content/")
            .unwrap_or(&version.source.path);
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        Resolver { site, version, dir }
    }

    fn anchor_hint(version: &Version, fragment: &str) -> String {
        let ids: Vec<&str> = version
            .outline
            .headings
            .iter()
            .map(|h| h.id.as_str())
            .collect();
        match did_you_mean(fragment, ids.iter().copied()) {
            Some(s) => format!("; did you mean `#{s}`?"),
            None if ids.is_empty() => " (it has no headings)".to_string(),
            None => format!(
                " (its headings: {})",
                ids.iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    fn resolve_page(&self, target: &str, fragment: Option<&str>) -> LinkOutcome {
        let config = &self.site.config;
        if self.site.is_unreadable(target) {
            return LinkOutcome::Keep;
        }
        let placed = match place(target, config) {
            Ok(p) => p,
            Err(_) => {
                return LinkOutcome::Error(format!(
                    "broken link: there is no page for `content/{target}`"
                ));
            }
        };
        let stem = target.trim_end_matches(".md");
        let explicit_lang = stem
            .rsplit_once('.')
            .is_some_and(|(_, l)| config.languages.iter().any(|x| x == l));
        let Some(entry) = self.site.get(placed.key.kind, &placed.key.id) else {
            if let Some(original) = self.site.draft(&placed.key) {
                return LinkOutcome::Error(format!(
                    "link to a draft: `{original}` has `draft: true`, so it is not published and this link would lead nowhere; publish it first (remove `draft: true`), or take the link out until then"
                ));
            }
            let (name, lang) = suggest::named(self.site, target);
            let found = suggest::link_to(self.site, &self.dir, &name, lang.as_deref(), fragment);
            let hint = match found {
                Some((link, true)) => {
                    format!("; the file is in another folder: write `{link}`")
                }
                found => {
                    let near = self.missing_hint(&placed.key);
                    match found {
                        Some((link, false)) if near.is_empty() => {
                            format!("; did you mean `{link}`?")
                        }
                        _ => near,
                    }
                }
            };
            return LinkOutcome::Error(format!(
                "broken link: there is no file `content/{target}`{hint}"
            ));
        };
        let Some(named) = entry.version(&placed.lang) else {
            let existing: Vec<&str> = entry
                .versions
                .iter()
                .map(|v| v.source.path.as_str())
                .collect();
            return LinkOutcome::Error(format!(
                "broken link: there is no file `content/{target}` (this entry exists as `{}`)",
                existing.join("`, `")
            ));
        };
        let shown = if explicit_lang {
            named
        } else {
            entry.version(&self.version.lang).unwrap_or(named)
        };
        let mut url = format!("{ROOT_TOKEN}{}", encode_path(&shown.path));
        if let Some(fragment) = fragment {
            let fragment = decode_path(fragment);
            if !named.outline.has_anchor(&fragment) {
                return LinkOutcome::Error(format!(
                    "broken link: `{}` has no heading with id `#{fragment}`{}",
                    named.source.path,
                    Self::anchor_hint(named, &fragment)
                ));
            }
            if !shown.outline.has_anchor(&fragment) {
                return LinkOutcome::Warn(
                    format!(
                        "`{}` has no heading with id `#{fragment}`, so this link goes to the top of that page; give the heading the same explicit id: `## … {{#{fragment}}}`",
                        shown.source.path
                    ),
                    url,
                );
            }
            url.push('#');
            url.push_str(&fragment);
        }
        LinkOutcome::Rewrite(url)
    }

    /// Suggests an entry of the same kind (and category) with a similar name.
    fn missing_hint(&self, key: &Key) -> String {
        let (dir, name) = key.id.rsplit_once('/').unwrap_or(("", &key.id));
        let own = &self.version.source.key;
        let candidates: Vec<&Entry> = self
            .site
            .of_kind(key.kind)
            .filter(|e| &e.key != own)
            .filter(|e| e.key.id.rsplit_once('/').map_or("", |(d, _)| d) == dir)
            .collect();
        let names = candidates.iter().map(|e| {
            e.key
                .id
                .rsplit_once('/')
                .map_or(e.key.id.as_str(), |(_, n)| n)
        });
        match did_you_mean(name, names) {
            Some(s) => {
                let entry = candidates
                    .iter()
                    .find(|e| {
                        e.key
                            .id
                            .rsplit_once('/')
                            .map_or(e.key.id.as_str(), |(_, n)| n)
                            == s
                    })
                    .expect("suggested from the candidates");
                let path = &entry.original().source.path;
                let rel = relative(&format!("content/{}/x", self.dir), path);
                format!("; did you mean `{rel}`?")
            }
            None => String::new(),
        }
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

impl LinkResolver for Resolver<'_> {
    fn resolve(&mut self, dest: &str, is_image: bool) -> LinkOutcome {
        if dest.is_empty() {
            return LinkOutcome::Error("empty link: write the target between the parentheses, like `[text](../privacy/quiet-voice.md)`".into());
        }
        if let Some(page) = preview_address(dest) {
            let (page, fragment) = page
                .split_once('#')
                .map_or((page, None), |(p, f)| (p, Some(f)));
            let (name, lang) = suggest::named(self.site, page);
            let fix = suggest::link_to(self.site, &self.dir, &name, lang.as_deref(), fragment)
                .map(|(link, _)| link)
                .map_or_else(
                    || {
                        "link to the source file relatively, like `../privacy/quiet-voice.md`"
                            .to_string()
                    },
                    |link| format!("link to its source file instead: `{link}`"),
                );
            return LinkOutcome::Error(format!(
                "link to the preview server: `{dest}` works only on this computer while `deskbook serve` runs; {fix}"
            ));
        }
        if has_scheme(dest) || dest.starts_with("//") {
            return LinkOutcome::Keep;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.is_empty() {
            let fragment = decode_path(fragment.unwrap_or(""));
            if self.version.outline.has_anchor(&fragment) {
                return LinkOutcome::Keep;
            }
            return LinkOutcome::Error(format!(
                "broken link: this page has no heading with id `#{fragment}`{}",
                Self::anchor_hint(self.version, &fragment)
            ));
        }
        if path.starts_with('/') {
            return LinkOutcome::Error(format!(
                "absolute link `{dest}`: it breaks when the site is served from a sub-folder or opened from a shared drive; link to the source file relatively, like `../privacy/quiet-voice.md`"
            ));
        }
        let Some(target) = join(&self.dir, &decode_path(path)) else {
            return LinkOutcome::Error(format!(
                "broken link: `{dest}` points outside the `content/` folder"
            ));
        };
        if target.ends_with(".md") && !is_image {
            return self.resolve_page(&target, fragment);
        }
        if let Some(cat) = target
            .strip_prefix("practices/")
            .filter(|c| !c.contains('/'))
            && self.site.get(Kind::Category, cat).is_some()
        {
            let key = Key {
                kind: Kind::Category,
                id: cat.to_string(),
            };
            let prefix =
                super::paths::lang_prefix(&self.version.lang, self.site.config.default_language());
            return LinkOutcome::Rewrite(format!(
                "{ROOT_TOKEN}{}",
                super::paths::entry_path(&key, &prefix)
            ));
        }
        if self.site.has_asset(&target) {
            let mut url = format!("{ROOT_TOKEN}{}", encode_path(&target));
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            return LinkOutcome::Rewrite(url);
        }
        let (name, lang) = suggest::named(self.site, &target);
        let fix = (!is_image)
            .then(|| suggest::link_to(self.site, &self.dir, &name, lang.as_deref(), fragment))
            .flatten()
            .map(|(link, _)| link);
        let message = match fix {
            Some(link) if target.ends_with(".html") || target.ends_with(".htm") => format!(
                "broken link: `{path}` is the address of a built page; link to its source file instead: `{link}`"
            ),
            Some(link) if !target.rsplit('/').next().unwrap_or("").contains('.') => format!(
                "broken link: there is no file `content/{target}`; a link names the source file, with `.md`: `{link}`"
            ),
            Some(link) => {
                format!("broken link: there is no file `content/{target}`; did you mean `{link}`?")
            }
            None => format!("broken link: there is no file `content/{target}`"),
        };
        LinkOutcome::Error(message)
    }
}

/// The page part of an address of `deskbook serve`'s preview, copied from the browser:
/// `http://localhost:1111/practices/x.html` → `practices/x.html`.
fn preview_address(dest: &str) -> Option<&str> {
    let rest = dest
        .strip_prefix("http://")
        .or_else(|| dest.strip_prefix("https://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]").then_some(path)
}
