//! `deskbook build`: the whole pipeline into a temporary folder, swapped in only on success.

use super::SiteArgs;
use crate::messages;
use crate::pipeline;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output folder [default: ROOT/public]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Absolute URL the site is published at (enables sitemap.xml and feed.xml)
    #[arg(long, value_name = "URL", value_parser = base_url)]
    base_url: Option<String>,
    /// Print only problems
    #[arg(long, short)]
    quiet: bool,
    /// Also print how long each stage of the build took
    #[arg(long)]
    timings: bool,
}

/// A malformed `--base-url` is a usage error (exit status 2), caught before anything is read.
fn base_url(url: &str) -> Result<String, String> {
    crate::config::normalize_base_url(url)
}

/// Builds; exit status 1 when the site has errors or the output could not be written.
pub(crate) fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let options = pipeline::Options {
        out: args.out,
        base_url: args.base_url,
        ..args.site.options()
    };
    let quiet = args.quiet;
    if !quiet {
        messages::building(&options.root);
    }
    let outcome = pipeline::build(&options);
    messages::print_diagnostics(&outcome.diagnostics);
    let Some(summary) = &outcome.value else {
        messages::build_failed(outcome.errors(), outcome.warnings(), &options.out_dir());
        return Ok(ExitCode::from(1));
    };
    if args.timings {
        eprint!("{}", messages::timings_table(summary));
    }
    if !quiet {
        eprintln!("{}", messages::build_line(summary));
        if outcome.warnings() > 0 {
            eprintln!("{}", messages::counts(0, outcome.warnings()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
