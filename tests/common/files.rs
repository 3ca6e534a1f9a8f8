//! File helpers shared by the integration test suites (`tests/testsuite`, `tests/serve`), which
//! are separate crates: each includes this file with `#[path]`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The day every test takes as "today", so that review badges, overdue warnings and the dates
/// `deskbook new` writes never depend on the day the suite runs. One copy for every suite: the
/// browser suite (tests/browser/support/site.js) reads the same file.
pub const TODAY: &str = include_str!("today.txt");

/// The repository, where the starter site and the fixtures are.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the starter site (the repository's `content/` and `deskbook.yaml`) into `to`.
pub fn copy_starter(to: &Path) {
    copy_dir(&repo_root().join("content"), &to.join("content"));
    std::fs::copy(repo_root().join("deskbook.yaml"), to.join("deskbook.yaml"))
        .expect("copying deskbook.yaml");
}

/// The records of the files a build wrote (src/output.rs), beside the output folder `public`:
/// of the output, and of the output before last, which the next build recycles.
pub const RECORD: &str = ".public.deskbook-files";
pub const OLD_RECORD: &str = ".public.deskbook-old-files";

/// Every file under `dir` (relative path → bytes), for whole-tree comparisons.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
