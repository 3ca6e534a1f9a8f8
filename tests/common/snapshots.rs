//! Snapshot files under `tests/fixtures/`, shared by the integration suites (`tests/testsuite`,
//! `tests/serve`), which include this file with `#[path]`: what deskbook prints, compared whole,
//! so that a changed message is reviewed as a diff.
//!
//! `SNAPSHOTS=overwrite cargo test` (or `DESKBOOK_BLESS=1`) rewrites the files that differ.

use std::path::{Path, PathBuf};

/// Where the snapshot files are.
pub fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Compares `actual` with the snapshot file `tests/fixtures/NAME`, exactly but for line endings.
#[track_caller]
pub fn assert_snapshot(name: &str, actual: &str) {
    compare(name, actual, false, snapbox::Redactions::new());
}

/// Like [`assert_snapshot`], for output with parts that vary from run to run (timings, ports):
/// in the snapshot, `[..]` matches any text within a line and a line `...` any lines.
#[track_caller]
pub fn assert_snapshot_matches(name: &str, actual: &str) {
    compare(name, actual, true, snapbox::Redactions::new());
}

/// Like [`assert_snapshot_matches`], for output that names what a test chose at run time (its
/// temporary folder, a port): in the snapshot, each placeholder (`[ROOT]`) stands for its value.
#[track_caller]
pub fn assert_snapshot_redacted(name: &str, actual: &str, values: &[(&'static str, String)]) {
    let mut redactions = snapbox::Redactions::new();
    for (placeholder, value) in values {
        redactions
            .insert(placeholder, value.clone())
            .expect("a placeholder in brackets");
    }
    compare(name, actual, true, redactions);
}

#[track_caller]
fn compare(name: &str, actual: &str, wildcards: bool, redactions: snapbox::Redactions) {
    let expected = snapbox::Data::read_from(&snapshot_path(name), None);
    let expected = if wildcards { expected } else { expected.raw() };
    let assert = snapbox::Assert::new()
        .redact_with(redactions)
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV);
    let assert = if std::env::var_os("DESKBOOK_BLESS").is_some() {
        assert.action(snapbox::assert::Action::Overwrite)
    } else {
        assert
    };
    assert.eq(actual.to_string(), expected);
}
