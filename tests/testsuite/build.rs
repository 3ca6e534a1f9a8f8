//! `deskbook build`: the pages a staff member sees, languages, output safety, determinism.

use super::harness::{OLD_RECORD, RECORD, Site, assert_code, tree};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

fn built() -> Site {
    let site = Site::fixture("minimal");
    let run = site.run(&["build"]);
    assert_code(&run, 0);
    assert!(
        run.stderr.starts_with("Building . ...\nBuilt "),
        "{}",
        run.stderr
    );
    site
}

#[test]
fn practice_pages_show_what_staff_need() {
    let site = built();
    let html = site.read("public/practices/greetings/hello.html");
    for expected in [
        "<html lang=\"en\">",
        "<title>Saying hello · Test Desk</title>",
        "<h1>Saying hello</h1>",
        "<p class=\"lead\">Greet every patron within seconds.</p>",
        "<a class=\"badge badge-right\" href=\"../../rights/courtesy.html\"><span class=\"visually-hidden\">Right </span>1. Courteous service</a>",
        "<div class=\"callout callout-say\" role=\"note\">\n<p class=\"callout-title\">Say this</p>\n<p>\"Hello! How can I help?\"</p>\n</div>",
        "<div class=\"callout callout-avoid\" role=\"note\">\n<p class=\"callout-title\">Avoid this</p>",
        "<h2 id=\"steps\">Steps</h2>",
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"steps\">",
        "<a href=\"../../tags/front-desk.html\">front-desk</a>",
        "<a href=\"../../pl/practices/greetings/hello.html\" hreflang=\"pl\" lang=\"pl\">Polski</a> <span class=\"badge review-due-soon\">out of date</span>",
        "<a href=\"phone.html\">the phone</a>",
        "<a class=\"button button-secondary\" href=\"https://git.example/kb/edit/main/content/practices/greetings/hello.md\">Edit this page</a>",
        "<dt>Owner</dt><dd>Adult Services</dd>",
        "<link rel=\"canonical\" href=\"https://intranet.example/kb/practices/greetings/hello.html\">",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
    assert!(
        !html.contains("__deskbook/live.js"),
        "the live-reload client belongs to serve mode only"
    );
}

#[test]
fn translations_link_within_their_language_and_fall_back_visibly() {
    let site = built();
    let pl = site.read("public/pl/practices/greetings/hello.html");
    assert!(pl.contains("<html lang=\"pl\">"));
    // phone.md has no Polish version: the link goes to the English page.
    assert!(
        pl.contains("<a href=\"../../../practices/greetings/phone.html\">telefon</a>"),
        "{pl}"
    );
    // An explicit language link goes to that language.
    assert!(
        pl.contains("<a href=\"../privacy/quiet.html\">ciszę</a>"),
        "{pl}"
    );
    // The out-of-date banner links the original.
    assert!(
        pl.contains("<strong>To tłumaczenie jest nieaktualne.</strong>"),
        "{pl}"
    );
    assert!(pl.contains("<a href=\"../../../practices/greetings/hello.html\">Przeczytaj oryginał (English, 2026-09-01)</a>"), "{pl}");
    // The English category lists the Polish-only entry, marked with its language.
    let cat = site.read("public/practices/privacy/index.html");
    assert!(cat.contains("<a href=\"../../pl/practices/privacy/quiet.html\" hreflang=\"pl\" lang=\"pl\">Cichy głos</a> <span class=\"lang-mark\">Polski</span>"), "{cat}");
    // No duplicated page for the untranslated entry.
    assert!(!site.exists("public/practices/privacy/quiet.html"));
    // The language switcher on an untranslated page leads to the other language's home.
    let phone = site.read("public/practices/greetings/phone.html");
    assert!(phone.contains("<a href=\"../../pl/index.html\" hreflang=\"pl\" lang=\"pl\" class=\"not-translated\">Polski<span class=\"visually-hidden\"> (jeszcze nieprzetłumaczone)</span></a>"), "{phone}");
}

#[test]
fn listing_pages_exist_in_every_language() {
    let site = built();
    for page in [
        "index.html",
        "rights/index.html",
        "rights/courtesy.html",
        "rights/privacy.html",
        "practices/greetings/index.html",
        "practices/greetings/print.html",
        "print/rights.html",
        "tags/index.html",
        "tags/front-desk.html",
        "search.html",
        "review.html",
        "404.html",
        "pages/about.html",
        "pl/index.html",
        "pl/rights/index.html",
        "pl/rights/courtesy.html",
        "pl/practices/greetings/index.html",
        "pl/tags/phone.html",
        "pl/search.html",
        "pl/review.html",
        "sitemap.xml",
        "feed.xml",
        ".deskbook",
    ] {
        assert!(
            site.exists(&format!("public/{page}")),
            "missing public/{page}"
        );
    }
    let home = site.read("public/index.html");
    assert!(home.contains("<p class=\"count\">2 entries</p>"), "{home}");
    let pl_home = site.read("public/pl/index.html");
    assert!(
        pl_home.contains("<p class=\"count\">2 wpisy</p>"),
        "{pl_home}"
    );
    let review = site.read("public/review.html");
    assert!(
        review.contains(
            "<a href=\"practices/greetings/phone.html\" lang=\"en\">Answering the phone</a>"
        ),
        "{review}"
    );
    assert!(
        review.contains("<span class=\"badge review-overdue\">Review overdue</span>"),
        "{review}"
    );
    let right = site.read("public/rights/courtesy.html");
    assert!(
        right.contains("Practices that uphold this right"),
        "{right}"
    );
    let print = site.read("public/practices/greetings/print.html");
    assert!(
        print.contains("<div class=\"prose handout-body\">")
            && print.contains("Look up and smile."),
        "{print}"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://intranet.example/kb/pl/practices/greetings/hello.html</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404.html"));
    let feed = site.read("public/feed.xml");
    assert!(
        feed.contains("<updated>2026-09-01T00:00:00Z</updated>"),
        "{feed}"
    );
}

#[test]
fn every_internal_link_and_anchor_resolves_and_pages_are_reachable() {
    let site = built();
    let out = site.path().join("public");
    let (problems, reachable) = super::links::check_site(&out, "index.html");
    assert_eq!(problems, Vec::<String>::new());
    for page in tree(&out)
        .keys()
        .filter(|p| p.ends_with(".html") && !p.ends_with("404.html"))
    {
        assert!(
            reachable.contains(page),
            "{page} is not reachable from the home page"
        );
        let html = String::from_utf8(std::fs::read(out.join(page)).unwrap()).unwrap();
        assert_eq!(
            super::links::duplicate_ids(&html),
            Vec::<String>::new(),
            "duplicate ids in {page}"
        );
    }
}

#[test]
fn output_is_byte_identical_across_builds() {
    let site = built();
    let first = tree(&site.path().join("public"));
    assert_code(&site.run(&["build", "--quiet", "--out", "second"]), 0);
    assert_eq!(first, tree(&site.path().join("second")));
}

#[test]
fn assets_get_content_hashed_names() {
    let site = built();
    let assets: Vec<String> = tree(&site.path().join("public/assets"))
        .into_keys()
        .collect();
    assert!(
        assets.iter().any(|a| a.starts_with("style.")
            && a.ends_with(".css")
            && a.len() == "style.0123456789.css".len()),
        "{assets:?}"
    );
}

#[test]
fn the_output_folder_of_someone_else_is_never_replaced() {
    let site = Site::fixture("minimal");
    site.write("docs/thesis.txt", "my only copy");
    let run = site.run(&["build", "--out", "docs"]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
Building . ...
docs: error: the output folder exists and was not made by deskbook (it has no `.deskbook` file); remove it or choose another `--out`, deskbook will not replace it
Build failed: 1 error; the previous output in docs is unchanged.

"#]]
    );
    assert_eq!(site.read("docs/thesis.txt"), "my only copy");
    let run = site.run(&["build", "--out", "."]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
Building . ...
.: error: refusing to build here: the output folder would contain or replace the site's sources; choose another `--out`
Build failed: 1 error; the previous output in . is unchanged.

"#]]
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/wip.md",
        "---\ntitle: Work in progress\nsummary: Not yet.\nrights: [courtesy]\nowner: A\nupdated: 2026-09-01\ndraft: true\n---\n",
    );
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert!(!site.exists("public/practices/greetings/wip.html"));
    assert_code(&site.run(&["build", "--quiet", "--drafts"]), 0);
    assert!(site.exists("public/practices/greetings/wip.html"));
}

#[test]
fn a_site_can_override_a_theme_template() {
    let site = Site::fixture("minimal");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p>Ask at the desk.</p>{% endblock content %}");
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert!(
        site.read("public/404.html")
            .contains("<p>Ask at the desk.</p>")
    );
}

#[test]
fn template_errors_name_the_template() {
    let site = Site::fixture("minimal");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops( }}{% endblock content %}",
    );
    let run = site.run(&["build"]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
Building . ...
templates/404.html: error: template error: error: Found `}}` but expected identifier.
 --> 404.html:1:54
  |
1 | {% extends "base.html" %}{% block content %}{{ oops( }}{% endblock content %}
  |                                                      ^^
Build failed: 1 error; the previous output in ./public is unchanged.

"#]]
    );
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}");
    let run = site.run(&["build"]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
Building . ...
templates/404.html: error: template error: error: Variable `no_such_variable` is not defined. Available variables: [..]
 --> 404.html:1:48
  |
1 | {% extends "base.html" %}{% block content %}{{ no_such_variable }}{% endblock content %}
  |                                                ^^^^^^^^^^^^^^^^
Build failed: 1 error; the previous output in ./public is unchanged.

"#]]
    );
}

#[test]
fn timings_name_every_stage_in_pipeline_order() {
    let site = Site::fixture("minimal");
    let run = site.run(&["build", "--quiet", "--timings"]);
    assert_code(&run, 0);
    let stages: Vec<&str> = run
        .stderr
        .lines()
        .skip(1)
        .map(|line| line.split_once(" ms  ").map_or(line, |(_, name)| name))
        .collect();
    assert!(run.stderr.starts_with("Timings:\n"), "{}", run.stderr);
    assert_eq!(
        stages,
        [
            "config and theme",
            "read and parse sources",
            "site model and links",
            "markdown",
            "templates",
            "pages and assets (rendered and written)",
            "search index",
            "swap into place",
            "total",
        ],
        "{}",
        run.stderr
    );
    // --quiet still keeps the summary line away.
    assert!(!run.stderr.contains("Built "), "{}", run.stderr);
}

/// Memory: a build holds every rendered body at once, so it must not also hold every source's
/// Markdown (0.5 GB at 100,000 entries). Once loaded, a source keeps its front matter, which
/// later diagnostics point into (`check`'s review notices: `tests/testsuite/check.rs`).
#[test]
fn a_loaded_site_keeps_front_matter_but_no_markdown() {
    let site = Site::starter();
    let outcome = deskbook::pipeline::load(&deskbook::pipeline::Options::new(site.path()));
    let loaded = outcome.value.expect("the starter loads");
    let versions: Vec<_> = loaded
        .site
        .entries
        .iter()
        .flat_map(|e| &e.versions)
        .collect();
    assert!(versions.len() > 50, "{}", versions.len());
    for v in versions {
        let source = &v.source;
        assert_eq!(
            source.text.len(),
            source.split.body_start,
            "{}",
            source.path
        );
        assert!(source.text.starts_with("---"), "{}", source.path);
        assert!(source.text.contains("\ntitle:"), "{}", source.path);
        assert!(!v.rendered.html.is_empty(), "{}", source.path);
    }
}

/// Memory: the pages are written before the search index is built, and what only pages show
/// of the bodies (0.6 GB of HTML at 100,000 entries) is gone by then; the index still gets
/// every body's text (the starter's search tests check what it finds).
#[test]
fn the_search_index_is_built_after_the_pages_without_their_html() {
    let site = Site::starter();
    let options = deskbook::pipeline::Options::new(site.path());
    let mut loaded = deskbook::pipeline::load(&options).value.unwrap();
    let written = std::sync::Mutex::new(Vec::new());
    let (summary, problems) = deskbook::pipeline::render_files(&mut loaded, &options, |path, _| {
        written.lock().unwrap().push(path.to_string());
        Ok(())
    });
    assert!(problems.is_empty(), "{problems:?}");
    let written = written.into_inner().unwrap();
    let first_search = written.iter().position(|p| p.starts_with("assets/search"));
    let last_page = written.iter().rposition(|p| p.ends_with(".html"));
    assert!(first_search > last_page, "{first_search:?} {last_page:?}");
    let names: Vec<&str> = summary.phases.iter().map(|p| p.name).collect();
    assert!(names.ends_with(&["pages and assets (rendered and written)", "search index"]));
    for v in loaded.site.entries.iter().flat_map(|e| &e.versions) {
        assert!(v.rendered.html.is_empty(), "{}", v.path);
        assert!(
            !v.rendered.text.is_empty() || v.path.ends_with("index.html"),
            "{}",
            v.path
        );
    }
}

/// A trainer's own `static/` file takes the place of the page deskbook would make there (a
/// custom 404 page, say), however the build orders its writes.
#[test]
fn a_static_file_wins_over_the_page_of_the_same_path() {
    let site = Site::fixture("minimal");
    site.write("static/404.html", "<!doctype html><title>Our own</title>");
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert_eq!(
        site.read("public/404.html"),
        "<!doctype html><title>Our own</title>"
    );
    assert!(site.read("public/index.html").contains("<html"));
}

/// Rebuilds recycle the output before last: whatever it held, the result must equal a build
/// into an empty folder, with removed pages gone and files turned into folders and back.
#[test]
fn rebuilds_equal_a_clean_build_whatever_the_previous_output_held() {
    let site = Site::fixture("minimal");
    let clean = |n: usize| {
        let out = format!("clean-{n}");
        assert_code(&site.run(&["build", "--quiet", "--out", &out]), 0);
        tree(&site.path().join(out))
    };
    site.write("static/guide", "a file first");
    let extra = "content/practices/greetings/extra.md";
    let phone = site.read("content/practices/greetings/phone.md");
    site.write(extra, phone.replace("title:", "title: Extra"));
    let steps: [&dyn Fn(); 5] = [
        &|| {},
        &|| {},
        &|| std::fs::remove_file(site.path().join(extra)).unwrap(),
        &|| {
            std::fs::remove_file(site.path().join("static/guide")).unwrap();
            site.write("static/guide/index.txt", "now a folder");
        },
        &|| {
            std::fs::remove_dir_all(site.path().join("static/guide")).unwrap();
            site.write("static/guide", "a file again");
        },
    ];
    for (n, step) in steps.iter().enumerate() {
        step();
        assert_code(&site.run(&["build", "--quiet"]), 0);
        assert_eq!(
            tree(&site.path().join("public")),
            clean(n),
            "after step {n}"
        );
    }
    assert!(!site.exists("public/practices/greetings/extra.html"));
    assert_eq!(site.read("public/guide"), "a file again");
}

#[test]
fn the_output_before_last_is_kept_beside_the_output_for_the_next_build() {
    let site = Site::fixture("minimal");
    for _ in 0..3 {
        assert_code(&site.run(&["build", "--quiet"]), 0);
        assert!(!site.exists(".public.deskbook-tmp"));
    }
    assert!(site.exists(".public.deskbook-old/.deskbook"));
    assert!(site.exists(".public.deskbook-old/practices/greetings/hello.html"));
    // A failed build leaves its temporary folder for the next one to recycle, and the site alone.
    let before = tree(&site.path().join("public"));
    site.write(
        "content/practices/greetings/hello.md",
        "---\ntitle: [\n---\n",
    );
    assert_code(&site.run(&["build", "--quiet"]), 1);
    assert_eq!(tree(&site.path().join("public")), before);
}

/// Titles, summaries and owners are text: markup in them is shown, never run, on every page that
/// shows them (practice, category, tag, right, home, print, feed, search results).
#[test]
fn markup_in_front_matter_is_escaped_on_every_page() {
    let site = Site::fixture("minimal");
    let hello = "content/practices/greetings/hello.md";
    site.write(
        hello,
        site.read(hello)
            .replace(
                "title: Saying hello",
                "title: \"Saying <img src=x onerror=alert(1)> hello\"",
            )
            .replace(
                "summary: Greet every patron within seconds.",
                "summary: \"<script>alert(2)</script> Greet\"",
            )
            .replace(
                "owner: Adult Services",
                "owner: \"Adult <b onclick=alert(3)>Services</b>\"",
            ),
    );
    let run = site.run(&[
        "build",
        "--quiet",
        "--base-url",
        "https://intranet.example/kb/",
    ]);
    assert_code(&run, 0);
    let mut shown = 0;
    for (path, bytes) in tree(&site.path().join("public")) {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for raw in ["<img src=x", "<script>alert", "<b onclick"] {
            assert!(!text.contains(raw), "{path} contains raw {raw:?}");
        }
        if text.contains("Saying &lt;img src=x onerror=alert(1)&gt; hello") {
            shown += 1;
        }
    }
    assert!(
        shown >= 5,
        "the escaped title appears on only {shown} pages"
    );
    let page = site.read("public/practices/greetings/hello.html");
    assert!(
        page.contains("&lt;script&gt;alert(2)&lt;/script&gt; Greet"),
        "{page}"
    );
    assert!(
        page.contains("Adult &lt;b onclick=alert(3)&gt;Services&lt;/b&gt;"),
        "{page}"
    );
    // Search results carry the title as data (pages show it as text) and the snippet as HTML,
    // which the engine escapes: only its own <mark> is markup.
    let run = site.run(&["search", "--json", "greet"]);
    assert_code(&run, 0);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let hello = hits.iter().find(|h| h["id"] == "greetings/hello").unwrap();
    let snippet = hello["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "{snippet}"
    );
    assert!(
        !snippet
            .replace("<mark>", "")
            .replace("</mark>", "")
            .contains('<'),
        "{snippet}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_planted_in_the_recycled_output_cannot_lead_writes_elsewhere() {
    let site = Site::fixture("minimal");
    for _ in 0..2 {
        assert_code(&site.run(&["build", "--quiet"]), 0);
    }
    // The next build recycles .public.deskbook-old: replace a folder and a file in it with links
    // to a folder outside the site's output.
    let outside = site.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let old = site.path().join(".public.deskbook-old");
    std::fs::remove_dir_all(old.join("practices/greetings")).unwrap();
    std::os::unix::fs::symlink(&outside, old.join("practices/greetings")).unwrap();
    std::fs::remove_file(old.join("index.html")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", old.join("index.html")).unwrap();
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "a write went through the link"
    );
    assert!(!site.path().join("public/practices/greetings").is_symlink());
    assert!(site.read("public/index.html").contains("</html>"));
    assert!(site.exists("public/practices/greetings/hello.html"));
}

/// A clean build of `site` into a folder of its own, as a whole tree.
fn clean_build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    assert_code(&site.run(&["build", "--quiet", "--out", "clean"]), 0);
    tree(&site.path().join("clean"))
}

/// Dates the record of the output before last an hour ahead, so that it vouches for every file
/// it lists. As written, it shares the file system clock's tick with the last files of a build
/// as quick as a fixture's, and files changed in that tick are read back anyway: the hand edits
/// below would be caught by that rule alone.
fn date_record_ahead(site: &Site) {
    let record = site.path().join(OLD_RECORD);
    std::fs::File::options()
        .write(true)
        .open(&record)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(3600))
        .unwrap();
}

/// Rewrites a file in place with bytes of the same length and puts its modification time back,
/// as `touch -r` would: only its change time tells that it was edited.
fn edit_keeping_size_and_mtime(path: &std::path::Path) {
    let modified = path.metadata().unwrap().modified().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let edited = text.replacen("</html>", "</HTML>", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(path, edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

/// Every build leaves a record of its files so that the next one that recycles the folder need
/// not read them back; a file changed since, however sneakily, is rewritten all the same.
#[test]
fn a_file_edited_by_hand_in_the_output_before_last_is_rewritten() {
    let site = Site::fixture("minimal");
    let clean = clean_build(&site);
    for _ in 0..2 {
        assert_code(&site.run(&["build", "--quiet"]), 0);
    }
    assert!(site.read(RECORD).starts_with("deskbook-files "));
    assert!(
        !site.exists("public/.deskbook-files"),
        "the record is not published"
    );
    let old = site.path().join(".public.deskbook-old");
    date_record_ahead(&site);
    // Edited in place: same inode, size and modification time.
    edit_keeping_size_and_mtime(&old.join("practices/greetings/hello.html"));
    // Replaced by another file of the same size: another inode.
    let index = old.join("index.html");
    let modified = index.metadata().unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::remove_file(&index).unwrap();
    std::fs::write(&index, text.replacen("</html>", "</HTML>", 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&index)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert_eq!(tree(&site.path().join("public")), clean);
    // And the build after that, which recycles the folder built before the edits.
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert_eq!(tree(&site.path().join("public")), clean);
}

/// The record is believed only when it is whole, of this format version, and a plain file.
#[cfg(unix)]
#[test]
fn a_flawed_record_is_ignored() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::fixture("minimal");
    let clean = clean_build(&site);
    let rel = "practices/greetings/hello.html";
    for _ in 0..2 {
        assert_code(&site.run(&["build", "--quiet"]), 0);
    }
    let old = site.path().join(".public.deskbook-old");
    // Edits a page of the output before last by hand and forges its record to vouch for it as
    // it was built, then spoils the record with `flaw`.
    let forge = |flaw: &dyn Fn(String) -> String| {
        let page = old.join(rel);
        edit_keeping_size_and_mtime(&page);
        assert_ne!(std::fs::read(&page).unwrap(), clean[rel]);
        let meta = page.metadata().unwrap();
        let record = std::fs::read_to_string(site.path().join(OLD_RECORD)).unwrap();
        let forged: String = record
            .lines()
            .map(|line| match line.strip_suffix(&format!(" {rel}")) {
                Some(fields) => format!(
                    "{} {} {} {} {} {} {} {rel}\n",
                    fields.split(' ').next().unwrap(),
                    meta.len(),
                    meta.mtime(),
                    meta.mtime_nsec(),
                    meta.ctime(),
                    meta.ctime_nsec(),
                    meta.ino()
                ),
                None => format!("{line}\n"),
            })
            .collect();
        assert_ne!(forged, record, "{rel} is not in the record");
        std::fs::write(site.path().join(OLD_RECORD), flaw(forged)).unwrap();
        date_record_ahead(&site);
    };
    // The control: whole and of this version, the forged record is believed, so the cases below
    // would keep the edited page if they were believed too.
    forge(&|record| record);
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert_ne!(
        std::fs::read(site.path().join("public").join(rel)).unwrap(),
        clean[rel]
    );
    let flaws: [(&str, &dyn Fn(String) -> String); 5] = [
        ("another version", &|r| {
            r.replacen("deskbook-files 1 ", "deskbook-files 2 ", 1)
        }),
        ("cut at a line", &|r| {
            let end = r.trim_end().rfind('\n').unwrap();
            r[..=end].to_string()
        }),
        ("cut within a line", &|r| r[..r.len() * 2 / 3].to_string()),
        ("a wrong count", &|r| {
            let end = r.trim_end().rfind('\n').unwrap();
            format!("{}end 1\n", &r[..=end])
        }),
        ("garbage", &|r| r.replace(' ', "\t")),
    ];
    for (what, flaw) in flaws {
        forge(flaw);
        assert_code(&site.run(&["build", "--quiet"]), 0);
        assert_eq!(tree(&site.path().join("public")), clean, "{what}");
    }
    // A record that is not a plain file is not read (a link to an endless device, a pipe).
    std::fs::remove_file(site.path().join(OLD_RECORD)).unwrap();
    std::os::unix::fs::symlink("/dev/zero", site.path().join(OLD_RECORD)).unwrap();
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert_eq!(tree(&site.path().join("public")), clean);
    assert!(site.read(RECORD).starts_with("deskbook-files "));
}

/// `--base-url` is read as `deskbook.yaml`'s `base_url` is: an absolute http(s) URL, ending in
/// one slash however it was typed; anything else is a usage error before anything is read.
#[test]
fn base_url_from_the_command_line_is_checked_and_normalised() {
    let site = Site::starter();
    let run = site.run(&["build", "--quiet", "--base-url", "intranet.example/kb"]);
    assert_code(&run, 2);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
error: invalid value 'intranet.example/kb' for '--base-url <URL>': must be an absolute http(s) URL, found `intranet.example/kb` (for example `https://intranet.example/kb/`)

For more information, try '--help'.

"#]]
    );
    assert!(!site.exists("public"), "a usage error wrote output");
    let run = site.run(&[
        "build",
        "--quiet",
        "--base-url",
        "https://intranet.example/kb//",
    ]);
    assert_code(&run, 0);
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://intranet.example/kb/practices/"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("kb//"), "{sitemap}");
}
