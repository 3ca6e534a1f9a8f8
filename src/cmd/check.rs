//! `deskbook check`: every problem in every file, for trainers and for CI.
//!
//! Besides content errors, check reports what managers track: entries overdue for review and
//! translations older than their original ([`crate::model::maintenance_notices`]), and what
//! reviewers should see: scripts in raw HTML. These are warnings; `--strict` makes every warning
//! an error on the terminal (as MkDocs' `--strict` does), so CI can be made to fail on a stale or
//! unsafe knowledge base. The JSON report keeps each problem's own severity and code, so tools
//! can tell an overdue review from a broken link whatever the mode.

use super::SiteArgs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::messages;
use crate::model::maintenance_notices;
use crate::pipeline;
use clap::{Args, ValueEnum};
use std::collections::HashMap;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail on warnings too: overdue reviews, out-of-date translations, scripts in content
    #[arg(long)]
    strict: bool,
}

/// How `check` reports: for people (stderr) or for scripts (JSON on stdout).
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

/// Checks; exit status 1 when there is an error (or, with `--strict`, a warning).
pub(crate) fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let options = args.site.options();
    let strict = args.strict;
    let json = args.format == Format::Json;
    let mut loaded = pipeline::load(&options);
    let mut diagnostics = loaded.diagnostics;
    let mut summary = None;
    if let Some(loaded) = &mut loaded.value {
        // The JSON report keeps each problem's severity; the terminal shows what failed.
        diagnostics.extend(maintenance_notices(&loaded.site, strict && !json));
        let (s, problems) = pipeline::render_files(loaded, &options, |_, _| Ok(()));
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
        let report = json_report(&options, &diagnostics, summary.as_ref(), ok, strict);
        if let Err(err) = messages::print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        )) {
            eprintln!("error: writing the report: {err:#}");
            return Ok(ExitCode::from(1));
        }
    } else {
        messages::print_diagnostics(&diagnostics);
        eprintln!(
            "{}",
            messages::check_line(summary.as_ref().filter(|_| ok), errors, warnings)
        );
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `check --format json`: every problem with its stable code, the entry it belongs to and that
/// entry's owner (who to ask), and the site's counts; nothing about how a build would go.
fn json_report(
    options: &pipeline::Options,
    diagnostics: &[Diagnostic],
    summary: Option<&pipeline::Summary>,
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
    options: &pipeline::Options,
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
