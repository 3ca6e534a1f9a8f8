//! Staff and manager pages (issue 16): what the built HTML shows a reader, and `review.json`.

use super::harness::{Site, assert_code};

fn built_with(extra_config: &str) -> Site {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write("deskbook.yaml", format!("{config}{extra_config}"));
    let run = site.run(&["build"]);
    assert_code(&run, 0);
    site
}

#[test]
fn tag_labels_show_on_every_page_of_their_language() {
    let site = built_with("labels:\n  front-desk: {en: front desk, pl: przy ladzie}\n");
    let pl_entry = site.read("public/pl/practices/greetings/hello.html");
    assert!(
        pl_entry.contains("<a href=\"../../tags/front-desk.html\">przy ladzie</a>"),
        "{pl_entry}"
    );
    let pl_tag = site.read("public/pl/tags/front-desk.html");
    assert!(
        pl_tag.contains("przy ladzie") && !pl_tag.contains(">front-desk<"),
        "{pl_tag}"
    );
    let pl_tags = site.read("public/pl/tags/index.html");
    assert!(pl_tags.contains(">przy ladzie</a>"), "{pl_tags}");
    let pl_search = site.read("public/pl/search.html");
    assert!(
        pl_search.contains("<option value=\"front-desk\">przy ladzie</option>"),
        "{pl_search}"
    );
    let en_entry = site.read("public/practices/greetings/hello.html");
    assert!(en_entry.contains(">front desk</a>"), "{en_entry}");
    // A tag without a label keeps its id.
    assert!(en_entry.contains(">first-contact</a>"), "{en_entry}");
    let pl_home = site.read("public/pl/index.html");
    assert!(
        pl_home.contains("<title>Biurko testowe</title>"),
        "the site title per language"
    );
}

#[test]
fn label_mistakes_are_reported_at_their_line_and_column() {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write(
        "deskbook.yaml",
        format!("{config}labels:\n  front-desk: {{pl: przy ladzie, de: Empfang}}\n  frontdesk: {{pl: lada}}\n"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
deskbook.yaml:8:33: error: `labels.front-desk` names language `de`, which is not in `languages` (en, pl)
   8 |   front-desk: {pl: przy ladzie, de: Empfang}
     |                                 ^
Check failed: 1 error.

"#]]
    );
    site.write(
        "deskbook.yaml",
        format!("{config}labels:\n  frontdesk: {{pl: lada}}\n"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
content/practices/greetings/hello.pl.md:5:10: warning: translation out of date: `content/practices/greetings/hello.md` was updated on 2026-09-01, after this translation; bring it up to date, then set `updated:`
   5 | updated: 2026-03-01
     |          ^
content/practices/greetings/phone.md:7:10: warning: review overdue since 2026-01-15 (last updated 2025-01-15): review the entry, then set `updated:` to the review date
   7 | updated: 2025-01-15
     |          ^
deskbook.yaml:8:3: warning: `labels` names tag `frontdesk`, which no entry uses; did you mean `front-desk`?
   8 |   frontdesk: {pl: lada}
     |   ^
Checked 3 practices, 2 rights, 2 categories in 2 languages: 3 warnings.

"#]]
    );
}

#[test]
fn cards_are_calm_and_the_entry_page_keeps_the_review_status() {
    let site = built_with("");
    // phone.md was last reviewed 2025-01-15: overdue on the pinned day.
    let category = site.read("public/practices/greetings/index.html");
    assert!(!category.contains("review-overdue"), "{category}");
    let right = site.read("public/rights/courtesy.html");
    assert!(!right.contains("review-overdue"), "{right}");
    let entry = site.read("public/practices/greetings/phone.html");
    assert!(entry.contains("badge review-overdue"), "{entry}");
}

#[test]
fn the_home_page_has_one_search_box_and_printouts_a_colophon() {
    let site = built_with("");
    let home = site.read("public/index.html");
    assert_eq!(home.matches("role=\"search\"").count(), 1, "{home}");
    assert!(
        home.contains("<form class=\"hero-search\" role=\"search\""),
        "{home}"
    );
    let entry = site.read("public/practices/greetings/hello.html");
    for expected in [
        "<span class=\"colophon-address\">https://intranet.example/kb/practices/greetings/hello.html</span>",
        "<span class=\"colophon-item\" data-printed-date hidden>Printed <span class=\"printed-day\"></span></span>",
        "<span class=\"colophon-item\">Last reviewed <time datetime=\"2026-09-01\">2026-09-01</time></span>",
        "data-print hidden>Print this practice</button>",
        ">Print the whole category</a>",
    ] {
        assert!(entry.contains(expected), "missing {expected:?} in\n{entry}");
    }
    let poster = site.read("public/print/rights.html");
    assert!(poster.contains("print-poster"), "{poster}");
    assert!(
        !poster.contains("handout-body"),
        "the poster has no rights' bodies: {poster}"
    );
}

#[test]
fn the_review_page_names_every_untranslated_entry_and_groups_by_owner() {
    let site = built_with("");
    let review = site.read("public/review.html");
    // phone.md has no Polish version; quiet.pl.md has no English one.
    let pl = review
        .split("data-untranslated=\"pl\"")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
        .unwrap_or_else(|| panic!("no Polish list in\n{review}"));
    assert!(
        pl.contains(
            "<a href=\"practices/greetings/phone.html\" lang=\"en\">Answering the phone</a>"
        ),
        "{pl}"
    );
    assert!(
        review.contains("<details class=\"owner-group\" data-owner=\"Circulation\">"),
        "{review}"
    );
    assert!(
        review.contains("content/<wbr>practices/<wbr>greetings/<wbr>phone.md"),
        "paths break at slashes: {review}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("public/review.json")).unwrap();
    assert_eq!(json["untranslated"]["pl"][0]["id"], "greetings/phone");
    assert_eq!(json["untranslated"]["pl"][0]["owner"], "Circulation");
    assert_eq!(json["due"][0]["status"], "overdue");
    assert_eq!(json["owners"]["Circulation"]["untranslated"], 1);
}
