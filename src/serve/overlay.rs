//! The error overlay: while the site has errors, every page the dev server sends shows them.
//!
//! The overlay lists every diagnostic exactly as the terminal prints it (file, line, column,
//! message, the source line with a caret), because the trainer is looking at the browser. The
//! page underneath is the last good output, so the site stays usable while a file is half
//! edited. The overlay is injected into HTML responses only, never written to disk.

use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::escape;

/// The overlay for `diagnostics` (one element, `#deskbook-overlay`).
pub(crate) fn html(diagnostics: &[Diagnostic]) -> String {
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
    let title = crate::messages::counts(errors, warnings);
    format!(
        "<div id=\"deskbook-overlay\" role=\"alertdialog\" aria-modal=\"false\" aria-labelledby=\"deskbook-overlay-title\">\
<style>#deskbook-overlay{{position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;\
background:#1d1f21;color:#f0f0f0;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
padding:1rem 1.25rem;border-top:4px solid #e5534b;box-shadow:0 -4px 16px rgba(0,0,0,.4)}}\
#deskbook-overlay h2{{margin:0 0 .5rem;font-size:1rem;color:#ff938a}}\
#deskbook-overlay ul{{list-style:none;margin:0;padding:0}}#deskbook-overlay li{{margin:0 0 .75rem}}\
#deskbook-overlay p{{margin:0;white-space:pre-wrap}}#deskbook-overlay pre{{margin:.25rem 0 0;padding:0;border:0;background:transparent;color:#c5c8c6}}\
#deskbook-overlay .deskbook-warning p{{color:#f0c674}}#deskbook-overlay small{{color:#a0a0a0}}</style>\
<h2 id=\"deskbook-overlay-title\">{title}: the page below is the last good version</h2>\
<ul>{items}</ul><small>Fix the file and save it: this disappears by itself.</small></div>",
        title = escape(&title),
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
        let html = html(&[d]);
        assert!(html.contains("<p>content/a.md:2:10: error: unknown right `curtesy`</p>"));
        assert!(html.contains("<pre>   2 | rights: [curtesy]\n     |          ^</pre>"));
        assert!(html.contains("1 error"));
        let page = inject(b"<html><body><p>x</p></body></html>", "<div id=o></div>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><div id=o></div></body></html>"
        );
    }
}
