//! Reading a bundle lazily (issue 18): the browser fetched the whole bundle before its first
//! result, 8 MB at 10k entries. Here the bundle is cut into a small "hot" file and chunk
//! files, and the engine opens over a tantivy `Directory` that serves each read from the hot
//! file or from the chunks it covers. The engine is the same one: only where its bytes come
//! from changes, so the browser's results stay equal to the CLI's by construction.
//!
//! Chunks are fetched in rounds, not one read at a time: tantivy's reads are synchronous, and
//! a first query fetched its 40-odd chunks one after the other (one network round trip each).
//! A read of a chunk that is not here fails and records the chunk as needed; the engine runs
//! a query as far as it can, touching ahead what the next steps will read (the postings of
//! every term of the query, then the field norms of their documents, then the stored fields of
//! the hits: `engine/prefetch.rs`), and answers [`Lazy::Need`] with every chunk it found
//! missing. The caller fetches them all at once (in parallel, in the browser), hands them over
//! with [`Engine::provide`], and asks again. An answer is only given when a run read nothing
//! missing, so it is the answer of the whole bundle.
//!
//! What is hot is not guessed: [`split_bundle`] opens the bundle natively over the same lazy
//! directory, records every byte range read while opening it (and every field's inverted
//! index: a query on a field neither probe opened took a round to open it, another to look its
//! terms up) and while running two unrelated probe queries, and keeps the ranges read on open
//! plus those both probes read (footers, file tables, term dictionaries, doc store skip indexes:
//! what any query needs). A query's own postings and the stored fields of its hits stay in the
//! chunks.
//!
//! Chunk files are not all the same size. They are cut every [`CHUNK_SIZE`] bytes, and also
//! where each index file and each compressed block of the doc store starts: a hit's stored
//! fields then cost the one chunk of its block (≈ 1.3 KB), not the 8 KB chunk (or two) it shared
//! with its neighbours' blocks; at 10k entries the hits of a first query were 25 of its 42
//! chunk files. The hot file does not list these cuts (at 100k entries that took 26 KB): the
//! reader finds them as the cutting did ([`cuts_of`]), in the file table and the doc store's
//! skip index, which opening the index reads from the hot file anyway. The field norms are cut
//! in chunks of [`NORM_CHUNK_SIZE`]: a common word reads nearly every norm page of its
//! language's documents, 11 chunk files of 8 KB at 100k entries. A query reads a term's
//! postings (and a phrase's positions) whole: a list longer than 16 KB is cut in chunks of
//! [`LONG_CHUNK_SIZE`] from its start to its end, and the hot file lists these long lists (12
//! bytes each, 7 KB at 100k entries, where `patron`'s postings went from 15 to 9 chunk files).
//!
//! Hot file layout (integers little-endian):
//! ```text
//! magic  "DSKBHOT5"                  8 bytes (4: without long lists; 3: norms in 8 KB chunks)
//! bundle_len u64, chunk_size u32, name u64           chunk i's file is `{name:016x}-{i}`
//! range_count u32, long_count u32
//! range_count × { offset u64, len u32 }   sorted, disjoint; the first is the bundle's header
//! long_count × { offset u64, len u32 }    the long lists, sorted, disjoint
//! the ranges' bytes, concatenated in order
//! ```
//! Chunk files are named by a hash of the whole bundle and their number: immutable, so they
//! may be cached forever. (They were named by a hash of their own bytes, so that an unchanged
//! chunk kept its name across builds; but an edit shifts every byte after it, so nearly every
//! chunk changed name anyway, and the names cost 16 bytes per chunk in the hot file: 214 KB
//! of a 307 KB hot file at 100k entries.)

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use tantivy::directory::OwnedBytes;

use crate::{Engine, Query, SearchError, bundle};

mod source;

pub(crate) use source::{LazyDirectory, Source};

/// Bytes per chunk file at most (see the module docs for where chunks are cut shorter).
pub const CHUNK_SIZE: usize = 8 * 1024;

/// Bytes per chunk file of the field norms at most: a query reads the norm pages of its
/// terms' documents, nearly every page of their language's run on a common word. At 100k
/// entries `patron` took 11 chunk files of [`CHUNK_SIZE`], now 6 (8 KB more); 32 KB took 3,
/// but cost 16 KB more at 10k entries, where 16 KB takes one chunk as 32 KB does.
pub const NORM_CHUNK_SIZE: usize = 16 * 1024;

/// Bytes per chunk file of a long postings or positions list at most (see the module docs).
pub const LONG_CHUNK_SIZE: usize = 64 * 1024;

/// A postings or positions list longer than this is long (see [`LONG_CHUNK_SIZE`]).
const LONG_MIN: usize = 16 * 1024;

const HOT_MAGIC: &[u8; 8] = b"DSKBHOT5";

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
    let (layout, long) = layout_of(bundle)?;
    let name = bundle_name(bundle);
    let chunks: Vec<(String, Vec<u8>)> = (0..layout.count())
        .map(|i| {
            let r = layout.range(i);
            (
                chunk_key(name, i),
                bundle[r.start as usize..r.end as usize].to_vec(),
            )
        })
        .collect();
    let ranges = hot_ranges(bundle, &layout)?;
    let mut hot = Vec::new();
    hot.extend_from_slice(HOT_MAGIC);
    hot.extend_from_slice(&(bundle.len() as u64).to_le_bytes());
    hot.extend_from_slice(&(CHUNK_SIZE as u32).to_le_bytes());
    hot.extend_from_slice(&name.to_le_bytes());
    hot.extend_from_slice(&(ranges.len() as u32).to_le_bytes());
    hot.extend_from_slice(&(long.len() as u32).to_le_bytes());
    for r in ranges.iter().chain(&long) {
        hot.extend_from_slice(&r.start.to_le_bytes());
        hot.extend_from_slice(&((r.end - r.start) as u32).to_le_bytes());
    }
    for r in &ranges {
        hot.extend_from_slice(&bundle[r.start as usize..r.end as usize]);
    }
    Ok(Split { hot, chunks })
}

/// A hash of the whole bundle, which names its chunk files.
fn bundle_name(bundle: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bundle);
    hasher.write_usize(bundle.len());
    hasher.finish()
}

/// The key (file name without extension) of chunk `i` of the bundle named `name`.
fn chunk_key(name: u64, i: usize) -> String {
    format!("{name:016x}-{i}")
}

/// Where `bundle`'s chunks are (see [`cuts_of`]), and its long lists, which the hot file lists.
fn layout_of(bundle: &[u8]) -> Result<(Layout, Vec<Range<u64>>), SearchError> {
    let (len, table) = (bundle.len() as u64, bundle::table(bundle)?);
    // The engine (a copy of the bundle) is dropped before the long lists are traced (another).
    let plain = cuts_of(len, &table, &Engine::open(bundle.to_vec())?, &[])?;
    let long = long_lists(bundle, &Layout::new(len, &plain), &table)?;
    Ok((Layout::new(len, &with_long(plain, &long, len)), long))
}

/// The postings and positions lists of `bundle` longer than [`CHUNK_SIZE`], sorted: a query
/// reads a term's list whole, in [`CHUNK_SIZE`] chunk files it took 7 requests for a list of
/// 51 KB (`patron` at 100k entries). Found by reading them and tracing where the reads fall.
fn long_lists(
    bundle: &[u8],
    layout: &Layout,
    table: &bundle::Table,
) -> Result<Vec<Range<u64>>, SearchError> {
    let lists: Vec<Range<u64>> = table
        .iter()
        .filter(|(name, _, _)| name.ends_with(".idx") || name.ends_with(".pos"))
        .map(|&(_, offset, len)| offset..offset + len as u64)
        .collect();
    let (source, engine) = traced(bundle, layout)?;
    source.take_trace();
    engine.read_long_lists(LONG_MIN);
    let mut long: Vec<Range<u64>> = source
        .take_trace()
        .into_iter()
        .filter(|r| r.end - r.start > LONG_MIN as u64)
        .filter(|r| lists.iter().any(|l| l.start <= r.start && r.end <= l.end))
        .collect();
    long.sort_by_key(|r| (r.start, r.end));
    long.dedup();
    Ok(long)
}

/// Where a run of chunks starts (`at`), and their size up to the next cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cut {
    pub(crate) at: u64,
    pub(crate) size: u64,
}

/// Where chunks start besides every [`CHUNK_SIZE`] bytes, in a bundle of `len` bytes with the
/// file `table`, opened as `engine`, whose `long` lists the hot file names: each index file's
/// start and each doc store block's start, sorted, without 0; from the start of the field
/// norms, chunks are [`NORM_CHUNK_SIZE`] bytes; a long list's are [`LONG_CHUNK_SIZE`], from its
/// start to its end. The cutting and the lazy reader both ask this, from what they have.
pub(crate) fn cuts_of(
    len: u64,
    table: &bundle::Table,
    engine: &Engine,
    long: &[Range<u64>],
) -> Result<Vec<Cut>, SearchError> {
    let size = |name: &str| {
        let norms = name.ends_with(".fieldnorm");
        if norms { NORM_CHUNK_SIZE } else { CHUNK_SIZE }
    };
    let mut cuts: Vec<Cut> = table
        .iter()
        .map(|(name, offset, _)| Cut {
            at: *offset,
            size: size(name) as u64,
        })
        .collect();
    cuts.extend(engine.store_blocks(table)?.into_iter().map(|r| Cut {
        at: r.start,
        size: CHUNK_SIZE as u64,
    }));
    Ok(with_long(cuts, long, len))
}

/// `cuts` and the cuts of the `long` lists, sorted and distinct, within `1..len`.
fn with_long(mut cuts: Vec<Cut>, long: &[Range<u64>], len: u64) -> Vec<Cut> {
    for r in long {
        let size = CHUNK_SIZE as u64;
        cuts.push(Cut { at: r.end, size });
        let size = LONG_CHUNK_SIZE as u64;
        cuts.push(Cut { at: r.start, size });
    }
    cuts.retain(|c| c.at > 0 && c.at < len);
    // Where a long list starts as another ends, the long list's size wins.
    cuts.sort_unstable_by_key(|c| (c.at, std::cmp::Reverse(c.size)));
    cuts.dedup_by_key(|c| c.at);
    cuts
}

/// What a lazily opened engine answers: the answer, or the chunk files (keys) it needs first.
#[derive(Debug, Clone, PartialEq)]
pub enum Lazy<T> {
    /// The answer: the run read nothing missing, so it is the whole bundle's answer.
    Ready(T),
    /// The keys of every chunk file the run found missing: fetch them (`KEY.bin`, all at
    /// once), hand them to [`Engine::provide`], ask again.
    Need(Vec<String>),
}

/// The chunks of a bundle: [`CHUNK_SIZE`] bytes each (the field norms' [`NORM_CHUNK_SIZE`]),
/// restarting at each cut point (see [`cuts_of`]). Kept as segments between cuts, so that its
/// size is that of the list of cuts whatever length a (corrupt) hot file claims for the bundle.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    len: u64,
    /// Per segment: where it starts, the number of its first chunk, and its chunks' size.
    segments: Vec<(u64, usize, u64)>,
    count: usize,
}

impl Layout {
    /// `cuts` are sorted, distinct, and within `1..len`.
    pub(crate) fn new(len: u64, cuts: &[Cut]) -> Layout {
        let mut segments = Vec::with_capacity(cuts.len() + 1);
        let mut first = 0usize;
        let header = Cut {
            at: 0,
            size: CHUNK_SIZE as u64,
        };
        let starts = std::iter::once(header).chain(cuts.iter().copied());
        let ends = cuts.iter().map(|c| c.at).chain(std::iter::once(len));
        for (start, end) in starts.zip(ends) {
            segments.push((start.at, first, start.size));
            first += (end - start.at).div_ceil(start.size) as usize;
        }
        Layout {
            len,
            segments,
            count: first,
        }
    }

    fn count(&self) -> usize {
        self.count
    }

    /// The bytes of chunk `i` (< count).
    fn range(&self, i: usize) -> Range<u64> {
        let k = self.segments.partition_point(|&(_, first, _)| first <= i) - 1;
        let (start, first, size) = self.segments[k];
        let end = self.segments.get(k + 1).map_or(self.len, |&(s, _, _)| s);
        let from = start + (i - first) as u64 * size;
        from..(from + size).min(end)
    }

    /// The chunk holding byte `offset` (< len).
    fn chunk_of(&self, offset: u64) -> usize {
        let k = self
            .segments
            .partition_point(|&(start, _, _)| start <= offset)
            - 1;
        let (start, first, size) = self.segments[k];
        first + ((offset - start) / size) as usize
    }
}

/// What opening the bundle and any query read, as sorted disjoint ranges of the bundle.
fn hot_ranges(bundle: &[u8], layout: &Layout) -> Result<Vec<Range<u64>>, SearchError> {
    let probes: Vec<Query> = PROBES
        .iter()
        .map(|text| Query {
            text: (*text).to_string(),
            ..Query::default()
        })
        .collect();
    let traces = trace_with(bundle, layout, &probes)?;
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

/// The chunk files a lazily opened `bundle` fetches for each of `queries`, each run alone on a
/// freshly opened engine, round by round (see the module docs), as the ranges of the bundle
/// they hold: what a browser downloads of the index for a cold first query, besides the hot
/// file, and in how many round trips.
pub fn cold_chunks(
    bundle: &[u8],
    queries: &[Query],
) -> Result<Vec<Vec<Vec<Range<u64>>>>, SearchError> {
    let split = split_bundle(bundle)?;
    let (layout, _) = layout_of(bundle)?;
    let ranges: HashMap<String, Range<u64>> = (0..layout.count())
        .map(|i| (split.chunks[i].0.clone(), layout.range(i)))
        .collect();
    let chunks: HashMap<String, Vec<u8>> = split.chunks.into_iter().collect();
    let mut out = Vec::new();
    for q in queries {
        let engine = Engine::open_lazy_rounds(split.hot.clone())?;
        let mut rounds = Vec::new();
        while let Lazy::Need(keys) = engine.try_search(q)? {
            let mut bytes = Vec::new();
            for k in &keys {
                bytes.extend_from_slice(chunks.get(k).ok_or_else(|| SearchError::new("no chunk"))?);
            }
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            engine.provide(&keys, bytes)?;
            rounds.push(keys.iter().map(|k| ranges[*k].clone()).collect());
        }
        out.push(rounds);
    }
    Ok(out)
}

/// The byte ranges of `bundle` read by opening it (first), then by each of `queries` run
/// alone on a freshly opened engine (as a first query in the browser is).
pub fn trace(bundle: &[u8], queries: &[Query]) -> Result<Vec<Vec<Range<u64>>>, SearchError> {
    let (layout, _) = layout_of(bundle)?;
    trace_with(bundle, &layout, queries)
}

fn trace_with(
    bundle: &[u8],
    layout: &Layout,
    queries: &[Query],
) -> Result<Vec<Vec<Range<u64>>>, SearchError> {
    let whole = Arc::new(bundle.to_vec());
    let layout = Arc::new(layout.clone());
    let (source, engine) = traced_over(&whole, &layout)?;
    engine.open_every_field();
    let mut out = vec![source.take_trace()];
    for q in queries {
        let (source, engine) = traced_over(&whole, &layout)?;
        source.take_trace();
        engine.search(q)?;
        out.push(source.take_trace());
    }
    Ok(out)
}

/// `bundle` opened over a lazy source that holds only its header, fetches each chunk (cut as
/// `layout` says) when it is read, and records every read.
fn traced(bundle: &[u8], layout: &Layout) -> Result<(Arc<Source>, Engine), SearchError> {
    traced_over(&Arc::new(bundle.to_vec()), &Arc::new(layout.clone()))
}

fn traced_over(
    whole: &Arc<Vec<u8>>,
    layout: &Arc<Layout>,
) -> Result<(Arc<Source>, Engine), SearchError> {
    let header = bundle::header_len(whole)?;
    let (bytes, chunks) = (whole.clone(), layout.clone());
    let fetch = move |keys: &[&str]| -> Result<Vec<u8>, SearchError> {
        let mut out = Vec::new();
        for k in keys {
            let i: usize = k
                .rsplit('-')
                .next()
                .and_then(|i| i.parse().ok())
                .ok_or_else(|| SearchError::new("bad chunk"))?;
            let r = chunks.range(i);
            out.extend_from_slice(&bytes[r.start as usize..r.end as usize]);
        }
        Ok(out)
    };
    let source = Arc::new(Source {
        len: whole.len() as u64,
        layout: (**layout).clone().into(),
        name: 0,
        hot: vec![(0, OwnedBytes::new(whole[..header].to_vec()))],
        long: Vec::new(),
        chunks: Mutex::default(),
        needed: Mutex::default(),
        answering: Mutex::default(),
        fetch: Some(Box::new(fetch)),
        eager: true,
        trace: Some(Mutex::default()),
    });
    let engine = Engine::open_lazy_source(source.clone())?;
    Ok((source, engine))
}
