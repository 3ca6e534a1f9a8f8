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
//!   "Avoid this", the phrase convention of the starter content. Consecutive callouts of one
//!   kind share one box and label ([`grouping`]).
//! - Every link and image destination, Markdown or raw HTML, goes through a [`LinkResolver`],
//!   which rewrites `.md` links to output pages and reports broken ones; problems come back with
//!   their byte offset in the body. Email autolinks become `mailto:` links, and web addresses in
//!   running text become links as on GitHub (the `linkify` crate finds them).
//! - Where the HTML changes with the page showing it is recorded as it is written ([`Spots`]).
//!
//! Rendering is split in two passes over the same text: [`outline`] (headings and ids, needed
//! to build the site model and check anchors) and [`render`] (HTML, once the model exists).

mod callouts;
mod grouping;
mod html;
mod ids;
mod links;
mod outline;
mod packed;
mod raw;
pub mod spots;

pub use callouts::{Callout, CalloutKind};
pub use html::render;
pub use ids::slugify;
pub use outline::outline;
pub use packed::Packed;
pub use spots::Spots;

use pulldown_cmark::Options;
use serde::Serialize;
use std::collections::HashSet;

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

    /// Keeps the headings and frees what only the link checks of pass two ask
    /// ([`Outline::has_anchor`] answers `false` afterwards).
    pub fn release_anchors(&mut self) {
        self.ids = HashSet::new();
        self.clashes = Vec::new();
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
    /// The HTML, packed ([`Packed`]): the site model holds every body.
    pub html: Packed,
    pub toc: Vec<Heading>,
    /// Body as plain text, for search, packed.
    pub text: Packed,
    pub problems: Vec<Problem>,
    /// Where `html` changes with the page showing it.
    pub spots: Spots,
    /// The phrases and questions, in the order they appear.
    pub callouts: Vec<Callout>,
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
