//! deskbook's search engine, shared by the CLI, the dev server and the browser (WebAssembly).
//!
//! * [`build_bundle`] indexes [`SearchDoc`]s into one self-contained byte buffer (a tantivy index
//!   of one segment, indexed in shards of about 1,500 documents and merged, plus a small file
//!   table). Same docs ⇒ byte-identical bundle; [`IndexCache`] makes the next bundle re-indexing
//!   only changed shards.
//! * [`Engine::open`] reads a bundle from memory (no file system, works in wasm) and
//!   [`Engine::search`] answers [`Query`]s with [`Hit`]s carrying HTML-safe highlighted snippets.
//! * The body text that snippets are cut from is not in the bundle: it is most of an index's
//!   size and a query needs it only for the ten or twenty hits on screen. Each document's body
//!   is a small text file of its own ([`text_files`]), named by its hash; a hit names its file
//!   ([`Hit::text`]) and [`finish_snippet`] turns the hit's provisional snippet (cut from the
//!   summary) into the body's once the file is read. [`Engine::search_with_texts`] does both
//!   for callers that can read files (the CLI, the dev server); the browser fetches the files of
//!   the hits it shows, as Pagefind fetches its fragments.
//!
//! Every document is analyzed with the analyzer of its language (English, Polish, Chinese
//! bigrams, or a generic folding analyzer for other languages); a query is run against all
//! languages at once. See `analysis.rs` for the analyzers and `engine.rs` for query semantics.

mod analysis;
mod bundle;
mod engine;
mod forms;
mod index;
mod lazy;
mod snippet;
mod texts;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use analysis::Family;

pub use engine::{Engine, Filter};
pub(crate) use index::{Fields, Part, tokenizer_manager};
pub use index::{IndexCache, build_bundle, build_bundle_with};
pub use lazy::{CHUNK_SIZE, Fetch, Lazy, Split, cold_chunks, split_bundle, trace};
pub use texts::{is_text_key, parse_text_file, text_bodies, text_file, text_files, text_key};

/// One searchable entry, as handed over by the site builder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchDoc<'a> {
    /// Entry id without language suffix, e.g. `greetings/greeting-at-the-desk`, `pages/about`.
    pub id: String,
    /// Language code: `en`, `pl`, `zh` or any other code (analyzed generically).
    pub lang: String,
    /// `practice`, `right`, `category` or `page`.
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub headings: Vec<String>,
    /// Plain text of the body, as text or made when it is read (see [`Body`]).
    pub body: Body<'a>,
    pub category: Option<String>,
    pub rights: Vec<String>,
    pub tags: Vec<String>,
    /// Site-relative URL, e.g. `pl/practices/privacy/quiet-voice.html`.
    pub url: String,
    /// `YYYY-MM-DD`.
    pub updated: String,
}

/// A document's plain body text: held, or made by its source each time it is read.
///
/// The bodies are most of what the documents hold (at 100,000 entries ≈ 0.45 GB of text), and
/// the index and the text files each need one body at a time: a site model that keeps its
/// bodies compressed hands them over as [`Body::Lazy`], and each is unpacked while it is
/// indexed or written, never all at once. Equality and hashing are the text's.
#[derive(Clone)]
pub enum Body<'a> {
    Text(Cow<'a, str>),
    Lazy(&'a dyn LazyText),
}

/// What makes a [`Body::Lazy`]'s text.
pub trait LazyText: Sync {
    fn text(&self) -> String;
}

impl Body<'_> {
    /// The text.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Body::Text(text) => Cow::Borrowed(text),
            Body::Lazy(source) => Cow::Owned(source.text()),
        }
    }

    /// The text, to change: a [`Body::Lazy`] is made into [`Body::Text`] first.
    pub fn to_mut(&mut self) -> &mut String {
        if let Body::Lazy(source) = self {
            *self = Body::Text(Cow::Owned(source.text()));
        }
        match self {
            Body::Text(text) => text.to_mut(),
            Body::Lazy(_) => unreachable!("made into text above"),
        }
    }
}

impl Default for Body<'_> {
    fn default() -> Self {
        Body::Text(Cow::Borrowed(""))
    }
}

impl<'a> From<&'a str> for Body<'a> {
    fn from(text: &'a str) -> Self {
        Body::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Body<'_> {
    fn from(text: String) -> Self {
        Body::Text(Cow::Owned(text))
    }
}

impl<'a> From<Cow<'a, str>> for Body<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        Body::Text(text)
    }
}

impl fmt::Debug for Body<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}

impl PartialEq for Body<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Eq for Body<'_> {}

impl std::hash::Hash for Body<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text().hash(state);
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Body<'_> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Body::from)
    }
}

/// A search request. `limit == 0` means 10. Filters are exact matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    pub text: String,
    pub lang: Option<String>,
    pub category: Option<String>,
    pub right: Option<String>,
    pub tag: Option<String>,
    pub limit: usize,
    /// The language of the page the reader searches from: at equal match, its documents come
    /// first. Unset: the site's default language (see [`Settings::default_lang`]).
    pub page_lang: Option<String>,
}

/// What a site configures about search, carried inside the bundle so that the CLI, the dev
/// server and the browser apply it identically.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The site's default language: the reader's page language when a query names none.
    pub default_lang: String,
    /// Synonym groups per language code: a query word of a group also finds the others
    /// (ranked below the word as typed, with the forms the stemmer does not reach).
    pub synonyms: BTreeMap<String, Vec<Vec<String>>>,
}

/// The bundle file holding the [`Settings`] (JSON), beside the index files.
pub(crate) const SETTINGS_FILE: &str = "deskbook-settings.json";

/// One result. `snippet` is HTML: escaped text with `<mark>…</mark>` around matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub lang: String,
    pub kind: String,
    pub title: String,
    pub url: String,
    pub score: f32,
    pub snippet: String,
    pub category: Option<String>,
    /// While the snippet is provisional: the key of the text file holding the document's body
    /// (see [`text_files`]), which [`finish_snippet`] cuts the final snippet from. Empty once
    /// the snippet is final.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// While the snippet is provisional: the index terms to mark in the body, each with the
    /// number of the query word it matched.
    #[serde(default, skip_serializing_if = "Marks::is_empty")]
    pub marks: Marks,
    /// The words of the document's body that matched the query, as written (every form:
    /// `kosztach` for `kosztow`), for the page the result leads to to highlight. Filled when
    /// the snippet is made final from the body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
}

/// At most this many matched words per hit (see [`Hit::words`]).
const MAX_MATCHED_WORDS: usize = 12;

/// Index terms to highlight (analyzed forms, e.g. `privaci`), each with its query word's number.
pub type Marks = BTreeMap<String, usize>;

/// Makes a hit's snippet final: the best passage of `body` (the text file named by
/// [`Hit::text`]) when it holds a match, else the provisional snippet from the summary, else the
/// beginning of the body. `body` is `None` when the file could not be read: the provisional
/// snippet stays. Idempotent. (A hit whose summary marks every matched query word comes from
/// [`Engine::search`] final already, with no text file to read.)
pub fn finish_snippet(hit: &mut Hit, body: Option<&str>) {
    if hit.text.is_empty() {
        hit.marks.clear();
        return;
    }
    if let Some(body) = body {
        let family = Family::from_lang(&hit.lang);
        hit.words = snippet::matched_words(family, body, &hit.marks, MAX_MATCHED_WORDS);
        if let Some(s) = snippet::highlight(family, body, &hit.marks, engine::SNIPPET_CHARS) {
            hit.snippet = s;
        } else if hit.snippet.is_empty() {
            hit.snippet = snippet::plain(body, engine::SNIPPET_CHARS);
        }
    }
    hit.text.clear();
    hit.marks.clear();
}

/// Any failure of building, opening or searching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchError {
    message: String,
}

impl SearchError {
    /// An error with this message (for callers that read the index themselves, e.g. lazily).
    pub fn new(message: impl Into<String>) -> Self {
        SearchError {
            message: message.into(),
        }
    }

    /// The error message (same as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::new(format!("search index error: {e}"))
    }
}

/// Maximum `limit` honoured by [`Engine::search`].
pub const MAX_LIMIT: usize = 1000;
