//! The maintenance notices `check` (and `build`, through the model) report besides content
//! errors: entries overdue for review and translations older than their original. Warnings by
//! default; `check --strict` makes them errors so CI can fail on a stale knowledge base.

use super::{ReviewStatus, Site, at_key};
use crate::diagnostics::{Diagnostic, Severity};

/// Review and translation notices for a loaded site.
pub fn maintenance_notices(site: &Site, strict: bool) -> Vec<Diagnostic> {
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut out = Vec::new();
    for entry in &site.entries {
        let original = entry.original();
        if let (ReviewStatus::Overdue, Some(due)) = (entry.review_status, entry.review_due) {
            let updated = original
                .source
                .meta
                .updated
                .map(|d| d.to_string())
                .unwrap_or_default();
            let mut d = at_key(
                &original.source,
                "updated",
                Some(""),
                format!(
                    "review overdue since {due} (last updated {updated}): review the entry, then set `updated:` to the review date"
                ),
            )
            .with_code("overdue");
            d.severity = severity;
            out.push(d);
        }
        for v in entry.versions.iter().filter(|v| v.out_of_date) {
            let mut d = at_key(
                &v.source,
                "updated",
                Some(""),
                format!(
                    "translation out of date: `{}` was updated on {}, after this translation; bring it up to date, then set `updated:`",
                    original.source.path,
                    original
                        .source
                        .meta
                        .updated
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
            )
            .with_code("translation-out-of-date");
            d.severity = severity;
            out.push(d);
        }
    }
    out
}
