//! Inputs found by fuzzing (`crates/fuzz`, see its README) that once crashed or hung deskbook,
//! each run through the real binary and checked for what a user sees instead: a located error.
//! The minimized inputs are kept in `crates/fuzz/regressions/` too, to replay with `cargo fuzz`.

use super::harness::{Site, assert_code};

/// The minimal fixture with Chinese added to its languages.
fn site_with_chinese() -> Site {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write(
        "deskbook.yaml",
        config.replace("languages: [en, pl]", "languages: [en, pl, zh]"),
    );
    site
}

#[test]
fn an_unclosed_quote_after_a_chinese_key_is_located_at_the_quote() {
    // libyaml counts columns in characters; used as a byte offset, the column of the quote
    // fell inside `题` and slicing there panicked. Seen while writing the `content` target,
    // reproduced with it: crates/fuzz/regressions/content-yaml-char-column.md.
    let site = site_with_chinese();
    site.write(
        "content/practices/greetings/hello.zh.md",
        "---\n标题: \"你好\nsummary: 问候\n---\n正文。\n",
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        "content/practices/greetings/hello.zh.md:2:5: error: invalid YAML in front matter: found unexpected end of stream, while scanning a quoted scalar (a quote is opened but never closed)
   2 | 标题: \"你好
     |       ^
Check failed: 1 error.
"
    );
}

#[test]
fn an_entry_with_thousands_of_identical_headings_builds_with_numbered_ids() {
    // Each heading id used to be found by trying `-1`, `-2`, … from the start: quadratic, 20 s
    // for 2,000 empty `#` lines under the fuzzer (crates/fuzz/regressions/content-many-headings.md).
    let site = Site::fixture("minimal");
    let body = "## Step\n\nDo it.\n\n".repeat(5_000);
    site.write(
        "content/practices/greetings/steps.md",
        format!(
            "---\ntitle: Steps\nsummary: Many steps.\nrights: [courtesy]\nowner: Desk\nupdated: 2026-09-01\n---\n{body}"
        ),
    );
    let run = site.run(&["build", "--quiet"]);
    assert_code(&run, 0);
    let html = site.read("public/practices/greetings/steps.html");
    assert!(html.contains("<h2 id=\"step\">Step</h2>"), "first heading");
    assert!(html.contains("<h2 id=\"step-1\">Step</h2>"));
    assert!(
        html.contains("<h2 id=\"step-4999\">Step</h2>"),
        "last heading"
    );
    assert!(!html.contains("id=\"step-5000\""));
}
