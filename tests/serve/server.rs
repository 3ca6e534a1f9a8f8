//! `deskbook serve` over 127.0.0.1: the real binary on an ephemeral port, real file writes.

use crate::support::{Events, Running, eventually, get, starter_site};
use std::path::Path;

fn serve(root: &Path) -> Running {
    Running::start(root, &["serve", "--port", "0", "--root", "."])
}

#[test]
fn serves_pages_with_their_types_and_folder_indexes() {
    let site = starter_site();
    let server = serve(site.path());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.text()
            .contains("<script src=\"__deskbook/live.js\"></script>")
    );
    let page = server.get("/practices/greetings/greeting-at-the-desk.html");
    assert_eq!(page.status, 200);
    assert!(
        page.text()
            .contains("<script src=\"../../__deskbook/live.js\"></script>")
    );
    let folder = server.get("/practices/greetings/");
    assert_eq!(folder.status, 200);
    assert!(folder.text().contains("greeting-at-the-desk.html"));
    let bare = server.get("/practices/greetings?x=1");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location"), Some("/practices/greetings/?x=1"));
    let css = home
        .text()
        .split("href=\"assets/style.")
        .nth(1)
        .map(|r| r.split('"').next().unwrap().to_string());
    let css = server.get(&format!(
        "/assets/style.{}",
        css.expect("a stylesheet link")
    ));
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    let client = server.get("/__deskbook/live.js");
    assert_eq!(
        client.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(
        client
            .text()
            .contains("new EventSource(root + \"__deskbook/events\")")
    );
    // The live-reload client is a dev-server thing: the served files have it, a build's do not.
    let built = tempfile::tempdir().unwrap();
    let out = built.path().join("out");
    let options = deskbook::pipeline::Options {
        out: Some(out.clone()),
        ..crate::support::options(site.path())
    };
    assert!(deskbook::pipeline::build(&options).value.is_some());
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("__deskbook")
    );
}

#[test]
fn missing_pages_get_the_404_page_with_status_404() {
    let site = starter_site();
    let server = serve(site.path());
    let missing = server.get("/practices/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let root_404 = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    assert_eq!(missing.text(), root_404);
    let polish = server.get("/pl/nic-tu-nie-ma.html");
    assert_eq!(polish.status, 404);
    assert!(
        polish.text().contains("<html lang=\"pl\""),
        "the Polish 404 page for Polish paths"
    );
}

#[test]
fn no_request_reads_outside_the_output_folder() {
    let site = starter_site();
    let secret = "top secret: not part of the site";
    std::fs::write(site.path().join("secret.txt"), secret).unwrap();
    let server = serve(site.path());
    let public = site.path().join("public");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.path().join("secret.txt"), public.join("link.txt"))
            .unwrap();
        std::os::unix::fs::symlink(site.path(), public.join("up")).unwrap();
    }
    let attempts = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/practices/../../secret.txt",
        "/practices/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/%2f..%2fsecret.txt",
        "//../secret.txt",
        &format!("/{}", site.path().join("secret.txt").display()),
        &format!(
            "/%2f{}",
            site.path()
                .join("secret.txt")
                .display()
                .to_string()
                .trim_start_matches('/')
        ),
        "/C:/Windows/win.ini",
        "/link.txt",
        "/up/secret.txt",
        "/up/content/rights/courtesy.md",
    ];
    for path in attempts {
        let response = server.get(path);
        assert!(!response.text().contains(secret), "{path} leaked the file");
        assert!(
            !response.text().contains("number: 1"),
            "{path} leaked a source file"
        );
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: status {}",
            response.status
        );
    }
}

#[test]
fn an_edit_changes_the_served_page_and_reloads_the_browser() {
    let site = starter_site();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let events = Events::connect(&address);
    let rel = "content/practices/greetings/greeting-at-the-desk.md";
    let text = std::fs::read_to_string(site.path().join(rel)).unwrap();
    std::fs::write(
        site.path().join(rel),
        format!("{text}\nA sentence added while serving.\n"),
    )
    .unwrap();
    eventually(20, "the page shows the edit", || {
        get(&address, "/practices/greetings/greeting-at-the-desk.html")
            .text()
            .contains("A sentence added while serving.")
    });
    eventually(10, "a reload event", || {
        events.text().contains("event: reload")
    });
}

#[test]
fn a_broken_edit_shows_the_overlay_and_the_fix_removes_it() {
    let site = starter_site();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let events = Events::connect(&address);
    let rel = "content/practices/privacy/quiet-voice.md";
    let good = std::fs::read_to_string(site.path().join(rel)).unwrap();
    let broken = good.replacen(
        "rights: [privacy, courtesy]",
        "rights: [privasy, courtesy]",
        1,
    );
    assert_ne!(good, broken);
    std::fs::write(site.path().join(rel), &broken).unwrap();
    let page = "/practices/privacy/quiet-voice.html";
    eventually(20, "the overlay on every page", || {
        let home = get(&address, "/").text();
        home.contains("id=\"deskbook-overlay\"")
            && home.contains("content/practices/privacy/quiet-voice.md:4:10: error: unknown right `privasy`; did you mean `privacy`?")
            && home.contains("rights: [privasy, courtesy]")
    });
    let shown = get(&address, page);
    assert_eq!(shown.status, 200, "the last good page is still served");
    assert!(shown.text().contains("deskbook-overlay"));
    eventually(10, "an errors event with the overlay", || {
        events.text().contains("event: errors")
    });
    let mut server = server;
    server.wait_for("unknown right `privasy`", 10);
    std::fs::write(site.path().join(rel), &good).unwrap();
    eventually(20, "the overlay is gone", || {
        !get(&address, page).text().contains("deskbook-overlay")
    });
    eventually(10, "a clear event", || {
        events.text().contains("event: clear")
    });
}

#[test]
fn the_search_api_answers_from_the_native_index() {
    let site = starter_site();
    let server = serve(site.path());
    let all = server.get("/api/search?q=privacy");
    assert_eq!(all.status, 200);
    assert_eq!(all.header("content-type"), Some("application/json"));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&all.body).unwrap();
    assert!(!hits.is_empty(), "{}", all.text());
    assert!(
        hits.iter()
            .all(|h| h["url"].as_str().is_some_and(|u| u.ends_with(".html")))
    );
    let polish = server.get("/api/search?q=prywatno%C5%9B%C4%87&lang=pl");
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&polish.body).unwrap();
    assert!(!hits.is_empty(), "{}", polish.text());
    assert!(hits.iter().all(|h| h["lang"] == "pl"));
    let filtered = server.get("/api/search?q=patron&category=greetings&limit=50");
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&filtered.body).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h["category"] == "greetings"));
}

#[test]
fn a_site_without_search_answers_404_until_search_is_turned_on() {
    let site = starter_site();
    let config = site.path().join("deskbook.yaml");
    let with_search = std::fs::read_to_string(&config).unwrap();
    // The starter's `search:` block (its synonyms) turned off with `enabled: false`.
    let without_search = with_search.replacen("search:\n", "search:\n  enabled: false\n", 1);
    assert_ne!(without_search, with_search, "the starter configures search");
    std::fs::write(&config, &without_search).unwrap();
    let server = serve(site.path());
    let answer = server.get("/api/search?q=privacy");
    assert_eq!(answer.status, 404, "{}", answer.text());
    let error: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("was built without a search index"),
        "{error}"
    );
    assert_eq!(server.get("/search.html").status, 404);
    assert!(!server.get("/").text().contains("name=\"q\""));

    // Saving the configuration with search on rebuilds with the index and the search box.
    std::fs::write(&config, &with_search).unwrap();
    eventually(30, "the search API answers", || {
        server.get("/api/search?q=privacy").status == 200
    });
    assert!(server.get("/").text().contains("name=\"q\""));
    assert_eq!(server.get("/search.html").status, 200);

    // And off again: the search page and the search files are removed from the output.
    std::fs::write(&config, &without_search).unwrap();
    eventually(30, "the search page is gone", || {
        server.get("/search.html").status == 404
    });
    // The search files follow the pages (they are written, or here removed, after them).
    eventually(30, "the search files are gone", || {
        server.get("/assets/search.js").status == 404
    });
    assert_eq!(server.get("/api/search?q=privacy").status, 404);
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_a_reload() {
    let site = starter_site();
    crate::support::copy_dir(
        &crate::support::repo().join("themes/default"),
        &site.path().join("themes/default"),
    );
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let events = Events::connect(&address);
    let css = site.path().join("themes/default/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    std::fs::write(
        &css,
        format!("{text}\n.added-while-serving {{ color: red }}\n"),
    )
    .unwrap();
    eventually(20, "a css event", || events.text().contains("event: css"));
    let seen = events.text();
    assert!(!seen.contains("event: reload"), "{seen}");
    let swap = seen
        .split("event: css\ndata: ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let swaps: Vec<(String, String)> = serde_json::from_str(&swap).unwrap();
    assert_eq!(swaps.len(), 1);
    assert!(swaps[0].0.starts_with("assets/style.") && swaps[0].1.starts_with("assets/style."));
    let served = get(&address, &format!("/{}", swaps[0].1));
    assert!(served.text().contains(".added-while-serving"));
}

#[test]
fn a_site_broken_from_the_start_shows_its_problems_until_fixed() {
    let site = starter_site();
    let rel = site.path().join("content/practices/privacy/quiet-voice.md");
    let good = std::fs::read_to_string(&rel).unwrap();
    std::fs::write(&rel, good.replacen("title:", "title: [unclosed", 1)).unwrap();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let first = get(&address, "/");
    assert_eq!(first.status, 404, "nothing was ever built");
    assert!(first.text().contains("id=\"deskbook-overlay\""));
    assert!(first.text().contains(
        "content/practices/privacy/quiet-voice.md:3:8: error: invalid YAML in front matter"
    ));
    assert!(
        first.text().contains("__deskbook/live.js"),
        "so that the fix reloads it"
    );
    std::fs::write(&rel, &good).unwrap();
    eventually(30, "the site is built and served", || {
        let home = get(&address, "/");
        home.status == 200 && !home.text().contains("deskbook-overlay")
    });
}

#[test]
fn warnings_reach_the_browser_in_their_own_dismissible_overlay() {
    let site = starter_site();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let events = Events::connect(&address);
    let rel = "content/practices/privacy/quiet-voice.md";
    let good = std::fs::read_to_string(site.path().join(rel)).unwrap();
    let updated = good
        .lines()
        .find(|l| l.starts_with("updated: "))
        .unwrap()
        .to_string();
    let warned = good.replacen(&updated, "updated: 2999-01-01", 1);
    std::fs::write(site.path().join(rel), &warned).unwrap();
    let page = "/practices/privacy/quiet-voice.html";
    eventually(20, "the warnings overlay on the page", || {
        let shown = get(&address, page).text();
        shown.contains("<div id=\"deskbook-overlay\" class=\"deskbook-warnings\"")
            && shown
                .contains("1 warning: the page is up to date, but check these before publishing")
            && shown.contains("content/practices/privacy/quiet-voice.md:")
            && shown.contains("warning: `updated` is 2999-01-01, after today")
            && shown.contains("data-deskbook-dismiss")
    });
    let shown = get(&address, page);
    assert_eq!(shown.status, 200);
    assert!(shown.text().contains("2999"), "the page itself is rebuilt");
    eventually(10, "a reload event", || {
        events.text().contains("event: reload")
    });
    std::fs::write(site.path().join(rel), &good).unwrap();
    eventually(20, "the overlay is gone", || {
        !get(&address, page).text().contains("deskbook-overlay")
    });
}

#[test]
fn a_new_entry_saved_with_an_error_says_it_is_not_built_yet() {
    let site = starter_site();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    std::fs::write(
        site.path().join("content/practices/greetings/phone-greeting.md"),
        "---\ntitle: Phone greeting\nsummary: Pick up.\nrights: [curtesy]\nowner: Circulation\nupdated: 2026-01-01\n---\nBody.\n",
    )
    .unwrap();
    let page = "/practices/greetings/phone-greeting.html";
    eventually(20, "the overlay on the missing page", || {
        get(&address, page)
            .text()
            .contains("unknown right `curtesy`")
    });
    let shown = get(&address, page);
    assert_eq!(shown.status, 404);
    let text = shown.text();
    assert!(
        text.contains("<div id=\"deskbook-overlay\" class=\"deskbook-errors deskbook-missing\""),
        "the class that switches the overlay's wording:\n{text}"
    );
    assert!(text.contains("<span class=\"deskbook-not-built\">: this page is not built yet, because of the errors below; it appears as soon as they are fixed</span>"));
    assert!(text.contains("#deskbook-overlay.deskbook-missing .deskbook-last-good{display:none}"));
    let existing = get(&address, "/practices/greetings/greeting-at-the-desk.html").text();
    assert!(
        existing.contains("<div id=\"deskbook-overlay\" class=\"deskbook-errors\""),
        "a page that exists shows the last good version:\n{existing}"
    );
}

#[test]
fn a_misnamed_translation_saved_while_serving_names_its_original() {
    let site = starter_site();
    let mut server = serve(site.path());
    std::fs::write(
        site.path()
            .join("content/practices/greetings/greeting-at-the-dsk.pl.md"),
        "---\ntitle: Powitanie\nsummary: Przywitaj każdego.\nowner: Wypożyczalnia\nupdated: 2026-01-01\n---\nTreść.\n",
    )
    .unwrap();
    let line = server.wait_for("greeting-at-the-dsk.pl.md:1:1: error:", 20);
    assert_eq!(
        line,
        "content/practices/greetings/greeting-at-the-dsk.pl.md:1:1: error: there is no original `greeting-at-the-dsk.md` for this pl translation: did you mean `greeting-at-the-desk.pl.md`, the translation of `content/practices/greetings/greeting-at-the-desk.md`? Rename the file"
    );
    assert!(
        !server.stderr().contains("missing required key `rights`"),
        "{}",
        server.stderr()
    );
}
