//! What the review page reports, computed once for the page of every language and for
//! `review.json` (the same data, for tools): entries due for review, out-of-date translations,
//! practices not yet translated into each language, and all of it by owner.
//!
//! `review.json` lists paths from the site's root and never the build day's clock beyond the
//! pinned "today" the review states are counted from, so the output stays reproducible.

use crate::content::Kind;
use crate::model::{Entry, ReviewStatus, Site, Version};
use serde::Serialize;
use std::collections::BTreeMap;

/// The review state of a site.
pub(crate) struct Report<'s> {
    /// Entries overdue or due soon, soonest first.
    pub(crate) due: Vec<&'s Entry>,
    /// Translations older than their original: (entry, translation).
    pub(crate) stale: Vec<(&'s Entry, &'s Version)>,
    /// For each configured language (in order), the practices without a version in it.
    pub(crate) untranslated: Vec<(&'s str, Vec<&'s Entry>)>,
}

impl<'s> Report<'s> {
    pub(crate) fn of(site: &'s Site) -> Report<'s> {
        let mut due: Vec<&Entry> = site
            .all()
            .iter()
            .filter(|e| e.review_status != ReviewStatus::Current)
            .collect();
        due.sort_by_key(|e| (e.review_due, e.key.clone()));
        // Sorted by key, not in model order: watch mode appends the entries it adds, and the
        // page and review.json must equal a clean build's.
        let mut stale: Vec<(&Entry, &Version)> = site
            .all()
            .iter()
            .flat_map(|e| {
                e.versions
                    .iter()
                    .filter(|v| v.out_of_date)
                    .map(move |v| (e, v))
            })
            .collect();
        stale.sort_by(|a, b| (&a.0.key, &a.1.lang).cmp(&(&b.0.key, &b.1.lang)));
        let untranslated = site
            .config
            .languages
            .iter()
            .map(|lang| {
                let mut missing: Vec<&Entry> = site
                    .of_kind(Kind::Practice)
                    .filter(|e| e.version(lang).is_none())
                    .collect();
                missing.sort_by(|a, b| a.key.cmp(&b.key));
                (lang.as_str(), missing)
            })
            .collect();
        Report {
            due,
            stale,
            untranslated,
        }
    }

    /// Every owner named by an entry of the report (sorted; `""` for entries without one).
    pub(crate) fn owners(&self) -> Vec<&'s str> {
        let mut owners: Vec<&str> = self
            .due
            .iter()
            .chain(self.stale.iter().map(|(e, _)| e))
            .chain(self.untranslated.iter().flat_map(|(_, list)| list))
            .map(|e| owner_of(e))
            .collect();
        owners.sort_unstable();
        owners.dedup();
        owners
    }
}

/// The owner of an entry, as its original says (`""` when it names none).
pub(crate) fn owner_of(entry: &Entry) -> &str {
    entry.original().source.meta.owner.as_deref().unwrap_or("")
}

#[derive(Serialize)]
struct JsonDue<'s> {
    id: String,
    lang: &'s str,
    title: &'s str,
    owner: &'s str,
    path: &'s str,
    url: &'s str,
    updated: Option<String>,
    review_due: Option<String>,
    status: &'static str,
}

#[derive(Serialize)]
struct JsonStale<'s> {
    id: String,
    lang: &'s str,
    title: &'s str,
    owner: &'s str,
    path: &'s str,
    url: &'s str,
    updated: Option<String>,
    original_lang: &'s str,
    original_updated: Option<String>,
}

#[derive(Serialize)]
struct JsonMissing<'s> {
    id: String,
    title: &'s str,
    owner: &'s str,
    original_lang: &'s str,
    path: &'s str,
    url: &'s str,
}

#[derive(Serialize, Default)]
struct JsonOwner {
    due: usize,
    out_of_date: usize,
    untranslated: usize,
}

#[derive(Serialize)]
struct Json<'s> {
    today: String,
    due: Vec<JsonDue<'s>>,
    out_of_date: Vec<JsonStale<'s>>,
    untranslated: BTreeMap<&'s str, Vec<JsonMissing<'s>>>,
    owners: BTreeMap<&'s str, JsonOwner>,
}

/// `review.json`: the review page's data for tools (fields documented in the README).
pub(crate) fn review_json(site: &Site) -> String {
    let report = Report::of(site);
    let date = |d: Option<crate::date::Date>| d.map(|d| d.to_string());
    let mut owners: BTreeMap<&str, JsonOwner> = BTreeMap::new();
    let due = report
        .due
        .iter()
        .map(|e| {
            let o = e.original();
            owners.entry(owner_of(e)).or_default().due += 1;
            JsonDue {
                id: e.public_id(),
                lang: &o.lang,
                title: o.title(),
                owner: owner_of(e),
                path: &o.source.path,
                url: &o.path,
                updated: date(o.source.meta.updated),
                review_due: date(e.review_due),
                status: match e.review_status {
                    ReviewStatus::Overdue => "overdue",
                    ReviewStatus::DueSoon => "due-soon",
                    ReviewStatus::Current => "current",
                },
            }
        })
        .collect();
    let out_of_date = report
        .stale
        .iter()
        .map(|(e, v)| {
            let o = e.original();
            owners.entry(owner_of(e)).or_default().out_of_date += 1;
            JsonStale {
                id: e.public_id(),
                lang: &v.lang,
                title: v.title(),
                owner: owner_of(e),
                path: &v.source.path,
                url: &v.path,
                updated: date(v.source.meta.updated),
                original_lang: &o.lang,
                original_updated: date(o.source.meta.updated),
            }
        })
        .collect();
    let mut untranslated = BTreeMap::new();
    for (lang, list) in &report.untranslated {
        let list = list
            .iter()
            .map(|e| {
                let o = e.original();
                owners.entry(owner_of(e)).or_default().untranslated += 1;
                JsonMissing {
                    id: e.public_id(),
                    title: o.title(),
                    owner: owner_of(e),
                    original_lang: &o.lang,
                    path: &o.source.path,
                    url: &o.path,
                }
            })
            .collect();
        untranslated.insert(*lang, list);
    }
    let json = Json {
        today: site.today.to_string(),
        due,
        out_of_date,
        untranslated,
        owners,
    };
    let mut text = serde_json::to_string_pretty(&json).expect("review data serialises");
    text.push('\n');
    text
}
