//! Publishing a round: render the pages the pending changes touch, write the bytes that
//! changed, then the search index.
//!
//! Pages go first, with the files they link (theme assets, static files, sitemap and feed),
//! because that is what a trainer waits for; the search index takes longest to build and no page
//! names it directly (pages load it through `assets/search.js`, whose name never changes), so it
//! follows, or waits for [`Engine::settle`] when more edits are coming.

use super::{ChangeSet, Deps, Engine, Round};
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::pipeline;
use crate::render::{self, RenderOptions};
use crate::watch::live_output::{LiveOutput, hash_bytes};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

pub(super) struct Page {
    deps: Deps,
    context_hash: u64,
}

/// Every page of the site, in job order, with what watch mode knows about the file on disk.
/// Indexes, not paths, tie them together: a round touches each page, and hashing 17 000
/// paths per round cost more than the rest of a small edit.
#[derive(Default)]
pub(super) struct PageList {
    jobs: Vec<render::Job>,
    paths: Vec<String>,
    /// `None`: not written yet (or shadowed by a static file).
    pages: Vec<Option<Page>>,
}

impl PageList {
    /// The pages of `site` now, keeping what is known about those that were already there.
    fn relist(&mut self, site: &Site) {
        let jobs = render::jobs(site);
        let paths: Vec<String> = jobs.iter().map(|j| render::job_path(site, j)).collect();
        let mut known: HashMap<String, Page> = std::mem::take(&mut self.paths)
            .into_iter()
            .zip(std::mem::take(&mut self.pages))
            .filter_map(|(path, page)| Some((path, page?)))
            .collect();
        self.pages = paths.iter().map(|p| known.remove(p)).collect();
        self.jobs = jobs;
        self.paths = paths;
    }
}

impl Engine {
    /// Renders what the pending changes touch and writes what changed (when there are no
    /// errors): pages and the files they link first, then (after `on_pages`) the search index,
    /// which takes longest to build and which no page names directly.
    pub(super) fn publish(
        &mut self,
        started: Instant,
        css: Option<Vec<(String, String)>>,
        on_pages: impl FnOnce(&Round) -> bool,
    ) -> Round {
        self.render_problems.clear();
        let mut round = Round {
            diagnostics: self.diagnostics(),
            ..Round::default()
        };
        if round.errors() == 0 {
            let first = self.output.is_none();
            self.search_stale |=
                !first && (self.pending.everything || self.pending.entry_ids().next().is_some());
            match self.render_and_write(&mut round) {
                Ok(()) => {
                    round.everything = self.pending.everything;
                    round.changed = self
                        .pending
                        .entry_ids()
                        .map(|id| self.ids.key(id).clone())
                        .collect();
                    round.changed.sort();
                    self.pending = ChangeSet::default();
                    self.force = false;
                    round.css = css.filter(|_| !round.written.is_empty());
                    round.elapsed = started.elapsed();
                    let defer = on_pages(&round);
                    if self.search_stale && !defer {
                        match self.write_search(&mut round, !self.merge_when_idle) {
                            Ok(()) => self.search_stale = false,
                            Err(problem) => {
                                self.render_problems = vec![problem];
                                round.diagnostics = self.diagnostics();
                            }
                        }
                    }
                }
                Err(problems) => {
                    self.render_problems = problems;
                    round.diagnostics = self.diagnostics();
                }
            }
        }
        round.elapsed = started.elapsed();
        round.phases = self.clock.take();
        round
    }

    /// Rebuilds the search files and writes those that changed; removes those that are gone.
    /// Unless `merged`, the index may be published unmerged (see [`crate::search::update`]);
    /// the hot and chunk files of the last merged one then stay on disk, unnamed, for the merge
    /// to move back into place.
    pub(super) fn write_search(
        &mut self,
        round: &mut Round,
        merged: bool,
    ) -> Result<(), Diagnostic> {
        let (Some(site), Some(renderer), Some(output)) =
            (&self.site, &self.renderer, &mut self.output)
        else {
            return Ok(());
        };
        let update = if site.config.search {
            crate::search::update(
                site,
                renderer.theme(),
                &mut self.search_cache,
                merged,
                &|path| output.hash_of(path).is_some(),
            )?
        } else {
            crate::search::Update {
                merged: true,
                ..crate::search::Update::default()
            }
        };
        self.clock.lap("search index");
        let static_files = &self.static_files;
        let mut files = update.files;
        files.retain(|path, _| !pipeline::static_wins(static_files, path));
        let mut paths = update.paths;
        paths.retain(|path| !pipeline::static_wins(static_files, path));
        self.search_unmerged = !update.merged;
        if !update.merged {
            paths.extend(
                self.search_paths
                    .iter()
                    .filter(|p| crate::search::is_lazy_file(p))
                    .cloned(),
            );
        }
        let old = std::mem::replace(&mut self.search_paths, paths);
        let going: Vec<&String> = old
            .difference(&self.search_paths)
            .filter(|path| !pipeline::static_wins(&self.static_files, path))
            .collect();
        // An edit renames every chunk file of the index (they are named by the whole index's
        // hash), yet most keep their bytes: a file going away whose bytes a new path needs is
        // moved there. Creating thousands of files was most of the round (ext4 allocating
        // inodes); a rename is a directory entry.
        let mut reusable: HashMap<u64, &String> = going
            .iter()
            .filter_map(|path| Some((output.hash_of(path)?, *path)))
            .collect();
        let mut moved = BTreeSet::new();
        for (path, bytes) in &files {
            let hash = hash_bytes(bytes);
            if output.hash_of(path) == Some(hash) {
                continue;
            }
            match reusable.remove(&hash) {
                Some(from) => {
                    output.rename(from, path)?;
                    moved.insert(from);
                }
                None => {
                    output.write(path, bytes)?;
                }
            }
            round.written.push(path.clone());
        }
        for path in going {
            if !moved.contains(path) {
                output.remove(path)?;
            }
            round.removed.push(path.clone());
        }
        self.clock.lap("search write");
        Ok(())
    }

    fn render_and_write(&mut self, round: &mut Round) -> Result<(), Vec<Diagnostic>> {
        let result = self.render_and_write_inner(round);
        if result.is_err() {
            // Recompute everything derived next time: this round's results were not written.
            self.relist = true;
            self.extras = None;
        }
        result
    }

    /// Brings the list of pages, the extra files and the listings up to date with the model;
    /// says whether the list of pages and whether the extra files were made again.
    fn refresh_derived(&mut self) -> Result<(bool, bool), Vec<Diagnostic>> {
        let (Some(site), Some(renderer)) = (&self.site, &self.renderer) else {
            return Ok((false, false));
        };
        let metadata_changed = self.pending.everything || self.pending.metadata_changed();
        let relist = self.relist || self.pending.reshapes();
        if relist {
            self.pages.relist(site);
            self.relist = false;
        }
        // review.json (always) and the sitemap and feed (with a base_url) show metadata.
        let reextra = self.extras.is_none() || self.extras_stale || metadata_changed;
        if reextra {
            let (assets, mut extra) =
                pipeline::extra_files_but_search(site, renderer.theme(), &self.static_files);
            // The first round writes everything through a staging folder, search files included
            // (as a full build does); later rounds write them after the pages.
            if self.output.is_none() {
                let search = pipeline::search_files(
                    site,
                    renderer.theme(),
                    &self.static_files,
                    &mut self.search_cache,
                );
                let search = search.map_err(|d| vec![d])?;
                self.search_paths = search.keys().cloned().collect();
                extra.extend(search);
            }
            if self.assets.as_ref().map(|a| &a.files) != Some(&assets.files) {
                self.pending.everything = true;
            }
            self.extras = Some((assets, extra));
            self.extras_stale = false;
        }
        if self.lists_stale || self.lists.is_none() {
            self.lists = Some(render::Lists::new(site));
            self.lists_stale = false;
        }
        Ok((relist, reextra))
    }

    fn render_and_write_inner(&mut self, round: &mut Round) -> Result<(), Vec<Diagnostic>> {
        if self.site.is_none() || self.renderer.is_none() {
            return Ok(());
        }
        self.clock.lap("diagnostics");
        let (relist, reextra) = self.refresh_derived()?;
        self.clock.lap("lists");
        let (Some(site), Some(renderer)) = (&self.site, &self.renderer) else {
            unreachable!("checked above");
        };
        let (Some((assets, extra)), Some(lists)) = (&self.extras, &self.lists) else {
            unreachable!("computed above");
        };
        let list = &self.pages;
        let candidates: Vec<usize> = (0..list.jobs.len())
            .filter(|&i| {
                self.pending.everything
                    || list.pages[i]
                        .as_ref()
                        .is_none_or(|p| self.pending.touches(&p.deps, site, &self.ids))
            })
            .collect();
        let jobs: Vec<render::Job> = candidates.iter().map(|&i| list.jobs[i].clone()).collect();
        let force = self.force || self.output.is_none();
        let known: HashMap<&str, u64> = candidates
            .iter()
            .filter(|_| !force)
            .filter_map(|&i| Some((list.paths[i].as_str(), list.pages[i].as_ref()?.context_hash)))
            .collect();
        self.clock.lap("invalidate");
        let rendered: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
        let options = RenderOptions {
            live_reload: self.options.live_reload,
        };
        let tracked = renderer.render_tracked(
            site,
            lists,
            assets,
            &options,
            &jobs,
            |path, hash| known.get(path) == Some(&hash),
            |path, bytes| {
                let mut pages = rendered.lock().unwrap_or_else(|p| p.into_inner());
                pages.push((path.to_string(), bytes));
                Ok(())
            },
        );
        self.clock.lap("render");
        let mut problems: Vec<Diagnostic> =
            tracked.iter().filter_map(|p| p.problem.clone()).collect();
        if !problems.is_empty() {
            render::tidy_problems(&mut problems);
            return Err(problems);
        }
        let mut rendered = rendered.into_inner().unwrap_or_else(|p| p.into_inner());
        rendered.retain(|(path, _)| !extra.contains_key(path));
        rendered.sort();
        round.rendered = rendered.len();
        let files = rendered
            .iter()
            .map(|(p, b)| (p, b))
            .chain(extra.iter().filter(|_| reextra));
        // Only a new list of pages or files can leave files behind.
        let live: Option<HashSet<&str>> = (relist || reextra).then(|| {
            list.paths
                .iter()
                .map(String::as_str)
                .chain(extra.keys().map(String::as_str))
                .chain(self.search_paths.iter().map(String::as_str))
                .collect()
        });
        let out = self.options.out_dir();
        write(
            &mut self.output,
            &self.options.root,
            &out,
            files,
            live.as_ref(),
            round,
        )
        .map_err(|d| vec![d])?;
        self.clock.lap("write");
        for (&i, page) in candidates.iter().zip(tracked) {
            // A page shadowed by a static file is rendered again should that file go away.
            self.pages.pages[i] = (!extra.contains_key(&page.path)).then(|| Page {
                deps: Deps::resolve(page.reads, &self.index_ids, &mut self.ids),
                context_hash: page.context_hash,
            });
        }
        self.assets = Some(assets.clone());
        self.clock.lap("record");
        Ok(())
    }
}

/// Writes `files` (the first time, the whole site through a staging folder) and, given the
/// `live` paths, removes output files that are not among them.
fn write<'a>(
    output: &mut Option<LiveOutput>,
    root: &Path,
    out: &Path,
    files: impl Iterator<Item = (&'a String, &'a Vec<u8>)>,
    live: Option<&HashSet<&str>>,
    round: &mut Round,
) -> Result<(), Diagnostic> {
    let Some(output) = output else {
        crate::output::check_target(root, out)?;
        let staging = crate::output::Staging::create(out)?;
        let mut hashes = HashMap::new();
        for (path, bytes) in files {
            if let Err(d) = staging.write(path, bytes) {
                staging.abandon();
                return Err(d);
            }
            hashes.insert(path.clone(), hash_bytes(bytes));
            round.written.push(path.clone());
        }
        staging.commit()?;
        *output = Some(LiveOutput::adopt(out, hashes));
        return Ok(());
    };
    round.written = output.write_all(files)?;
    if let Some(live) = live {
        round.removed = output.remove_all_but(|p| live.contains(p))?;
    }
    Ok(())
}
