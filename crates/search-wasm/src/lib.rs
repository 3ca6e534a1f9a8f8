//! The browser side of deskbook's search: [`deskbook_search::Engine`] behind wasm-bindgen.
//!
//! Built with `crates/search-wasm/build.sh` (`--target no-modules`, so it also works from
//! `file://` via `wasm_bindgen.initSync`). From JavaScript:
//!
//! ```js
//! wasm_bindgen.initSync({ module: wasmBytes });          // or: await wasm_bindgen(url)
//! const engine = wasm_bindgen.open(bundleBytes);           // Uint8Array of the search bundle
//! // or lazily: only the hot file up front, then the chunk files a query asks for
//! const engine = wasm_bindgen.openLazy(hotBytes);
//! let hits = engine.search(JSON.stringify({ text: "privacy", lang: "en", limit: 10, page_lang: "en" }));
//! // A lazy engine may answer {"need": ["KEY", …]} instead: fetch KEY.bin for every key (all
//! // at once), hand them over concatenated, and ask again (a cold query takes 3 rounds).
//! engine.provide(need.join(","), bytesOfAllTheChunksConcatenated);
//! let better = JSON.parse(engine.suggest(JSON.stringify({ text: "angy patron" })));  // "angry patron", null, or {"need": […]}
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

/// Opens the hot file of a lazily read bundle: [`SearchEngine::search`] and
/// [`SearchEngine::suggest`] then answer the chunk files they need (see the module docs).
#[wasm_bindgen(js_name = openLazy)]
pub fn open_lazy(hot: Vec<u8>) -> Result<SearchEngine, JsError> {
    deskbook_search::Engine::open_lazy_rounds(hot)
        .map(|inner| SearchEngine { inner })
        .map_err(|e| JsError::new(e.message()))
}

#[wasm_bindgen]
impl SearchEngine {
    /// Runs a JSON query `{"text", "lang", "category", "right", "tag", "limit", "page_lang"}` (all optional)
    /// and returns a JSON array of hits `{"id","lang","kind","title","url","score","snippet",
    /// "category","text","marks"}`; `snippet` is HTML (escaped text with `<mark>` around
    /// matches), provisional while `text` names the hit's text file: see [`finish`]. A lazily
    /// opened engine may answer `{"need": [keys]}` instead (see [`SearchEngine::provide`]).
    pub fn search(&self, query_json: &str) -> Result<String, JsError> {
        self.inner
            .search_json(query_json)
            .map_err(|e| JsError::new(e.message()))
    }

    /// "Did you mean": for a JSON query, a JSON string (the query with each word that is nowhere
    /// in the index replaced by the closest known word) or `null`, or `{"need": [keys]}`.
    pub fn suggest(&self, query_json: &str) -> Result<String, JsError> {
        self.inner
            .suggest_json(query_json)
            .map_err(|e| JsError::new(e.message()))
    }

    /// Takes the chunk files a lazily opened engine asked for: `keys` joined with `,`, and
    /// their bytes concatenated in the same order.
    pub fn provide(&self, keys: &str, bytes: Vec<u8>) -> Result<(), JsError> {
        let keys: Vec<&str> = keys.split(',').collect();
        self.inner
            .provide(&keys, bytes)
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
