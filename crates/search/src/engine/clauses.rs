//! The tantivy query of one word: a clause per form that is in the index, typo, prefix and
//! stem-prefix expansions, and the score bands that rank documents by how each word matched.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, DfaWrapper, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query as TQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::words::{Alt, Word};
use super::{Engine, const_score};
use crate::analysis::{self, Family};
use crate::forms::Tier;
use crate::{Marks, Part, SearchError};

/// At most this many index terms per fuzzy/prefix form and field.
const MAX_EXPANSIONS: usize = 30;

/// Typo tolerance applies to words of at least this many characters…
const FUZZY_MIN_CHARS: usize = 5;

/// …and, when the word is nowhere in the index, from this many.
pub(super) const FUZZY_MIN_CHARS_UNKNOWN: usize = 4;

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

/// Most-but-not-all bigrams of a CJK word, anywhere: below the exact phrase.
const PARTIAL_PHRASE_TIER: Tier = Tier::Folded;

/// Index terms that the query can match, per family: term → index of the query word.
pub(super) type Matched = HashMap<Family, Marks>;

/// A word's scored queries, each with the tier of the match it stands for.
type Scored = Vec<(Tier, Box<dyn TQuery>)>;

impl Engine {
    /// The clause of one query word: it matches a document when any form of the word does, and
    /// scores [`WORD_MATCHED`] (when the word `counts`) plus the band of the best tier it reaches
    /// there, plus its BM25 relevance. `None` when nothing in the index can match it.
    pub(super) fn word_clause(
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
                if self.doc_freq(&term)? == 0 {
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
        (family, dfa, ascii, exclude): (Family, &Expansion, bool, &[String]),
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
                if self.doc_freq(&term)? > 0 {
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

    /// Index terms of `field` accepted by `expansion` (other than `exclude`), most frequent
    /// first.
    pub(super) fn expand(
        &self,
        field: Field,
        expansion: &Expansion,
        ascii_only: bool,
        exclude: &[String],
    ) -> Result<Vec<String>, SearchError> {
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        let mut keep = |t: &[u8], doc_freq: u32| {
            if let Ok(t) = std::str::from_utf8(t)
                && !exclude.iter().any(|e| e == t)
            {
                *found.entry(t.to_string()).or_insert(0) += u64::from(doc_freq);
            }
        };
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let terms = inverted.terms();
            let mut upper = expansion.upper.as_slice();
            if ascii_only && upper > [0x80u8].as_slice() {
                // An ASCII form: never the (large) part of the dictionary whose terms start with
                // a non-ASCII character, e.g. CJK bigrams.
                upper = &[0x80];
            }
            // A part of the dictionary not fetched yet reads as empty: this run's answer will
            // be thrown away, and the other fields' walks still tell what else to fetch.
            match terms
                .search(&expansion.dfa)
                .ge(&expansion.lower)
                .lt(upper)
                .into_stream()
            {
                Ok(mut stream) => {
                    while stream.advance() {
                        keep(stream.key(), stream.value().doc_freq);
                    }
                }
                Err(_) if self.missing_chunks() => {}
                Err(e) => return Err(SearchError::new(format!("term dictionary: {e}"))),
            }
            for also in &expansion.also {
                match terms.get(also) {
                    Ok(Some(info)) => keep(also.as_bytes(), info.doc_freq),
                    Ok(None) => {}
                    Err(_) if self.missing_chunks() => {}
                    Err(e) => return Err(SearchError::new(format!("term dictionary: {e}"))),
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

/// What a typo or prefix expansion looks up: an automaton, the key range of the dictionary it
/// walks, and whole words it also accepts outside that range.
///
/// The range is what keeps a query's reads small in the browser, where the dictionaries arrive
/// in chunks on demand (issue 18): a prefix walks only the terms that start with it, and a typo
/// only the terms that share the word's first letter. Walking the whole dictionary for every
/// typo read megabytes at 10k entries. A typo in the first letter is rare (Meilisearch counts
/// one as two typos for the same reason); the two that need no walk are still accepted: the
/// first two letters swapped (`aptron`) and one letter too many in front (`ppatron`).
pub(super) struct Expansion {
    dfa: DfaWrapper,
    lower: Vec<u8>,
    upper: Vec<u8>,
    also: Vec<String>,
}

impl Expansion {
    /// Terms within `distance` edits of `text` that share its first letter, or (`prefix`) the
    /// terms that start with `text`.
    pub(super) fn new(text: &str, distance: u8, prefix: bool) -> Result<Self, SearchError> {
        // The field does not matter for building the automaton.
        let term = Term::from_field_text(Field::from_field_id(0), text);
        let (dfa, lower) = if prefix {
            (FuzzyTermQuery::new_prefix(term, 0, true).automaton()?, text)
        } else {
            let first = text.chars().next().map_or(0, char::len_utf8);
            (
                FuzzyTermQuery::new(term, distance, true).automaton()?,
                &text[..first],
            )
        };
        let mut also = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        if !prefix && distance > 0 && chars.len() > 2 {
            let mut swapped = chars.clone();
            swapped.swap(0, 1);
            if swapped != chars {
                also.push(swapped.into_iter().collect());
            }
            also.push(chars[1..].iter().collect());
        }
        Ok(Expansion {
            dfa,
            lower: lower.as_bytes().to_vec(),
            upper: successor(lower.as_bytes()),
            also,
        })
    }
}

/// The smallest byte string after every string that starts with `prefix` (UTF-8 never holds
/// 0xFF, so the last byte can always be raised); empty `prefix`: no bound.
fn successor(prefix: &[u8]) -> Vec<u8> {
    let mut out = prefix.to_vec();
    match out.last_mut() {
        Some(last) if *last < 0xFF => *last += 1,
        _ => out = vec![0xFF; 4],
    }
    out
}

/// Typo and prefix expansions built once per search and form.
#[derive(Default)]
pub(super) struct DfaCache {
    map: HashMap<(String, bool), Expansion>,
}

impl DfaCache {
    fn get(&mut self, text: &str, prefix: bool) -> Result<&Expansion, SearchError> {
        let key = (text.to_string(), prefix);
        if !self.map.contains_key(&key) {
            self.map
                .insert(key.clone(), Expansion::new(text, 1, prefix)?);
        }
        Ok(&self.map[&key])
    }
}

fn term_query_freqs(term: Term) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(query: Box<dyn TQuery>, boost: f32) -> Box<dyn TQuery> {
    Box::new(BoostQuery::new(query, boost))
}
