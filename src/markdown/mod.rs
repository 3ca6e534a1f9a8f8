//! The Markdown stage: pulldown-cmark with GitHub's extensions, plus what a knowledge base needs.
//!
//! Every change to what the author wrote is made on pulldown-cmark's event stream, or on raw
//! HTML read by a tokenizer ([`raw`]), never by searching rendered HTML: a code sample is always
//! printed as written.
//! - Ids ([`ids`]): headings get an explicit `{#id}` (translations keep anchors that way) or a
//!   Unicode-aware slug (`## Przy ladzie` → `przy-ladzie`, `## 问候` → `问候`); explicit ids win,
//!   the theme's own ids are never reused, footnotes have their own namespace. Levels 2–3 form
//!   the table of contents. Heading classes and attributes (`{.c data-k=v}`) are kept.
//! - GitHub alerts (`> [!TIP]`) become labelled callouts; TIP is "Say this" and CAUTION is
//!   "Avoid this", the phrase convention of the starter content.
//! - Every link and image destination, Markdown or raw HTML, goes through a [`LinkResolver`],
//!   which rewrites `.md` links to output pages and reports broken ones; problems come back with
//!   their byte offset in the body. Email autolinks become `mailto:` links, and web addresses in
//!   running text become links as on GitHub (the `linkify` crate finds them).
//! - Where the HTML changes with the page showing it is recorded as it is written ([`Spots`]).
//!
//! Rendering is split in two passes over the same text: [`outline`] (headings and ids, needed
//! to build the site model and check anchors) and [`render`] (HTML, once the model exists).

mod callouts;
mod ids;
mod links;
mod outline;
mod raw;
pub mod spots;

pub use callouts::{Callout, CalloutKind};
pub use ids::slugify;
pub use outline::outline;
pub use spots::Spots;

use links::{autolinks, escape_attribute, escape_href, resolve, url_attribute};
use outline::{HtmlBlock, without_nul};

use callouts::Piece;
use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};
use serde::Serialize;
use spots::{PART, PART_END, SCOPE};
use std::collections::{HashMap, HashSet};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// What pass one learns about a body.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Every heading, in document order, with its final id.
    pub headings: Vec<Heading>,
    /// Every id the body puts on its page (headings, footnotes, raw HTML), for anchor checks:
    /// a body may hold thousands of links and of headings.
    ids: HashSet<String>,
    /// Explicit ids that clash: their offset in the body and the message.
    clashes: Vec<(usize, String)>,
}

impl Outline {
    pub fn has_anchor(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

/// Labels for callouts and wrappers, in the page's language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    pub table: String,
    pub task_done: String,
    pub task_todo: String,
    /// The title of a self-check question's callout.
    pub question: String,
    /// The summary of its hidden answer.
    pub show_answer: String,
}

pub enum LinkOutcome {
    /// Leave the destination as written (external links, mailto:, in-page anchors that exist).
    Keep,
    Rewrite(String),
    /// A broken link: the message, and the destination is left as written.
    Error(String),
    /// Rewritten, with a warning (e.g. the translation lacks the anchor).
    Warn(String, String),
}

pub trait LinkResolver {
    fn resolve(&mut self, dest: &str, is_image: bool) -> LinkOutcome;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub is_error: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Body as plain text, for search and summaries.
    pub text: String,
    pub problems: Vec<Problem>,
    /// Where `html` changes with the page showing it.
    pub spots: Spots,
    /// The phrases and questions, in the order they appear.
    pub callouts: Vec<Callout>,
}

/// Whether `end` closes an inline element (its text runs on), not a block.
fn ends_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn alert_class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "say",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "avoid",
    }
}

fn alert_label(kind: BlockQuoteKind, labels: &Labels) -> &str {
    match kind {
        BlockQuoteKind::Note => &labels.note,
        BlockQuoteKind::Tip => &labels.tip,
        BlockQuoteKind::Important => &labels.important,
        BlockQuoteKind::Warning => &labels.warning,
        BlockQuoteKind::Caution => &labels.caution,
    }
}

/// A heading being rendered: its open tag, buffered content and text.
struct OpenHeading<'a> {
    level: u8,
    id: String,
    tag: String,
    inner: Vec<Event<'a>>,
    text: String,
}

/// An image being rendered: its tag so far and its alt text (the text of everything inside).
struct OpenImage {
    tag: String,
    title: String,
    alt: String,
    depth: usize,
}

/// Pass two: HTML with ids, callouts and resolved links. `outline` is pass one of the same body.
pub fn render(
    body: &str,
    outline: &Outline,
    resolver: &mut dyn LinkResolver,
    labels: &Labels,
) -> Rendered {
    let (clean, nuls) = without_nul(body);
    let body: &str = &clean;
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut problems: Vec<Problem> = outline
        .clashes
        .iter()
        .map(|(offset, message)| Problem {
            offset: *offset,
            message: message.clone(),
            is_error: true,
        })
        .collect();
    let mut toc = Vec::new();
    let mut text = String::with_capacity(body.len());
    let mut headings = outline.headings.iter();
    let mut heading: Option<OpenHeading<'_>> = None;
    let mut image: Option<OpenImage> = None;
    let mut block: Option<HtmlBlock> = None;
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let (mut in_code_block, mut link_depth, mut raw_link_depth) = (false, 0, 0);
    let mut kinds = Vec::new();
    let events: Vec<_> =
        TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter()).collect();
    for piece in callouts::questions(events, body) {
        let (event, range) = match piece {
            Piece::Md(event, range) => (event, range),
            other => {
                let html = question_html(&other, labels, &mut kinds);
                sink(&mut heading, &mut out).push(Event::Html(html.into()));
                continue;
            }
        };
        match event {
            Event::Text(ref t) | Event::Code(ref t) => {
                text.push_str(t);
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if !text.ends_with([' ', '\n']) => text.push(' '),
            // A block ends a line of the text; an inline element (a link, emphasis…) does not:
            // "[the phone](phone.md)." stays "the phone." in search snippets.
            Event::End(ref end) if !ends_inline(end) && !text.ends_with([' ', '\n']) => {
                text.push('\n');
            }
            _ => {}
        }
        if let Event::End(ref end) = event
            && !ends_inline(end)
        {
            // A raw `<a>` left open stays inside its block.
            raw_link_depth = 0;
        }
        if let Some(img) = image.as_mut() {
            match event {
                Event::Start(_) => img.depth += 1,
                Event::End(_) if img.depth > 0 => img.depth -= 1,
                Event::End(_) => {
                    let img = image.take().expect("an open image");
                    let mut tag = img.tag;
                    tag.push_str(&escape_attribute(&img.alt));
                    if !img.title.is_empty() {
                        tag.push_str("\" title=\"");
                        tag.push_str(&escape_attribute(&img.title));
                    }
                    tag.push_str("\" />");
                    sink(&mut heading, &mut out).push(Event::Html(tag.into()));
                }
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => img.alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak | Event::Rule => img.alt.push(' '),
                Event::TaskListMarker(done) => img.alt.push_str(if done { "[x]" } else { "[ ]" }),
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let dest = if link_type == LinkType::Email {
                    CowStr::from(format!("mailto:{dest_url}"))
                } else {
                    dest_url
                };
                let dest = resolve(resolver, body, &range, dest, false, &mut problems);
                link_depth += 1;
                let mut tag = format!("<a {}", url_attribute("href", &dest, &escape_href));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape_attribute(&title)));
                }
                tag.push('>');
                Event::Html(tag.into())
            }
            Event::End(TagEnd::Link) => {
                link_depth -= 1;
                Event::Html("</a>".into())
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let dest = resolve(resolver, body, &range, dest_url, true, &mut problems);
                image = Some(OpenImage {
                    tag: format!("<img {} alt=\"", url_attribute("src", &dest, &escape_href)),
                    title: title.to_string(),
                    alt: String::new(),
                    depth: 0,
                });
                continue;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                Event::Html(alert_start(kind, labels, &mut kinds).into())
            }
            Event::End(TagEnd::BlockQuote(Some(kind))) => Event::Html(alert_end(kind).into()),
            // A disabled checkbox would be an unlabelled form control; a task list is a picture
            // of a checklist, so its marker is an image with a name.
            Event::TaskListMarker(done) => Event::Html(CowStr::from(format!(
                "<span class=\"task-box\" role=\"img\" aria-label=\"{}\">{}</span>",
                escape(if done {
                    &labels.task_done
                } else {
                    &labels.task_todo
                }),
                if done { "☑" } else { "☐" }
            ))),
            Event::Start(Tag::Table(alignments)) => {
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                    escape(&labels.table)
                ))));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed("</div>\n"))
            }
            Event::FootnoteReference(name) => {
                let number = footnote_number(&mut footnotes, &name);
                Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{SCOPE}{}\">{number}</a></sup>",
                    escape(&ids::footnote_id(&name))
                )))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let number = footnote_number(&mut footnotes, &name);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{SCOPE}{}\"><sup class=\"footnote-definition-label\">{number}</sup>",
                    escape(&ids::footnote_id(&name))
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
            Event::Start(Tag::HtmlBlock) => {
                block = Some(HtmlBlock::default());
                continue;
            }
            Event::Html(t) if block.is_some() => {
                if let Some(b) = block.as_mut() {
                    b.push(&t, range.start);
                }
                continue;
            }
            Event::Html(t) => {
                let offset_of = |at| range.start + at;
                Event::Html(
                    raw::rewrite(&t, &offset_of, resolver, &mut problems)
                        .html
                        .into(),
                )
            }
            Event::End(TagEnd::HtmlBlock) => {
                let Some(b) = block.take() else { continue };
                let offset_of = |at| b.offset_of(at);
                let rewritten = raw::rewrite(&b.html, &offset_of, resolver, &mut problems);
                Event::Html(rewritten.html.into())
            }
            Event::InlineHtml(t) => {
                let offset_of = |at| range.start + at;
                let rewritten = raw::rewrite(&t, &offset_of, resolver, &mut problems);
                raw_link_depth += rewritten.link_depth;
                Event::InlineHtml(rewritten.html.into())
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(t) if !in_code_block && link_depth == 0 && raw_link_depth <= 0 => {
                autolinks(t, sink(&mut heading, &mut out));
                continue;
            }
            other => other,
        };
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let level = level as u8;
                let id = headings
                    .next()
                    .map_or_else(|| "section".to_string(), |h| h.id.clone());
                let mut tag = format!("<h{level} id=\"{SCOPE}{}\"", escape(&id));
                if !classes.is_empty() {
                    tag.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
                }
                for (name, value) in attrs {
                    if !is_attribute_name(&name) || matches!(&*name, "id" | "class") {
                        continue;
                    }
                    if name.len() > 2 && name.to_ascii_lowercase().starts_with("on") {
                        problems.push(Problem {
                            offset: range.start,
                            message: format!(
                                "an event handler attribute `{name}` on a heading {}",
                                raw::SCRIPT_ADVICE
                            ),
                            is_error: false,
                        });
                        continue;
                    }
                    tag.push(' ');
                    tag.push_str(&name);
                    if let Some(value) = value {
                        tag.push_str(&format!("=\"{}\"", escape(&value)));
                    }
                }
                tag.push('>');
                heading = Some(OpenHeading {
                    level,
                    id,
                    tag,
                    inner: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    out.push(Event::Html(h.tag.into()));
                    out.extend(h.inner);
                    out.push(Event::Html(CowStr::from(format!("</h{}>\n", h.level))));
                    if (2..=3).contains(&h.level) {
                        toc.push(Heading {
                            level: h.level,
                            id: h.id,
                            text: h.text.trim().to_string(),
                        });
                    }
                }
            }
            event => sink(&mut heading, &mut out).push(event),
        }
    }
    let mut marked = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut marked, out.into_iter());
    let (html, spots) = spots::strip(&marked);
    for p in &mut problems {
        p.offset -= 2 * nuls.partition_point(|&at| at < p.offset);
    }
    problems.sort_by_key(|p| p.offset);
    let callouts = callouts::collect(&html, &kinds, spots.parts());
    Rendered {
        html,
        toc,
        text,
        problems,
        spots,
        callouts,
    }
}

/// The opening of an alert's callout; phrases (noted in `kinds`) are marked for the pages that
/// collect them, the callout and, from the end of its title, what the author wrote.
fn alert_start(kind: BlockQuoteKind, labels: &Labels, kinds: &mut Vec<CalloutKind>) -> String {
    let collected = CalloutKind::of_alert(kind);
    kinds.extend(collected);
    let part = if collected.is_some() { PART } else { "" };
    format!(
        "{part}<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title\">{}</p>{part}\n",
        alert_class(kind),
        escape(alert_label(kind, labels))
    )
}

fn alert_end(kind: BlockQuoteKind) -> String {
    if CalloutKind::of_alert(kind).is_some() {
        format!("{PART_END}</div>{PART_END}\n")
    } else {
        "</div>\n".to_string()
    }
}

/// The HTML of a place in a self-check question: its callout opens (noted in `kinds`), its
/// answer starts, or it ends.
fn question_html(piece: &Piece<'_>, labels: &Labels, kinds: &mut Vec<CalloutKind>) -> String {
    match piece {
        Piece::QuestionStart => {
            kinds.push(CalloutKind::Question);
            format!(
                "{PART}<div class=\"callout callout-question\" role=\"note\">\n<p class=\"callout-title\">{}</p>\n",
                escape(&labels.question)
            )
        }
        Piece::Answer => format!(
            "<details class=\"answer\">\n<summary>{}</summary>\n",
            escape(&labels.show_answer)
        ),
        Piece::QuestionEnd { answered: true } => format!("</details>\n</div>{PART_END}\n"),
        Piece::QuestionEnd { answered: false } => format!("</div>{PART_END}\n"),
        Piece::Md(..) => String::new(),
    }
}

/// Where an event goes: into the open heading, or the body.
fn sink<'s, 'a>(
    heading: &'s mut Option<OpenHeading<'a>>,
    out: &'s mut Vec<Event<'a>>,
) -> &'s mut Vec<Event<'a>> {
    match heading {
        Some(h) => &mut h.inner,
        None => out,
    }
}

/// A footnote's number: the order in which footnotes are first mentioned.
fn footnote_number(numbers: &mut HashMap<String, usize>, name: &str) -> usize {
    let next = numbers.len() + 1;
    *numbers.entry(name.to_lowercase()).or_insert(next)
}

/// Whether `name` may be written as an attribute name as is.
fn is_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
