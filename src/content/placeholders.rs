//! Skeletons that were never filled in.
//!
//! `deskbook new` writes an entry full of `TODO` placeholders, marked `draft: true`, so that
//! nothing half-written is published by accident. Check keeps saying so: in a draft, the
//! placeholders are one warning (so `check --strict` does not pass a skeleton silently); once
//! `draft: true` is removed, each placeholder left is an error at its line, since the page
//! would publish "TODO title" to every colleague.

use super::Source;
use crate::diagnostics::Diagnostic;

/// A placeholder: a front-matter value or a body line whose text starts with `TODO`.
fn is_placeholder(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_digit() || matches!(c, '>' | '-' | '*' | '.' | '"' | '\'')
    });
    text.strip_prefix("TODO")
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// Where the placeholders of `source` are: (byte offset in the file, what it is).
fn find(source: &Source) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut offset = source.split.yaml_start;
    for line in source.text[source.split.yaml_start..source.split.yaml_end].split_inclusive('\n') {
        if let Some((key, value)) = line.split_once(':')
            && !line.starts_with([' ', '#'])
            && is_placeholder(value)
        {
            let at = offset + key.len() + 1 + (value.len() - value.trim_start().len());
            out.push((at, format!("`{key}`")));
        }
        offset += line.len();
    }
    let mut offset = source.split.body_start;
    let mut fenced = false;
    for line in source.body().split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && is_placeholder(line) {
            let at = offset + line.find("TODO").unwrap_or(0);
            out.push((at, "the text".to_string()));
        }
        offset += line.len();
    }
    out
}

/// The problems of `source`'s placeholders.
pub fn check(source: &Source) -> Vec<Diagnostic> {
    let found = find(source);
    let Some((first, _)) = found.first() else {
        return Vec::new();
    };
    if source.meta.draft {
        let d = Diagnostic::warning(
            source.path.clone(),
            format!(
                "this entry is a skeleton still being written ({} TODO placeholder{} left): as a draft it is not published; fill in every TODO, then remove `draft: true` to publish it",
                found.len(),
                if found.len() == 1 { "" } else { "s" }
            ),
        );
        return vec![d.with_code("skeleton").at_offset(&source.text, *first)];
    }
    found
        .into_iter()
        .map(|(at, what)| {
            Diagnostic::error(
                source.path.clone(),
                format!(
                    "{what} is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)"
                ),
            )
            .with_code("placeholder")
            .at_offset(&source.text, at)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders_are_todo_at_the_start_of_a_text() {
        for text in [
            " TODO title",
            "TODO",
            "1. TODO",
            "> \"TODO\"",
            "TODO: one paragraph",
        ] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in ["Todo lists", "TODOS", "See the TODO list", " a TODO"] {
            assert!(!is_placeholder(text), "{text}");
        }
    }
}
