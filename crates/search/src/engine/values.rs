//! The values a filter can take (languages, categories, rights, tags), so that a caller can
//! tell a reader that a filter names nothing in the index (`deskbook search --lang xx`)
//! instead of answering "no entries found".

use std::collections::BTreeSet;

use super::Engine;
use crate::SearchError;

/// A filter of [`crate::Query`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Lang,
    Category,
    Right,
    Tag,
}

impl Engine {
    /// Every value of `filter` some document has, sorted. Reads the filter's whole term
    /// dictionary: for an engine over a whole bundle (a lazily opened one may lack its parts).
    pub fn filter_values(&self, filter: Filter) -> Result<Vec<String>, SearchError> {
        let field = match filter {
            Filter::Lang => self.fields.lang,
            Filter::Category => self.fields.category,
            Filter::Right => self.fields.rights,
            Filter::Tag => self.fields.tags,
        };
        let mut values = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| SearchError::new(format!("reading the search index: {e}")))?;
            while stream.advance() {
                if let Ok(value) = std::str::from_utf8(stream.key()) {
                    values.insert(value.to_string());
                }
            }
        }
        Ok(values.into_iter().collect())
    }
}
