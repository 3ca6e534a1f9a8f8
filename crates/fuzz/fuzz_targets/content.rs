//! Fuzzes everything deskbook does with the text of one content file, up to rendered HTML.
//!
//! The input bytes are the file `content/practices/greetings/x.md` (an original practice entry)
//! and, unchanged, `x.pl.md` (its translation, which has other required keys and resolves links
//! to the Polish versions) of a small in-memory site that has rights, a category, a second
//! practice with headings in two languages, a page and an image, so links in the fuzzed body can
//! resolve, miss an anchor or break. Each input runs the same stages as `deskbook build`
//! (`site::load`) minus the disk and the page templates:
//!
//! 1. `content::from_files`: decoding (BOM, UTF-16, invalid UTF-8, CR/LF), placing, front-matter
//!    splitting, YAML reading into `Meta`;
//! 2. `Site::build`: grouping into entries, outlines (heading ids), whole-site checks;
//! 3. `Site::render_bodies`: Markdown to HTML with link rewriting and located link problems;
//! 4. what `check` and the search index take from the model: maintenance notices (located at
//!    front-matter keys) and search documents; and every diagnostic formatted as a user sees it.
//!
//! Diagnostics are expected; a panic, a hang or a memory blow-up is a bug.

#![no_main]

use deskbook::config::Config;
use deskbook::content::{self, Files};
use deskbook::date::Date;
use deskbook::diagnostics::Diagnostics;
use deskbook::markdown::Labels;
use deskbook::model::{BuildOptions, Site, paths};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::OnceLock;

const CONFIG: &str =
    "title: Fuzz desk\nlanguages: [en, pl, zh]\nreview_interval_months: 12\ntheme: default\n";

/// The fixed files of the site, by path relative to `content/`.
const FIXED: &[(&str, &str)] = &[
    (
        "_index.md",
        "---\ntitle: Home\n---\nSee [greetings](practices/greetings/_index.md).\n",
    ),
    (
        "rights/courtesy.md",
        "---\ntitle: Courtesy\nnumber: 1\nsummary: Be kind.\nowner: Desk\nupdated: 2026-01-01\n---\n## What it means {#meaning}\n\nGreet [everyone](../practices/greetings/other.md#steps).\n",
    ),
    (
        "rights/courtesy.pl.md",
        "---\ntitle: Uprzejmość\nsummary: Bądź miły.\nowner: Desk\nupdated: 2025-01-01\n---\n## Co to znaczy\n",
    ),
    (
        "rights/access.md",
        "---\ntitle: Access\nnumber: 2\nsummary: Open to all.\nowner: Desk\nupdated: 2026-01-01\n---\nBody.\n",
    ),
    (
        "practices/greetings/_index.md",
        "---\ntitle: Greetings\nsummary: Hello.\nweight: 10\n---\nIntro.\n",
    ),
    (
        "practices/greetings/other.md",
        "---\ntitle: Other\nsummary: Another entry.\nrights: [courtesy]\nowner: Desk\nupdated: 2026-01-01\n---\n## Steps {#steps}\n\n1. One.\n\n## Why it matters\n\n> [!TIP]\n> Say hello.\n",
    ),
    (
        "practices/greetings/other.pl.md",
        "---\ntitle: Inne\nsummary: Inny wpis.\nowner: Desk\nupdated: 2026-02-01\n---\n## Kroki\n",
    ),
    ("pages/about.md", "---\ntitle: About\n---\n# About {#top}\n"),
];

struct Fixed {
    config: Config,
    files: Files,
    labels: HashMap<String, Labels>,
}

fn fixed() -> &'static Fixed {
    static FIXED_SITE: OnceLock<Fixed> = OnceLock::new();
    FIXED_SITE.get_or_init(|| {
        let config = Config::parse(CONFIG).expect("the fixed config is valid");
        let mut files = Files::default();
        for (rel, text) in FIXED {
            files.insert(rel.to_string(), Ok(text.as_bytes().to_vec()));
        }
        files.insert(
            "practices/greetings/desk.png".to_string(),
            Ok(b"\x89PNG\r\n\x1a\n".to_vec()),
        );
        // No theme folder there: the embedded default theme, with its real UI strings.
        let theme = deskbook::theme::Theme::load(
            std::path::Path::new("/nonexistent-deskbook-fuzz-site"),
            &config.theme,
        )
        .expect("the embedded theme loads");
        let labels = deskbook::pipeline::labels(&theme, &config);
        Fixed {
            config,
            files,
            labels,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let fixed = fixed();
    let mut files = fixed.files.clone();
    for rel in ["practices/greetings/x.md", "practices/greetings/x.pl.md"] {
        files.insert(rel.to_string(), Ok(data.to_vec()));
    }
    let diagnostics = Diagnostics::new();
    let content = content::from_files(&files, &fixed.config, &diagnostics);
    let options = BuildOptions {
        // Drafts too: a `draft: true` input must still reach rendering.
        drafts: true,
        today: Date::parse("2026-11-23").expect("a valid date"),
    };
    let mut site = Site::build(fixed.config.clone(), content, &options, &diagnostics);
    site.render_bodies(&fixed.labels, &diagnostics);
    diagnostics.extend(deskbook::model::maintenance_notices(&site, false));
    let docs = deskbook::search::documents(&site);
    std::hint::black_box(docs);
    for entry in &site.entries {
        for version in &entry.versions {
            let body = &version.rendered;
            let html = paths::embed_at(&body.html, &body.spots, &version.path);
            std::hint::black_box(html);
            let handout = paths::embed_scoped(&body.html, &body.spots, &version.path, "scope");
            std::hint::black_box(handout);
        }
    }
    for d in diagnostics.into_sorted() {
        std::hint::black_box(d.to_string());
    }
});
