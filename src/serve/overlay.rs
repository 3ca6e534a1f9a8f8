//! The problem overlay: while the site has errors or warnings, every page the dev server sends
//! shows them.
//!
//! The overlay lists every diagnostic exactly as the terminal prints it (file, line, column,
//! message, the source line with a caret), because the trainer is looking at the browser, not at
//! the terminal: a pasted `<script>` must be seen where it runs. The overlay is injected into
//! HTML responses only, never written to disk.
//!
//! - With errors, nothing was written: the page underneath is the last good output, so the site
//!   stays usable while a file is half edited. On a page that does not exist yet (a new entry
//!   saved with an error) there is no last good version: the overlay has the wording for that
//!   case too, shown by the class `deskbook-missing` ([`on_missing_page`] for the server's 404
//!   answers; the live client adds it to an overlay arriving on a page that answered 404).
//! - With warnings only, the page is up to date: the overlay is yellow, not red, and says so.
//!
//! Both can be hidden with a button (the live client remembers it for these problems, in the
//! tab's session storage); they come back when the problems change.

use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::escape;

/// The overlay for `diagnostics` (one element, `#deskbook-overlay`); `None` without any.
pub(crate) fn html(diagnostics: &[Diagnostic]) -> Option<String> {
    if diagnostics.is_empty() {
        return None;
    }
    let errors = crate::diagnostics::count(diagnostics, Severity::Error);
    let warnings = diagnostics.len() - errors;
    let mut items = String::new();
    for d in diagnostics {
        let text = d.to_string();
        let (head, excerpt) = text.split_once('\n').unwrap_or((&text, ""));
        items.push_str(&format!(
            "<li class=\"deskbook-{}\"><p>{}</p>{}</li>",
            d.severity,
            escape(head),
            if excerpt.is_empty() {
                String::new()
            } else {
                format!("<pre>{}</pre>", escape(excerpt))
            }
        ));
    }
    let counts = escape(&crate::messages::counts(errors, warnings));
    let (kind, heading, footer) = if errors > 0 {
        (
            "errors",
            format!(
                "{counts}<span class=\"deskbook-last-good\">: the page below is the last good version</span>\
<span class=\"deskbook-not-built\">: this page is not built yet, because of the errors below; it appears as soon as they are fixed</span>"
            ),
            "Fix the file and save it: this disappears by itself.",
        )
    } else {
        (
            "warnings",
            format!("{counts}: the page is up to date, but check these before publishing"),
            "Fix the file and save it, or hide this until the warnings change.",
        )
    };
    let key = xxhash_rust::xxh3::xxh3_64(items.as_bytes());
    let border = if errors > 0 { "#e5534b" } else { "#d4a72c" };
    let title = if errors > 0 { "#ff938a" } else { "#f0c674" };
    Some(format!(
        "<div id=\"deskbook-overlay\" class=\"deskbook-{kind}\" data-key=\"{key:016x}\" role=\"alertdialog\" aria-modal=\"false\" aria-labelledby=\"deskbook-overlay-title\">\
<style>#deskbook-overlay{{position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;\
background:#1d1f21;color:#f0f0f0;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
padding:1rem 1.25rem;border-top:4px solid {border};box-shadow:0 -4px 16px rgba(0,0,0,.4)}}\
#deskbook-overlay h2{{margin:0 0 .5rem;padding-right:5rem;font-size:1rem;color:{title}}}\
#deskbook-overlay ul{{list-style:none;margin:0;padding:0}}#deskbook-overlay li{{margin:0 0 .75rem}}\
#deskbook-overlay p{{margin:0;white-space:pre-wrap}}#deskbook-overlay pre{{margin:.25rem 0 0;padding:0;border:0;background:transparent;color:#c5c8c6}}\
#deskbook-overlay .deskbook-warning p{{color:#f0c674}}#deskbook-overlay small{{color:#a0a0a0}}\
#deskbook-overlay button{{position:absolute;top:.75rem;right:1rem;font:inherit;color:#f0f0f0;background:#373b41;border:1px solid #707880;border-radius:4px;padding:.1rem .6rem;cursor:pointer}}\
#deskbook-overlay .deskbook-not-built,#deskbook-overlay.deskbook-missing .deskbook-last-good{{display:none}}\
#deskbook-overlay.deskbook-missing .deskbook-not-built{{display:inline}}</style>\
<h2 id=\"deskbook-overlay-title\">{heading}</h2>\
<button type=\"button\" data-deskbook-dismiss>Hide</button>\
<ul>{items}</ul><small>{footer}</small></div>"
    ))
}

/// `overlay` worded for a page that does not exist (yet).
pub(crate) fn on_missing_page(overlay: &str) -> String {
    overlay.replacen(
        "class=\"deskbook-errors\"",
        "class=\"deskbook-errors deskbook-missing\"",
        1,
    )
}

/// `page` with `overlay` inserted before its closing `</body>` (or at the end).
pub(crate) fn inject(page: &[u8], overlay: &str) -> Vec<u8> {
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + overlay.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(overlay.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_shows_the_diagnostic_as_the_terminal_does() {
        let d = Diagnostic::error("content/a.md", "unknown right `curtesy`").at(
            "---\nrights: [curtesy]\n",
            2,
            10,
        );
        let html = html(&[d]).unwrap();
        assert!(html.contains("<p>content/a.md:2:10: error: unknown right `curtesy`</p>"));
        assert!(html.contains("<pre>   2 | rights: [curtesy]\n     |          ^</pre>"));
        assert!(html.contains("class=\"deskbook-errors\""));
        assert!(html.contains("1 error<span class=\"deskbook-last-good\">"));
        let page = inject(b"<html><body><p>x</p></body></html>", "<div id=o></div>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><div id=o></div></body></html>"
        );
    }

    #[test]
    fn warnings_alone_are_a_distinct_overlay() {
        let d = Diagnostic::warning("content/a.md", "a `<script>` in raw HTML");
        let html = html(&[d]).unwrap();
        assert!(html.contains("class=\"deskbook-warnings\""));
        assert!(
            html.contains(
                "1 warning: the page is up to date, but check these before publishing</h2>"
            )
        );
        assert!(html.contains("data-deskbook-dismiss"));
        assert!(super::html(&[]).is_none());
    }
}
