//! The values a filter can take (languages, categories, rights, tags), so that a caller can
//! tell a reader that a filter names nothing in the index (`deskbook search --lang xx`)
//! instead of answering "no entries found".

use std::collections::BTreeSet;

use tantivy::schema::Field;

use super::Engine;
use crate::{Fields, Query, SearchError};

/// A filter of [`crate::Query`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Lang,
    Category,
    Right,
    Tag,
}

impl Filter {
    pub const ALL: [Filter; 4] = [Filter::Lang, Filter::Category, Filter::Right, Filter::Tag];

    /// The value `query` filters by, if any (an empty value, e.g. an unset form field, filters
    /// nothing).
    pub fn of(self, query: &Query) -> Option<&str> {
        let value = match self {
            Filter::Lang => &query.lang,
            Filter::Category => &query.category,
            Filter::Right => &query.right,
            Filter::Tag => &query.tag,
        };
        value.as_deref().filter(|v| !v.is_empty())
    }

    /// The indexed field the filter matches.
    pub(crate) fn field(self, fields: &Fields) -> Field {
        match self {
            Filter::Lang => fields.lang,
            Filter::Category => fields.category,
            Filter::Right => fields.rights,
            Filter::Tag => fields.tags,
        }
    }
}

impl Engine {
    /// Every value of `filter` some document has, sorted. Reads the filter's whole term
    /// dictionary: for an engine over a whole bundle (a lazily opened one may lack its parts).
    pub fn filter_values(&self, filter: Filter) -> Result<Vec<String>, SearchError> {
        let field = filter.field(&self.fields);
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
