//! Readers' feedback on entries: what one submission is, how it is checked, how it is kept (one
//! JSON line each in `feedback.jsonl` beside `deskbook.yaml`) and how a file of them is summed up.
//!
//! The dev server's `POST /api/feedback` (`crate::serve`) writes the lines and `deskbook
//! feedback` reads them back; both check a submission with the same [`Submission::check`], so a
//! line the server wrote always reads back, and a line edited by hand is held to the same shape.

use crate::config::{FEEDBACK_REASONS, is_language_code};
use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// The file the dev server appends to and `deskbook feedback` reads, in the site folder.
pub const FEEDBACK_FILE: &str = "feedback.jsonl";

/// The largest body accepted: a comment of 2000 characters in any script fits with room.
pub const MAX_BODY: usize = 16 * 1024;
const MAX_COMMENT: usize = 2000;

/// One reader's feedback, as the form posts it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The entry's id; empty in a search report.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entry: String,
    pub lang: String,
    /// A search that found nothing (`feedback: {empty_searches: true}`), instead of an entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(default)]
    pub helpful: Option<bool>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
}

/// One line of `feedback.jsonl`: when it arrived (UTC, RFC 3339), then the submission.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Line {
    pub received: String,
    #[serde(flatten)]
    pub submission: Submission,
}

impl Submission {
    /// Reads and checks a body; the error completes "the feedback was not saved: …".
    pub fn from_json(body: &[u8]) -> Result<Submission, String> {
        let submission: Submission = serde_json::from_slice(body).map_err(|err| {
            format!("the body must be a JSON object {{entry, lang, helpful, reason, comment, page}}: {err}")
        })?;
        submission.check()?;
        Ok(submission)
    }

    /// What serde cannot check: lengths, the language code, the reason, that something is said.
    pub fn check(&self) -> Result<(), String> {
        if let Some(search) = &self.search {
            return self.check_search(search);
        }
        let entry_ok = !self.entry.trim().is_empty()
            && self.entry.chars().count() <= 200
            && !self.entry.contains(char::is_control);
        if !entry_ok {
            return Err("`entry` must be an entry id like `greetings/greeting-at-the-desk`".into());
        }
        if !is_language_code(&self.lang) {
            return Err(format!(
                "`lang` must be a language code like `en`, found `{}`",
                self.lang.chars().take(20).collect::<String>()
            ));
        }
        if let Some(reason) = &self.reason
            && !FEEDBACK_REASONS.contains(&reason.as_str())
        {
            return Err(format!(
                "`reason` must be one of {}, found `{}`",
                FEEDBACK_REASONS.join(", "),
                reason.chars().take(40).collect::<String>()
            ));
        }
        if self
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_COMMENT)
        {
            return Err(format!("`comment` is longer than {MAX_COMMENT} characters"));
        }
        if self.page.as_ref().is_some_and(|p| p.chars().count() > 2000) {
            return Err("`page` is longer than 2000 characters".into());
        }
        let says_something = self.helpful.is_some()
            || self.reason.is_some()
            || self.comment.as_ref().is_some_and(|c| !c.trim().is_empty());
        if !says_something {
            return Err(
                "the feedback says nothing: give `helpful`, a `reason` or a `comment`".into(),
            );
        }
        Ok(())
    }

    /// A search report is `{search, lang}` and nothing else.
    fn check_search(&self, search: &str) -> Result<(), String> {
        if search.trim().is_empty() || search.chars().count() > 200 {
            return Err("`search` must be the words searched for, at most 200 characters".into());
        }
        if !is_language_code(&self.lang) {
            return Err("`lang` must be a language code like `en`".into());
        }
        let alone = self.entry.is_empty()
            && self.helpful.is_none()
            && self.reason.is_none()
            && self.comment.is_none();
        if !alone {
            return Err("a search report is `{search, lang}`: it has no `entry`, `helpful`, `reason` or `comment`".into());
        }
        Ok(())
    }
}

/// Appends `line` to the file at `path` (created when missing) as one JSON line.
pub fn append(path: &Path, line: &Line, lock: &Mutex<()>) -> std::io::Result<()> {
    let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
    text.push('\n');
    let _only_writer = lock.lock().unwrap_or_else(|p| p.into_inner());
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// Now, in UTC, as `2026-11-23T14:05:09Z`.
pub fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let day = Date::from_days_since_epoch(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// What a feedback file says about one entry.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EntryFeedback {
    pub yes: usize,
    pub no: usize,
    /// Reason → how many gave it, in [`FEEDBACK_REASONS`] order when shown.
    pub reasons: BTreeMap<String, usize>,
    /// (received, lang, comment), newest first.
    pub comments: Vec<(String, String, String)>,
    pub submissions: usize,
}

impl EntryFeedback {
    /// How much the entry needs its owner's attention: "no" answers and reasons count, "yes" not.
    pub fn concern(&self) -> usize {
        self.no + self.reasons.values().sum::<usize>()
    }
}

/// The searches that found nothing: query (as first written, compared without case) → how many
/// times, and in which languages.
pub type EmptySearches = BTreeMap<String, (usize, std::collections::BTreeSet<String>)>;

/// The search reports among `lines`, counted by query.
pub fn empty_searches<'a>(lines: impl IntoIterator<Item = &'a Line>) -> EmptySearches {
    let mut first_spelling: BTreeMap<String, String> = BTreeMap::new();
    let mut out = EmptySearches::new();
    for line in lines {
        let Some(search) = &line.submission.search else {
            continue;
        };
        let search = search.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = first_spelling
            .entry(search.to_lowercase())
            .or_insert(search)
            .clone();
        let (count, langs) = out.entry(shown).or_default();
        *count += 1;
        langs.insert(line.submission.lang.clone());
    }
    out
}

/// Sums up lines by entry (in the order given; comments end newest first); search reports are
/// left to [`empty_searches`].
pub fn summarise<'a>(lines: impl IntoIterator<Item = &'a Line>) -> BTreeMap<String, EntryFeedback> {
    let mut by_entry: BTreeMap<String, EntryFeedback> = BTreeMap::new();
    for line in lines {
        let s = &line.submission;
        if s.search.is_some() {
            continue;
        }
        let entry = by_entry.entry(s.entry.clone()).or_default();
        entry.submissions += 1;
        match s.helpful {
            Some(true) => entry.yes += 1,
            Some(false) => entry.no += 1,
            None => {}
        }
        if let Some(reason) = &s.reason {
            *entry.reasons.entry(reason.clone()).or_default() += 1;
        }
        if let Some(comment) = s
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            entry
                .comments
                .push((line.received.clone(), s.lang.clone(), comment.to_string()));
        }
    }
    for entry in by_entry.values_mut() {
        entry.comments.sort_by(|a, b| b.0.cmp(&a.0));
    }
    by_entry
}

#[cfg(test)]
mod tests {
    use super::Submission;

    #[test]
    fn submissions_are_checked() {
        let ok = Submission::from_json(
            r#"{"entry":"greetings/x","lang":"pl","helpful":false,"reason":"unclear","comment":"Za długie","page":"pl/x.html"}"#.as_bytes(),
        )
        .unwrap();
        assert_eq!(ok.reason.as_deref(), Some("unclear"));
        for (body, problem) in [
            (&br#"{"entry":"x","lang":"en"}"#[..], "says nothing"),
            (br#"{"entry":"x","lang":"EN","helpful":true}"#, "`lang`"),
            (br#"{"entry":"","lang":"en","helpful":true}"#, "`entry`"),
            (
                br#"{"entry":"x","lang":"en","reason":"boring"}"#,
                "`reason`",
            ),
            (
                br#"{"entry":"x","lang":"en","helpful":"yes"}"#,
                "JSON object",
            ),
            (
                br#"{"entry":"x","lang":"en","helpful":true,"who":1}"#,
                "unknown field",
            ),
            (b"[1,2]", "JSON object"),
            (b"{", "JSON object"),
            (
                br#"{"search":"x","lang":"en","entry":"a/b"}"#,
                "a search report",
            ),
            (br#"{"search":" ","lang":"en"}"#, "`search`"),
        ] {
            let err = Submission::from_json(body).unwrap_err();
            assert!(err.contains(problem), "{err}");
        }
    }
}
