//! File events: notify behind notify-debouncer-full, as batches of changed paths.
//!
//! The native watcher (inotify, FSEvents, ReadDirectoryChangesW) is the default; `--poll` uses
//! notify's polling watcher instead, for network shares and some container mounts where native
//! events never arrive. The site root is watched non-recursively (for `deskbook.yaml` and for
//! source folders created later) and each source folder recursively: never the whole root, so
//! that writing the output folder inside it does not wake the watcher up.

use super::change::WATCHED;
use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// How the polling watcher looks at the disk when `--poll` is given.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(500);

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Inner {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }
}

/// A running watcher; dropping it stops it.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
    events: Receiver<DebounceEventResult>,
    /// An event taken off the channel by [`Watcher::has_pending`], not yet handed out.
    early: Option<DebounceEventResult>,
}

/// One debounced batch.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: Vec<PathBuf>,
    /// The watcher lost events (queue overflow): everything must be read again.
    pub rescan: bool,
    /// Watcher errors, for the terminal.
    pub errors: Vec<String>,
}

impl Watcher {
    pub fn start(root: &Path, poll: bool, debounce: Duration) -> notify::Result<Watcher> {
        let (sender, events): (Sender<DebounceEventResult>, _) = channel();
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Inner::Poll(new_debouncer_opt(
                debounce,
                None,
                sender,
                RecommendedCache::new(),
                config,
            )?)
        } else {
            Inner::Native(new_debouncer_opt(
                debounce,
                None,
                sender,
                RecommendedCache::new(),
                notify::Config::default(),
            )?)
        };
        let mut watcher = Watcher {
            inner,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
            events,
            early: None,
        };
        watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
        watcher.watch_source_folders()?;
        Ok(watcher)
    }

    /// Starts watching source folders that exist now and were not watched yet.
    fn watch_source_folders(&mut self) -> notify::Result<()> {
        for name in WATCHED {
            let folder = self.root.join(name);
            if folder.is_dir() && !self.watched.contains(&folder) {
                self.inner.watch(&folder, RecursiveMode::Recursive)?;
                self.watched.insert(folder);
            }
        }
        self.watched.retain(|f| f.is_dir());
        Ok(())
    }

    /// Whether file events are waiting (work done now would be redone for them).
    pub fn has_pending(&mut self) -> bool {
        if self.early.is_none() {
            self.early = self.events.try_recv().ok();
        }
        self.early.is_some()
    }

    /// Waits for the next batch; `None` when `timeout` passed (or the watcher stopped).
    pub fn next(&mut self, timeout: Duration) -> Option<Batch> {
        let first = match self
            .early
            .take()
            .map_or_else(|| self.events.recv_timeout(timeout), Ok)
        {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
        };
        let mut batch = Batch::default();
        for result in std::iter::once(first).chain(self.events.try_iter()) {
            match result {
                Ok(events) => {
                    for event in events {
                        batch.rescan |= event.need_rescan();
                        // Reading a file is an event too (inotify's open and close): the
                        // engine's own reads must not wake it up again.
                        if !matches!(event.kind, EventKind::Access(_)) {
                            batch.paths.extend(event.event.paths);
                        }
                    }
                }
                Err(errors) => batch.errors.extend(errors.iter().map(ToString::to_string)),
            }
        }
        batch.paths.sort();
        batch.paths.dedup();
        if let Err(err) = self.watch_source_folders() {
            batch.errors.push(err.to_string());
        }
        Some(batch)
    }
}
