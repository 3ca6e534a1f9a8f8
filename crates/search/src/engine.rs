//! Opening a bundle and answering queries.
//!
//! Query semantics:
//! * The text is cut at whitespace into words (at most [`MAX_WORDS`], at most [`MAX_QUERY_BYTES`]
//!   bytes of text); it is never parsed as query syntax, so quotes, colons, `AND`, brackets… are
//!   just characters (punctuation is dropped by the analyzers).
//! * Each word is analyzed with every language's analyzer and searched in every language's fields:
//!   title (boost 5) > headings (3) > summary (2) > body (1), scored with BM25.
//! * A word that analyzes to one position matches its index forms exactly (weight 1), words within
//!   Levenshtein distance 1 (transposition = 1) if the form has 5+ characters (weight
//!   [`FUZZY_WEIGHT`]), and, for the last word of a query not ending in whitespace, words it is a
//!   prefix of (weight [`PREFIX_WEIGHT`]). A word that analyzes to several positions (CJK text cut
//!   into bigrams, `e-mail`) must match as a phrase.
//! * The best of a word's matches counts (dis-max with a tie-breaker). All words must match (stop
//!   words like `the`/`w` are optional); if that finds nothing, any word may match (and phrases
//!   fall apart into their terms).
//! * Filters (`lang`, `category`, `right`, `tag`) are exact and do not change scores.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DfaWrapper, DisjunctionMaxQuery,
    FuzzyTermQuery, Occur, PhraseQuery, Query as TQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analysis::{self, Family};
use crate::bundle::{self, BundleDirectory};
use crate::snippet;
use crate::{
    Fields, Hit, MAX_LIMIT, Marks, Part, Query, SearchError, finish_snippet, tokenizer_manager,
};

/// Query text beyond this many bytes is ignored.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Words beyond this many are ignored.
pub const MAX_WORDS: usize = 12;
/// A word's positions beyond this many are ignored (long CJK runs).
const MAX_POSITIONS: usize = 16;
/// At most this many index terms per fuzzy/prefix form and field.
const MAX_EXPANSIONS: usize = 30;
/// Weight of a fuzzy (typo) match relative to an exact one.
pub const FUZZY_WEIGHT: f32 = 0.35;
/// Weight of a prefix (search-as-you-type) match relative to an exact one.
pub const PREFIX_WEIGHT: f32 = 0.6;
/// Weight of most-but-not-all bigrams of a CJK word matching, relative to the exact phrase.
pub const PARTIAL_PHRASE_WEIGHT: f32 = 0.4;
/// Fuzzy matching applies to forms of at least this many characters.
const FUZZY_MIN_CHARS: usize = 5;
/// Prefix matching applies to forms of at least this many characters.
const PREFIX_MIN_CHARS: usize = 2;
const TIE_BREAKER: f32 = 0.2;
/// Snippet length target, in characters.
pub(crate) const SNIPPET_CHARS: usize = 160;

/// A search engine over one bundle. Cheap to query from several threads (`Send + Sync`).
pub struct Engine {
    searcher: Searcher,
    fields: Fields,
    _reader: IndexReader,
}

/// Positions of an analyzed word, each with its alternative index forms (first = phrase form).
type Positions = Vec<(usize, Vec<String>)>;

/// One query word: per family, its positions and their alternative index forms.
struct Word {
    optional: bool,
    /// For every family (same order as `Family::ALL`), positions → alternatives.
    forms: Vec<(Family, Positions)>,
}

/// Index terms that the query can match, per family: term → index of the query word.
type Matched = HashMap<Family, Marks>;

impl Engine {
    /// Opens a bundle made by [`crate::build_bundle`]. Fails (never panics) on a malformed bundle.
    pub fn open(bundle: Vec<u8>) -> Result<Engine, SearchError> {
        let files = bundle::unpack(bundle)?;
        let mut index = Index::open(BundleDirectory::new(files))?;
        index.set_tokenizers(tokenizer_manager());
        let fields = Fields::from_schema(&index.schema())?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        Ok(Engine {
            searcher,
            fields,
            _reader: reader,
        })
    }

    /// Number of documents in the bundle.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// [`Engine::search`] with a JSON [`Query`] (missing fields take their defaults, e.g.
    /// `{"text":"privacy","lang":"en"}`), answering a JSON array of [`Hit`]s with provisional
    /// snippets (their `text` and `marks` are in the JSON). For the browser module.
    pub fn search_json(&self, query_json: &str) -> Result<String, SearchError> {
        let q: Query = serde_json::from_str(query_json)
            .map_err(|e| SearchError::new(format!("invalid search query JSON: {e}")))?;
        let hits = self.search(&q)?;
        serde_json::to_string(&hits).map_err(|e| SearchError::new(format!("serializing hits: {e}")))
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
        let limit = match q.limit {
            0 => 10,
            n => n.min(MAX_LIMIT),
        };
        let filters = self.filters(q);
        let words = parse_words(&q.text);
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

        // Strict pass: every (non-stop) word must match.
        let mut matched = Matched::new();
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        let all_optional = words.iter().all(|w| w.optional);
        let mut impossible = false;
        for (i, w) in words.iter().enumerate() {
            let clause = self.strict_word(w, i, ends_open && i == last, &mut matched)?;
            let required = all_optional || !w.optional;
            match clause {
                Some(c) => clauses.push((if required { Occur::Must } else { Occur::Should }, c)),
                None if required => impossible = true,
                None => {}
            }
        }
        if !impossible && clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
            let hits = self.collect(&BooleanQuery::new(clauses), limit, &matched)?;
            if !hits.is_empty() {
                return Ok(hits);
            }
        }

        // Loose pass: any word (any term of a phrase) may match.
        let mut matched = Matched::new();
        let mut any: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            for c in self.loose_word(w, i, ends_open && i == last, &mut matched)? {
                any.push((Occur::Should, c));
            }
        }
        if any.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(any)))];
        clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
        self.collect(&BooleanQuery::new(clauses), limit, &matched)
    }

    fn filters(&self, q: &Query) -> Vec<Box<dyn TQuery>> {
        let f = &self.fields;
        [
            (f.lang, &q.lang),
            (f.category, &q.category),
            (f.rights, &q.right),
            (f.tags, &q.tag),
        ]
        .into_iter()
        .filter_map(|(field, value)| {
            // An empty filter (e.g. an unset form field) filters nothing.
            let value = value.as_deref().filter(|v| !v.is_empty())?;
            let term = Term::from_field_text(field, value);
            let q: Box<dyn TQuery> = Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                0.0,
            ));
            Some(q)
        })
        .collect()
    }

    /// Strict clause of one word: dis-max over families/fields/forms; phrases for multi-position
    /// words. `None` if nothing in the index can match it.
    fn strict_word(
        &self,
        w: &Word,
        word_idx: usize,
        prefix: bool,
        matched: &mut Matched,
    ) -> Result<Option<Box<dyn TQuery>>, SearchError> {
        let mut disjuncts: Vec<Box<dyn TQuery>> = Vec::new();
        let mut dfas = DfaCache::default();
        for (family, positions) in &w.forms {
            if positions.len() == 1 {
                self.term_disjuncts(
                    *family,
                    &positions[0].1,
                    prefix,
                    word_idx,
                    &mut dfas,
                    matched,
                    &mut disjuncts,
                )?;
            } else {
                self.multi_position_disjuncts(
                    *family,
                    positions,
                    word_idx,
                    matched,
                    &mut disjuncts,
                )?;
            }
        }
        Ok(dismax(disjuncts))
    }

    /// Queries for a word that analyzes to several positions, in each part field of the family.
    ///
    /// CJK (fields with positions): the bigrams as a phrase, plus, at [`PARTIAL_PHRASE_WEIGHT`],
    /// most of the bigrams anywhere (`保护隐私` also finds `保护读者的隐私`, ranked below the
    /// exact phrase). Elsewhere (`e-mail`): all the tokens, in any order.
    fn multi_position_disjuncts(
        &self,
        family: Family,
        positions: &Positions,
        word_idx: usize,
        matched: &mut Matched,
        out: &mut Vec<Box<dyn TQuery>>,
    ) -> Result<(), SearchError> {
        let base = positions[0].0;
        let term_query = |t: Term| -> Box<dyn TQuery> {
            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
        };
        for part in Part::ALL {
            let field = self.fields.text(family, part);
            let mut present = Vec::with_capacity(positions.len());
            for (pos, alts) in positions {
                let term = Term::from_field_text(field, &alts[0]);
                if self.searcher.doc_freq(&term)? > 0 {
                    present.push((pos - base, term));
                }
            }
            let all_present = present.len() == positions.len();
            let min_required = (positions.len() + 1)
                .div_ceil(2)
                .max(2)
                .min(positions.len());
            if family.has_positions() {
                if all_present {
                    out.push(Box::new(BoostQuery::new(
                        Box::new(PhraseQuery::new_with_offset(present.clone())),
                        part.boost(),
                    )));
                }
                if present.len() >= min_required {
                    let clauses = present.iter().map(|(_, t)| term_query(t.clone())).collect();
                    out.push(Box::new(BoostQuery::new(
                        Box::new(BooleanQuery::union_with_minimum_required_clauses(
                            clauses,
                            min_required,
                        )),
                        part.boost() * PARTIAL_PHRASE_WEIGHT,
                    )));
                }
            } else if all_present {
                let clauses = present
                    .iter()
                    .map(|(_, t)| (Occur::Must, term_query(t.clone())))
                    .collect();
                out.push(Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(clauses)),
                    part.boost(),
                )));
            } else {
                continue;
            }
            let entry = matched.entry(family).or_default();
            for (_, t) in &present {
                if let Some(text) = t.value().as_str() {
                    entry.entry(text.to_string()).or_insert(word_idx);
                }
            }
        }
        Ok(())
    }

    /// Loose clauses of one word: one dis-max per position.
    fn loose_word(
        &self,
        w: &Word,
        word_idx: usize,
        prefix: bool,
        matched: &mut Matched,
    ) -> Result<Vec<Box<dyn TQuery>>, SearchError> {
        let n = w.forms.iter().map(|(_, p)| p.len()).max().unwrap_or(0);
        let mut out = Vec::new();
        let mut dfas = DfaCache::default();
        for i in 0..n {
            let mut disjuncts = Vec::new();
            for (family, positions) in &w.forms {
                if let Some((_, alts)) = positions.get(i) {
                    let is_last = i + 1 == positions.len();
                    self.term_disjuncts(
                        *family,
                        alts,
                        prefix && is_last,
                        word_idx,
                        &mut dfas,
                        matched,
                        &mut disjuncts,
                    )?;
                }
            }
            out.extend(dismax(disjuncts));
        }
        Ok(out)
    }

    /// Term queries for one position: exact forms, fuzzy and prefix expansions, in each part field
    /// of the family.
    #[allow(clippy::too_many_arguments)]
    fn term_disjuncts(
        &self,
        family: Family,
        alts: &[String],
        prefix: bool,
        word_idx: usize,
        dfas: &mut DfaCache,
        matched: &mut Matched,
        out: &mut Vec<Box<dyn TQuery>>,
    ) -> Result<(), SearchError> {
        for part in Part::ALL {
            let field = self.fields.text(family, part);
            // term -> weight (best kind of match wins)
            let mut terms: BTreeMap<String, f32> = BTreeMap::new();
            for a in alts {
                let term = Term::from_field_text(field, a);
                if self.searcher.doc_freq(&term)? > 0 {
                    terms.insert(a.clone(), 1.0);
                }
            }
            for a in alts {
                let n = a.chars().count();
                let cjk = a.chars().any(analysis::is_cjk);
                if n >= FUZZY_MIN_CHARS && !cjk {
                    let dfa = dfas.get(a, false)?;
                    for t in self.expand(field, dfa, a.is_ascii(), alts)? {
                        let w = terms.entry(t).or_insert(0.0);
                        *w = w.max(FUZZY_WEIGHT);
                    }
                }
                if prefix && n >= PREFIX_MIN_CHARS {
                    let dfa = dfas.get(a, true)?;
                    for t in self.expand(field, dfa, a.is_ascii(), alts)? {
                        let w = terms.entry(t).or_insert(0.0);
                        *w = w.max(PREFIX_WEIGHT);
                    }
                }
            }
            if terms.is_empty() {
                continue;
            }
            let entry = matched.entry(family).or_default();
            for (t, weight) in terms {
                let term = Term::from_field_text(field, &t);
                entry.entry(t).or_insert(word_idx);
                out.push(Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    part.boost() * weight,
                )));
            }
        }
        Ok(())
    }

    /// Index terms of `field` accepted by `dfa` (other than `exclude`), most frequent first.
    fn expand(
        &self,
        field: Field,
        dfa: &DfaWrapper,
        ascii_only: bool,
        exclude: &[String],
    ) -> Result<Vec<String>, SearchError> {
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut builder = inverted.terms().search(dfa);
            if ascii_only {
                // An ASCII form: skip the (large) part of the dictionary whose terms start with a
                // non-ASCII character, e.g. CJK bigrams, which the automaton would crawl slowly.
                builder = builder.lt([0x80u8]);
            }
            let mut stream = builder
                .into_stream()
                .map_err(|e| SearchError::new(format!("term dictionary: {e}")))?;
            while stream.advance() {
                if let Ok(t) = std::str::from_utf8(stream.key())
                    && !exclude.iter().any(|e| e == t)
                {
                    *found.entry(t.to_string()).or_insert(0) += stream.value().doc_freq as u64;
                }
            }
        }
        let mut v: Vec<(String, u64)> = found.into_iter().collect();
        if v.len() > MAX_EXPANSIONS {
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(MAX_EXPANSIONS);
        }
        Ok(v.into_iter().map(|(t, _)| t).collect())
    }

    fn collect(
        &self,
        query: &dyn TQuery,
        limit: usize,
        matched: &Matched,
    ) -> Result<Vec<Hit>, SearchError> {
        let top = self
            .searcher
            .search(query, &TopDocs::with_limit(limit).order_by_score())?;
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
            });
        }
        Ok(hits)
    }
}

fn dismax(mut disjuncts: Vec<Box<dyn TQuery>>) -> Option<Box<dyn TQuery>> {
    match disjuncts.len() {
        0 => None,
        1 => disjuncts.pop(),
        _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
            disjuncts,
            TIE_BREAKER,
        ))),
    }
}

/// Levenshtein / prefix automata built once per search and form.
#[derive(Default)]
struct DfaCache {
    map: HashMap<(String, bool), DfaWrapper>,
}

impl DfaCache {
    fn get(&mut self, text: &str, prefix: bool) -> Result<&DfaWrapper, SearchError> {
        let key = (text.to_string(), prefix);
        if !self.map.contains_key(&key) {
            // The field does not matter for building the automaton.
            let term = Term::from_field_text(Field::from_field_id(0), text);
            let q = if prefix {
                FuzzyTermQuery::new_prefix(term, 0, true)
            } else {
                FuzzyTermQuery::new(term, 1, true)
            };
            self.map.insert(key.clone(), q.automaton()?);
        }
        Ok(&self.map[&key])
    }
}

/// Cuts the query text into words and analyzes each word for every family.
fn parse_words(text: &str) -> Vec<Word> {
    let mut end = text.len().min(MAX_QUERY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let mut words = Vec::new();
    for chunk in text.split_whitespace() {
        if words.len() == MAX_WORDS {
            break;
        }
        let mut forms = Vec::new();
        for family in Family::ALL {
            let mut positions = analysis::analyze_positions(family, chunk);
            positions.truncate(MAX_POSITIONS);
            if !positions.is_empty() {
                forms.push((family, positions));
            }
        }
        if forms.is_empty() {
            continue;
        }
        let folded = analysis::fold(&chunk.to_lowercase());
        let optional = analysis::is_stop_word(folded.trim_matches(|c: char| !c.is_alphanumeric()));
        words.push(Word { optional, forms });
    }
    words
}
