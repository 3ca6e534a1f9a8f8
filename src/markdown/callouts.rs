//! Callouts (GitHub alerts) as a reader sees them: consecutive callouts of one kind are one
//! box under one label ("Say this" once, then each phrase), and a callout right under a heading
//! that already names its kind keeps its label for screen readers only.
//!
//! Works on the event stream as [`super::render`] writes it: a callout's opening and closing
//! `Html` events, and where headings end.

use super::{Labels, escape};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event};

/// The closing event of every callout.
const CLOSE: &str = "</div>\n";

/// What the callouts of one body need to know about what came just before them.
#[derive(Default)]
pub(super) struct Callouts {
    /// The kind of the callout that ended last, and the length of the output right after it.
    closed: Option<(BlockQuoteKind, usize)>,
    /// The last heading's text and id, and the length of the output right after it.
    heading: Option<(String, String, usize)>,
}

impl Callouts {
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

    /// The closing event of a callout.
    pub(super) fn close() -> Event<'static> {
        Event::Html(CowStr::Borrowed(CLOSE))
    }

    /// The event that opens a callout of `kind`: a new box, or, right after a box of the same
    /// kind, a divider inside that box (whose closing event is taken back out of `out`).
    pub(super) fn open<'a>(
        &self,
        kind: BlockQuoteKind,
        labels: &Labels,
        out: &mut Vec<Event<'a>>,
    ) -> Event<'a> {
        if self.closed == Some((kind, out.len()))
            && matches!(out.last(), Some(Event::Html(h)) if &**h == CLOSE)
        {
            out.pop();
            return Event::Html(CowStr::Borrowed(
                "<hr class=\"callout-divider\" aria-hidden=\"true\">\n",
            ));
        }
        let label = label(kind, labels);
        let named_by_heading = self.heading.as_ref().is_some_and(|(text, id, at)| {
            *at == out.len() && (same_words(text, label) || id == convention_id(kind))
        });
        Event::Html(CowStr::from(format!(
            "<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title{}\">{}</p>\n",
            class(kind),
            if named_by_heading {
                " visually-hidden"
            } else {
                ""
            },
            escape(label)
        )))
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

pub(super) fn class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "say",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "avoid",
    }
}

fn label(kind: BlockQuoteKind, labels: &Labels) -> &str {
    match kind {
        BlockQuoteKind::Note => &labels.note,
        BlockQuoteKind::Tip => &labels.tip,
        BlockQuoteKind::Important => &labels.important,
        BlockQuoteKind::Warning => &labels.warning,
        BlockQuoteKind::Caution => &labels.caution,
    }
}
