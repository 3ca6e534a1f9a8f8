//! Checks of what a translation repeats from its original, and of dates against the build's day.
//!
//! A translation inherits `rights` from its original, so `rights:` written in a translation
//! are ignored when building; when they differ from the original's, the trainer meant something
//! else, and is told at the line. An `updated:` after the build's day is a typing slip (or a date
//! written the other way round): a warning, since the entry still builds.

use super::{Site, at_key};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub fn run(site: &Site, diagnostics: &Diagnostics) {
    for entry in &site.entries {
        let original = entry.original();
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
                )));
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
                )));
            }
        }
    }
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
