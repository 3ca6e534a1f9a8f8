//! `sitemap.xml` and `feed.xml`, the two files a build writes only when the site knows its
//! address (`base_url`): both hold absolute URLs. They are renderers like the page templates,
//! from the same model and the same list of pages, only written in code: their format is fixed
//! by their standards, not by the theme.

use crate::content::Kind;
use crate::markdown::escape;
use crate::model::Site;

/// `sitemap.xml`: every page but the 404 page and print handouts.
pub(crate) fn sitemap(site: &Site, base: &str) -> String {
    let mut urls: Vec<String> = super::jobs(site)
        .iter()
        .map(|job| super::job_path(site, job))
        .filter(|p| !p.ends_with("404.html") && !p.ends_with("print.html") && !p.contains("print/"))
        .collect();
    urls.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&format!("{base}{}", crate::model::paths::encode_path(&url)))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// An Atom feed of the 30 most recently updated practice entries, all languages. Its `updated`
/// is the newest entry's date, not the build time, so the output stays reproducible.
pub(crate) fn feed(site: &Site, base: &str) -> String {
    let mut versions: Vec<_> = site
        .of_kind(Kind::Practice)
        .flat_map(|e| e.versions.iter().map(move |v| (e, v)))
        .filter(|(_, v)| v.source.meta.updated.is_some())
        .collect();
    versions.sort_by(|a, b| {
        b.1.source
            .meta
            .updated
            .cmp(&a.1.source.meta.updated)
            .then(a.1.path.cmp(&b.1.path))
    });
    versions.truncate(30);
    let newest = versions
        .first()
        .and_then(|(_, v)| v.source.meta.updated)
        .map_or_else(|| "1970-01-01".to_string(), |d| d.to_string());
    let title = escape(site.config.title_in(site.config.default_language()));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{title}</title>\n  <id>{base}</id>\n  <link href=\"{base}\"/>\n  <link rel=\"self\" href=\"{base}feed.xml\"/>\n  <updated>{newest}T00:00:00Z</updated>\n"
    );
    for (entry, v) in versions {
        let url = escape(&format!(
            "{base}{}",
            crate::model::paths::encode_path(&v.path)
        ));
        let updated = v
            .source
            .meta
            .updated
            .map(|d| d.to_string())
            .unwrap_or_default();
        let author = escape(
            v.source
                .meta
                .owner
                .as_deref()
                .or(entry.original().source.meta.owner.as_deref())
                .unwrap_or("deskbook"),
        );
        // What changed comes first in the content a feed reader shows, the summary after it.
        let content = v
            .source
            .meta
            .changes
            .as_deref()
            .map(|changes| {
                format!(
                    "\n    <content type=\"text\">{}\n\n{}</content>",
                    escape(changes),
                    escape(v.summary())
                )
            })
            .unwrap_or_default();
        xml.push_str(&format!(
            "  <entry xml:lang=\"{}\">\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{updated}T00:00:00Z</updated>\n    <author><name>{author}</name></author>\n    <summary>{}</summary>{content}\n  </entry>\n",
            escape(&v.lang),
            escape(v.title()),
            escape(v.summary())
        ));
    }
    xml.push_str("</feed>\n");
    xml
}
