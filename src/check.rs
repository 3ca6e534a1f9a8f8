//! `deskbook check`: every problem in every file, for trainers and for CI.
//!
//! Besides content errors, check reports what managers track: entries overdue for review and
//! translations older than their original, and what reviewers should see: scripts in raw HTML.
//! These are warnings; `--strict` fails on warnings too (as MkDocs' `--strict` does), so CI can be
//! made to fail on a stale or unsafe knowledge base. The terminal shows what failed as errors;
//! the JSON report keeps each problem's own severity and code, so tools can tell an overdue
//! review from a broken link whatever the mode.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{ReviewStatus, Site};
use crate::site::{self, Options};
use std::collections::HashMap;
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
            )
            .with_code("overdue");
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
            )
            .with_code("translation-out-of-date");
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
        // The JSON report keeps each problem's severity; the terminal shows what failed.
        diagnostics.extend(maintenance_notices(&loaded.site, strict && !json));
        let (s, problems) = site::render_files(loaded, options, |_, _| Ok(()));
        diagnostics.extend(problems);
        summary = Some(s);
    }
    if strict && !json {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    crate::diagnostics::sort(&mut diagnostics);
    let errors = crate::diagnostics::count(&diagnostics, Severity::Error);
    let warnings = crate::diagnostics::count(&diagnostics, Severity::Warning);
    let ok = errors == 0 && (!strict || warnings == 0) && summary.is_some();
    if json {
        let report = json_report(options, &diagnostics, summary.as_ref(), ok, strict);
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
            use crate::diagnostics::counted;
            eprintln!(
                "Checked {}, {}, {} in {}: {}.",
                counted(s.practices, "practice", "practices"),
                counted(s.rights, "right", "rights"),
                counted(s.categories, "category", "categories"),
                counted(s.languages, "language", "languages"),
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

/// `check --format json`: every problem with its stable code, the entry it belongs to and that
/// entry's owner (who to ask), and the site's counts; nothing about how a build would go.
fn json_report(
    options: &Options,
    diagnostics: &[Diagnostic],
    summary: Option<&site::Summary>,
    ok: bool,
    strict: bool,
) -> serde_json::Value {
    let config = crate::config::Config::load(&options.root).ok();
    let mut owners: HashMap<String, Option<String>> = HashMap::new();
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut item = serde_json::to_value(d).unwrap_or_default();
            let placed = config.as_ref().and_then(|config| {
                let rel = d.path.strip_prefix("content/")?;
                crate::content::place(rel, config).ok()
            });
            if let (Some(placed), Some(map)) = (placed, item.as_object_mut()) {
                let owner = owners
                    .entry(d.path.clone())
                    .or_insert_with(|| owner_of(options, config.as_ref(), &d.path))
                    .clone();
                map.insert("entry".into(), placed.key.public_id().into());
                map.insert("lang".into(), placed.lang.into());
                map.insert("owner".into(), owner.into());
            }
            item
        })
        .collect();
    serde_json::json!({
        "ok": ok,
        "strict": strict,
        "errors": crate::diagnostics::count(diagnostics, Severity::Error),
        "warnings": crate::diagnostics::count(diagnostics, Severity::Warning),
        "diagnostics": items,
        "summary": summary.map(|s| serde_json::json!({
            "practices": s.practices,
            "rights": s.rights,
            "categories": s.categories,
            "languages": s.languages,
            "overdue": s.overdue,
            "out_of_date": s.out_of_date,
        })),
    })
}

/// The `owner:` of the file at `path` (relative to the root), or of its original when it has
/// none (a translation may leave it out). Read again here because a site with errors is not
/// loaded, and these are the reports where an owner matters most.
fn owner_of(
    options: &Options,
    config: Option<&crate::config::Config>,
    path: &str,
) -> Option<String> {
    let read = |path: &str| -> Option<String> {
        let text = crate::content::read_text(&options.root.join(path)).ok()?;
        let split = crate::content::frontmatter::split(&text, path).ok()?;
        let placed = crate::content::place(path.strip_prefix("content/")?, config?).ok()?;
        let (meta, _) =
            crate::content::frontmatter::parse(&text, split, path, placed.key.kind, true);
        meta.owner
    };
    read(path).or_else(|| {
        let (stem, _) = path.strip_suffix(".md")?.rsplit_once('.')?;
        read(&format!("{stem}.md"))
    })
}
