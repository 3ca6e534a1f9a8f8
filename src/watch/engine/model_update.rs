//! Keeping the model current: re-parse the entries whose files changed, put them into the site
//! model in place, and re-render the Markdown bodies that a change can affect (the entry's own,
//! and those whose links read it). Each change is recorded in the pending [`ChangeSet`], telling
//! metadata changes (which touch every page listing the entry) from body-only ones (which touch
//! only the pages showing the body).

use super::{Body, ChangeSet, Deps, Engine, Membership, Parsed};
use crate::config::Config;
use crate::content::{self, Content, Files};
use crate::diagnostics::Diagnostics;
use crate::model::Entry;
use crate::watch::sources::Group;
use std::collections::{BTreeSet, HashSet};

impl Engine {
    /// Parses one group with the content stage; keeps its problems; returns its sources, and
    /// notes when the group's unreadable files or category folders changed.
    pub(super) fn parse(&mut self, group: &Group, config: &Config) -> Content {
        let empty = Files::default();
        let files = self.content.group(group).unwrap_or(&empty);
        let problems = Diagnostics::new();
        let mut parsed = content::from_files(files, config, &problems);
        let result = Parsed {
            problems: problems.into_sorted(),
            unreadable: std::mem::take(&mut parsed.unreadable),
            category_dirs: std::mem::take(&mut parsed.category_dirs),
        };
        let before = if files.markdown.is_empty() {
            self.parsed.remove(group)
        } else {
            self.parsed.insert(group.clone(), result)
        };
        let after = self.parsed.get(group);
        let sets = |p: Option<&Parsed>| p.map(|p| (p.unreadable.clone(), p.category_dirs.clone()));
        self.recount |= sets(before.as_ref()) != sets(after);
        parsed
    }

    pub(super) fn parse_assets(&mut self, config: &Config) -> Vec<content::Asset> {
        let problems = Diagnostics::new();
        let assets = content::from_files(self.content.assets(), config, &problems).assets;
        self.asset_problems = problems.into_sorted();
        assets
    }

    pub(super) fn unreadable(&self) -> BTreeSet<String> {
        self.parsed
            .values()
            .flat_map(|p| p.unreadable.iter().cloned())
            .collect()
    }

    pub(super) fn category_dirs(&self) -> BTreeSet<String> {
        self.parsed
            .values()
            .flat_map(|p| p.category_dirs.iter().cloned())
            .collect()
    }

    /// Re-parses `groups`, puts their entries into the model, and re-renders the bodies affected.
    pub(super) fn update_entries(&mut self, groups: BTreeSet<Group>, assets: bool) {
        let config = self.config.as_ref().expect("a model exists").clone();
        let options = self.build_options();
        let mut changes = ChangeSet::default();
        self.recount = false;
        let mut replaced = Vec::new();
        let mut reshaped = false;
        for group in groups {
            let parsed = self.parse(&group, &config);
            let Group::Entry(key) = group else { continue };
            let site = self.site.as_mut().expect("a model exists");
            let id = self.ids.id(&key);
            let old = site.index.get(&key).map(|&i| site.entries[i].clone());
            site.replace_entry(&key, parsed.sources, &options);
            let new = site.index.get(&key).map(|&i| &site.entries[i]);
            reshaped |= old.is_some() != new.is_some();
            match (&old, new) {
                (Some(old), Some(new)) if same_but_bodies(old, new) => {
                    // Its pages and the handouts that embed it are re-rendered if the body
                    // comes out different; pages listing it are not touched at all.
                }
                _ => changes.entry(
                    id,
                    old.as_ref().map(Membership::of),
                    new.map(Membership::of),
                ),
            }
            if new.is_some() {
                replaced.push(id);
            } else {
                self.bodies.remove(&id);
            }
        }
        if assets {
            let site_assets = self.parse_assets(&config);
            let site = self.site.as_mut().expect("a model exists");
            if site.assets != site_assets {
                site.assets = site_assets;
                changes.assets();
                self.extras_stale = true;
            }
        }
        if self.recount {
            let unreadable = self.unreadable();
            let site = self.site.as_mut().expect("a model exists");
            for path in unreadable.symmetric_difference(&site.unreadable) {
                changes.unreadable(path.clone());
            }
            site.unreadable = unreadable;
            self.category_dirs = self.category_dirs();
        }
        let (site, category_dirs) = (
            self.site.as_mut().expect("a model exists"),
            &self.category_dirs,
        );
        if reshaped {
            self.index_ids = self.ids.of_site(site);
        }
        self.lists_stale |= reshaped || changes.moves_lists();
        let validation = Diagnostics::new();
        site.validate(category_dirs, &validation);
        if reshaped {
            self.collisions = crate::render::page_collisions(site);
        }
        validation.extend(self.collisions.iter().cloned());
        self.validation = validation.into_sorted();
        self.clock.lap("model");

        // Bodies: the entries that changed, and those whose links read something that changed.
        let mut to_render: HashSet<u32> = replaced.into_iter().collect();
        for (&id, body) in &self.bodies {
            if !to_render.contains(&id)
                && body
                    .deps
                    .iter()
                    .any(|d| changes.touches(d, site, &self.ids))
            {
                to_render.insert(id);
            }
        }
        let indexes: Vec<usize> = to_render
            .iter()
            .filter_map(|&id| site.index.get(self.ids.key(id)).copied())
            .collect();
        self.render_bodies(&indexes, &mut changes);
        self.pending.merge(changes);
        self.clock.lap("markdown");
    }

    /// Renders the bodies of the entries at `indexes`; versions whose body came out different are
    /// added to `changes`.
    pub(super) fn render_bodies(&mut self, indexes: &[usize], changes: &mut ChangeSet) {
        let site = self.site.as_mut().expect("a model exists");
        let before: Vec<Vec<_>> = indexes
            .iter()
            .map(|&i| {
                let e = &site.entries[i];
                e.versions.iter().map(|v| v.rendered.clone()).collect()
            })
            .collect();
        let results = site.render_bodies_of(indexes, &self.labels);
        for ((&i, old), (reads, problems)) in indexes.iter().zip(before).zip(results) {
            let id = self.index_ids[i];
            let entry = &site.entries[i];
            for (n, v) in entry.versions.iter().enumerate() {
                let same = old.get(n).is_some_and(|o| {
                    o.html == v.rendered.html
                        && o.toc == v.rendered.toc
                        && o.text == v.rendered.text
                });
                if !same {
                    changes.body(id, self.ids.body(&v.path));
                }
            }
            let deps = reads
                .into_iter()
                .map(|r| Deps::resolve(r, &self.index_ids, &mut self.ids))
                .collect();
            self.bodies.insert(id, Body { deps, problems });
        }
    }
}

/// Whether two entries differ at most in their bodies (text, outline, rendered HTML): compared
/// on everything else, whatever fields `Entry` grows.
pub(super) fn same_but_bodies(a: &Entry, b: &Entry) -> bool {
    let without_bodies = |e: &Entry| {
        let mut e = e.clone();
        for v in &mut e.versions {
            v.rendered = Default::default();
            v.outline = Default::default();
            v.source.text.clear();
            v.source.split.yaml_start = 0;
            v.source.split.yaml_end = 0;
            v.source.split.body_start = 0;
        }
        format!("{e:?}")
    };
    a.versions.len() == b.versions.len() && without_bodies(a) == without_bodies(b)
}
