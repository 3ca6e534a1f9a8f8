//! Opening a bundle and answering queries.
//!
//! Query semantics:
//! * The text is cut at whitespace into words (at most [`MAX_WORDS`], at most [`MAX_QUERY_BYTES`]
//!   bytes of text); it is never parsed as query syntax, so quotes, colons, `AND`, brackets… are
//!   just characters (punctuation is dropped by the analyzers).
//! * Each word is analyzed with every language's analyzer and looked up in every language's
//!   fields (title ×5, headings ×3, summary ×2, body ×1) under several forms, each with a
//!   [`Tier`] (see `forms.rs`): the word as typed, its stem, forms the stemmer does not reach
//!   (irregular, comparative, superlative, a synonym from the site's configuration), the
//!   Polish word typed without diacritics with its ending written with them, then typos (one
//!   edit; words of 5+ letters, or 4+ when the word is nowhere in the index) and, for the last
//!   word of a query not ending in whitespace, longer words it starts (search as you type). A
//!   word that analyzes to several positions (CJK text cut into bigrams, `e-mail`) matches as a
//!   phrase.
//! * Ranking is lexicographic in effect, by score bands: first the number of the query's words
//!   a document matches (stop words like `the`/`w` do not count), then the best tier each word
//!   reaches in it, then a document that is a practice or a right over a category or page, and
//!   one in the reader's page language over another, and last BM25 relevance. So a guess
//!   (a typo, a prefix) never outranks what was typed, in any language, and a word found
//!   nowhere never empties the results: documents matching the other words still come.
//! * Filters (`lang`, `category`, `right`, `tag`) are exact and do not change scores.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Directory, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analysis::{self, Family};
use crate::bundle::{self, BundleDirectory};
use crate::lazy::{self, Lazy};
use crate::snippet;
use crate::{
    Fields, Hit, MAX_LIMIT, Marks, Part, Query, SearchError, Settings, finish_snippet,
    tokenizer_manager,
};

mod clauses;
mod prefetch;
mod values;
mod words;

pub use values::Filter;

use clauses::{FUZZY_MIN_CHARS_UNKNOWN, Matched};
use words::Word;

/// Query text beyond this many bytes is ignored.
pub const MAX_QUERY_BYTES: usize = 1000;

/// Words beyond this many are ignored.
pub const MAX_WORDS: usize = 12;

/// A practice or a right over a category, tag or free page at equal match.
const KIND_BONUS: f32 = 40.0;

/// A document in the reader's page language over one in another language at equal match.
const LANG_BONUS: f32 = 30.0;

/// An answer as JSON, or `{"need":[keys]}`.
fn lazy_json<T: serde::Serialize>(answer: Lazy<T>) -> Result<String, SearchError> {
    let json = match answer {
        Lazy::Ready(answer) => serde_json::to_string(&answer),
        Lazy::Need(keys) => serde_json::to_string(&serde_json::json!({ "need": keys })),
    };
    json.map_err(|e| SearchError::new(format!("serializing an answer: {e}")))
}

/// The error of a run stopped for missing chunks: never seen, the round answers what it needs.
const NOT_YET: &str = "search index chunks not fetched yet";

/// Snippet length target, in characters.
pub(crate) const SNIPPET_CHARS: usize = 160;

/// A search engine over one bundle. Cheap to query from several threads (`Send + Sync`).
pub struct Engine {
    searcher: Searcher,
    fields: Fields,
    settings: Settings,
    /// The configured synonym groups, per language family.
    synonyms: HashMap<Family, Vec<Vec<String>>>,
    /// Where a lazily opened bundle's bytes come from: a read that failed there during a
    /// search (a field-norm page cannot report it) makes the search fail.
    lazy: Option<std::sync::Arc<lazy::Source>>,
    _reader: IndexReader,
}

impl Engine {
    /// Opens a bundle made by [`crate::build_bundle`]. Fails (never panics) on a malformed bundle.
    pub fn open(bundle: Vec<u8>) -> Result<Engine, SearchError> {
        Engine::open_directory(BundleDirectory::new(bundle::unpack(bundle)?))
    }

    /// Opens the hot file of a bundle cut by [`crate::split_bundle`]: every other byte is read
    /// from its chunk files, which `fetch` reads by key (once each, several at a time) when the
    /// engine first needs them. The results are those of [`Engine::open`] over the whole bundle.
    pub fn open_lazy(hot: Vec<u8>, fetch: Box<lazy::Fetch>) -> Result<Engine, SearchError> {
        Engine::open_lazy_source(std::sync::Arc::new(lazy::Source::parse(hot, Some(fetch))?))
    }

    /// Opens the hot file of a bundle cut by [`crate::split_bundle`] for a caller that fetches
    /// chunk files itself (the browser, in parallel): [`Engine::try_search`] and
    /// [`Engine::try_suggest`] answer the keys they need, [`Engine::provide`] takes the files.
    pub fn open_lazy_rounds(hot: Vec<u8>) -> Result<Engine, SearchError> {
        Engine::open_lazy_source(std::sync::Arc::new(lazy::Source::parse(hot, None)?))
    }

    pub(crate) fn open_lazy_source(
        source: std::sync::Arc<lazy::Source>,
    ) -> Result<Engine, SearchError> {
        let open = || Engine::open_directory(lazy::LazyDirectory::new(source.clone())?);
        match source.complete(open)? {
            Lazy::Ready(mut engine) => {
                let table = bundle::table(source.header())?;
                let len = source.len();
                source.set_layout(lazy::Layout::new(
                    len,
                    &lazy::cuts_of(len, &table, &engine, source.long_lists())?,
                ));
                engine.lazy = Some(source);
                Ok(engine)
            }
            Lazy::Need(_) => Err(SearchError::new(
                "invalid search hot file: it lacks what opening the index reads",
            )),
        }
    }

    /// Takes chunk files a lazily opened engine asked for (`keys`, their bytes concatenated in
    /// the same order). An engine over a whole bundle needs none.
    pub fn provide(&self, keys: &[&str], bytes: Vec<u8>) -> Result<(), SearchError> {
        match &self.lazy {
            Some(source) => source.provide(keys, bytes),
            None => Err(SearchError::new("this search index is not read in chunks")),
        }
    }

    /// Runs `attempt` to its answer: at once over a whole bundle; over a lazy one, in rounds of
    /// fetching what it found missing (see `lazy.rs`), or the keys it needs when the engine was
    /// opened without a way to fetch them.
    fn rounds<T>(
        &self,
        attempt: impl FnMut() -> Result<T, SearchError>,
    ) -> Result<Lazy<T>, SearchError> {
        let mut attempt = attempt;
        match &self.lazy {
            Some(source) => source.complete(attempt),
            None => attempt().map(Lazy::Ready),
        }
    }

    /// `Ready` of an answer, or an error for an engine that cannot fetch what it needs.
    fn ready<T>(answer: Lazy<T>) -> Result<T, SearchError> {
        match answer {
            Lazy::Ready(answer) => Ok(answer),
            Lazy::Need(_) => Err(SearchError::new(
                "the search index chunks have not been fetched (use try_search and provide)",
            )),
        }
    }

    fn open_directory(directory: impl Directory) -> Result<Engine, SearchError> {
        let settings_path = std::path::Path::new(crate::SETTINGS_FILE);
        let settings = if directory.exists(settings_path).unwrap_or(false) {
            let bytes = directory
                .atomic_read(settings_path)
                .map_err(|e| SearchError::new(format!("search bundle: {e}")))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| SearchError::new(format!("search bundle: invalid settings: {e}")))?
        } else {
            Settings::default()
        };
        let mut index = Index::open(directory)?;
        index.set_tokenizers(tokenizer_manager());
        let fields = Fields::from_schema(&index.schema())?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let synonyms = synonyms_by_family(&settings);
        Ok(Engine {
            searcher,
            fields,
            settings,
            synonyms,
            lazy: None,
            _reader: reader,
        })
    }

    /// The compressed blocks of every segment's doc store, as byte ranges of the bundle whose
    /// file `table` is given (`lazy.rs` cuts chunk files where they start).
    pub(crate) fn store_blocks(
        &self,
        table: &bundle::Table,
    ) -> Result<Vec<std::ops::Range<u64>>, SearchError> {
        let mut out = Vec::new();
        for segment in self.searcher.segment_readers() {
            let name = format!("{}.store", segment.segment_id().uuid_string());
            let &(_, offset, _) = table
                .iter()
                .find(|(file, _, _)| *file == name)
                .ok_or_else(|| SearchError::new(format!("search bundle lacks `{name}`")))?;
            let store = segment
                .get_store_reader(0)
                .map_err(|e| SearchError::new(format!("search bundle: {e}")))?;
            out.extend(
                store
                    .block_byte_ranges()
                    .into_iter()
                    .map(|r| offset + r.start as u64..offset + r.end as u64),
            );
        }
        Ok(out)
    }

    /// Number of documents in the bundle.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The settings the bundle was built with (default language, synonyms).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// [`Engine::try_search`] with a JSON [`Query`] (missing fields take their defaults, e.g.
    /// `{"text":"privacy","lang":"en"}`), answering a JSON array of [`Hit`]s with provisional
    /// snippets (their `text` and `marks` are in the JSON), or `{"need":["KEY",…]}`: the chunk
    /// files to [`Engine::provide`] before asking again. For the browser module.
    pub fn search_json(&self, query_json: &str) -> Result<String, SearchError> {
        let q = parse_query(query_json)?;
        lazy_json(self.try_search(&q)?)
    }

    /// [`Engine::try_suggest`] with a JSON [`Query`]: a JSON string, `null`, or
    /// `{"need":["KEY",…]}` (see [`Engine::search_json`]). For the browser.
    pub fn suggest_json(&self, query_json: &str) -> Result<String, SearchError> {
        let q = parse_query(query_json)?;
        lazy_json(self.try_suggest(&q)?)
    }

    /// [`Engine::search`], then every hit's snippet made final with the body `text(key)` gives
    /// for its text file (`None`: the file could not be read; the provisional snippet stays).
    pub fn search_with_texts(
        &self,
        q: &Query,
        mut text: impl FnMut(&str) -> Option<String>,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut hits = self.search(q)?;
        for hit in &mut hits {
            let body = if hit.text.is_empty() {
                None
            } else {
                text(&hit.text)
            };
            finish_snippet(hit, body.as_deref());
        }
        Ok(hits)
    }

    /// Runs a query. The hits' snippets are provisional (see [`finish_snippet`]). Any text is
    /// accepted; an empty text with no filter gives no hits, an empty
    /// text with filters lists the matching documents in index order.
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>, SearchError> {
        Engine::ready(self.try_search(q)?)
    }

    /// [`Engine::search`], or, on an engine from [`Engine::open_lazy_rounds`], the chunk files
    /// it needs first (all it could find: fetch them, [`Engine::provide`] them, ask again).
    pub fn try_search(&self, q: &Query) -> Result<Lazy<Vec<Hit>>, SearchError> {
        self.rounds(|| self.search_unchecked(q))
    }

    fn search_unchecked(&self, q: &Query) -> Result<Vec<Hit>, SearchError> {
        let limit = match q.limit {
            0 => 10,
            n => n.min(MAX_LIMIT),
        };
        let filters = self.filters(q);
        let words = self.parse_words(&q.text);
        if words.is_empty() {
            if filters.is_empty() {
                return Ok(Vec::new());
            }
            let mut clauses: Vec<(Occur, Box<dyn TQuery>)> =
                vec![(Occur::Must, Box::new(AllQuery))];
            clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
            let query = BooleanQuery::new(clauses);
            return self.collect(&query, limit, &Matched::new());
        }
        let ends_open = !q.text.ends_with(char::is_whitespace) && q.text.len() <= MAX_QUERY_BYTES;
        let last = words.len() - 1;
        let all_optional = words.iter().all(|w| w.optional);
        let mut matched = Matched::new();
        let mut counted: Vec<Box<dyn TQuery>> = Vec::new();
        let mut scoring: Vec<Box<dyn TQuery>> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let counts = all_optional || !w.optional;
            if let Some(clause) =
                self.word_clause(w, i, ends_open && i == last, counts, &mut matched)?
            {
                if counts {
                    counted.push(clause);
                } else {
                    scoring.push(clause);
                }
            }
        }
        if counted.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::union(counted)))];
        clauses.extend(scoring.into_iter().map(|c| (Occur::Should, c)));
        clauses.push((Occur::Should, self.kind_bonus()));
        let page_lang = q
            .page_lang
            .as_deref()
            .filter(|l| !l.is_empty())
            .or(Some(self.settings.default_lang.as_str()).filter(|l| !l.is_empty()));
        if let Some(lang) = page_lang {
            clauses.push((
                Occur::Should,
                const_score(
                    term_query(Term::from_field_text(self.fields.lang, lang)),
                    LANG_BONUS,
                ),
            ));
        }
        clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
        self.collect(&BooleanQuery::new(clauses), limit, &matched)
    }

    /// "Did you mean": the query with each word that is nowhere in the index replaced by the
    /// most frequent word of the site's titles, headings and summaries one edit away (two for
    /// words of 7+ letters); `None` when every word is known or nothing close is.
    pub fn suggest(&self, q: &Query) -> Result<Option<String>, SearchError> {
        Engine::ready(self.try_suggest(q)?)
    }

    /// [`Engine::suggest`], or the chunk files it needs first (see [`Engine::try_search`]).
    pub fn try_suggest(&self, q: &Query) -> Result<Lazy<Option<String>>, SearchError> {
        self.rounds(|| self.suggest_unchecked(q))
    }

    fn suggest_unchecked(&self, q: &Query) -> Result<Option<String>, SearchError> {
        let words = self.parse_words(&q.text);
        let chunks: Vec<&str> = truncate_query(&q.text).split_whitespace().collect();
        if words.len() != chunks.len() {
            // Words that analyze to nothing (punctuation) were dropped: keep it simple.
            return Ok(None);
        }
        let mut changed = false;
        let mut out = Vec::with_capacity(chunks.len());
        for (chunk, word) in chunks.iter().zip(&words) {
            let lower = chunk.to_lowercase();
            let skip = word.optional
                || lower.chars().count() < FUZZY_MIN_CHARS_UNKNOWN
                || lower.chars().any(analysis::is_cjk)
                || !lower.chars().all(char::is_alphabetic)
                || self.word_is_known(word)?;
            match if skip {
                None
            } else {
                self.closest_word(&lower)?
            } {
                Some(better) => {
                    changed = true;
                    out.push(better);
                }
                None => out.push(chunk.to_string()),
            }
        }
        Ok(changed.then(|| out.join(" ")))
    }

    /// Whether some form of the word (not a guess) is in the index.
    fn word_is_known(&self, w: &Word) -> Result<bool, SearchError> {
        for alt in &w.alts {
            for (_, forms) in &alt.positions {
                for part in Part::ALL {
                    let field = self.fields.text(alt.family, part);
                    for (form, _) in forms {
                        if self.doc_freq(&Term::from_field_text(field, form))? > 0 {
                            return Ok(true);
                        }
                    }
                }
            }
        }
        Ok(false)
    }

    /// The vocabulary word closest to `lower`: fewest edits, then most documents, then first
    /// in alphabetical order.
    fn closest_word(&self, lower: &str) -> Result<Option<String>, SearchError> {
        let max_distance = if lower.chars().count() >= 7 { 2 } else { 1 };
        for distance in 1..=max_distance {
            let dfa = clauses::Expansion::new(lower, distance, false)?;
            let found = self.expand(
                self.fields.vocab,
                &dfa,
                lower.is_ascii(),
                &[lower.to_string()],
            )?;
            let mut best: Option<(u64, String)> = None;
            for word in found {
                if analysis::is_stop_word(&analysis::fold(&word)) {
                    continue;
                }
                let docs = self.doc_freq(&Term::from_field_text(self.fields.vocab, &word))?;
                // Most documents first; `found` is in alphabetical order, so ties keep the first.
                if best.as_ref().is_none_or(|(most, _)| docs > *most) {
                    best = Some((docs, word));
                }
            }
            if let Some((_, word)) = best {
                return Ok(Some(word));
            }
        }
        Ok(None)
    }

    fn kind_bonus(&self) -> Box<dyn TQuery> {
        let kinds = ["practice", "right"]
            .into_iter()
            .map(|k| term_query(Term::from_field_text(self.fields.kind, k)))
            .collect();
        const_score(Box::new(BooleanQuery::union(kinds)), KIND_BONUS)
    }

    fn filters(&self, q: &Query) -> Vec<Box<dyn TQuery>> {
        Filter::ALL
            .into_iter()
            .filter_map(|filter| {
                let value = filter.of(q)?;
                let term = Term::from_field_text(filter.field(&self.fields), value);
                let q: Box<dyn TQuery> = Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    0.0,
                ));
                Some(q)
            })
            .collect()
    }

    fn collect(
        &self,
        query: &dyn TQuery,
        limit: usize,
        matched: &Matched,
    ) -> Result<Vec<Hit>, SearchError> {
        if self.touch_ahead(query) {
            return Err(SearchError::new(NOT_YET));
        }
        let top = self
            .searcher
            .search(query, &TopDocs::with_limit(limit).order_by_score())?;
        if self.touch_hits(&top) {
            return Err(SearchError::new(NOT_YET));
        }
        let f = &self.fields;
        let empty = Marks::new();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let get = |field: Field| -> String {
                doc.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let lang = get(f.lang);
            let family = Family::from_lang(&lang);
            let terms = matched.get(&family).unwrap_or(&empty);
            // The summary's snippet. When it marks every query word that matched anything in
            // this language, it is final: a trainer's one-line summary says best what an entry
            // is about, and the body's text file need not be read. Not in Chinese, where a
            // word's character pairs may match scattered over a summary while the body holds
            // the phrase. Otherwise it is provisional: the body's passage, when the body has a
            // match, replaces it in `finish_snippet` (the body is in a text file of its own,
            // not in the index).
            let summary = get(f.summary);
            let matched_words = terms
                .values()
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let (snippet, complete) = if summary.trim().is_empty() {
                (String::new(), false)
            } else {
                match snippet::highlight_counted(family, &summary, terms, SNIPPET_CHARS) {
                    Some((s, words)) => (s, words >= matched_words && !family.has_positions()),
                    None => (snippet::plain(&summary, SNIPPET_CHARS), false),
                }
            };
            let text = if complete {
                String::new()
            } else {
                get(f.text_key)
            };
            let marks = if text.is_empty() {
                Marks::new()
            } else {
                terms.clone()
            };
            let category = doc
                .get_first(f.category)
                .and_then(|v| v.as_str().map(str::to_string));
            hits.push(Hit {
                id: get(f.id),
                lang,
                kind: get(f.kind),
                title: get(f.title),
                url: get(f.url),
                score,
                snippet,
                category,
                text,
                marks,
                words: Vec::new(),
            });
        }
        Ok(hits)
    }
}

fn term_query(term: Term) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn const_score(query: Box<dyn TQuery>, score: f32) -> Box<dyn TQuery> {
    Box::new(ConstScoreQuery::new(query, score))
}

fn parse_query(query_json: &str) -> Result<Query, SearchError> {
    serde_json::from_str(query_json)
        .map_err(|e| SearchError::new(format!("invalid search query JSON: {e}")))
}

/// The query text up to [`MAX_QUERY_BYTES`] (at a character boundary).
fn truncate_query(text: &str) -> &str {
    let mut end = text.len().min(MAX_QUERY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The settings' synonym groups by language family (groups of the same family merge).
fn synonyms_by_family(settings: &Settings) -> HashMap<Family, Vec<Vec<String>>> {
    let mut out: HashMap<Family, Vec<Vec<String>>> = HashMap::new();
    for (lang, groups) in &settings.synonyms {
        out.entry(Family::from_lang(lang))
            .or_default()
            .extend(groups.iter().cloned());
    }
    out
}
