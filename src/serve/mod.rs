//! The dev server behind `deskbook serve` ([`crate::cmd::serve`] runs it): build, serve the output over HTTP, rebuild on every change, reload browsers.
//!
//! Two threads share one [`State`]: the rebuild thread owns the watch [`Engine`] (file events →
//! incremental rounds → changed files on disk) and publishes each round's outcome; the HTTP
//! server (axum on a small tokio runtime) answers files from the output folder ([`http`]), the
//! live-reload event stream ([`live`]), `/api/search` ([`api`]) and `POST /api/feedback`
//! ([`feedback`]). While the site has errors the
//! server keeps answering the last good output with the error overlay injected ([`overlay`]).
//! Its connections are accepted within limits ([`conn`]) so that slow or hostile clients cannot
//! take it down.
//!
//! Serve writes into its own output folder (`ROOT/public` by default, `--out` like `build`),
//! rendered with the live-reload client, so it is not the folder to publish: run `deskbook build`
//! for that.

pub(crate) mod api;
pub(crate) mod conn;
pub(crate) mod feedback;
pub(crate) mod http;
pub(crate) mod live;
pub(crate) mod overlay;

use crate::diagnostics::Diagnostic;
use crate::watch::Round;
use live::LiveEvent;
use std::path::PathBuf;
use std::sync::{Mutex, RwLock};
use tokio::sync::broadcast;

/// What the HTTP handlers share with the rebuild thread.
pub(crate) struct State {
    pub out: PathBuf,
    /// The current problems (errors and warnings); empty when there are none.
    problems: RwLock<Vec<Diagnostic>>,
    pub events: broadcast::Sender<LiveEvent>,
    pub search: api::SearchIndex,
    /// Where `POST /api/feedback` appends (`feedback.jsonl` beside `deskbook.yaml`).
    pub feedback_file: PathBuf,
    /// Held while a line is appended to `feedback_file`.
    feedback_lock: Mutex<()>,
}

impl State {
    pub(crate) fn new(out: PathBuf, feedback_file: PathBuf) -> State {
        State {
            feedback_file,
            feedback_lock: Mutex::new(()),
            problems: RwLock::new(Vec::new()),
            events: broadcast::channel(64).0,
            search: api::SearchIndex::new(out.clone()),
            out,
        }
    }

    /// The overlay to show on every page, while there are problems.
    pub(crate) fn overlay(&self) -> Option<String> {
        let problems = self.problems.read().unwrap_or_else(|p| p.into_inner());
        overlay::html(&problems)
    }

    /// Takes in a round's outcome and tells the open pages (called as soon as the pages are on
    /// disk, before the search index is rebuilt, or at the end of a round with errors).
    pub(crate) fn tell(&self, round: &Round) {
        let has_errors = round.errors() > 0;
        let before = {
            let mut problems = self.problems.write().unwrap_or_else(|p| p.into_inner());
            std::mem::replace(&mut *problems, round.diagnostics.clone())
        };
        let changed = before != round.diagnostics;
        let pages_changed = !round.written.is_empty() || !round.removed.is_empty();
        let event = if !has_errors && pages_changed {
            // A reload shows the pages and, injected, the overlay of their warnings.
            Some(match &round.css {
                Some(swaps) if !changed => LiveEvent::Css(swaps.clone()),
                _ => LiveEvent::Reload,
            })
        } else if changed {
            Some(overlay::html(&round.diagnostics).map_or(LiveEvent::Clear, LiveEvent::Errors))
        } else {
            None
        };
        if let Some(event) = event {
            // No page open means no receiver: nothing to tell.
            let _nobody_listening = self.events.send(event);
        }
    }
}
