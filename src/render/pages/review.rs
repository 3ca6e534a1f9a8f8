//! The review page: what is overdue, due soon, out of date or not yet translated, listed by
//! name, then the same grouped by owner (a `<details>` per owner: works without JavaScript).
//! The lists come from [`crate::render::review_report`], which `review.json` shares.

use super::*;
use crate::render::review_report::{Report, owner_of};

#[derive(Serialize)]
struct Due<'s> {
    title: &'s str,
    url: String,
    lang: &'s str,
    owner: &'s str,
    updated: Option<String>,
    review: Value,
    path: String,
}

#[derive(Serialize)]
struct Stale<'s> {
    title: &'s str,
    url: String,
    lang: &'s str,
    lang_name: Value,
    owner: &'s str,
    updated: Option<String>,
    original_url: String,
    original_updated: Option<String>,
    path: String,
}

#[derive(Serialize)]
struct Untranslated<'s> {
    title: &'s str,
    url: String,
    lang: &'s str,
    owner: &'s str,
    path: String,
}

#[derive(Serialize)]
struct Missing<'s> {
    lang: &'s str,
    name: &'s Value,
    missing: usize,
    entries: Vec<Untranslated<'s>>,
}

#[derive(Serialize)]
struct Owner<'s> {
    name: &'s str,
    due: Vec<&'s Due<'s>>,
    stale: Vec<&'s Stale<'s>>,
    /// (language name, entries) for every language with untranslated entries of this owner.
    untranslated: Vec<(&'s Value, Vec<&'s Untranslated<'s>>)>,
    count: usize,
}

/// A source path as HTML that may break after each `/`, never inside a name.
fn path_html(path: &str) -> String {
    crate::markdown::escape(path).replace('/', "/<wbr>")
}

pub(super) fn review_page(shared: &Shared<'_>, lang: &str) -> Page {
    let site = shared.site;
    let path = format!("{}review.html", shared.prefix(lang));
    let report = Report::of(site);
    let due: Vec<Due<'_>> = report
        .due
        .iter()
        .map(|e| {
            let o = e.original();
            Due {
                title: o.title(),
                url: relative(&path, &o.path),
                lang: &o.lang,
                owner: owner_of(e),
                updated: o.source.meta.updated.map(|d| d.to_string()),
                review: shared.link_parts(lang, e).review.clone(),
                path: path_html(&o.source.path),
            }
        })
        .collect();
    let stale: Vec<Stale<'_>> = report
        .stale
        .iter()
        .map(|(e, v)| {
            let o = e.original();
            Stale {
                title: v.title(),
                url: relative(&path, &v.path),
                lang: &v.lang,
                lang_name: shared.language_name(&v.lang),
                owner: owner_of(e),
                updated: v.source.meta.updated.map(|d| d.to_string()),
                original_url: relative(&path, &o.path),
                original_updated: o.source.meta.updated.map(|d| d.to_string()),
                path: path_html(&v.source.path),
            }
        })
        .collect();
    let missing: Vec<Missing<'_>> = shared
        .langs
        .iter()
        .zip(&report.untranslated)
        .map(|(l, (_, list))| Missing {
            lang: &l.code,
            name: &l.name,
            missing: list.len(),
            entries: list
                .iter()
                .map(|e| {
                    let v = e.best(&l.code);
                    Untranslated {
                        title: v.title(),
                        url: relative(&path, &v.path),
                        lang: &v.lang,
                        owner: owner_of(e),
                        path: path_html(&v.source.path),
                    }
                })
                .collect(),
        })
        .collect();
    let owners = by_owner(&report, &due, &stale, &missing);
    let title = shared.t(lang, "review_title");
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        "",
        &same_page(shared, "review.html"),
    );
    vars.extend([
        ("due", Value::from_serializable(&due)),
        ("stale", Value::from_serializable(&stale)),
        ("missing", Value::from_serializable(&missing)),
        ("owners", Value::from_serializable(&owners)),
        (
            "untranslated_total",
            Value::from(missing.iter().map(|m| m.missing).sum::<usize>()),
        ),
        ("review_json", Value::from(relative(&path, "review.json"))),
        ("today", Value::from(site.today.to_string())),
    ]);
    page(path, "review.html", vars)
}

/// The report's lists, grouped by owner (owners sorted, entries without one last).
fn by_owner<'s>(
    report: &Report<'s>,
    due: &'s [Due<'s>],
    stale: &'s [Stale<'s>],
    missing: &'s [Missing<'s>],
) -> Vec<Owner<'s>> {
    let mut names = report.owners();
    names.sort_by_key(|n| (n.is_empty(), *n));
    names
        .into_iter()
        .map(|name| {
            let due: Vec<&Due<'_>> = due.iter().filter(|d| d.owner == name).collect();
            let stale: Vec<&Stale<'_>> = stale.iter().filter(|s| s.owner == name).collect();
            let untranslated: Vec<_> = missing
                .iter()
                .map(|m| {
                    let list: Vec<_> = m.entries.iter().filter(|u| u.owner == name).collect();
                    (m.name, list)
                })
                .filter(|(_, list)| !list.is_empty())
                .collect();
            let count =
                due.len() + stale.len() + untranslated.iter().map(|(_, l)| l.len()).sum::<usize>();
            Owner {
                name,
                due,
                stale,
                untranslated,
                count,
            }
        })
        .collect()
}
