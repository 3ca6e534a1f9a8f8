//! Pass two: HTML with ids, callouts and resolved links, once the site model exists.
//!
//! One [`Pass`] walks pulldown-cmark's events once and keeps what the walk needs to remember
//! between events: the open heading (its content is buffered, as its id and the table of
//! contents need its text), the open image (its alt text is the text of everything inside),
//! the raw HTML block being gathered, and how deep the walk is inside links (no autolinks in a
//! link). Each kind of event has its own method; [`render`] is the loop that sequences them.

use super::callouts::{self, CalloutKind, Piece};
use super::grouping::Grouping;
use super::links::{autolinks, escape_attribute, escape_href, resolve, url_attribute};
use super::outline::{HtmlBlock, without_nul};
use super::spots::{self, PART, PART_END, SCOPE};
use super::{
    Heading, Labels, LinkResolver, Outline, Packed, Problem, Rendered, escape, ids, options, raw,
};
use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, TextMergeWithOffset,
};
use std::collections::HashMap;
use std::ops::Range;

/// Pass two: HTML with ids, callouts and resolved links. `outline` is pass one of the same body.
pub fn render(
    body: &str,
    outline: &Outline,
    resolver: &mut dyn LinkResolver,
    labels: &Labels,
) -> Rendered {
    let (clean, nuls) = without_nul(body);
    let body: &str = &clean;
    let mut pass = Pass::new(body, outline, resolver, labels);
    let events: Vec<_> =
        TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter()).collect();
    for piece in callouts::questions(events, body) {
        let (event, range) = match piece {
            Piece::Md(event, range) => (event, range),
            other => {
                let html = question_html(&other, labels, &mut pass.kinds);
                pass.sink().push(Event::Html(html.into()));
                continue;
            }
        };
        pass.note_text(&event);
        if pass.image.is_some() {
            pass.inside_image(event);
            continue;
        }
        if let Some(event) = pass.translate(event, &range) {
            pass.place(event, &range);
        }
    }
    pass.finish(&nuls)
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

/// The state of one walk over a body's events.
struct Pass<'a, 'o, 'r> {
    body: &'a str,
    resolver: &'r mut dyn LinkResolver,
    labels: &'r Labels,
    out: Vec<Event<'a>>,
    problems: Vec<Problem>,
    toc: Vec<Heading>,
    /// The body as plain text, for search and summaries.
    text: String,
    /// Pass one's headings, whose ids are given out in document order.
    headings: std::slice::Iter<'o, Heading>,
    heading: Option<OpenHeading<'a>>,
    image: Option<OpenImage>,
    block: Option<HtmlBlock>,
    footnotes: HashMap<String, usize>,
    in_code_block: bool,
    link_depth: i32,
    raw_link_depth: i32,
    /// The kinds of the callouts collected so far (phrases, questions), in order.
    kinds: Vec<CalloutKind>,
    /// What decides whether a callout shares the box before it, or hides its label.
    grouping: Grouping,
}

impl<'a, 'o, 'r> Pass<'a, 'o, 'r> {
    fn new(
        body: &'a str,
        outline: &'o Outline,
        resolver: &'r mut dyn LinkResolver,
        labels: &'r Labels,
    ) -> Self {
        let problems = outline
            .clashes
            .iter()
            .map(|(offset, message)| Problem {
                offset: *offset,
                message: message.clone(),
                is_error: true,
            })
            .collect();
        Pass {
            body,
            resolver,
            labels,
            out: Vec::new(),
            problems,
            toc: Vec::new(),
            text: String::with_capacity(body.len()),
            headings: outline.headings.iter(),
            heading: None,
            image: None,
            block: None,
            footnotes: HashMap::new(),
            in_code_block: false,
            link_depth: 0,
            raw_link_depth: 0,
            kinds: Vec::new(),
            grouping: Grouping::default(),
        }
    }

    /// Adds what `event` says to the plain text (and to the open heading's text).
    fn note_text(&mut self, event: &Event<'a>) {
        let text = &mut self.text;
        match event {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if !text.ends_with([' ', '\n']) => text.push(' '),
            // A block ends a line of the text; an inline element (a link, emphasis…) does not:
            // "[the phone](phone.md)." stays "the phone." in search snippets.
            Event::End(end) if !ends_inline(end) && !text.ends_with([' ', '\n']) => {
                text.push('\n');
            }
            _ => {}
        }
        if let Event::End(end) = event
            && !ends_inline(end)
        {
            // A raw `<a>` left open stays inside its block.
            self.raw_link_depth = 0;
        }
    }

    /// An event inside an image: part of its alt text, or the image's end.
    fn inside_image(&mut self, event: Event<'a>) {
        let Some(img) = self.image.as_mut() else {
            return;
        };
        match event {
            Event::Start(_) => img.depth += 1,
            Event::End(_) if img.depth > 0 => img.depth -= 1,
            Event::End(_) => {
                let img = self.image.take().expect("an open image");
                let mut tag = img.tag;
                tag.push_str(&escape_attribute(&img.alt));
                if !img.title.is_empty() {
                    tag.push_str("\" title=\"");
                    tag.push_str(&escape_attribute(&img.title));
                }
                tag.push_str("\" />");
                self.sink().push(Event::Html(tag.into()));
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => img.alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => img.alt.push(' '),
            Event::TaskListMarker(done) => img.alt.push_str(if done { "[x]" } else { "[ ]" }),
            _ => {}
        }
    }

    /// The event to write for `event`, or `None` when it was handled (or is being gathered).
    fn translate(&mut self, event: Event<'a>, range: &Range<usize>) -> Option<Event<'a>> {
        let labels = self.labels;
        Some(match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Link) => {
                return self.link(event, range);
            }
            Event::Start(Tag::HtmlBlock)
            | Event::End(TagEnd::HtmlBlock)
            | Event::Html(_)
            | Event::InlineHtml(_) => return self.raw_html(event, range),
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(self.open_alert(kind).into()),
            Event::End(TagEnd::BlockQuote(Some(kind))) => {
                self.grouping.closed(kind, self.out.len() + 1);
                Event::Html(alert_end(kind).into())
            }
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
                // A page may show several tables (a handout shows several bodies): each
                // scrollable region is named after its section, so no two regions share a name.
                let name = match self.grouping.last_heading_id() {
                    Some(id) => format!("aria-labelledby=\"{SCOPE}{}\"", escape(id)),
                    None => format!("aria-label=\"{}\"", escape(&labels.table)),
                };
                self.out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" {name}>\n"
                ))));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                self.out.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed("</div>\n"))
            }
            Event::FootnoteReference(name) => {
                let number = footnote_number(&mut self.footnotes, &name);
                Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{SCOPE}{}\">{number}</a></sup>",
                    escape(&ids::footnote_id(&name))
                )))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let number = footnote_number(&mut self.footnotes, &name);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{SCOPE}{}\"><sup class=\"footnote-definition-label\">{number}</sup>",
                    escape(&ids::footnote_id(&name))
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(t)
                if !self.in_code_block && self.link_depth == 0 && self.raw_link_depth <= 0 =>
            {
                autolinks(t, self.sink());
                return None;
            }
            other => other,
        })
    }

    /// The opening of an alert's callout: a new box, or, right after a box of the same kind, a
    /// divider inside that box (whose closing event is taken back out). Phrases are marked as
    /// parts either way, so the pages that collect them see each phrase on its own.
    fn open_alert(&mut self, kind: BlockQuoteKind) -> String {
        let collected = CalloutKind::of_alert(kind);
        if self.grouping.continues(kind, &self.out, &alert_end(kind)) {
            self.out.pop();
            self.kinds.extend(collected);
            let (end, part) = match collected {
                Some(_) => (format!("{PART_END}{PART_END}"), PART),
                None => (String::new(), ""),
            };
            return format!(
                "{end}{part}<hr class=\"callout-divider\" aria-hidden=\"true\">{part}\n"
            );
        }
        let label = alert_label(kind, self.labels);
        let hidden = self.grouping.named_by_heading(kind, label, self.out.len());
        alert_start(kind, self.labels, &mut self.kinds, hidden)
    }

    /// A link's start or end, or an image's start: destinations go through the resolver.
    fn link(&mut self, event: Event<'a>, range: &Range<usize>) -> Option<Event<'a>> {
        match event {
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
                let dest = self.resolve(range, dest, false);
                self.link_depth += 1;
                let mut tag = format!("<a {}", url_attribute("href", &dest, &escape_href));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape_attribute(&title)));
                }
                tag.push('>');
                Some(Event::Html(tag.into()))
            }
            Event::End(TagEnd::Link) => {
                self.link_depth -= 1;
                Some(Event::Html("</a>".into()))
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let dest = self.resolve(range, dest_url, true);
                self.image = Some(OpenImage {
                    tag: format!("<img {} alt=\"", url_attribute("src", &dest, &escape_href)),
                    title: title.to_string(),
                    alt: String::new(),
                    depth: 0,
                });
                None
            }
            other => Some(other),
        }
    }

    fn resolve(&mut self, range: &Range<usize>, dest: CowStr<'a>, image: bool) -> CowStr<'a> {
        resolve(
            self.resolver,
            self.body,
            range,
            dest,
            image,
            &mut self.problems,
        )
    }

    /// Raw HTML, inline or a block (gathered whole, then read by the tokenizer in [`raw`]).
    fn raw_html(&mut self, event: Event<'a>, range: &Range<usize>) -> Option<Event<'a>> {
        let (resolver, problems) = (&mut *self.resolver, &mut self.problems);
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.block = Some(HtmlBlock::default());
                None
            }
            Event::Html(t) if self.block.is_some() => {
                if let Some(b) = self.block.as_mut() {
                    b.push(&t, range.start);
                }
                None
            }
            Event::Html(t) => {
                let offset_of = |at| range.start + at;
                let rewritten = raw::rewrite(&t, &offset_of, resolver, problems);
                Some(Event::Html(rewritten.html.into()))
            }
            Event::End(TagEnd::HtmlBlock) => {
                let b = self.block.take()?;
                let offset_of = |at| b.offset_of(at);
                let rewritten = raw::rewrite(&b.html, &offset_of, resolver, problems);
                Some(Event::Html(rewritten.html.into()))
            }
            Event::InlineHtml(t) => {
                let offset_of = |at| range.start + at;
                let rewritten = raw::rewrite(&t, &offset_of, resolver, problems);
                self.raw_link_depth += rewritten.link_depth;
                Some(Event::InlineHtml(rewritten.html.into()))
            }
            other => Some(other),
        }
    }

    /// Writes `event` where it goes: headings open and close here, the rest goes to the sink.
    fn place(&mut self, event: Event<'a>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => self.open_heading(level, &classes, attrs, range),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    self.out.push(Event::Html(h.tag.into()));
                    self.out.extend(h.inner);
                    self.out
                        .push(Event::Html(CowStr::from(format!("</h{}>\n", h.level))));
                    self.grouping.heading(&h.text, &h.id, self.out.len());
                    if (2..=3).contains(&h.level) {
                        self.toc.push(Heading {
                            level: h.level,
                            id: h.id,
                            text: h.text.trim().to_string(),
                        });
                    }
                }
            }
            event => self.sink().push(event),
        }
    }

    /// A heading's open tag: its id from pass one, its classes and attributes as written
    /// (except event handlers, which are reported).
    fn open_heading(
        &mut self,
        level: HeadingLevel,
        classes: &[CowStr<'a>],
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        range: &Range<usize>,
    ) {
        let level = level as u8;
        let id = self
            .headings
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
                self.problems.push(Problem {
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
        self.heading = Some(OpenHeading {
            level,
            id,
            tag,
            inner: Vec::new(),
            text: String::new(),
        });
    }

    /// Where an event goes: into the open heading, or the body.
    fn sink(&mut self) -> &mut Vec<Event<'a>> {
        match &mut self.heading {
            Some(h) => &mut h.inner,
            None => &mut self.out,
        }
    }

    /// The HTML, with where it changes with the page recorded, and the problems in body order
    /// (their offsets moved back over the NUL characters the parse replaced).
    fn finish(self, nuls: &[usize]) -> Rendered {
        let mut marked = String::with_capacity(self.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut marked, self.out.into_iter());
        let (html, spots) = spots::strip(&marked);
        let mut problems = self.problems;
        for p in &mut problems {
            p.offset -= 2 * nuls.partition_point(|&at| at < p.offset);
        }
        problems.sort_by_key(|p| p.offset);
        let callouts = callouts::collect(&html, &self.kinds, spots.parts());
        Rendered {
            html: Packed::new(&html),
            toc: self.toc,
            text: Packed::new(&self.text),
            problems,
            spots,
            callouts,
        }
    }
}

// Whether `end` closes an inline element (its text runs on), not a block.
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

/// The opening of an alert's callout; phrases (noted in `kinds`) are marked for the pages that
/// collect them, the callout and, from the end of its title, what the author wrote.
fn alert_start(
    kind: BlockQuoteKind,
    labels: &Labels,
    kinds: &mut Vec<CalloutKind>,
    label_hidden: bool,
) -> String {
    let collected = CalloutKind::of_alert(kind);
    kinds.extend(collected);
    let part = if collected.is_some() { PART } else { "" };
    format!(
        "{part}<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title{}\">{}</p>{part}\n",
        alert_class(kind),
        if label_hidden { " visually-hidden" } else { "" },
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
