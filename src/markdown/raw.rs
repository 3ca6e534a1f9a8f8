//! Raw HTML in a body, read by a real HTML tokenizer (html5gum, WHATWG's tokenizer states).
//!
//! An HTML block arrives from pulldown-cmark as one event per line, so a block is joined before
//! it is read: a tag split over lines (`<img src=x⏎onerror=…>`) is one tag, attribute values are
//! judged entity-decoded (`java&#115;cript:`), and a comment is a comment, whatever it mentions.
//! What this module does with the tags:
//! - **reports** what runs code in the reader's browser: `<script>`, `on…` handlers, and
//!   `javascript:`, `vbscript:` and (except images) `data:` URLs;
//! - **escapes** the elements whose content the browser reads as text up to their end tag
//!   (`textarea`, `title`, `xmp`, …), as GitHub's tagfilter does: written in running text they
//!   would swallow the rest of the page; escaped, they show as written;
//! - **rewrites** `<a href>` to a `.md` file or an in-page anchor through the same resolver as
//!   Markdown links (so `<a href="other.md">` reaches the page and a broken one is an error),
//!   and marks ids, in-page anchors and the attributes that name ids (`for`, `aria-…`) for
//!   handout scoping ([`super::spots`]).
//!
//! Everything else is copied byte for byte.

use super::spots::SCOPE;
use super::{LinkOutcome, LinkResolver, Problem, escape};
use html5gum::{DefaultEmitter, State, Token, Tokenizer};
use std::ops::Range;

/// Elements whose content is raw or escapable raw text: GitHub's tagfilter list, without
/// `script` (reported instead), and `noscript`, whose content a browser running scripts also
/// reads as text up to its end tag.
const TAGFILTER: &[&str] = &[
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "noscript",
];

/// Attributes that hold a URL a browser may navigate to or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "xlink:href",
];

/// Attributes that name other elements by id (one, or several separated by spaces).
const ID_REFERENCES: &[&str] = &[
    "for",
    "headers",
    "list",
    "form",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-activedescendant",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "popovertarget",
];

pub struct Attr {
    pub name: String,
    pub value: String,
    /// `name="value"` as written.
    pub span: Range<usize>,
}

pub enum Tag {
    Start {
        name: String,
        span: Range<usize>,
        attrs: Vec<Attr>,
    },
    End {
        name: String,
        span: Range<usize>,
    },
}

/// The start and end tags of `html`, in order, switching into script data after `<script>`
/// as a browser does (its content holds no tags).
pub fn tags(html: &str) -> Vec<Tag> {
    let mut tokenizer = Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span());
    let mut tags = Vec::new();
    while let Some(token) = tokenizer.next() {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let mut attrs: Vec<Attr> = tag
                    .attributes
                    .into_iter()
                    .map(|(name, value)| {
                        let start = floor_boundary(html, value.span.start);
                        let end = floor_boundary(html, value.span.end).max(start);
                        let written = &html[start..end];
                        // An unquoted value's span runs one character past it.
                        let end = if written.ends_with(['"', '\'']) {
                            end
                        } else {
                            start
                                + written
                                    .trim_end_matches(|c: char| c.is_ascii_whitespace() || c == '>')
                                    .len()
                        };
                        Attr {
                            name: String::from_utf8_lossy(&name).into_owned(),
                            value: String::from_utf8_lossy(&value.value).into_owned(),
                            span: start..end,
                        }
                    })
                    .collect();
                attrs.sort_by_key(|a| a.span.start);
                if name == "script" && !tag.self_closing {
                    // The emitter has just recorded `script` as the last start tag, so
                    // `</script>` ends the script data. (html5gum's `set_last_start_tag`
                    // exists only in debug builds.)
                    tokenizer.set_state(State::ScriptData);
                }
                tags.push(Tag::Start {
                    name,
                    span: tag.span.start..tag.span.end,
                    attrs,
                });
            }
            Token::EndTag(tag) => tags.push(Tag::End {
                name: String::from_utf8_lossy(&tag.name).into_owned(),
                span: tag.span.start..tag.span.end,
            }),
            _ => {}
        }
    }
    tags
}

/// `at`, or the nearest character boundary of `html` before it (spans are byte positions).
fn floor_boundary(html: &str, at: usize) -> usize {
    let mut at = at.min(html.len());
    while !html.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The ids raw HTML puts on the page, with their position in `html`.
pub fn ids(html: &str) -> Vec<(String, usize)> {
    let mut ids = Vec::new();
    for tag in tags(html) {
        if let Tag::Start { name, attrs, .. } = tag
            && !TAGFILTER.contains(&name.as_str())
        {
            for a in attrs {
                if a.name == "id" && !a.value.is_empty() {
                    ids.push((a.value, a.span.start));
                }
            }
        }
    }
    ids
}

/// The result of [`rewrite`]: the HTML to output (with spot marks) and whether it leaves a raw
/// `<a>` open (its text is not searched for web addresses).
pub struct Rewritten {
    pub html: String,
    pub link_depth: i32,
}

pub(super) const SCRIPT_ADVICE: &str = "in the content runs code in every reader's browser: remove it (raw HTML is for layout; `deskbook check --strict` fails on this)";

/// Reads `html` (a joined HTML block or one inline tag); `offset_of` maps a position in it to
/// the body, for problems.
pub fn rewrite(
    html: &str,
    offset_of: &dyn Fn(usize) -> usize,
    resolver: &mut dyn LinkResolver,
    problems: &mut Vec<Problem>,
) -> Rewritten {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut link_depth = 0;
    let warn = |at: usize, what: String, problems: &mut Vec<Problem>| {
        problems.push(Problem {
            offset: offset_of(at),
            message: format!("{what} {SCRIPT_ADVICE}"),
            is_error: false,
        });
    };
    for tag in tags(html) {
        let (name, span, attrs) = match tag {
            Tag::End { name, span } => {
                if TAGFILTER.contains(&name.as_str()) {
                    edits.push((span.start..span.start + 1, "&lt;".into()));
                }
                if name == "a" {
                    link_depth -= 1;
                }
                continue;
            }
            Tag::Start { name, span, attrs } => (name, span, attrs),
        };
        if TAGFILTER.contains(&name.as_str()) {
            edits.push((span.start..span.start + 1, "&lt;".into()));
            continue;
        }
        if name == "script" {
            warn(span.start, "a `<script>` element".into(), problems);
        }
        if name == "a" {
            link_depth += 1;
        }
        for a in attrs {
            if a.name.len() > 2 && a.name.starts_with("on") {
                warn(
                    a.span.start,
                    format!("an event handler attribute `{}`", a.name),
                    problems,
                );
                continue;
            }
            if URL_ATTRIBUTES.contains(&a.name.as_str())
                && let Some(scheme) = unsafe_scheme(&a.value, &name)
            {
                warn(a.span.start, format!("a `{scheme}` URL"), problems);
                continue;
            }
            let resolved =
                (name == "a" || name == "area") && a.name == "href" && is_page_link(&a.value);
            if resolved {
                let url = match resolver.resolve(&a.value, name == "img") {
                    LinkOutcome::Keep => None,
                    LinkOutcome::Rewrite(url) => Some(url),
                    LinkOutcome::Error(message) => {
                        problems.push(Problem {
                            offset: offset_of(a.span.start),
                            message,
                            is_error: true,
                        });
                        None
                    }
                    LinkOutcome::Warn(message, url) => {
                        problems.push(Problem {
                            offset: offset_of(a.span.start),
                            message,
                            is_error: false,
                        });
                        Some(url)
                    }
                };
                // Written anew only when it changes or holds a spot; otherwise kept as written.
                let url = url.or_else(|| a.value.starts_with('#').then(|| a.value.clone()));
                if let Some(url) = url {
                    edits.push((a.span, super::links::url_attribute(&a.name, &url, &escape)));
                }
            } else if a.name == "id" && !a.value.is_empty() {
                edits.push((a.span, format!("id=\"{SCOPE}{}\"", escape(&a.value))));
            } else if ID_REFERENCES.contains(&a.name.as_str()) && !a.value.trim().is_empty() {
                // Scoped with the ids they name, so a handout keeps labels with their fields.
                let ids: Vec<String> = a
                    .value
                    .split_ascii_whitespace()
                    .map(|id| format!("{SCOPE}{}", escape(id)))
                    .collect();
                edits.push((a.span, format!("{}=\"{}\"", a.name, ids.join(" "))));
            }
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(html.len() + 16 * edits.len());
    let mut copied = 0;
    for (range, text) in edits {
        if range.start < copied {
            continue;
        }
        out.push_str(&html[copied..range.start]);
        out.push_str(&text);
        copied = range.end;
    }
    out.push_str(&html[copied..]);
    Rewritten {
        html: out,
        link_depth,
    }
}

/// Whether a raw `href` is one deskbook resolves like a Markdown link: an in-page anchor or a
/// relative link to a `.md` file. Others (web addresses, files beside the site) stay as written.
fn is_page_link(href: &str) -> bool {
    let path = href.split(['#', '?']).next().unwrap_or("");
    href.starts_with('#') || (!path.contains(':') && path.to_ascii_lowercase().ends_with(".md"))
}

/// The scheme of a URL that runs code or carries a document of its own, as a browser reads it:
/// leading spaces and control characters are skipped and tabs and newlines dropped.
pub(super) fn unsafe_scheme(value: &str, tag: &str) -> Option<&'static str> {
    let url: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    if url.starts_with("javascript:") {
        Some("javascript:")
    } else if url.starts_with("vbscript:") {
        Some("vbscript:")
    } else if url.starts_with("data:") {
        // An image element shows a picture and runs nothing, even an SVG one; a link, a frame
        // or an object opens the data as a document of its own.
        let shown_as_image = matches!(tag, "img" | "source" | "picture" | "video" | "input");
        (!(url.starts_with("data:image/") && shown_as_image)).then_some("data:")
    } else {
        None
    }
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

    fn found(html: &str) -> Vec<String> {
        let mut problems = Vec::new();
        rewrite(html, &|i| i, &mut KeepAll, &mut problems);
        problems
            .into_iter()
            .map(|p| {
                let what = p.message.split(" in the content").next().unwrap();
                format!("{}@{}", what, p.offset)
            })
            .collect()
    }

    #[test]
    fn code_is_found_in_parsed_and_decoded_attributes() {
        for (html, expected) in [
            ("<script>alert(1)</script>", vec!["a `<script>` element@0"]),
            ("<SCRIPT src=x>", vec!["a `<script>` element@0"]),
            (
                "<img src=\"x.png\"\nonerror=\"alert(1)\">",
                vec!["an event handler attribute `onerror`@17"],
            ),
            (
                "<div\nonclick = \"go()\">",
                vec!["an event handler attribute `onclick`@5"],
            ),
            (
                "<a href=\n\"javascript:go()\">x</a>",
                vec!["a `javascript:` URL@3"],
            ),
            (
                "<a href=\"java&#115;cript:go()\">x</a>",
                vec!["a `javascript:` URL@3"],
            ),
            (
                "<a href=\" \tjava\nscript:go()\">x</a>",
                vec!["a `javascript:` URL@3"],
            ),
            ("<a href=\"VBScript:x\">x</a>", vec!["a `vbscript:` URL@3"]),
            (
                "<a href=\"data:text/html,x\">x</a>",
                vec!["a `data:` URL@3"],
            ),
            ("<img src=\"data:image/png;base64,AA\">", vec![]),
            ("<img src=\"data:image/svg+xml,%3Csvg%3E\">", vec![]),
            (
                "<a href=\"data:image/svg+xml,%3Csvg%3E\">x</a>",
                vec!["a `data:` URL@3"],
            ),
            (
                "<object data=\"data:text/html,x\"></object>",
                vec!["a `data:` URL@8"],
            ),
            ("<!-- removed the <script> tag -->", vec![]),
            (
                "<script>if (a <b) { x(\"<img onerror=y>\") }</script>",
                vec!["a `<script>` element@0"],
            ),
            ("<details><summary>More</summary>", vec![]),
            ("<span class=\"on\">on = off</span>", vec![]),
            ("<div>\nturn on= the light\n</div>", vec![]),
            ("<kbd>Ctrl</kbd> + <kbd>on</kbd>", vec![]),
        ] {
            assert_eq!(found(html), expected, "{html}");
        }
    }

    #[test]
    fn raw_text_elements_are_escaped_and_the_rest_kept() {
        let mut problems = Vec::new();
        let out = rewrite(
            "<p>The <textarea> and <TITLE x=1> elements</title><noscript>, <b id=k class=c>b</b><label for=k>k</label><i aria-describedby=' a b'>i</i></p>",
            &|i| i,
            &mut KeepAll,
            &mut problems,
        );
        assert_eq!(
            out.html,
            "<p>The &lt;textarea> and &lt;TITLE x=1> elements&lt;/title>&lt;noscript>, <b id=\"\0sk\" class=c>b</b><label for=\"\0sk\">k</label><i aria-describedby=\"\0sa \0sb\">i</i></p>"
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn broken_and_multibyte_tags_never_panic() {
        for html in [
            "<a id=x€>",
            "<a id=€",
            "<a href='问候.md",
            "<a href=\"x.md\" id",
            "<img src=x onerror",
            "<a\u{0}id=\u{0}>",
            "<p id=\"ż\" title=ż>ż</p>",
            "<script>",
            "</a></a></script><",
            "<a href=#ą>",
            "<!--",
            "<a href=\"問候.md#ç\">",
        ] {
            let mut problems = Vec::new();
            rewrite(html, &|i| i, &mut KeepAll, &mut problems);
            ids(html);
        }
    }

    #[test]
    fn ids_are_read_from_tags_not_text() {
        let ids: Vec<_> = ids("<a id=\"here\"></a><!-- <a id=\"no\"> --><textarea id=t>")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["here"]);
    }
}
