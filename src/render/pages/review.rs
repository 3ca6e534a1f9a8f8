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
    let untranslated: Vec<(&Lang, Vec<Untranslated<'_>>)> = shared
        .langs
        .iter()
        .zip(&report.untranslated)
        .map(|(l, (_, list))| {
            let entries = list
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
                .collect();
            (l, entries)
        })
        .collect();
    let untranslated_total: usize = untranslated.iter().map(|(_, list)| list.len()).sum();
    let (due, stale, missing, owners) = row_values(&report, &due, &stale, &untranslated);
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
        ("due", due),
        ("stale", stale),
        ("missing", missing),
        ("owners", owners),
        ("untranslated_total", Value::from(untranslated_total)),
        ("review_json", Value::from(relative(&path, "review.json"))),
        ("today", Value::from(site.today.to_string())),
    ]);
    page(path, "review.html", vars)
}

/// A template map of `fields`.
fn map(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::from(fields.into_iter().collect::<BTreeMap<_, _>>())
}

/// The template values of the lists (`due`, `stale`, `missing`) and of the same rows grouped by
/// owner (`owners`: sorted, entries without one last). Each row is made into a value once and
/// shared by both (template values are reference-counted): at 100,000 entries the page lists
/// most of them twice, and two copies of every row were ≈ 0.3 GB per language.
fn row_values(
    report: &Report<'_>,
    due: &[Due<'_>],
    stale: &[Stale<'_>],
    untranslated: &[(&Lang, Vec<Untranslated<'_>>)],
) -> (Value, Value, Value, Value) {
    let due: Vec<(&str, Value)> = due
        .iter()
        .map(|d| (d.owner, Value::from_serializable(d)))
        .collect();
    let stale: Vec<(&str, Value)> = stale
        .iter()
        .map(|s| (s.owner, Value::from_serializable(s)))
        .collect();
    let untranslated: Vec<(&Lang, Vec<(&str, Value)>)> = untranslated
        .iter()
        .map(|(l, list)| {
            let rows = list
                .iter()
                .map(|u| (u.owner, Value::from_serializable(u)))
                .collect();
            (*l, rows)
        })
        .collect();
    let of = |rows: &[(&str, Value)], name: &str| -> Vec<Value> {
        rows.iter()
            .filter(|(owner, _)| *owner == name)
            .map(|(_, row)| row.clone())
            .collect()
    };
    let mut names = report.owners();
    names.sort_by_key(|n| (n.is_empty(), *n));
    let owners: Vec<Value> = names
        .into_iter()
        .map(|name| {
            let (owner_due, owner_stale) = (of(&due, name), of(&stale, name));
            let owner_untranslated: Vec<(&Lang, Vec<Value>)> = untranslated
                .iter()
                .map(|(l, rows)| (*l, of(rows, name)))
                .filter(|(_, rows)| !rows.is_empty())
                .collect();
            let count = owner_due.len()
                + owner_stale.len()
                + owner_untranslated
                    .iter()
                    .map(|(_, rows)| rows.len())
                    .sum::<usize>();
            let owner_untranslated: Vec<Value> = owner_untranslated
                .into_iter()
                .map(|(l, rows)| Value::from(vec![l.name.clone(), Value::from(rows)]))
                .collect();
            map([
                ("name", Value::from(name)),
                ("due", Value::from(owner_due)),
                ("stale", Value::from(owner_stale)),
                ("untranslated", Value::from(owner_untranslated)),
                ("count", Value::from(count)),
            ])
        })
        .collect();
    let rows = |rows: Vec<(&str, Value)>| {
        Value::from(rows.into_iter().map(|(_, v)| v).collect::<Vec<_>>())
    };
    let missing: Vec<Value> = untranslated
        .into_iter()
        .map(|(l, list)| {
            map([
                ("lang", Value::from(l.code.as_str())),
                ("name", l.name.clone()),
                ("missing", Value::from(list.len())),
                ("entries", rows(list)),
            ])
        })
        .collect();
    (
        rows(due),
        rows(stale),
        Value::from(missing),
        Value::from(owners),
    )
}
