//! Splitting a file into YAML front matter and Markdown body, and reading the front matter into
//! [`Meta`] with every problem located.
//!
//! Line numbers stay those of the whole file: the YAML is parsed in place (by byte range), so a
//! problem on the fourth line of the file is reported at line 4, not at line 3 of the YAML.

use crate::content::Kind;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::yaml;

/// Front matter of any kind of file. What is required depends on the kind and on whether the file
/// is an original or a translation; the model stage checks inherited keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: String,
    pub summary: Option<String>,
    pub rights: Option<Vec<String>>,
    /// The competencies a practice builds (ids of `content/competencies/`).
    pub competencies: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    pub audience: Option<Vec<String>>,
    pub owner: Option<String>,
    pub updated: Option<Date>,
    pub review_every_months: Option<u32>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub number: Option<u32>,
    /// One line on what changed at `updated` (practices; each language its own).
    pub changes: Option<String>,
    /// The day the entry was first published (practices; taken from the original).
    pub created: Option<Date>,
}

/// Where the parts of a file are, as byte offsets into its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub body_start: usize,
}

pub fn split(text: &str, path: &str) -> Result<Split, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        let found = text[..first_line_end].trim();
        let message = if found.is_empty() && text.trim().is_empty() {
            "the file is empty: it needs front matter between `---` lines (run `deskbook new practice CATEGORY/SLUG` for a skeleton)".to_string()
        } else {
            "missing front matter: the file must start with a line `---`, then `key: value` lines (at least `title:`), then `---`".to_string()
        };
        return Err(Diagnostic::error(path, message)
            .with_code("missing-front-matter")
            .at(text, 1, 1));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml_start,
                yaml_end: offset,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        "front matter is not closed: add a line `---` after the last `key: value` line",
    )
    .with_code("unclosed-front-matter")
    .at(text, 1, 1))
}

fn known_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Practice => &[
            "title",
            "summary",
            "rights",
            "competencies",
            "tags",
            "audience",
            "owner",
            "updated",
            "review_every_months",
            "weight",
            "draft",
            "changes",
            "created",
        ],
        Kind::Right => &["title", "number", "summary", "updated", "owner"],
        Kind::Competency => &["title", "summary", "updated", "owner", "weight"],
        Kind::Category => &["title", "summary", "weight"],
        Kind::Home => &["title", "summary"],
        Kind::Page => &["title", "summary", "owner", "updated", "weight", "draft"],
    }
}

/// Which keys a file must have. Translations may leave out what they inherit.
fn required_keys(kind: Kind, is_translation: bool) -> &'static [&'static str] {
    match (kind, is_translation) {
        (Kind::Practice, false) => &["title", "summary", "rights", "owner", "updated"],
        (Kind::Practice, true) => &["title", "summary", "owner", "updated"],
        (Kind::Right, false) => &["title", "number", "summary", "updated", "owner"],
        (Kind::Right, true) => &["title", "summary", "updated", "owner"],
        (Kind::Competency, _) => &["title", "summary", "updated", "owner"],
        (Kind::Category, _) => &["title", "summary"],
        (Kind::Home | Kind::Page, _) => &["title"],
    }
}

/// The keys a translation takes from its original, so that an original must have them.
pub fn inherited_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Practice => &["rights"],
        Kind::Right => &["number"],
        Kind::Category | Kind::Home | Kind::Page | Kind::Competency => &[],
    }
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Practice => "a practice entry",
        Kind::Right => "a right",
        Kind::Category => "a category's _index.md",
        Kind::Home => "the home page",
        Kind::Page => "a page",
        Kind::Competency => "a competency",
    }
}

/// Reads the front matter at `split` of `text`. Returns the meta (best effort) and the problems.
pub fn parse(
    text: &str,
    split: Split,
    path: &str,
    kind: Kind,
    is_translation: bool,
) -> (Meta, Vec<Diagnostic>) {
    let what = kind_name(kind);
    let mut fields =
        match yaml::parse_mapping(text, split.yaml_start, split.yaml_end, path, "front matter") {
            Ok(fields) => fields,
            Err(problems) => return (Meta::default(), problems),
        };
    fields.reject_unknown(known_keys(kind), &format!("the front matter of {what}"));
    for key in required_keys(kind, is_translation) {
        if !fields.has(key) {
            // Reported at the opening `---` line: the key is not anywhere else.
            let message = format!("missing required key `{key}` in the front matter of {what}");
            fields.problems.push(
                Diagnostic::error(path, message)
                    .with_code("missing-key")
                    .at(text, 1, 1),
            );
        }
    }
    let known = known_keys(kind);
    let wants = |k: &str| known.contains(&k);
    let mut meta = Meta {
        title: fields.string("title").unwrap_or_default(),
        summary: fields.string("summary"),
        ..Meta::default()
    };
    if meta.title.is_empty() && fields.has("title") {
        fields.report_as(
            "empty-value",
            "title",
            Some(""),
            "`title` must not be empty".into(),
        );
    }
    if wants("rights") {
        meta.rights = fields.string_list("rights");
        if meta.rights.as_ref().is_some_and(Vec::is_empty) {
            fields.report_as(
                "empty-value",
                "rights",
                Some("["),
                "`rights` must name at least one right, like `rights: [courtesy]`".into(),
            );
        }
    }
    if wants("competencies") {
        meta.competencies = fields.string_list("competencies");
    }
    if wants("tags") {
        meta.tags = fields.string_list("tags");
        for tag in meta.tags.clone().unwrap_or_default() {
            if !is_slug(&tag) {
                let fix = match slugify(&tag) {
                    s if s.is_empty() => "like `front-desk`".to_string(),
                    s => format!("write `{s}`"),
                };
                fields.report_as(
                    "invalid-tag",
                    "tags",
                    Some(&tag),
                    format!(
                        "tag `{tag}` must be a lower-case slug: letters, digits and hyphens; {fix}"
                    ),
                );
            } else if tag == "index" {
                // Its page would be tags/index.html, which lists every tag.
                fields.report_as(
                    "invalid-tag",
                    "tags",
                    Some(&tag),
                    "tag `index` is reserved: its page would replace the list of all tags; choose another name, like `indexing`".to_string(),
                );
            }
        }
    }
    if wants("audience") {
        meta.audience = fields.string_list("audience");
    }
    if wants("owner") {
        meta.owner = fields.string("owner");
    }
    if wants("updated") {
        meta.updated = fields.date("updated");
    }
    if wants("review_every_months") {
        meta.review_every_months = fields
            .integer("review_every_months", 1, 120)
            .map(|v| v as u32);
    }
    if wants("weight") {
        meta.weight = fields.integer("weight", -1_000_000, 1_000_000);
    }
    if wants("draft") {
        meta.draft = fields.boolean("draft").unwrap_or(false);
    }
    if wants("changes") {
        (meta.changes, meta.created) = what_changed(&mut fields);
    }
    if wants("number") {
        meta.number = fields.integer("number", 1, 1000).map(|v| v as u32);
    }
    (meta, fields.problems)
}

/// A practice's `changes:` (one line on what changed at `updated`) and `created:` date.
fn what_changed(fields: &mut yaml::Fields<'_>) -> (Option<String>, Option<Date>) {
    let changes = fields.string("changes").filter(|c| !c.is_empty());
    if changes.as_deref().is_some_and(|c| c.contains('\n')) {
        fields.report_as(
            "wrong-type",
            "changes",
            Some(""),
            "`changes` is one line on what changed at `updated`, like `changes: added the phone script`".into(),
        );
    }
    (changes, fields.date("created"))
}

/// The slug a trainer most likely meant by `text`: `First Contact` → `first-contact`,
/// `Ściszanie głosu` → `sciszanie-glosu` (letters outside ASCII are transliterated: a tag is
/// part of a URL). May be empty.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Lower-case ASCII letters and digits separated by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(text, "a.md").unwrap();
        assert_eq!(&text[s.yaml_start..s.yaml_end], "title: A\n");
        assert_eq!(&text[s.body_start..], "Body\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("---\ntitle: A\nBody\n", "a.md").unwrap_err();
        assert!(err.message.starts_with("front matter is not closed"));
    }

    #[test]
    fn problems_are_located_in_the_file() {
        let text = "---\ntitle: Hello\nsummary: S\nrights: courtesy\nowner: Me\nupdated: yesterday\ntitel: x\n---\n";
        let s = split(text, "p.md").unwrap();
        let (_, problems) = parse(text, s, "p.md", Kind::Practice, false);
        let shown: Vec<String> = problems
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            shown,
            [
                "7:1 unknown key `titel` in the front matter of a practice entry; did you mean `title`? (known keys: title, summary, rights, competencies, tags, audience, owner, updated, review_every_months, weight, draft, changes, created)",
                "4:9 `rights` must be a list, like `rights: [courtesy]`, found a text",
                "6:10 `updated` must be a date like 2026-09-01 (YYYY-MM-DD), found `yesterday`",
            ]
        );
    }
}
