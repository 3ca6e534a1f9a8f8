//! `deskbook new practice` and `deskbook init`: skeletons that pass `deskbook check` as written,
//! so a trainer starts from something valid and only has to fill in the text. A new entry's
//! skeleton is a draft full of `TODO` placeholders: check warns about it until it is filled in,
//! and it is not published before (see `content::placeholders`).

use crate::config::Config;
use crate::content::frontmatter::is_slug;
use crate::date::Date;
use crate::diagnostics::did_you_mean;
use anyhow::{Context, bail};
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
            "---\ntitle: TODO title\nsummary: TODO one sentence a busy colleague can act on.\nrights: [courtesy]\ntags: []\naudience: [front-desk]\nowner: TODO team\nupdated: {today}\nreview_every_months: {}\n{DRAFT_LINE}\n---\n\nTODO: one paragraph on the situation.\n\n## Why it matters {{#why-it-matters}}\n\nTODO\n\n## Steps {{#steps}}\n\n1. TODO\n\n## Say this {{#say-this}}\n\n> [!TIP]\n> \"TODO\"\n\n## Avoid this {{#avoid-this}}\n\n> [!CAUTION]\n> \"TODO\"\n",
            config.review_interval_months
        )
    };
    std::fs::write(&target, text).with_context(|| format!("writing `{}`", target.display()))?;
    eprintln!(
        "Created {}: a draft, not published until you fill in every TODO and remove `draft: true`",
        target.display()
    );
    Ok(ExitCode::SUCCESS)
}

const INIT_FILES: &[(&str, &str)] = &[
    (
        "deskbook.yaml",
        "title: Good Practices at the Desk\nlanguages: [en]\nreview_interval_months: 12\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Good Practices at the Desk\nsummary: How we serve patrons, one practice at a time.\n---\n\nStart with the [patron bill of rights](rights/courtesy.md).\n",
    ),
    (
        "content/rights/courtesy.md",
        "---\ntitle: Courteous, friendly service\nnumber: 1\nsummary: Every patron is greeted and helped politely.\nowner: Adult Services\nupdated: 2026-01-01\n---\n\nPatrons are greeted, listened to and thanked.\n",
    ),
    (
        "content/practices/greetings/_index.md",
        "---\ntitle: Greetings and first contact\nsummary: The first seconds of every conversation.\nweight: 10\n---\n",
    ),
    (
        "content/practices/greetings/greeting-at-the-desk.md",
        "---\ntitle: Greeting patrons at the desk\nsummary: Acknowledge every patron within seconds, even when busy.\nrights: [courtesy]\ntags: [front-desk]\nowner: Adult Services\nupdated: 2026-01-01\n---\n\nLook up, smile and say hello.\n\n## Say this\n\n> [!TIP]\n> \"Hello! How can I help?\"\n",
    ),
];

pub fn init(dir: &Path) -> anyhow::Result<ExitCode> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        bail!(
            "{} already has a deskbook.yaml; it is a site already",
            dir.display()
        );
    }
    for (rel, text) in INIT_FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating `{}`", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing `{}`", path.display()))?;
    }
    eprintln!(
        "Created a new site in {}. Next:\n  cd {}\n  deskbook serve",
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
