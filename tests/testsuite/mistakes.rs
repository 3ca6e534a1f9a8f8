//! The mistakes a new trainer makes, one small site each, and the message they read: the file,
//! line and column, what is wrong in their words, and the fix.

use super::harness::{Site, assert_code, assert_snapshot};

/// The minimal fixture with `rel` written as `text`.
fn site_with(rel: &str, text: &str) -> Site {
    let site = Site::fixture("minimal");
    site.write(rel, text);
    site
}

/// Asserts that `check` ends with `code` and prints exactly `expected`: an inline snapshot of
/// everything a user sees, the fixture's own standing warnings and the summary line included
/// (`SNAPSHOTS=overwrite` writes it).
#[track_caller]
fn check_prints(site: &Site, code: i32, expected: impl snapbox::IntoData) {
    let run = site.run(&["check"]);
    assert_code(&run, code);
    snapbox::assert_data_eq!(run.stderr, expected);
}

/// Asserts that `check` prints each of `expected` (whole diagnostics, caret lines included),
/// for output that depends on the day the test runs.
#[track_caller]
fn check_shows(site: &Site, code: i32, expected: &[&str]) {
    let run = site.run(&["check"]);
    assert_code(&run, code);
    for block in expected {
        assert!(
            run.stderr.contains(block),
            "missing\n{block}\n--- in stderr\n{}",
            run.stderr
        );
    }
}

const PHONE: &str = "content/practices/greetings/phone-greeting.md";

#[test]
fn invisible_and_look_alike_characters_are_named_at_their_column() {
    let site = site_with(
        PHONE,
        "---\ntitle: Phone greeting\nsummary: Pick up by the third ring.\nrights: [courtesy]\nowner:\u{a0}Circulation\n\u{201c}tags\u{201d}: [phone]\nupdated\u{ff1a} 2026-01-01\nweight: 3\u{200b}\n---\nBody.\n",
    );
    // A file, not an inline snapshot: the invisible characters are shown as the user sees them.
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_snapshot("invisible-characters.check.stderr", &run.stderr);
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("could not find expected")
            && !run.stderr.contains("unknown key")
            && !run.stderr.contains("missing required key"),
        "the look-alikes are repaired before the keys are checked:\n{}",
        run.stderr
    );
}

#[test]
fn zero_width_characters_and_a_byte_order_mark_in_a_key() {
    let site = site_with(
        PHONE,
        "---\nti\u{200b}tle: Phone greeting\nsummary: Pick up.\nrights: [courtesy]\n\u{feff}owner: Circulation\nupdated: 2026-01-01\n---\n",
    );
    // A file, not an inline snapshot: the invisible characters are shown as the user sees them.
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_snapshot("zero-width-in-keys.check.stderr", &run.stderr);
}

#[test]
fn a_no_break_space_inside_a_value_is_text_not_a_mistake() {
    let site = site_with(
        "content/practices/greetings/hello.pl.md",
        "---\ntitle: Powitanie w\u{a0}holu\nsummary: Przywitaj „każdego” czytelnika.\nowner: Dział Obsługi Dorosłych\nupdated: 2026-09-01\n---\nTreść.\n",
    );
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    assert!(!run.stderr.contains("U+"), "{}", run.stderr);
}

#[test]
fn a_value_that_goes_on_after_its_closing_quote() {
    let site = site_with(
        PHONE,
        "---\ntitle: Phone greeting\nsummary: \"Pick up quickly\" is the rule\nrights: [courtesy]\nowner: Circulation\nupdated: 2026-01-01\n---\n",
    );
    check_prints(
        &site,
        1,
        snapbox::str![[r#"
content/practices/greetings/phone-greeting.md:3:26: error: the value of `summary` starts with a quote, so it ends at this closing quote, but the line goes on with `is the rule`: put the whole value in quotes, `summary: '"Pick up quickly" is the rule'`, or write it without quotes: `summary: Pick up quickly is the rule`
   3 | summary: "Pick up quickly" is the rule
     |                          ^
Check failed: 1 error.

"#]],
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("block mapping"), "{}", run.stderr);
}

#[test]
fn a_misnamed_translation_names_the_original_it_was_meant_for() {
    let site = site_with(
        "content/practices/greetings/phone-greeting.md",
        "---\ntitle: Phone greeting\nsummary: Pick up by the third ring.\nrights: [courtesy]\nowner: Circulation\nupdated: 2026-01-01\n---\nBody.\n",
    );
    site.write(
        "content/practices/greetings/phone-greting.pl.md",
        "---\ntitle: Powitanie przez telefon\nsummary: Odbierz do trzeciego dzwonka.\nowner: Wypożyczalnia\nupdated: 2026-01-01\n---\nTreść.\n",
    );
    check_prints(
        &site,
        1,
        snapbox::str![[r#"
content/practices/greetings/phone-greting.pl.md:1:1: error: there is no original `phone-greting.md` for this pl translation: did you mean `phone-greeting.pl.md`, the translation of `content/practices/greetings/phone-greeting.md`? Rename the file
   1 | ---
     | ^
Check failed: 1 error.

"#]],
    );
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("missing required key"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_entry_written_only_in_another_language_is_not_a_misnamed_translation() {
    // The fixture's `privacy/quiet.pl.md` has no English file, and no English neighbour like it.
    let run = Site::fixture("minimal").run(&["check"]);
    assert_code(&run, 0);
    assert!(!run.stderr.contains("no original"), "{}", run.stderr);
}

#[test]
fn rights_in_a_translation_that_differ_from_the_original_are_a_warning_at_the_line() {
    let site = site_with(
        "content/practices/greetings/hello.pl.md",
        "---\ntitle: Powitanie\nsummary: Przywitaj każdego.\nrights: [privacy]\nowner: Dział Obsługi Dorosłych\nupdated: 2026-09-01\n---\n## Kroki {#steps}\n",
    );
    check_prints(
        &site,
        0,
        snapbox::str![[r#"
content/practices/greetings/hello.pl.md:4:9: warning: `rights` here ([privacy]) differ from the original's ([courtesy]) in `content/practices/greetings/hello.md`; a translation takes its rights from the original, so these are ignored: remove `rights:` from this file, or change them in the original
   4 | rights: [privacy]
     |         ^
content/practices/greetings/phone.md:7:10: warning: review overdue since 2026-01-15 (last updated 2025-01-15): review the entry, then set `updated:` to the review date
   7 | updated: 2025-01-15
     |          ^
Checked 3 practices, 2 rights, 2 categories in 2 languages: 2 warnings.

"#]],
    );
}

#[test]
fn suggestions_use_the_trainers_own_values() {
    let site = site_with(
        PHONE,
        "---\ntitle: Phone greeting\nsummary: Pick up.\nrights: [courtesy]\ntags: [First Contact, Ściszanie głosu]\nowner: Circulation\nupdated: 12/03/2026\n---\n",
    );
    check_prints(
        &site,
        1,
        snapbox::str![[r#"
content/practices/greetings/phone-greeting.md:5:8: error: tag `First Contact` must be a lower-case slug: letters, digits and hyphens; write `first-contact`
   5 | tags: [First Contact, Ściszanie głosu]
     |        ^
content/practices/greetings/phone-greeting.md:5:23: error: tag `Ściszanie głosu` must be a lower-case slug: letters, digits and hyphens; write `sciszanie-glosu`
   5 | tags: [First Contact, Ściszanie głosu]
     |                       ^
content/practices/greetings/phone-greeting.md:7:10: error: `updated` must be a date like 2026-09-01 (YYYY-MM-DD), found `12/03/2026`: write `updated: 2026-03-12` (12 March 2026) or `updated: 2026-12-03` (3 December 2026), whichever you meant
   7 | updated: 12/03/2026
     |          ^
Check failed: 3 errors.

"#]],
    );
    site.write(
        PHONE,
        "---\ntitle: Phone greeting\nsummary: Pick up.\nrights: [courtesy]\nowner: Circulation\nupdated: 25.03.2026\n---\n",
    );
    check_prints(
        &site,
        1,
        snapbox::str![[r#"
content/practices/greetings/phone-greeting.md:6:10: error: `updated` must be a date like 2026-09-01 (YYYY-MM-DD), found `25.03.2026`: write `updated: 2026-03-25`
   6 | updated: 25.03.2026
     |          ^
Check failed: 1 error.

"#]],
    );
}

#[test]
fn an_updated_date_after_the_builds_day_is_a_warning() {
    let today = super::harness::TODAY.trim();
    let next_year: i32 = today[..4].parse::<i32>().unwrap() + 1;
    let site = site_with(
        PHONE,
        &format!(
            "---\ntitle: Phone greeting\nsummary: Pick up.\nrights: [courtesy]\nowner: Circulation\nupdated: {next_year}-03-12\n---\n"
        ),
    );
    check_shows(
        &site,
        0,
        &[&format!(
            "phone-greeting.md:6:10: warning: `updated` is {next_year}-03-12, after today ({today}): set it to the day the entry was last changed\n"
        )],
    );
}

/// `hello.md` of the minimal fixture, marked as a draft.
fn with_draft_hello() -> Site {
    let site = Site::fixture("minimal");
    let hello = site.read("content/practices/greetings/hello.md");
    site.write(
        "content/practices/greetings/hello.md",
        hello.replacen("weight: 1\n", "weight: 1\ndraft: true\n", 1),
    );
    site
}

#[test]
fn a_link_to_a_draft_is_reported_as_one() {
    let site = with_draft_hello();
    check_prints(
        &site,
        1,
        snapbox::str![[r#"
content/practices/greetings/phone.md:10:30: error: link to a draft: `content/practices/greetings/hello.md` has `draft: true`, so it is not published and this link would lead nowhere; publish it first (remove `draft: true`), or take the link out until then
  10 | Follow [the steps for hello](hello.md#steps) and keep [your voice down](../privacy/quiet.pl.md).
     |                              ^
content/practices/privacy/quiet.pl.md:9:32: error: link to a draft: `content/practices/greetings/hello.md` has `draft: true`, so it is not published and this link would lead nowhere; publish it first (remove `draft: true`), or take the link out until then
   9 | Mów cicho. Wróć do [powitania](../greetings/hello.md#steps).
     |                                ^
Check failed: 2 errors.

"#]],
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("there is no file"), "{}", run.stderr);
}

#[test]
fn a_draft_covers_every_language_version_of_the_entry() {
    let site = with_draft_hello();
    site.write(
        "content/practices/greetings/phone.md",
        "---\ntitle: Answering the phone\nsummary: Answer by the third ring.\nrights: [courtesy]\nowner: Circulation\nupdated: 2026-10-01\n---\nPick up.\n",
    );
    site.write(
        "content/practices/privacy/quiet.pl.md",
        "---\ntitle: Cichy głos\nsummary: Mów cicho.\nrights: [privacy]\nowner: Dział\nupdated: 2026-10-01\n---\nMów cicho.\n",
    );
    let run = site.run(&["build"]);
    assert_code(&run, 0);
    assert!(!site.exists("public/practices/greetings/hello.html"));
    assert!(
        !site.exists("public/pl/practices/greetings/hello.html"),
        "the Polish translation of a draft must not be published"
    );
    for page in [
        "public/practices/greetings/index.html",
        "public/pl/practices/greetings/index.html",
        "public/index.html",
    ] {
        let html = site.read(page);
        assert!(
            !html.contains("Powitanie") && !html.contains("Saying hello"),
            "{page} lists the draft:\n{html}"
        );
    }
    let run = site.run(&["build", "--drafts"]);
    assert_code(&run, 0);
    assert!(site.exists("public/pl/practices/greetings/hello.html"));
}

#[test]
fn a_skeleton_is_not_published_until_it_is_filled_in() {
    let site = Site::fixture("minimal");
    assert_code(
        &site.run(&["new", "practice", "greetings/phone-greeting"]),
        0,
    );
    let skeleton = "content/practices/greetings/phone-greeting.md";
    check_prints(
        &site,
        0,
        snapbox::str![[r#"
content/practices/greetings/hello.pl.md:5:10: warning: translation out of date: `content/practices/greetings/hello.md` was updated on 2026-09-01, after this translation; bring it up to date, then set `updated:`
   5 | updated: 2026-03-01
     |          ^
content/practices/greetings/phone-greeting.md:2:8: warning: this entry is a skeleton still being written (8 TODO placeholders left): as a draft it is not published; fill in every TODO, then remove `draft: true` to publish it
   2 | title: TODO title
     |        ^
content/practices/greetings/phone.md:7:10: warning: review overdue since 2026-01-15 (last updated 2025-01-15): review the entry, then set `updated:` to the review date
   7 | updated: 2025-01-15
     |          ^
Checked 3 practices, 2 rights, 2 categories in 2 languages: 3 warnings.

"#]],
    );
    let strict = site.run(&["check", "--strict"]);
    assert_code(&strict, 1);
    snapbox::assert_data_eq!(
        strict.stderr,
        snapbox::str![[r#"
content/practices/greetings/hello.pl.md:5:10: error: translation out of date: `content/practices/greetings/hello.md` was updated on 2026-09-01, after this translation; bring it up to date, then set `updated:`
   5 | updated: 2026-03-01
     |          ^
content/practices/greetings/phone-greeting.md:2:8: error: this entry is a skeleton still being written (8 TODO placeholders left): as a draft it is not published; fill in every TODO, then remove `draft: true` to publish it
   2 | title: TODO title
     |        ^
content/practices/greetings/phone.md:7:10: error: review overdue since 2026-01-15 (last updated 2025-01-15): review the entry, then set `updated:` to the review date
   7 | updated: 2025-01-15
     |          ^
Check failed: 3 errors.

"#]]
    );

    assert_code(&site.run(&["build"]), 0);
    assert!(!site.exists("public/practices/greetings/phone-greeting.html"));
    let category = site.read("public/practices/greetings/index.html");
    assert!(!category.contains("TODO"), "{category}");

    // Publishing it without filling it in: every placeholder is an error at its place.
    let text = site.read(skeleton);
    let published: String = text
        .lines()
        .filter(|l| !l.starts_with("draft:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write(skeleton, published);
    check_prints(
        &site,
        1,
        snapbox::str![[r#"
content/practices/greetings/phone-greeting.md:2:8: error: `title` is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
   2 | title: TODO title
     |        ^
content/practices/greetings/phone-greeting.md:3:10: error: `summary` is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
   3 | summary: TODO one sentence a busy colleague can act on.
     |          ^
content/practices/greetings/phone-greeting.md:7:8: error: `owner` is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
   7 | owner: TODO team
     |        ^
content/practices/greetings/phone-greeting.md:12:1: error: the text is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
  12 | TODO: one paragraph on the situation.
     | ^
content/practices/greetings/phone-greeting.md:16:1: error: the text is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
  16 | TODO
     | ^
content/practices/greetings/phone-greeting.md:20:4: error: the text is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
  20 | 1. TODO
     |    ^
content/practices/greetings/phone-greeting.md:25:4: error: the text is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
  25 | > "TODO"
     |    ^
content/practices/greetings/phone-greeting.md:30:4: error: the text is still a TODO placeholder from `deskbook new`: write it, or put `draft: true` back until the entry is ready (a page with placeholders is not published)
  30 | > "TODO"
     |    ^
Check failed: 8 errors.

"#]],
    );
    let run = site.run(&["build"]);
    assert_code(&run, 1);
    assert!(!site.exists("public/practices/greetings/phone-greeting.html"));
}

#[test]
fn broken_links_suggest_the_source_file_found_by_name_anywhere_in_the_site() {
    let site = site_with(
        "content/practices/privacy/quiet-voice.md",
        "---\ntitle: A quiet voice\nsummary: Speak so only the patron hears.\nrights: [privacy]\nowner: Circulation\nupdated: 2026-10-01\n---\n## At the desk {#at-the-desk}\n\nSpeak softly.\n",
    );
    site.write(
        PHONE,
        "---\ntitle: Phone greeting\nsummary: Pick up.\nrights: [courtesy]\nowner: Circulation\nupdated: 2026-10-01\n---\nCopied: [a](quiet-voice.html#at-the-desk).\nNo extension: [b](../privacy/quiet-voice).\nWrong folder: [c](quiet-voice.md).\nPreview: [d](http://localhost:1111/practices/privacy/quiet-voice.html#at-the-desk).\n",
    );
    check_prints(
        &site,
        1,
        snapbox::str![[r#"
content/practices/greetings/phone-greeting.md:8:13: error: broken link: `quiet-voice.html` is the address of a built page; link to its source file instead: `../privacy/quiet-voice.md#at-the-desk`
   8 | Copied: [a](quiet-voice.html#at-the-desk).
     |             ^
content/practices/greetings/phone-greeting.md:9:19: error: broken link: there is no file `content/practices/privacy/quiet-voice`; a link names the source file, with `.md`: `../privacy/quiet-voice.md`
   9 | No extension: [b](../privacy/quiet-voice).
     |                   ^
content/practices/greetings/phone-greeting.md:10:19: error: broken link: there is no file `content/practices/greetings/quiet-voice.md`; the file is in another folder: write `../privacy/quiet-voice.md`
  10 | Wrong folder: [c](quiet-voice.md).
     |                   ^
content/practices/greetings/phone-greeting.md:11:14: error: link to the preview server: `http://localhost:1111/practices/privacy/quiet-voice.html#at-the-desk` works only on this computer while `deskbook serve` runs; link to its source file instead: `../privacy/quiet-voice.md#at-the-desk`
  11 | Preview: [d](http://localhost:1111/practices/privacy/quiet-voice.html#at-the-desk).
     |              ^
Check failed: 4 errors.

"#]],
    );
}

/// The codes documented in the README's table (after its `check-codes` marker).
fn documented_codes() -> Vec<String> {
    let readme = std::fs::read_to_string(super::harness::repo_root().join("README.md")).unwrap();
    let table = readme
        .split("<!-- check-codes")
        .nth(1)
        .expect("the codes table");
    table
        .lines()
        .skip(3)
        .take_while(|l| l.starts_with("| `"))
        .map(|l| l.split('`').nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn json_keeps_severities_under_strict_and_names_the_code_entry_and_owner() {
    let site = Site::fixture("minimal");
    let run = site.run(&["check", "--strict", "--format", "json"]);
    assert_code(&run, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["ok"], false, "strict fails on warnings");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 2);
    let shown: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {} {}:{}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["entry"].as_str().unwrap(),
                d["owner"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"]
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "warning translation-out-of-date greetings/hello Dział Obsługi Dorosłych content/practices/greetings/hello.pl.md:5",
            "warning overdue greetings/phone Circulation content/practices/greetings/phone.md:7",
        ]
    );
    let summary = report["summary"].as_object().unwrap();
    let keys: Vec<&str> = summary.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "categories",
            "languages",
            "out_of_date",
            "overdue",
            "practices",
            "rights"
        ],
        "no build-only figures (timings, output folder)"
    );
    let relaxed = site.run(&["check", "--format", "json"]);
    assert_code(&relaxed, 0);
    let report: serde_json::Value = serde_json::from_str(&relaxed.stdout).unwrap();
    assert_eq!(report["ok"], true);
}

#[test]
fn every_code_check_reports_is_documented() {
    let documented = documented_codes();
    assert!(documented.len() > 20, "{documented:?}");
    let site = Site::fixture("broken");
    // And a few more kinds of problem than the broken fixture has.
    site.write(
        "content/practices/greetings/extra.md",
        "---\ntitle: Extra\nsummary: \"Quoted\" then text\n---\n",
    );
    site.write(
        "content/practices/greetings/links2.md",
        "---\ntitle: Links\nsummary: S.\nrights: [courtesy]\nowner:\u{a0}X\nupdated: 2999-01-01\n---\n[a](http://localhost:1111/x.html) [b]() <script>x()</script>\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_code(&run, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for d in report["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        assert!(
            documented.iter().any(|c| c == code),
            "undocumented `{code}`: {d}"
        );
        assert_ne!(code, "other", "every content problem has its own code: {d}");
    }
}
