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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DfaWrapper, DisjunctionMaxQuery,
    FuzzyTermQuery, Occur, PhraseQuery, Query as TQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analysis::{self, Family};
use crate::bundle::{self, BundleDirectory};
use crate::forms::{self, Tier};
use crate::snippet;
use crate::{
    Fields, Hit, MAX_LIMIT, Marks, Part, Query, SearchError, Settings, finish_snippet,
    tokenizer_manager,
};

/// Query text beyond this many bytes is ignored.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Words beyond this many are ignored.
pub const MAX_WORDS: usize = 12;
/// A word's positions beyond this many are ignored (long CJK runs).
const MAX_POSITIONS: usize = 16;
/// At most this many index terms per fuzzy/prefix form and field.
const MAX_EXPANSIONS: usize = 30;
/// Typo tolerance applies to words of at least this many characters…
const FUZZY_MIN_CHARS: usize = 5;
/// …and, when the word is nowhere in the index, from this many.
const FUZZY_MIN_CHARS_UNKNOWN: usize = 4;
/// Prefix matching applies to forms of at least this many characters.
const PREFIX_MIN_CHARS: usize = 2;
const TIE_BREAKER: f32 = 0.2;

/// Score of a document for each query word it matches (stop words aside): larger than all the
/// bands and bonuses below together, so that matching more words always ranks higher.
const WORD_MATCHED: f32 = 1000.0;
/// Score of the best tier a word reaches in a document. Exact, stem, derived and folded are
/// close, so that a stem in a title still beats the exact word deep in a body (BM25 spans about
/// 0–40 here); guesses are far below, out of BM25's reach.
fn band(tier: Tier) -> f32 {
    match tier {
        Tier::Exact => 400.0,
        Tier::Stem => 390.0,
        Tier::Derived => 385.0,
        Tier::Folded => 382.0,
        Tier::Guess => 215.0,
        Tier::Fuzzy => 200.0,
        Tier::Prefix => 150.0,
    }
}
/// BM25 relevance of a word's matches, weighted by tier, scaled into the bands' gaps.
fn relevance_weight(tier: Tier) -> f32 {
    match tier {
        Tier::Exact => 1.0,
        Tier::Stem => 0.9,
        Tier::Derived => 0.8,
        Tier::Folded => 0.8,
        Tier::Guess => 0.5,
        Tier::Fuzzy => 0.35,
        Tier::Prefix => 0.3,
    }
}
/// A practice or a right over a category, tag or free page at equal match.
const KIND_BONUS: f32 = 40.0;
/// A document in the reader's page language over one in another language at equal match.
const LANG_BONUS: f32 = 30.0;
/// Most-but-not-all bigrams of a CJK word, anywhere: below the exact phrase.
const PARTIAL_PHRASE_TIER: Tier = Tier::Folded;
/// Snippet length target, in characters.
pub(crate) const SNIPPET_CHARS: usize = 160;

/// A search engine over one bundle. Cheap to query from several threads (`Send + Sync`).
pub struct Engine {
    searcher: Searcher,
    fields: Fields,
    settings: Settings,
    /// The configured synonym groups, per language family.
    synonyms: HashMap<Family, Vec<Vec<String>>>,
    _reader: IndexReader,
}

/// One way of writing a query word in one family's fields: its positions, each with its forms
/// and their tiers (the first form of a position is its phrase form).
struct Alt {
    family: Family,
    positions: Vec<(usize, Vec<(String, Tier)>)>,
    /// No match through this alternative ranks above this tier (a synonym is not what was typed).
    floor: Tier,
}

/// One query word and every way it is looked up.
struct Word {
    optional: bool,
    alts: Vec<Alt>,
}

/// Index terms that the query can match, per family: term → index of the query word.
type Matched = HashMap<Family, Marks>;

/// A word's scored queries, each with the tier of the match it stands for.
type Scored = Vec<(Tier, Box<dyn TQuery>)>;

impl Engine {
    /// Opens a bundle made by [`crate::build_bundle`]. Fails (never panics) on a malformed bundle.
    pub fn open(bundle: Vec<u8>) -> Result<Engine, SearchError> {
        let mut files = bundle::unpack(bundle)?;
        let settings = match files.remove(std::path::Path::new(crate::SETTINGS_FILE)) {
            Some(bytes) => serde_json::from_slice(bytes.as_slice())
                .map_err(|e| SearchError::new(format!("search bundle: invalid settings: {e}")))?,
            None => Settings::default(),
        };
        let mut index = Index::open(BundleDirectory::new(files))?;
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
            _reader: reader,
        })
    }

    /// Number of documents in the bundle.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The settings the bundle was built with (default language, synonyms).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// [`Engine::search`] with a JSON [`Query`] (missing fields take their defaults, e.g.
    /// `{"text":"privacy","lang":"en"}`), answering a JSON array of [`Hit`]s with provisional
    /// snippets (their `text` and `marks` are in the JSON). For the browser module.
    pub fn search_json(&self, query_json: &str) -> Result<String, SearchError> {
        let q = parse_query(query_json)?;
        let hits = self.search(&q)?;
        serde_json::to_string(&hits).map_err(|e| SearchError::new(format!("serializing hits: {e}")))
    }

    /// [`Engine::suggest`] with a JSON [`Query`]: a JSON string, or `null`. For the browser.
    pub fn suggest_json(&self, query_json: &str) -> Result<String, SearchError> {
        let q = parse_query(query_json)?;
        let suggestion = self.suggest(&q)?;
        serde_json::to_string(&suggestion)
            .map_err(|e| SearchError::new(format!("serializing a suggestion: {e}")))
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
                        if self
                            .searcher
                            .doc_freq(&Term::from_field_text(field, form))?
                            > 0
                        {
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
            let term = Term::from_field_text(self.fields.vocab, lower);
            let dfa = FuzzyTermQuery::new(term, distance, true).automaton()?;
            let found = self.expand(
                self.fields.vocab,
                &dfa,
                lower.is_ascii(),
                &[lower.to_string()],
            )?;
            if let Some(best) = found
                .into_iter()
                .find(|w| !analysis::is_stop_word(&analysis::fold(w)))
            {
                return Ok(Some(best));
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

    /// The clause of one query word: it matches a document when any form of the word does, and
    /// scores [`WORD_MATCHED`] (when the word `counts`) plus the band of the best tier it reaches
    /// there, plus its BM25 relevance. `None` when nothing in the index can match it.
    fn word_clause(
        &self,
        w: &Word,
        word_idx: usize,
        prefix: bool,
        counts: bool,
        matched: &mut Matched,
    ) -> Result<Option<Box<dyn TQuery>>, SearchError> {
        let mut scored: Scored = Vec::new();
        let mut dfas = DfaCache::default();
        for alt in &w.alts {
            if alt.positions.len() == 1 {
                self.form_queries(alt, word_idx, matched, &mut scored)?;
            } else {
                self.phrase_queries(alt, word_idx, matched, &mut scored)?;
            }
        }
        // A word whose form as typed is in the index (in any language) needs no guessing:
        // `patron` must not find Polish `patrzeć`.
        if !scored.iter().any(|(t, _)| *t == Tier::Exact) {
            for alt in &w.alts {
                if alt.family == Family::Pl && alt.floor == Tier::Exact && alt.positions.len() == 1
                {
                    self.stem_prefix_queries(alt, word_idx, &mut dfas, matched, &mut scored)?;
                }
            }
        }
        let known = scored.iter().any(|(t, _)| *t < Tier::Fuzzy);
        // A word whose form as typed is nowhere in the index may be a typo: what its stem or
        // derived forms match is a guess, only a little better than a typo's match, so the
        // reader's page language decides between a guess in one language and a typo in
        // another (`polcy` stems like Polish `półce`, and is one edit from `policy`).
        let typed_known = scored.iter().any(|(t, _)| *t == Tier::Exact);
        let band_of = |tier: Tier| {
            if typed_known || tier >= Tier::Guess {
                tier
            } else {
                Tier::Guess
            }
        };
        for alt in w
            .alts
            .iter()
            .filter(|a| a.floor == Tier::Exact && a.positions.len() == 1)
        {
            let forms = &alt.positions[0].1;
            let Some((typed, _)) = forms.iter().find(|(_, t)| *t == Tier::Exact) else {
                continue;
            };
            let n = typed.chars().count();
            if typed.chars().any(analysis::is_cjk) {
                continue;
            }
            let all: Vec<String> = forms.iter().map(|(f, _)| f.clone()).collect();
            let fuzzy_min = if known {
                FUZZY_MIN_CHARS
            } else {
                FUZZY_MIN_CHARS_UNKNOWN
            };
            let mut expansions: Vec<(Tier, bool)> = Vec::new();
            if n >= fuzzy_min {
                expansions.push((Tier::Fuzzy, false));
            }
            if prefix && n >= PREFIX_MIN_CHARS {
                expansions.push((Tier::Prefix, true));
            }
            for (tier, is_prefix) in expansions {
                let dfa = dfas.get(typed, is_prefix)?;
                let terms = (alt.family, dfa, typed.is_ascii(), all.as_slice());
                self.expansion_queries(terms, tier, word_idx, matched, &mut scored)?;
            }
        }
        if scored.is_empty() {
            return Ok(None);
        }
        let relevance = dismax(
            scored
                .iter()
                .map(|(tier, q)| boosted(q.box_clone(), relevance_weight(*tier)))
                .collect(),
        );
        if !counts {
            return Ok(relevance);
        }
        let tiers: BTreeSet<Tier> = scored.iter().map(|(t, _)| band_of(*t)).collect();
        let bands: Vec<Box<dyn TQuery>> = tiers
            .into_iter()
            .map(|tier| {
                let of_tier = scored
                    .iter()
                    .filter(|(t, _)| band_of(*t) == tier)
                    .map(|(_, q)| q.box_clone())
                    .collect();
                const_score(
                    Box::new(BooleanQuery::union(of_tier)),
                    WORD_MATCHED + band(tier),
                )
            })
            .collect();
        let bands = Box::new(DisjunctionMaxQuery::with_tie_breaker(bands, 0.0));
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = vec![(Occur::Should, bands)];
        clauses.extend(relevance.map(|r| (Occur::Should, r)));
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// Term queries for the forms of a one-position alternative that are in the index, in each
    /// part field of its family.
    fn form_queries(
        &self,
        alt: &Alt,
        word_idx: usize,
        matched: &mut Matched,
        out: &mut Scored,
    ) -> Result<(), SearchError> {
        let forms = &alt.positions[0].1;
        for part in Part::ALL {
            let field = self.fields.text(alt.family, part);
            for (form, tier) in forms {
                let term = Term::from_field_text(field, form);
                if self.searcher.doc_freq(&term)? == 0 {
                    continue;
                }
                matched
                    .entry(alt.family)
                    .or_default()
                    .entry(form.clone())
                    .or_insert(word_idx);
                out.push((
                    (*tier).max(alt.floor),
                    boosted(term_query_freqs(term), part.boost()),
                ));
            }
        }
        Ok(())
    }

    /// The Polish stemmer is not consistent across a word's forms (`zmieniając` stems to
    /// `zmieni`, `zmienia` to `zmien`; `liniach` to `lin`, `linii` to `lini`), and a form
    /// outside the site's text may stem apart from every form in it. So a Polish word whose
    /// form as typed is nowhere in the index also matches, as a guess (in the typo band, below
    /// every real match), the index terms that start with its stems less one letter, and with
    /// the word less its last three letters (`liniach` → `lini`), roots of at least four
    /// letters.
    fn stem_prefix_queries(
        &self,
        alt: &Alt,
        word_idx: usize,
        dfas: &mut DfaCache,
        matched: &mut Matched,
        out: &mut Scored,
    ) -> Result<(), SearchError> {
        const MIN_ROOT: usize = 4;
        let forms = &alt.positions[0].1;
        let all: Vec<String> = forms.iter().map(|(f, _)| f.clone()).collect();
        let mut roots: Vec<String> = Vec::new();
        for (form, tier) in forms {
            let chars: Vec<char> = form.chars().collect();
            let keep = match tier {
                Tier::Stem | Tier::Folded => chars.len().saturating_sub(1),
                Tier::Exact if chars.len() >= 6 => (chars.len() - 3).max(MIN_ROOT),
                _ => 0,
            };
            if keep >= MIN_ROOT && !form.chars().any(analysis::is_cjk) {
                let root: String = chars[..keep].iter().collect();
                if !roots.contains(&root) {
                    roots.push(root);
                }
            }
        }
        for root in roots {
            let dfa = dfas.get(&root, true)?;
            let terms = (alt.family, dfa, root.is_ascii(), all.as_slice());
            self.expansion_queries(terms, Tier::Fuzzy, word_idx, matched, out)?;
        }
        Ok(())
    }

    /// Queries at `tier` for the index terms of a family's fields that an automaton accepts
    /// (`terms`: the family, the automaton, whether the form is ASCII, the forms to leave out),
    /// stop words aside, each noted in `matched` for the snippets.
    fn expansion_queries(
        &self,
        (family, dfa, ascii, exclude): (Family, &DfaWrapper, bool, &[String]),
        tier: Tier,
        word_idx: usize,
        matched: &mut Matched,
        out: &mut Scored,
    ) -> Result<(), SearchError> {
        for part in Part::ALL {
            let field = self.fields.text(family, part);
            for t in self.expand(field, dfa, ascii, exclude)? {
                if analysis::is_stop_word(&t) {
                    continue;
                }
                matched
                    .entry(family)
                    .or_default()
                    .entry(t.clone())
                    .or_insert(word_idx);
                let term = Term::from_field_text(field, &t);
                out.push((tier, boosted(term_query_freqs(term), part.boost())));
            }
        }
        Ok(())
    }

    /// Queries for an alternative that analyzes to several positions, in each part field.
    ///
    /// CJK (fields with positions): the bigrams as a phrase, plus, at [`PARTIAL_PHRASE_TIER`],
    /// most of the bigrams anywhere (`保护隐私` also finds `保护读者的隐私`, ranked below the
    /// exact phrase). Elsewhere (`e-mail`): all the tokens, in any order.
    fn phrase_queries(
        &self,
        alt: &Alt,
        word_idx: usize,
        matched: &mut Matched,
        out: &mut Scored,
    ) -> Result<(), SearchError> {
        let positions = &alt.positions;
        let base = positions[0].0;
        for part in Part::ALL {
            let field = self.fields.text(alt.family, part);
            let mut present = Vec::with_capacity(positions.len());
            for (pos, forms) in positions {
                let term = Term::from_field_text(field, &forms[0].0);
                if self.searcher.doc_freq(&term)? > 0 {
                    present.push((pos - base, term));
                }
            }
            let all_present = present.len() == positions.len();
            let min_required = (positions.len() + 1)
                .div_ceil(2)
                .max(2)
                .min(positions.len());
            let exact = Tier::Exact.max(alt.floor);
            if alt.family.has_positions() {
                if all_present {
                    out.push((
                        exact,
                        boosted(
                            Box::new(PhraseQuery::new_with_offset(present.clone())),
                            part.boost(),
                        ),
                    ));
                }
                if present.len() >= min_required {
                    let clauses = present
                        .iter()
                        .map(|(_, t)| term_query_freqs(t.clone()))
                        .collect();
                    out.push((
                        PARTIAL_PHRASE_TIER.max(alt.floor),
                        boosted(
                            Box::new(BooleanQuery::union_with_minimum_required_clauses(
                                clauses,
                                min_required,
                            )),
                            part.boost(),
                        ),
                    ));
                }
            } else if all_present {
                let clauses = present
                    .iter()
                    .map(|(_, t)| (Occur::Must, term_query_freqs(t.clone())))
                    .collect();
                out.push((
                    exact,
                    boosted(Box::new(BooleanQuery::new(clauses)), part.boost()),
                ));
            } else {
                continue;
            }
            let entry = matched.entry(alt.family).or_default();
            for (_, t) in &present {
                if let Some(text) = t.value().as_str() {
                    entry.entry(text.to_string()).or_insert(word_idx);
                }
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
                words: Vec::new(),
            });
        }
        Ok(hits)
    }

    /// Cuts the query text into words and analyzes each word for every family, with the
    /// synonyms the site configured for it.
    fn parse_words(&self, text: &str) -> Vec<Word> {
        let mut words = Vec::new();
        for chunk in truncate_query(text).split_whitespace() {
            if words.len() == MAX_WORDS {
                break;
            }
            let mut alts = Vec::new();
            for family in Family::ALL {
                if let Some(alt) = analyze_alt(family, chunk, Tier::Exact) {
                    alts.push(alt);
                }
            }
            if alts.is_empty() {
                continue;
            }
            for (family, synonym) in self.synonyms_of(&alts) {
                alts.extend(analyze_alt(family, &synonym, Tier::Derived));
            }
            let folded = analysis::fold(&chunk.to_lowercase());
            let optional =
                analysis::is_stop_word(folded.trim_matches(|c: char| !c.is_alphanumeric()));
            words.push(Word { optional, alts });
        }
        words
    }

    /// The other members of every synonym group (of a family) that one of the word's
    /// alternatives belongs to: a member belongs when it analyzes to the same phrase form.
    fn synonyms_of(&self, alts: &[Alt]) -> Vec<(Family, String)> {
        let mut out = Vec::new();
        for alt in alts {
            let Some(groups) = self.synonyms.get(&alt.family) else {
                continue;
            };
            let key = phrase_key(alt);
            for group in groups {
                let hit = group.iter().any(|member| {
                    analyze_alt(alt.family, member, Tier::Exact)
                        .is_some_and(|m| phrase_key(&m) == key)
                });
                if hit {
                    for member in group {
                        let same = analyze_alt(alt.family, member, Tier::Exact)
                            .is_some_and(|m| phrase_key(&m) == key);
                        if !same && !out.contains(&(alt.family, member.clone())) {
                            out.push((alt.family, member.clone()));
                        }
                    }
                }
            }
        }
        out
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

fn term_query(term: Term) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn term_query_freqs(term: Term) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(query: Box<dyn TQuery>, boost: f32) -> Box<dyn TQuery> {
    Box::new(BoostQuery::new(query, boost))
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

/// One query word analyzed for `family`: its positions and the forms each is looked up under.
fn analyze_alt(family: Family, chunk: &str, floor: Tier) -> Option<Alt> {
    let mut positions = analysis::analyze_positions(family, chunk);
    positions.truncate(MAX_POSITIONS);
    if positions.is_empty() {
        return None;
    }
    let positions = if positions.len() == 1 {
        let (pos, variants) = positions.pop()?;
        vec![(pos, forms::query_forms(family, chunk, &variants))]
    } else {
        positions
            .into_iter()
            .map(|(pos, variants)| {
                (
                    pos,
                    variants.into_iter().map(|v| (v, Tier::Exact)).collect(),
                )
            })
            .collect()
    };
    Some(Alt {
        family,
        positions,
        floor,
    })
}

/// What identifies an analyzed word: the phrase form of each position.
fn phrase_key(alt: &Alt) -> Vec<&str> {
    alt.positions
        .iter()
        .filter_map(|(_, forms)| forms.first().map(|(f, _)| f.as_str()))
        .collect()
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
