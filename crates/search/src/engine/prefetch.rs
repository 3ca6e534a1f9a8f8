//! Touching ahead, for an index read lazily (see `lazy.rs`): before a query runs, it reads
//! what running it will read, so that one round of fetching brings many chunks, not one.
//!
//! A read of a missing chunk fails and records the chunk; the run then stops, and the caller
//! fetches everything recorded at once. Left alone, tantivy would stop at the first missing
//! read, so a cold query at 10k entries took ~30 rounds, one network round trip each. The
//! steps depend on each other (a document's norm is found from its postings, a hit's stored
//! fields once the hits are known), so a cold query takes a round per step:
//! 1. the term dictionary's blocks, read while building the query (usually none: hot);
//! 2. the postings of every term of the query, and their positions where a phrase reads them
//!    ([`Engine::touch_ahead`]);
//! 3. the field norms of the documents in them (same function, next round);
//! 4. the stored fields of the hits ([`Engine::touch_hits`]).
//!
//! A touch only reads; nothing it reads is kept apart from the chunks themselves, and what it
//! fails to foresee (a typo's automaton, say) is found missing by the run itself and fetched in
//! one more round. Over a whole bundle (`deskbook search`, `file://`) nothing is touched.

use tantivy::fieldnorm::LAZY_PAGE;
use tantivy::postings::TermInfo;
use tantivy::query::Query as TQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, TERMINATED, TantivyDocument, Term};

use super::Engine;
use crate::SearchError;

impl Engine {
    /// Whether this run has read a chunk not fetched yet (its answer will be thrown away).
    pub(super) fn missing_chunks(&self) -> bool {
        self.lazy
            .as_ref()
            .is_some_and(|source| source.has_missing())
    }

    /// The number of documents with `term`, for building a query. 0 while its block of the
    /// term dictionary is not fetched: the run goes on, so that its other lookups say what
    /// else to fetch in the same round, and its answer is thrown away.
    pub(super) fn doc_freq(&self, term: &Term) -> Result<u64, SearchError> {
        match self.searcher.doc_freq(term) {
            Ok(n) => Ok(n),
            Err(_) if self.missing_chunks() => Ok(0),
            Err(e) => Err(e.into()),
        }
    }

    /// Opens the inverted index of every indexed field: what any query on the field reads
    /// before its terms (the first bytes of the field's postings, its term dictionary's footer
    /// and block index). [`crate::split_bundle`] makes these reads hot: a query on a field that
    /// neither probe opened (at 100k entries, one language's headings) otherwise took one round
    /// to open it, one to look its terms up, and one for their postings.
    pub(crate) fn open_every_field(&self) {
        let schema = self.searcher.schema();
        for segment in self.searcher.segment_readers() {
            for (field, entry) in schema.fields() {
                if entry.is_indexed() {
                    let _ = segment.inverted_index(field);
                }
            }
        }
    }

    /// Reads the postings and the positions of every term whose list of either is longer than
    /// `min` bytes: where [`crate::split_bundle`] finds the long lists, to give each its own
    /// chunk files (a query reads a term's list whole).
    pub(crate) fn read_long_lists(&self, min: usize) {
        let schema = self.searcher.schema();
        for segment in self.searcher.segment_readers() {
            for (field, entry) in schema.fields() {
                let index = match segment.inverted_index(field) {
                    Ok(index) if entry.is_indexed() => index,
                    _ => continue,
                };
                let Ok(mut terms) = index.terms().stream() else {
                    continue;
                };
                while terms.advance() {
                    let info = terms.value();
                    if info.postings_range.len() > min {
                        let _ =
                            index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic);
                    }
                    if info.positions_range.len() > min {
                        let alone = TermInfo {
                            doc_freq: 0,
                            postings_range: 0..0,
                            positions_range: info.positions_range.clone(),
                        };
                        let option = IndexRecordOption::WithFreqsAndPositions;
                        let _ = index.read_postings_from_terminfo(&alone, option);
                    }
                }
            }
        }
    }

    /// Reads the postings of every term of `query`, then, if they were all here, the field
    /// norms of their documents. `true` when something was missing: the run should stop
    /// there, its answer would be thrown away.
    pub(super) fn touch_ahead(&self, query: &dyn TQuery) -> bool {
        let Some(source) = &self.lazy else {
            return false;
        };
        let mut terms: Vec<(Term, bool)> = Vec::new();
        query.query_terms(&mut |term, positions| terms.push((term.clone(), positions)));
        let mut postings = Vec::new();
        for segment in self.searcher.segment_readers() {
            for (term, positions) in &terms {
                let Ok(index) = segment.inverted_index(term.field()) else {
                    continue;
                };
                let Ok(Some(info)) = index.get_term_info(term) else {
                    continue;
                };
                let option = if *positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                };
                if *positions {
                    // The positions are read after the postings, not at all when these are
                    // missing: read them on their own (a list of no documents), in this round.
                    let alone = TermInfo {
                        doc_freq: 0,
                        postings_range: 0..0,
                        positions_range: info.positions_range.clone(),
                    };
                    let _ = index.read_postings_from_terminfo(&alone, option);
                }
                if let Ok(docs) = index.read_postings_from_terminfo(&info, option) {
                    postings.push((segment, term.field(), docs));
                }
            }
        }
        if source.has_missing() {
            return true;
        }
        // Only the text fields are scored by BM25: the others are filters and bonuses, whose
        // norms are never read (`lang:en` would fetch the norm pages of every English page).
        let scored: Vec<_> = self.fields.text.iter().flatten().copied().collect();
        for (segment, field, mut docs) in postings {
            if !scored.contains(&field) {
                continue;
            }
            let Ok(Some(norms)) = segment.fieldnorms_readers().get_field(field) else {
                continue;
            };
            // One document per page reads the page: the first of each page that has one.
            let mut doc = docs.doc();
            while doc != TERMINATED {
                norms.fieldnorm_id(doc);
                let next_page = (doc as usize / LAZY_PAGE + 1) * LAZY_PAGE;
                doc = match u32::try_from(next_page) {
                    Ok(next) if next > docs.doc() => docs.seek(next),
                    _ => TERMINATED,
                };
            }
        }
        source.has_missing()
    }

    /// Reads the stored fields of `hits`. `true` when something was missing (see
    /// [`Engine::touch_ahead`]).
    pub(super) fn touch_hits(&self, hits: &[(f32, DocAddress)]) -> bool {
        let Some(source) = &self.lazy else {
            return false;
        };
        for &(_, address) in hits {
            let _ = self.searcher.doc::<TantivyDocument>(address);
        }
        source.has_missing()
    }
}
