//! `deskbook check`: every problem in every file, located, in one run; exit codes; JSON.

use super::harness::{Site, assert_code, assert_snapshot, assert_snapshot_matches};

#[test]
fn a_broken_site_reports_every_problem_with_file_line_and_column() {
    let site = Site::fixture("broken");
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_snapshot("broken.check.stderr", &run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn a_failed_build_reports_the_same_problems_and_keeps_the_previous_output() {
    let site = Site::fixture("minimal");
    assert_code(&site.run(&["build", "--quiet"]), 0);
    let before = super::harness::tree(&site.path().join("public"));
    site.write(
        "content/practices/greetings/phone.md",
        "---\ntitle: Phone\nsummary: S.\nrights: [curtesy]\nowner: X\nupdated: 2026-01-01\n---\n",
    );
    let run = site.run(&["build"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        format!(
            "Building . ...\ncontent/practices/greetings/phone.md:4:10: error: unknown right `curtesy`; did you mean `courtesy`?\n   4 | rights: [curtesy]\n     |          ^\nBuild failed: 1 error; the previous output in ./public is unchanged.\n"
        )
    );
    assert_eq!(
        super::harness::tree(&site.path().join("public")),
        before,
        "the previous output must be untouched"
    );
}

#[test]
fn a_valid_site_passes_with_review_warnings_and_strict_turns_them_into_errors() {
    let site = Site::fixture("minimal");
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    assert_eq!(
        run.stderr,
        "content/practices/greetings/hello.pl.md:5:10: warning: translation out of date: `content/practices/greetings/hello.md` was updated on 2026-09-01, after this translation; bring it up to date, then set `updated:`
   5 | updated: 2026-03-01
     |          ^
content/practices/greetings/phone.md:7:10: warning: review overdue since 2026-01-15 (last updated 2025-01-15): review the entry, then set `updated:` to the review date
   7 | updated: 2025-01-15
     |          ^
Checked 3 practices, 2 rights, 2 categories in 2 languages: 2 warnings.
"
    );
    let strict = site.run(&["check", "--strict"]);
    assert_code(&strict, 1);
    snapbox::assert_data_eq!(
        strict.stderr,
        snapbox::str![[r#"
content/practices/greetings/hello.pl.md:5:10: error: translation out of date: `content/practices/greetings/hello.md` was updated on 2026-09-01, after this translation; bring it up to date, then set `updated:`
   5 | updated: 2026-03-01
     |          ^
content/practices/greetings/phone.md:7:10: error: review overdue since 2026-01-15 (last updated 2025-01-15): review the entry, then set `updated:` to the review date
   7 | updated: 2025-01-15
     |          ^
Check failed: 2 errors.

"#]]
    );
}

#[test]
fn json_reports_are_machine_readable() {
    let site = Site::fixture("broken");
    let run = site.run(&["check", "--format", "json"]);
    assert_code(&run, 1);
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("valid JSON on stdout");
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 19);
    let first = &report["diagnostics"][3];
    assert_eq!(first["path"], "content/practices/greetings/links.md");
    assert_eq!(first["line"], 8);
    assert_eq!(first["column"], 25);
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["message"],
        "broken link: there is no file `content/practices/greetings/missing.md`"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::fixture("minimal");
    let run = site.run(&["check", "--format", "xml"]);
    assert_code(&run, 2);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
error: invalid value 'xml' for '--format <FORMAT>'
  [possible values: human, json]

For more information, try '--help'.

"#]]
    );
    assert_code(&site.run(&["frobnicate"]), 2);
}

#[test]
fn a_missing_config_says_what_to_do() {
    let site = Site::empty();
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        "deskbook.yaml: error: no deskbook.yaml in `.`: is this a deskbook site? Create one with `deskbook init DIR`, or pass `--root DIR`\nCheck failed: 1 error.\n"
    );
}

fn hello(extra: &str) -> String {
    format!(
        "---\ntitle: Saying hello\nsummary: Greet.\nrights: [courtesy]\nowner: A\nupdated: 2026-09-01\n---\n{extra}\n## Steps {{#steps}}\n"
    )
}

#[test]
fn invalid_utf8_is_located() {
    let site = Site::fixture("minimal");
    let text = hello("CafX au lait");
    let offset = text.find('X').unwrap();
    let mut bytes = text.into_bytes();
    bytes[offset] = 0xE9;
    site.write("content/practices/greetings/hello.md", bytes);
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        format!(
            "content/practices/greetings/hello.md:8:4: error: the file is not valid UTF-8 (byte 0xE9 at byte offset {offset}); save it as UTF-8\n   8 | Caf\u{fffd} au lait\n     |    ^\nCheck failed: 1 error.\n"
        )
    );
}

#[test]
fn utf16_files_are_rejected_with_a_fix() {
    let site = Site::fixture("minimal");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in hello("").encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    site.write("content/practices/greetings/hello.md", bytes);
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert!(run.stderr.starts_with(
        "content/practices/greetings/hello.md: error: the file is encoded as UTF-16; save it as UTF-8 (in most editors: \"Save with encoding\" › UTF-8)\n"
    ), "{}", run.stderr);
}

#[test]
fn bom_and_crlf_files_build_and_keep_their_line_numbers() {
    let site = Site::fixture("minimal");
    let text = format!(
        "\u{feff}{}",
        hello("Body [x](nope.md)\n").replace('\n', "\r\n")
    );
    site.write("content/practices/greetings/hello.md", text);
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert!(
        run.stderr.starts_with("content/practices/greetings/hello.md:8:10: error: broken link: there is no file `content/practices/greetings/nope.md`\n"),
        "{}",
        run.stderr
    );
    site.write(
        "content/practices/greetings/hello.md",
        format!("\u{feff}{}", hello("Body\n").replace('\n', "\r\n")),
    );
    let run = site.run(&["build", "--quiet"]);
    assert_code(&run, 0);
    assert!(
        site.read("public/practices/greetings/hello.html")
            .contains("<p>Body</p>")
    );
}

#[test]
fn front_matter_only_is_a_valid_entry() {
    let site = Site::fixture("minimal");
    site.write("content/practices/greetings/hello.md", hello(""));
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert!(
        site.read("public/practices/greetings/hello.html")
            .contains("<h1>Saying hello</h1>")
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let site = Site::fixture("minimal");
    std::os::unix::fs::symlink("..", site.path().join("content/practices/greetings/loop")).unwrap();
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
content/practices/greetings/loop: error: symbolic link loop: this link points back to a folder that contains it; remove or fix the link
Check failed: 1 error.

"#]]
    );
}

#[test]
fn file_names_with_spaces_and_non_ascii_letters_build() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/zażółć gęślą.md",
        hello("Back to [hello](hello.md).\n"),
    );
    site.write(
        "content/practices/greetings/问候.md",
        hello("See [zażółć](zażółć%20gęślą.md).\n"),
    );
    let run = site.run(&["build", "--quiet"]);
    assert_code(&run, 0);
    let html = site.read("public/practices/greetings/问候.html");
    assert!(
        html.contains("href=\"za%C5%BC%C3%B3%C5%82%C4%87%20g%C4%99%C5%9Bl%C4%85.html\"")
            || html.contains("href=\"zażółć%20gęślą.html\""),
        "{html}"
    );
    let (problems, _) = super::links::check_site(&site.path().join("public"), "index.html");
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn scripts_in_raw_html_are_warnings_and_strict_fails_on_them() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/hello.md",
        hello("<div class=\"note\">Layout HTML is fine.</div>\n\n<script>track()</script>\n\nA <img src=\"x.png\" alt=\"\" onerror=\"go()\"> and [a link](javascript:go()).\n"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    let advice = "in the content runs code in every reader's browser: remove it (raw HTML is for layout; `deskbook check --strict` fails on this)";
    let expected = format!(
        "content/practices/greetings/hello.md:10:1: warning: a `<script>` element {advice}\n  10 | <script>track()</script>\n     | ^\ncontent/practices/greetings/hello.md:12:27: warning: an event handler attribute `onerror` {advice}\n  12 | A <img src=\"x.png\" alt=\"\" onerror=\"go()\"> and [a link](javascript:go()).\n     |                           ^\ncontent/practices/greetings/hello.md:12:56: warning: a `javascript:` link in the content runs code in every reader's browser: link to a page or a web address instead (`deskbook check --strict` fails on this)\n  12 | A <img src=\"x.png\" alt=\"\" onerror=\"go()\"> and [a link](javascript:go()).\n     |                                                        ^\n"
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    let run = site.run(&["check", "--strict"]);
    assert_code(&run, 1);
    assert!(
        run.stderr
            .starts_with(&expected.replace(": warning: ", ": error: ")),
        "{}",
        run.stderr
    );
    // The build publishes the trainer's HTML as written and says what it found.
    let run = site.run(&["build"]);
    assert_code(&run, 0);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
Building . ...
content/practices/greetings/hello.md:10:1: warning: a `<script>` element in the content runs code in every reader's browser: remove it (raw HTML is for layout; `deskbook check --strict` fails on this)
  10 | <script>track()</script>
     | ^
content/practices/greetings/hello.md:12:27: warning: an event handler attribute `onerror` in the content runs code in every reader's browser: remove it (raw HTML is for layout; `deskbook check --strict` fails on this)
  12 | A <img src="x.png" alt="" onerror="go()"> and [a link](javascript:go()).
     |                           ^
content/practices/greetings/hello.md:12:56: warning: a `javascript:` link in the content runs code in every reader's browser: link to a page or a web address instead (`deskbook check --strict` fails on this)
  12 | A <img src="x.png" alt="" onerror="go()"> and [a link](javascript:go()).
     |                                                        ^
Built 44 pages (3 practices, 2 rights, 2 categories, 2 languages) in [..] ms into ./public
3 warnings

"#]]
    );
}

#[test]
fn the_tag_index_is_reserved_for_the_list_of_tags() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/hello.md",
        hello("").replace(
            "rights: [courtesy]",
            "rights: [courtesy]\ntags: [desk, index]",
        ),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert!(
        run.stderr.starts_with(
            "content/practices/greetings/hello.md:5:14: error: tag `index` is reserved: its page would replace the list of all tags; choose another name, like `indexing`\n   5 | tags: [desk, index]\n     |              ^\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_entry_named_like_a_page_of_the_site_is_an_error_not_an_overwrite() {
    let site = Site::fixture("minimal");
    site.write("content/practices/greetings/print.md", hello(""));
    site.write(
        "content/rights/index.md",
        "---\ntitle: An index\nnumber: 9\nsummary: Listed.\nowner: A\nupdated: 2026-01-10\n---\nBody.\n",
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        "content/practices/greetings/print.md: error: this entry's page would be `practices/greetings/print.html`, which is also the category's printable handout: rename the file\ncontent/rights/index.md: error: this entry's page would be `rights/index.html`, which is also the bill of rights: rename the file\nCheck failed: 2 errors.\n"
    );
}

#[test]
fn did_you_mean_names_the_closest_file_not_one_ending_like_it() {
    let site = Site::fixture("minimal");
    site.write("content/practices/greetings/big-hello.md", hello(""));
    site.write(
        "content/practices/greetings/phone.md",
        site.read("content/practices/greetings/phone.md") + "\nSee [hello](helo.md).\n",
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r#"
content/practices/greetings/phone.md:16:13: error: broken link: there is no file `content/practices/greetings/helo.md`; did you mean `hello.md`?
  16 | See [hello](helo.md).
     |             ^
Check failed: 1 error.

"#]]
    );
}

#[test]
fn pages_differing_only_in_letter_case_are_a_warning_and_duplicates_are_reported_once() {
    let site = Site::fixture("minimal");
    site.write("content/practices/greetings/Print.md", hello(""));
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    assert!(
        run.stderr.starts_with("content/practices/greetings/Print.md: warning: this entry's page `practices/greetings/Print.html` differs from `practices/greetings/print.html` only in letter case: on Windows and macOS, and on shared drives, one would replace the other; rename the file\n"),
        "{}",
        run.stderr
    );
    assert_code(&site.run(&["check", "--strict"]), 1);
    std::fs::remove_file(site.path().join("content/practices/greetings/Print.md")).unwrap();
    site.write(
        "content/practices/greetings/hello.en.md",
        site.read("content/practices/greetings/hello.md"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        "content/practices/greetings/hello.md: error: `content/practices/greetings/hello.md` is the same entry in the same language as `content/practices/greetings/hello.en.md`; keep one of them\nCheck failed: 1 error.\n"
    );
}

/// Everything `build`, `check --strict` and `check --format json` tell a user about the broken
/// fixture, as snapshots: the wording of every message is reviewed in a diff when it changes.
#[test]
fn every_message_about_the_broken_site_is_in_a_snapshot() {
    let site = Site::fixture("broken");
    let run = site.run(&["build"]);
    assert_code(&run, 1);
    assert_snapshot("broken.build.stderr", &run.stderr);
    assert!(!site.exists("public"), "a failed build wrote output");

    let run = site.run(&["check", "--strict"]);
    assert_code(&run, 1);
    assert_snapshot("broken.check-strict.stderr", &run.stderr);

    let run = site.run(&["check", "--format", "json"]);
    assert_code(&run, 1);
    assert_snapshot("broken.check.json", &run.stdout);
    assert_eq!(run.stderr, "");
}

/// The summary lines of a site without errors (`check`, `build`; the build's time is `[..]`).
#[test]
fn the_summary_lines_of_a_good_site_are_in_a_snapshot() {
    let site = Site::fixture("minimal");
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    assert_snapshot("minimal.check.stderr", &run.stderr);
    let run = site.run(&["build"]);
    assert_code(&run, 0);
    assert_snapshot_matches("minimal.build.stderr", &run.stderr);
}
