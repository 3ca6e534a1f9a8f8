//! Input no trainer means to write but some will: enormous files, absurd nesting, folders
//! hundreds deep, files nobody may read, mixed line endings, links in circles. Each gets a
//! clear answer (or simply works), never a crash or a hang.

use super::harness::{Site, TODAY, assert_code, cannot_run_here};
use std::process::Command;

fn entry(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: Greet.\nrights: [courtesy]\nowner: A\nupdated: 2026-09-01\n---\n{body}\n"
    )
}

#[test]
fn ten_thousand_levels_of_nesting_build() {
    let site = Site::fixture("minimal");
    let body = format!(
        "{}deepest item\n\n{} deepest quote\n\n{}\n\nStill here.\n",
        "- ".repeat(10_000),
        ">".repeat(10_000),
        "[".repeat(10_000)
    );
    site.write(
        "content/practices/greetings/nested.md",
        entry("Nested", &body),
    );
    let run = site.run(&["build", "--quiet"]);
    assert_code(&run, 0);
    let html = site.read("public/practices/greetings/nested.html");
    assert!(html.contains("<li>deepest item</li>"), "list lost");
    assert!(html.contains("<p>deepest quote</p>"), "quote lost");
    assert!(
        html.contains("<p>Still here.</p>"),
        "text after the nesting lost"
    );
    let run = site.run(&["search", "--json", "deepest"]);
    assert_code(&run, 0);
    assert!(
        run.stdout.contains("\"id\": \"greetings/nested\""),
        "{}",
        run.stdout
    );
}

#[test]
fn a_fifty_megabyte_entry_is_refused_with_the_reason_and_without_reading_it() {
    let site = Site::fixture("minimal");
    let path = site.path().join("content/practices/greetings/huge.md");
    // Sparse: the size is real, the disk is not used, and deskbook must not read it to refuse it.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        "content/practices/greetings/huge.md: error: the file is 50.0 MB; a Markdown file may be at most 4 MB: split the entry into several, and keep pictures and documents as separate files beside it\nCheck failed: 1 error.\n"
    );
}

#[test]
fn a_file_four_hundred_folders_deep_is_named_not_lost() {
    let site = Site::fixture("minimal");
    let deep = format!("content/practices/greetings/{}x.md", "deep/".repeat(400));
    site.write(&deep, entry("Deep", "Body."));
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        format!(
            "{deep}: error: deskbook does not know what this file is: Markdown goes in `_index.md` (home), `rights/ID.md`, `competencies/ID.md`, `practices/CATEGORY/_index.md`, `practices/CATEGORY/SLUG.md` or `pages/NAME.md`\nCheck failed: 1 error.\n"
        )
    );
}

#[test]
fn mixed_line_endings_keep_line_numbers() {
    let site = Site::fixture("minimal");
    // CRLF, LF and a lone CR in one file: the broken link is on line 11 whichever ends a line.
    let text = entry("Mixed", "First\r\nsecond\rthird\n[x](nope.md)").replacen('\n', "\r\n", 3);
    site.write("content/practices/greetings/mixed.md", text);
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert!(
        run.stderr.starts_with(
            "content/practices/greetings/mixed.md:11:5: error: broken link: there is no file `content/practices/greetings/nope.md`\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn links_in_circles_between_translations_build() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/a.md",
        entry("A", "To [b](b.md) and [b in Polish](b.pl.md)."),
    );
    site.write(
        "content/practices/greetings/b.md",
        entry("B", "Back to [a](a.md)."),
    );
    site.write(
        "content/practices/greetings/a.pl.md",
        entry(
            "A po polsku",
            "Do [b](b.md) i [a](a.md) i [a po angielsku](a.en.md).",
        ),
    );
    site.write(
        "content/practices/greetings/b.pl.md",
        entry("B po polsku", "Do [a](a.pl.md)."),
    );
    let run = site.run(&["build", "--quiet"]);
    assert_code(&run, 0);
    let html = site.read("public/pl/practices/greetings/a.html");
    assert!(html.contains("<a href=\"b.html\">b</a>"), "{html}");
    assert!(html.contains("<a href=\"a.html\">a</a>"), "{html}");
    assert!(
        html.contains("<a href=\"../../../practices/greetings/a.html\">a po angielsku</a>"),
        "{html}"
    );
}

/// A file nobody may read. root reads everything, so as root the check runs as `nobody`.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_links_to_it_are_not_called_broken() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture("minimal");
    let phone = site.path().join("content/practices/greetings/phone.md");
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let mut cmd = if is_root {
        if !Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            cannot_run_here(
                "an_unreadable_file_...",
                "running as root and `setpriv` (util-linux) is missing",
            );
            return;
        }
        // Let `nobody` into the site, then take reading away from everyone.
        for entry in walkdir::WalkDir::new(site.path()) {
            let entry = entry.unwrap();
            let mode = if entry.file_type().is_dir() {
                0o755
            } else {
                0o644
            };
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_deskbook"));
        cmd
    } else {
        Command::new(env!("CARGO_BIN_EXE_deskbook"))
    };
    std::fs::set_permissions(&phone, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = cmd
        .args(["check"])
        .current_dir(site.path())
        .env("DESKBOOK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    std::fs::set_permissions(&phone, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "content/practices/greetings/phone.md: error: cannot read: Permission denied (os error 13)\nCheck failed: 1 error.\n"
    );
}
