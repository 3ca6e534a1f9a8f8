//! The starter knowledge base in `content/` is the default site: it must build cleanly.

use super::harness::{assert_code, repo_root, run_in, tree};

#[test]
fn the_starter_site_builds_with_no_broken_links_and_identically_twice() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    let root = repo_root();
    for dir in [&a, &b] {
        let run = run_in(&root, &["build", "--quiet", "--out", dir.to_str().unwrap()]);
        assert_code(&run, 0);
        assert_eq!(run.stderr, "");
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta == tb, "two builds of the starter site differ");
    let (problems, reachable) = super::links::check_site(&a, "index.html");
    assert_eq!(problems, Vec::<String>::new());
    let pages: Vec<&String> = ta
        .keys()
        .filter(|p| p.ends_with(".html") && !p.ends_with("404.html"))
        .collect();
    assert!(pages.len() > 200, "only {} pages", pages.len());
    for page in pages {
        assert!(
            reachable.contains(page),
            "{page} is not reachable from the home page"
        );
        let html = String::from_utf8(ta[page].clone()).unwrap();
        assert_eq!(
            super::links::duplicate_ids(&html),
            Vec::<String>::new(),
            "duplicate ids in {page}"
        );
    }
    // 28 entries: 26 written in English, 12 in Polish (one Polish-only), 12 in Chinese (one Chinese-only).
    for (lang, practices) in [("", 26), ("pl/", 12), ("zh/", 12)] {
        let n = ta
            .keys()
            .filter(|p| {
                p.strip_prefix(lang)
                    .and_then(|p| p.strip_prefix("practices/"))
                    .is_some_and(|p| p.matches('/').count() == 1)
            })
            .filter(|p| !p.ends_with("/index.html") && !p.ends_with("/print.html"))
            .count();
        assert_eq!(n, practices, "practice pages under `{lang}`");
    }
}

#[test]
fn the_starter_site_passes_check() {
    let run = run_in(&repo_root(), &["check"]);
    assert_code(&run, 0);
    assert!(
        run.stderr.ends_with(
            "Checked 28 practices, 5 rights, 6 categories in 3 languages: 5 warnings.\n"
        ),
        "{}",
        run.stderr
    );
}
