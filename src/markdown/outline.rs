//! Pass one over a body: its headings and every id it puts on its page, decided before any
//! link is resolved (a link to `other.md#x` asks the other body's outline).

use super::callouts::{Piece, questions};
use super::{Heading, Outline, ids, options, raw};
use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeWithOffset};
use std::borrow::Cow;

/// The body with each U+0000 replaced by U+FFFD, as CommonMark asks (the spot marks use it),
/// and where the replacements stand, to give problems their offsets in the body as written.
pub(super) fn without_nul(body: &str) -> (Cow<'_, str>, Vec<usize>) {
    if !body.contains('\0') {
        return (Cow::Borrowed(body), Vec::new());
    }
    let mut at = Vec::new();
    let mut clean = String::with_capacity(body.len() + 8);
    for c in body.chars() {
        if c == '\0' {
            at.push(clean.len());
            clean.push('\u{FFFD}');
        } else {
            clean.push(c);
        }
    }
    (Cow::Owned(clean), at)
}

/// The lines of one HTML block, joined, and where each came from in the body.
#[derive(Default)]
pub(super) struct HtmlBlock {
    pub(super) html: String,
    /// (start in `html`, start in the body) of each line.
    pieces: Vec<(usize, usize)>,
}

impl HtmlBlock {
    pub(super) fn push(&mut self, text: &str, body_start: usize) {
        self.pieces.push((self.html.len(), body_start));
        self.html.push_str(text);
    }

    pub(super) fn offset_of(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(start, _)| start <= at);
        self.pieces
            .get(i.saturating_sub(1))
            .map_or(at, |&(start, body_start)| body_start + at - start)
    }
}

/// Pass one: the headings (with their final ids) and every other id of a body.
pub fn outline(body: &str) -> Outline {
    let (body, _) = without_nul(body);
    let mut texts: Vec<String> = Vec::new();
    let mut levels = Vec::new();
    let mut explicit = Vec::new();
    let mut footnotes = Vec::new();
    let mut current: Option<String> = None;
    let mut block: Option<HtmlBlock> = None;
    let events: Vec<_> =
        TextMergeWithOffset::new(Parser::new_ext(&body, options()).into_offset_iter()).collect();
    // Questions turn headings underlined by their `---` back into text: both passes must agree.
    for piece in questions(events, &body) {
        let Piece::Md(event, range) = piece else {
            continue;
        };
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if let Some(id) = id {
                    let written = body[range.clone()].rfind(&format!("#{id}"));
                    explicit.push(ids::Explicit {
                        offset: written.map_or(range.start, |i| range.start + i),
                        id: id.to_string(),
                        heading: Some(texts.len()),
                    });
                }
                levels.push(level as u8);
                current = Some(String::new());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(text) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => texts.push(current.take().unwrap_or_default()),
            Event::FootnoteReference(name) | Event::Start(Tag::FootnoteDefinition(name)) => {
                footnotes.push(name.to_string());
            }
            Event::Start(Tag::HtmlBlock) => block = Some(HtmlBlock::default()),
            Event::Html(t) => block
                .get_or_insert_with(HtmlBlock::default)
                .push(&t, range.start),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(b) = block.take() {
                    for (id, at) in raw::ids(&b.html) {
                        let offset = b.offset_of(at);
                        explicit.push(ids::Explicit {
                            id,
                            offset,
                            heading: None,
                        });
                    }
                }
            }
            Event::InlineHtml(t) => {
                for (id, at) in raw::ids(&t) {
                    explicit.push(ids::Explicit {
                        id,
                        offset: range.start + at,
                        heading: None,
                    });
                }
            }
            _ => {}
        }
    }
    let assigned = ids::assign(&texts, &explicit, &footnotes);
    let headings = assigned
        .headings
        .into_iter()
        .zip(texts)
        .zip(levels)
        .map(|((id, text), level)| Heading {
            level,
            id,
            text: text.trim().to_string(),
        })
        .collect();
    Outline {
        headings,
        ids: assigned.all,
        clashes: assigned.clashes,
    }
}
