//! Checks of what a translation repeats from its original, and of dates against the build's day.
//!
//! An entry whose only files are in another language than the default one may be just that, or
//! a translation with a misspelt name (`phone-greting.pl.md` beside `phone-greeting.md`). The
//! content stage cannot tell, as watch mode gives it one entry at a time; here, with every entry
//! at hand, such a file is named as the translation it was meant to be, instead of being asked
//! for the keys (`rights`) it meant to inherit.
//!
//! A translation inherits `rights` from its original, so `rights:` written in a translation
//! are ignored when building; when they differ from the original's, the trainer meant something
//! else, and is told at the line. An `updated:` after the build's day is a typing slip (or a date
//! written the other way round): a warning, since the entry still builds.

use std::collections::HashMap;

use super::{Entry, Kind, Site, at_key};
use crate::content::frontmatter::{inherited_keys, kind_name};
use crate::diagnostics::{Diagnostic, Diagnostics, edit_distance};

pub fn run(site: &Site, diagnostics: &Diagnostics) {
    // Built at the first entry that needs it: most sites have none.
    let originals = std::cell::OnceCell::new();
    for entry in &site.entries {
        let original = entry.original();
        if original.lang != site.config.default_language() {
            let originals = originals.get_or_init(|| Originals::new(site));
            originals_in_another_language(site, originals, entry, diagnostics);
        }
        for (i, version) in entry.versions.iter().enumerate() {
            let source = &version.source;
            if i != entry.original
                && let Some(rights) = &source.meta.rights
                && !same_set(rights, &entry.rights)
            {
                diagnostics.push(warning(at_key(
                    source,
                    "rights",
                    Some(""),
                    format!(
                        "`rights` here ([{}]) differ from the original's ([{}]) in `{}`; a translation takes its rights from the original, so these are ignored: remove `rights:` from this file, or change them in the original",
                        rights.join(", "),
                        entry.rights.join(", "),
                        original.source.path
                    ),
                ).with_code("translation-rights-differ")));
            }
            if let Some(updated) = source.meta.updated
                && updated > site.today
            {
                diagnostics.push(warning(at_key(
                    source,
                    "updated",
                    Some(""),
                    format!(
                        "`updated` is {updated}, after today ({}): set it to the day the entry was last changed",
                        site.today
                    ),
                ).with_code("updated-in-future")));
            }
        }
    }
}

fn originals_in_another_language(
    site: &Site,
    originals: &Originals,
    entry: &Entry,
    diagnostics: &Diagnostics,
) {
    let original = &entry.original().source;
    let default_file = original
        .path
        .strip_prefix("content/")
        .unwrap_or(&original.path)
        .replace(&format!(".{}.md", original.lang), ".md");
    if site.is_unreadable(&default_file) {
        // The original exists but could not be read (already reported).
        return;
    }
    let meta = &original.meta;
    let missing: Vec<&str> = inherited_keys(entry.key.kind)
        .iter()
        .copied()
        .filter(|key| match *key {
            "rights" => meta.rights.is_none(),
            "number" => meta.number.is_none(),
            _ => false,
        })
        .collect();
    if let Some(meant) = originals.meant(entry) {
        let lang = &original.lang;
        let (dir, name) = original
            .path
            .rsplit_once('/')
            .unwrap_or(("", &original.path));
        let name = name.trim_end_matches(".md").trim_end_matches(lang.as_str());
        let name = name.trim_end_matches('.');
        let meant_name = meant.rsplit_once('/').map_or(meant, |(_, n)| n);
        let message = format!(
            "there is no original `{name}.md` for this {lang} translation: did you mean `{meant_name}.{lang}.md`, the translation of `{dir}/{meant_name}.md`? Rename the file"
        );
        let d = Diagnostic::error(original.path.clone(), message)
            .with_code("misnamed-translation")
            .at(&original.text, 1, 1);
        // With every key of its own, it may be an entry written only in this language.
        diagnostics.push(if missing.is_empty() { warning(d) } else { d });
        return;
    }
    for key in missing {
        diagnostics.push(
            Diagnostic::error(
                original.path.clone(),
                format!(
                    "missing required key `{key}` in the front matter of {}",
                    kind_name(entry.key.kind)
                ),
            )
            .with_code("missing-key")
            .at(&original.text, 1, 1),
        );
    }
}

/// The entries with a file in the default language, by kind and folder: the candidates for the
/// original a misnamed translation meant. Grouped once per check, as comparing each such
/// translation with every entry of its kind grows with the square of the site (2,000 × 10,000
/// comparisons on the 10k benchmark corpus).
struct Originals<'s> {
    by_folder: HashMap<(Kind, &'s str), Vec<(&'s str, &'s str)>>,
}

impl<'s> Originals<'s> {
    fn new(site: &'s Site) -> Self {
        let default = site.config.default_language();
        let mut by_folder: HashMap<_, Vec<_>> = HashMap::new();
        for e in site.entries.iter().filter(|e| e.version(default).is_some()) {
            let (folder, name) = split_id(&e.key.id);
            by_folder
                .entry((e.key.kind, folder))
                .or_default()
                .push((name, e.key.id.as_str()));
        }
        Originals { by_folder }
    }

    /// The id of an entry of the same kind and folder, with a file in the default language,
    /// whose name is one or two typing slips from `entry`'s. Closer than a "did you mean"
    /// elsewhere: a false match here is an error on a real entry.
    fn meant(&self, entry: &Entry) -> Option<&'s str> {
        let (folder, name) = split_id(&entry.key.id);
        self.by_folder
            .get(&(entry.key.kind, folder))?
            .iter()
            .filter(|&&(_, id)| id != entry.key.id)
            .map(|&(n, id)| (edit_distance(name, n), id))
            .filter(|&(distance, _)| distance <= 1 + name.chars().count() / 10)
            .min()
            .map(|(_, id)| id)
    }
}

fn split_id(id: &str) -> (&str, &str) {
    id.rsplit_once('/').unwrap_or(("", id))
}

fn same_set(a: &[String], b: &[String]) -> bool {
    use std::collections::BTreeSet;
    a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
}

fn warning(d: Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: crate::diagnostics::Severity::Warning,
        ..d
    }
}
