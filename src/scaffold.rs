//! `deskbook new practice` and `deskbook init`: skeletons that pass `deskbook check` as written,
//! so a trainer starts from something valid and only has to fill in the text. A new entry's
//! skeleton is a draft full of `TODO` placeholders: check warns about it until it is filled in,
//! and it is not published before (see `content::placeholders`).

use crate::config::Config;
use crate::content::frontmatter::is_slug;
use crate::date::Date;
use crate::diagnostics::did_you_mean;
use anyhow::{Context, bail};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Skeletons are drafts: a `TODO title` must never reach the published site.
const DRAFT_LINE: &str =
    "draft: true  # fill in every TODO, then delete this line to publish the entry";

pub fn new_practice(root: &Path, path: &str, lang: Option<&str>) -> anyhow::Result<ExitCode> {
    let config = Config::load(root).map_err(|d| {
        anyhow::anyhow!(
            "{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    let Some((category, slug)) = path.split_once('/') else {
        bail!("`{path}` must be CATEGORY/SLUG, like `greetings/phone-greeting`");
    };
    if !is_slug(slug) {
        bail!("`{slug}` must be lower-case letters, digits and hyphens, like `phone-greeting`");
    }
    let practices = root.join("content/practices");
    let category_dir = practices.join(category);
    if !category_dir.join("_index.md").is_file() {
        let existing: Vec<String> = std::fs::read_dir(&practices)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut existing = existing;
        existing.sort();
        let hint = did_you_mean(category, existing.iter().map(String::as_str)).map_or_else(
            || format!(" (categories: {})", existing.join(", ")),
            |s| format!("; did you mean `{s}`?"),
        );
        bail!(
            "there is no category `{category}` (no content/practices/{category}/_index.md){hint}"
        );
    }
    let default = config.default_language();
    let lang = lang.unwrap_or(default);
    if !config.languages.iter().any(|l| l == lang) {
        bail!(
            "language `{lang}` is not in deskbook.yaml's `languages` ({})",
            config.languages.join(", ")
        );
    }
    let file = if lang == default {
        format!("{slug}.md")
    } else {
        format!("{slug}.{lang}.md")
    };
    let target = category_dir.join(&file);
    if target.exists() {
        bail!("{} already exists; edit it instead", target.display());
    }
    let today = Date::today();
    let is_translation = lang != default && category_dir.join(format!("{slug}.md")).is_file();
    let text = if is_translation {
        format!(
            "---\ntitle: TODO translated title\nsummary: TODO one sentence, translated.\nowner: TODO team\nupdated: {today}\n{DRAFT_LINE}\n---\n\nTODO: translate the body of `{slug}.md`. Keep the explicit heading ids (`{{#steps}}`) so links keep working.\n"
        )
    } else {
        format!(
            "---\ntitle: TODO title\nsummary: TODO one sentence a busy colleague can act on.\nrights: [courtesy]\ntags: []\n{audience}\nowner: TODO team\nupdated: {today}\nreview_every_months: {}\n{DRAFT_LINE}\n---\n\nTODO: one paragraph on the situation.\n\n## Why it matters {{#why-it-matters}}\n\nTODO\n\n## Steps {{#steps}}\n\n1. TODO\n\n## Say this {{#say-this}}\n\n> [!TIP]\n> \"TODO\"\n\n## Avoid this {{#avoid-this}}\n\n> [!CAUTION]\n> \"TODO\"\n",
            config.review_interval_months,
            audience = audience_line(&config.audiences),
        )
    };
    std::fs::write(&target, text).with_context(|| format!("writing `{}`", target.display()))?;
    eprintln!(
        "Created {}: a draft, not published until you fill in every TODO and remove `draft: true`",
        target.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The contribute page of a new site: the format, for the colleagues who will write entries.
const CONTRIBUTE: &str = r#"---
title: How to contribute
summary: Write a practice, translate one or fix one; the format in one page.
---

Every page of this site is a Markdown file in the `content/` folder. Change the files, run
`deskbook check`, and share the change the way your team does (a Git commit, a shared drive).

## Write a new practice {#new-practice}

Run `deskbook new practice CATEGORY/SLUG`, for example `deskbook new practice greetings/phone-greeting`.
It writes `content/practices/greetings/phone-greeting.md`, a skeleton marked `draft: true` with
`TODO` placeholders. Fill in every `TODO`, then delete the `draft: true` line to publish it.
`deskbook serve` shows the site as you type.

## The front matter {#front-matter}

A practice starts with its details between two `---` lines, one `key: value` per line:

```yaml
---
title: Greeting patrons at the desk        # required
summary: Acknowledge every patron within seconds, even when busy.   # required, one sentence
rights: [courtesy]                         # required: files in content/rights/
tags: [front-desk, first-contact]          # optional: lower-case words joined by hyphens
owner: Adult Services                      # required: who keeps it up to date
updated: 2026-09-01                        # required: the last review, YYYY-MM-DD
---
```

Type the keys in English with an ordinary colon and space (`title: `), and write dates as
`YYYY-MM-DD`. A value that starts with a quote must end with it: write
`summary: Pick up quickly` or `summary: '"Pick up quickly" is the rule'`.

## The text {#text}

After the front matter comes ordinary Markdown. Phrases to use go in a `> [!TIP]` box, phrases
to avoid in a `> [!CAUTION]` box. Link another practice by its file, relatively:
`[keep your voice down](../privacy/quiet-voice.md)`. Give a heading you link to a fixed id:
`## At the desk {#at-the-desk}`.

## Translate a practice {#translate}

A translation is `NAME.LANG.md` beside `NAME.md`, for example `phone-greeting.pl.md`
(`deskbook new practice greetings/phone-greeting --lang pl` writes one). It has its own `title`,
`summary`, `owner` and `updated`; the rights and tags come from the original. Keep the heading
ids (`{#at-the-desk}`) so links keep working.

## Check before you share {#check}

`deskbook check` lists every problem with its file, line and column, and how to fix it.
"#;

pub fn init(dir: &Path, languages: Option<&str>) -> anyhow::Result<ExitCode> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        bail!(
            "{} already has a deskbook.yaml; it is a site already",
            dir.display()
        );
    }
    let languages = match languages {
        Some(list) => parse_languages(list)?,
        None if std::io::stdin().is_terminal() => ask_languages()?,
        None => vec!["en".to_string()],
    };
    let today = Date::today();
    for (rel, text) in init_files(&languages, today) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating `{}`", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing `{}`", path.display()))?;
    }
    eprintln!(
        "Created a new site in {} ({}). Next:\n  cd {}\n  deskbook serve",
        dir.display(),
        crate::diagnostics::counted(languages.len(), "language", "languages"),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `en,pl zh` → `[en, pl, zh]`, each a language code, the first the default.
fn parse_languages(list: &str) -> anyhow::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for code in list
        .split([',', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        if !crate::config::is_language_code(code) {
            bail!(
                "`{code}` is not a language code: use two or three lower-case letters, like `en`, `pl`, `zh`"
            );
        }
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    if out.is_empty() {
        bail!("name at least one language, like `--languages en,pl`");
    }
    Ok(out)
}

fn ask_languages() -> anyhow::Result<Vec<String>> {
    eprint!("Languages of the site, the default first (for example `en, pl, zh`) [en]: ");
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .context("reading the languages")?;
    if answer.trim().is_empty() {
        return Ok(vec!["en".to_string()]);
    }
    parse_languages(&answer)
}

/// The files of a new site, by path relative to its folder.
fn init_files(languages: &[String], today: Date) -> Vec<(String, String)> {
    let list = languages.join(", ");
    vec![
        (
            "deskbook.yaml".into(),
            format!(
                "title: Good Practices at the Desk\nlanguages: [{list}]   # the first is the default\nreview_interval_months: 12\n"
            ),
        ),
        (
            // The output and the records a build keeps beside it (see `deskbook build`), and the
            // feedback `deskbook serve` collects: readers' comments may name people.
            ".gitignore".into(),
            "/public/\n/.public.deskbook-*\n/feedback.jsonl\n".into(),
        ),
        (
            "content/_index.md".into(),
            "---\ntitle: Good Practices at the Desk\nsummary: How we serve patrons, one practice at a time.\n---\n\nStart with the [patron bill of rights](rights/courtesy.md), or learn [how to contribute](pages/contribute.md).\n".into(),
        ),
        (
            "content/rights/courtesy.md".into(),
            format!("---\ntitle: Courteous, friendly service\nnumber: 1\nsummary: Every patron is greeted and helped politely.\nowner: Adult Services\nupdated: {today}\n---\n\nPatrons are greeted, listened to and thanked.\n"),
        ),
        (
            "content/practices/greetings/_index.md".into(),
            "---\ntitle: Greetings and first contact\nsummary: The first seconds of every conversation.\nweight: 10\n---\n".into(),
        ),
        (
            "content/practices/greetings/greeting-at-the-desk.md".into(),
            format!("---\ntitle: Greeting patrons at the desk\nsummary: Acknowledge every patron within seconds, even when busy.\nrights: [courtesy]\ntags: [front-desk]\nowner: Adult Services\nupdated: {today}\n---\n\nLook up, smile and say hello.\n\n## Say this {{#say-this}}\n\n> [!TIP]\n> \"Hello! How can I help?\"\n"),
        ),
        ("content/pages/contribute.md".into(), CONTRIBUTE.into()),
    ]
}

/// The skeleton's `audience:` line: empty, with the roles `deskbook.yaml` defines named in a
/// comment (an id the site does not define would be an error at the first check).
fn audience_line(audiences: &[crate::config::Audience]) -> String {
    if audiences.is_empty() {
        return "audience: []".to_string();
    }
    let ids: Vec<&str> = audiences.iter().map(|a| a.id.as_str()).collect();
    format!("audience: []  # who it is for, any of: {}", ids.join(", "))
}
