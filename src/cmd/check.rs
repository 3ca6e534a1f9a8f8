//! `deskbook check`: every problem in every file, for trainers and for CI.
//!
//! Besides content errors, check reports what managers track: entries overdue for review and
//! translations older than their original, and what reviewers should see: scripts in raw HTML.
//! These are warnings; `--strict` makes every warning an error (as MkDocs' `--strict` does), so
//! CI can be made to fail on a stale or unsafe knowledge base.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{ReviewStatus, Site};
use crate::site::{self, Options};
use std::process::ExitCode;

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
            let mut d = crate::model::at_key(
                &original.source,
                "updated",
                Some(""),
                format!(
                    "review overdue since {due} (last updated {updated}): review the entry, then set `updated:` to the review date"
                ),
            );
            d.severity = severity;
            out.push(d);
        }
        for v in entry.versions.iter().filter(|v| v.out_of_date) {
            let mut d = crate::model::at_key(
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
            );
            d.severity = severity;
            out.push(d);
        }
    }
    out
}

pub fn run(options: &Options, json: bool, strict: bool) -> ExitCode {
    let loaded = site::load(options);
    let mut diagnostics = loaded.diagnostics;
    let mut summary = None;
    if let Some(loaded) = &loaded.value {
        diagnostics.extend(maintenance_notices(&loaded.site, strict));
        let (s, problems) = site::render_files(loaded, options, |_, _| Ok(()));
        diagnostics.extend(problems);
        summary = Some(s);
    }
    if strict {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    crate::diagnostics::sort(&mut diagnostics);
    let errors = crate::diagnostics::count(&diagnostics, Severity::Error);
    let warnings = crate::diagnostics::count(&diagnostics, Severity::Warning);
    let ok = errors == 0 && summary.is_some();
    if json {
        let report = serde_json::json!({
            "ok": ok,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": diagnostics,
            "summary": summary,
        });
        if let Err(err) = crate::cli::print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        )) {
            eprintln!("error: writing the report: {err:#}");
            return ExitCode::from(1);
        }
    } else {
        crate::cli::print_diagnostics(&diagnostics);
        if ok {
            let s = summary.as_ref().expect("ok implies a summary");
            eprintln!(
                "Checked {} practices, {} rights, {} categories in {} languages: {}.",
                s.practices,
                s.rights,
                s.categories,
                s.languages,
                if warnings == 0 {
                    "no problems".to_string()
                } else {
                    crate::cli::summary_counts(0, warnings)
                }
            );
        } else {
            eprintln!(
                "Check failed: {}.",
                crate::cli::summary_counts(errors.max(1), warnings)
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
