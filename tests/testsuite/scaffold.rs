//! `deskbook new practice` and `deskbook init` give skeletons that pass check as written.

use super::harness::{Site, TODAY, assert_code};

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
fn new_practice_explains_mistakes() {
    let site = Site::fixture("minimal");
    let run = site.run(&["new", "practice", "greetting/x"]);
    assert_code(&run, 1);
    assert_eq!(
        run.stderr,
        "error: there is no category `greetting` (no content/practices/greetting/_index.md); did you mean `greetings`?\n"
    );
    let run = site.run(&["new", "practice", "greetings/Bad Name"]);
    assert_eq!(
        run.stderr,
        "error: `Bad Name` must be lower-case letters, digits and hyphens, like `phone-greeting`\n"
    );
    let run = site.run(&["new", "practice", "greetings/hello"]);
    assert_eq!(
        run.stderr,
        "error: ./content/practices/greetings/hello.md already exists; edit it instead\n"
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let site = Site::empty();
    let run = site.run(&["init", "kb"]);
    assert_code(&run, 0);
    let run = site.run(&["build", "--root", "kb"]);
    assert_code(&run, 0);
    assert!(
        site.read("kb/public/practices/greetings/greeting-at-the-desk.html")
            .contains("Hello! How can I help?")
    );
    let again = site.run(&["init", "kb"]);
    assert_code(&again, 1);
}
