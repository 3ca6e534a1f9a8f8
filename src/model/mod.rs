//! The site model: plain data built once from the content stage, then only read.
//!
//! An [`Entry`] is one practice, right, category or page across its languages; each [`Version`]
//! is one language's file. Metadata that translations may leave out (rights, tags, audience, a
//! right's number, weights) is taken from the *original* — the default-language file, or for an
//! entry written only in another language, the first language it exists in. Validation that needs
//! the whole site (rights exist, numbers unique, categories have an `_index.md`, links resolve)
//! happens here, reported as located diagnostics.

mod bodies;
mod checks;
mod feedback;
pub mod links;
mod notices;
pub mod paths;
pub mod reads;
mod suggest;
mod training;

pub use notices::maintenance_notices;

use crate::config::Config;
use crate::content::{Asset, Content, Key, Kind, Source};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::{self, Outline, Rendered};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Current,
    DueSoon,
    Overdue,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub lang: String,
    pub source: Source,
    pub outline: Outline,
    /// Output path relative to the output root.
    pub path: String,
    /// Body rendered to HTML (filled by [`Site::render_bodies`]).
    pub rendered: Rendered,
    /// Older than the original (translations only).
    pub out_of_date: bool,
}

impl Version {
    /// The rendered body (noted as read, unlike the version's other fields: watch mode tells
    /// a page that shows a body from one that only shows a title).
    pub fn body(&self) -> &Rendered {
        reads::note(|| reads::Read::Body(self.path.clone()));
        &self.rendered
    }

    pub fn title(&self) -> &str {
        &self.source.meta.title
    }

    pub fn summary(&self) -> &str {
        self.source.meta.summary.as_deref().unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Key,
    /// In configuration language order.
    pub versions: Vec<Version>,
    /// Index into `versions` of the original.
    pub original: usize,
    pub rights: Vec<String>,
    /// The competencies a practice builds.
    pub competencies: Vec<String>,
    pub tags: Vec<String>,
    pub audience: Vec<String>,
    pub number: Option<u32>,
    pub weight: i64,
    /// The category id of a practice.
    pub category: Option<String>,
    /// When the original is due for review, and whether that is past (practices and rights).
    pub review_due: Option<Date>,
    pub review_status: ReviewStatus,
    /// The day the entry was first published (the original's `created:`), when given.
    pub created: Option<Date>,
}

impl Entry {
    /// An entry from all its sources in language order (drafts already left out), outlined;
    /// its bodies are rendered later, once the whole model exists.
    pub fn from_sources(
        key: Key,
        sources: Vec<Source>,
        config: &Config,
        options: &BuildOptions,
    ) -> Entry {
        let default_lang = config.default_language();
        let mut versions: Vec<Version> = sources
            .into_par_iter()
            .map(|source| {
                let prefix = paths::lang_prefix(&source.lang, default_lang);
                Version {
                    lang: source.lang.clone(),
                    path: paths::entry_path(&source.key, &prefix),
                    outline: markdown::outline(source.body()),
                    rendered: Rendered::default(),
                    out_of_date: false,
                    source,
                }
            })
            .collect();
        let original = versions
            .iter()
            .position(|v| v.lang == default_lang)
            .unwrap_or(0);
        let orig_meta = versions[original].source.meta.clone();
        for (i, v) in versions.iter_mut().enumerate() {
            v.out_of_date = i != original
                && matches!((v.source.meta.updated, orig_meta.updated), (Some(t), Some(o)) if t < o);
        }
        let category = (key.kind == Kind::Practice)
            .then(|| key.id.split('/').next().unwrap_or_default().to_string());
        let review_due = matches!(key.kind, Kind::Practice | Kind::Right)
            .then(|| {
                orig_meta.updated.map(|u| {
                    u.add_months(
                        orig_meta
                            .review_every_months
                            .unwrap_or(config.review_interval_months),
                    )
                })
            })
            .flatten();
        let review_status = match review_due {
            Some(due) if due < options.today => ReviewStatus::Overdue,
            Some(due) if due <= options.today.add_months(1) => ReviewStatus::DueSoon,
            _ => ReviewStatus::Current,
        };
        Entry {
            rights: orig_meta.rights.clone().unwrap_or_default(),
            competencies: orig_meta.competencies.clone().unwrap_or_default(),
            tags: orig_meta.tags.clone().unwrap_or_default(),
            audience: orig_meta.audience.clone().unwrap_or_default(),
            number: orig_meta.number,
            weight: orig_meta.weight.unwrap_or(0),
            category,
            review_due,
            review_status,
            created: orig_meta.created,
            key,
            versions,
            original,
        }
    }

    pub fn original(&self) -> &Version {
        &self.versions[self.original]
    }

    pub fn version(&self, lang: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.lang == lang)
    }

    /// The version to show a reader of `lang`: theirs, else the original, else the first.
    pub fn best(&self, lang: &str) -> &Version {
        self.version(lang).unwrap_or_else(|| self.original())
    }

    /// The id without the kind, as search and scripts know it: `greetings/greeting-at-the-desk`,
    /// `rights/courtesy`, `categories/greetings`, `pages/about`, `home`.
    pub fn public_id(&self) -> String {
        self.key.public_id()
    }
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub today: Date,
    pub entries: Vec<Entry>,
    pub index: HashMap<Key, usize>,
    pub assets: Vec<Asset>,
    /// Files that failed to load (already reported); links to them are not errors again.
    pub unreadable: std::collections::BTreeSet<String>,
    /// Entries left out as drafts, with their original's path: a link to one is a link to a
    /// draft, not to a missing file.
    pub drafts: BTreeMap<Key, String>,
}

pub struct BuildOptions {
    pub drafts: bool,
    pub today: Date,
}

impl BuildOptions {
    /// Whether a source is built at all (drafts only with `--drafts`).
    pub fn includes(&self, source: &Source) -> bool {
        self.drafts || !source.meta.draft
    }

    /// The sources of one entry (in language order) that are built. A draft original covers
    /// every language version of the entry: its translations are left out with it, or they
    /// would be published (and listed on the original's pages) before the original is.
    /// `None` when the whole entry is a draft.
    pub fn publishable(&self, sources: Vec<Source>) -> Option<Vec<Source>> {
        let original_is_draft = sources.first().is_some_and(|s| s.meta.draft);
        if original_is_draft && !self.drafts {
            return None;
        }
        Some(sources.into_iter().filter(|s| self.includes(s)).collect())
    }
}

impl Site {
    pub fn get(&self, kind: Kind, id: &str) -> Option<&Entry> {
        let key = Key {
            kind,
            id: id.to_string(),
        };
        match self.index.get(&key) {
            Some(&i) => {
                reads::note(|| reads::Read::Entry(i));
                Some(&self.entries[i])
            }
            None => {
                reads::note(|| reads::Read::Missing(key));
                None
            }
        }
    }

    /// The entry at `index` (as named by a render job or a derived list).
    pub fn entry(&self, index: usize) -> &Entry {
        reads::note(|| reads::Read::Entry(index));
        &self.entries[index]
    }

    /// Every entry, for pages that look at all of them.
    pub fn all(&self) -> &[Entry] {
        reads::note(|| reads::Read::All);
        &self.entries
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        reads::note(|| reads::Read::Kind(kind));
        self.entries.iter().filter(move |e| e.key.kind == kind)
    }

    /// Whether `rel` (relative to `content/`) is a non-Markdown file of the site.
    pub fn has_asset(&self, rel: &str) -> bool {
        reads::note(|| reads::Read::Assets);
        self.assets
            .binary_search_by(|a| a.rel.as_str().cmp(rel))
            .is_ok()
    }

    /// The original's path of `key` when the entry is a draft (left out of the build).
    pub fn draft(&self, key: &Key) -> Option<&str> {
        reads::note(|| reads::Read::Missing(key.clone()));
        self.drafts.get(key).map(String::as_str)
    }

    /// Whether `rel` (relative to `content/`) is a Markdown file that failed to load.
    pub fn is_unreadable(&self, rel: &str) -> bool {
        reads::note(|| reads::Read::Unreadable(rel.to_string()));
        self.unreadable.contains(rel)
    }

    /// Rights in bill order.
    pub fn rights(&self) -> Vec<&Entry> {
        let mut rights: Vec<&Entry> = self.of_kind(Kind::Right).collect();
        rights.sort_by_key(|e| (e.number.unwrap_or(u32::MAX), e.key.id.clone()));
        rights
    }

    /// Categories by weight, then id.
    pub fn categories(&self) -> Vec<&Entry> {
        let mut cats: Vec<&Entry> = self.of_kind(Kind::Category).collect();
        cats.sort_by_key(|e| (e.weight, e.key.id.clone()));
        cats
    }

    /// Practices of a category by weight, then title.
    pub fn practices_in(&self, category: &str) -> Vec<&Entry> {
        reads::note(|| reads::Read::Category(category.to_string()));
        let mut list: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.key.kind == Kind::Practice && e.category.as_deref() == Some(category))
            .collect();
        list.sort_by(|a, b| {
            (a.weight, a.original().title()).cmp(&(b.weight, b.original().title()))
        });
        list
    }

    /// Builds the model. Problems go to `diagnostics`; the model holds what is valid.
    pub fn build(
        config: Config,
        content: Content,
        options: &BuildOptions,
        diagnostics: &Diagnostics,
    ) -> Site {
        let mut grouped: BTreeMap<Key, Vec<Source>> = BTreeMap::new();
        for source in content.sources {
            grouped.entry(source.key.clone()).or_default().push(source);
        }
        let mut drafts = std::collections::BTreeMap::new();
        let grouped: BTreeMap<Key, Vec<Source>> = grouped
            .into_iter()
            .filter_map(|(key, sources)| {
                let path = sources.first().map(|s| s.path.clone());
                match options.publishable(sources) {
                    Some(sources) if !sources.is_empty() => Some((key, sources)),
                    Some(_) => None,
                    None => {
                        drafts.insert(key, path.unwrap_or_default());
                        None
                    }
                }
            })
            .collect();

        let mut entries: Vec<Entry> = grouped
            .into_iter()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(key, sources)| Entry::from_sources(key, sources, &config, options))
            .collect();
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        let mut site = Site {
            config,
            today: options.today,
            entries,
            index: HashMap::new(),
            assets: content.assets,
            unreadable: content.unreadable,
            drafts,
        };
        site.reindex();
        site.validate(&content.category_dirs, diagnostics);
        site
    }

    fn reindex(&mut self) {
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
    }

    /// Watch mode: puts the entry built from `sources` (all files of `key`, in language order) in
    /// place of the entry `key`, adding it, or removing it when nothing is left to build. Every
    /// other entry keeps its rendered bodies; indexes after the place of `key` shift when it is
    /// added or removed. Render the new entry's bodies with [`Site::render_bodies_of`].
    pub fn replace_entry(&mut self, key: &Key, sources: Vec<Source>, options: &BuildOptions) {
        let original = sources.first().map(|s| s.path.clone());
        let sources = match options.publishable(sources) {
            Some(sources) => {
                self.drafts.remove(key);
                sources
            }
            None => {
                self.drafts
                    .insert(key.clone(), original.unwrap_or_default());
                Vec::new()
            }
        };
        let at = self.entries.binary_search_by(|e| e.key.cmp(key));
        let entry = (!sources.is_empty())
            .then(|| Entry::from_sources(key.clone(), sources, &self.config, options));
        match (at, entry) {
            (Ok(i), Some(entry)) => self.entries[i] = entry,
            (Ok(i), None) => {
                self.entries.remove(i);
                self.reindex();
            }
            (Err(i), Some(entry)) => {
                self.entries.insert(i, entry);
                self.reindex();
            }
            (Err(_), None) => {}
        }
    }

    /// The checks that need the whole site (rights exist, numbers unique, categories have an
    /// `_index.md`). Cheap: no Markdown is parsed.
    pub fn validate(
        &self,
        category_dirs: &std::collections::BTreeSet<String>,
        diagnostics: &Diagnostics,
    ) {
        let right_ids: Vec<&str> = self
            .of_kind(Kind::Right)
            .map(|e| e.key.id.as_str())
            .collect();
        for cat in category_dirs {
            if self.get(Kind::Category, cat).is_none() {
                diagnostics.push(Diagnostic::error(
                    format!("content/practices/{cat}"),
                    format!(
                        "category folder `{cat}` has no `_index.md`; add one with `title:` and `summary:` (and a `weight:` for its place)"
                    ),
                ).with_code("category-without-index"));
            }
        }
        checks::run(self, diagnostics);
        training::check(self, diagnostics);
        feedback::run(self, diagnostics);
        let mut numbers: BTreeMap<u32, &Entry> = BTreeMap::new();
        for entry in &self.entries {
            for version in &entry.versions {
                let source = &version.source;
                for right in source.meta.rights.iter().flatten() {
                    if !right_ids.contains(&right.as_str()) {
                        let hint = match did_you_mean(right, right_ids.iter().copied()) {
                            Some(s) => format!("; did you mean `{s}`?"),
                            None => format!(" (the rights are: {})", right_ids.join(", ")),
                        };
                        diagnostics.push(
                            at_key(
                                source,
                                "rights",
                                Some(right),
                                format!("unknown right `{right}`{hint}"),
                            )
                            .with_code("unknown-right"),
                        );
                    }
                }
                if entry.key.kind == Kind::Right
                    && !std::ptr::eq(version, entry.original())
                    && let (Some(n), Some(orig)) = (source.meta.number, entry.number)
                    && n != orig
                {
                    diagnostics.push(at_key(
                                source,
                                "number",
                                Some(""),
                                format!("`number` is {n} here but {orig} in `{}`; a translation keeps the right's place", entry.original().source.path),
                            ).with_code("right-number"));
                }
            }
            if entry.key.kind == Kind::Right
                && let Some(n) = entry.number
                && let Some(first) = numbers.insert(n, entry)
            {
                diagnostics.push(at_key(
                            &entry.original().source,
                            "number",
                            Some(""),
                            format!("right number {n} is already used by `{}`; each right needs its own place in the bill", first.original().source.path),
                        ).with_code("right-number"));
            }
        }
    }
}

/// A diagnostic at a front-matter key of a source.
pub fn at_key(source: &Source, key: &str, needle: Option<&str>, message: String) -> Diagnostic {
    let offset = crate::yaml::offset_of(
        &source.text[source.split.yaml_start..source.split.yaml_end],
        source.split.yaml_start,
        key,
        needle,
    );
    Diagnostic::error(source.path.clone(), message).at_offset(&source.text, offset)
}
