//! Test harness in the style of mdBook's testsuite: copy a fixture site, run the binary, look.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../common/files.rs"]
mod files;
pub use files::{OLD_RECORD, RECORD, TODAY, copy_dir, repo_root, tree};
#[path = "../common/snapshots.rs"]
#[allow(dead_code)]
mod snapshots;
pub use snapshots::{assert_snapshot, assert_snapshot_matches};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub struct Site {
    dir: tempfile::TempDir,
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Site {
    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(&fixtures().join(name), site.path());
        site
    }

    /// A copy of the starter site (the repository's `content/` and `deskbook.yaml`).
    pub fn starter() -> Site {
        let site = Site::empty();
        files::copy_starter(site.path());
        site
    }

    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.path().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Runs `deskbook ARGS` in the site folder, with today pinned and colours off.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Runs each command in turn and writes down what a user would see, as in a terminal
    /// session: the command line, what it printed on stdout and on stderr, and its exit status.
    pub fn transcript(&self, commands: &[&[&str]]) -> String {
        let mut text = String::new();
        for args in commands {
            text.push_str(&format!("$ deskbook {}\n", args.join(" ")));
            let run = self.run(args);
            for (stream, output) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                if !output.is_empty() {
                    text.push_str(&format!("--- {stream}\n{output}"));
                    if !output.ends_with('\n') {
                        text.push_str("\n[no newline at the end]\n");
                    }
                }
            }
            text.push_str(&format!("--- exit {}\n\n", run.code));
        }
        text
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_deskbook"))
        .args(args)
        .current_dir(dir)
        .env("DESKBOOK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("running deskbook");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Asserts `run` ended with `code`, showing everything it printed when it did not.
#[track_caller]
pub fn assert_code(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "exit status\n--- stdout\n{}\n--- stderr\n{}",
        run.stdout, run.stderr
    );
}

/// A test that cannot run here (a missing tool, no user namespaces) says so and passes on a
/// developer's machine, but fails under `CI=true`: CI must never report a test green that did
/// not run. `.ci/run` installs what such tests need.
pub fn cannot_run_here(test: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test} cannot run under CI=true: {why}; install what it needs in .ci/run");
    }
    eprintln!("SKIPPED: {test}: {why}");
}

/// The seed of a randomised test: `DESKBOOK_TEST_SEED` (decimal or `0x` hex) to replay a
/// failure, else a fresh one. Printed either way, so every run can be replayed.
pub fn seed(test: &str) -> u64 {
    let seed = match std::env::var("DESKBOOK_TEST_SEED") {
        Ok(text) => {
            let text = text.trim();
            text.strip_prefix("0x")
                .map_or_else(|| text.parse(), |hex| u64::from_str_radix(hex, 16))
                .unwrap_or_else(|e| panic!("DESKBOOK_TEST_SEED={text:?}: {e}"))
        }
        Err(_) => {
            0x005e_ed0f_dead_u64
                ^ std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
        }
    };
    eprintln!("{test}: seed {seed:#x} (replay with DESKBOOK_TEST_SEED={seed:#x})");
    seed
}
