//! The pages for training staff: competencies and the practices that build each, a reading
//! path with a printable onboarding checklist for every role, desk phrase sheets, and the
//! "test yourself" pages of self-check questions.
//!
//! Each lists practices from the model as it is (`Site::of_kind`, a category's practices, their
//! bodies), not from lists kept between renders, so that watch mode re-renders them whenever a
//! practice changes what it builds, whom it is for, or what it says. Phrases and questions are
//! the parts of the bodies the Markdown stage marked (`Rendered::callouts`); nothing here reads
//! HTML.

use super::*;
use crate::markdown::CalloutKind;

#[derive(Serialize)]
struct Group<'p> {
    title: Value,
    url: String,
    entries: Vec<Item<'p>>,
}

#[derive(Serialize)]
struct Item<'p> {
    #[serde(flatten)]
    link: Link<'p>,
    /// Its place in a reading path, counted over the whole path.
    number: usize,
    /// Phrases: `{kind, html}`; questions: `{kind: "question", html}`.
    parts: Vec<Part>,
}

#[derive(Serialize)]
struct Part {
    kind: CalloutKind,
    html: String,
}

#[derive(Serialize)]
struct RoleLink {
    id: String,
    label: String,
    url: String,
    count_label: String,
}

/// The practices of the site building competency `id`, as a reader of `lang` sees them listed.
pub(super) fn practices_building(shared: &Shared<'_>, id: &str, lang: &str) -> Vec<usize> {
    let site = shared.site;
    let list: Vec<usize> = site
        .of_kind(Kind::Practice)
        .filter(|e| e.competencies.iter().any(|c| c == id))
        .filter_map(|e| shared.index_of(e))
        .collect();
    shared.practices_sorted(&list, lang)
}

/// Every competency, with how many practices build it.
pub(super) fn competencies_page(shared: &Shared<'_>, lang: &str) -> Page {
    let site = shared.site;
    let rel = "competencies/index.html";
    let path = format!("{}{rel}", shared.prefix(lang));
    let mut competencies: Vec<&Entry> = site.of_kind(Kind::Competency).collect();
    competencies.sort_by_key(|e| (e.weight, e.best(lang).title()));
    let parts: Vec<_> = competencies
        .iter()
        .map(|c| {
            let n = practices_building(shared, &c.key.id, lang).len();
            (shared.link_parts(lang, c), n)
        })
        .collect();
    let items: Vec<Link<'_>> = parts
        .iter()
        .map(|(parts, n)| shared.link(parts, &path).counted(shared, lang, *n))
        .collect();
    let title = shared.t(lang, "competencies");
    let summary = shared.t(lang, "competencies_summary");
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        &summary,
        &same_page(shared, rel),
    );
    vars.insert("competencies", Value::from_serializable(&items));
    page(path, "competencies.html", vars)
}

/// The practices for role `r` of `deskbook.yaml`, in reading order: by category weight, then
/// entry weight, then title.
fn role_entries<'a>(shared: &Shared<'a>, role: &str) -> Vec<(&'a Entry, Vec<&'a Entry>)> {
    let site = shared.site;
    site.categories()
        .into_iter()
        .map(|cat| {
            let entries: Vec<&Entry> = shared
                .practices_in(&cat.key.id)
                .filter(|p| p.audience.iter().any(|a| a == role))
                .collect();
            (cat, entries)
        })
        .filter(|(_, entries)| !entries.is_empty())
        .collect()
}

/// Every role of `deskbook.yaml`, with the length of its reading path.
pub(super) fn roles_page(shared: &Shared<'_>, lang: &str) -> Page {
    let site = shared.site;
    let rel = "roles/index.html";
    let prefix = shared.prefix(lang);
    let path = format!("{prefix}{rel}");
    let default = site.config.default_language();
    let roles: Vec<RoleLink> = site
        .config
        .audiences
        .iter()
        .map(|a| {
            let n: usize = role_entries(shared, &a.id)
                .iter()
                .map(|(_, e)| e.len())
                .sum();
            RoleLink {
                id: a.id.clone(),
                label: a.label_in(lang, default).to_string(),
                url: relative(&path, &format!("{prefix}roles/{}.html", a.id)),
                count_label: count_label(shared, lang, n),
            }
        })
        .collect();
    let title = shared.t(lang, "roles");
    let summary = shared.t(lang, "roles_summary");
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        &summary,
        &same_page(shared, rel),
    );
    vars.insert("roles", Value::from_serializable(&roles));
    page(path, "roles.html", vars)
}

/// A role's reading path: its practices in order, as a checklist to print and sign.
pub(super) fn role_page(shared: &Shared<'_>, lang: &str, r: usize) -> Page {
    let site = shared.site;
    let role = &site.config.audiences[r];
    let prefix = shared.prefix(lang);
    let rel = format!("roles/{}.html", role.id);
    let path = format!("{prefix}{rel}");
    let found = role_entries(shared, &role.id);
    let parts: Vec<(&Entry, Vec<_>)> = found
        .iter()
        .map(|(cat, entries)| {
            let parts = entries.iter().map(|e| shared.link_parts(lang, e)).collect();
            (*cat, parts)
        })
        .collect();
    let mut number = 0;
    let groups: Vec<Group<'_>> = parts
        .iter()
        .map(|(cat, parts)| Group {
            title: Value::from(cat.best(lang).title()),
            url: relative(&path, &entry_path(&cat.key, &prefix)),
            entries: parts
                .iter()
                .map(|p| {
                    number += 1;
                    Item {
                        link: shared.link(p, &path),
                        number,
                        parts: Vec::new(),
                    }
                })
                .collect(),
        })
        .collect();
    let label = role.label_in(lang, site.config.default_language());
    let title = shared.t(lang, "role_title").replace("{role}", label);
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        &shared.t(lang, "role_intro"),
        &same_page(shared, &rel),
    );
    vars.extend([
        ("role", str_value(&role.id)),
        ("role_label", str_value(label)),
        ("groups", Value::from_serializable(&groups)),
        (
            "count_label",
            Value::from(count_label(shared, lang, number)),
        ),
    ]);
    page(path, "role.html", vars)
}

/// The collected parts of `kinds` of one practice's body, as shown on the page at `path`.
fn parts_of(entry: &Entry, lang: &str, path: &str, kinds: &[CalloutKind]) -> Vec<Part> {
    let body = entry.best(lang).body();
    let scope = entry.key.id.replace('/', "-");
    body.callouts
        .iter()
        .filter(|c| kinds.contains(&c.kind))
        .enumerate()
        .map(|(n, c)| {
            let range = if c.kind == CalloutKind::Question {
                &c.block
            } else {
                &c.content
            };
            Part {
                kind: c.kind,
                html: embed_part(body, range, path, &format!("{scope}-{}", n + 1)),
            }
        })
        .collect()
}

/// The practices of category `cat` that have parts of `kinds`, each with them.
fn group<'a>(
    shared: &Shared<'a>,
    lang: &str,
    path: &str,
    cat: &'a Entry,
    kinds: &[CalloutKind],
) -> Vec<(&'a Entry, Vec<Part>)> {
    shared
        .practices_in(&cat.key.id)
        .map(|p| (p, parts_of(p, lang, path, kinds)))
        .filter(|(_, parts)| !parts.is_empty())
        .collect()
}

/// The phrases or questions (`kinds`) of the practices of `cats`, by category, as template
/// groups; and how many there are.
fn sheet<'a>(
    shared: &Shared<'a>,
    lang: &str,
    path: &str,
    cats: &[&'a Entry],
    kinds: &[CalloutKind],
) -> (Value, usize) {
    let prefix = shared.prefix(lang);
    let mut count = 0;
    let mut groups = Vec::new();
    for cat in cats {
        let found = group(shared, lang, path, cat, kinds);
        if found.is_empty() {
            continue;
        }
        let links: Vec<_> = found
            .iter()
            .map(|(p, _)| shared.link_parts(lang, p))
            .collect();
        let entries: Vec<Item<'_>> = links
            .iter()
            .zip(found)
            .map(|(link, (_, parts))| {
                count += parts.len();
                Item {
                    link: shared.link(link, path),
                    number: 0,
                    parts,
                }
            })
            .collect();
        groups.push(Value::from_serializable(&Group {
            title: Value::from(cat.best(lang).title()),
            url: relative(path, &entry_path(&cat.key, &prefix)),
            entries,
        }));
    }
    (Value::from(groups), count)
}

/// The most phrases the site-wide sheet holds; past it, the sheet lists the categories' sheets.
///
/// A sheet to keep at the desk stops being one long before a site's every phrase: the starter's
/// 116 print on four A4 pages, and the 10k benchmark corpus's sheet was 5 MB per language,
/// re-rendered whole by `serve` on every body edit (340 ms of an edit's 380).
const WHOLE_SHEET_MAX_PHRASES: usize = 500;

/// How many phrases of `kinds` the practices of category `cat` have in `lang`.
fn count_of(shared: &Shared<'_>, lang: &str, cat: &Entry, kinds: &[CalloutKind]) -> usize {
    shared
        .practices_in(&cat.key.id)
        .map(|p| {
            let body = p.best(lang).body();
            body.callouts
                .iter()
                .filter(|c| kinds.contains(&c.kind))
                .count()
        })
        .sum()
}

/// The categories' own sheets, with how many phrases each holds, for a site-wide sheet that
/// would be too long; `None` when the site's phrases fit one sheet.
fn sheet_index(
    shared: &Shared<'_>,
    lang: &str,
    path: &str,
    kinds: &[CalloutKind],
) -> Option<Value> {
    let prefix = shared.prefix(lang);
    let counts: Vec<(&Entry, usize)> = shared
        .site
        .categories()
        .into_iter()
        .map(|c| (c, count_of(shared, lang, c, kinds)))
        .collect();
    if counts.iter().map(|(_, n)| n).sum::<usize>() <= WHOLE_SHEET_MAX_PHRASES {
        return None;
    }
    #[derive(Serialize)]
    struct Sheet<'a> {
        title: &'a str,
        url: String,
        count: usize,
    }
    let sheets: Vec<Sheet<'_>> = counts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, count)| Sheet {
            title: c.best(lang).title(),
            url: relative(path, &format!("{prefix}phrases/{}.html", c.key.id)),
            count,
        })
        .collect();
    Some(Value::from_serializable(&sheets))
}

/// The desk phrase sheet of category `cat`, or of every category (or, when they are too many
/// for one sheet, the list of the categories' sheets).
pub(super) fn phrases_page(shared: &Shared<'_>, lang: &str, cat: Option<usize>) -> Page {
    let site = shared.site;
    let prefix = shared.prefix(lang);
    let (rel, cats, title) = match cat {
        Some(i) => {
            let c = site.entry(i);
            let title = shared
                .t(lang, "phrases_title_category")
                .replace("{category}", c.best(lang).title());
            (format!("phrases/{}.html", c.key.id), vec![c], title)
        }
        None => (
            "phrases.html".to_string(),
            site.categories(),
            shared.t(lang, "phrases_title"),
        ),
    };
    let path = format!("{prefix}{rel}");
    let kinds = [CalloutKind::Say, CalloutKind::Avoid];
    let index = match cat {
        None => sheet_index(shared, lang, &path, &kinds),
        Some(_) => None,
    };
    let (groups, _) = match index {
        Some(_) => (Value::from(Vec::<Value>::new()), 0),
        None => sheet(shared, lang, &path, &cats, &kinds),
    };
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        &shared.t(lang, "phrases_summary"),
        &same_page(shared, &rel),
    );
    vars.extend([
        (
            "phrases_of",
            str_value(cat.map_or("", |i| site.entry(i).key.id.as_str())),
        ),
        ("groups", groups),
        (
            "sheets",
            index.unwrap_or_else(|| Value::from(Vec::<Value>::new())),
        ),
        (
            "all_phrases_url",
            Value::from(relative(&path, &format!("{prefix}phrases.html"))),
        ),
    ]);
    page(path, "phrases.html", vars)
}

/// The self-check questions of category `i`.
pub(super) fn questions_page(shared: &Shared<'_>, lang: &str, i: usize) -> Page {
    let site = shared.site;
    let cat = site.entry(i);
    let prefix = shared.prefix(lang);
    let rel = format!("questions/{}.html", cat.key.id);
    let path = format!("{prefix}{rel}");
    let (groups, count) = sheet(shared, lang, &path, &[cat], &[CalloutKind::Question]);
    let title = shared
        .t(lang, "questions_title")
        .replace("{category}", cat.best(lang).title());
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        &shared.t(lang, "questions_summary"),
        &same_page(shared, &rel),
    );
    vars.extend([
        ("category_id", str_value(&cat.key.id)),
        ("category_title", str_value(cat.best(lang).title())),
        ("groups", groups),
        ("count", Value::from(count)),
        (
            "category_url",
            Value::from(relative(&path, &entry_path(&cat.key, &prefix))),
        ),
    ]);
    page(path, "questions.html", vars)
}
