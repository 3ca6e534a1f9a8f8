//! The incremental engine behind `deskbook watch` and `deskbook serve`.
//!
//! It keeps every stage's result in memory: the source files ([`ContentFiles`]), the site model,
//! each Markdown body with what it read, and each output page with what its context read and a
//! hash of that context. A round takes the paths the file watcher reported and:
//!
//! 1. re-reads those paths only, and re-parses the entries they belong to (all their languages),
//!    with the content stage's own [`crate::content::from_files`] ([`model`]);
//! 2. puts the new entries into the model in place ([`Site::replace_entry`]), re-runs the cheap
//!    whole-site checks, and re-renders the Markdown of those entries and of the bodies whose
//!    links read them;
//! 3. re-renders the pages whose recorded reads the change touches, plus pages that appeared,
//!    skipping the template where the context hash is unchanged; removes pages that disappeared;
//! 4. writes only files whose bytes changed, pages first, the search index after ([`publish`]).
//!
//! **Invariant**: after any sequence of rounds the output folder equals a clean `deskbook build`
//! of the same files, byte for byte (`tests/serve/invariant.rs` checks it over hundreds of
//! random edits).
//! Everything that is not worth doing incrementally is done in full, by the same code a build
//! runs: a change to `deskbook.yaml` or the date reloads everything, a template change re-renders
//! every page. While the site has errors nothing is written, so the last good output stays; the
//! changes accumulate and are rendered by the first round without errors.

mod model_update;
mod publish;

use super::change::{Change, classify};
use super::deps::{ChangeSet, Deps, KeyIds, Membership};
use super::live_output::LiveOutput;
use super::sources::{ContentFiles, Group, is_under};
use crate::config::Config;
use crate::content::Content;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::markdown::Labels;
use crate::model::{BuildOptions, Site};
use crate::pipeline::{self, Options};
use crate::render::{self, AssetUrls, Renderer};
use crate::theme::Theme;
use crate::timing::Stopwatch;
use publish::PageList;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What one round did.
#[derive(Debug, Clone, Default)]
pub struct Round {
    /// Every current problem (errors and warnings), sorted. Nothing was written if one is an error.
    pub diagnostics: Vec<Diagnostic>,
    /// Output paths written (new or changed bytes) and removed.
    pub written: Vec<String>,
    /// Output paths removed this round.
    pub removed: Vec<String>,
    /// Pages whose template ran.
    pub rendered: usize,
    /// Set when only stylesheets changed: (old, new) paths relative to the output root, so a
    /// browser can swap them without reloading.
    pub css: Option<Vec<(String, String)>>,
    /// The entries whose data changed in the written output, or `everything`. This is the hook
    /// for indexes kept beside the output (the dev server's search index updates these only).
    pub changed: Vec<crate::content::Key>,
    /// Whether this round read everything again (a configuration, theme or rescan change).
    pub everything: bool,
    /// Wall time of the round.
    pub elapsed: Duration,
    /// Where the time went, stage by stage (for profiling a slow round).
    pub phases: Vec<crate::timing::Phase>,
}

impl Round {
    /// How many of the round's diagnostics are errors.
    pub fn errors(&self) -> usize {
        crate::diagnostics::count(&self.diagnostics, Severity::Error)
    }
}

/// What the content stage said about one group of files.
#[derive(Debug, Default)]
struct Parsed {
    problems: Vec<Diagnostic>,
    unreadable: BTreeSet<String>,
    category_dirs: BTreeSet<String>,
}

struct Body {
    deps: Vec<Deps>,
    problems: Vec<Diagnostic>,
}

/// The incremental build: the sources, model, rendered bodies and what each page read, kept
/// between rounds so that a change re-runs only the stages and pages it affects.
pub struct Engine {
    options: Options,
    today: Date,
    ids: KeyIds,
    config: Result<Config, Vec<Diagnostic>>,
    renderer: Option<Renderer>,
    theme_problems: Vec<Diagnostic>,
    /// The labels the bodies were rendered with.
    labels: HashMap<String, Labels>,
    content: ContentFiles,
    parsed: BTreeMap<Group, Parsed>,
    /// The category folders of all groups (their union), and whether a parse changed them or
    /// the unreadable files.
    category_dirs: BTreeSet<String>,
    recount: bool,
    asset_problems: Vec<Diagnostic>,
    site: Option<Site>,
    /// Stable id of each entry of `site`, by index.
    index_ids: Vec<u32>,
    validation: Vec<Diagnostic>,
    bodies: HashMap<u32, Body>,
    static_files: BTreeMap<String, Vec<u8>>,
    static_problems: Vec<Diagnostic>,
    /// Entries whose page another page would overwrite (recomputed when entries come and go).
    collisions: Vec<Diagnostic>,
    output: Option<LiveOutput>,
    pages: PageList,
    /// The page list must be made again before the next render.
    relist: bool,
    /// The asset URLs of the pages on disk.
    assets: Option<AssetUrls>,
    /// What changed since the output was last written.
    pending: ChangeSet,
    /// The templates changed: context hashes say nothing about the pages on disk.
    force: bool,
    render_problems: Vec<Diagnostic>,
    /// The search files on disk (written after the pages of each round).
    search_paths: BTreeSet<String>,
    /// The search index shards of the last round: only changed shards are indexed again.
    search_cache: crate::search::IndexCache,
    /// The model changed since the search files were written.
    search_stale: bool,
    /// The search index on disk is unmerged: [`Engine::settle`] merges it.
    search_unmerged: bool,
    /// Rounds publish the search index unmerged (see [`Engine::merge_when_idle`]).
    merge_when_idle: bool,
    /// What the last render derived from the model, reused while its inputs stand.
    extras: Option<(AssetUrls, BTreeMap<String, Vec<u8>>)>,
    extras_stale: bool,
    lists: Option<render::Lists>,
    lists_stale: bool,
    clock: Stopwatch,
}

impl Engine {
    /// Loads the whole site and writes it (the first round).
    pub fn start(options: Options) -> (Engine, Round) {
        let started = Instant::now();
        let mut engine = Engine {
            today: options.today(),
            options,
            ids: KeyIds::default(),
            config: Err(Vec::new()),
            renderer: None,
            theme_problems: Vec::new(),
            labels: HashMap::new(),
            content: ContentFiles::default(),
            parsed: BTreeMap::new(),
            category_dirs: BTreeSet::new(),
            recount: false,
            asset_problems: Vec::new(),
            site: None,
            index_ids: Vec::new(),
            validation: Vec::new(),
            bodies: HashMap::new(),
            static_files: BTreeMap::new(),
            static_problems: Vec::new(),
            collisions: Vec::new(),
            output: None,
            pages: PageList::default(),
            relist: true,
            assets: None,
            pending: ChangeSet::default(),
            force: true,
            render_problems: Vec::new(),
            search_paths: BTreeSet::new(),
            search_cache: crate::search::IndexCache::default(),
            search_stale: false,
            search_unmerged: false,
            merge_when_idle: false,
            extras: None,
            extras_stale: true,
            lists: None,
            lists_stale: true,
            clock: Stopwatch::new(),
        };
        engine.reload_all();
        let round = engine.publish(started, None, |_| false);
        (engine, round)
    }

    /// The options the engine was started with (the root made absolute).
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The current model (the last one loaded, even if it has errors).
    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Applies the changes at `paths` (as reported by the file watcher; files or folders,
    /// existing or not). Paths that are not sources of the site are ignored.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Round {
        self.apply_with(paths, |_| false)
    }

    /// [`Engine::apply`], calling `on_pages` as soon as the pages are on disk, before the search
    /// index is rebuilt (the slow part), so that a browser can reload without waiting for it.
    /// When `on_pages` returns true (more changes are waiting), the index is left for a later
    /// round or for [`Engine::settle`]; until then the output is not complete.
    pub fn apply_with(
        &mut self,
        paths: &[PathBuf],
        on_pages: impl FnOnce(&Round) -> bool,
    ) -> Round {
        let started = Instant::now();
        self.clock.restart();
        let changes: BTreeSet<Change> = paths
            .iter()
            .filter_map(|p| classify(&self.options.root, p))
            .collect();
        if changes.is_empty() {
            return Round {
                diagnostics: self.diagnostics(),
                elapsed: started.elapsed(),
                ..Round::default()
            };
        }
        if changes.contains(&Change::Config)
            || self.config.is_err()
            || self.options.today() != self.today
        {
            self.reload_all();
            return self.publish(started, None, on_pages);
        }
        let mut css = None;
        if changes.contains(&Change::Theme) {
            css = self.reload_theme();
        }
        if changes.contains(&Change::Static) {
            self.reload_static();
            css = None;
        }
        let folders: Vec<&String> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Content(rel) => Some(rel),
                _ => None,
            })
            .collect();
        if !folders.is_empty() {
            css = None;
            let config = self.config.as_ref().expect("checked above").clone();
            let mut touched = super::sources::Touched::default();
            for rel in &folders {
                // A folder's refresh covers the paths under it.
                if folders.iter().any(|f| *f != *rel && is_under(rel, f)) {
                    continue;
                }
                let t = self.content.refresh(&self.options.root, rel, &config);
                touched.groups.extend(t.groups);
                touched.assets |= t.assets;
            }
            self.clock.lap("read");
            self.update_entries(touched.groups, touched.assets);
        }
        self.publish(started, css, on_pages)
    }

    /// Reads everything again (the watcher lost events), writing only what changed.
    pub fn reload(&mut self) -> Round {
        let started = Instant::now();
        self.clock.restart();
        self.reload_all();
        self.publish(started, None, |_| false)
    }

    /// From now on a round publishes the search index sooner, unmerged: one segment per shard
    /// of documents, which the engine answers from alike (the dev server's search, and browsers,
    /// which then read the index whole instead of lazily), and leaves the merge for
    /// [`Engine::settle`], which makes the output equal to a clean build again. For the dev
    /// server, which settles once the edits stop: merging every shard is most of the time an
    /// edit's search results take to land (≈ 0.4 s at 10k entries, on top of ≈ 0.5 s).
    pub fn merge_when_idle(&mut self) {
        self.merge_when_idle = true;
    }

    /// Whether the search index waits to be rebuilt or merged (see [`Engine::apply_with`],
    /// [`Engine::merge_when_idle`]); until [`Engine::settle`], the output is not complete.
    pub fn unsettled(&self) -> bool {
        self.search_stale || self.search_unmerged
    }

    /// Rebuilds the search index left for later, merged, if the site has no errors.
    pub fn settle(&mut self) -> Option<Round> {
        if !self.unsettled()
            || self
                .diagnostics()
                .iter()
                .any(|d| d.severity == Severity::Error)
        {
            return None;
        }
        let started = Instant::now();
        self.clock.restart();
        let mut round = Round::default();
        match self.write_search(&mut round, true) {
            Ok(()) => self.search_stale = false,
            Err(problem) => self.render_problems = vec![problem],
        }
        round.diagnostics = self.diagnostics();
        round.elapsed = started.elapsed();
        round.phases = self.clock.take();
        Some(round)
    }

    fn build_options(&self) -> BuildOptions {
        BuildOptions {
            drafts: self.options.drafts,
            today: self.today,
        }
    }

    /// Reads everything again, as a clean build would.
    fn reload_all(&mut self) {
        self.today = self.options.today();
        self.pending.everything = true;
        self.force = true;
        (self.relist, self.extras, self.lists) = (true, None, None);
        self.site = None;
        self.bodies.clear();
        self.parsed.clear();
        self.config = pipeline::config(&self.options);
        let Ok(config) = self.config.clone() else {
            return;
        };
        self.reload_theme();
        self.reload_static();
        self.content = ContentFiles::read(&self.options.root, &config);
        let mut all = Content::default();
        let groups: Vec<Group> = self.content.groups().map(|(g, _)| g.clone()).collect();
        for group in groups {
            let parsed = self.parse(&group, &config);
            all.sources.extend(parsed.sources);
        }
        all.assets = self.parse_assets(&config);
        all.unreadable = self.unreadable();
        self.category_dirs = self.category_dirs();
        all.category_dirs = self.category_dirs.clone();
        let validation = Diagnostics::new();
        let (site, collisions) = pipeline::model(config, all, &self.build_options(), &validation);
        validation.extend(collisions.iter().cloned());
        self.collisions = collisions;
        self.validation = validation.into_sorted();
        self.index_ids = self.ids.of_site(&site);
        self.site = Some(site);
        let everything: Vec<usize> = (0..self.index_ids.len()).collect();
        self.render_bodies(&everything, &mut ChangeSet::default());
    }

    /// Loads the theme; returns the stylesheet swaps when only stylesheets changed.
    fn reload_theme(&mut self) -> Option<Vec<(String, String)>> {
        let config = self.config.as_ref().ok()?;
        let theme = match Theme::load(&self.options.root, &config.theme) {
            Ok(theme) => theme,
            Err(problems) => {
                self.renderer = None;
                self.theme_problems = problems;
                return None;
            }
        };
        self.pending.everything = true;
        self.extras_stale = true;
        let old = self.renderer.as_ref().map(Renderer::theme);
        let css = old.and_then(|old| stylesheet_swaps(old, &theme));
        // The UI strings reach pages outside the context hash (see `render::pages::Shared`).
        if old.is_none_or(|old| old.templates != theme.templates || old.strings != theme.strings) {
            self.force = true;
        }
        let labels = pipeline::labels(&theme, config);
        match Renderer::new(theme) {
            Ok(renderer) => {
                self.renderer = Some(renderer);
                self.theme_problems.clear();
            }
            Err(problems) => {
                self.renderer = None;
                self.theme_problems = problems;
                return None;
            }
        }
        if labels != self.labels {
            self.labels = labels;
            if self.site.is_some() {
                let everything: Vec<usize> = (0..self.index_ids.len()).collect();
                self.render_bodies(&everything, &mut ChangeSet::default());
            }
        }
        css
    }

    fn reload_static(&mut self) {
        self.extras_stale = true;
        (self.static_files, self.static_problems) = match pipeline::read_static(&self.options.root)
        {
            Ok(files) => (files, Vec::new()),
            Err(problems) => (BTreeMap::new(), problems),
        };
    }

    /// Every current problem, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = match &self.config {
            Err(problems) => problems.clone(),
            Ok(_) => self
                .theme_problems
                .iter()
                .chain(self.content.walk_problems())
                .chain(self.parsed.values().flat_map(|p| &p.problems))
                .chain(&self.asset_problems)
                .chain(&self.validation)
                .chain(self.bodies.values().flat_map(|b| &b.problems))
                .chain(&self.static_problems)
                .chain(&self.render_problems)
                .cloned()
                .collect(),
        };
        crate::diagnostics::sort(&mut all);
        all
    }
}

/// When two themes differ only in stylesheets: each stylesheet's old and new output path.
fn stylesheet_swaps(old: &Theme, new: &Theme) -> Option<Vec<(String, String)>> {
    if old.templates != new.templates || old.strings != new.strings {
        return None;
    }
    let names: BTreeSet<&String> = old.assets.keys().chain(new.assets.keys()).collect();
    let mut swaps = Vec::new();
    for name in names {
        let (before, after) = (old.assets.get(name), new.assets.get(name));
        if before == after {
            continue;
        }
        let (Some(before), Some(after)) = (before, after) else {
            return None;
        };
        if !name.ends_with(".css") {
            return None;
        }
        let path = |bytes: &[u8]| format!("assets/{}", crate::theme::hashed_name(name, bytes));
        swaps.push((path(before), path(after)));
    }
    Some(swaps)
}
