//! HTML snippets: an escaped fragment of text with `<mark>` around the matched words.

use std::collections::HashMap;

use crate::Marks;
use crate::analysis::{self, Family};

/// Appends `s` HTML-escaped, with whitespace runs collapsed to one space.
fn push_escaped(out: &mut String, s: &str, last_was_space: &mut bool) {
    for c in s.chars() {
        if c.is_whitespace() {
            if !*last_was_space {
                out.push(' ');
            }
            *last_was_space = true;
            continue;
        }
        *last_was_space = false;
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// The beginning of `text`'s first block (the plain text has a line per paragraph, heading,
/// list item or table cell), at most `max_chars` characters, cut at a sentence end or else a
/// word boundary; escaped, no marks.
pub(crate) fn plain(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    let line_end = text.find('\n').unwrap_or(text.len());
    let end = byte_at_char(text, 0, max_chars).min(line_end);
    let (end, cut) = if end < line_end {
        // A first sentence of at least half the length reads better than a cut one.
        match sentence_end(text, 0, end / 2, end) {
            Some(e) => (e, false),
            None => (snap_end(text, 0, end), true),
        }
    } else {
        (end, false)
    };
    let mut out = String::new();
    let mut sp = false;
    push_escaped(&mut out, text[..end].trim_end(), &mut sp);
    if cut {
        out.push('…');
    }
    out
}

/// Whether `c` ends a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '。' | '！' | '？' | '；' | ';' | ':' | '：'
    )
}

/// Whether the sentence-ending character `c` at byte `i` ends a sentence there: CJK
/// punctuation always, ASCII punctuation when whitespace (or, with `at_end`, the end of the
/// text) follows (`e.g.` inside a word does not).
fn closes_sentence(text: &str, i: usize, c: char, at_end: bool) -> bool {
    ends_sentence(c)
        && (!c.is_ascii()
            || text[i + c.len_utf8()..]
                .chars()
                .next()
                .map_or(at_end, char::is_whitespace))
}

/// The end of the last sentence that ends in `text[from..to]` (just after its punctuation), if
/// it is past `min_end`.
fn sentence_end(text: &str, from: usize, min_end: usize, to: usize) -> Option<usize> {
    let (i, c) = text[from..to]
        .char_indices()
        .rev()
        .find(|&(i, c)| closes_sentence(text, from + i, c, true))?;
    let end = from + i + c.len_utf8();
    (end > min_end).then_some(end)
}

/// The start of the sentence that holds byte `at`, if it starts after `from`.
fn sentence_start(text: &str, from: usize, at: usize) -> Option<usize> {
    let (i, c) = text[from..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| closes_sentence(text, from + i, c, false))?;
    let after = from + i + c.len_utf8();
    Some(after + (text[after..at].len() - text[after..at].trim_start().len()))
}

/// Byte offset `n` characters after byte offset `from` (or the end of text).
fn byte_at_char(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map(|(i, _)| from + i)
        .unwrap_or(text.len())
}

/// Byte offset `n` characters before byte offset `to` (or 0).
fn byte_before_char(text: &str, to: usize, n: usize) -> usize {
    if n == 0 {
        return to;
    }
    text[..to]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// Moves an end offset back to the last whitespace before it, if there is one after `min`.
fn snap_end(text: &str, min: usize, end: usize) -> usize {
    match text[min..end].rfind(char::is_whitespace) {
        Some(i) if min + i > min => min + i,
        _ => end,
    }
}

/// Moves a start offset forward to just after the next whitespace, if that stays before `max`.
fn snap_start(text: &str, start: usize, max: usize) -> usize {
    if start == 0 {
        return 0;
    }
    match text[start..max].find(char::is_whitespace) {
        Some(i) => {
            let ws = start + i;
            let c = text[ws..].chars().next().map(char::len_utf8).unwrap_or(1);
            ws + c
        }
        None => start,
    }
}

/// The matches of `terms` in `text`, as (from, to, query word) in text order. Words repeat a lot,
/// so their analysis is memoized.
fn find_matches(family: Family, text: &str, terms: &Marks) -> Vec<(usize, usize, usize)> {
    let mut memo: HashMap<&str, Option<usize>> = HashMap::new();
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    for piece in analysis::pieces(text) {
        let (from, to, hit) = match piece {
            analysis::Piece::Word(w, from, to) => {
                let hit = *memo.entry(w).or_insert_with(|| {
                    if w.chars().count() > analysis::MAX_WORD_CHARS {
                        return None;
                    }
                    analysis::word_variants(family, w)
                        .iter()
                        .find_map(|v| terms.get(v).copied())
                });
                (from, to, hit)
            }
            analysis::Piece::Cjk(g, from, to) => (from, to, terms.get(g).copied()),
        };
        if let Some(w) = hit {
            matches.push((from, to, w));
        }
    }
    matches
}

/// The window `start..end` of `text`, escaped, with `<mark>` around the matches inside it and
/// `…` where it cuts a block.
fn render_window(
    text: &str,
    matches: &[(usize, usize, usize)],
    (start, end): (usize, usize),
    (cut_start, cut_end): (bool, bool),
) -> String {
    // Merge overlapping highlight ranges (CJK bigrams overlap) inside the window.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for m in matches {
        if m.0 < start || m.1 > end {
            continue;
        }
        match ranges.last_mut() {
            Some(r) if m.0 < r.1 => r.1 = r.1.max(m.1),
            _ => ranges.push((m.0, m.1)),
        }
    }

    let mut out = String::new();
    let mut sp = true;
    if cut_start {
        out.push('…');
        sp = false;
    }
    let body = &text[start..end];
    let trimmed_start = start + (body.len() - body.trim_start().len());
    let trimmed_end = start + body.trim_end().len();
    let mut cursor = trimmed_start;
    for (a, b) in ranges {
        if a > cursor {
            push_escaped(&mut out, &text[cursor..a], &mut sp);
        }
        out.push_str("<mark>");
        push_escaped(&mut out, &text[a..b], &mut sp);
        out.push_str("</mark>");
        cursor = b;
    }
    if cursor < trimmed_end {
        push_escaped(&mut out, &text[cursor..trimmed_end], &mut sp);
    }
    if cut_end {
        out.push('…');
    }
    out
}

/// A snippet of `text` around the best cluster of matches, or `None` if no token of `text`
/// (analyzed for `family`) is among `terms` (term → query word index).
pub(crate) fn highlight(
    family: Family,
    text: &str,
    terms: &Marks,
    max_chars: usize,
) -> Option<String> {
    highlight_counted(family, text, terms, max_chars).map(|(snippet, _)| snippet)
}

/// The words of `text` (outside CJK runs) that match `terms`, as written, each once (compared
/// in lower case), in order of first appearance, at most `max`: what the page a result leads to
/// highlights, every form that matched (`kosztach` for `kosztow`, `brought` for `bring`).
pub(crate) fn matched_words(family: Family, text: &str, terms: &Marks, max: usize) -> Vec<String> {
    let mut memo: HashMap<&str, bool> = HashMap::new();
    let mut out: Vec<String> = Vec::new();
    for piece in analysis::pieces(text) {
        let analysis::Piece::Word(w, _, _) = piece else {
            continue;
        };
        let hit = *memo.entry(w).or_insert_with(|| {
            w.chars().count() <= analysis::MAX_WORD_CHARS
                && analysis::word_variants(family, w)
                    .iter()
                    .any(|v| terms.contains_key(v))
        });
        if hit && !out.iter().any(|o| o.to_lowercase() == w.to_lowercase()) {
            out.push(w.to_string());
            if out.len() == max {
                break;
            }
        }
    }
    out
}

/// [`highlight`], and how many distinct query words the snippet marks.
pub(crate) fn highlight_counted(
    family: Family,
    text: &str,
    terms: &Marks,
    max_chars: usize,
) -> Option<(String, usize)> {
    if terms.is_empty() || text.is_empty() {
        return None;
    }
    let matches = find_matches(family, text, terms);
    if matches.is_empty() {
        return None;
    }
    // Char offsets of match starts/ends.
    let char_of = {
        let mut idx: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        idx.push(text.len());
        move |byte: usize| idx.partition_point(|&b| b < byte)
    };
    let cm: Vec<(usize, usize)> = matches
        .iter()
        .map(|m| (char_of(m.0), char_of(m.1)))
        .collect();
    // The plain text has one line per block (paragraph, heading, list item, table cell): a
    // snippet never runs one block into the next.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |byte: usize| line_starts.partition_point(|&s| s <= byte) - 1;
    let line_end = |line: usize| {
        line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1)
    };
    let lines: Vec<usize> = matches.iter().map(|m| line_of(m.0)).collect();
    // Best window: most distinct query words, then most matches, then earliest.
    let mut best = (0usize, 0usize, 0usize); // (distinct, count, anchor)
    for i in 0..matches.len() {
        let mut words: Vec<usize> = Vec::new();
        let mut count = 0;
        let mut j = i;
        while j < matches.len() && lines[j] == lines[i] && cm[j].1 - cm[i].0 <= max_chars {
            if !words.contains(&matches[j].2) {
                words.push(matches[j].2);
            }
            count += 1;
            j += 1;
        }
        if (words.len(), count) > (best.0, best.1) {
            best = (words.len(), count, i);
        }
    }
    let anchor = best.2;
    let line = lines[anchor];
    let (block_start, block_end) = (line_starts[line], line_end(line));
    // Last match inside the window.
    let mut last = anchor;
    while last + 1 < matches.len()
        && lines[last + 1] == line
        && cm[last + 1].1 - cm[anchor].0 <= max_chars
    {
        last += 1;
    }
    let span = cm[last].1.saturating_sub(cm[anchor].0);
    let slack = max_chars.saturating_sub(span);
    let lead = (slack / 2).min(40);
    let first_from = matches[anchor].0;
    // Start at the block's start, or the sentence's, when that keeps the match in view; else a
    // word boundary shortly before the match.
    let (mut start, mut cut_start) = (block_start, false);
    if text[block_start..first_from].chars().count() > lead {
        match sentence_start(text, block_start, first_from) {
            Some(s) if text[s..first_from].chars().count() <= slack.max(lead) => start = s,
            _ => {
                start = byte_before_char(text, first_from, lead).max(block_start);
                start = snap_start(text, start, first_from);
                cut_start = start > block_start;
            }
        }
    }
    let mut end = byte_at_char(text, start, max_chars).min(block_end);
    if end < matches[last].1 {
        end = matches[last].1;
    }
    let mut cut_end = false;
    if end < block_end {
        // Better a whole sentence around the match than more text cut mid-sentence.
        match sentence_end(text, matches[last].1, matches[last].1, end) {
            Some(e) => end = e,
            None => {
                end = snap_end(text, matches[last].1, end);
                cut_end = true;
            }
        }
    }

    let out = render_window(text, &matches, (start, end), (cut_start, cut_end));
    Some((out, best.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_marks() {
        let mut terms = Marks::new();
        terms.insert("privaci".to_string(), 0);
        let s = highlight(
            Family::En,
            "Use <script>alert(1)</script> & protect privacy.",
            &terms,
            160,
        )
        .unwrap();
        assert_eq!(
            s,
            "Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; protect <mark>privacy</mark>."
        );
    }

    #[test]
    fn window_around_match() {
        let mut terms = Marks::new();
        terms.insert("needl".to_string(), 0);
        let text = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let s = highlight(Family::En, &text, &terms, 60).unwrap();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>needle</mark>"), "{s}");
        assert!(s.chars().count() < 90, "{s}");
    }

    #[test]
    fn cjk_overlapping_marks_merge() {
        let mut terms = Marks::new();
        for t in ["保护", "护隐", "隐私"] {
            terms.insert(t.to_string(), 0);
        }
        let s = highlight(Family::Zh, "我们要保护隐私。", &terms, 160).unwrap();
        assert_eq!(s, "我们要<mark>保护隐私</mark>。");
    }
}
