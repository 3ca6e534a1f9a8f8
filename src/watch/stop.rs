//! Stopping `deskbook watch` and `deskbook serve` with Ctrl-C without leaving an unfinished
//! output behind.
//!
//! The rebuild loop ([`super::drive`]) publishes the dev server's search index unmerged at once
//! and merges it once the edits stop for 200 ms; a round in progress writes many files. Ctrl-C
//! used to end the process wherever it was, so a trainer who stopped the server right after an
//! edit and published the folder published a half-written round or an index that browsers
//! must download whole. Now the first Ctrl-C asks the loop to finish (the round under way, then
//! the merge) and the process ends when it has; a second Ctrl-C ends it at once. When nothing
//! is left to finish, the first Ctrl-C ends it at once, as before.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// What the Ctrl-C handler and the rebuild loop tell each other.
#[derive(Debug, Default)]
pub struct Stop {
    /// Ctrl-C was pressed.
    requested: AtomicBool,
    /// The loop waits for file events with nothing left to finish: the output is complete.
    idle: AtomicBool,
    /// The loop finished the output after the request.
    finished: AtomicBool,
}

impl Stop {
    /// Asks the rebuild loop to finish the output and take no more events.
    pub fn request(&self) {
        self.requested.store(true, Ordering::SeqCst);
    }

    /// Whether Ctrl-C was pressed.
    pub fn requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }

    pub(super) fn set_idle(&self, idle: bool) {
        self.idle.store(idle, Ordering::SeqCst);
    }

    pub(super) fn finish(&self) {
        self.finished.store(true, Ordering::SeqCst);
    }

    /// Whether the process may end now: the output is complete, or was completed after the
    /// request. (The loop marks itself idle before it looks at the request, and the handler
    /// requests before it looks at `idle`: one of them sees the other.)
    pub fn done(&self) -> bool {
        self.finished.load(Ordering::SeqCst) || self.idle.load(Ordering::SeqCst)
    }
}

/// Completes at the first Ctrl-C once the rebuild loop has nothing left to finish, or at a
/// second Ctrl-C.
pub async fn interrupted(stop: &Stop) {
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handler could be installed: run until killed.
        std::future::pending::<()>().await;
    }
    stop.request();
    if stop.done() {
        return;
    }
    eprintln!("Finishing the output before stopping (press Ctrl-C again to stop at once)...");
    let finished = async {
        while !stop.done() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::select! {
        () = finished => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
