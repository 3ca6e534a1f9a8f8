//! Reading a bundle lazily (issue 18): the browser fetched the whole bundle before its first
//! result, 8 MB at 10k entries. Here the bundle is cut into a small "hot" file and fixed-size
//! chunk files, and the engine opens over a tantivy `Directory` that serves each read from the
//! hot file or from the chunks it covers, fetched (once) through a callback when first read.
//! The engine is the same one: only where its bytes come from changes, so the browser's results
//! stay equal to the CLI's by construction.
//!
//! What is hot is not guessed: [`split_bundle`] opens the bundle natively over the same lazy
//! directory, records every byte range read while opening it and while running two unrelated
//! probe queries, and keeps the ranges read on open plus those both probes read (footers, file
//! tables, term dictionaries, doc store skip indexes: what any query needs). A query's own
//! postings and the stored fields of its hits stay in the chunks.
//!
//! Hot file layout (all integers little-endian):
//! ```text
//! magic  "DSKBHOT1"                                  8 bytes
//! bundle_len u64, chunk_size u32, chunk_count u32
//! chunk_count × key (16 ASCII hex digits)             chunk i holds bundle[i*size..(i+1)*size]
//! range_count u32, range_count × { offset u64, len u32 }   sorted, disjoint; the first is the
//!                                                          bundle's header (its file table)
//! the ranges' bytes, concatenated in order
//! ```
//! A chunk's file is named by its key, a hash of its bytes: an unchanged chunk keeps its name
//! across rebuilds and may be cached forever.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::Directory;
use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

use crate::{Engine, Query, SearchError, bundle};

/// Bytes per chunk file (the last one is shorter).
pub const CHUNK_SIZE: usize = 8 * 1024;

const HOT_MAGIC: &[u8; 8] = b"DSKBHOT1";

/// Two hot ranges closer than this are stored as one (fewer entries, a few bytes more).
const MERGE_GAP: u64 = 64;

/// Reads chunk files by key, returning their bytes concatenated in the same order.
pub type Fetch = dyn Fn(&[&str]) -> Result<Vec<u8>, SearchError> + Send + Sync;

/// A bundle cut for lazy reading: the hot file and the chunk files (key, bytes).
pub struct Split {
    pub hot: Vec<u8>,
    pub chunks: Vec<(String, Vec<u8>)>,
}

/// The probe queries whose common reads are hot (see the module docs).
const PROBES: [&str; 2] = ["practice", "zzyzx qwerty"];

/// Cuts `bundle` into a hot file and chunks, measuring what is hot by opening and querying it.
pub fn split_bundle(bundle: &[u8]) -> Result<Split, SearchError> {
    let chunks: Vec<(String, Vec<u8>)> = bundle
        .chunks(CHUNK_SIZE)
        .map(|c| (chunk_key(c), c.to_vec()))
        .collect();
    let ranges = hot_ranges(bundle)?;
    let mut hot = Vec::new();
    hot.extend_from_slice(HOT_MAGIC);
    hot.extend_from_slice(&(bundle.len() as u64).to_le_bytes());
    hot.extend_from_slice(&(CHUNK_SIZE as u32).to_le_bytes());
    hot.extend_from_slice(&(chunks.len() as u32).to_le_bytes());
    for (key, _) in &chunks {
        hot.extend_from_slice(key.as_bytes());
    }
    hot.extend_from_slice(&(ranges.len() as u32).to_le_bytes());
    for r in &ranges {
        hot.extend_from_slice(&r.start.to_le_bytes());
        hot.extend_from_slice(&((r.end - r.start) as u32).to_le_bytes());
    }
    for r in &ranges {
        hot.extend_from_slice(&bundle[r.start as usize..r.end as usize]);
    }
    Ok(Split { hot, chunks })
}

/// The key (file name) of a chunk: a hash of its bytes, 16 hex digits.
fn chunk_key(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    format!("{:016x}", hasher.finish())
}

/// What opening the bundle and any query read, as sorted disjoint ranges of the bundle.
fn hot_ranges(bundle: &[u8]) -> Result<Vec<Range<u64>>, SearchError> {
    let traces = trace(bundle, &PROBES)?;
    let mut ranges = traces[0].clone();
    let second: std::collections::HashSet<_> = traces[2].iter().cloned().collect();
    ranges.extend(traces[1].iter().filter(|r| second.contains(r)).cloned());
    ranges.push(0..bundle::header_len(bundle)? as u64);
    Ok(merge(ranges))
}

/// Sorts ranges and merges those overlapping or closer than [`MERGE_GAP`].
fn merge(mut ranges: Vec<Range<u64>>) -> Vec<Range<u64>> {
    ranges.retain(|r| r.end > r.start);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end + MERGE_GAP => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The byte ranges of `bundle` read by opening it (first), then by each query of `texts` run
/// alone on a freshly opened engine (as a first query in the browser is).
pub fn trace(bundle: &[u8], texts: &[&str]) -> Result<Vec<Vec<Range<u64>>>, SearchError> {
    let whole = Arc::new(bundle.to_vec());
    let header = bundle::header_len(bundle)?;
    let open = || -> Result<(Arc<Source>, Engine), SearchError> {
        let whole = whole.clone();
        let fetch = move |keys: &[&str]| -> Result<Vec<u8>, SearchError> {
            let mut out = Vec::new();
            for k in keys {
                let i: usize = k.parse().map_err(|_| SearchError::new("bad chunk"))?;
                out.extend_from_slice(
                    &whole[i * CHUNK_SIZE..((i + 1) * CHUNK_SIZE).min(whole.len())],
                );
            }
            Ok(out)
        };
        let source = Arc::new(Source {
            len: bundle.len() as u64,
            keys: (0..bundle.len().div_ceil(CHUNK_SIZE))
                .map(|i| i.to_string())
                .collect(),
            hot: vec![(0, OwnedBytes::new(bundle[..header].to_vec()))],
            chunks: Mutex::default(),
            fetch: Box::new(fetch),
            trace: Some(Mutex::default()),
            failure: Mutex::default(),
        });
        let engine = Engine::open_lazy_source(source.clone())?;
        Ok((source, engine))
    };
    let (source, _) = open()?;
    let mut out = vec![source.take_trace()];
    for text in texts {
        let (source, engine) = open()?;
        source.take_trace();
        let q = Query {
            text: (*text).to_string(),
            ..Query::default()
        };
        engine.search(&q)?;
        out.push(source.take_trace());
    }
    Ok(out)
}

/// Where a lazy bundle's bytes come from: the hot ranges, else the chunks (fetched once).
pub(crate) struct Source {
    len: u64,
    keys: Vec<String>,
    hot: Vec<(u64, OwnedBytes)>,
    chunks: Mutex<HashMap<usize, OwnedBytes>>,
    fetch: Box<Fetch>,
    trace: Option<Mutex<Vec<Range<u64>>>>,
    /// The last fetch that failed, until [`Source::take_failure`] (see `Engine::search`).
    failure: Mutex<Option<SearchError>>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "lazy search bundle ({} bytes)", self.len)
    }
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

impl Source {
    /// Parses a hot file; `fetch` reads chunk files by key.
    pub(crate) fn parse(hot: Vec<u8>, fetch: Box<Fetch>) -> Result<Source, SearchError> {
        let corrupt = || SearchError::new("invalid search hot file");
        let bytes = OwnedBytes::new(hot);
        let b = bytes.as_slice();
        let mut pos = 0usize;
        let mut take = |n: usize| -> Result<Range<usize>, SearchError> {
            let end = pos
                .checked_add(n)
                .filter(|&e| e <= b.len())
                .ok_or_else(corrupt)?;
            let r = pos..end;
            pos = end;
            Ok(r)
        };
        let u64_at = |r: Range<usize>| u64::from_le_bytes(b[r].try_into().unwrap());
        let u32_at = |r: Range<usize>| u32::from_le_bytes(b[r].try_into().unwrap()) as usize;
        if b.get(..8) != Some(HOT_MAGIC.as_slice()) {
            return Err(corrupt());
        }
        take(8)?;
        let len = u64_at(take(8)?);
        let size = u32_at(take(4)?);
        let count = u32_at(take(4)?);
        if size != CHUNK_SIZE || (count as u64) != len.div_ceil(size as u64) {
            return Err(corrupt());
        }
        let mut keys = Vec::with_capacity(count);
        for _ in 0..count {
            let key = std::str::from_utf8(&b[take(16)?]).map_err(|_| corrupt())?;
            keys.push(key.to_string());
        }
        let ranges = u32_at(take(4)?);
        let mut spans = Vec::with_capacity(ranges);
        for _ in 0..ranges {
            let offset = u64_at(take(8)?);
            let n = u32_at(take(4)?);
            spans.push((offset, n));
        }
        let mut hot = Vec::with_capacity(ranges);
        for (offset, n) in spans {
            let r = take(n)?;
            if offset + n as u64 > len {
                return Err(corrupt());
            }
            hot.push((offset, bytes.slice(r)));
        }
        Ok(Source {
            len,
            keys,
            hot,
            chunks: Mutex::default(),
            fetch,
            trace: None,
            failure: Mutex::default(),
        })
    }

    /// The fetch that failed since the last call, if one did.
    pub(crate) fn take_failure(&self) -> Option<SearchError> {
        self.failure.lock().unwrap().take()
    }

    fn take_trace(&self) -> Vec<Range<u64>> {
        self.trace
            .as_ref()
            .map(|t| std::mem::take(&mut *t.lock().unwrap()))
            .unwrap_or_default()
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
        let size = CHUNK_SIZE as u64;
        let (first, last) = (
            (range.start / size) as usize,
            ((range.end - 1) / size) as usize,
        );
        let mut chunks = self.chunks.lock().unwrap();
        let missing: Vec<usize> = (first..=last).filter(|c| !chunks.contains_key(c)).collect();
        if !missing.is_empty() {
            let keys: Vec<&str> = missing.iter().map(|&c| self.keys[c].as_str()).collect();
            let fetched = (self.fetch)(&keys).map_err(|e| {
                let message = e.to_string();
                *self.failure.lock().unwrap() = Some(e);
                io::Error::other(message)
            })?;
            let sizes: Vec<usize> = missing
                .iter()
                .map(|&c| (self.len - c as u64 * size).min(size) as usize)
                .collect();
            if fetched.len() != sizes.iter().sum::<usize>() {
                return Err(invalid("the search index chunks have the wrong size"));
            }
            let fetched = OwnedBytes::new(fetched);
            let mut at = 0;
            for (c, n) in missing.into_iter().zip(sizes) {
                chunks.insert(c, fetched.slice(at..at + n));
                at += n;
            }
        }
        let local = |c: usize| {
            let base = c as u64 * size;
            (range.start.max(base) - base) as usize..(range.end.min(base + size) - base) as usize
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
