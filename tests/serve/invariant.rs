//! The watch invariant: after any sequence of edits the output equals a clean build, byte for byte.
//!
//! A seeded random session of several hundred edits, adds, deletes, renames, draft toggles,
//! editor temp files, broken-then-fixed files, template, UI-string, static, asset and
//! configuration changes, applied to a copy of the starter site through the engine's library API
//! (the real file watcher is exercised by `binary.rs`). Every step must leave the site valid
//! (except the ones that break it on purpose), and the output is compared with a clean
//! `deskbook build` every few steps and at the end.

use crate::support::{Rng, assert_equals_clean_build, link, remove_key, set_key, tree};
use deskbook::watch::{Engine, Round};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const TAGS: &[&str] = &[
    "front-desk",
    "phone",
    "privacy",
    "first-contact",
    "signage",
    "queues",
];
const RIGHTS: &[&str] = &["courtesy", "options", "consistency", "privacy", "access"];
const WORDS: &[&str] = &[
    "patron",
    "desk",
    "card",
    "loan",
    "quiet",
    "phone",
    "shelf",
    "hold",
    "help",
    "książka",
    "读者",
];

struct Session {
    rng: Rng,
    root: PathBuf,
    engine: Engine,
    /// Files this session created (the starter's own are never deleted for good).
    generated: BTreeSet<String>,
    drafts: BTreeSet<String>,
    /// Links this session wrote: from → to (site-relative paths).
    links: Vec<(String, String)>,
    counter: usize,
    step: usize,
}

impl Session {
    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn remove(&self, rel: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::remove_file(&path).unwrap();
        path
    }

    /// Every Markdown file on disk (site-relative).
    fn markdown(&self) -> Vec<String> {
        tree(&self.path("content"))
            .into_keys()
            .filter(|k| k.ends_with(".md") && !k.rsplit('/').next().unwrap().starts_with('.'))
            .map(|k| format!("content/{k}"))
            .collect()
    }

    fn practices(&self, originals_only: bool) -> Vec<String> {
        self.markdown()
            .into_iter()
            .filter(|p| p.starts_with("content/practices/") && !p.contains("/_index."))
            .filter(|p| p.matches('/').count() == 3)
            .filter(|p| !originals_only || !is_translation(p))
            .collect()
    }

    fn categories(&self) -> Vec<String> {
        self.markdown()
            .into_iter()
            .filter(|p| p.ends_with("/_index.md") && p.starts_with("content/practices/"))
            .map(|p| p.trim_end_matches("/_index.md").to_string())
            .collect()
    }

    fn incoming(&self, rel: &str) -> usize {
        self.links.iter().filter(|(_, to)| to == rel).count()
    }

    /// A generated file that nothing links to, if any.
    fn free_generated(&mut self) -> Option<String> {
        let free: Vec<String> = self
            .generated
            .iter()
            .filter(|g| g.ends_with(".md") && self.incoming(g) == 0)
            .cloned()
            .collect();
        (!free.is_empty()).then(|| self.rng.pick(&free).clone())
    }

    fn apply(&mut self, paths: &[PathBuf], what: &str) -> Round {
        // Half the time the search index is left for later, as the dev server does while more
        // edits are coming; `settle` (before each comparison) catches up.
        let defer = self.rng.chance(50);
        let round = self.engine.apply_with(paths, |_| defer);
        let shown: Vec<String> = round.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            round.errors(),
            0,
            "step {} ({what}) left errors:\n{}",
            self.step,
            shown.join("\n")
        );
        round
    }

    fn paragraph(&mut self, from: &str) -> String {
        let mut text: Vec<&str> = (0..8).map(|_| *self.rng.pick(WORDS)).collect();
        text[0] = "Also";
        let mut paragraph = format!("\n{}.\n", text.join(" "));
        let targets: Vec<String> = self
            .markdown()
            .into_iter()
            .filter(|p| !is_translation(p) && p != from && !self.drafts.contains(p))
            .collect();
        if self.rng.chance(60) {
            let to = self.rng.pick(&targets).clone();
            let anchor = if self.generated.contains(&to) && self.rng.chance(50) {
                "#steps"
            } else {
                ""
            };
            paragraph.push_str(&format!("\nSee [this]({}{anchor}).\n", link(from, &to)));
            self.links.push((from.to_string(), to));
        }
        paragraph
    }

    fn new_practice(&mut self, category: &str, slug: &str) -> String {
        let rel = format!("{category}/{slug}.md");
        let tags = format!("[{}]", self.rng.pick(TAGS));
        let body = self.paragraph(&rel);
        let text = format!(
            "---\ntitle: Practice {slug}\nsummary: Do {slug} well.\nrights: [{}]\ntags: {tags}\nowner: Test Team\nupdated: 2026-0{}-1{}\n---\nIntro for {slug}.\n\n## Steps {{#steps}}\n{body}",
            self.rng.pick(RIGHTS),
            1 + self.rng.below(9),
            self.rng.below(10),
        );
        self.write(&rel, &text);
        self.generated.insert(rel.clone());
        rel
    }

    fn forget(&mut self, rel: &str) {
        self.generated.remove(rel);
        self.drafts.remove(rel);
        self.links.retain(|(from, _)| from != rel);
    }

    /// One random edit; returns what it was.
    fn edit(&mut self) -> String {
        self.counter += 1;
        let n = self.counter;
        let roll = self.rng.below(100);
        let all = self.markdown();
        match roll {
            0..=21 => {
                let rel = self.rng.pick(&all).clone();
                let paragraph = self.paragraph(&rel);
                let text = self.read(&rel) + &paragraph;
                let p = self.write(&rel, &text);
                self.apply(&[p], "append a paragraph");
                format!("append to {rel}")
            }
            22..=31 => {
                let rel = self.rng.pick(&all).clone();
                let text = set_key(&self.read(&rel), "title", &format!("Title number {n}"));
                let p = self.write(&rel, &text);
                self.apply(&[p], "retitle");
                format!("retitle {rel}")
            }
            32..=38 => {
                let rel = self.rng.pick(&self.practices(true)).clone();
                let tags = format!("[{}, {}]", self.rng.pick(TAGS), self.rng.pick(TAGS));
                let p = self.write(&rel, &set_key(&self.read(&rel), "tags", &tags));
                self.apply(&[p], "retag");
                format!("retag {rel} {tags}")
            }
            39..=42 => {
                let rel = self.rng.pick(&self.practices(true)).clone();
                let rights = format!("[{}]", self.rng.pick(RIGHTS));
                let p = self.write(&rel, &set_key(&self.read(&rel), "rights", &rights));
                self.apply(&[p], "new rights");
                format!("rights of {rel}")
            }
            43..=49 => {
                let rel = self.rng.pick(&self.practices(false)).clone();
                let date = format!(
                    "20{}-{:02}-1{}",
                    24 + self.rng.below(3),
                    1 + self.rng.below(12),
                    self.rng.below(10)
                );
                let p = self.write(&rel, &set_key(&self.read(&rel), "updated", &date));
                self.apply(&[p], "new date");
                format!("date of {rel} {date}")
            }
            50..=59 => {
                let category = self.rng.pick(&self.categories()).clone();
                let rel = self.new_practice(&category, &format!("gen-{n}"));
                let p = self.path(&rel);
                self.apply(&[p], "add a practice");
                format!("add {rel}")
            }
            60..=64 => {
                let Some(original) = self
                    .generated
                    .iter()
                    .find(|g| {
                        !is_translation(g) && !self.generated.contains(&g.replace(".md", ".pl.md"))
                    })
                    .cloned()
                else {
                    return "no translation to add".into();
                };
                let rel = original.replace(".md", ".pl.md");
                let body = self.paragraph(&rel);
                let day = 1 + self.rng.below(9);
                self.write(&rel, &format!("---\ntitle: Praktyka {n}\nsummary: Zrób to dobrze.\nowner: Zespół\nupdated: 2026-05-0{day}\n---\nWstęp.\n\n## Kroki {{#steps}}\n{body}"));
                self.generated.insert(rel.clone());
                let p = self.path(&rel);
                self.apply(&[p], "add a translation");
                format!("translate {original}")
            }
            65..=70 => {
                let Some(rel) = self.free_generated() else {
                    return "nothing to delete".into();
                };
                // An original goes with its translation, which would otherwise become an
                // original lacking the keys only originals must have.
                let mut gone = vec![rel.clone()];
                let translation = rel.replace(".md", ".pl.md");
                if !is_translation(&rel) && self.path(&translation).exists() {
                    gone.push(translation);
                }
                let paths: Vec<PathBuf> = gone.iter().map(|g| self.remove(g)).collect();
                gone.iter().for_each(|g| self.forget(g));
                self.apply(&paths, "delete");
                format!("delete {rel}")
            }
            71..=75 => {
                let Some(rel) = self.free_generated().filter(|r| !is_translation(r)) else {
                    return "nothing to rename".into();
                };
                let mut moves = vec![(rel.clone(), rel.replace(".md", &format!("-r{n}.md")))];
                let translation = rel.replace(".md", ".pl.md");
                if self.path(&translation).exists() {
                    moves.push((
                        translation.clone(),
                        translation.replace(".pl.md", &format!("-r{n}.pl.md")),
                    ));
                }
                let mut paths = Vec::new();
                for (from, to) in &moves {
                    std::fs::rename(self.path(from), self.path(to)).unwrap();
                    self.links
                        .iter_mut()
                        .filter(|(f, _)| f == from)
                        .for_each(|(f, _)| *f = to.clone());
                    if self.drafts.remove(from) {
                        self.drafts.insert(to.clone());
                    }
                    self.generated.remove(from);
                    self.generated.insert(to.clone());
                    paths.extend([self.path(from), self.path(to)]);
                }
                self.apply(&paths, "rename");
                format!("rename {rel}")
            }
            76..=78 => {
                let Some(rel) = self.free_generated() else {
                    return "nothing to draft".into();
                };
                let text = self.read(&rel);
                let text = if self.drafts.remove(&rel) {
                    remove_key(&text, "draft")
                } else {
                    self.drafts.insert(rel.clone());
                    set_key(&text, "draft", "true")
                };
                let p = self.write(&rel, &text);
                self.apply(&[p], "toggle draft");
                format!("draft toggle {rel}")
            }
            79..=82 => {
                let folder = self.rng.pick(&self.categories()).clone();
                let name = *self.rng.pick(&[
                    ".gen.md.swp",
                    "gen.md~",
                    "4913",
                    ".#gen.md",
                    ".~lock.gen.md#",
                ]);
                let rel = format!("{folder}/{name}");
                let p = if self.path(&rel).exists() {
                    self.remove(&rel)
                } else {
                    self.write(&rel, "junk {{ not markdown")
                };
                let round = self.apply(&[p], "editor temp file");
                assert!(
                    round.written.is_empty(),
                    "a temp file changed the output: {:?}",
                    round.written
                );
                format!("temp file {rel}")
            }
            83..=85 => {
                let rel = format!("{}/_index.md", self.rng.pick(&self.categories()));
                let text = set_key(&self.read(&rel), "weight", &self.rng.below(90).to_string());
                let p = self.write(&rel, &text);
                self.apply(&[p], "category weight");
                format!("reweigh {rel}")
            }
            86..=87 => {
                let category = format!("content/practices/gen-cat-{n}");
                let p = self.write(&format!("{category}/_index.md"), &format!("---\ntitle: Category {n}\nsummary: A new category.\nweight: {n}\n---\nNew.\n"));
                let rel = self.new_practice(&category, "first");
                let q = self.path(&rel);
                self.apply(&[p, q], "add a category");
                format!("add category {category}")
            }
            88..=89 => {
                let rel = "templates/404.html";
                let p = if self.path(rel).exists() && self.rng.chance(50) {
                    self.remove(rel)
                } else {
                    // The 404 page compiled in, which matches the compiled-in base template.
                    let (_, base) = deskbook::theme::DEFAULT_THEME
                        .iter()
                        .find(|(p, _)| *p == "templates/404.html")
                        .unwrap();
                    let base = String::from_utf8(base.to_vec()).unwrap();
                    self.write(
                        rel,
                        &base.replacen(
                            "{% block content %}",
                            &format!("{{% block content %}}<p>override {n}</p>"),
                            1,
                        ),
                    )
                };
                self.apply(&[p], "template override");
                "template override".into()
            }
            90..=91 => {
                let rel = *self
                    .rng
                    .pick(&["static/robots.txt", "static/files/note.txt"]);
                let p = if self.path(rel).exists() && self.rng.chance(40) {
                    self.remove(rel)
                } else {
                    self.write(rel, &format!("version {n}\n"))
                };
                self.apply(&[p], "static file");
                format!("static {rel}")
            }
            92 => {
                let text = std::fs::read_to_string(self.path("deskbook.yaml")).unwrap();
                let text = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("title:") {
                            format!("title: Desk book {n}")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n";
                let p = self.write("deskbook.yaml", &text);
                self.apply(&[p], "config");
                "config title".into()
            }
            93..=94 => {
                let rel = "i18n/en.yaml";
                let p = if self.path(rel).exists() && self.rng.chance(50) {
                    self.remove(rel)
                } else {
                    // One string Markdown uses (callout labels), one only templates use.
                    let text =
                        format!("callout_say: \"Say it {n}\"\nskip_to_content: \"Skip {n}\"\n");
                    self.write(rel, &text)
                };
                self.apply(&[p], "UI strings");
                "i18n override".into()
            }
            95..=96 => {
                let rel = self.rng.pick(&self.practices(true)).clone();
                let folder = rel.rsplit_once('/').unwrap().0.to_string();
                let asset = format!("{folder}/pic-{n}.png");
                self.write(&asset, &format!("not really a png {n}"));
                let text = self.read(&rel) + &format!("\n![picture](pic-{n}.png)\n");
                self.links.push((rel.clone(), asset.clone()));
                let (a, b) = (self.path(&asset), self.write(&rel, &text));
                self.apply(&[a, b], "asset");
                format!("asset {asset}")
            }
            _ => self.break_and_fix(&all),
        }
    }

    /// Breaks a file (bad front matter, or a deleted link target), checks that the errors are
    /// reported and nothing is written, then restores it.
    fn break_and_fix(&mut self, all: &[String]) -> String {
        let before = tree(&self.path("public"));
        let linked: Vec<&String> = all
            .iter()
            .filter(|p| p.contains("interlibrary-loan.md") || p.ends_with("quiet-voice.md"))
            .collect();
        let (rel, broken, expect) = if self.rng.chance(50) && !linked.is_empty() {
            ((*self.rng.pick(&linked)).clone(), None, "broken link")
        } else {
            let rel = self.rng.pick(all).clone();
            (
                rel.clone(),
                Some(self.read(&rel).replacen("title:", "title: [unclosed", 1)),
                "",
            )
        };
        let original = self.read(&rel);
        let p = match &broken {
            Some(text) => self.write(&rel, text),
            None => self.remove(&rel),
        };
        let round = self.engine.apply(std::slice::from_ref(&p));
        assert!(round.errors() > 0, "breaking {rel} reported no error");
        assert!(
            round.written.is_empty() && round.removed.is_empty(),
            "a broken site was written"
        );
        let messages: Vec<String> = round.diagnostics.iter().map(ToString::to_string).collect();
        assert!(messages.iter().any(|m| m.contains(expect)), "{messages:?}");
        assert_eq!(
            before,
            tree(&self.path("public")),
            "the output changed while broken"
        );
        let p = self.write(&rel, &original);
        self.apply(&[p], "fix");
        format!("break and fix {rel}")
    }
}

fn is_translation(rel: &str) -> bool {
    rel.ends_with(".pl.md") || rel.ends_with(".zh.md")
}

fn session(seed: u64) -> (tempfile::TempDir, Session) {
    let dir = crate::support::starter_site();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let (engine, round) = Engine::start(crate::support::options(&root));
    assert_eq!(round.errors(), 0, "{:?}", round.diagnostics);
    let session = Session {
        rng: Rng::new(seed),
        root,
        engine,
        generated: BTreeSet::new(),
        drafts: BTreeSet::new(),
        links: Vec::new(),
        counter: 0,
        step: 0,
    };
    (dir, session)
}

#[test]
fn output_equals_a_clean_build_after_random_edits() {
    let steps: usize = std::env::var("DESKBOOK_INVARIANT_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(240);
    let seed: u64 = std::env::var("DESKBOOK_INVARIANT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261123);
    let every: usize = std::env::var("DESKBOOK_INVARIANT_EVERY")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let (_dir, mut s) = session(seed);
    let mut history: Vec<String> = Vec::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for step in 1..=steps {
        s.step = step;
        let what = s.edit();
        *kinds
            .entry(what.split(' ').next().unwrap_or("").to_string())
            .or_default() += 1;
        history.push(what);
        if step % every == 0 || step == steps {
            if let Some(round) = s.engine.settle() {
                assert_eq!(round.errors(), 0, "{:?}", round.diagnostics);
            }
            assert!(!s.engine.unsettled());
            let context = format!(
                "after step {step} (seed {seed}); last edits: {:?}",
                &history[history.len().saturating_sub(5)..]
            );
            assert_equals_clean_build(&s.root, &s.path("public"), false, &context);
        }
    }
    eprintln!("{steps} edits: {kinds:?}");
}

#[test]
fn a_body_edit_rewrites_only_the_pages_that_show_it() {
    let (_dir, mut s) = session(1);
    let rel = "content/practices/privacy/sensitive-topics.md";
    let chunks_dir = s.path("public/assets/search-index");
    let chunk_inodes = || -> std::collections::HashSet<u64> {
        use std::os::unix::fs::MetadataExt;
        std::fs::read_dir(&chunks_dir)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().ino())
            .collect()
    };
    let before = chunk_inodes();
    let p = s.write(rel, &(s.read(rel) + "\nOne more sentence.\n"));
    let round = s.apply(&[p], "body edit");
    let (search, pages): (Vec<&String>, Vec<&String>) =
        round.written.iter().partition(|p| p.starts_with("assets/"));
    assert_eq!(
        pages,
        [
            "pl/practices/privacy/print.html",
            "practices/privacy/print.html",
            "practices/privacy/sensitive-topics.html",
            "zh/practices/privacy/print.html"
        ],
        "the page, and the printable category of every language, which embeds its body"
    );
    // The lazy index's chunk files are named by a hash of the whole index: an edit writes them
    // all under new names (it shifts every byte after it anyway) and removes the old ones.
    let (chunks, search): (Vec<&&String>, Vec<&&String>) = search
        .iter()
        .partition(|p| p.starts_with("assets/search-index/"));
    let all_chunks = std::fs::read_dir(s.path("public/assets/search-index"))
        .unwrap()
        .count();
    assert_eq!(chunks.len(), all_chunks, "chunk files written");
    // Most keep their bytes under the new name: those are the old files moved, not new ones
    // (creating thousands of files per edit was most of a 10k site's search round).
    let kept = chunk_inodes().intersection(&before).count();
    assert!(
        kept * 2 > all_chunks,
        "{kept} of {all_chunks} chunk files moved rather than written anew"
    );
    assert!(
        round
            .removed
            .iter()
            .any(|p| p.starts_with("assets/search-index/")),
        "the old chunk files stay: {:?}",
        round.removed
    );
    assert_eq!(
        search.len(),
        5,
        "the index, its file:// script, its hot file, the manifest and the body's new text file: {search:?}"
    );
    assert_eq!(
        search
            .iter()
            .filter(|p| p.starts_with("assets/search-text/"))
            .count(),
        1,
        "{search:?}"
    );
    // The old index, its script, its hot file, the chunks no longer used and the old text file
    // of the body are gone.
    assert!(
        round
            .removed
            .iter()
            .all(|p| p.starts_with("assets/search-index")
                || p.starts_with("assets/search-hot.")
                || p.starts_with("assets/search-text/")),
        "{:?}",
        round.removed
    );
    assert_eq!(
        round
            .removed
            .iter()
            .filter(|p| !p.starts_with("assets/search-index/"))
            .count(),
        4,
        "{:?}",
        round.removed
    );
    // The same bytes again: nothing to do.
    let p = s.write(rel, &s.read(rel));
    assert!(s.apply(&[p], "same bytes").written.is_empty());
    assert_equals_clean_build(&s.root, &s.path("public"), false, "after a body edit");
}
