//! Content problems are *diagnostics*, not early returns.
//!
//! Every stage pushes what it finds into a [`Diagnostics`] collection and carries on, so that one
//! run of `deskbook check` or `deskbook build` reports every problem in every file, the way a
//! compiler does. Each diagnostic knows its file, line and column (1-based, counted from the top of
//! the file, front matter included) and renders with the offending source line and a caret:
//!
//! ```text
//! content/practices/greetings/hello.md:4:10: error: unknown right `curtesy` (did you mean `courtesy`?)
//!     4 | rights: [curtesy]
//!       |          ^
//! ```
//!
//! The first line is grep- and editor-friendly (`path:line:col:`); the JSON form is for CI tools.

use serde::Serialize;
use std::fmt;
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem this is, for tools (`check --format json`): stable, kebab-case,
    /// listed in the README (`broken-link`, `unknown-right`, `overdue`, …). Empty when not
    /// classified (reported as `other`).
    #[serde(serialize_with = "code_or_other")]
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators (`content/rights/courtesy.md`).
    pub path: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when the problem concerns the whole file.
    pub column: usize,
    pub message: String,
    /// The source line the caret points into (empty when unknown).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_line: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: "",
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: String::new(),
        }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// The diagnostic with its [`code`](Diagnostic::code).
    #[must_use]
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// Points the diagnostic at `line:column` of `source` and keeps that line for display.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_string();
        self
    }

    /// Points the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(source, line, column)
    }
}

fn code_or_other<S: serde::Serializer>(code: &&'static str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(if code.is_empty() { "other" } else { code })
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}: {}", self.path, self.severity, self.message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {}: {}",
                self.path, self.line, self.column, self.severity, self.message
            )?;
        }
        if self.line > 0 && !self.source_line.is_empty() {
            let gutter = self.line.to_string().len().max(4);
            let shown: String = self
                .source_line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            write!(f, "\n{:>gutter$} | {}", self.line, shown)?;
            let pad: String = shown
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if is_wide(c) { "  " } else { " " })
                .collect();
            write!(f, "\n{:>gutter$} | {pad}^", "")?;
        }
        Ok(())
    }
}

/// East Asian wide characters take two terminal columns; the caret must account for them.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A thread-safe collection: stages running in parallel push into the same one.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.items
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            self.push(d);
        }
    }

    /// All diagnostics, sorted by file, position and message: output is deterministic even
    /// though stages run in parallel.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self
            .items
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        sort(&mut items);
        items
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

pub fn sort(items: &mut Vec<Diagnostic>) {
    items.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
    items.dedup();
}

/// `1 practice`, `2 practices`: a count with its noun in the right number.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn count(items: &[Diagnostic], severity: Severity) -> usize {
    items.iter().filter(|d| d.severity == severity).count()
}

/// The closest candidate within a small edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1) + 1)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_column() {
        let src = "---\ntitle: x\nrights: [curtesy]\n";
        let d = Diagnostic::error("a.md", "unknown right `curtesy`").at(src, 3, 10);
        assert_eq!(
            d.to_string(),
            "a.md:3:10: error: unknown right `curtesy`\n   3 | rights: [curtesy]\n     |          ^"
        );
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let src = "ab\nżółw x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, src.find('x').unwrap()), (2, 6));
    }

    #[test]
    fn suggestions_need_to_be_close() {
        assert_eq!(
            did_you_mean("curtesy", ["courtesy", "privacy"]),
            Some("courtesy")
        );
        assert_eq!(did_you_mean("titel", ["title", "tags"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title", "tags"]), None);
    }
}
