//! Where a lazily read bundle's bytes come from (see the parent module): the hot file's ranges,
//! else the chunk files handed over; and the tantivy `Directory` the engine opens over them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::Directory;
use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

use super::{CHUNK_SIZE, Fetch, HOT_MAGIC, Layout, Lazy, chunk_key};
use crate::{SearchError, bundle};

/// Where a lazy bundle's bytes come from: the hot ranges, else the chunks handed over.
pub(crate) struct Source {
    /// The bundle's length.
    pub(super) len: u64,
    /// Where the chunks are, known once the index is open (see [`Source::set_layout`]).
    pub(super) layout: OnceLock<Layout>,
    /// Names the chunk files (see [`chunk_key`]).
    pub(super) name: u64,
    pub(super) hot: Vec<(u64, OwnedBytes)>,
    /// The long postings and positions lists, cut in chunks of their own (see `cuts_of`).
    pub(super) long: Vec<Range<u64>>,
    pub(super) chunks: Mutex<HashMap<usize, OwnedBytes>>,
    /// Chunks read while missing, since the last [`Source::take_needed`].
    pub(super) needed: Mutex<BTreeSet<usize>>,
    /// Held by [`Source::complete`] for a whole answer: `needed` is one record, so two answers
    /// worked out at once (the engine is `Sync`) would take each other's misses.
    pub(super) answering: Mutex<()>,
    /// Fetches chunks for [`Source::complete`] (none in the browser: it fetches them itself).
    pub(super) fetch: Option<Box<Fetch>>,
    /// Fetch a missing chunk when it is read, not in rounds (`trace`: opening over a hot file
    /// that holds only the header takes a round per read otherwise).
    pub(super) eager: bool,
    pub(super) trace: Option<Mutex<Vec<Range<u64>>>>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "lazy search bundle ({} bytes)", self.len)
    }
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// The most rounds of fetching one answer may take: a query's rounds are the term
/// dictionary's blocks (usually none: they are hot), postings, field norms, stored fields, and
/// then what a touch did not foresee. More means a bug, not a large index.
const MAX_ROUNDS: usize = 32;

impl Source {
    /// Parses a hot file; `fetch`, if given, reads chunk files by key (see [`Source::complete`]).
    /// Never panics on a malformed hot file.
    pub(crate) fn parse(hot: Vec<u8>, fetch: Option<Box<Fetch>>) -> Result<Source, SearchError> {
        let corrupt = || SearchError::new("invalid search hot file");
        let bytes = OwnedBytes::new(hot);
        let b = bytes.as_slice();
        let mut pos = 0usize;
        let take = |pos: &mut usize, n: usize| -> Result<Range<usize>, SearchError> {
            let end = pos
                .checked_add(n)
                .filter(|&e| e <= b.len())
                .ok_or_else(corrupt)?;
            let r = *pos..end;
            *pos = end;
            Ok(r)
        };
        let u64_at = |r: Range<usize>| u64::from_le_bytes(b[r].try_into().unwrap());
        let u32_at = |r: Range<usize>| u32::from_le_bytes(b[r].try_into().unwrap()) as usize;
        if b.get(..8) != Some(HOT_MAGIC.as_slice()) {
            return Err(corrupt());
        }
        take(&mut pos, 8)?;
        let len = u64_at(take(&mut pos, 8)?);
        let size = u32_at(take(&mut pos, 4)?);
        let name = u64_at(take(&mut pos, 8)?);
        // A terabyte bundle is a corrupt hot file (and would not fit a chunk count in wasm).
        if size != CHUNK_SIZE || len > 1 << 40 {
            return Err(corrupt());
        }
        let mut take = |n: usize| take(&mut pos, n);
        let ranges = u32_at(take(4)?);
        let lists = u32_at(take(4)?);
        // Each range takes 12 bytes: a count beyond the file reserves no more than it holds.
        let mut spans = Vec::with_capacity(ranges.min(b.len() / 12));
        for _ in 0..ranges {
            let offset = u64_at(take(8)?);
            let n = u32_at(take(4)?);
            spans.push((offset, n));
        }
        let mut long = Vec::with_capacity(lists.min(b.len() / 12));
        for _ in 0..lists {
            let offset = u64_at(take(8)?);
            let end = offset.checked_add(u32_at(take(4)?) as u64);
            match end.filter(|&end| end <= len && offset > 0) {
                Some(end) => long.push(offset..end),
                None => return Err(corrupt()),
            }
        }
        if long.windows(2).any(|w| w[1].start < w[0].end) {
            return Err(corrupt());
        }
        let mut hot = Vec::with_capacity(spans.len());
        for (offset, n) in spans {
            let r = take(n)?;
            if offset.checked_add(n as u64).is_none_or(|end| end > len) {
                return Err(corrupt());
            }
            hot.push((offset, bytes.slice(r)));
        }
        Ok(Source {
            len,
            layout: OnceLock::new(),
            name,
            hot,
            long,
            chunks: Mutex::default(),
            needed: Mutex::default(),
            answering: Mutex::default(),
            fetch,
            eager: false,
            trace: None,
        })
    }

    /// Runs `attempt` until it reads no missing chunk; its answer then. Between runs, the
    /// chunks a run found missing are fetched (all at once) with the source's `fetch`; without
    /// one, the keys are answered instead.
    pub(crate) fn complete<T>(
        &self,
        mut attempt: impl FnMut() -> Result<T, SearchError>,
    ) -> Result<Lazy<T>, SearchError> {
        let _one_at_a_time = self
            .answering
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for _ in 0..MAX_ROUNDS {
            self.take_needed();
            let answer = attempt();
            let needed = self.take_needed();
            if needed.is_empty() {
                return answer.map(Lazy::Ready);
            }
            let Some(fetch) = &self.fetch else {
                return Ok(Lazy::Need(needed));
            };
            let keys: Vec<&str> = needed.iter().map(String::as_str).collect();
            self.provide(&keys, fetch(&keys)?)?;
        }
        Err(SearchError::new(
            "the search index kept needing more chunks (is it corrupt?)",
        ))
    }

    /// Whether a chunk was read while missing since the last [`Source::take_needed`].
    pub(crate) fn has_missing(&self) -> bool {
        !self.needed.lock().unwrap().is_empty()
    }

    /// The keys of the chunks read while missing since the last call.
    fn take_needed(&self) -> Vec<String> {
        std::mem::take(&mut *self.needed.lock().unwrap())
            .into_iter()
            .map(|c| chunk_key(self.name, c))
            .collect()
    }

    /// The bundle's length.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Says where the chunks are: the hot file does not (they start where the index's files
    /// and doc store blocks start, which the open index tells: see [`super::cuts_of`]).
    pub(crate) fn set_layout(&self, layout: Layout) {
        let _ = self.layout.set(layout);
    }

    fn layout(&self) -> io::Result<&Layout> {
        self.layout
            .get()
            .ok_or_else(|| invalid("the search hot file lacks what opening the index reads"))
    }

    /// Takes chunk files (`keys`, their bytes concatenated in the same order).
    pub(crate) fn provide(&self, keys: &[&str], bytes: Vec<u8>) -> Result<(), SearchError> {
        let layout = self.layout().map_err(|e| SearchError::new(e.to_string()))?;
        let prefix = format!("{:016x}-", self.name);
        let mut which = Vec::with_capacity(keys.len());
        for key in keys {
            let i = key
                .strip_prefix(&prefix)
                .and_then(|i| i.parse::<usize>().ok())
                .filter(|&i| i < layout.count())
                .ok_or_else(|| {
                    SearchError::new(format!("`{key}` is not a chunk of this search index"))
                })?;
            let r = layout.range(i);
            which.push((i, (r.end - r.start) as usize));
        }
        if bytes.len() != which.iter().map(|(_, n)| n).sum::<usize>() {
            return Err(SearchError::new(
                "the search index chunks have the wrong size (is the site half-published?)",
            ));
        }
        let bytes = OwnedBytes::new(bytes);
        let mut chunks = self.chunks.lock().unwrap();
        let mut at = 0;
        for (i, n) in which {
            chunks.insert(i, bytes.slice(at..at + n));
            at += n;
        }
        Ok(())
    }

    pub(super) fn take_trace(&self) -> Vec<Range<u64>> {
        self.trace
            .as_ref()
            .map(|t| std::mem::take(&mut *t.lock().unwrap()))
            .unwrap_or_default()
    }

    /// The long lists the hot file names (see [`super::cuts_of`]).
    pub(crate) fn long_lists(&self) -> &[Range<u64>] {
        &self.long
    }

    /// The bundle's header (its file table): the first hot range.
    pub(crate) fn header(&self) -> &[u8] {
        self.hot.first().map_or(&[], |(_, b)| b.as_slice())
    }

    fn read(&self, range: Range<u64>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(invalid("read past the end of the search bundle"));
        }
        if let Some(trace) = &self.trace {
            trace.lock().unwrap().push(range.clone());
        }
        if range.start == range.end {
            return Ok(OwnedBytes::empty());
        }
        let i = self.hot.partition_point(|(start, _)| *start <= range.start);
        if let Some((start, bytes)) = i.checked_sub(1).map(|i| &self.hot[i])
            && range.end <= start + bytes.len() as u64
        {
            return Ok(bytes.slice((range.start - start) as usize..(range.end - start) as usize));
        }
        let layout = self.layout()?;
        let (first, last) = (layout.chunk_of(range.start), layout.chunk_of(range.end - 1));
        let mut missing: Vec<usize> = {
            let chunks = self.chunks.lock().unwrap();
            (first..=last).filter(|c| !chunks.contains_key(c)).collect()
        };
        if let (true, false, Some(fetch)) = (self.eager, missing.is_empty(), &self.fetch) {
            let keys: Vec<String> = missing.iter().map(|&c| chunk_key(self.name, c)).collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let bytes = fetch(&keys).map_err(|e| io::Error::other(e.to_string()))?;
            self.provide(&keys, bytes)
                .map_err(|e| io::Error::other(e.to_string()))?;
            missing.clear();
        }
        if !missing.is_empty() {
            self.needed.lock().unwrap().extend(missing);
            return Err(io::Error::other("search index chunks not fetched yet"));
        }
        let chunks = self.chunks.lock().unwrap();
        let local = |c: usize| {
            let r = layout.range(c);
            (range.start.max(r.start) - r.start) as usize..(range.end.min(r.end) - r.start) as usize
        };
        if first == last {
            return Ok(chunks[&first].slice(local(first)));
        }
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for c in first..=last {
            out.extend_from_slice(&chunks[&c].as_slice()[local(c)]);
        }
        Ok(OwnedBytes::new(out))
    }
}

/// One file of a lazy bundle.
#[derive(Debug)]
struct LazyFile {
    source: Arc<Source>,
    offset: u64,
    len: usize,
}

impl HasLen for LazyFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for LazyFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len {
            return Err(invalid("read past the end of a search index file"));
        }
        self.source
            .read(self.offset + range.start as u64..self.offset + range.end as u64)
    }
}

/// Read-only directory over a lazy bundle.
#[derive(Clone, Debug)]
pub(crate) struct LazyDirectory {
    source: Arc<Source>,
    files: Arc<BTreeMap<PathBuf, (u64, usize)>>,
}

impl LazyDirectory {
    pub(crate) fn new(source: Arc<Source>) -> Result<Self, SearchError> {
        let files = bundle::table(source.header())?
            .into_iter()
            .map(|(name, offset, len)| (PathBuf::from(name), (offset, len)))
            .collect();
        Ok(LazyDirectory {
            source,
            files: Arc::new(files),
        })
    }

    fn file(&self, path: &Path) -> Result<LazyFile, OpenReadError> {
        let &(offset, len) = self
            .files
            .get(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(LazyFile {
            source: self.source.clone(),
            offset,
            len,
        })
    }
}

impl Directory for LazyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        Ok(Arc::new(self.file(path)?))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(bundle::read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(bundle::read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let file = self.file(path)?;
        file.read_bytes(0..file.len)
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| OpenReadError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_path_buf(),
            })
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(bundle::read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
