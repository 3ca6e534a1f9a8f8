//! Callouts (GitHub alerts) as a reader sees them: consecutive callouts of one kind are one
//! box under one label ("Say this" once, then each phrase), and a callout right under a heading
//! that already names its kind keeps its label for screen readers only.
//!
//! Works on the event stream as pass two ([`super::html`]) writes it: a callout's opening and
//! closing `Html` events, and where headings end. Each phrase of a shared box is still a phrase
//! of its own for the pages that collect them ([`super::callouts`]).

use pulldown_cmark::{BlockQuoteKind, Event};

/// What the callouts of one body need to know about what came just before them.
#[derive(Default)]
pub(super) struct Grouping {
    /// The kind of the callout that ended last, and the length of the output right after it.
    closed: Option<(BlockQuoteKind, usize)>,
    /// The last heading's text and id, and the length of the output right after it.
    heading: Option<(String, String, usize)>,
}

impl Grouping {
    /// A heading ended; `out_len` is the output's length after it.
    pub(super) fn heading(&mut self, text: &str, id: &str, out_len: usize) {
        self.heading = Some((text.to_string(), id.to_string(), out_len));
    }

    /// The id of the last heading so far (a table's region is named after its section).
    pub(super) fn last_heading_id(&self) -> Option<&str> {
        self.heading.as_ref().map(|(_, id, _)| id.as_str())
    }

    /// A callout ended; `out_len` is the output's length once its closing event is written.
    pub(super) fn closed(&mut self, kind: BlockQuoteKind, out_len: usize) {
        self.closed = Some((kind, out_len));
    }

    /// Whether a callout of `kind` opening now continues the box that just closed: the last
    /// event of `out` is that box's closing event, `close`.
    pub(super) fn continues(&self, kind: BlockQuoteKind, out: &[Event<'_>], close: &str) -> bool {
        self.closed == Some((kind, out.len()))
            && matches!(out.last(), Some(Event::Html(h)) if &**h == close)
    }

    /// Whether the heading right before a callout of `kind` (at output length `out_len`)
    /// already says what its label (`label`) would.
    pub(super) fn named_by_heading(
        &self,
        kind: BlockQuoteKind,
        label: &str,
        out_len: usize,
    ) -> bool {
        self.heading.as_ref().is_some_and(|(text, id, at)| {
            *at == out_len && (same_words(text, label) || id == convention_id(kind))
        })
    }
}

/// The heading id the starter content gives its phrase sections (`## Mów tak {#say-this}`), so
/// that a translated heading worded differently from the label still counts.
fn convention_id(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Tip => "say-this",
        BlockQuoteKind::Caution => "avoid-this",
        _ => "\0",
    }
}

fn same_words(heading: &str, label: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches([':', '：']).trim().to_lowercase();
    !label.trim().is_empty() && norm(heading) == norm(label)
}
