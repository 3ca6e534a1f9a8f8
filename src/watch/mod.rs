//! Rebuilding the site as its files change, for `deskbook watch` and `deskbook serve`
//! ([`crate::cmd::watch`] and [`crate::cmd::serve`] run it).
//!
//! The build's pipeline (the stages of [`crate::pipeline`]) run incrementally: file events
//! ([`watcher`]) → a classifier ([`change`]) → the [`engine`], which keeps the sources, the model
//! and what every page read in memory, calls the same stage functions as a build on what a
//! change affects, and writes only files whose bytes changed ([`live_output`]). `deskbook serve` drives the same engine and adds HTTP on top.
//!
//! The guarantee is the build's: after any sequence of edits the output folder equals a clean
//! `deskbook build` of the same files, byte for byte. Problems are printed like a build prints
//! them, and while the site has errors the last good output stays in place.

pub(crate) mod change;
pub(crate) mod deps;
pub(crate) mod engine;
pub(crate) mod live_output;
pub(crate) mod sources;
pub mod stop;
pub(crate) mod watcher;

pub use engine::{Engine, Round};

use crate::pipeline;
use anyhow::Context;
use std::time::Duration;

/// The default quiet time before a burst of file events becomes a rebuild: editors write a file
/// in several steps, and a rename-over-save shows up as a delete and a create.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Everything `deskbook watch` and `deskbook serve` share.
#[derive(Debug, Clone)]
pub struct Options {
    /// The build options every round uses.
    pub site: pipeline::Options,
    /// Poll the disk instead of relying on native file events (network shares).
    pub poll: bool,
    /// How long the files must be quiet before a burst of events becomes a round.
    pub debounce: Duration,
}

impl Options {
    /// Checks the folders and makes the root absolute, so that event paths match it.
    pub fn resolve(mut self) -> anyhow::Result<Options> {
        self.site.root = std::fs::canonicalize(&self.site.root).with_context(|| {
            format!("cannot open the site folder `{}`", self.site.root.display())
        })?;
        let out = self.site.out_dir();
        let out = if out.is_absolute() {
            out
        } else {
            std::env::current_dir()?.join(out)
        };
        for name in change::WATCHED {
            if out.starts_with(self.site.root.join(name)) {
                anyhow::bail!(
                    "the output folder `{}` is inside `{name}`, which is watched: every write would trigger a rebuild; choose another `--out`",
                    out.display()
                );
            }
        }
        self.site.out = Some(out);
        Ok(self)
    }
}

/// The rebuild loop `watch` and `serve` share: a round per batch of file events. `pages` hears
/// of a round as soon as its pages are on disk; `done` when it is complete. The search index
/// follows the pages unless more events are waiting (it takes longest and no page waits for
/// it), unmerged; it is merged once no event came for 200 ms ([`Engine::merge_when_idle`]).
/// Once `stop` is requested (Ctrl-C), the loop finishes the output (the merge included), tells
/// `stop`, and takes no more events.
pub fn drive(
    engine: &mut Engine,
    watcher: &mut watcher::Watcher,
    stop: &stop::Stop,
    mut pages: impl FnMut(&Round),
    mut done: impl FnMut(&Round),
) -> ! {
    engine.merge_when_idle();
    loop {
        let unsettled = engine.unsettled();
        stop.set_idle(!unsettled);
        if stop.requested() {
            if let Some(round) = engine.settle() {
                done(&round);
            }
            stop.finish();
            loop {
                std::thread::park();
            }
        }
        let wait = if unsettled {
            Duration::from_millis(200)
        } else {
            Duration::from_secs(3600)
        };
        let batch = watcher.next(wait);
        stop.set_idle(false);
        if stop.requested() {
            continue;
        }
        let Some(batch) = batch else {
            if let Some(round) = engine.settle() {
                done(&round);
            }
            continue;
        };
        for error in &batch.errors {
            eprintln!("watch: {error}");
        }
        let mut told = false;
        let round = if batch.rescan {
            engine.reload()
        } else {
            engine.apply_with(&batch.paths, |round| {
                pages(round);
                told = true;
                watcher.has_pending()
            })
        };
        if !told {
            pages(&round);
        }
        done(&round);
    }
}
