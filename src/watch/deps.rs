//! Dependencies in watch mode: what each page and each Markdown body read, and whether a set of
//! changes touches it.
//!
//! [`Read`]s name entries by their index in the model, which shifts when an entry is added or
//! removed; [`Deps`] names them by [`KeyIds`], stable numbers for entry keys, so that what a page
//! read last week still means the same entry after a hundred additions.
//!
//! A [`ChangeSet`] describes what changed since the output was last written, in the same terms:
//! the entries whose metadata changed, plus what their old and new versions said about
//! membership (kind, category, tags, rights), because lists such as a tag page or a right's
//! "practices upholding it" change when a practice joins or leaves them; and, apart, the bodies
//! that changed. Most edits change a body only, and only a few pages show bodies: the entry's
//! own page and the printable handouts, not the lists that show its title.

use crate::content::{Key, Kind};
use crate::model::reads::Read;
use crate::model::{Entry, Site};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Hashes the small numbers of [`KeyIds`] (Fibonacci hashing): the sets of changed ids are
/// probed for every page on every round, and SipHash was the cost of that.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(crate) type IdSet = HashSet<u32, BuildHasherDefault<IdHasher>>;

/// Stable numbers for entry keys, and for the output paths of versions (whose bodies pages
/// read), never reused while the watch session lasts.
#[derive(Debug, Default)]
pub(crate) struct KeyIds {
    ids: HashMap<Key, u32>,
    keys: Vec<Key>,
    bodies: HashMap<String, u32>,
}

impl KeyIds {
    /// The number of the body of the version published at `path`.
    pub(crate) fn body(&mut self, path: &str) -> u32 {
        if let Some(&id) = self.bodies.get(path) {
            return id;
        }
        let id = u32::try_from(self.bodies.len()).expect("fewer than 4 billion pages");
        self.bodies.insert(path.to_string(), id);
        id
    }

    pub(crate) fn id(&mut self, key: &Key) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = u32::try_from(self.keys.len()).expect("fewer than 4 billion entries");
        self.ids.insert(key.clone(), id);
        self.keys.push(key.clone());
        id
    }

    pub(crate) fn key(&self, id: u32) -> &Key {
        &self.keys[id as usize]
    }

    /// The id of every entry of `site`, by index.
    pub(crate) fn of_site(&mut self, site: &Site) -> Vec<u32> {
        site.entries.iter().map(|e| self.id(&e.key)).collect()
    }
}

fn kind_bit(kind: Kind) -> u8 {
    1 << (kind as u8)
}

/// What one page or body depends on.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Deps {
    entries: Vec<u32>,
    bodies: Vec<u32>,
    kinds: u8,
    categories: Vec<String>,
    tags: Vec<String>,
    tag_list: bool,
    upholding: Vec<String>,
    related: Vec<u32>,
    assets: bool,
    unreadable: Vec<String>,
    all: bool,
}

impl Deps {
    /// Translates recorded reads; `ids_by_index` are the entries' ids in the model that was read.
    pub(crate) fn resolve(reads: Vec<Read>, ids_by_index: &[u32], ids: &mut KeyIds) -> Deps {
        let mut deps = Deps::default();
        for read in reads {
            match read {
                Read::Entry(i) => deps.entries.push(ids_by_index[i]),
                Read::Body(path) => deps.bodies.push(ids.body(&path)),
                Read::Missing(key) => deps.entries.push(ids.id(&key)),
                Read::Kind(kind) => deps.kinds |= kind_bit(kind),
                Read::Category(c) => deps.categories.push(c),
                Read::Tag(t) => deps.tags.push(t),
                Read::Tags => deps.tag_list = true,
                Read::Upholding(r) => deps.upholding.push(r),
                Read::Related(i) => deps.related.push(ids_by_index[i]),
                Read::Assets => deps.assets = true,
                Read::Unreadable(path) => deps.unreadable.push(path),
                Read::All => deps.all = true,
            }
        }
        for list in [&mut deps.entries, &mut deps.bodies, &mut deps.related] {
            list.sort_unstable();
            list.dedup();
        }
        for list in [
            &mut deps.categories,
            &mut deps.tags,
            &mut deps.upholding,
            &mut deps.unreadable,
        ] {
            list.sort_unstable();
            list.dedup();
        }
        deps
    }
}

/// What an entry says about the lists it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Membership {
    kind: Option<Kind>,
    /// The languages it exists in: each is a page.
    langs: Vec<String>,
    category: Option<String>,
    tags: Vec<String>,
    rights: Vec<String>,
}

impl Membership {
    pub(crate) fn of(entry: &Entry) -> Membership {
        let sorted = |list: &[String]| {
            let mut list = list.to_vec();
            list.sort();
            list.dedup();
            list
        };
        Membership {
            kind: Some(entry.key.kind),
            langs: entry.versions.iter().map(|v| v.lang.clone()).collect(),
            category: entry.category.clone(),
            tags: sorted(&entry.tags),
            rights: sorted(&entry.rights),
        }
    }
}

/// Everything that changed since the output was last written.
#[derive(Debug, Default, Clone)]
pub(crate) struct ChangeSet {
    /// Configuration, theme or asset URLs: every page.
    pub everything: bool,
    entries: IdSet,
    /// The versions (by [`KeyIds::body`]) whose rendered body changed.
    bodies: IdSet,
    /// Every entry that changed in any way (metadata or bodies).
    changed: IdSet,
    kinds: u8,
    categories: HashSet<String>,
    tags: HashSet<String>,
    tag_list: bool,
    /// Pages appeared or disappeared (entries, languages or tags came or went).
    reshaped: bool,
    rights: HashSet<String>,
    /// Tags and rights that a practice joined or left (related lists are built from these).
    moved_tags: HashSet<String>,
    moved_rights: HashSet<String>,
    assets: bool,
    unreadable: HashSet<String>,
}

fn symmetric_difference(a: &[String], b: &[String]) -> Vec<String> {
    a.iter()
        .filter(|x| !b.contains(x))
        .chain(b.iter().filter(|x| !a.contains(x)))
        .cloned()
        .collect()
}

impl ChangeSet {
    /// Every entry that changed in any way.
    pub(crate) fn entry_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.changed.iter().copied()
    }

    /// Whether some entry's metadata changed (not only bodies).
    pub(crate) fn metadata_changed(&self) -> bool {
        !self.entries.is_empty()
    }

    /// Whether the list of pages may have changed.
    pub(crate) fn reshapes(&self) -> bool {
        self.everything || self.reshaped
    }

    /// Whether a practice joined or left a tag or a right.
    pub(crate) fn moves_lists(&self) -> bool {
        !(self.moved_tags.is_empty() && self.moved_rights.is_empty())
    }

    /// The entry `id` changed; `old` and `new` are what it was and is (`None`: absent).
    pub(crate) fn entry(&mut self, id: u32, old: Option<Membership>, new: Option<Membership>) {
        self.entries.insert(id);
        self.changed.insert(id);
        let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
        for m in [&old, &new] {
            if let Some(kind) = m.kind {
                self.kinds |= kind_bit(kind);
            }
            self.categories.extend(m.category.iter().cloned());
            self.tags.extend(m.tags.iter().cloned());
            self.rights.extend(m.rights.iter().cloned());
        }
        self.reshaped |= old.kind != new.kind || old.langs != new.langs;
        if old.tags != new.tags {
            self.tag_list = true;
            self.reshaped = true;
            self.moved_tags
                .extend(symmetric_difference(&old.tags, &new.tags));
        }
        self.moved_rights
            .extend(symmetric_difference(&old.rights, &new.rights));
    }

    /// The rendered body of the version `body` of entry `id` changed.
    pub(crate) fn body(&mut self, id: u32, body: u32) {
        self.bodies.insert(body);
        self.changed.insert(id);
    }

    pub(crate) fn assets(&mut self) {
        self.assets = true;
    }

    pub(crate) fn unreadable(&mut self, rel: String) {
        self.unreadable.insert(rel);
    }

    pub(crate) fn merge(&mut self, other: ChangeSet) {
        self.everything |= other.everything;
        self.entries.extend(other.entries);
        self.bodies.extend(other.bodies);
        self.changed.extend(other.changed);
        self.kinds |= other.kinds;
        self.categories.extend(other.categories);
        self.tags.extend(other.tags);
        self.tag_list |= other.tag_list;
        self.reshaped |= other.reshaped;
        self.rights.extend(other.rights);
        self.moved_tags.extend(other.moved_tags);
        self.moved_rights.extend(other.moved_rights);
        self.assets |= other.assets;
        self.unreadable.extend(other.unreadable);
    }

    /// Whether something `deps` read has changed. `site` is the current model, for the tags and
    /// rights of the practices whose related lists were read. Runs for every page of the site on
    /// every round, so each test is skipped when that part of the change set is empty.
    pub(crate) fn touches(&self, deps: &Deps, site: &Site, ids: &KeyIds) -> bool {
        let any = |list: &[String], set: &HashSet<String>| {
            !set.is_empty() && list.iter().any(|x| set.contains(x))
        };
        if self.everything
            || (!self.bodies.is_empty() && deps.bodies.iter().any(|b| self.bodies.contains(b)))
        {
            return true;
        }
        let metadata = !self.entries.is_empty();
        (deps.all && (metadata || self.assets || !self.unreadable.is_empty()))
            || (metadata && deps.entries.iter().any(|e| self.entries.contains(e)))
            || deps.kinds & self.kinds != 0
            || any(&deps.categories, &self.categories)
            || any(&deps.tags, &self.tags)
            || (deps.tag_list && self.tag_list)
            || any(&deps.upholding, &self.rights)
            || (deps.assets && self.assets)
            || any(&deps.unreadable, &self.unreadable)
            || (self.moves_lists()
                && deps.related.iter().any(|&owner| {
                    let key = ids.key(owner);
                    site.index.get(key).is_none_or(|&i| {
                        let e = &site.entries[i];
                        e.tags.iter().any(|t| self.moved_tags.contains(t))
                            || e.rights.iter().any(|r| self.moved_rights.contains(r))
                    })
                }))
    }
}
