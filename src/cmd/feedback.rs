//! `deskbook feedback [FILE]`: what readers said, by entry (and which searches found nothing), from the file `deskbook serve`'s
//! `POST /api/feedback` appends to (`feedback.jsonl` in the site folder by default) or any file
//! of the same lines (a form service's export).
//!
//! Exit status: 0 when every line was read; 1 when the file cannot be read, or when any line is
//! not a feedback line. A damaged line does not stop the summary: it is reported at `FILE:LINE`
//! with what is wrong, the other lines are summed up all the same, and the status says the file
//! needs fixing, so a script that mails the summary to owners notices a truncated or hand-edited
//! file instead of reporting less than readers sent.

use crate::diagnostics::Diagnostic;
use crate::feedback::{FEEDBACK_FILE, Line, empty_searches, summarise};
use crate::messages;
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub(crate) struct FeedbackArgs {
    /// The feedback file [default: feedback.jsonl in the site folder]
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// The site folder (the one with deskbook.yaml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// How many of the latest comments to show for each entry
    #[arg(long, default_value_t = 3, value_name = "N")]
    comments: usize,
}

pub(crate) fn run(args: FeedbackArgs) -> anyhow::Result<ExitCode> {
    let path = args
        .file
        .clone()
        .unwrap_or_else(|| args.root.join(FEEDBACK_FILE));
    let shown = path
        .strip_prefix(".")
        .unwrap_or(&path)
        .display()
        .to_string();
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!("cannot read `{shown}` (`deskbook serve` writes it when readers send feedback from its pages)")
    })?;
    let (lines, problems) = read_lines(&text, &shown);
    messages::print_diagnostics(&problems);
    messages::print_stdout(&messages::feedback_summary(
        &shown,
        &summarise(&lines),
        &empty_searches(&lines),
        args.comments,
    ))?;
    if problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        messages::feedback_skipped(problems.len());
        Ok(ExitCode::from(1))
    }
}

/// The feedback lines of `text`, and a problem for every line that is not one (blank lines are
/// allowed).
fn read_lines(text: &str, path: &str) -> (Vec<Line>, Vec<Diagnostic>) {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let number = i + 1;
        match serde_json::from_str::<Line>(raw) {
            Ok(line) => match line.submission.check() {
                Ok(()) => lines.push(line),
                Err(problem) => problems.push(
                    Diagnostic::error(path, format!("not a feedback line: {problem}"))
                        .at(text, number, 1),
                ),
            },
            Err(err) => problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "not a feedback line: {}; each line must be a JSON object like {{\"received\": \"2026-11-23T10:00:00Z\", \"entry\": \"greetings/greeting-at-the-desk\", \"lang\": \"en\", \"helpful\": true}}",
                        without_position(&err)
                    ),
                )
                .at(text, number, err.column()),
            ),
        }
    }
    (lines, problems)
}

/// serde_json's message without its own "at line 1 column 7" (the diagnostic has the place).
fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
