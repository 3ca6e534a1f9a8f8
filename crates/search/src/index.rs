//! Building the index: the schema (per-language text fields, stored fields, the vocabulary for
//! "did you mean"), its tokenizers, and the bundle: one tantivy segment per shard of documents,
//! merged into one segment, deterministic for the same documents in any order.

use std::collections::BTreeMap;

use tantivy::directory::OwnedBytes;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{Directory, IndexBuilder, IndexSettings, TantivyDocument};

use crate::analysis::{self, DeskbookTokenizer, Family};
use crate::bundle::BundleDirectory;
use crate::{SETTINGS_FILE, SearchDoc, SearchError, Settings, bundle, text_key};

/// Text field parts, in boost order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Title,
    Headings,
    Summary,
    Body,
}

impl Part {
    pub(crate) const ALL: [Part; 4] = [Part::Title, Part::Headings, Part::Summary, Part::Body];

    fn name(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Headings => "headings",
            Part::Summary => "summary",
            Part::Body => "body",
        }
    }

    /// Field boost: title > headings > summary > body.
    ///
    /// Only bodies have field norms (see [`build_schema`]). BM25 compares a document's length
    /// with the field's average over every document, most of which (those in other languages)
    /// have none of it: with norms, a title's term factor was about 0.55; without, it is about
    /// 1.2 (a length of 1 against that average). The short fields' boosts are halved (5, 3, 2
    /// with norms) so that BM25 keeps the scale the score bands were made for (ranking tests,
    /// `benches/relevance`).
    pub(crate) fn boost(self) -> f32 {
        match self {
            Part::Title => 2.5,
            Part::Headings => 1.5,
            Part::Summary => 1.0,
            Part::Body => 1.0,
        }
    }
}

/// The schema's fields.
#[derive(Clone, Debug)]
pub(crate) struct Fields {
    /// `text[family][part]`: per-language analyzed text (indexed with positions, not stored).
    pub(crate) text: [[Field; 4]; 4],
    pub(crate) id: Field,
    pub(crate) lang: Field,
    pub(crate) kind: Field,
    pub(crate) category: Field,
    pub(crate) rights: Field,
    pub(crate) tags: Field,
    pub(crate) url: Field,
    pub(crate) title: Field,
    pub(crate) summary: Field,
    /// The key of the body's text file (the body itself is not stored).
    pub(crate) text_key: Field,
    /// The words of titles, headings and summaries as written (lower-case), for "did you mean".
    pub(crate) vocab: Field,
    pub(crate) updated: Field,
}

impl Fields {
    pub(crate) fn text(&self, family: Family, part: Part) -> Field {
        self.text[family.index()][part as usize]
    }

    pub(crate) fn from_schema(schema: &Schema) -> Result<Fields, SearchError> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| SearchError::new(format!("search bundle lacks field `{name}`")))
        };
        let mut text = [[Field::from_field_id(0); 4]; 4];
        for family in Family::ALL {
            for part in Part::ALL {
                text[family.index()][part as usize] =
                    get(&format!("{}_{}", part.name(), family.suffix()))?;
            }
        }
        Ok(Fields {
            text,
            id: get("id")?,
            lang: get("lang")?,
            kind: get("kind")?,
            category: get("category")?,
            rights: get("rights")?,
            tags: get("tags")?,
            url: get("url")?,
            title: get("title")?,
            summary: get("summary")?,
            text_key: get("text")?,
            vocab: get("vocab")?,
            updated: get("updated")?,
        })
    }
}

pub(crate) fn build_schema() -> Schema {
    let mut b = Schema::builder();
    for family in Family::ALL {
        for part in Part::ALL {
            // Positions are only needed for phrases, i.e. CJK bigram runs; elsewhere a word
            // that splits into several tokens (`e-mail`) matches them in any order, and the
            // index is smaller without positions.
            let record = if family.has_positions() {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            };
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(family.tokenizer_name())
                    .set_index_option(record)
                    .set_fieldnorms(part == Part::Body),
            );
            b.add_text_field(&format!("{}_{}", part.name(), family.suffix()), options);
        }
    }
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("lang", STRING | STORED);
    b.add_text_field("kind", STRING | STORED);
    b.add_text_field("category", STRING | STORED);
    b.add_text_field("rights", STRING);
    b.add_text_field("tags", STRING);
    b.add_text_field("url", STORED);
    b.add_text_field("title", STORED);
    b.add_text_field("summary", STORED);
    b.add_text_field("text", STORED);
    b.add_text_field("updated", STORED);
    b.add_text_field(
        "vocab",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis::VOCAB_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    b.build()
}

pub(crate) fn tokenizer_manager() -> TokenizerManager {
    let manager = TokenizerManager::default();
    for family in Family::ALL {
        manager.register(
            family.tokenizer_name(),
            TextAnalyzer::from(DeskbookTokenizer::new(family)),
        );
    }
    manager.register(
        analysis::VOCAB_TOKENIZER,
        TextAnalyzer::from(analysis::VocabTokenizer::default()),
    );
    manager
}

/// Doc store block size: larger blocks compress better, but a hit decompresses one block, and
/// the browser downloads the chunk file holding it (chunk files are cut at block starts, see
/// `lazy.rs`). At 4 KB a hit costs ≈ 1.3 KB of download at 10k entries (8 KB: ≈ 2.4 KB, for a
/// bundle 1.3 % smaller).
const DOCSTORE_BLOCKSIZE: usize = 4_096;

/// Documents per shard. Each shard is one tantivy segment built on its own; the bundle holds
/// them merged into one (see [`merge_shards`]). Shards let a full build index on every core and
/// let watch mode re-index only the shard of the entry that changed, while the bundle stays a
/// pure function of the documents.
const DOCS_PER_SHARD: usize = 1500;

/// The most shards one language's documents get.
const MAX_SHARDS: usize = 32;

/// The documents cut into shards, in bundle order: each language's in shards of their own, the
/// languages in name order, so that in the merged segment a language's documents are
/// contiguous. A field of one language family then has its matches, its postings and the
/// field norms a query reads in one run of document ids: a query in the browser reads the norm
/// pages of that run (a third of the site in three languages), not of every document of the
/// site (issue 18). Within a language, by entry id (FNV-1a), so that an edit re-indexes one shard.
fn shards_of<'d, 'a>(docs: &'d [SearchDoc<'a>]) -> Vec<Vec<&'d SearchDoc<'a>>> {
    let mut by_lang: BTreeMap<&str, Vec<&SearchDoc>> = BTreeMap::new();
    for d in docs {
        by_lang.entry(d.lang.as_str()).or_default().push(d);
    }
    let mut parts = Vec::new();
    for docs in by_lang.into_values() {
        let count = docs.len().div_ceil(DOCS_PER_SHARD).clamp(1, MAX_SHARDS);
        let first = parts.len();
        parts.resize_with(first + count, Vec::new);
        for d in docs {
            parts[first + shard_of(d, count)].push(d);
        }
    }
    if parts.is_empty() {
        parts.push(Vec::new());
    }
    parts
}

/// The shard of a document among its language's `shards`: by entry id (FNV-1a).
fn shard_of(doc: &SearchDoc, shards: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in doc.id.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % shards as u64) as usize
}

/// The fixed segment id of shard `n` (tantivy names segments with random UUIDs; the bundle
/// renames them so that two builds of the same docs are byte-identical).
fn segment_id(shard: usize) -> String {
    format!("{:032x}", shard + 1)
}

fn hyphenated(id: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &id[0..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..32]
    )
}

/// One shard: its segment's files (under the shard's fixed id) and its `meta.json`. The files'
/// bytes are shared (`OwnedBytes`): merging and bundling read them without copies.
#[derive(Clone)]
struct Shard {
    files: BTreeMap<String, OwnedBytes>,
    meta: serde_json::Value,
}

/// Builds the search bundle of `docs`.
///
/// Deterministic: the docs are split into shards by language and entry id (see `shards_of`),
/// each shard is indexed in sorted order (by `id`, `lang`, `url`) on one thread into one
/// segment with a fixed id, so the same docs (in any order) give the same bytes. Shards are built in parallel where threads exist.
pub fn build_bundle(docs: &[SearchDoc]) -> Result<Vec<u8>, SearchError> {
    IndexCache::default().bundle(docs)
}

/// [`build_bundle`] with the site's search [`Settings`].
pub fn build_bundle_with(docs: &[SearchDoc], settings: &Settings) -> Result<Vec<u8>, SearchError> {
    IndexCache::default().bundle_with(docs, settings)
}

/// Keeps the shards of the last bundle, so that the next one re-indexes only shards whose
/// documents changed (watch mode). `IndexCache::default().bundle(docs)` is [`build_bundle`].
#[derive(Default)]
pub struct IndexCache {
    /// Per shard: the hash of its documents and the shard built from them.
    shards: Vec<(u64, Shard)>,
    /// How many shards the last bundle re-indexed.
    rebuilt: usize,
}

impl IndexCache {
    /// The bundle of `docs`, byte-identical to [`build_bundle`]`(docs)`.
    pub fn bundle(&mut self, docs: &[SearchDoc]) -> Result<Vec<u8>, SearchError> {
        self.bundle_with(docs, &Settings::default())
    }

    /// The bundle of `docs` with `settings`, byte-identical to [`build_bundle_with`].
    pub fn bundle_with(
        &mut self,
        docs: &[SearchDoc],
        settings: &Settings,
    ) -> Result<Vec<u8>, SearchError> {
        self.index(docs)?;
        self.indexed_bundle(settings, true)
    }

    /// Indexes `docs`: re-indexes the shards whose documents changed since the last call. The
    /// bundle is made from the shards afterwards ([`IndexCache::indexed_bundle`],
    /// [`IndexCache::into_bundle`]), so that a caller can free the documents first.
    pub fn index(&mut self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let mut parts = shards_of(docs);
        let count = parts.len();
        for part in &mut parts {
            part.sort_by(|a, b| (&a.id, &a.lang, &a.url).cmp(&(&b.id, &b.lang, &b.url)));
        }
        let hashes: Vec<u64> = parts.iter().map(|part| docs_hash(part)).collect();
        if self.shards.len() != count {
            self.shards.clear();
        }
        let stale: Vec<usize> = (0..count)
            .filter(|&i| self.shards.get(i).is_none_or(|(h, _)| *h != hashes[i]))
            .collect();
        let built = build_shards(&parts, &stale)?;
        if self.shards.len() != count {
            self.shards = stale
                .iter()
                .zip(built)
                .map(|(&i, shard)| (hashes[i], shard))
                .collect();
        } else {
            for (&i, shard) in stale.iter().zip(built) {
                self.shards[i] = (hashes[i], shard);
            }
        }
        self.rebuilt = stale.len();
        Ok(())
    }

    /// The bundle of the documents last [indexed](IndexCache::index), with `settings`:
    /// `merged` into one segment, as [`build_bundle_with`] makes it, or with one segment per
    /// shard. The merge re-encodes every posting of the site (≈ 0.4 s at 10k entries) and only
    /// the browser's lazy reading needs it (one segment is read once per query); the engine
    /// gives the same hits over an unmerged bundle, so the dev server publishes one at once
    /// after an edit and merges once the edits stop.
    pub fn indexed_bundle(
        &self,
        settings: &Settings,
        merged: bool,
    ) -> Result<Vec<u8>, SearchError> {
        // Shards share their files' bytes: a clone costs their names, not their contents.
        assemble(
            self.shards.iter().map(|(_, s)| s.clone()).collect(),
            settings,
            merged,
        )
    }

    /// The merged bundle of the documents last indexed, the shards freed as soon as they are
    /// merged: what a build makes (at 100k entries the shards, the merged segment and the
    /// bundle are ≈ 100 MB each).
    pub fn into_bundle(self, settings: &Settings) -> Result<Vec<u8>, SearchError> {
        assemble(
            self.shards.into_iter().map(|(_, s)| s).collect(),
            settings,
            true,
        )
    }

    /// How many shards the last [`IndexCache::index`] re-indexed, and how many it has.
    pub fn last_rebuilt(&self) -> (usize, usize) {
        (self.rebuilt, self.shards.len())
    }
}

/// A hash of a shard's documents, in their indexing order.
fn docs_hash(docs: &[&SearchDoc]) -> u64 {
    use std::hash::{Hash, Hasher};
    // rustc-hash, not SipHash: every edit hashes every document (≈ 50 MB at 10k entries).
    let mut hasher = rustc_hash::FxHasher::default();
    docs.hash(&mut hasher);
    hasher.finish()
}

/// Builds the shards `which` of `parts`, on several threads where there are any.
fn build_shards(parts: &[Vec<&SearchDoc>], which: &[usize]) -> Result<Vec<Shard>, SearchError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(which.len());
        if threads > 1 {
            let chunk = which.len().div_ceil(threads);
            return std::thread::scope(|scope| {
                let handles: Vec<_> = which
                    .chunks(chunk)
                    .map(|ids| {
                        scope.spawn(move || {
                            ids.iter()
                                .map(|&i| build_shard(&parts[i], i))
                                .collect::<Result<Vec<_>, _>>()
                        })
                    })
                    .collect();
                let mut shards = Vec::with_capacity(which.len());
                for handle in handles {
                    let built = handle
                        .join()
                        .map_err(|_| SearchError::new("internal: an indexing thread failed"))?;
                    shards.extend(built?);
                }
                Ok(shards)
            });
        }
    }
    which.iter().map(|&i| build_shard(&parts[i], i)).collect()
}

/// Indexes one shard's documents (already in order) into one segment.
fn build_shard(docs: &[&SearchDoc], shard: usize) -> Result<Shard, SearchError> {
    let schema = build_schema();
    let fields = Fields::from_schema(&schema)?;
    let directory = tantivy::directory::RamDirectory::create();
    let settings = IndexSettings {
        docstore_compression: tantivy::store::Compressor::Lz4,
        docstore_blocksize: DOCSTORE_BLOCKSIZE,
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let mut writer = IndexBuilder::new()
        .settings(settings)
        .schema(schema)
        .tokenizers(tokenizer_manager())
        .single_segment_index_writer::<TantivyDocument>(directory.clone(), 50_000_000)?;
    for d in docs {
        writer.add_document(to_tantivy_doc(&fields, d))?;
    }
    let index = writer.finalize()?;
    take_segment(&index, &directory, &segment_id(shard))
}

/// The one segment of `index` (in `directory`) as a [`Shard`], its files and `meta.json` renamed
/// from tantivy's random segment id to `fixed`.
fn take_segment(
    index: &tantivy::Index,
    directory: &tantivy::directory::RamDirectory,
    fixed: &str,
) -> Result<Shard, SearchError> {
    let metas = index.load_metas()?;
    let ids: Vec<String> = metas
        .segments
        .iter()
        .map(|s| s.id().uuid_string())
        .collect();
    if ids.len() > 1 {
        return Err(SearchError::new(
            "internal: a shard has more than one segment",
        ));
    }
    let mut files = BTreeMap::new();
    let mut paths: Vec<_> = metas.list_segment_files().into_iter().collect();
    paths.sort();
    for path in paths {
        if !directory
            .exists(&path)
            .map_err(|e| SearchError::new(e.to_string()))?
        {
            continue;
        }
        let bytes = directory
            .atomic_read(&path)
            .map_err(|e| SearchError::new(format!("reading index file: {e}")))?;
        // Each file is held once: the directory's copy goes as this one is taken.
        directory
            .delete(&path)
            .map_err(|e| SearchError::new(format!("taking index file: {e}")))?;
        let mut name = path.to_string_lossy().into_owned();
        for id in &ids {
            name = name.replace(id.as_str(), fixed);
        }
        files.insert(name, OwnedBytes::new(bytes));
    }
    let meta_json = directory
        .atomic_read(std::path::Path::new("meta.json"))
        .map_err(|e| SearchError::new(format!("reading meta.json: {e}")))?;
    let mut meta: serde_json::Value = serde_json::from_slice(&meta_json)
        .map_err(|e| SearchError::new(format!("parsing meta.json: {e}")))?;
    if let Some(segments) = meta.get_mut("segments").and_then(|s| s.as_array_mut()) {
        for seg in segments {
            if let Some(id) = seg.get_mut("segment_id") {
                *id = serde_json::Value::String(hyphenated(fixed));
            }
        }
    }
    Ok(Shard { files, meta })
}

/// The shards' segments merged into one, in shard order (so documents keep their order).
///
/// One segment is what the browser reads best (issue 18): every term lookup, postings list and
/// field-norm table is read once per segment, so a query on seven shards fetched seven times
/// the chunks, and the hot file held seven copies of every dictionary's index. Shards stay
/// for what they are good at: indexing on every core, and re-indexing only the shard of an
/// edited entry. Merging is deterministic (tantivy stacks the segments' documents and copies
/// their compressed store blocks), so the bundle stays a pure function of the documents.
fn merge_shards(shards: &[Shard]) -> Result<Shard, SearchError> {
    // The shards' files as they are, behind a read-only directory: no copy of the site's index.
    let mut files = BTreeMap::new();
    let mut segments = Vec::new();
    for shard in shards {
        for (name, bytes) in &shard.files {
            files.insert(std::path::PathBuf::from(name), bytes.clone());
        }
        if let Some(list) = shard.meta.get("segments").and_then(|s| s.as_array()) {
            segments.extend(list.iter().cloned());
        }
    }
    let mut meta = shards[0].meta.clone();
    meta["segments"] = serde_json::Value::Array(segments);
    let meta_json = serde_json::to_vec(&meta)
        .map_err(|e| SearchError::new(format!("writing meta.json: {e}")))?;
    files.insert("meta.json".into(), OwnedBytes::new(meta_json));
    let index = tantivy::Index::open(BundleDirectory::new(files))?;
    let parts = index.searchable_segments()?;
    let out = tantivy::directory::RamDirectory::create();
    let merged = tantivy::indexer::merge_filtered_segments(
        &parts,
        index.settings().clone(),
        vec![None; parts.len()],
        out.clone(),
    )?;
    take_segment(&merged, &out, &segment_id(0))
}

/// One bundle of the shards' segments, `merge`d into one (see [`merge_shards`]) or each its
/// own, with a `meta.json` listing them in shard order. The shards are freed once merged, and
/// each file once copied into the bundle.
fn assemble(shards: Vec<Shard>, settings: &Settings, merge: bool) -> Result<Vec<u8>, SearchError> {
    let shards = if merge && shards.len() > 1 {
        vec![merge_shards(&shards)?]
    } else {
        shards
    };
    let mut files: BTreeMap<String, OwnedBytes> = BTreeMap::new();
    let mut meta: Option<serde_json::Value> = None;
    let mut segments = Vec::new();
    let mut opstamp = 0u64;
    for shard in shards {
        if let Some(list) = shard.meta.get("segments").and_then(|s| s.as_array()) {
            segments.extend(list.iter().cloned());
        }
        opstamp = opstamp.max(
            shard
                .meta
                .get("opstamp")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0),
        );
        meta.get_or_insert_with(|| shard.meta.clone());
        files.extend(shard.files);
    }
    let mut meta = meta.ok_or_else(|| SearchError::new("internal: no shards"))?;
    meta["segments"] = serde_json::Value::Array(segments);
    meta["opstamp"] = serde_json::Value::from(opstamp);
    let meta_json = serde_json::to_vec(&meta)
        .map_err(|e| SearchError::new(format!("writing meta.json: {e}")))?;
    files.insert("meta.json".to_string(), OwnedBytes::new(meta_json));
    let settings_json = serde_json::to_vec(settings)
        .map_err(|e| SearchError::new(format!("writing the search settings: {e}")))?;
    if *settings != Settings::default() {
        files.insert(SETTINGS_FILE.to_string(), OwnedBytes::new(settings_json));
    }
    Ok(bundle::pack(files))
}

fn to_tantivy_doc(f: &Fields, d: &SearchDoc) -> TantivyDocument {
    let family = Family::from_lang(&d.lang);
    let mut doc = TantivyDocument::default();
    doc.add_text(f.text(family, Part::Title), &d.title);
    for h in &d.headings {
        doc.add_text(f.text(family, Part::Headings), h);
    }
    doc.add_text(f.text(family, Part::Summary), &d.summary);
    // Made once per document, and dropped with the document (see `Body`).
    let body = d.body.text();
    doc.add_text(f.text(family, Part::Body), &body);
    doc.add_text(f.id, &d.id);
    doc.add_text(f.lang, &d.lang);
    doc.add_text(f.kind, &d.kind);
    if let Some(c) = &d.category {
        doc.add_text(f.category, c);
    }
    for r in &d.rights {
        doc.add_text(f.rights, r);
    }
    for t in &d.tags {
        doc.add_text(f.tags, t);
    }
    doc.add_text(f.url, &d.url);
    doc.add_text(f.title, &d.title);
    doc.add_text(f.summary, &d.summary);
    doc.add_text(f.vocab, &d.title);
    for h in &d.headings {
        doc.add_text(f.vocab, h);
    }
    doc.add_text(f.vocab, &d.summary);
    if !body.trim().is_empty() {
        doc.add_text(f.text_key, text_key(&body));
    }
    doc.add_text(f.updated, &d.updated);
    doc
}
