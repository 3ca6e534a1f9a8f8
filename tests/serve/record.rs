//! The record of the files a build wrote (`.public.deskbook-files`, src/output.rs) goes stale once
//! `deskbook watch` writes into the live output, which a later build recycles: a stale record
//! must never keep a page.

use crate::support::{OLD_RECORD, RECORD, assert_equals_clean_build, starter_site};
use deskbook::watch::Engine;
use std::time::{Duration, SystemTime};

#[test]
fn a_record_left_stale_by_watch_mode_keeps_no_page() {
    let dir = starter_site();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let options = crate::support::options(&root);
    let source = root.join("content/practices/consistency/asking-for-feedback.md");
    let page = root.join("public/practices/consistency/asking-for-feedback.html");
    let original = std::fs::read_to_string(&source).unwrap();
    let (mut engine, round) = Engine::start(options.clone());
    assert_eq!(round.errors(), 0, "{:?}", round.diagnostics);
    let built = std::fs::read(&page).unwrap();
    assert!(root.join(RECORD).is_file());
    // An edit of the same length: the page keeps its size, and watch mode rewrites it.
    let at = original.rfind(" the ").expect("a ` the ` in the page");
    let edited = format!("{} teh {}", &original[..at], &original[at + 5..]);
    std::fs::write(&source, &edited).unwrap();
    let round = engine.apply(std::slice::from_ref(&source));
    assert_eq!(round.errors(), 0, "{:?}", round.diagnostics);
    let watched = std::fs::read(&page).unwrap();
    assert_ne!(watched, built);
    assert_eq!(watched.len(), built.len());
    drop(engine);
    // The edit is undone: the page must go back to what the record says it holds.
    std::fs::write(&source, &original).unwrap();
    let first = deskbook::pipeline::build(&options);
    assert!(first.value.is_some(), "{:?}", first.diagnostics);
    // The watched folder is now the output before last, recycled by the next build. Dated
    // ahead, its record vouches for every file it lists, however recently changed.
    let old = root.join(".public.deskbook-old");
    assert_eq!(
        std::fs::read(old.join("practices/consistency/asking-for-feedback.html")).unwrap(),
        watched
    );
    std::fs::File::options()
        .write(true)
        .open(root.join(OLD_RECORD))
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(3600))
        .unwrap();
    let second = deskbook::pipeline::build(&options);
    assert!(second.value.is_some(), "{:?}", second.diagnostics);
    assert_eq!(std::fs::read(&page).unwrap(), built);
    assert_equals_clean_build(&root, &root.join("public"), false, "after watch mode");
}
