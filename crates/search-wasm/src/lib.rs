//! The browser side of deskbook's search: [`deskbook_search::Engine`] behind wasm-bindgen.
//!
//! Built with `crates/search-wasm/build.sh` (`--target no-modules`, so it also works from
//! `file://` via `wasm_bindgen.initSync`). From JavaScript:
//!
//! ```js
//! wasm_bindgen.initSync({ module: wasmBytes });          // or: await wasm_bindgen(url)
//! const engine = wasm_bindgen.open(bundleBytes);           // Uint8Array of the search bundle
//! // or, in a worker, lazily: only the hot file up front, the chunks read when first needed by
//! // `self.__deskbookChunks("key,key,…")` → Uint8Array of those chunk files, concatenated
//! // (a synchronous XMLHttpRequest is allowed in a worker; the engine's reads are synchronous).
//! const engine = wasm_bindgen.openLazy(hotBytes);
//! let hits = engine.search(JSON.stringify({ text: "privacy", lang: "en", limit: 10, page_lang: "en" }));
//! let better = JSON.parse(engine.suggest(JSON.stringify({ text: "angy patron" })));  // "angry patron" or null
//! // Provisional snippets: each hit names its text file (`text`); read the bodies, then
//! const final = JSON.parse(wasm_bindgen.finish(hits, JSON.stringify(bodies)));  // body or null per hit
//! ```
//!
//! Errors (a malformed bundle or query JSON) are thrown as JS `Error`s.

use wasm_bindgen::prelude::*;

/// An opened search bundle.
#[wasm_bindgen]
pub struct SearchEngine {
    inner: deskbook_search::Engine,
}

/// Opens a search bundle (the bytes written by the site build).
#[wasm_bindgen]
pub fn open(bundle: Vec<u8>) -> Result<SearchEngine, JsError> {
    deskbook_search::Engine::open(bundle)
        .map(|inner| SearchEngine { inner })
        .map_err(|e| JsError::new(e.message()))
}

#[wasm_bindgen]
extern "C" {
    /// The page's chunk reader (see the module docs): keys joined with `,`, bytes concatenated.
    #[wasm_bindgen(js_namespace = self, js_name = __deskbookChunks, catch)]
    fn read_chunks(keys: &str) -> Result<Vec<u8>, JsValue>;
}

/// Opens the hot file of a lazily read bundle; chunk files are read through
/// `self.__deskbookChunks` when the engine first needs them.
#[wasm_bindgen(js_name = openLazy)]
pub fn open_lazy(hot: Vec<u8>) -> Result<SearchEngine, JsError> {
    let fetch = |keys: &[&str]| {
        read_chunks(&keys.join(",")).map_err(|e| {
            deskbook_search::SearchError::new(
                e.as_string()
                    .unwrap_or_else(|| "cannot read the search index".to_string()),
            )
        })
    };
    deskbook_search::Engine::open_lazy(hot, Box::new(fetch))
        .map(|inner| SearchEngine { inner })
        .map_err(|e| JsError::new(e.message()))
}

#[wasm_bindgen]
impl SearchEngine {
    /// Runs a JSON query `{"text", "lang", "category", "right", "tag", "limit", "page_lang"}` (all optional)
    /// and returns a JSON array of hits `{"id","lang","kind","title","url","score","snippet",
    /// "category","text","marks"}`; `snippet` is HTML (escaped text with `<mark>` around
    /// matches), provisional while `text` names the hit's text file: see [`finish`].
    pub fn search(&self, query_json: &str) -> Result<String, JsError> {
        self.inner
            .search_json(query_json)
            .map_err(|e| JsError::new(e.message()))
    }

    /// "Did you mean": for a JSON query, a JSON string (the query with each word that is nowhere
    /// in the index replaced by the closest known word) or `null`.
    pub fn suggest(&self, query_json: &str) -> Result<String, JsError> {
        self.inner
            .suggest_json(query_json)
            .map_err(|e| JsError::new(e.message()))
    }

    /// Number of documents in the bundle.
    #[wasm_bindgen(js_name = numDocs)]
    pub fn num_docs(&self) -> f64 {
        self.inner.num_docs() as f64
    }
}

/// Makes the snippets of `hits_json` (as [`SearchEngine::search`] returned them) final:
/// `bodies_json` is a JSON array with, for each hit, the body read from its text file, or `null`
/// where there is none or it could not be read. Returns the hits as JSON, without `text` and
/// `marks`: exactly what `deskbook search --json` prints.
#[wasm_bindgen]
pub fn finish(hits_json: &str, bodies_json: &str) -> Result<String, JsError> {
    let mut hits: Vec<deskbook_search::Hit> =
        serde_json::from_str(hits_json).map_err(|e| JsError::new(&e.to_string()))?;
    let bodies: Vec<Option<String>> =
        serde_json::from_str(bodies_json).map_err(|e| JsError::new(&e.to_string()))?;
    for (i, hit) in hits.iter_mut().enumerate() {
        let body = bodies.get(i).cloned().flatten();
        deskbook_search::finish_snippet(hit, body.as_deref());
    }
    serde_json::to_string(&hits).map_err(|e| JsError::new(&e.to_string()))
}

/// Version of the search module (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
