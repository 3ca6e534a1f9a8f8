//! Everything the commands print on the terminal, in one place.
//!
//! Policy: problems and progress go to stderr, results meant for other programs
//! (`check --format json`, `search --json`, search results) to stdout. Colour only when stderr is
//! a terminal and `NO_COLOR` is not set, so logs and CI output stay plain text. A closed stdout
//! (`deskbook search … | head`) is a normal end, not an error. Counts read as a person would say
//! them ("1 error, 2 warnings"). Keeping the wording here means a command module decides *what*
//! happened and this module alone decides how it reads; the snapshot tests of `check` and
//! `build` pin the result.

use crate::diagnostics::{Diagnostic, Severity, count, counted};
use crate::pipeline::Summary;
use crate::watch::Round;
use std::io::{IsTerminal, Write};

/// A panic is a bug in deskbook; say so plainly instead of printing a backtrace at a trainer.
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "deskbook: internal error{location}: {message}\nThis is a bug in deskbook, not in your content. Please report it with the command you ran."
        );
    }));
}

fn color_enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn paint(text: &str, severity: Severity) -> String {
    if !color_enabled() {
        return text.to_string();
    }
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// A command that could not run at all (a missing folder, a port in use): the whole cause chain.
pub(crate) fn print_error(err: &anyhow::Error) {
    eprintln!("{}: {err:#}", paint("error", Severity::Error));
}

/// Each diagnostic as a compiler prints it, its severity coloured.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let text = d.to_string();
        let label = format!(": {}: ", d.severity);
        let text = text.replacen(
            &label,
            &format!(": {}: ", paint(&d.severity.to_string(), d.severity)),
            1,
        );
        let _ignored = writeln!(err, "{text}");
    }
}

/// "2 errors", "1 warning", "1 error, 3 warnings" (warnings alone when there is no error).
pub(crate) fn counts(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, w) => counted(w, "warning", "warnings"),
        (e, 0) => counted(e, "error", "errors"),
        (e, w) => format!(
            "{}, {}",
            counted(e, "error", "errors"),
            counted(w, "warning", "warnings")
        ),
    }
}

/// Writes to stdout. A closed pipe (`deskbook search … | head`) is a normal end, not an error:
/// the reader has what it wanted.
pub(crate) fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}

/// "Building ROOT ...", before a build or the first round of `watch`/`serve`.
pub(crate) fn building(root: &std::path::Path) {
    eprintln!("Building {} ...", root.display());
}

/// `build --timings`: one line per stage, in pipeline order.
pub(crate) fn timings_table(s: &Summary) -> String {
    let mut text = String::from("Timings:\n");
    for phase in &s.phases {
        text.push_str(&format!("  {:>9.1} ms  {}\n", phase.millis, phase.name));
    }
    text.push_str(&format!("  {:>9} ms  total\n", s.millis));
    text
}

/// The line a successful build ends with.
pub(crate) fn build_line(s: &Summary) -> String {
    format!(
        "Built {} ({}, {}, {}, {}) in {} ms into {}",
        counted(s.pages, "page", "pages"),
        counted(s.practices, "practice", "practices"),
        counted(s.rights, "right", "rights"),
        counted(s.categories, "category", "categories"),
        counted(s.languages, "language", "languages"),
        s.millis,
        s.out
    )
}

/// The line a failed build ends with: the previous output is still the published one.
pub(crate) fn build_failed(errors: usize, warnings: usize, out: &std::path::Path) {
    eprintln!(
        "Build failed: {}; the previous output in {} is unchanged.",
        counts(errors.max(1), warnings),
        out.display()
    );
}

/// The line `check` ends with in human format.
pub(crate) fn check_line(summary: Option<&Summary>, errors: usize, warnings: usize) -> String {
    match summary {
        Some(s) if errors == 0 => format!(
            "Checked {}, {}, {} in {}: {}.",
            counted(s.practices, "practice", "practices"),
            counted(s.rights, "right", "rights"),
            counted(s.categories, "category", "categories"),
            counted(s.languages, "language", "languages"),
            if warnings == 0 {
                "no problems".to_string()
            } else {
                counts(0, warnings)
            }
        ),
        _ => format!("Check failed: {}.", counts(errors.max(1), warnings)),
    }
}

/// Prints `watch` and `serve` rounds the way a build prints its result, without repeating the
/// problems already on screen each time an unrelated file is saved.
#[derive(Default)]
pub(crate) struct RoundReporter {
    shown: Vec<Diagnostic>,
}

impl RoundReporter {
    /// Prints what `round` changed, and its problems when they differ from the last ones shown.
    pub(crate) fn report(&mut self, round: &Round) {
        let had_errors = count(&self.shown, Severity::Error) > 0;
        let news = round.diagnostics != self.shown;
        if news {
            print_diagnostics(&round.diagnostics);
        }
        let ms = round.elapsed.as_millis();
        let wrote = !round.written.is_empty() || !round.removed.is_empty();
        if round.errors() > 0 {
            if news {
                let warnings = count(&round.diagnostics, Severity::Warning);
                eprintln!(
                    "{}; the output is unchanged until they are fixed.",
                    counts(round.errors(), warnings)
                );
            }
        } else if wrote
            && round.rendered == 0
            && round.written.iter().all(|p| p.starts_with("assets/"))
        {
            eprintln!("Search index updated in {ms} ms");
        } else if wrote {
            eprintln!(
                "Updated {} ({} rendered, {} removed) in {ms} ms",
                counted(round.written.len(), "file", "files"),
                counted(round.rendered, "page", "pages"),
                round.removed.len(),
            );
        } else if had_errors {
            eprintln!("All problems fixed; the output is up to date.");
        }
        self.shown.clone_from(&round.diagnostics);
    }
}

/// `deskbook feedback`: each entry that got feedback, the ones that most need their owner's
/// attention first ("no" answers and reasons), with its latest `comments` comments; then the
/// searches that found nothing, the most frequent first.
pub(crate) fn feedback_summary(
    file: &str,
    by_entry: &std::collections::BTreeMap<String, crate::feedback::EntryFeedback>,
    searches: &crate::feedback::EmptySearches,
    comments: usize,
) -> String {
    let submissions: usize = by_entry.values().map(|e| e.submissions).sum();
    if submissions == 0 && searches.is_empty() {
        return format!("{file}: no feedback yet.\n");
    }
    let mut text = format!(
        "{file}: {} on {}",
        counted(submissions, "submission", "submissions"),
        counted(by_entry.len(), "entry", "entries")
    );
    if !searches.is_empty() {
        let reported: usize = searches.values().map(|(n, _)| n).sum();
        text.push_str(&format!(
            ", {}",
            counted(
                reported,
                "search that found nothing",
                "searches that found nothing"
            )
        ));
    }
    text.push_str(".\n");
    let mut entries: Vec<_> = by_entry.iter().collect();
    entries.sort_by(|a, b| b.1.concern().cmp(&a.1.concern()).then(a.0.cmp(b.0)));
    for (id, entry) in entries {
        text.push_str(&format!(
            "\n{id} ({})\n",
            counted(entry.submissions, "submission", "submissions")
        ));
        if entry.yes + entry.no > 0 {
            text.push_str(&format!("  helpful: {} yes, {} no\n", entry.yes, entry.no));
        }
        if !entry.reasons.is_empty() {
            let reasons: Vec<String> = crate::config::FEEDBACK_REASONS
                .iter()
                .filter_map(|r| entry.reasons.get(*r).map(|n| format!("{r} {n}")))
                .collect();
            text.push_str(&format!("  reasons: {}\n", reasons.join(", ")));
        }
        if comments > 0 && !entry.comments.is_empty() {
            text.push_str("  latest comments:\n");
            for (received, lang, comment) in entry.comments.iter().take(comments) {
                let day = received.get(..10).unwrap_or(received);
                let one_line: String = comment.split_whitespace().collect::<Vec<_>>().join(" ");
                text.push_str(&format!("    {day} [{lang}] {one_line}\n"));
            }
        }
    }
    if !searches.is_empty() {
        text.push_str("\nsearches that found nothing:\n");
        let mut list: Vec<_> = searches.iter().collect();
        list.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        for (query, (count, langs)) in list {
            let langs: Vec<&str> = langs.iter().map(String::as_str).collect();
            text.push_str(&format!("  {count} × “{query}” [{}]\n", langs.join(", ")));
        }
    }
    text
}

/// `deskbook feedback` after lines it could not read (already reported one by one).
pub(crate) fn feedback_skipped(lines: usize) {
    eprintln!(
        "{} {} not feedback: fix or remove {}, then run `deskbook feedback` again.",
        counted(lines, "line", "lines"),
        if lines == 1 { "is" } else { "are" },
        if lines == 1 { "it" } else { "them" }
    );
}

#[cfg(test)]
mod tests {
    use super::counts;

    #[test]
    fn counts_read_as_a_person_says_them() {
        assert_eq!(counts(0, 0), "0 warnings");
        assert_eq!(counts(0, 1), "1 warning");
        assert_eq!(counts(1, 0), "1 error");
        assert_eq!(counts(2, 1), "2 errors, 1 warning");
    }
}
