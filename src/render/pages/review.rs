//! The review page: what is overdue, due soon, out of date or missing a translation.

use super::*;

#[derive(Serialize)]
struct Due<'s> {
    title: &'s str,
    url: String,
    lang: &'s str,
    owner: &'s Option<String>,
    updated: Option<String>,
    review: Value,
    path: &'s str,
}

#[derive(Serialize)]
struct Stale<'s> {
    title: &'s str,
    url: String,
    lang: &'s str,
    lang_name: Value,
    updated: Option<String>,
    original_url: String,
    original_updated: Option<String>,
    path: &'s str,
}

#[derive(Serialize)]
struct Missing<'s> {
    lang: &'s str,
    name: &'s Value,
    missing: usize,
}

pub(super) fn review_page(shared: &Shared<'_>, lang: &str) -> Page {
    let site = shared.site;
    let path = format!("{}review.html", shared.prefix(lang));
    let mut due: Vec<&Entry> = site
        .all()
        .iter()
        .filter(|e| e.review_status != ReviewStatus::Current)
        .collect();
    due.sort_by_key(|e| (e.review_due, e.key.clone()));
    let due: Vec<Due<'_>> = due
        .iter()
        .map(|e| {
            let o = e.original();
            Due {
                title: o.title(),
                url: relative(&path, &o.path),
                lang: &o.lang,
                owner: &o.source.meta.owner,
                updated: o.source.meta.updated.map(|d| d.to_string()),
                review: shared.link_parts(lang, e).review.clone(),
                path: &o.source.path,
            }
        })
        .collect();
    let mut stale = Vec::new();
    for e in site.all() {
        for v in e.versions.iter().filter(|v| v.out_of_date) {
            let o = e.original();
            stale.push(Stale {
                title: v.title(),
                url: relative(&path, &v.path),
                lang: &v.lang,
                lang_name: shared.language_name(&v.lang),
                updated: v.source.meta.updated.map(|d| d.to_string()),
                original_url: relative(&path, &o.path),
                original_updated: o.source.meta.updated.map(|d| d.to_string()),
                path: &v.source.path,
            });
        }
    }
    let missing: Vec<Missing<'_>> = shared
        .langs
        .iter()
        .map(|l| Missing {
            lang: &l.code,
            name: &l.name,
            missing: site
                .of_kind(Kind::Practice)
                .filter(|e| e.version(&l.code).is_none())
                .count(),
        })
        .collect();
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
        ("today", Value::from(site.today.to_string())),
    ]);
    page(path, "review.html", vars)
}
