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
