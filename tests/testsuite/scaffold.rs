//! `deskbook new practice` and `deskbook init` give skeletons that pass check as written.

use super::harness::{Site, TODAY, assert_code, cannot_run_here};

#[test]
fn new_practice_writes_a_valid_skeleton_with_todays_date() {
    let site = Site::fixture("minimal");
    let run = site.run(&["new", "practice", "greetings/phone-greeting"]);
    assert_code(&run, 0);
    assert_eq!(
        run.stderr,
        "Created ./content/practices/greetings/phone-greeting.md: a draft, not published until you fill in every TODO and remove `draft: true`\n"
    );
    let text = site.read("content/practices/greetings/phone-greeting.md");
    assert!(text.contains(&format!("updated: {TODAY}\n")), "{text}");
    assert_code(&site.run(&["check"]), 0);
    let run = site.run(&[
        "new",
        "practice",
        "greetings/phone-greeting",
        "--lang",
        "pl",
    ]);
    assert_code(&run, 0);
    assert_code(&site.run(&["check"]), 0);
    assert!(site.exists("content/practices/greetings/phone-greeting.pl.md"));
}

#[test]
fn new_practice_names_only_roles_the_site_defines() {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write(
        "deskbook.yaml",
        format!("{config}audiences:\n  reference: {{en: Reference, pl: Informacja}}\n"),
    );
    assert_code(
        &site.run(&["new", "practice", "greetings/phone-greeting"]),
        0,
    );
    let text = site.read("content/practices/greetings/phone-greeting.md");
    assert!(
        text.contains("\naudience: []  # who it is for, any of: reference\n"),
        "{text}"
    );
    assert_code(&site.run(&["check"]), 0);
}

#[test]
fn init_creates_a_site_that_builds() {
    let site = Site::empty();
    let run = site.run(&["init", "kb"]);
    assert_code(&run, 0);
    assert_eq!(
        run.stderr,
        "Created a new site in kb (1 language). Next:\n  cd kb\n  deskbook serve\n"
    );
    assert_code(&site.run(&["build", "--root", "kb"]), 0);
    assert!(
        site.read("kb/public/practices/greetings/greeting-at-the-desk.html")
            .contains("Hello! How can I help?")
    );
    let again = site.run(&["init", "kb"]);
    assert_code(&again, 1);
}

#[test]
fn init_writes_today_a_gitignore_a_contribute_page_and_the_languages() {
    let site = Site::empty();
    let run = site.run(&["init", "kb", "--languages", "en,pl, zh"]);
    assert_code(&run, 0);
    assert!(
        site.read("kb/deskbook.yaml")
            .contains("languages: [en, pl, zh]   # the first is the default\n")
    );
    let today = TODAY.trim();
    for rel in [
        "kb/content/rights/courtesy.md",
        "kb/content/practices/greetings/greeting-at-the-desk.md",
    ] {
        assert!(
            site.read(rel).contains(&format!("updated: {today}\n")),
            "{rel}"
        );
    }
    assert_eq!(
        site.read("kb/.gitignore"),
        "/public/\n/.public.deskbook-*\n/feedback.jsonl\n"
    );
    let contribute = site.read("kb/content/pages/contribute.md");
    assert!(contribute.contains("deskbook new practice CATEGORY/SLUG"));
    assert!(contribute.contains("NAME.LANG.md"));

    // A new site passes the strictest check on the day it is made.
    let run = site.run(&["check", "--strict", "--root", "kb"]);
    assert_code(&run, 0);
    assert_eq!(
        run.stderr,
        "Checked 1 practice, 1 right, 1 category in 3 languages: no problems.\n"
    );
    assert_code(&site.run(&["build", "--root", "kb"]), 0);
    assert!(site.exists("kb/public/pages/contribute.html"));
    assert!(site.exists("kb/public/pl/index.html"));

    let run = site.run(&["init", "other", "--languages", "english"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        "error: `english` is not a language code: use two or three lower-case letters, like `en`, `pl`, `zh`\n"
    );
}

#[test]
fn init_in_a_terminal_asks_for_the_languages() {
    // util-linux's `script` gives the command a terminal; the answer is typed into it.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        cannot_run_here(
            "init_in_a_terminal_asks_for_the_languages",
            "no `script` command (util-linux) to give deskbook a terminal",
        );
        return;
    }
    let site = Site::empty();
    let command = format!("{} init kb", env!("CARGO_BIN_EXE_deskbook"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(site.path())
        .env("DESKBOOK_TODAY", TODAY.trim())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"pl, en\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert!(
        shown
            .contains("Languages of the site, the default first (for example `en, pl, zh`) [en]: "),
        "{shown}"
    );
    assert!(
        site.read("kb/deskbook.yaml")
            .contains("languages: [pl, en]   # the first is the default\n")
    );
}
