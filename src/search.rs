//! The search stage: the site model as search documents, one index bundle per build, and the
//! files the browser needs to run the same engine (DESIGN.md §6).
//!
//! The bundle and the WebAssembly module are published twice: as binary files for `fetch()`
//! over http(s), and as small scripts holding them in base64, because Chromium refuses `fetch()`
//! of local files and staff open the site from a shared drive (`file://`).

use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use deskbook_search::SearchDoc;
use std::collections::{BTreeMap, BTreeSet};

/// One search document per language version of every practice, right, category and page.
pub fn documents(site: &Site) -> Vec<SearchDoc<'_>> {
    let mut docs = Vec::new();
    for entry in &site.entries {
        if entry.key.kind == Kind::Home {
            continue;
        }
        let kind = match entry.key.kind {
            Kind::Practice => "practice",
            Kind::Right => "right",
            Kind::Category => "category",
            _ => "page",
        };
        for v in &entry.versions {
            docs.push(SearchDoc {
                id: entry.public_id(),
                lang: v.lang.clone(),
                kind: kind.to_string(),
                title: v.title().to_string(),
                summary: v.summary().to_string(),
                headings: v.outline.headings.iter().map(|h| h.text.clone()).collect(),
                // Unpacked only while it is indexed or written out (see `Body`).
                body: deskbook_search::Body::Lazy(&v.rendered.text),
                category: entry
                    .category
                    .clone()
                    .or_else(|| (entry.key.kind == Kind::Category).then(|| entry.key.id.clone())),
                rights: entry.rights.clone(),
                tags: entry.tags.clone(),
                url: crate::model::paths::encode_path(&v.path),
                updated: v
                    .source
                    .meta
                    .updated
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            });
        }
    }
    docs
}

/// The model keeps each body's text packed: the search stage unpacks one at a time.
impl deskbook_search::LazyText for crate::markdown::Packed {
    fn text(&self) -> String {
        self.unpack()
    }
}

/// The site's search settings, carried in the bundle so that every engine applies them alike.
pub fn settings(config: &crate::config::Config) -> deskbook_search::Settings {
    deskbook_search::Settings {
        default_lang: config.default_language().to_string(),
        synonyms: config.synonyms.clone(),
    }
}

/// The search memory of `deskbook serve` and `deskbook watch` between rounds: the index shards,
/// so that only shards whose documents changed are indexed again (a build starts from an empty
/// one).
#[derive(Default)]
pub struct IndexCache {
    index: deskbook_search::IndexCache,
    /// The last merged bundle [`update`] made and its settings, until a shard changes: while
    /// it stands, an unmerged bundle of the same documents is not needed (an edit that changes
    /// no search document, such as a new owner, keeps the merged index on disk).
    merged: Option<(deskbook_search::Settings, Vec<u8>)>,
    /// Whether to keep `merged` (not in a build, which makes one bundle).
    keep_merged: bool,
}

impl IndexCache {
    /// The bundle of the documents last indexed, and whether it is merged: merged (and kept
    /// for the rounds that follow) when `merged`; otherwise the last merged one while no shard
    /// changed since, else one segment per shard.
    fn indexed_bundle(
        &mut self,
        settings: &deskbook_search::Settings,
        merged: bool,
    ) -> Result<(Vec<u8>, bool), Diagnostic> {
        if merged {
            let bundle = self
                .index
                .indexed_bundle(settings, true)
                .map_err(index_error)?;
            self.merged = Some((settings.clone(), bundle.clone()));
            return Ok((bundle, true));
        }
        if self.index.last_rebuilt().0 > 0 {
            self.merged = None;
        }
        if let Some((same, current)) = &self.merged
            && same == settings
        {
            return Ok((current.clone(), true));
        }
        let bundle = self
            .index
            .indexed_bundle(settings, false)
            .map_err(index_error)?;
        Ok((bundle, false))
    }
}

fn index_error(err: deskbook_search::SearchError) -> Diagnostic {
    Diagnostic::error("content", format!("cannot build the search index: {err}"))
}

/// Where the text files go: `TEXTS/KEY.js`, one per document body (see
/// [`deskbook_search::text_files`]). Snippets are cut from them; the index bundle only names them.
pub const TEXTS: &str = "assets/search-text";

/// Where the index's chunk files go: `CHUNKS/KEY.bin`, KEY a hash of the whole bundle and the
/// chunk's number (see [`deskbook_search::split_bundle`]).
pub const CHUNKS: &str = "assets/search-index";

/// `window.NAME = "<base64>";` — the `file://` fallback for a binary asset.
pub fn script_wrapper(global: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = String::with_capacity(global.len() + bytes.len().div_ceil(3) * 4 + 16);
    out.push_str("window.");
    out.push_str(global);
    out.push_str("=\"");
    base64_to(bytes, &mut out);
    out.push_str("\";\n");
    out.into_bytes()
}

/// Standard base64 with padding (what `atob` reads), appended to `out`.
fn base64_to(bytes: &[u8], out: &mut String) {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
}

/// The search manifest: the one search file pages link to, under a name that never changes.
pub const MANIFEST: &str = "assets/search.js";

/// The manifest's second line. The search page also runs the manifest early, from its `<head>`
/// (`<script … data-search-manifest data-root=… async>`): opened with a query over http(s), it
/// will need the engine at once, so the manifest starts downloading the module and the index
/// right away instead of after `deskbook.js` has run (`deskbook.js` then takes these responses).
/// Elsewhere, and from `file://`, it does nothing.
const PRELOAD: &str = "(function(m){var s=document.currentScript;\
if(!s||!s.hasAttribute(\"data-search-manifest\")||!/^https?:$/.test(location.protocol)||\
!/[?&]q=[^&]/.test(location.search)||typeof fetch!==\"function\")return;\
var b=new URL(s.getAttribute(\"data-root\")||\"\",location.href);\
function g(u){var p=fetch(new URL(u,b));p.catch(function(){});return p}\
m.preloaded=m.hot?{wasm:g(m.wasm),hot:g(m.hot)}:{wasm:g(m.wasm),index:g(m.index)};\
})(window.__deskbookSearch);\n";

/// Everything search needs in the output, by output path, and the path of its manifest.
///
/// Pages refer only to the manifest, `assets/search.js`, whose name never changes: it names the
/// content-hashed index bundle, the module, their `file://` script fallbacks, the folder of
/// the text files, and the index's hot file and the folder of its chunk files (which a worker
/// reads lazily over http(s) instead of the whole bundle). An edit that changes the index
/// therefore changes a few files (the bundle, its script twin, the hot file, the chunks it
/// touches and the edited body's text file), not every page of the site.
///
/// `cache` keeps the index shards between calls (watch mode): only shards whose documents
/// changed are indexed again, and the bundle is the same as a fresh one.
pub fn files(
    site: &Site,
    theme: &crate::theme::Theme,
    cache: &mut IndexCache,
) -> Result<(String, BTreeMap<String, Vec<u8>>), Diagnostic> {
    let mut files = BTreeMap::new();
    // Kept for the rounds that follow (only watch mode keeps a cache between calls).
    cache.keep_merged = true;
    let manifest = files_to(site, theme, cache, &mut |path, bytes| {
        files.insert(path, bytes);
    })?;
    Ok((manifest, files))
}

/// [`files`], each handed to `emit` (output path, bytes) as soon as it is made, so that a
/// full build writes the text files instead of holding them all; the manifest comes last.
/// Returns the manifest's path.
pub fn files_to(
    site: &Site,
    theme: &crate::theme::Theme,
    cache: &mut IndexCache,
    emit: &mut dyn FnMut(String, Vec<u8>),
) -> Result<String, Diagnostic> {
    let docs = documents(site);
    let settings = settings(&site.config);
    beside_texts(
        || cache.index.index(&docs).map_err(index_error),
        || {
            for (key, file) in deskbook_search::text_files(&docs) {
                emit(format!("{TEXTS}/{key}.js"), file.into_bytes());
            }
        },
    )?;
    // The documents (every body's text) are not needed to merge the shards into the bundle.
    drop(docs);
    let bundle = if cache.keep_merged {
        cache.indexed_bundle(&settings, true)?.0
    } else {
        // A build keeps no shards: they go as soon as they are merged.
        std::mem::take(&mut cache.index)
            .into_bundle(&settings)
            .map_err(index_error)?
    };
    bundle_files(bundle, theme, true, emit)
}

/// What a watch round makes of the search index: the files it may have changed (every one but
/// the text files the output already has), the paths of all of them, and whether the index is
/// merged (as a build's).
#[derive(Default)]
pub struct Update {
    pub files: BTreeMap<String, Vec<u8>>,
    pub paths: BTreeSet<String>,
    pub merged: bool,
}

/// The search files of `site` for the dev server, as [`files`] makes them, except:
///
/// * text files the output already has (`have(path)`) are named, not made again: a text file is
///   named by a hash of its body, so the same name holds the same bytes. Making them all (≈ 20k
///   at 10k entries, their bodies escaped as JSON) took a core for 130–600 ms per edit, only
///   for the output to find them unchanged;
/// * unless `merged`, the bundle has one segment per shard, unsplit (the browser then reads it
///   whole): merging re-encodes every posting of the site, the most of an edit's wait for its
///   search results (≈ 0.4 s at 10k entries), so the dev server publishes this at once and the
///   merged bundle, equal to a build's, once the edits stop.
pub fn update(
    site: &Site,
    theme: &crate::theme::Theme,
    cache: &mut IndexCache,
    merged: bool,
    have: &dyn Fn(&str) -> bool,
) -> Result<Update, Diagnostic> {
    let mut docs = documents(site);
    // A round reads every body twice (the shards' hashes, the text files' names): unpacked
    // once (≈ 50 MB at 10k entries; memory is a build's concern, not the dev server's).
    for doc in &mut docs {
        doc.body.to_mut();
    }
    let settings = settings(&site.config);
    let mut update = Update::default();
    let (bundle, merged) = beside_texts(
        || {
            cache.index.index(&docs).map_err(index_error)?;
            cache.indexed_bundle(&settings, merged)
        },
        || {
            for (key, body) in deskbook_search::text_bodies(&docs) {
                let path = format!("{TEXTS}/{key}.js");
                if !have(&path) {
                    let file = deskbook_search::text_file(&key, &body);
                    update.files.insert(path.clone(), file.into_bytes());
                }
                update.paths.insert(path);
            }
        },
    )?;
    drop(docs);
    bundle_files(bundle, theme, merged, &mut |path, bytes| {
        update.paths.insert(path.clone());
        update.files.insert(path, bytes);
    })?;
    update.merged = merged;
    Ok(update)
}

/// Whether `path` is one of the files a browser reads a merged index lazily from (its hot file
/// and chunk files), which an unmerged one does not have (see [`update`]).
pub fn is_lazy_file(path: &str) -> bool {
    path.starts_with(&format!("{CHUNKS}/")) || path.starts_with("assets/search-hot.")
}

/// Runs `index` on another thread while `texts` runs on this one. The text files the snippets
/// are cut from are written while the index is
/// built: written after it, they were a serial tail of ≈ 0.5 s at 10k entries, with a core idle
/// once the pages were done.
fn beside_texts<T: Send>(
    index: impl FnOnce() -> Result<T, Diagnostic> + Send,
    texts: impl FnOnce(),
) -> Result<T, Diagnostic> {
    std::thread::scope(|scope| {
        let indexing = scope.spawn(index);
        texts();
        indexing.join()
    })
    .map_err(|_| {
        Diagnostic::error(
            MANIFEST,
            "internal error: the search indexing thread failed",
        )
    })?
}

/// The files made from the index `bundle` (handed to `emit`, the manifest last): the bundle
/// and its `file://` script, the module's files, the manifest, and, when `lazy`, the hot file
/// and chunk files a browser reads it lazily from (a merged bundle only: see [`update`]).
fn bundle_files(
    bundle: Vec<u8>,
    theme: &crate::theme::Theme,
    lazy: bool,
    emit: &mut dyn FnMut(String, Vec<u8>),
) -> Result<String, Diagnostic> {
    use crate::theme::hashed_name;
    let mut manifest = serde_json::Map::new();
    manifest.insert(
        "texts".to_string(),
        serde_json::Value::String(format!("{TEXTS}/")),
    );
    if lazy {
        manifest.insert(
            "chunks".to_string(),
            serde_json::Value::String(format!("{CHUNKS}/")),
        );
    }
    // Each file goes out as soon as it is made, the manifest that names them last: at 100k
    // entries the bundle is 98 MB and its script twin 131 MB.
    let mut publish =
        |emit: &mut dyn FnMut(String, Vec<u8>), key: &str, name: &str, bytes: Vec<u8>| {
            let path = format!("assets/{}", hashed_name(name, &bytes));
            manifest.insert(key.to_string(), serde_json::Value::String(path.clone()));
            emit(path, bytes);
        };
    // One after the other, each written before the next is made: at 100k entries the bundle's
    // `file://` script is 131 MB and its chunk files 98 MB.
    publish(
        emit,
        "indexJs",
        "search-index.js",
        script_wrapper("__deskbookIndex", &bundle),
    );
    // Over http(s) the browser reads the index lazily: the hot file, then the chunks a query
    // needs (named by the bundle's hash: immutable, cached as long as the browser likes).
    if lazy {
        let split = deskbook_search::split_bundle(&bundle).map_err(|err| {
            Diagnostic::error("content", format!("cannot cut the search index: {err}"))
        })?;
        for (key, bytes) in split.chunks {
            emit(format!("{CHUNKS}/{key}.bin"), bytes);
        }
        publish(emit, "hot", "search-hot.bin", split.hot);
    }
    publish(emit, "index", "search-index.bin", bundle);
    if let (Some(wasm), Some(glue)) = (
        theme.search.get("deskbook_search_bg.wasm"),
        theme.search.get("deskbook_search.js"),
    ) {
        publish(
            emit,
            "wasmJs",
            "deskbook_search_wasm.js",
            script_wrapper("__deskbookWasm", wasm),
        );
        publish(emit, "wasm", "deskbook_search_bg.wasm", wasm.clone());
        publish(emit, "glue", "deskbook_search.js", glue.clone());
    }
    let manifest_path = MANIFEST.to_string();
    let text = format!(
        "window.__deskbookSearch={};\n{PRELOAD}",
        serde_json::Value::Object(manifest)
    );
    emit(manifest_path.clone(), text.into_bytes());
    Ok(manifest_path)
}

#[cfg(test)]
mod tests {
    use super::script_wrapper;

    fn base64(bytes: &[u8]) -> String {
        let script = String::from_utf8(script_wrapper("x", bytes)).unwrap();
        let inner = script.strip_prefix("window.x=\"").unwrap();
        inner.strip_suffix("\";\n").unwrap().to_string()
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xFF, 0xFE, 0x00]), "//4A");
        assert_eq!(base64(b"deskbook"), "ZGVza2Jvb2s=");
        assert_eq!(base64(b"deskboo"), "ZGVza2Jvbw==");
    }
}

/// Options of `deskbook search`.
#[derive(Debug, Clone, Default)]
pub struct SearchArgs {
    pub query: String,
    pub out: std::path::PathBuf,
    pub lang: Option<String>,
    pub category: Option<String>,
    pub right: Option<String>,
    pub tag: Option<String>,
    pub limit: usize,
    /// The reader's language (see [`deskbook_search::Query::page_lang`]).
    pub page_lang: Option<String>,
    pub json: bool,
}

/// Finds the index bundle of a built site through its manifest (`OUT/assets/search.js`), which
/// names the current `search-index.HASH.bin`: during a rebuild the previous index may still lie
/// beside the new one, and the manifest is only rewritten once the new one is complete.
pub fn find_bundle(out: &std::path::Path) -> Option<std::path::PathBuf> {
    let text = std::fs::read_to_string(out.join(MANIFEST)).ok()?;
    let json = text
        .lines()
        .next()?
        .strip_prefix("window.__deskbookSearch=")?
        .strip_suffix(';')?;
    let manifest: serde_json::Value = serde_json::from_str(json).ok()?;
    let index = manifest.get("index")?.as_str()?;
    (!index.contains("..")).then(|| out.join(index))
}

/// The body of a built site's text file `key`, or `None` if it is not there (or not one).
pub fn read_text(out: &std::path::Path, key: &str) -> Option<String> {
    if !deskbook_search::is_text_key(key) {
        return None;
    }
    let file = std::fs::read_to_string(out.join(TEXTS).join(format!("{key}.js"))).ok()?;
    deskbook_search::parse_text_file(&file)
        .filter(|(k, _)| k == key)
        .map(|(_, body)| body)
}

/// Runs a query over a built site: the engine's hits with their snippets made final from the
/// site's text files.
pub fn search_built(
    engine: &deskbook_search::Engine,
    out: &std::path::Path,
    query: &deskbook_search::Query,
) -> anyhow::Result<Vec<deskbook_search::Hit>> {
    engine
        .search_with_texts(query, |key| read_text(out, key))
        .map_err(|e| unreadable_index("search failed", e))
}

/// An error of the engine over a built site, with what a trainer can do about it: an index the
/// engine cannot read was most often written by another version of deskbook (the index format
/// changes between versions; `deskbook build` writes it anew).
pub fn unreadable_index(what: &str, e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(
        "{what}: {e}\nIf deskbook was updated since the site was built, run `deskbook build` again."
    )
}

/// The output folder has no search index (not built yet, or built with `search: false`): the
/// dev server answers `404 Not Found` for it rather than a server error.
#[derive(Debug)]
pub struct NoIndex(String);

impl std::fmt::Display for NoIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoIndex {}

/// Opens the engine over a built site, with a message a trainer can act on when it is missing.
pub fn open_built(out: &std::path::Path) -> anyhow::Result<deskbook_search::Engine> {
    let Some(path) = find_bundle(out) else {
        let message = if out.join(crate::output::MARKER).is_file() {
            format!(
                "the site in `{}` was built without a search index: remove `search: false` from deskbook.yaml and run `deskbook build` again",
                out.display()
            )
        } else {
            format!(
                "no search index in `{}`: run `deskbook build` first (or pass `--out DIR` for another output folder)",
                out.display()
            )
        };
        return Err(NoIndex(message).into());
    };
    // A rebuild may replace the index between reading the manifest and the index: look again.
    let bytes = std::fs::read(&path)
        .or_else(|first| {
            find_bundle(out)
                .filter(|again| *again != path)
                .map_or(Err(first), std::fs::read)
        })
        .map_err(|e| anyhow::anyhow!("reading `{}`: {e}", path.display()))?;
    deskbook_search::Engine::open(bytes)
        .map_err(|e| unreadable_index(&format!("opening `{}`", path.display()), e))
}

/// Blank filters mean "any", as in the browser.
fn filter(value: &Option<String>) -> Option<String> {
    value
        .as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub fn query_of(args: &SearchArgs) -> deskbook_search::Query {
    deskbook_search::Query {
        text: args.query.clone(),
        lang: filter(&args.lang),
        category: filter(&args.category),
        right: filter(&args.right),
        tag: filter(&args.tag),
        limit: args.limit,
        page_lang: filter(&args.page_lang),
    }
}
