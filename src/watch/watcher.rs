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
    ///
    /// A batch of reads only is not: the engine reading the files it was told of is an event
    /// too (inotify's open and close, which [`Watcher::next`] drops), and it arrives while the
    /// round runs, so every edit looked like more were coming and its search index waited for
    /// a quiet time.
    pub fn has_pending(&mut self) -> bool {
        while self.early.is_none() {
            match self.events.try_recv() {
                Ok(Ok(events)) if events.iter().all(|e| is_read(e) && !e.need_rescan()) => {}
                Ok(result) => self.early = Some(result),
                Err(_) => break,
            }
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
                        if !is_read(&event) {
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

/// Whether `event` only says that a file was opened or closed (read, or written: the write
/// itself is another event), which changes nothing.
fn is_read(event: &notify_debouncer_full::DebouncedEvent) -> bool {
    matches!(event.kind, EventKind::Access(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Waits for a batch naming a path, skipping batches of reads.
    fn next_change(watcher: &mut Watcher) -> Batch {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let batch = watcher.next(Duration::from_secs(10)).expect("a batch");
            if !batch.paths.is_empty() {
                return batch;
            }
            assert!(std::time::Instant::now() < deadline, "no change reported");
        }
    }

    #[test]
    fn reading_the_edited_file_is_not_a_pending_edit() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let file = root.join("content/page.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "one").unwrap();
        let debounce = Duration::from_millis(50);
        let mut watcher = Watcher::start(&root, false, debounce).unwrap();
        std::thread::sleep(debounce * 4);
        std::fs::write(&file, "two").unwrap();
        assert_eq!(next_change(&mut watcher).paths, std::slice::from_ref(&file));
        // The engine reads what it was told of, as a round does, and more than a debounce
        // passes while it renders.
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "two");
        std::thread::sleep(debounce * 6);
        assert!(!watcher.has_pending(), "a read is not another edit");
        std::fs::write(&file, "three").unwrap();
        std::thread::sleep(debounce * 6);
        assert!(watcher.has_pending(), "a write is");
        assert_eq!(next_change(&mut watcher).paths, [file]);
    }
}
