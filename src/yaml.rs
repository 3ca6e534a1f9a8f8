//! Strict, located reading of YAML mappings (front matter and `deskbook.yaml`).
//!
//! serde's derive stops at the first problem and loses positions once a value is parsed. Trainers
//! need *every* problem in a file, each at its line and column, with a hint. So documents are parsed
//! to a [`serde_yaml::Value`] (syntax errors keep libyaml's position), then each key is read by a
//! typed accessor that reports its own error at the key's line. Unknown keys get a "did you mean".
//!
//! libyaml's own messages ("did not find expected key, while parsing a block mapping") are YAML
//! jargon for what are, in front matter, a handful of everyday slips. Those are recognised first
//! and named in the trainer's words: characters pasted from Word or typed by a Chinese input
//! method that look like the ones YAML needs ([`lookalike`]), and a value that opens with a
//! quote and goes on after its closing quote.

use crate::date::Date;
use crate::diagnostics::{Diagnostic, did_you_mean};
use serde_yaml::Value;

mod lookalike;

/// A YAML mapping being read field by field, reporting into `problems`.
pub struct Fields<'a> {
    map: serde_yaml::Mapping,
    /// The whole file, for positions and source lines.
    file: &'a str,
    /// Byte offset of the YAML text inside `file`.
    yaml_start: usize,
    yaml: &'a str,
    path: &'a str,
    pub problems: Vec<Diagnostic>,
}

/// Parses `yaml` (found at byte `yaml_start` of `file`) as a mapping. On a syntax error, returns
/// the located diagnostics (what libyaml says, or what deskbook recognises as its cause).
///
/// Look-alike characters in the structure of a line (see [`lookalike`]) are reported, then
/// replaced by what they stand for before parsing, so the other keys are still checked.
pub fn parse_mapping<'a>(
    file: &'a str,
    yaml_start: usize,
    yaml_end: usize,
    path: &'a str,
    what: &str,
) -> Result<Fields<'a>, Vec<Diagnostic>> {
    let yaml = &file[yaml_start..yaml_end];
    let findings = lookalike::scan(yaml);
    let problems: Vec<Diagnostic> = findings
        .iter()
        .map(|f| {
            let d = if f.structural {
                Diagnostic::error(path, f.message.clone()).with_code("look-alike-character")
            } else {
                Diagnostic::warning(path, f.message.clone()).with_code("invisible-character")
            };
            d.at_offset(file, yaml_start + f.offset)
        })
        .collect();
    let repaired = findings
        .iter()
        .any(|f| f.structural)
        .then(|| lookalike::repair(yaml, &findings));
    let map = match serde_yaml::from_str::<Value>(repaired.as_deref().unwrap_or(yaml)) {
        Ok(Value::Mapping(map)) => map,
        Ok(Value::Null) => serde_yaml::Mapping::new(),
        Ok(_) => {
            let mut problems = problems;
            problems.push(
                Diagnostic::error(path, format!("{what} must be a list of `key: value` lines"))
                    .with_code("yaml-syntax")
                    .at_offset(file, yaml_start),
            );
            return Err(problems);
        }
        Err(err) => {
            let mut problems = problems;
            let quoted = quote_then_text(yaml);
            // After a repair, libyaml's position is in the repaired text, and the look-alikes
            // are the likely cause.
            if quoted.is_empty() && repaired.is_none() {
                problems.push(syntax_error(file, yaml_start, yaml, path, what, &err));
            }
            for (offset, message) in quoted {
                problems.push(
                    Diagnostic::error(path, message)
                        .with_code("quote-ends-value")
                        .at_offset(file, yaml_start + offset),
                );
            }
            return Err(problems);
        }
    };
    Ok(Fields {
        map,
        file,
        yaml_start,
        yaml,
        path,
        problems,
    })
}

/// libyaml's error, located in the file, with a hint for the usual causes.
fn syntax_error(
    file: &str,
    yaml_start: usize,
    yaml: &str,
    path: &str,
    what: &str,
    err: &serde_yaml::Error,
) -> Diagnostic {
    let (message, context) = strip_positions(&err.to_string());
    // libyaml's index counts bytes, its columns count characters.
    let mut offset = err.location().map_or(0, |loc| loc.index());
    // "while scanning a quoted scalar at line 1 column 8": the opening quote is more
    // useful than the end of the file where libyaml gave up.
    if let Some((line, column)) = context.filter(|_| message.contains("while scanning")) {
        offset = line_column_offset(yaml, line, column);
    }
    let offset = floor_char_boundary(yaml, offset);
    let line_text = yaml[yaml[..offset].rfind('\n').map_or(0, |i| i + 1)..]
        .lines()
        .next()
        .unwrap_or("");
    let hint = if line_text.contains('\t') {
        " (YAML indentation must use spaces, not tabs)"
    } else if message.contains("quoted scalar") {
        " (a quote is opened but never closed)"
    } else if message.contains("mapping values are not allowed") {
        " (a value containing `: ` must be put in quotes)"
    } else {
        ""
    };
    Diagnostic::error(path, format!("invalid YAML in {what}: {message}{hint}"))
        .with_code("yaml-syntax")
        .at_offset(file, yaml_start + offset)
}

/// Top-level values that open with a quote and go on after its closing quote
/// (`summary: "Pick up quickly" is the rule`): YAML ends the value at the closing quote, so
/// the rest of the line is a syntax error. Returns, for each, the closing quote's byte offset
/// in `yaml` and what to write instead.
fn quote_then_text(yaml: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let line = line.trim_end();
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let Some((key, rest)) = line.split_once(": ") else {
            continue;
        };
        let value = rest.trim_start();
        let value_at = line.len() - value.len();
        let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let mut close = None;
        let mut chars = value.char_indices().skip(1).peekable();
        while let Some((i, c)) = chars.next() {
            if quote == '"' && c == '\\' {
                chars.next();
            } else if c == quote {
                if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    close = Some(i);
                    break;
                }
            }
        }
        let Some(close) = close else { continue };
        let after = value[close + 1..].trim();
        if after.is_empty() || after.starts_with('#') {
            continue;
        }
        let whole = value.trim_end();
        let quoted_whole = if whole.contains('\'') {
            format!("\"{}\"", whole.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            format!("'{whole}'")
        };
        let bare = whole.replace(quote, "");
        let bare = bare.split_whitespace().collect::<Vec<_>>().join(" ");
        let plain_ok = !bare.contains(": ")
            && !bare.contains(" #")
            && !bare.starts_with(['"', '\'', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`']);
        let without = if plain_ok {
            format!(", or write it without quotes: `{key}: {bare}`")
        } else {
            String::new()
        };
        out.push((
            at + value_at + close,
            format!(
                "the value of `{key}` starts with a quote, so it ends at this closing quote, but the line goes on with `{after}`: put the whole value in quotes, `{key}: {quoted_whole}`{without}"
            ),
        ));
    }
    out
}

impl<'a> Fields<'a> {
    /// Reports every key not in `known`, with a suggestion.
    pub fn reject_unknown(&mut self, known: &[&str], what: &str) {
        let mut unknown = Vec::new();
        for key in self.map.keys() {
            match key.as_str() {
                Some(k) if known.contains(&k) => {}
                Some(k) => unknown.push(k.to_string()),
                None => unknown.push(format!("{key:?}")),
            }
        }
        for key in unknown {
            let hint = match did_you_mean(&key, known.iter().copied()) {
                Some(s) => format!("; did you mean `{s}`?"),
                None => String::new(),
            };
            let message = format!(
                "unknown key `{key}` in {what}{hint} (known keys: {})",
                known.join(", ")
            );
            let d = self.located(&key, None, message).with_code("unknown-key");
            self.problems.push(d);
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A diagnostic at `key`'s line (at `needle` within the key's block when given).
    pub fn located(&self, key: &str, needle: Option<&str>, message: String) -> Diagnostic {
        Diagnostic::error(self.path, message).at_offset(self.file, self.offset_of(key, needle))
    }

    pub fn offset_of(&self, key: &str, needle: Option<&str>) -> usize {
        offset_of(self.yaml, self.yaml_start, key, needle)
    }

    fn type_error(&mut self, key: &str, expected: &str) {
        let found = match self.get(key) {
            Some(Value::Bool(_)) => "a true/false value",
            Some(Value::Number(_)) => "a number",
            Some(Value::String(_)) => "a text",
            Some(Value::Sequence(_)) => "a list",
            Some(Value::Mapping(_)) => "a mapping",
            Some(Value::Tagged(_)) => "a tagged value",
            _ => "nothing",
        };
        let message = format!("`{key}` must be {expected}, found {found}");
        let d = self.located(key, Some(""), message).with_code("wrong-type");
        self.problems.push(d);
    }

    fn missing(&mut self, key: &str, what: &str) {
        let d = Diagnostic::error(self.path, format!("missing required key `{key}` in {what}"))
            .with_code("missing-key")
            .at_offset(self.file, self.yaml_start.saturating_sub(4));
        self.problems.push(d);
    }

    /// A text value. Numbers and booleans are accepted as their text (a title may be `2026`).
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.type_error(key, "a text");
                None
            }
        }
    }

    pub fn required_string(&mut self, key: &str, what: &str) -> Option<String> {
        if !self.has(key) {
            self.missing(key, what);
            return None;
        }
        let value = self.string(key)?;
        if value.is_empty() {
            let d = self
                .located(key, Some(""), format!("`{key}` must not be empty"))
                .with_code("empty-value");
            self.problems.push(d);
            return None;
        }
        Some(value)
    }

    /// A list of texts (`[a, b]` or a YAML block list).
    pub fn string_list(&mut self, key: &str) -> Option<Vec<String>> {
        match self.get(key)? {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                let mut bad = false;
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => bad = true,
                    }
                }
                if bad {
                    self.type_error(key, "a list of texts");
                    return None;
                }
                Some(out)
            }
            Value::String(s) => {
                let example = format!("`{key}: [{}]`", s.trim());
                self.type_error(key, &format!("a list, like {example}"));
                None
            }
            _ => {
                self.type_error(key, "a list");
                None
            }
        }
    }

    pub fn date(&mut self, key: &str) -> Option<Date> {
        let text = match self.get(key)? {
            Value::String(s) => s.trim().to_string(),
            _ => {
                self.type_error(key, "a date like 2026-09-01");
                return None;
            }
        };
        match Date::parse(&text) {
            Some(d) => Some(d),
            None => {
                let readings = Date::readings(&text);
                let hint = match readings.as_slice() {
                    [] => String::new(),
                    [one] => format!(": write `{key}: {one}`"),
                    [a, b] => format!(
                        ": write `{key}: {a}` ({}) or `{key}: {b}` ({}), whichever you meant",
                        a.spelled(),
                        b.spelled()
                    ),
                    more => format!(
                        ": write one of {}",
                        more.iter()
                            .map(|d| format!("`{d}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let message = format!(
                    "`{key}` must be a date like 2026-09-01 (YYYY-MM-DD), found `{text}`{hint}"
                );
                let d = self
                    .located(key, Some(&text), message)
                    .with_code("invalid-date");
                self.problems.push(d);
                None
            }
        }
    }

    pub fn required_date(&mut self, key: &str, what: &str) -> Option<Date> {
        if !self.has(key) {
            self.missing(key, what);
            return None;
        }
        self.date(key)
    }

    pub fn integer(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let value = match self.get(key)? {
            Value::Number(n) => n.as_i64(),
            _ => None,
        };
        match value {
            Some(v) if (min..=max).contains(&v) => Some(v),
            Some(v) => {
                let message = format!("`{key}` must be between {min} and {max}, found {v}");
                let d = self
                    .located(key, Some(&v.to_string()), message)
                    .with_code("out-of-range");
                self.problems.push(d);
                None
            }
            None => {
                self.type_error(key, "a whole number");
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => {
                self.type_error(key, "`true` or `false`");
                None
            }
        }
    }

    /// Raw access for values with their own shape (e.g. a per-language title map).
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }

    pub fn report(&mut self, key: &str, needle: Option<&str>, message: String) {
        let d = self.located(key, needle, message);
        self.problems.push(d);
    }

    /// [`Fields::report`] with a [`code`](Diagnostic::code).
    pub fn report_as(
        &mut self,
        code: &'static str,
        key: &str,
        needle: Option<&str>,
        message: String,
    ) {
        let d = self.located(key, needle, message).with_code(code);
        self.problems.push(d);
    }
}

/// Byte offset in the file of a top-level `key` of the YAML text `yaml` (which starts at byte
/// `yaml_start` of the file): at the key itself (`needle` None), at its value (`Some("")`), or at
/// `needle` within the key's value block (falling back to the value). The start of the YAML block
/// when the key is absent.
pub fn offset_of(yaml: &str, yaml_start: usize, key: &str, needle: Option<&str>) -> usize {
    let mut offset = 0;
    let mut key_offset = None;
    for line in yaml.split_inclusive('\n') {
        let stripped = line.strip_prefix(key).map(str::trim_start);
        let is_key = stripped.is_some_and(|rest| rest.starts_with(':'))
            || (line.starts_with(['"', '\'']) && line[1..].starts_with(key));
        if is_key {
            key_offset = Some(offset);
            break;
        }
        offset += line.len();
    }
    let Some(key_offset) = key_offset else {
        return yaml_start;
    };
    if let Some(needle) = needle.filter(|n| !n.is_empty()) {
        // Search the key's line, then its indented continuation lines.
        let block_end = yaml[key_offset..]
            .split_inclusive('\n')
            .enumerate()
            .take_while(|(i, l)| *i == 0 || l.starts_with([' ', '-']) || l.trim().is_empty())
            .map(|(_, l)| l.len())
            .sum::<usize>();
        let block = &yaml[key_offset..key_offset + block_end];
        let after_colon = block.find(':').map_or(0, |i| i + 1);
        if let Some(i) = block[after_colon..].find(needle) {
            return yaml_start + key_offset + after_colon + i;
        }
    }
    if needle.is_none() {
        return yaml_start + key_offset;
    }
    let line = &yaml[key_offset..];
    let colon = line.find(':').unwrap_or(0);
    let rest = &line[colon + 1..];
    let value = rest.len() - rest.trim_start_matches(' ').len();
    yaml_start + key_offset + colon + 1 + value
}

/// Byte offset in `text` of the 1-based `line` and character `column` (libyaml's way of counting),
/// clamped to the end of that line, or of the text.
fn line_column_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    let in_line = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    line_start + in_line
}

/// `offset` clamped to `text` and moved back to the start of the character it falls in.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Removes libyaml's ` at line N column M` fragments (they count from the start of the YAML, not
/// of the file) and returns the last one, the context position, 1-based.
fn strip_positions(message: &str) -> (String, Option<(usize, usize)>) {
    let mut out = String::with_capacity(message.len());
    let mut last = None;
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let line_digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let after_line = &after[line_digits.len()..];
        let Some(col_part) = after_line.strip_prefix(" column ") else {
            out.push_str(" at line ");
            rest = after;
            continue;
        };
        let col_digits: String = col_part.chars().take_while(char::is_ascii_digit).collect();
        last = line_digits.parse().ok().zip(col_digits.parse().ok());
        rest = &col_part[col_digits.len()..];
    }
    out.push_str(rest);
    (out, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libyaml_columns_count_characters_not_bytes() {
        // Seen while writing the `content` fuzz target: with a key in Chinese before an unclosed
        // quote, the character column landed inside a character and the slice panicked.
        let text = "---\n标题: \"你好\n---\n";
        let d = parse_mapping(text, 4, text.len() - 4, "a.md", "front matter")
            .err()
            .expect("an unclosed quote is a syntax error")
            .remove(0);
        assert_eq!((d.line, d.column), (2, 5), "{d}");
        assert_eq!(d.source_line, "标题: \"你好");
        assert_eq!(line_column_offset("ab\néé x", 2, 3), "ab\néé".len());
        assert_eq!(line_column_offset("ab\né", 2, 9), "ab\né".len());
        assert_eq!(line_column_offset("ab", 7, 1), 2);
        assert_eq!(floor_char_boundary("é", 1), 0);
        assert_eq!(floor_char_boundary("é", 9), 2);
    }
}
