//! What `new`, `init`, `search` and `feedback` print on the fixture sites, as transcripts of a
//! terminal session in snapshot files (`tests/fixtures/*.txt`): every message a user can meet,
//! success and mistake alike, reviewed as a diff when its wording changes. `build` and `check`
//! have theirs in `check.rs`; `serve` and `watch` in `tests/serve/messages.rs`.

use super::harness::{Site, assert_snapshot, assert_snapshot_matches};

#[test]
fn what_new_prints_and_writes_is_in_a_snapshot() {
    let site = Site::fixture("minimal");
    let mut transcript = site.transcript(&[
        &["new", "practice", "greetings/phone-greeting"],
        &[
            "new",
            "practice",
            "greetings/phone-greeting",
            "--lang",
            "pl",
        ],
        &["new", "practice", "greetings/phone-greeting"],
        &["new", "practice", "greetting/x"],
        &["new", "practice", "greetings/Bad Name"],
        &["new", "practice", "phone-greeting"],
        &["new", "practice", "greetings/x", "--lang", "de"],
        &["new", "practice"],
        &["check"],
    ]);
    for written in [
        "content/practices/greetings/phone-greeting.md",
        "content/practices/greetings/phone-greeting.pl.md",
    ] {
        transcript.push_str(&format!("=== {written}\n{}", site.read(written)));
    }
    assert_snapshot("minimal.new.txt", &transcript);
}

#[test]
fn what_init_prints_and_writes_is_in_a_snapshot() {
    let site = Site::empty();
    let mut transcript = site.transcript(&[
        &["init", "kb"],
        &["init", "kb"],
        &["init", "three", "--languages", "pl,en, zh"],
        &["init", "other", "--languages", "english"],
        &["check", "--strict", "--root", "three"],
        &["build", "--root", "kb"],
    ]);
    for written in ["kb/deskbook.yaml", "three/deskbook.yaml", "kb/.gitignore"] {
        transcript.push_str(&format!("=== {written}\n{}", site.read(written)));
    }
    assert_snapshot_matches("init.txt", &transcript);
}

#[test]
fn what_search_prints_is_in_a_snapshot() {
    let site = Site::fixture("minimal");
    let transcript = site.transcript(&[
        &["search", "hello"],
        &["build", "--quiet"],
        &["search", "hello"],
        &["search", "hello", "--lang", "pl"],
        &["search", "hello", "--category", "greetings", "--limit", "1"],
        &["search", "helo"],
        &["search", "zzzz"],
        &["search", "hello", "--json", "--limit", "1"],
        &["search", "hello", "--lang", "xx"],
        &["search", "hello", "--category", "greeting"],
    ]);
    // The score is the ranking's business (tests/testsuite/search.rs), not the wording's.
    assert_snapshot_matches("minimal.search.txt", &transcript);
}

#[test]
fn what_feedback_prints_without_feedback_is_in_a_snapshot() {
    let site = Site::fixture("minimal");
    let mut transcript = site.transcript(&[&["feedback"], &["feedback", "elsewhere.jsonl"]]);
    site.write("feedback.jsonl", "");
    transcript.push_str(&site.transcript(&[&["feedback"]]));
    assert_snapshot("minimal.feedback.txt", &transcript);
}
