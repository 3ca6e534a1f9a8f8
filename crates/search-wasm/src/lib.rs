//! The browser side of deskbook's search: [`deskbook_search::Engine`] behind wasm-bindgen.
//!
//! Built with `crates/search-wasm/build.sh` (`--target no-modules`, so it also works from
//! `file://` via `wasm_bindgen.initSync`). From JavaScript:
//!
//! ```js
//! wasm_bindgen.initSync({ module: wasmBytes });          // or: await wasm_bindgen(url)
//! const engine = wasm_bindgen.open(bundleBytes);           // Uint8Array of the search bundle
//! const hits = JSON.parse(engine.search(JSON.stringify({ text: "privacy", lang: "en", limit: 10 })));
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
impl SearchEngine {
    /// Runs a JSON query `{"text", "lang", "category", "right", "tag", "limit"}` (all optional)
    /// and returns a JSON array of hits `{"id","lang","kind","title","url","score","snippet",
    /// "category"}`; `snippet` is HTML (escaped text with `<mark>` around matches).
    pub fn search(&self, query_json: &str) -> Result<String, JsError> {
        self.inner
            .search_json(query_json)
            .map_err(|e| JsError::new(e.message()))
    }

    /// Number of documents in the bundle.
    #[wasm_bindgen(js_name = numDocs)]
    pub fn num_docs(&self) -> f64 {
        self.inner.num_docs() as f64
    }
}

/// Version of the search module (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
