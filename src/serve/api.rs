//! `GET /api/search?q=…&lang=…&category=…&right=…&tag=…&limit=…&page_lang=…`: the native search
//! index, for tools and scripts that cannot run the WebAssembly engine.
//!
//! The answer is `deskbook search --json`'s: the same index bundle file (the one the engine just
//! wrote into the output folder), opened by the same function, queried with the same filters. The
//! bundle is opened lazily, on the first query after a round rewrote it. Queries run in parallel:
//! the lock is held only to take (or open) the current engine, so that many clients searching at
//! once do not queue behind each other.

use crate::search::{SearchArgs, open_built, query_of, search_built};
use deskbook_search::Engine;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub(crate) struct SearchIndex {
    out: PathBuf,
    engine: Mutex<Option<Arc<Engine>>>,
}

impl SearchIndex {
    pub(crate) fn new(out: PathBuf) -> SearchIndex {
        SearchIndex {
            out,
            engine: Mutex::new(None),
        }
    }

    /// The index on disk changed: open it again on the next query.
    pub(crate) fn invalidate(&self) {
        *self.engine.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Answers a query string's parameters with the hits as JSON.
    pub(crate) fn search(&self, params: &BTreeMap<String, String>) -> anyhow::Result<String> {
        let get = |name: &str| params.get(name).cloned();
        let args = SearchArgs {
            query: get("q").unwrap_or_default(),
            lang: get("lang"),
            category: get("category"),
            right: get("right"),
            tag: get("tag"),
            limit: get("limit").and_then(|l| l.parse().ok()).unwrap_or(0),
            page_lang: get("page_lang"),
            ..SearchArgs::default()
        };
        let engine = {
            let mut current = self.engine.lock().unwrap_or_else(|p| p.into_inner());
            match &*current {
                Some(engine) => Arc::clone(engine),
                None => Arc::clone(current.insert(Arc::new(open_built(&self.out)?))),
            }
        };
        let hits = search_built(&engine, &self.out, &query_of(&args))?;
        Ok(serde_json::to_string(&hits)?)
    }
}
