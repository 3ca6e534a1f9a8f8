//! The pages that list entries: home, bill of rights (and its handout), categories (and their
//! handouts), tags, a tag, search (its filters) and the 404 page.

use super::*;

#[derive(Serialize)]
struct Filter<'s> {
    id: &'s str,
    title: &'s str,
}

#[derive(Serialize)]
struct FilterLanguage<'s> {
    code: &'s str,
    name: &'s Value,
}

/// The home page of `lang`: the intro, the categories, the bill of rights, recent practices.
pub(super) fn home_page(shared: &Shared<'_>, lang: &str) -> Page {
    let site = shared.site;
    let path = format!("{}index.html", shared.prefix(lang));
    let home = site.get(Kind::Home, "");
    let intro = home.map(|e| e.best(lang));
    let title = intro.map_or_else(
        || site.config.title_in(lang).to_string(),
        |v| v.title().to_string(),
    );
    let categories: Vec<_> = site
        .categories()
        .into_iter()
        .map(|c| {
            (
                shared.link_parts(lang, c),
                shared.practices_in(&c.key.id).count(),
            )
        })
        .collect();
    let categories: Vec<Link<'_>> = categories
        .iter()
        .map(|(parts, n)| shared.link(parts, &path).counted(shared, lang, *n))
        .collect();
    let rights: Vec<_> = site
        .rights()
        .into_iter()
        .map(|r| (shared.link_parts(lang, r), r.number))
        .collect();
    let rights: Vec<Link<'_>> = rights
        .iter()
        .map(|(parts, number)| shared.link(parts, &path).number(*number))
        .collect();
    let recent = recent_practices(site, lang, 8);
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        intro.map_or("", |v| v.summary()),
        &same_page(shared, "index.html"),
    );
    vars.extend([
        (
            "intro",
            Value::from(
                intro
                    .map(|v| embed_body(v.body(), &path))
                    .unwrap_or_default(),
            ),
        ),
        ("intro_lang", str_value(intro.map_or(lang, |v| &v.lang))),
        ("categories", Value::from_serializable(&categories)),
        ("rights", Value::from_serializable(&rights)),
        ("recent", shared.links(&path, lang, recent.into_iter())),
    ]);
    page(path, "home.html", vars)
}

/// The bill of rights of `lang`, or (`print`) its printable handout.
pub(super) fn rights_page(shared: &Shared<'_>, lang: &str, print: bool) -> Page {
    let site = shared.site;
    let rel = if print {
        "print/rights.html"
    } else {
        "rights/index.html"
    };
    let prefix = shared.prefix(lang);
    let path = format!("{prefix}{rel}");
    let rights: Vec<_> = site
        .rights()
        .into_iter()
        .map(|r| (r, shared.link_parts(lang, r)))
        .collect();
    let rights: Vec<Link<'_>> = rights
        .iter()
        .map(|(r, parts)| {
            let v = r.best(lang);
            let n = shared.upholding(&r.key.id).len();
            Link {
                // The printable bill is a one-page poster: titles and summaries only.
                html: (!print).then(|| embed_scoped_body(v.body(), &path, &r.key.id)),
                ..shared
                    .link(parts, &path)
                    .number(r.number)
                    .counted(shared, lang, n)
            }
        })
        .collect();
    let reviewed = newest_update(lang, site.rights());
    let rights = Value::from_serializable(&rights);
    let title = shared.t(lang, "bill_of_rights");
    let details_address = site.config.base_url.as_ref().map_or_else(
        || format!("{prefix}rights/index.html"),
        |base| format!("{base}{prefix}rights/index.html"),
    );
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        &shared.t(lang, "bill_of_rights_summary"),
        &same_page(shared, rel),
    );
    vars.extend([
        ("rights", rights.clone()),
        (
            "print_url",
            Value::from(relative(&path, &format!("{prefix}print/rights.html"))),
        ),
        ("items", rights),
        (
            "back_url",
            Value::from(relative(&path, &format!("{prefix}rights/index.html"))),
        ),
        ("poster", Value::from(print)),
        ("details_address", Value::from(details_address)),
        ("reviewed", Value::from(reviewed)),
    ]);
    page(path, if print { "print.html" } else { "rights.html" }, vars)
}

/// A category of `lang` with its practices, or (`print`) its printable handout with their bodies.
pub(super) fn category_page(shared: &Shared<'_>, lang: &str, i: usize, print: bool) -> Page {
    let site = shared.site;
    let cat = site.entry(i);
    let v = cat.best(lang);
    let prefix = shared.prefix(lang);
    let page_rel = format!("practices/{}/index.html", cat.key.id);
    let rel = if print {
        format!("practices/{}/print.html", cat.key.id)
    } else {
        page_rel.clone()
    };
    let path = format!("{prefix}{rel}");
    let practices: Vec<_> = shared
        .practices_in(&cat.key.id)
        .map(|p| (p, shared.link_parts(lang, p)))
        .collect();
    let practices: Vec<Link<'_>> = practices
        .iter()
        .map(|(p, parts)| {
            let html = if print {
                let pv = p.best(lang);
                embed_scoped_body(pv.body(), &path, &p.key.id.replace('/', "-"))
            } else {
                String::new()
            };
            Link {
                html: Some(html),
                ..shared.link(parts, &path)
            }
        })
        .collect();
    let count = practices.len();
    let practices = Value::from_serializable(&practices);
    let reviewed = if print {
        newest_update(lang, shared.practices_in(&cat.key.id))
    } else {
        String::new()
    };
    let mut vars = common(
        shared,
        lang,
        &path,
        v.title(),
        v.summary(),
        &same_page(shared, &rel),
    );
    vars.extend([
        ("content_lang", str_value(&v.lang)),
        (
            "other_lang",
            if v.lang != lang {
                shared.language_name(&v.lang)
            } else {
                str_value("")
            },
        ),
        ("html", Value::from(embed_body(v.body(), &path))),
        ("reviewed", Value::from(reviewed)),
        ("practices", practices.clone()),
        ("items", practices),
        ("count_label", Value::from(count_label(shared, lang, count))),
        (
            "print_url",
            Value::from(relative(
                &path,
                &format!("{prefix}practices/{}/print.html", cat.key.id),
            )),
        ),
        (
            "back_url",
            Value::from(relative(&path, &format!("{prefix}{page_rel}"))),
        ),
        (
            "phrases_url",
            Value::from(relative(
                &path,
                &format!("{prefix}phrases/{}.html", cat.key.id),
            )),
        ),
        (
            "questions_url",
            Value::from(relative(
                &path,
                &format!("{prefix}questions/{}.html", cat.key.id),
            )),
        ),
    ]);
    page(
        path,
        if print { "print.html" } else { "category.html" },
        vars,
    )
}

/// The list of every tag.
pub(super) fn tags_page(shared: &Shared<'_>, lang: &str) -> Page {
    let prefix = shared.prefix(lang);
    let path = format!("{prefix}tags/index.html");
    let tags: Vec<TagLink<'_>> = shared
        .all_tags()
        .iter()
        .map(|(t, list)| TagLink {
            name: shared.tag_label(t, lang),
            url: relative(&path, &format!("{prefix}tags/{t}.html")),
            count: Some(list.len()),
            count_label: Some(count_label(shared, lang, list.len())),
        })
        .collect();
    let title = shared.t(lang, "all_tags");
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        "",
        &same_page(shared, "tags/index.html"),
    );
    vars.insert("tags", Value::from_serializable(&tags));
    page(path, "tags.html", vars)
}

/// The practices with `tag`.
pub(super) fn tag_page(shared: &Shared<'_>, lang: &str, tag: &str) -> Page {
    let site = shared.site;
    let rel = format!("tags/{tag}.html");
    let path = format!("{}{rel}", shared.prefix(lang));
    let list = shared.practices_sorted(shared.tagged(tag), lang);
    let practices = shared.links(&path, lang, list.iter().map(|&j| site.entry(j)));
    let label = shared.tag_label(tag, lang);
    let title = shared.t(lang, "tag_title").replace("{tag}", label);
    let mut vars = common(shared, lang, &path, &title, "", &same_page(shared, &rel));
    vars.extend([
        ("tag", str_value(label)),
        ("practices", practices),
        (
            "count_label",
            Value::from(count_label(shared, lang, list.len())),
        ),
    ]);
    page(path, "tag.html", vars)
}

/// The search page, with the filters the search box offers.
pub(super) fn search_page(shared: &Shared<'_>, lang: &str) -> Page {
    let site = shared.site;
    let path = format!("{}search.html", shared.prefix(lang));
    let title = shared.t(lang, "search");
    let categories: Vec<Filter<'_>> = site
        .categories()
        .iter()
        .map(|c| Filter {
            id: &c.key.id,
            title: c.best(lang).title(),
        })
        .collect();
    let rights: Vec<Filter<'_>> = site
        .rights()
        .iter()
        .map(|r| Filter {
            id: &r.key.id,
            title: r.best(lang).title(),
        })
        .collect();
    let languages: Vec<FilterLanguage<'_>> = shared
        .langs
        .iter()
        .map(|l| FilterLanguage {
            code: &l.code,
            name: &l.name,
        })
        .collect();
    let mut vars = common(
        shared,
        lang,
        &path,
        &title,
        "",
        &same_page(shared, "search.html"),
    );
    vars.extend([
        ("filter_categories", Value::from_serializable(&categories)),
        ("filter_rights", Value::from_serializable(&rights)),
        ("filter_languages", Value::from_serializable(&languages)),
        (
            "filter_tags",
            Value::from_serializable(
                &shared
                    .all_tags()
                    .keys()
                    .map(|t| Filter {
                        id: t,
                        title: shared.tag_label(t, lang),
                    })
                    .collect::<Vec<_>>(),
            ),
        ),
    ]);
    page(path, "search.html", vars)
}

/// The page servers answer for missing paths.
pub(super) fn not_found_page(shared: &Shared<'_>, lang: &str) -> Page {
    let site = shared.site;
    let prefix = shared.prefix(lang);
    let path = format!("{prefix}404.html");
    let title = shared.t(lang, "not_found");
    let mut vars = common(
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
    vars.insert("base_href", Value::from(format!("{base}{prefix}")));
    page(path, "404.html", vars)
}

/// The `n` practices updated last as a reader of `lang` sees them (newest first, then by key):
/// the first `n` of all practices sorted so, without sorting them all.
fn recent_practices<'s>(site: &'s Site, lang: &str, n: usize) -> Vec<&'s Entry> {
    let mut best: Vec<&Entry> = Vec::with_capacity(n + 1);
    let order = |a: &Entry, b: &Entry| {
        let (ua, ub) = (
            a.best(lang).source.meta.updated,
            b.best(lang).source.meta.updated,
        );
        ub.cmp(&ua).then(a.key.cmp(&b.key))
    };
    for e in site.of_kind(Kind::Practice) {
        let at = best.partition_point(|b| order(b, e).is_lt());
        if at < n {
            best.insert(at, e);
            best.truncate(n);
        }
    }
    best
}

/// The newest `updated` among what a reader of `lang` sees of `entries` (a handout's "last
/// reviewed"), or `""` when none has one.
fn newest_update<'a>(lang: &str, entries: impl IntoIterator<Item = &'a Entry>) -> String {
    entries
        .into_iter()
        .filter_map(|e| e.best(lang).source.meta.updated)
        .max()
        .map(|d| d.to_string())
        .unwrap_or_default()
}
