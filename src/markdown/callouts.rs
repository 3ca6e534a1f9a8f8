//! Self-check questions and the callouts other pages collect.
//!
//! pulldown-cmark knows GitHub's five alert kinds; `> [!QUESTION]` is none of them, so it reaches
//! us as a plain block quote whose first text is `[!QUESTION]`. [`questions`] recognises that on
//! the event stream (never on HTML) and turns it into [`Piece`]s: the question's start, the
//! separator before its answer (a line `> ---`) and its end. A `---` right under a line of text
//! is, in Markdown, the underline of a heading; inside a question the trainer meant the
//! separator, so such a heading becomes the paragraph it was written as. Both passes (the outline
//! and the HTML) read the same pieces, so heading ids agree between them.
//!
//! The answer is rendered as `<details>`/`<summary>`: hidden until asked for, keyboard- and
//! screen-reader-accessible, and working without JavaScript. "Say this" (TIP), "Avoid this"
//! (CAUTION) and questions are also marked in the HTML as it is written ([`super::spots`]), so
//! the phrase sheets and "test yourself" pages can show them without parsing HTML again.

use pulldown_cmark::{BlockQuoteKind, Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

/// The marker that opens a self-check question, as GitHub writes alert markers.
const MARKER: &str = "[!QUESTION]";

/// An event of the body, or a place in a question.
#[derive(Debug)]
pub(super) enum Piece<'a> {
    Md(Event<'a>, Range<usize>),
    QuestionStart,
    /// The separator: what follows is the answer.
    Answer,
    QuestionEnd {
        answered: bool,
    },
}

/// What a callout is, for the pages that collect them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalloutKind {
    /// `> [!TIP]`: "Say this".
    Say,
    /// `> [!CAUTION]`: "Avoid this".
    Avoid,
    /// `> [!QUESTION]`: a self-check question.
    Question,
}

impl CalloutKind {
    /// The kind of a GitHub alert worth collecting.
    pub(super) fn of_alert(kind: BlockQuoteKind) -> Option<CalloutKind> {
        match kind {
            BlockQuoteKind::Tip => Some(CalloutKind::Say),
            BlockQuoteKind::Caution => Some(CalloutKind::Avoid),
            _ => None,
        }
    }

    /// How many marked parts of the HTML it has: the whole callout, and (phrases) its content
    /// without the title.
    pub(super) fn parts(self) -> usize {
        match self {
            CalloutKind::Question => 1,
            _ => 2,
        }
    }
}

/// A callout in a rendered body, by byte ranges of its HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    pub kind: CalloutKind,
    /// The whole callout.
    pub block: Range<usize>,
    /// What the author wrote in it, without its title (a question: the whole callout).
    pub content: Range<usize>,
}

/// Pairs the callouts' kinds (in the order they opened) with the parts [`super::spots::strip`]
/// found (in the same order); `html` is the body they are in.
pub(super) fn collect(html: &str, kinds: &[CalloutKind], parts: &[Range<usize>]) -> Vec<Callout> {
    let mut parts = parts.iter();
    let mut out = Vec::with_capacity(kinds.len());
    for &kind in kinds {
        let block = parts.next().cloned().unwrap_or_default();
        let content = if kind.parts() == 2 {
            // The part starts where the title's line ends.
            let part = parts.next().cloned().unwrap_or_default();
            let text = html.get(part.clone()).unwrap_or("");
            part.start + (text.len() - text.trim_start().len())..part.end
        } else {
            block.clone()
        };
        out.push(Callout {
            kind,
            block,
            content,
        });
    }
    out
}

/// Whether the events from `at` open a question: a paragraph (or a heading underlined by
/// `---`) whose text starts with the marker.
fn opens_question(events: &[(Event<'_>, Range<usize>)], at: usize, body: &str) -> bool {
    let first_block = match events.get(at) {
        Some((Event::Start(Tag::Paragraph), _)) => true,
        Some((Event::Start(Tag::Heading { .. }), range)) => is_underlined(body, range),
        _ => false,
    };
    first_block
        && matches!(events.get(at + 1), Some((Event::Text(t), _))
            if t.get(..MARKER.len()).is_some_and(|m| m.eq_ignore_ascii_case(MARKER)))
}

/// Whether a heading was written as text underlined with `---` (a setext heading).
fn is_underlined(body: &str, range: &Range<usize>) -> bool {
    body.get(range.clone())
        .and_then(|s| s.trim_end().lines().last())
        .is_some_and(|line| {
            let line = line.trim_start().trim_start_matches('>').trim();
            !line.is_empty() && line.bytes().all(|b| b == b'-')
        })
}

/// An open block quote: a plain one, or a question with how deep we are inside it.
struct Open {
    question: bool,
    depth: usize,
    answered: bool,
    /// The `---`-underlined heading being turned back into a paragraph is open.
    unheading: bool,
}

/// The body's events, with questions recognised. `events` must have merged texts.
pub(super) fn questions<'a>(events: Vec<(Event<'a>, Range<usize>)>, body: &str) -> Vec<Piece<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut stack: Vec<Open> = Vec::new();
    let mut skip = 0;
    for i in 0..events.len() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let (event, range) = &events[i];
        let top = stack.last_mut().filter(|o| o.question);
        match event {
            Event::Start(Tag::BlockQuote(None)) => {
                if let Some(o) = stack.last_mut() {
                    o.depth += 1;
                }
                let question = opens_question(&events, i + 1, body);
                stack.push(Open {
                    question,
                    depth: 0,
                    answered: false,
                    unheading: false,
                });
                if !question {
                    out.push(Piece::Md(event.clone(), range.clone()));
                    continue;
                }
                out.push(Piece::QuestionStart);
                skip = open_question(&events, i + 1, &mut out, &mut stack);
            }
            Event::End(TagEnd::BlockQuote(None)) => {
                let closed = stack.pop();
                if let Some(o) = stack.last_mut() {
                    o.depth = o.depth.saturating_sub(1);
                }
                match closed {
                    Some(o) if o.question => out.push(Piece::QuestionEnd {
                        answered: o.answered,
                    }),
                    _ => out.push(Piece::Md(event.clone(), range.clone())),
                }
            }
            Event::Rule if top.as_ref().is_some_and(|o| o.depth == 0 && !o.answered) => {
                if let Some(o) = top {
                    o.answered = true;
                }
                out.push(Piece::Answer);
            }
            Event::Start(Tag::Heading { level, .. })
                if *level == HeadingLevel::H2
                    && is_underlined(body, range)
                    && top.as_ref().is_some_and(|o| o.depth == 0 && !o.answered) =>
            {
                if let Some(o) = top {
                    o.depth += 1;
                    o.unheading = true;
                }
                out.push(Piece::Md(Event::Start(Tag::Paragraph), range.clone()));
            }
            Event::End(TagEnd::Heading(_))
                if top.as_ref().is_some_and(|o| o.depth == 1 && o.unheading) =>
            {
                if let Some(o) = top {
                    o.depth = 0;
                    o.unheading = false;
                    o.answered = true;
                }
                out.push(Piece::Md(Event::End(TagEnd::Paragraph), range.clone()));
                out.push(Piece::Answer);
            }
            _ => {
                if let Some(o) = stack.last_mut() {
                    match event {
                        Event::Start(_) => o.depth += 1,
                        Event::End(_) => o.depth = o.depth.saturating_sub(1),
                        _ => {}
                    }
                }
                out.push(Piece::Md(event.clone(), range.clone()));
            }
        }
    }
    out
}

/// Writes the start of a question's first block without its marker; returns how many events
/// after `at - 1` it consumed.
fn open_question<'a>(
    events: &[(Event<'a>, Range<usize>)],
    at: usize,
    out: &mut Vec<Piece<'a>>,
    stack: &mut [Open],
) -> usize {
    let (first, first_range) = &events[at];
    let (Event::Text(text), text_range) = &events[at + 1] else {
        return 0;
    };
    let rest = text[MARKER.len()..].trim_start();
    let next = events.get(at + 2).map(|(e, _)| e);
    let underlined = matches!(first, Event::Start(Tag::Heading { .. }));
    let Some(open) = stack.last_mut() else {
        return 0;
    };
    if rest.is_empty() && matches!(next, Some(Event::End(_))) {
        // The marker alone in its block: the block goes with it.
        if underlined {
            open.answered = true;
            out.push(Piece::Answer);
        }
        return 3;
    }
    out.push(Piece::Md(Event::Start(Tag::Paragraph), first_range.clone()));
    open.depth = 1;
    open.unheading = underlined;
    if !rest.is_empty() {
        let start = text_range.end - rest.len();
        out.push(Piece::Md(
            Event::Text(rest.to_string().into()),
            start..text_range.end,
        ));
    }
    let skip_break = rest.is_empty() && matches!(next, Some(Event::SoftBreak | Event::HardBreak));
    2 + usize::from(skip_break)
}
