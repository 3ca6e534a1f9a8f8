//! How the Markdown stage writes links: destinations through the [`LinkResolver`], attributes
//! with their [`super::Spots`] marked, and web addresses in running text found by `linkify`.

use super::spots::{LINK, LINK_END, ROOT_TOKEN, SCOPE};
use super::{LinkOutcome, LinkResolver, Problem};
use pulldown_cmark::{CowStr, Event};
use std::ops::Range;
use std::sync::LazyLock;

/// Web addresses and email addresses in running text, linked as GitHub links them: `https://…`,
/// `http://…`, `www.…` and `name@domain.tld`; a bare `example.com` stays text.
pub(super) fn autolinks<'a>(text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    static FINDER: LazyLock<linkify::LinkFinder> = LazyLock::new(|| {
        let mut finder = linkify::LinkFinder::new();
        finder.url_must_have_scheme(false);
        finder
    });
    let mut copied = 0;
    for link in FINDER.links(&text) {
        let (mut start, mut end) = (link.start(), link.end());
        if start < copied {
            // Inside an XMPP resource already linked.
            continue;
        }
        let lower: String = text[start..end]
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let href = match link.kind() {
            linkify::LinkKind::Email => {
                // GFM's `mailto:` and `xmpp:` addresses (an XMPP one may name a resource).
                let before = text[copied..start].to_ascii_lowercase();
                match ["mailto:", "xmpp:"]
                    .into_iter()
                    .find(|s| before.ends_with(s))
                {
                    Some(scheme) => {
                        start -= scheme.len();
                        if scheme == "xmpp:" && text[end..].starts_with('/') {
                            let resource = &text[end + 1..];
                            end += 1 + resource
                                .find(|c: char| !(c.is_alphanumeric() || c == '@' || c == '.'))
                                .unwrap_or(resource.len());
                        }
                        text[start..end].to_string()
                    }
                    None => format!("mailto:{}", &text[start..end]),
                }
            }
            linkify::LinkKind::Url
                if lower.starts_with("http://") || lower.starts_with("https://") =>
            {
                text[start..end].to_string()
            }
            linkify::LinkKind::Url if lower.starts_with("www.") => {
                format!("http://{}", &text[start..end])
            }
            _ => continue,
        };
        if start > copied {
            out.push(Event::Text(text[copied..start].to_string().into()));
        }
        out.push(Event::Html(
            format!("<a {}>", url_attribute("href", &href, &escape_href)).into(),
        ));
        out.push(Event::Text(text[start..end].to_string().into()));
        out.push(Event::Html("</a>".into()));
        copied = end;
    }
    if copied == 0 {
        out.push(Event::Text(text));
    } else if copied < text.len() {
        out.push(Event::Text(text[copied..].to_string().into()));
    }
}

/// `name="url"`, with the spots of its root link or in-page anchor marked.
pub(super) fn url_attribute(name: &str, url: &str, escape: &dyn Fn(&str) -> String) -> String {
    let mut attr = format!("{name}=\"");
    if let Some(rest) = url.strip_prefix(ROOT_TOKEN) {
        let end = rest.find(['#', '?']).unwrap_or(rest.len());
        attr.push_str(LINK);
        attr.push_str(ROOT_TOKEN);
        attr.push_str(&escape(&rest[..end]));
        attr.push_str(LINK_END);
        attr.push_str(&escape(&rest[end..]));
    } else if let Some(fragment) = url.strip_prefix('#') {
        attr.push('#');
        attr.push_str(SCOPE);
        attr.push_str(&escape(fragment));
    } else {
        attr.push_str(&escape(url));
    }
    attr.push('"');
    attr
}

/// A link destination as CommonMark renders it: percent-encoded where a URL must be.
pub(super) fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    pulldown_cmark_escape::escape_href(&mut out, url).expect("writing to a String");
    out
}

pub(super) fn resolve<'a>(
    resolver: &mut dyn LinkResolver,
    body: &str,
    range: &Range<usize>,
    dest: CowStr<'a>,
    is_image: bool,
    problems: &mut Vec<Problem>,
) -> CowStr<'a> {
    // Point at the destination inside `[text](dest)` when it is written there.
    let span = &body[range.clone()];
    let offset = span
        .rfind(&*dest)
        .filter(|_| !dest.is_empty())
        .map_or(range.start, |i| range.start + i);
    if let Some(scheme) = super::raw::unsafe_scheme(&dest, if is_image { "img" } else { "a" }) {
        problems.push(Problem {
            offset,
            message: format!("a `{scheme}` link in the content runs code in every reader's browser: link to a page or a web address instead (`deskbook check --strict` fails on this)"),
            is_error: false,
        });
    }
    match resolver.resolve(&dest, is_image) {
        LinkOutcome::Keep => dest,
        LinkOutcome::Rewrite(url) => CowStr::from(url),
        LinkOutcome::Error(message) => {
            problems.push(Problem {
                offset,
                message,
                is_error: true,
            });
            dest
        }
        LinkOutcome::Warn(message, url) => {
            problems.push(Problem {
                offset,
                message,
                is_error: false,
            });
            CowStr::from(url)
        }
    }
}

/// An attribute value as pulldown-cmark escapes it, so that output stays CommonMark's.
pub(super) fn escape_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String");
    out
}
