//! What each page shows: the jobs (one per output page) and their template contexts.

use super::{AssetUrls, RenderOptions};
use crate::content::Kind;
use crate::model::paths::{embed, entry_path, lang_prefix, root_of, scope_ids, url as relative};
use crate::model::reads::{self, Read};
use crate::model::{Entry, ReviewStatus, Site, Version};
use crate::theme::Theme;
use serde_json::{Value, json};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Templates every theme must have.
pub const TEMPLATES: &[&str] = &[
    "home.html",
    "rights.html",
    "right.html",
    "category.html",
    "practice.html",
    "page.html",
    "tags.html",
    "tag.html",
    "search.html",
    "review.html",
    "print.html",
    "404.html",
];

/// One output page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    Home(String),
    Rights(String),
    Category(String, usize),
    /// An entry version's own page: entry index, version index.
    Entry(usize, usize),
    Tags(String),
    Tag(String, String),
    Search(String),
    Review(String),
    PrintRights(String),
    PrintCategory(String, usize),
    NotFound(String),
}

/// Every page of the site, in a stable order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    let tags = all_tags(site);
    for lang in &site.config.languages {
        jobs.push(Job::Home(lang.clone()));
        jobs.push(Job::Rights(lang.clone()));
        jobs.push(Job::PrintRights(lang.clone()));
        jobs.push(Job::Tags(lang.clone()));
        jobs.push(Job::Search(lang.clone()));
        jobs.push(Job::Review(lang.clone()));
        jobs.push(Job::NotFound(lang.clone()));
        for tag in tags.keys() {
            jobs.push(Job::Tag(lang.clone(), tag.clone()));
        }
        for (i, entry) in site.entries.iter().enumerate() {
            if entry.key.kind == Kind::Category {
                jobs.push(Job::Category(lang.clone(), i));
                jobs.push(Job::PrintCategory(lang.clone(), i));
            }
        }
    }
    for (i, entry) in site.entries.iter().enumerate() {
        if matches!(entry.key.kind, Kind::Right | Kind::Practice | Kind::Page) {
            for v in 0..entry.versions.len() {
                jobs.push(Job::Entry(i, v));
            }
        }
    }
    jobs
}

/// The output path of a job.
pub fn path_of(site: &Site, job: &Job) -> String {
    let prefix = |l: &str| lang_prefix(l, site.config.default_language());
    match job {
        Job::Home(l) => format!("{}index.html", prefix(l)),
        Job::Rights(l) => format!("{}rights/index.html", prefix(l)),
        Job::PrintRights(l) => format!("{}print/rights.html", prefix(l)),
        Job::Category(l, i) => format!(
            "{}practices/{}/index.html",
            prefix(l),
            site.entries[*i].key.id
        ),
        Job::PrintCategory(l, i) => format!(
            "{}practices/{}/print.html",
            prefix(l),
            site.entries[*i].key.id
        ),
        Job::Entry(i, v) => site.entries[*i].versions[*v].path.clone(),
        Job::Tags(l) => format!("{}tags/index.html", prefix(l)),
        Job::Tag(l, t) => format!("{}tags/{t}.html", prefix(l)),
        Job::Search(l) => format!("{}search.html", prefix(l)),
        Job::Review(l) => format!("{}review.html", prefix(l)),
        Job::NotFound(l) => format!("{}404.html", prefix(l)),
    }
}

/// Tag → practice entry indexes, sorted.
fn all_tags(site: &Site) -> BTreeMap<String, Vec<usize>> {
    let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in site.entries.iter().enumerate() {
        if e.key.kind == Kind::Practice {
            for t in &e.tags {
                tags.entry(t.clone()).or_default().push(i);
            }
        }
    }
    tags
}

/// Data computed once per render and shared by all jobs.
pub struct Shared<'a> {
    site: &'a Site,
    assets: &'a AssetUrls,
    live_reload: bool,
    strings: HashMap<String, BTreeMap<String, String>>,
    /// `strings` as template values, made once: every page gets its language's table as `t`
    /// (tera values share their maps, so this costs a pointer copy per page, where converting
    /// the table for every page was a fifth of a large build).
    string_values: HashMap<String, tera::Value>,
    lists: Cow<'a, Lists>,
    default_lang: String,
}

/// The lists pages share, derived from the model's tags, rights and entry order only: watch mode
/// keeps them between renders while no practice joins or leaves a tag or a right.
#[derive(Debug, Clone)]
pub struct Lists {
    tags: BTreeMap<String, Vec<usize>>,
    /// Practices upholding each right.
    by_right: HashMap<String, Vec<usize>>,
    related: HashMap<usize, Vec<usize>>,
}

impl Lists {
    pub fn new(site: &Site) -> Lists {
        let mut by_right: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in site.entries.iter().enumerate() {
            if e.key.kind == Kind::Practice {
                for r in &e.rights {
                    by_right.entry(r.clone()).or_default().push(i);
                }
            }
        }
        let tags = all_tags(site);
        let related = related_practices(site, &tags, &by_right);
        Lists {
            tags,
            by_right,
            related,
        }
    }
}

impl<'a> Shared<'a> {
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        assets: &'a AssetUrls,
        options: &RenderOptions,
        lists: Cow<'a, Lists>,
    ) -> Self {
        let default_lang = site.config.default_language().to_string();
        let strings = site
            .config
            .languages
            .iter()
            .map(|l| (l.clone(), theme.strings_for(l, &default_lang)))
            .collect::<HashMap<_, _>>();
        let string_values = strings
            .iter()
            .map(|(l, table)| (l.clone(), tera::Value::from_serializable(table)))
            .collect();
        Shared {
            site,
            assets,
            live_reload: options.live_reload,
            strings,
            string_values,
            lists,
            default_lang,
        }
    }

    /// The template context of a page whose serializable part is `context`: that plus the UI
    /// strings of the page's language as `t`.
    pub fn template_context(&self, context: &Value) -> Result<tera::Context, tera::Error> {
        let mut tera_context = tera::Context::from_serialize(context)?;
        let lang = context.get("lang").and_then(Value::as_str).unwrap_or("");
        if let Some(t) = self.string_values.get(lang) {
            tera_context.insert_value("t", t.clone());
        }
        Ok(tera_context)
    }

    fn t(&self, lang: &str, key: &str) -> String {
        self.strings
            .get(lang)
            .and_then(|s| s.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn prefix(&self, lang: &str) -> String {
        lang_prefix(lang, &self.default_lang)
    }

    /// A link from the page at `from` to the best version of `entry` for a reader of `lang`.
    fn link(&self, from: &str, lang: &str, entry: &Entry) -> Value {
        let v = entry.best(lang);
        json!({
            "title": v.title(),
            "summary": v.summary(),
            "url": relative(from, &v.path),
            "lang": v.lang,
            "other_lang": if v.lang != lang { self.t(&v.lang, "language_name") } else { String::new() },
            "updated": v.source.meta.updated.map(|d| d.to_string()).unwrap_or_default(),
            "review": review_value(self, lang, entry),
            "id": entry.public_id(),
        })
    }

    /// Every tag with its practices (noted for watch mode, like the accessors below).
    fn all_tags(&self) -> &BTreeMap<String, Vec<usize>> {
        reads::note(|| Read::Tags);
        &self.lists.tags
    }

    fn tagged(&self, tag: &str) -> &[usize] {
        reads::note(|| Read::Tag(tag.to_string()));
        self.lists.tags.get(tag).map_or(&[], Vec::as_slice)
    }

    fn upholding(&self, right: &str) -> &[usize] {
        reads::note(|| Read::Upholding(right.to_string()));
        self.lists.by_right.get(right).map_or(&[], Vec::as_slice)
    }

    fn related_to(&self, practice: usize) -> &[usize] {
        reads::note(|| Read::Related(practice));
        self.lists.related.get(&practice).map_or(&[], Vec::as_slice)
    }

    fn practices_sorted(&self, mut list: Vec<usize>, lang: &str) -> Vec<usize> {
        let e = &self.site.entries;
        list.sort_by(|&a, &b| {
            (e[a].category.clone(), e[a].weight, e[a].best(lang).title()).cmp(&(
                e[b].category.clone(),
                e[b].weight,
                e[b].best(lang).title(),
            ))
        });
        list
    }
}

fn review_value(shared: &Shared<'_>, lang: &str, entry: &Entry) -> Value {
    match (entry.review_due, entry.review_status) {
        (Some(due), ReviewStatus::Overdue) => {
            json!({"status": "overdue", "due": due.to_string(), "label": shared.t(lang, "review_overdue")})
        }
        (Some(due), ReviewStatus::DueSoon) => {
            json!({"status": "due-soon", "due": due.to_string(), "label": shared.t(lang, "review_due_soon")})
        }
        (Some(due), ReviewStatus::Current) => {
            json!({"status": "current", "due": due.to_string(), "label": ""})
        }
        (None, _) => json!({"status": "", "due": "", "label": ""}),
    }
}

/// Up to four practices sharing tags (weighted double), a category or rights with each practice.
fn related_practices(
    site: &Site,
    tags: &BTreeMap<String, Vec<usize>>,
    by_right: &HashMap<String, Vec<usize>>,
) -> HashMap<usize, Vec<usize>> {
    use rayon::prelude::*;
    // Scores live in a dense array per worker (reset through the list of touched slots): this
    // runs for every practice on every render, and a hash map per practice cost ~20x more.
    let n = site.entries.len();
    site.entries
        .par_iter()
        .enumerate()
        .filter(|(_, e)| e.key.kind == Kind::Practice)
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(score, touched), (i, e)| {
                let mut add = |j: usize, points: u32| {
                    if score[j] == 0 {
                        touched.push(j);
                    }
                    score[j] += points;
                };
                for t in &e.tags {
                    for &j in tags.get(t).into_iter().flatten().take(500) {
                        add(j, 2);
                    }
                }
                for r in &e.rights {
                    for &j in by_right.get(r).into_iter().flatten().take(200) {
                        add(j, 1);
                    }
                }
                // The best four by score, then by index: a stable order without sorting all.
                let mut best: Vec<(u32, usize)> = Vec::with_capacity(5);
                for &j in touched.iter() {
                    let candidate = (score[j], j);
                    score[j] = 0;
                    if j == i {
                        continue;
                    }
                    let at = best
                        .iter()
                        .position(|&(s, k)| candidate.0 > s || (candidate.0 == s && j < k))
                        .unwrap_or(best.len());
                    if at < 4 {
                        best.insert(at, candidate);
                        best.truncate(4);
                    }
                }
                touched.clear();
                (i, best.into_iter().map(|(_, j)| j).collect())
            },
        )
        .collect()
}

/// Plural category of `n` in `lang` (CLDR rules for the languages deskbook ships strings for).
fn plural_key(lang: &str, n: usize) -> &'static str {
    match lang {
        "zh" | "ja" | "ko" => "other",
        "pl" => {
            if n == 1 {
                "one"
            } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
                "few"
            } else {
                "many"
            }
        }
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

fn count_label(shared: &Shared<'_>, lang: &str, n: usize) -> String {
    let strings = shared.strings.get(lang);
    let key = format!("entries_{}", plural_key(lang, n));
    let template = strings
        .and_then(|s| s.get(&key).or_else(|| s.get("entries_other")))
        .cloned()
        .unwrap_or_else(|| "{n} entries".to_string());
    template.replace("{n}", &n.to_string())
}

/// The context every template gets.
fn common(
    shared: &Shared<'_>,
    lang: &str,
    path: &str,
    title: &str,
    description: &str,
    switch: &dyn Fn(&str) -> Option<String>,
) -> Value {
    let site = shared.site;
    let root = root_of(path);
    let prefix = shared.prefix(lang);
    // Every page has a description: its own summary, else the site's (configured, else the
    // home page's summary).
    let description = if description.is_empty() {
        let configured = site.config.description_in(lang);
        if configured.is_empty() {
            site.get(Kind::Home, "")
                .map_or("", |h| h.best(lang).summary())
        } else {
            configured
        }
    } else {
        description
    };
    let languages: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let (url, available, absolute) = match switch(l) {
                // Search engines want absolute alternates: only with a base_url.
                Some(target) => {
                    let absolute = site.config.base_url.as_ref().map(|b| format!("{b}{}", crate::model::paths::encode_path(&target)));
                    (relative(path, &target), true, absolute.unwrap_or_default())
                }
                None => (relative(path, &format!("{}index.html", shared.prefix(l))), false, String::new()),
            };
            json!({"code": l, "name": shared.t(l, "language_name"), "url": url, "absolute": absolute, "current": l == lang, "available": available, "note": shared.t(l, "not_translated")})
        })
        .collect();
    let assets: BTreeMap<&String, String> = shared
        .assets
        .files
        .iter()
        .map(|(k, v)| (k, format!("{root}{v}")))
        .collect();
    let nav = |p: &str| relative(path, &format!("{prefix}{p}"));
    json!({
        "lang": lang,
        "root": root,
        "path": path,
        "title": title,
        "description": description,
        "site_title": site.config.title_in(lang),
        "site_description": site.config.description_in(lang),
        "languages": languages,
        "assets": assets,
        "search_root": root,
        "live_reload": shared.live_reload,
        "canonical": site.config.base_url.as_ref().map(|b| format!("{b}{path}")).unwrap_or_default(),
        "nav": {
            "home": nav("index.html"),
            "rights": nav("rights/index.html"),
            "tags": nav("tags/index.html"),
            "search": nav("search.html"),
            "review": nav("review.html"),
            "about": site.get(Kind::Page, "about").map(|e| relative(path, &e.best(lang).path)).unwrap_or_default(),
        },
        "edit_url": "",
        "owner": "",
        "updated": "",
    })
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

/// The same listing page in another language.
fn same_page<'s>(shared: &'s Shared<'_>, rel: &str) -> impl Fn(&str) -> Option<String> + 's {
    let rel = rel.to_string();
    move |l: &str| Some(format!("{}{}", shared.prefix(l), rel))
}

/// (output path, template, context) of a job.
pub fn context(shared: &Shared<'_>, job: &Job) -> (String, &'static str, Value) {
    let site = shared.site;
    match job {
        Job::Home(lang) => {
            let path = format!("{}index.html", shared.prefix(lang));
            let home = site.get(Kind::Home, "");
            let intro = home.map(|e| e.best(lang));
            let title = intro.map_or_else(
                || site.config.title_in(lang).to_string(),
                |v| v.title().to_string(),
            );
            let categories: Vec<Value> = site
                .categories()
                .iter()
                .map(|c| {
                    let n = site.practices_in(&c.key.id).len();
                    merge(
                        shared.link(&path, lang, c),
                        json!({"count": n, "count_label": count_label(shared, lang, n)}),
                    )
                })
                .collect();
            let rights: Vec<Value> = site
                .rights()
                .iter()
                .map(|r| merge(shared.link(&path, lang, r), json!({"number": r.number})))
                .collect();
            let mut recent: Vec<&Entry> = site.of_kind(Kind::Practice).collect();
            recent.sort_by(|a, b| {
                let (ua, ub) = (
                    a.best(lang).source.meta.updated,
                    b.best(lang).source.meta.updated,
                );
                ub.cmp(&ua).then(a.key.cmp(&b.key))
            });
            let recent: Vec<Value> = recent
                .iter()
                .take(8)
                .map(|e| shared.link(&path, lang, e))
                .collect();
            let ctx = merge(
                common(
                    shared,
                    lang,
                    &path,
                    &title,
                    intro.map_or("", |v| v.summary()),
                    &same_page(shared, "index.html"),
                ),
                json!({
                    "intro": intro.map(|v| embed(&v.body().html, &path)).unwrap_or_default(),
                    "intro_lang": intro.map_or(lang.as_str(), |v| v.lang.as_str()),
                    "categories": categories,
                    "rights": rights,
                    "recent": recent,
                }),
            );
            (path, "home.html", ctx)
        }
        Job::Rights(lang) | Job::PrintRights(lang) => {
            let print = matches!(job, Job::PrintRights(_));
            let rel = if print {
                "print/rights.html"
            } else {
                "rights/index.html"
            };
            let path = format!("{}{rel}", shared.prefix(lang));
            let rights: Vec<Value> = site
                .rights()
                .iter()
                .map(|r| {
                    let v = r.best(lang);
                    let n = shared.upholding(&r.key.id).len();
                    merge(
                        shared.link(&path, lang, r),
                        json!({"number": r.number, "html": scope_ids(&embed(&v.body().html, &path), &r.key.id), "count": n, "count_label": count_label(shared, lang, n)}),
                    )
                })
                .collect();
            let title = shared.t(lang, "bill_of_rights");
            let ctx = merge(
                common(
                    shared,
                    lang,
                    &path,
                    &title,
                    &shared.t(lang, "bill_of_rights_summary"),
                    &same_page(shared, rel),
                ),
                json!({
                    "rights": rights,
                    "print_url": relative(&path, &format!("{}print/rights.html", shared.prefix(lang))),
                    "items": rights.clone(),
                    "back_url": relative(&path, &format!("{}rights/index.html", shared.prefix(lang))),
                }),
            );
            (path, if print { "print.html" } else { "rights.html" }, ctx)
        }
        Job::Category(lang, i) | Job::PrintCategory(lang, i) => {
            let print = matches!(job, Job::PrintCategory(..));
            let cat = site.entry(*i);
            let v = cat.best(lang);
            let page_rel = format!("practices/{}/index.html", cat.key.id);
            let rel = if print {
                format!("practices/{}/print.html", cat.key.id)
            } else {
                page_rel.clone()
            };
            let path = format!("{}{rel}", shared.prefix(lang));
            let practices: Vec<Value> = site
                .practices_in(&cat.key.id)
                .iter()
                .map(|p| {
                    let pv = p.best(lang);
                    merge(shared.link(&path, lang, p), json!({"html": if print { scope_ids(&embed(&pv.body().html, &path), &p.key.id.replace('/', "-")) } else { String::new() }}))
                })
                .collect();
            let ctx = merge(
                common(
                    shared,
                    lang,
                    &path,
                    v.title(),
                    v.summary(),
                    &same_page(shared, &rel),
                ),
                json!({
                    "content_lang": v.lang,
                    "other_lang": if v.lang != *lang { shared.t(&v.lang, "language_name") } else { String::new() },
                    "html": embed(&v.body().html, &path),
                    "practices": practices,
                    "items": practices,
                    "count_label": count_label(shared, lang, practices.len()),
                    "print_url": relative(&path, &format!("{}practices/{}/print.html", shared.prefix(lang), cat.key.id)),
                    "back_url": relative(&path, &format!("{}{page_rel}", shared.prefix(lang))),
                }),
            );
            (
                path,
                if print { "print.html" } else { "category.html" },
                ctx,
            )
        }
        Job::Entry(i, vi) => entry_page(shared, site.entry(*i), &site.entry(*i).versions[*vi], *i),
        Job::Tags(lang) => {
            let path = format!("{}tags/index.html", shared.prefix(lang));
            let tags: Vec<Value> = shared
                .all_tags()
                .iter()
                .map(|(t, list)| {
                    json!({"name": t, "url": relative(&path, &format!("{}tags/{t}.html", shared.prefix(lang))), "count": list.len(), "count_label": count_label(shared, lang, list.len())})
                })
                .collect();
            let title = shared.t(lang, "all_tags");
            let ctx = merge(
                common(
                    shared,
                    lang,
                    &path,
                    &title,
                    "",
                    &same_page(shared, "tags/index.html"),
                ),
                json!({"tags": tags}),
            );
            (path, "tags.html", ctx)
        }
        Job::Tag(lang, tag) => {
            let rel = format!("tags/{tag}.html");
            let path = format!("{}{rel}", shared.prefix(lang));
            let list = shared.practices_sorted(shared.tagged(tag).to_vec(), lang);
            let practices: Vec<Value> = list
                .iter()
                .map(|&j| shared.link(&path, lang, site.entry(j)))
                .collect();
            let title = shared.t(lang, "tag_title").replace("{tag}", tag);
            let ctx = merge(
                common(shared, lang, &path, &title, "", &same_page(shared, &rel)),
                json!({"tag": tag, "practices": practices, "count_label": count_label(shared, lang, practices.len())}),
            );
            (path, "tag.html", ctx)
        }
        Job::Search(lang) => {
            let path = format!("{}search.html", shared.prefix(lang));
            let title = shared.t(lang, "search");
            let categories: Vec<Value> = site
                .categories()
                .iter()
                .map(|c| json!({"id": c.key.id, "title": c.best(lang).title()}))
                .collect();
            let rights: Vec<Value> = site
                .rights()
                .iter()
                .map(|r| json!({"id": r.key.id, "title": r.best(lang).title()}))
                .collect();
            let languages: Vec<Value> = site
                .config
                .languages
                .iter()
                .map(|l| json!({"code": l, "name": shared.t(l, "language_name")}))
                .collect();
            let ctx = merge(
                common(
                    shared,
                    lang,
                    &path,
                    &title,
                    "",
                    &same_page(shared, "search.html"),
                ),
                json!({"filter_categories": categories, "filter_rights": rights, "filter_languages": languages, "filter_tags": shared.all_tags().keys().collect::<Vec<_>>()}),
            );
            (path, "search.html", ctx)
        }
        Job::Review(lang) => review_page(shared, lang),
        Job::NotFound(lang) => {
            let path = format!("{}404.html", shared.prefix(lang));
            let title = shared.t(lang, "not_found");
            let ctx = common(
                shared,
                lang,
                &path,
                &title,
                "",
                &same_page(shared, "404.html"),
            );
            // Servers answer any missing path with this page, at any depth: its relative links
            // need a base. The site's root is `base_url` when set, else the server's root.
            let base = site.config.base_url.as_deref().unwrap_or("/");
            let ctx = merge(
                ctx,
                json!({"base_href": format!("{base}{}", shared.prefix(lang))}),
            );
            (path, "404.html", ctx)
        }
    }
}

fn entry_page(
    shared: &Shared<'_>,
    entry: &Entry,
    v: &Version,
    index: usize,
) -> (String, &'static str, Value) {
    let site = shared.site;
    let lang = v.lang.as_str();
    let path = v.path.clone();
    let switch = |l: &str| entry.version(l).map(|x| x.path.clone());
    let mut ctx = common(shared, lang, &path, v.title(), v.summary(), &switch);
    let translations: Vec<Value> = entry
        .versions
        .iter()
        .filter(|x| x.lang != v.lang)
        .map(|x| json!({"lang": x.lang, "name": shared.t(&x.lang, "language_name"), "url": relative(&path, &x.path), "out_of_date": x.out_of_date}))
        .collect();
    let original = entry.original();
    let out_of_date = v.out_of_date.then(|| {
        json!({"url": relative(&path, &original.path), "lang_name": shared.t(&original.lang, "language_name"), "updated": original.source.meta.updated.map(|d| d.to_string())})
    });
    let rights: Vec<Value> = entry
        .rights
        .iter()
        .filter_map(|r| site.get(Kind::Right, r))
        .map(|r| merge(shared.link(&path, lang, r), json!({"number": r.number})))
        .collect();
    let tags: Vec<Value> = entry
        .tags
        .iter()
        .map(|t| json!({"name": t, "url": relative(&path, &format!("{}tags/{t}.html", shared.prefix(lang)))}))
        .collect();
    let related: Vec<Value> = shared
        .related_to(index)
        .iter()
        .map(|&j| shared.link(&path, lang, site.entry(j)))
        .collect();
    let category = entry.category.as_ref().and_then(|c| site.get(Kind::Category, c)).map(|c| {
        let cv = c.best(lang);
        json!({"title": cv.title(), "url": relative(&path, &entry_path(&c.key, &shared.prefix(lang))), "print_url": relative(&path, &format!("{}practices/{}/print.html", shared.prefix(lang), c.key.id))})
    });
    let upholding: Vec<Value> = if entry.key.kind == Kind::Right {
        shared
            .practices_sorted(shared.upholding(&entry.key.id).to_vec(), lang)
            .iter()
            .map(|&j| shared.link(&path, lang, site.entry(j)))
            .collect()
    } else {
        Vec::new()
    };
    let meta = &v.source.meta;
    let edit_url = site
        .config
        .edit_url
        .as_ref()
        .map(|base| format!("{base}{}", v.source.path))
        .unwrap_or_default();
    let toc: Vec<&crate::markdown::Heading> = v.body().toc.iter().collect();
    let extra = json!({
        "kind": match entry.key.kind { Kind::Right => "right", Kind::Page => "page", _ => "practice" },
        "id": entry.public_id(),
        "summary": v.summary(),
        "html": embed(&v.body().html, &path),
        "toc": if toc.len() >= 3 { toc } else { Vec::new() },
        "rights": rights,
        "tags": tags,
        "audience": entry.audience,
        "related": related,
        "category": category,
        "upholding": upholding,
        "translations": translations,
        "out_of_date": out_of_date,
        "number": entry.number,
        "review": review_value(shared, lang, entry),
        "owner": meta.owner.clone().unwrap_or_default(),
        "updated": meta.updated.map(|d| d.to_string()).unwrap_or_default(),
        "edit_url": edit_url,
    });
    ctx = merge(ctx, extra);
    let template = match entry.key.kind {
        Kind::Right => "right.html",
        Kind::Page => "page.html",
        _ => "practice.html",
    };
    (path, template, ctx)
}

fn review_page(shared: &Shared<'_>, lang: &str) -> (String, &'static str, Value) {
    let site = shared.site;
    let path = format!("{}review.html", shared.prefix(lang));
    let mut due: Vec<&Entry> = site
        .all()
        .iter()
        .filter(|e| e.review_status != ReviewStatus::Current)
        .collect();
    due.sort_by_key(|e| (e.review_due, e.key.clone()));
    let due: Vec<Value> = due
        .iter()
        .map(|e| {
            let o = e.original();
            json!({
                "title": o.title(), "url": relative(&path, &o.path), "lang": o.lang, "owner": o.source.meta.owner,
                "updated": o.source.meta.updated.map(|d| d.to_string()), "review": review_value(shared, lang, e), "path": o.source.path,
            })
        })
        .collect();
    let mut stale = Vec::new();
    for e in site.all() {
        for v in e.versions.iter().filter(|v| v.out_of_date) {
            let o = e.original();
            stale.push(json!({
                "title": v.title(), "url": relative(&path, &v.path), "lang": v.lang, "lang_name": shared.t(&v.lang, "language_name"),
                "updated": v.source.meta.updated.map(|d| d.to_string()), "original_url": relative(&path, &o.path),
                "original_updated": o.source.meta.updated.map(|d| d.to_string()), "path": v.source.path,
            }));
        }
    }
    let missing: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let n = site
                .of_kind(Kind::Practice)
                .filter(|e| e.version(l).is_none())
                .count();
            json!({"lang": l, "name": shared.t(l, "language_name"), "missing": n})
        })
        .collect();
    let title = shared.t(lang, "review_title");
    let ctx = merge(
        common(
            shared,
            lang,
            &path,
            &title,
            "",
            &same_page(shared, "review.html"),
        ),
        json!({"due": due, "stale": stale, "missing": missing, "today": site.today.to_string()}),
    );
    (path, "review.html", ctx)
}
