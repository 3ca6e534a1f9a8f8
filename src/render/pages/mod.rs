//! What each page shows: the jobs (one per output page) and their template contexts.

mod entry;
mod feedback;
mod listings;
mod related;
mod review;
mod shared;
mod training;

use super::{AssetUrls, RenderOptions};
use crate::content::Kind;
use crate::model::paths::{
    embed_at, embed_scoped, entry_path, lang_prefix, root_of, url as relative,
};
use crate::model::reads::{self, Read};
use crate::model::{Entry, ReviewStatus, Site, Version};
use crate::theme::Theme;
use entry::entry_page;
use listings::{
    category_page, home_page, not_found_page, rights_page, search_page, tag_page, tags_page,
};
use related::related_practices;
use review::review_page;
use serde::Serialize;
pub(crate) use shared::Shared;
use shared::{Lang, LanguageLink, Link, Nav, Review};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use tera::Value;
use training::{competencies_page, phrases_page, questions_page, role_page, roles_page};

/// Templates every theme must have.
pub(super) const TEMPLATES: &[&str] = &[
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
    "competency.html",
    "competencies.html",
    "roles.html",
    "role.html",
    "phrases.html",
    "questions.html",
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
    /// Every competency (when the site has some).
    Competencies(String),
    /// Every role (when `deskbook.yaml` defines `audiences`).
    Roles(String),
    /// A role's reading path and checklist: the index of the role in the configuration.
    Role(String, usize),
    /// The desk phrase sheet of a category, or (`None`) of the whole site.
    Phrases(String, Option<usize>),
    /// A category's self-check questions.
    Questions(String, usize),
}

/// Every page of the site, in a stable order.
pub(crate) fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    let tags = all_tags(site);
    let has_competencies = site.entries.iter().any(|e| e.key.kind == Kind::Competency);
    for lang in &site.config.languages {
        if has_competencies {
            jobs.push(Job::Competencies(lang.clone()));
        }
        if !site.config.audiences.is_empty() {
            jobs.push(Job::Roles(lang.clone()));
        }
        for role in 0..site.config.audiences.len() {
            jobs.push(Job::Role(lang.clone(), role));
        }
        jobs.push(Job::Phrases(lang.clone(), None));
        jobs.push(Job::Home(lang.clone()));
        jobs.push(Job::Rights(lang.clone()));
        jobs.push(Job::PrintRights(lang.clone()));
        jobs.push(Job::Tags(lang.clone()));
        if site.config.search {
            jobs.push(Job::Search(lang.clone()));
        }
        jobs.push(Job::Review(lang.clone()));
        jobs.push(Job::NotFound(lang.clone()));
        for tag in tags.keys() {
            jobs.push(Job::Tag(lang.clone(), tag.clone()));
        }
        for (i, entry) in site.entries.iter().enumerate() {
            if entry.key.kind == Kind::Category {
                jobs.push(Job::Category(lang.clone(), i));
                jobs.push(Job::PrintCategory(lang.clone(), i));
                jobs.push(Job::Phrases(lang.clone(), Some(i)));
                jobs.push(Job::Questions(lang.clone(), i));
            }
        }
    }
    for (i, entry) in site.entries.iter().enumerate() {
        if matches!(
            entry.key.kind,
            Kind::Right | Kind::Practice | Kind::Page | Kind::Competency
        ) {
            for v in 0..entry.versions.len() {
                jobs.push(Job::Entry(i, v));
            }
        }
    }
    jobs
}

/// Whether a job's page lists the whole site (every entry, or every entry of a right or a
/// competency): at 100,000 entries such a page is 10-40 MB of HTML and its context several
/// times that, so a build renders them one at a time (see [`crate::render::Renderer::render`]).
pub(crate) fn is_site_wide(site: &Site, job: &Job) -> bool {
    match job {
        Job::Home(_)
        | Job::Rights(_)
        | Job::PrintRights(_)
        | Job::Tags(_)
        | Job::Review(_)
        | Job::Competencies(_)
        | Job::Roles(_)
        | Job::Phrases(_, None) => true,
        Job::Entry(i, _) => matches!(site.entries[*i].key.kind, Kind::Right | Kind::Competency),
        _ => false,
    }
}

/// The output path of a job.
pub(super) fn path_of(site: &Site, job: &Job) -> String {
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
        Job::Competencies(l) => format!("{}competencies/index.html", prefix(l)),
        Job::Roles(l) => format!("{}roles/index.html", prefix(l)),
        Job::Role(l, r) => format!("{}roles/{}.html", prefix(l), site.config.audiences[*r].id),
        Job::Phrases(l, None) => format!("{}phrases.html", prefix(l)),
        Job::Phrases(l, Some(i)) => {
            format!("{}phrases/{}.html", prefix(l), site.entries[*i].key.id)
        }
        Job::Questions(l, i) => format!("{}questions/{}.html", prefix(l), site.entries[*i].key.id),
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

/// The top-level variables of a page's template context, by name. Values are tera values built
/// straight from the model (no intermediate JSON tree), sharing what many pages show.
pub(super) type Vars = BTreeMap<&'static str, Value>;

/// One page to render: where it goes, its template and its context.
pub(super) struct Page {
    pub path: String,
    pub template: &'static str,
    pub vars: Vars,
}

impl Page {
    /// About how many bytes the page will have: its strings (bodies), plus room for the
    /// template and each item of its lists.
    pub(super) fn size_hint(&self) -> usize {
        let text = |v: &Value| v.as_str().map_or(0, str::len);
        let mut size = 16 << 10;
        for value in self.vars.values() {
            size += text(value);
            for item in value.as_array().unwrap_or_default() {
                size += 512
                    + item
                        .as_map()
                        .and_then(|m| m.get(&"html".into()))
                        .map_or(0, text);
            }
        }
        size
    }
}

fn review_value(shared: &Shared<'_>, lang: &str, entry: &Entry) -> Value {
    let label = |pick: fn(&Lang) -> &Value, key: &str| {
        shared
            .lang(lang)
            .map_or_else(|| Value::from(key), |l| pick(l).clone())
    };
    let empty = Value::from("");
    let (status, due, label) = match (entry.review_due, entry.review_status) {
        (Some(due), ReviewStatus::Overdue) => (
            "overdue",
            due.to_string(),
            label(|l| &l.review_overdue, "review_overdue"),
        ),
        (Some(due), ReviewStatus::DueSoon) => (
            "due-soon",
            due.to_string(),
            label(|l| &l.review_due_soon, "review_due_soon"),
        ),
        (Some(due), ReviewStatus::Current) => ("current", due.to_string(), empty),
        (None, _) => ("", String::new(), empty),
    };
    Value::from_serializable(&Review {
        status,
        due,
        label: &label,
    })
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
    let strings = shared.lang(lang).map(|l| &l.strings);
    let key = format!("entries_{}", plural_key(lang, n));
    let template = strings
        .and_then(|s| s.get(&key).or_else(|| s.get("entries_other")))
        .map_or("{n} entries", String::as_str);
    template.replace("{n}", &n.to_string())
}

/// A rendered body as shown on the page at `path`.
fn embed_body(body: &crate::markdown::Rendered, path: &str) -> String {
    embed_at(&body.html.unpack(), &body.spots, path)
}

/// A part of a rendered body (a phrase, a question) on a page that shows many, its ids
/// prefixed with `scope`.
fn embed_part(
    body: &crate::markdown::Rendered,
    range: &std::ops::Range<usize>,
    path: &str,
    scope: &str,
) -> String {
    let spots = body.spots.slice(range);
    embed_scoped(&body.html.unpack()[range.clone()], &spots, path, scope)
}

/// A rendered body on a page that shows several, its ids prefixed with `scope`.
fn embed_scoped_body(body: &crate::markdown::Rendered, path: &str, scope: &str) -> String {
    embed_scoped(&body.html.unpack(), &body.spots, path, scope)
}

fn str_value(s: &str) -> Value {
    Value::from(s)
}

/// The context every template gets.
fn common(
    shared: &Shared<'_>,
    lang: &str,
    path: &str,
    title: &str,
    description: &str,
    switch: &dyn Fn(&str) -> Option<String>,
) -> Vars {
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
    let empty = Value::from("");
    let languages: Vec<LanguageLink<'_>> = shared
        .langs
        .iter()
        .map(|l| {
            let (url, available, absolute) = match switch(&l.code) {
                // Search engines want absolute alternates: only with a base_url.
                Some(target) => {
                    let absolute = site
                        .config
                        .base_url
                        .as_ref()
                        .map(|b| format!("{b}{}", crate::model::paths::encode_path(&target)));
                    (relative(path, &target), true, absolute.unwrap_or_default())
                }
                None => (
                    relative(path, &format!("{}index.html", l.prefix)),
                    false,
                    String::new(),
                ),
            };
            LanguageLink {
                code: &l.code,
                name: &l.name,
                url,
                absolute,
                current: l.code == lang,
                available,
                note: &l.not_translated,
            }
        })
        .collect();
    let nav = |p: &str| relative(path, &format!("{prefix}{p}"));
    let nav = Nav {
        home: nav("index.html"),
        rights: nav("rights/index.html"),
        tags: nav("tags/index.html"),
        search: nav("search.html"),
        review: nav("review.html"),
        competencies: if shared.has_competencies() {
            nav("competencies/index.html")
        } else {
            String::new()
        },
        roles: if site.config.audiences.is_empty() {
            String::new()
        } else {
            nav("roles/index.html")
        },
        phrases: nav("phrases.html"),
        about: site
            .get(Kind::Page, "about")
            .map(|e| relative(path, &e.best(lang).path))
            .unwrap_or_default(),
    };
    let canonical = site
        .config
        .base_url
        .as_ref()
        .map(|b| format!("{b}{path}"))
        .unwrap_or_default();
    let root_value = str_value(&root);
    BTreeMap::from([
        ("lang", str_value(lang)),
        ("root", root_value.clone()),
        ("path", str_value(path)),
        ("title", str_value(title)),
        ("description", str_value(description)),
        ("site_title", str_value(site.config.title_in(lang))),
        (
            "site_description",
            str_value(site.config.description_in(lang)),
        ),
        ("languages", Value::from_serializable(&languages)),
        ("assets", shared.assets(&root)),
        ("search_root", root_value),
        ("live_reload", Value::from(shared.live_reload)),
        (
            "feedback_searches",
            Value::from(feedback::searches_endpoint(shared).unwrap_or_default()),
        ),
        ("canonical", Value::from(canonical)),
        ("nav", Value::from_serializable(&nav)),
        ("edit_url", empty.clone()),
        ("owner", empty.clone()),
        ("updated", empty),
    ])
}

/// The same listing page in another language.
fn same_page<'s>(shared: &'s Shared<'_>, rel: &str) -> impl Fn(&str) -> Option<String> + 's {
    let rel = rel.to_string();
    move |l: &str| Some(format!("{}{}", shared.prefix(l), rel))
}

fn page(path: String, template: &'static str, vars: Vars) -> Page {
    Page {
        path,
        template,
        vars,
    }
}

#[derive(Serialize)]
struct TagLink<'s> {
    name: &'s str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count_label: Option<String>,
}

/// The output path, template and context of a job.
pub(super) fn context(shared: &Shared<'_>, job: &Job) -> Page {
    let site = shared.site;
    match job {
        Job::Home(lang) => home_page(shared, lang),
        Job::Rights(lang) => rights_page(shared, lang, false),
        Job::PrintRights(lang) => rights_page(shared, lang, true),
        Job::Category(lang, i) => category_page(shared, lang, *i, false),
        Job::PrintCategory(lang, i) => category_page(shared, lang, *i, true),
        Job::Entry(i, vi) => entry_page(shared, site.entry(*i), &site.entry(*i).versions[*vi], *i),
        Job::Tags(lang) => tags_page(shared, lang),
        Job::Tag(lang, tag) => tag_page(shared, lang, tag),
        Job::Search(lang) => search_page(shared, lang),
        Job::Review(lang) => review_page(shared, lang),
        Job::NotFound(lang) => not_found_page(shared, lang),
        Job::Competencies(lang) => competencies_page(shared, lang),
        Job::Roles(lang) => roles_page(shared, lang),
        Job::Role(lang, r) => role_page(shared, lang, *r),
        Job::Phrases(lang, cat) => phrases_page(shared, lang, *cat),
        Job::Questions(lang, i) => questions_page(shared, lang, *i),
    }
}
