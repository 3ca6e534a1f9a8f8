//! Invisible and look-alike characters in YAML, named at their column.
//!
//! Text pasted from Word, a web page or a Chinese input method brings characters that look like
//! the ones YAML needs but are not: a no-break space after `owner:`, a zero-width space inside a
//! key, a byte-order mark in the middle of a file, curly quotes around a key, a full-width colon
//! `：` after a key. libyaml then reports "could not find expected ':'" on a line that looks
//! perfectly right, or the key is read as an unknown one.
//!
//! The scan runs on every front matter, not only when parsing fails, because some of these parse
//! (`“title”: …` is a valid key, just not `title`). It tells two places apart:
//! - the *structure* of a line: a top-level key, the separator after it and the indentation.
//!   There a look-alike is always wrong: it is an error, and [`normalize`] replaces it by what
//!   was meant so that the rest of the front matter is still checked;
//! - *values*. There a no-break space, a curly quote or a full-width colon is ordinary text
//!   (Polish typography keeps one-letter words with a no-break space; Chinese text uses `：`),
//!   so only characters that are invisible *and* meaningless in text are reported, as warnings:
//!   U+200B, U+2060 and U+FEFF. U+200C and U+200D are left alone in values: scripts and emoji
//!   sequences need them.

/// One look-alike character found in YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the scanned text.
    pub offset: usize,
    pub ch: char,
    /// In the structure of the line (an error) rather than in a value (a warning).
    pub structural: bool,
    pub message: String,
}

/// What a character is called and what it stands for, when it is one deskbook looks for.
fn describe(ch: char) -> Option<(&'static str, &'static str)> {
    Some(match ch {
        '\u{00A0}' => ("no-break space", " "),
        '\u{200B}' => ("zero-width space", ""),
        '\u{200C}' => ("zero-width non-joiner", ""),
        '\u{200D}' => ("zero-width joiner", ""),
        '\u{2060}' => ("word joiner", ""),
        '\u{FEFF}' => ("byte-order mark", ""),
        '\u{201C}' => ("left curly quote “", "\""),
        '\u{201D}' => ("right curly quote ”", "\""),
        '\u{2018}' => ("left curly quote ‘", "'"),
        '\u{2019}' => ("right curly quote ’", "'"),
        '\u{FF1A}' => ("full-width colon ：", ":"),
        _ => return None,
    })
}

fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00A0}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_quote(ch: char) -> bool {
    matches!(ch, '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}')
}

/// Characters that stand for a space or for nothing in the structure of a line.
fn is_spacing(ch: char) -> bool {
    matches!(ch, ' ' | '\t') || is_invisible(ch)
}

/// `key` once look-alikes are taken out, when it looks like a front-matter key.
fn clean_key(key: &str) -> Option<String> {
    let clean: String = key
        .chars()
        .filter(|&c| !is_invisible(c) && !is_quote(c) && c != '"' && c != '\'')
        .collect();
    let clean = clean.trim().to_string();
    let mut chars = clean.chars();
    (chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then_some(clean)
}

/// Every look-alike in `yaml`, in order.
pub fn scan(yaml: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        scan_line(line.trim_end_matches('\n'), line_start, &mut out);
        line_start += line.len();
    }
    out
}

fn scan_line(line: &str, at: usize, out: &mut Vec<Finding>) {
    let reported_before = out.len();
    let mut structural = vec![false; line.len()];
    // The indentation (and a list item's dash with the space after it).
    let mut head = 0;
    for (i, c) in line.char_indices() {
        if is_spacing(c) || (c == '-' && line[i + 1..].starts_with(is_spacing)) {
            head = i + c.len_utf8();
        } else {
            break;
        }
    }
    for flag in &mut structural[..head] {
        *flag = true;
    }
    // A top-level key, its separator and the spacing after it.
    let separator = line
        .char_indices()
        .find(|&(_, c)| c == ':' || c == '\u{FF1A}');
    let key_line = line.starts_with(|c: char| !matches!(c, ' ' | '\t' | '-' | '#'));
    let key = separator
        .filter(|_| key_line)
        .and_then(|(i, c)| Some((i, c, clean_key(&line[..i])?)));
    if let Some((sep, sep_char, key)) = key {
        let mut end = sep + sep_char.len_utf8();
        for c in line[end..].chars() {
            if !is_spacing(c) {
                break;
            }
            end += c.len_utf8();
        }
        for flag in &mut structural[..end] {
            *flag = true;
        }
        for (i, c) in line[..end].char_indices() {
            let Some((name, _)) = describe(c) else {
                continue;
            };
            let fix = format!(
                "write `{key}: {}`",
                normalize(line[end..].trim_end())
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .trim_end()
            );
            let message = if c == '\u{FF1A}' {
                format!(
                    "a {name} (U+FF1A) after the key `{key}`: YAML needs the ordinary colon `:` and a space (Chinese input methods type the full-width one; switch to English input for the key): {fix}"
                )
            } else if is_quote(c) {
                format!(
                    "a {name} (U+{:04X}) around the key `{key}`: YAML knows only straight quotes, and a key needs none: {fix}",
                    c as u32
                )
            } else if i > sep {
                format!(
                    "an invisible {name} (U+{:04X}) after `{key}:`, where YAML needs an ordinary space (it comes with text pasted from Word or a web page): delete it and type a space: {fix}",
                    c as u32
                )
            } else {
                format!(
                    "an invisible {name} (U+{:04X}) in the key `{key}`{}: delete it (it takes one key press but shows nothing): {fix}",
                    c as u32,
                    if c == '\u{FEFF}' {
                        ", in the middle of the file (it comes from pasting one file into another)"
                    } else {
                        ""
                    }
                )
            };
            out.push(Finding {
                offset: at + i,
                ch: c,
                structural: true,
                message,
            });
        }
    }
    for (i, c) in line.char_indices() {
        let Some((name, _)) = describe(c) else {
            continue;
        };
        if structural[i] {
            let reported = out[reported_before..].iter().any(|f| f.offset == at + i);
            if i < head && !reported {
                out.push(Finding {
                    offset: at + i,
                    ch: c,
                    structural: true,
                    message: format!(
                        "an invisible {name} (U+{:04X}) in the indentation: YAML indents with ordinary spaces; delete it and type a space",
                        c as u32
                    ),
                });
            }
            continue;
        }
        if matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}') {
            out.push(Finding {
                offset: at + i,
                ch: c,
                structural: false,
                message: format!(
                    "an invisible {name} (U+{:04X}) in this value, probably pasted along with the text: delete it (it takes one key press but shows nothing), or it stays in the published text",
                    c as u32
                ),
            });
        }
    }
    out[reported_before..].sort_by_key(|f| f.offset);
}

/// `text` with every look-alike replaced by what it stands for.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match describe(c) {
            Some((_, meant)) => meant.chars().next(),
            None => Some(c),
        })
        .collect()
}

/// `yaml` with the structural look-alikes of `findings` replaced by what they stand for (the
/// rest, values included, unchanged). Byte offsets move, so positions must be found in `yaml`.
pub fn repair(yaml: &str, findings: &[Finding]) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut copied = 0;
    for f in findings.iter().filter(|f| f.structural) {
        out.push_str(&yaml[copied..f.offset]);
        if let Some((_, meant)) = describe(f.ch) {
            out.push_str(meant);
        }
        copied = f.offset + f.ch.len_utf8();
    }
    out.push_str(&yaml[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(yaml: &str) -> Vec<(usize, char, bool)> {
        scan(yaml)
            .into_iter()
            .map(|f| (f.offset, f.ch, f.structural))
            .collect()
    }

    #[test]
    fn structure_and_values_are_told_apart() {
        assert_eq!(found("owner:\u{a0}Circulation\n"), [(6, '\u{a0}', true)]);
        assert_eq!(found("title: w\u{a0}domu\n"), []);
        assert_eq!(found("ti\u{200b}tle: x\n"), [(2, '\u{200b}', true)]);
        assert_eq!(found("title: a\u{200b}b\n"), [(8, '\u{200b}', false)]);
        assert_eq!(found("title：你好\n"), [(5, '\u{ff1a}', true)]);
        assert_eq!(found("summary: 注意：x\n"), []);
        assert_eq!(
            found("“title”: x\n"),
            [(0, '\u{201c}', true), (8, '\u{201d}', true)]
        );
        assert_eq!(found("summary: “quoted” text\n"), []);
        assert_eq!(found("tags:\n\u{a0} - a\n"), [(6, '\u{a0}', true)]);
    }

    #[test]
    fn repair_replaces_only_the_structure() {
        let yaml = "“title”: “x”\nowner:\u{a0}A\u{a0}B\n";
        assert_eq!(
            repair(yaml, &scan(yaml)),
            "\"title\": “x”\nowner: A\u{a0}B\n"
        );
    }
}
