//! `deskbook check`: every problem in every file, for trainers and for CI.
//!
//! Besides content errors, check reports what managers track: entries overdue for review and
//! translations older than their original ([`crate::model::maintenance_notices`]), and what
//! reviewers should see: scripts in raw HTML. These are warnings; `--strict` makes every warning
//! an error (as MkDocs' `--strict` does), so CI can be made to fail on a stale or unsafe
//! knowledge base.

use super::SiteArgs;
use crate::diagnostics::Severity;
use crate::messages;
use crate::model::maintenance_notices;
use crate::pipeline;
use clap::{Args, ValueEnum};
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
    let loaded = pipeline::load(&options);
    let mut diagnostics = loaded.diagnostics;
    let mut summary = None;
    if let Some(loaded) = &loaded.value {
        diagnostics.extend(maintenance_notices(&loaded.site, strict));
        let (s, problems) = pipeline::render_files(loaded, &options, |_, _| Ok(()));
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
    if args.format == Format::Json {
        let report = serde_json::json!({
            "ok": ok,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": diagnostics,
            "summary": summary,
        });
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
            messages::check_line(summary.as_ref(), errors, warnings)
        );
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
