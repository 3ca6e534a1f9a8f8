//! The Markdown stage: pulldown-cmark with GitHub's extensions, plus what a knowledge base needs.
//!
//! - Headings get stable ids: an explicit `{#id}` wins (translations keep anchors that way),
//!   otherwise a Unicode-aware slug (`## Przy ladzie` → `przy-ladzie`, `## 问候` → `问候`),
//!   deduplicated with `-1`, `-2`. Levels 2–3 form the table of contents.
//! - GitHub alerts (`> [!TIP]`) become labelled callouts; TIP is "Say this" and CAUTION is
//!   "Avoid this", the phrase convention of the starter content.
//! - Every link and image destination goes through a [`LinkResolver`], which rewrites `.md` links
//!   to output pages and reports broken ones; problems come back with their byte offset in the body.
//!
//! Rendering is split in two passes over the same text: [`outline`] (headings and links, needed
//! to build the site model and check anchors) and [`render`] (HTML, once the model exists).

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
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
    pub headings: Vec<Heading>,
    /// The heading ids, for anchor checks: a body may hold thousands of links and of headings.
    ids: std::collections::HashSet<String>,
}

impl Outline {
    pub fn new(headings: Vec<Heading>) -> Outline {
        let ids = headings.iter().map(|h| h.id.clone()).collect();
        Outline { headings, ids }
    }

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
    /// Where `html` changes with the page showing it (filled by the model, which makes its links).
    pub spots: crate::model::paths::Spots,
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

/// A Unicode-aware heading slug: lower-case letters and digits of any script, hyphens between words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Assigns unique ids in document order.
struct IdAllocator {
    used: HashSet<String>,
    /// Per base id, the next `-N` suffix to try: every smaller one is taken, so a body with
    /// thousands of headings of the same text stays linear instead of re-trying `-1`, `-2`, ….
    next: HashMap<String, usize>,
}

impl IdAllocator {
    fn new() -> Self {
        IdAllocator {
            used: HashSet::new(),
            next: HashMap::new(),
        }
    }

    fn allocate(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = match explicit {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => slugify(text),
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Pass one: the headings (with their final ids) of a body.
pub fn outline(body: &str) -> Outline {
    let mut ids = IdAllocator::new();
    let mut headings = Vec::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    String::new(),
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = current.take() {
                    let id = ids.allocate(explicit.as_deref(), &text);
                    headings.push(Heading {
                        level,
                        id,
                        text: text.trim().to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    Outline::new(headings)
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

/// Pass two: HTML with ids, callouts and resolved links.
pub fn render(body: &str, resolver: &mut dyn LinkResolver, labels: &Labels) -> Rendered {
    let mut ids = IdAllocator::new();
    let mut out_events: Vec<Event<'_>> = Vec::new();
    let mut problems = Vec::new();
    let mut toc = Vec::new();
    let mut text = String::with_capacity(body.len());
    // While inside a heading: its level, explicit id, buffered events and text.
    let mut heading: Option<(u8, Option<String>, Vec<Event<'_>>, String)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve(resolver, body, &range, &dest_url, false, &mut problems);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.unwrap_or(dest_url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve(resolver, body, &range, &dest_url, true, &mut problems);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.unwrap_or(dest_url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(CowStr::from(format!(
                "<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title\">{}</p>\n",
                alert_class(kind),
                escape(alert_label(kind, labels))
            ))),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::Borrowed("</div>\n")),
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
                out_events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                    escape(&labels.table)
                ))));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                out_events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed("</div>\n"))
            }
            other => other,
        };
        if let Event::Html(ref raw) | Event::InlineHtml(ref raw) = event
            && let Some(message) = script_in_html(raw)
        {
            problems.push(Problem {
                offset: range.start,
                message,
                is_error: false,
            });
        }
        match event {
            Event::Text(ref t) | Event::Code(ref t) => {
                text.push_str(t);
                if let Some((_, _, _, htext)) = heading.as_mut() {
                    htext.push_str(t);
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
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    Vec::new(),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, inner, htext)) = heading.take() {
                    let id = ids.allocate(explicit.as_deref(), &htext);
                    out_events.push(Event::Html(CowStr::from(format!(
                        "<h{level} id=\"{}\">",
                        escape(&id)
                    ))));
                    out_events.extend(inner);
                    out_events.push(Event::Html(CowStr::from(format!("</h{level}>\n"))));
                    if (2..=3).contains(&level) {
                        toc.push(Heading {
                            level,
                            id,
                            text: htext.trim().to_string(),
                        });
                    }
                }
            }
            event => match heading.as_mut() {
                Some((_, _, inner, _)) => inner.push(event),
                None => out_events.push(event),
            },
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
    Rendered {
        html,
        toc,
        text,
        problems,
        spots: Default::default(),
    }
}

fn resolve<'a>(
    resolver: &mut dyn LinkResolver,
    body: &str,
    range: &std::ops::Range<usize>,
    dest: &CowStr<'a>,
    is_image: bool,
    problems: &mut Vec<Problem>,
) -> Option<CowStr<'a>> {
    // Point at the destination inside `[text](dest)` when it is written there.
    let span = &body[range.clone()];
    let offset = span
        .rfind(&**dest)
        .filter(|_| !dest.is_empty())
        .map_or(range.start, |i| range.start + i);
    if dest
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("javascript:")
    {
        problems.push(Problem {
            offset,
            message: "a `javascript:` link in the content runs code in every reader's browser: link to a page or a web address instead (`deskbook check --strict` fails on this)".to_string(),
            is_error: false,
        });
    }
    match resolver.resolve(dest, is_image) {
        LinkOutcome::Keep => None,
        LinkOutcome::Rewrite(url) => Some(CowStr::from(url)),
        LinkOutcome::Error(message) => {
            problems.push(Problem {
                offset,
                message,
                is_error: true,
            });
            None
        }
        LinkOutcome::Warn(message, url) => {
            problems.push(Problem {
                offset,
                message,
                is_error: false,
            });
            Some(CowStr::from(url))
        }
    }
}

const SCRIPT_ADVICE: &str = "{what} in the content runs code in every reader's browser: remove it (raw HTML is for layout; `deskbook check --strict` fails on this)";

/// Raw HTML is the trainer's to use, but not to run code: `<script>`, `on…=` event handler
/// attributes and `javascript:` URLs inside tags are reported (warnings; errors with `--strict`).
fn script_in_html(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some(SCRIPT_ADVICE.replace("{what}", "a `<script>` element"));
    }
    let bytes = lower.as_bytes();
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag
                && bytes.get(i + 1) == Some(&b'n')
                && i > 0
                && (bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'/') =>
            {
                let name: String = lower[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let rest = lower[i + name.len()..].trim_start();
                if name.len() > 2 && rest.starts_with('=') {
                    return Some(
                        SCRIPT_ADVICE
                            .replace("{what}", &format!("an event handler attribute `{name}`")),
                    );
                }
            }
            _ => {}
        }
    }
    if in_tag_value_has_javascript(&lower) {
        return Some(SCRIPT_ADVICE.replace("{what}", "a `javascript:` URL"));
    }
    None
}

/// `href="javascript:…"`, `src = 'javascript:…'` and the like.
fn in_tag_value_has_javascript(lower: &str) -> bool {
    lower.match_indices("javascript:").any(|(i, _)| {
        let before =
            lower[..i].trim_end_matches(|c: char| c == '"' || c == '\'' || c.is_ascii_whitespace());
        before.ends_with('=')
    })
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
mod tests {
    use super::*;

    struct KeepAll;
    impl LinkResolver for KeepAll {
        fn resolve(&mut self, _: &str, _: bool) -> LinkOutcome {
            LinkOutcome::Keep
        }
    }

    fn labels() -> Labels {
        Labels {
            tip: "Say this".into(),
            caution: "Avoid this".into(),
            table: "Table".into(),
            ..Labels::default()
        }
    }

    #[test]
    fn slugs_are_unicode_aware() {
        assert_eq!(slugify("Why it matters"), "why-it-matters");
        assert_eq!(slugify("Przy ladzie: krok 1!"), "przy-ladzie-krok-1");
        assert_eq!(slugify("Zasady ŻÓŁWIA"), "zasady-żółwia");
        assert_eq!(slugify("问候 读者"), "问候-读者");
        assert_eq!(slugify("???"), "section");
    }

    #[test]
    fn the_plain_text_breaks_lines_at_blocks_not_at_links_or_emphasis() {
        let r = render(
            "See also [the phone](phone.md). **Bold**, *em* and ~~gone~~!\n\n- one\n- two\n",
            &mut KeepAll,
            &labels(),
        );
        assert_eq!(r.text, "See also the phone. Bold, em and gone!\none\ntwo\n");
    }

    #[test]
    fn headings_get_explicit_or_deduplicated_ids() {
        let o = outline("## Steps\n\n## Steps\n\n## Przy ladzie {#at-the-desk}\n");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["steps", "steps-1", "at-the-desk"]);
        let r = render("## Przy ladzie {#at-the-desk}\n", &mut KeepAll, &labels());
        assert_eq!(r.html, "<h2 id=\"at-the-desk\">Przy ladzie</h2>\n");
    }

    #[test]
    fn thousands_of_headings_with_one_text_get_ids_in_linear_time() {
        // Measured with the `content` fuzz target: 2,000 empty `#` lines, a 4 KB body, took 20 s to
        // outline under the fuzzer: every id tried `-1`, `-2`, … from the start again.
        let body = "## Step\n".repeat(20_000);
        let o = outline(&body);
        assert_eq!(o.headings.len(), 20_000);
        assert_eq!(o.headings[0].id, "step");
        assert_eq!(o.headings[19_999].id, "step-19999");
        // Explicit ids still win and are skipped over, exactly as before.
        let o = outline("## A {#a-2}\n\n## A\n\n## A\n\n## A\n\n## A-1\n");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a-2", "a", "a-1", "a-3", "a-1-1"]);
    }

    #[test]
    fn alerts_become_labelled_callouts() {
        let r = render("> [!TIP]\n> \"Hello!\"\n", &mut KeepAll, &labels());
        assert_eq!(
            r.html,
            "<div class=\"callout callout-say\" role=\"note\">\n<p class=\"callout-title\">Say this</p>\n<p>\"Hello!\"</p>\n</div>\n"
        );
    }

    #[test]
    fn scripts_in_raw_html_are_found_and_layout_html_is_not() {
        for (html, found) in [
            ("<script>alert(1)</script>", Some("a `<script>` element")),
            ("<SCRIPT src=x>", Some("a `<script>` element")),
            (
                "<img src=x onerror=alert(1)>",
                Some("an event handler attribute `onerror`"),
            ),
            (
                "<div\nonclick = \"go()\">",
                Some("an event handler attribute `onclick`"),
            ),
            (
                "<a href=\"javascript:go()\">x</a>",
                Some("a `javascript:` URL"),
            ),
            ("<details><summary>More</summary>", None),
            ("<span class=\"on\">on = off</span>", None),
            ("<div>\nturn on= the light\n</div>", None),
            ("<kbd>Ctrl</kbd> + <kbd>on</kbd>", None),
        ] {
            let got = script_in_html(html);
            assert_eq!(got.is_some(), found.is_some(), "{html}: {got:?}");
            if let (Some(got), Some(what)) = (got, found) {
                assert!(got.starts_with(what), "{got}");
            }
        }
    }

    #[test]
    fn link_problems_carry_their_offset() {
        struct Broken;
        impl LinkResolver for Broken {
            fn resolve(&mut self, dest: &str, _: bool) -> LinkOutcome {
                LinkOutcome::Error(format!("no file `{dest}`"))
            }
        }
        let body = "Intro.\n\nSee [this](missing.md) now.\n";
        let r = render(body, &mut Broken, &labels());
        assert_eq!(r.problems.len(), 1);
        assert_eq!(&body[r.problems[0].offset..][..10], "missing.md");
    }
}
