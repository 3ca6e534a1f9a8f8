//! What every page of one render shares: the site, the asset URLs, each language's UI strings
//! as template values, and what a link to each entry shows, each made once and used by all jobs.

use super::*;

/// Data computed once per render and shared by all jobs.
pub(crate) struct Shared<'a> {
    pub(super) site: &'a Site,
    pub(super) assets: &'a AssetUrls,
    pub(super) live_reload: bool,
    /// `strings` as template values, made once: every page gets its language's table as `t`
    /// (tera values share their maps, so this costs a pointer copy per page, where converting
    /// the table for every page was a fifth of a large build).
    pub(super) string_values: HashMap<String, tera::Value>,
    pub(super) lists: Cow<'a, Lists>,
    /// The configured languages, in order, with what pages show of each.
    pub(super) langs: Vec<Lang>,
    /// What a link to an entry shows a reader of a language on any page (all but its URL), by
    /// entry index × language index; made on first use. Nothing here is noted for watch mode:
    /// a link shows fields of its entry, which the page noted when it got the entry.
    pub(super) link_parts: Vec<OnceLock<LinkParts<'a>>>,
    /// The asset URLs as seen from a page at each folder depth.
    pub(super) asset_values: Vec<OnceLock<Value>>,
    /// The practices of each category in page order ([`Site::practices_in`] for every category
    /// at once; noted per category on use).
    pub(super) by_category: OnceLock<HashMap<&'a str, Vec<usize>>>,
    /// Whether the site has competencies (every page's navigation links them then).
    has_competencies: bool,
}

/// A configured language and its UI strings.
pub(super) struct Lang {
    pub(super) code: String,
    /// `""` for the default language, `pl/` for the others.
    pub(super) prefix: String,
    pub(super) strings: BTreeMap<String, String>,
    /// `language_name` and `not_translated` in the language itself.
    pub(super) name: Value,
    pub(super) not_translated: Value,
    pub(super) review_overdue: Value,
    pub(super) review_due_soon: Value,
}

/// The part of a link to an entry that does not depend on the page it is on.
pub(super) struct LinkParts<'a> {
    /// The output path of the version linked.
    pub(super) path: &'a str,
    pub(super) title: Value,
    pub(super) summary: Value,
    pub(super) lang: Value,
    pub(super) other_lang: Value,
    pub(super) updated: Value,
    pub(super) review: Value,
    pub(super) id: Value,
    /// The version's `changes:` line, `""` without one.
    pub(super) changes: Value,
    /// Whether the entry is marked new (its `created:` within `new_days:` of today).
    pub(super) is_new: bool,
}

/// A link to an entry, as listings show it; the optional fields are there only when set.
#[derive(Serialize)]
pub(super) struct Link<'p> {
    pub(super) title: &'p Value,
    pub(super) summary: &'p Value,
    pub(super) url: String,
    pub(super) lang: &'p Value,
    pub(super) other_lang: &'p Value,
    pub(super) updated: &'p Value,
    pub(super) review: &'p Value,
    pub(super) id: &'p Value,
    pub(super) changes: &'p Value,
    pub(super) is_new: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) number: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) count_label: Option<String>,
}

impl Link<'_> {
    pub(super) fn number(mut self, number: Option<u32>) -> Self {
        self.number = Some(number);
        self
    }

    /// The link with how many entries it leads to, and that count as `lang` says it.
    pub(super) fn counted(mut self, shared: &Shared<'_>, lang: &str, n: usize) -> Self {
        self.count = Some(n);
        self.count_label = Some(super::count_label(shared, lang, n));
        self
    }
}

#[derive(Serialize)]
pub(super) struct Review<'s> {
    pub(super) status: &'static str,
    pub(super) due: String,
    pub(super) label: &'s Value,
}

#[derive(Serialize)]
pub(super) struct LanguageLink<'s> {
    pub(super) code: &'s str,
    pub(super) name: &'s Value,
    pub(super) url: String,
    pub(super) absolute: String,
    pub(super) current: bool,
    pub(super) available: bool,
    pub(super) note: &'s Value,
}

#[derive(Serialize)]
pub(super) struct Nav {
    pub(super) home: String,
    pub(super) rights: String,
    pub(super) tags: String,
    pub(super) search: String,
    pub(super) review: String,
    pub(super) about: String,
    /// The competencies page; empty when the site has none.
    pub(super) competencies: String,
    /// The roles page; empty without `audiences:`.
    pub(super) roles: String,
    /// The whole site's desk phrase sheet.
    pub(super) phrases: String,
}

impl<'a> Shared<'a> {
    pub(crate) fn new(
        site: &'a Site,
        theme: &Theme,
        assets: &'a AssetUrls,
        options: &RenderOptions,
        lists: Cow<'a, Lists>,
    ) -> Self {
        let default_lang = site.config.default_language().to_string();
        let langs: Vec<Lang> = site
            .config
            .languages
            .iter()
            .map(|l| {
                let strings = theme.strings_for(l, &default_lang);
                let get = |key: &str| Value::from(strings.get(key).map_or(key, String::as_str));
                Lang {
                    code: l.clone(),
                    prefix: lang_prefix(l, &default_lang),
                    name: get("language_name"),
                    not_translated: get("not_translated"),
                    review_overdue: get("review_overdue"),
                    review_due_soon: get("review_due_soon"),
                    strings,
                }
            })
            .collect();
        let string_values = langs
            .iter()
            .map(|l| (l.code.clone(), tera::Value::from_serializable(&l.strings)))
            .collect();
        let link_parts = (0..site.entries.len() * langs.len())
            .map(|_| OnceLock::new())
            .collect();
        Shared {
            site,
            assets,
            live_reload: options.live_reload,
            string_values,
            lists,
            langs,
            link_parts,
            asset_values: (0..8).map(|_| OnceLock::new()).collect(),
            by_category: OnceLock::new(),
            has_competencies: site.entries.iter().any(|e| e.key.kind == Kind::Competency),
        }
    }

    /// Whether the site has competencies (noted: the first one adds a link to every page).
    pub(super) fn has_competencies(&self) -> bool {
        reads::note(|| Read::Kind(Kind::Competency));
        self.has_competencies
    }

    /// The tera context of a page: its variables plus the UI strings of its language as `t`.
    pub(crate) fn template_context(&self, page: Page) -> tera::Context {
        let mut context = tera::Context::new();
        let lang = page.vars.get("lang").and_then(Value::as_str).unwrap_or("");
        if let Some(t) = self.string_values.get(lang) {
            context.insert_value("t", t.clone());
        }
        for (name, value) in page.vars {
            context.insert_value(name, value);
        }
        context
    }

    pub(super) fn lang(&self, code: &str) -> Option<&Lang> {
        self.langs.iter().find(|l| l.code == code)
    }

    pub(super) fn t(&self, lang: &str, key: &str) -> String {
        self.lang(lang)
            .and_then(|l| l.strings.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// What `tag` is called in `lang` (`labels:` in `deskbook.yaml`, else the tag id).
    pub(super) fn tag_label<'t>(&'t self, tag: &'t str, lang: &str) -> &'t str {
        self.site.config.labels.label(tag, lang)
    }

    /// `language_name` in `lang`.
    pub(super) fn language_name(&self, lang: &str) -> Value {
        self.lang(lang)
            .map_or_else(|| Value::from("language_name"), |l| l.name.clone())
    }

    pub(super) fn prefix(&self, lang: &str) -> String {
        self.lang(lang).map_or_else(
            || lang_prefix(lang, self.site.config.default_language()),
            |l| l.prefix.clone(),
        )
    }

    /// The index of an entry of the site (every entry a page shows comes from `site.entries`).
    pub(super) fn index_of(&self, entry: &Entry) -> Option<usize> {
        let base = self.site.entries.as_ptr() as usize;
        let at = (entry as *const Entry as usize).checked_sub(base)? / size_of::<Entry>();
        let found = self.site.entries.get(at)?;
        std::ptr::eq(found, entry).then_some(at)
    }

    /// What every link to `entry` shows a reader of `lang`, made once per render.
    pub(super) fn link_parts(&self, lang: &str, entry: &'a Entry) -> Cow<'_, LinkParts<'a>> {
        let l = self.langs.iter().position(|l| l.code == lang);
        match (l, self.index_of(entry)) {
            (Some(l), Some(i)) => Cow::Borrowed(
                self.link_parts[i * self.langs.len() + l]
                    .get_or_init(|| self.make_link_parts(lang, entry)),
            ),
            _ => Cow::Owned(self.make_link_parts(lang, entry)),
        }
    }

    pub(super) fn make_link_parts(&self, lang: &str, entry: &'a Entry) -> LinkParts<'a> {
        let v = entry.best(lang);
        LinkParts {
            path: &v.path,
            title: Value::from(v.title()),
            summary: Value::from(v.summary()),
            lang: Value::from(v.lang.as_str()),
            other_lang: if v.lang != lang {
                self.language_name(&v.lang)
            } else {
                Value::from("")
            },
            updated: Value::from(
                v.source
                    .meta
                    .updated
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            review: review_value(self, lang, entry),
            id: Value::from(entry.public_id()),
            changes: Value::from(v.source.meta.changes.as_deref().unwrap_or("")),
            is_new: entry.is_new(self.site.today, self.site.config.new_days),
        }
    }

    /// A link from the page at `from` to the best version of `entry` for a reader of `lang`.
    pub(super) fn link<'p>(&self, parts: &'p LinkParts<'_>, from: &str) -> Link<'p> {
        Link {
            title: &parts.title,
            summary: &parts.summary,
            url: relative(from, parts.path),
            lang: &parts.lang,
            other_lang: &parts.other_lang,
            updated: &parts.updated,
            review: &parts.review,
            id: &parts.id,
            changes: &parts.changes,
            is_new: parts.is_new,
            number: None,
            html: None,
            count: None,
            count_label: None,
        }
    }

    /// Links from the page at `from` to `entries`, as a template list.
    pub(super) fn links(
        &self,
        from: &str,
        lang: &str,
        entries: impl Iterator<Item = &'a Entry>,
    ) -> Value {
        let parts: Vec<_> = entries.map(|e| self.link_parts(lang, e)).collect();
        let links: Vec<Link<'_>> = parts.iter().map(|p| self.link(p, from)).collect();
        Value::from_serializable(&links)
    }

    /// The asset URLs from a page whose root is `root`.
    pub(super) fn assets(&self, root: &str) -> Value {
        let make = || {
            let assets: BTreeMap<&String, String> = self
                .assets
                .files
                .iter()
                .map(|(k, v)| (k, format!("{root}{v}")))
                .collect();
            Value::from_serializable(&assets)
        };
        match self.asset_values.get(root.len() / 3) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// Every tag with its practices (noted for watch mode, like the accessors below).
    pub(super) fn all_tags(&self) -> &BTreeMap<String, Vec<usize>> {
        reads::note(|| Read::Tags);
        &self.lists.tags
    }

    pub(super) fn tagged(&self, tag: &str) -> &[usize] {
        reads::note(|| Read::Tag(tag.to_string()));
        self.lists.tags.get(tag).map_or(&[], Vec::as_slice)
    }

    pub(super) fn upholding(&self, right: &str) -> &[usize] {
        reads::note(|| Read::Upholding(right.to_string()));
        self.lists.by_right.get(right).map_or(&[], Vec::as_slice)
    }

    pub(super) fn related_to(&self, practice: usize) -> &[usize] {
        reads::note(|| Read::Related(practice));
        self.lists.related.get(&practice).map_or(&[], Vec::as_slice)
    }

    /// The practices of a category, as [`Site::practices_in`] lists them (and notes the read).
    pub(super) fn practices_in(
        &self,
        category: &str,
    ) -> impl Iterator<Item = &'a Entry> + use<'a, '_> {
        reads::note(|| Read::Category(category.to_string()));
        let site = self.site;
        let index = self.by_category.get_or_init(|| {
            let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, e) in site.entries.iter().enumerate() {
                if e.key.kind == Kind::Practice
                    && let Some(c) = e.category.as_deref()
                {
                    index.entry(c).or_default().push(i);
                }
            }
            let e = &site.entries;
            for list in index.values_mut() {
                list.sort_by(|&a, &b| {
                    (e[a].weight, e[a].original().title())
                        .cmp(&(e[b].weight, e[b].original().title()))
                });
            }
            index
        });
        index
            .get(category)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(move |&i| &site.entries[i])
    }

    /// Practices by category, weight and title in `lang`; ties keep their order in `list`.
    pub(super) fn practices_sorted(&self, list: &[usize], lang: &str) -> Vec<usize> {
        let e = &self.site.entries;
        // The keys are made once per practice, not once per comparison (a tag page at 10k
        // sorts ~800 practices, and each key looks up a version by language).
        let mut keyed: Vec<_> = list
            .iter()
            .enumerate()
            .map(|(at, &i)| {
                (
                    e[i].category.as_deref(),
                    e[i].weight,
                    e[i].best(lang).title(),
                    at,
                    i,
                )
            })
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(.., i)| i).collect()
    }
}

impl Clone for LinkParts<'_> {
    fn clone(&self) -> Self {
        LinkParts {
            path: self.path,
            title: self.title.clone(),
            summary: self.summary.clone(),
            lang: self.lang.clone(),
            other_lang: self.other_lang.clone(),
            updated: self.updated.clone(),
            review: self.review.clone(),
            id: self.id.clone(),
            changes: self.changes.clone(),
            is_new: self.is_new,
        }
    }
}
