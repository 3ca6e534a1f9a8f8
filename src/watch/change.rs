//! What a changed path means for the site: the classifier between file events and rebuilds.
//!
//! The kind decides how much work a change costs: a content file re-reads that file and
//! re-renders the pages that show it; a template or UI-string change re-renders every page from
//! the same model; `deskbook.yaml` rebuilds everything. Paths outside the site's sources (the
//! output folder, `.git`, editor swap and backup files such as `.x.md.swp`, `x.md~`, vim's `4913`,
//! emacs' `.#x.md`) are not changes at all, by the same rule the content stage uses to skip them.

use crate::config::CONFIG_FILE;
use crate::content::is_ignored_name;
use std::path::{Component, Path};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
    /// `deskbook.yaml`.
    Config,
    /// A path under `content/`, relative to it (may name a folder).
    Content(String),
    /// Anything under `static/`.
    Static,
    /// Templates, UI strings or theme files: `themes/`, `templates/`, `i18n/`.
    Theme,
}

/// The top-level folders (and the config file) watch mode watches, relative to the site root.
pub(crate) const WATCHED: &[&str] = &[
    "content",
    "static",
    "themes",
    "templates",
    "i18n",
    CONFIG_FILE,
];

/// Classifies `path` (absolute, or relative to the working folder like `root`).
/// `None` for everything that is not a source of the site.
pub(crate) fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => {
                let part = part.to_str()?;
                if is_ignored_name(part) {
                    return None;
                }
                parts.push(part);
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    match parts.as_slice() {
        [file] if *file == CONFIG_FILE => Some(Change::Config),
        ["content", rest @ ..] => Some(Change::Content(rest.join("/"))),
        ["static", ..] => Some(Change::Static),
        ["themes" | "templates" | "i18n", ..] => Some(Change::Theme),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sources_and_ignores_the_rest() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, Path::new(p));
        assert_eq!(c("/site/deskbook.yaml"), Some(Change::Config));
        assert_eq!(
            c("/site/content/practices/a/b.md"),
            Some(Change::Content("practices/a/b.md".into()))
        );
        assert_eq!(c("/site/content"), Some(Change::Content(String::new())));
        assert_eq!(c("/site/static/logo.png"), Some(Change::Static));
        assert_eq!(
            c("/site/themes/default/templates/base.html"),
            Some(Change::Theme)
        );
        assert_eq!(c("/site/templates/base.html"), Some(Change::Theme));
        assert_eq!(c("/site/i18n/pl.yaml"), Some(Change::Theme));
        for ignored in [
            "/site/public/index.html",
            "/site/.git/index",
            "/site/content/practices/a/.b.md.swp",
            "/site/content/practices/a/b.md~",
            "/site/content/practices/a/4913",
            "/site/content/practices/a/.#b.md",
            "/site/content/.hidden/b.md",
            "/elsewhere/content/a.md",
            "/site/deskbook.yaml~",
        ] {
            assert_eq!(c(ignored), None, "{ignored}");
        }
    }
}
