//! An entry's own page: its body, translations, category, related practices and review state.

use super::*;

#[derive(Serialize)]
struct Translation<'s> {
    lang: &'s str,
    name: Value,
    url: String,
    out_of_date: bool,
}

#[derive(Serialize)]
struct OutOfDate {
    url: String,
    lang_name: Value,
    updated: Option<String>,
}

#[derive(Serialize)]
struct CategoryLink<'s> {
    title: &'s str,
    url: String,
    print_url: String,
}

pub(super) fn entry_page<'a>(
    shared: &Shared<'a>,
    entry: &'a Entry,
    v: &'a Version,
    index: usize,
) -> Page {
    let site = shared.site;
    let lang = v.lang.as_str();
    let path = v.path.clone();
    let prefix = shared.prefix(lang);
    let switch = |l: &str| entry.version(l).map(|x| x.path.clone());
    let mut vars = common(shared, lang, &path, v.title(), v.summary(), &switch);
    let translations: Vec<Translation<'_>> = entry
        .versions
        .iter()
        .filter(|x| x.lang != v.lang)
        .map(|x| Translation {
            lang: &x.lang,
            name: shared.language_name(&x.lang),
            url: relative(&path, &x.path),
            out_of_date: x.out_of_date,
        })
        .collect();
    let original = entry.original();
    let out_of_date = v.out_of_date.then(|| OutOfDate {
        url: relative(&path, &original.path),
        lang_name: shared.language_name(&original.lang),
        updated: original.source.meta.updated.map(|d| d.to_string()),
    });
    let rights: Vec<_> = entry
        .rights
        .iter()
        .filter_map(|r| site.get(Kind::Right, r))
        .map(|r| (shared.link_parts(lang, r), r.number))
        .collect();
    let rights: Vec<Link<'_>> = rights
        .iter()
        .map(|(parts, number)| shared.link(parts, &path).number(*number))
        .collect();
    let tags: Vec<TagLink<'_>> = entry
        .tags
        .iter()
        .map(|t| TagLink {
            name: shared.tag_label(t, lang),
            url: relative(&path, &format!("{prefix}tags/{t}.html")),
            count: None,
            count_label: None,
        })
        .collect();
    let related = shared.links(
        &path,
        lang,
        shared.related_to(index).iter().map(|&j| site.entry(j)),
    );
    let category = entry
        .category
        .as_ref()
        .and_then(|c| site.get(Kind::Category, c))
        .map(|c| CategoryLink {
            title: c.best(lang).title(),
            url: relative(&path, &entry_path(&c.key, &prefix)),
            print_url: relative(&path, &format!("{prefix}practices/{}/print.html", c.key.id)),
        });
    let upholding = if entry.key.kind == Kind::Right {
        let list = shared.practices_sorted(shared.upholding(&entry.key.id), lang);
        shared.links(&path, lang, list.iter().map(|&j| site.entry(j)))
    } else {
        Value::from(Vec::<Value>::new())
    };
    let meta = &v.source.meta;
    let edit_url = site
        .config
        .edit_url
        .as_ref()
        .map(|base| format!("{base}{}", v.source.path))
        .unwrap_or_default();
    let body = v.body();
    let toc: &[crate::markdown::Heading] = if body.toc.len() >= 3 { &body.toc } else { &[] };
    let review = shared.link_parts(lang, entry).review.clone();
    vars.extend([
        (
            "kind",
            str_value(match entry.key.kind {
                Kind::Right => "right",
                Kind::Page => "page",
                Kind::Competency => "competency",
                _ => "practice",
            }),
        ),
        ("id", Value::from(entry.public_id())),
        ("summary", str_value(v.summary())),
        ("html", Value::from(embed_body(body, &path))),
        ("toc", Value::from_serializable(toc)),
        ("rights", Value::from_serializable(&rights)),
        ("tags", Value::from_serializable(&tags)),
        ("audience", Value::from_serializable(&entry.audience)),
        ("related", related),
        ("category", Value::from_serializable(&category)),
        ("upholding", upholding),
        ("translations", Value::from_serializable(&translations)),
        ("out_of_date", Value::from_serializable(&out_of_date)),
        ("number", Value::from(entry.number)),
        ("review", review),
        ("owner", Value::from(meta.owner.clone().unwrap_or_default())),
        (
            "updated",
            Value::from(meta.updated.map(|d| d.to_string()).unwrap_or_default()),
        ),
        ("edit_url", Value::from(edit_url)),
    ]);
    vars.extend(training_vars(shared, entry, lang, &path));
    vars.extend(what_changed_and_feedback(shared, entry, v));
    let template = match entry.key.kind {
        Kind::Right => "right.html",
        Kind::Page => "page.html",
        Kind::Competency => "competency.html",
        _ => "practice.html",
    };
    page(path, template, vars)
}

/// What an entry's page shows for training: the competencies a practice builds and the roles
/// it is for; on a competency's page, the practices building it.
fn training_vars(
    shared: &Shared<'_>,
    entry: &Entry,
    lang: &str,
    path: &str,
) -> [(&'static str, Value); 5] {
    let site = shared.site;
    let building = if entry.key.kind == Kind::Competency {
        training::practices_building(shared, &entry.key.id, lang)
    } else {
        Vec::new()
    };
    let building_count = count_label(shared, lang, building.len());
    [
        ("competency", str_value(&entry.key.id)),
        (
            "competencies",
            Value::from_serializable(&entry_competencies(shared, entry, lang, path)),
        ),
        (
            "audiences",
            Value::from_serializable(&entry_audiences(shared, entry, lang, path)),
        ),
        (
            "building",
            shared.links(path, lang, building.iter().map(|&j| site.entry(j))),
        ),
        ("building_count", Value::from(building_count)),
    ]
}

#[derive(Serialize)]
struct Named {
    label: Value,
    url: String,
}

/// The competencies a practice builds, as links in the reader's language.
fn entry_competencies(shared: &Shared<'_>, entry: &Entry, lang: &str, path: &str) -> Vec<Named> {
    entry
        .competencies
        .iter()
        .filter_map(|c| shared.site.get(Kind::Competency, c))
        .map(|c| {
            let v = c.best(lang);
            Named {
                label: Value::from(v.title()),
                url: relative(path, &v.path),
            }
        })
        .collect()
}

/// The roles a practice is for, labelled in the reader's language and linking their reading
/// paths; none when `deskbook.yaml` defines no roles (`audience:` is free text then).
fn entry_audiences(shared: &Shared<'_>, entry: &Entry, lang: &str, path: &str) -> Vec<Named> {
    let config = &shared.site.config;
    let prefix = shared.prefix(lang);
    entry
        .audience
        .iter()
        .filter_map(|a| config.audience(a))
        .map(|a| Named {
            label: Value::from(a.label_in(lang, config.default_language())),
            url: relative(path, &format!("{prefix}roles/{}.html", a.id)),
        })
        .collect()
}

/// `changes` (this version's line on what changed), `is_new` and `created` (the entry's), and
/// for practices and rights the `feedback` block.
fn what_changed_and_feedback(
    shared: &Shared<'_>,
    entry: &Entry,
    v: &Version,
) -> Vec<(&'static str, Value)> {
    let site = shared.site;
    let created = entry.created.map(|d| d.to_string()).unwrap_or_default();
    let feedback = matches!(entry.key.kind, Kind::Practice | Kind::Right)
        .then(|| ("feedback", super::feedback::block(shared, entry, v)));
    let mut vars = vec![
        (
            "changes",
            Value::from(v.source.meta.changes.as_deref().unwrap_or("")),
        ),
        (
            "is_new",
            Value::from(entry.is_new(site.today, site.config.new_days)),
        ),
        ("created", Value::from(created)),
    ];
    vars.extend(feedback);
    vars
}
