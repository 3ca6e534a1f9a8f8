//! The files under `content/`, held in memory and grouped by the entry they belong to.
//!
//! Watch mode reads the whole folder once; after that a change re-reads only the paths the file
//! watcher named. Files are grouped by entry (all languages of one practice together) because
//! that is the unit the content stage works in: whether `x.pl.md` is a translation or the
//! original depends on whether `x.md` exists. A group is handed to [`content::from_files`], the
//! same function `deskbook build` runs over the whole folder, so both see the same sources.

use crate::config::Config;
use crate::content::{self, Files, Key};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A unit of Markdown files that are parsed together.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Group {
    /// Every language of one entry.
    Entry(Key),
    /// A Markdown file in a place no entry can be (reported by the content stage).
    Loose(String),
}

#[derive(Debug, Default)]
pub(crate) struct ContentFiles {
    groups: BTreeMap<Group, Files>,
    /// Non-Markdown files.
    assets: Files,
    /// Problems walking the folder (symbolic link loops, unreadable folders), by the path shown.
    walk_problems: BTreeMap<String, Diagnostic>,
}

/// What a refresh touched.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub groups: BTreeSet<Group>,
    pub assets: bool,
}

fn group_of(rel: &str, config: &Config) -> Group {
    match content::place(rel, config) {
        Ok(placed) => Group::Entry(placed.key),
        Err(_) => Group::Loose(rel.to_string()),
    }
}

/// Whether `path` is `folder` or inside it (`""` contains everything).
pub(crate) fn is_under(path: &str, folder: &str) -> bool {
    folder.is_empty()
        || path == folder
        || (path.starts_with(folder) && path.as_bytes().get(folder.len()) == Some(&b'/'))
}

impl ContentFiles {
    /// Reads the whole `content/` folder.
    pub(crate) fn read(root: &Path, config: &Config) -> ContentFiles {
        let mut files = ContentFiles::default();
        files.refresh(root, "", config);
        files
    }

    /// Adds files; returns the groups they went into.
    fn add(&mut self, read: Files, config: &Config) -> BTreeSet<Group> {
        let mut groups = BTreeSet::new();
        for (rel, bytes) in read.markdown {
            let group = group_of(&rel, config);
            self.groups
                .entry(group.clone())
                .or_default()
                .insert(rel, bytes);
            groups.insert(group);
        }
        self.assets.other.extend(read.other);
        groups
    }

    pub(crate) fn groups(&self) -> impl Iterator<Item = (&Group, &Files)> {
        self.groups.iter()
    }

    pub(crate) fn group(&self, group: &Group) -> Option<&Files> {
        self.groups.get(group)
    }

    pub(crate) fn assets(&self) -> &Files {
        &self.assets
    }

    pub(crate) fn walk_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.walk_problems.values()
    }

    /// Re-reads `rel` (a file or folder relative to `content/`, `""` for all of it): what is on
    /// disk now replaces what was held for that path and everything under it.
    /// Only groups whose files really changed count as touched (an editor saving the same bytes
    /// costs nothing).
    pub(crate) fn refresh(&mut self, root: &Path, rel: &str, config: &Config) -> Touched {
        let mut before: BTreeMap<Group, Files> = BTreeMap::new();
        for (group, files) in &mut self.groups {
            if files.markdown.keys().any(|path| is_under(path, rel)) {
                before.insert(group.clone(), files.clone());
                files.markdown.retain(|path, _| !is_under(path, rel));
            }
        }
        let assets_before = self.assets.clone();
        self.assets.other.retain(|path, _| !is_under(path, rel));
        let shown = format!("content/{rel}");
        self.walk_problems
            .retain(|path, _| !is_under(path, shown.trim_end_matches('/')));

        let abs = root.join("content").join(rel);
        let problems = Diagnostics::new();
        let found = if rel.is_empty() {
            content::scan(root, &problems).unwrap_or_default()
        } else if abs.is_dir() {
            content::scan_folder(root, rel, &problems)
        } else if abs.is_file() {
            vec![(rel.to_string(), abs)]
        } else {
            Vec::new()
        };
        for d in problems.into_sorted() {
            self.walk_problems.insert(d.path.clone(), d);
        }
        let added_groups = self.add(content::read_files(found), config);
        let mut touched = Touched {
            assets: self.assets != assets_before,
            ..Touched::default()
        };
        for group in added_groups.into_iter().chain(before.keys().cloned()) {
            let now = self.groups.get(&group);
            if now != before.get(&group) {
                touched.groups.insert(group);
            }
        }
        self.groups.retain(|_, files| !files.markdown.is_empty());
        touched
    }
}

#[cfg(test)]
mod tests {
    use super::is_under;

    #[test]
    fn folders_contain_their_own_paths_only() {
        assert!(is_under("practices/a/b.md", "practices/a"));
        assert!(is_under("practices/a", "practices/a"));
        assert!(is_under("practices/a/b.md", ""));
        assert!(!is_under("practices/ab/b.md", "practices/a"));
        assert!(!is_under("practices/a.md", "practices/a"));
    }
}
