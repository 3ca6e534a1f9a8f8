//! The dev server's search index after an edit: searchable as soon as the round ends, from an
//! index not yet merged into one segment (browsers read it whole), and merged once the edits
//! stop, when the output equals a clean build again.

use crate::support::{Running, assert_equals_clean_build, starter_site};
use deskbook::watch::Engine;

/// The ids of the entries a search of the built site at `out` finds for `text`.
fn found(out: &std::path::Path, text: &str) -> Vec<String> {
    let engine = deskbook::search::open_built(out).unwrap();
    let query = deskbook_search::Query {
        text: text.into(),
        ..deskbook_search::Query::default()
    };
    engine
        .search(&query)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn files_in(dir: &std::path::Path) -> std::collections::BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_edit_is_searchable_when_its_round_ends_and_merged_when_the_edits_stop() {
    let dir = starter_site();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let out = root.join("public");
    let (mut engine, round) = Engine::start(crate::support::options(&root));
    assert_eq!(round.errors(), 0, "{:?}", round.diagnostics);
    engine.merge_when_idle();
    let manifest = || std::fs::read_to_string(out.join("assets/search.js")).unwrap();
    assert!(
        manifest().contains("\"hot\":"),
        "a build's index is read lazily"
    );
    let chunks = files_in(&out.join("assets/search-index"));
    let rel = root.join("content/practices/privacy/sensitive-topics.md");
    let text = std::fs::read_to_string(&rel).unwrap();
    std::fs::write(&rel, format!("{text}\nMind the zebracrossing.\n")).unwrap();

    let round = engine.apply(std::slice::from_ref(&rel));
    assert_eq!(round.errors(), 0, "{:?}", round.diagnostics);
    assert_eq!(found(&out, "zebracrossing"), ["privacy/sensitive-topics"]);
    // Not merged yet: the manifest sends browsers to the whole index, and the merged index's
    // chunk files wait, untouched, for the merge to move them back into use.
    assert!(!manifest().contains("\"hot\":"), "{}", manifest());
    assert!(
        round
            .written
            .iter()
            .all(|p| !p.starts_with("assets/search-index/")),
        "{:?}",
        round.written
    );
    assert_eq!(files_in(&out.join("assets/search-index")), chunks);
    assert!(engine.unsettled(), "the merge is left for a quiet moment");

    let merged = engine.settle().expect("the merge");
    assert_eq!(merged.errors(), 0, "{:?}", merged.diagnostics);
    assert!(!engine.unsettled());
    assert!(manifest().contains("\"hot\":"));
    assert_eq!(found(&out, "zebracrossing"), ["privacy/sensitive-topics"]);
    assert_equals_clean_build(&root, &out, false, "after the merge");
}

/// Stopped right after an edit (before the index is merged), `serve` and `watch` finish the
/// output first: what a trainer publishes then is a clean build's, not a working state.
#[test]
fn ctrl_c_right_after_an_edit_leaves_the_output_of_a_clean_build() {
    for command in ["serve", "watch"] {
        let dir = starter_site();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let out = root.join("public");
        let args: &[&str] = if command == "serve" {
            &["serve", "--port", "0", "--root", "."]
        } else {
            &["watch", "--root", "."]
        };
        let mut running = Running::start(&root, args);
        let rounds = |running: &Running| running.stderr().matches("Updated ").count();
        let before = rounds(&running);
        let rel = root.join("content/practices/privacy/sensitive-topics.md");
        let text = std::fs::read_to_string(&rel).unwrap();
        std::fs::write(&rel, format!("{text}\nMind the zebracrossing.\n")).unwrap();
        crate::support::eventually(30, "the edit's round", || rounds(&running) > before);
        let status = running.interrupt(30);
        assert!(
            status.success(),
            "{command}: {status}\n{}",
            running.stderr()
        );
        let manifest = std::fs::read_to_string(out.join("assets/search.js")).unwrap();
        assert!(manifest.contains("\"hot\":"), "{command}: {manifest}");
        assert_eq!(found(&out, "zebracrossing"), ["privacy/sensitive-topics"]);
        assert_equals_clean_build(&root, &out, command == "serve", command);
    }
}
