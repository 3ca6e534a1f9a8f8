//! `deskbook watch`: the first build, then a round per batch of file events, until killed.

use super::SiteArgs;
use crate::messages::{self, RoundReporter};
use crate::watch::{self, Engine, watcher::Watcher};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options `serve` and `watch` share.
#[derive(Args, Debug, Clone)]
pub(crate) struct WatchArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output folder [default: ROOT/public]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Poll the disk for changes instead of using file events (for network shares)
    #[arg(long)]
    poll: bool,
}

impl WatchArgs {
    /// The watch options these arguments ask for.
    pub(crate) fn options(self) -> watch::Options {
        watch::Options {
            site: crate::pipeline::Options {
                out: self.out,
                ..self.site.options()
            },
            poll: self.poll,
            debounce: watch::DEBOUNCE,
        }
    }
}

/// Runs until interrupted; fails only when the site folder cannot be watched at all.
pub(crate) fn run(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let options = args.options().resolve()?;
    let root = options.site.root.clone();
    let mut watcher = Watcher::start(&root, options.poll, options.debounce)
        .context("cannot watch the site's files")?;
    messages::building(&root);
    let (mut engine, round) = Engine::start(options.site.clone());
    let mut reporter = RoundReporter::default();
    reporter.report(&round);
    eprintln!(
        "Watching {} for changes (output in {}); press Ctrl-C to stop.",
        root.display(),
        options.site.out_dir().display()
    );
    // The loop on a thread of its own, so that Ctrl-C can let it finish the output first.
    let stop = std::sync::Arc::new(watch::stop::Stop::default());
    let rebuild_stop = std::sync::Arc::clone(&stop);
    std::thread::Builder::new()
        .name("deskbook rebuild".into())
        .spawn(move || {
            watch::drive(
                &mut engine,
                &mut watcher,
                &rebuild_stop,
                |_| {},
                |round| reporter.report(round),
            )
        })
        .context("cannot start the rebuild thread")?;
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot wait for Ctrl-C")?
        .block_on(watch::stop::interrupted(&stop));
    Ok(ExitCode::SUCCESS)
}
