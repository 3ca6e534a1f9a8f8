//! Full-build benchmark: `cargo bench --bench build` (add `-- 1000` for one size only; add
//! `generate` to only write the corpora).
//!
//! Generates the synthetic trilingual corpus (benches/corpus.rs) at 1k and 10k entries, then runs
//! `deskbook build` (the release binary, a fresh process each time, as CI runs it) several times,
//! with the search index and without it (`search: false`, the build-pipeline target), and reports
//! the median, min and max wall time and the peak memory (VmHWM of the child). A custom harness,
//! not criterion: a 10k build takes seconds and the peak memory of a whole process is part of
//! what is measured.

mod corpus;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs the command, returns (seconds, peak resident memory in MB).
fn measure(cmd: &mut Command) -> (f64, f64) {
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "build failed");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    (started.elapsed().as_secs_f64(), peak_kb as f64 / 1024.0)
}

pub fn corpus_dir(n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join(format!("bench-corpus-v{}-{n}", corpus::VERSION));
    if !dir.join("deskbook.yaml").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        corpus::generate(&dir, n);
    }
    dir
}

/// The same corpus configured with `search: false` (its `content/` is a link to the corpus's):
/// the build-pipeline issue's target is a build without a search index.
pub fn corpus_without_search(n: usize) -> PathBuf {
    let dir = corpus_dir(n);
    let plain = dir.with_file_name(format!(
        "{}-nosearch",
        dir.file_name().unwrap().to_string_lossy()
    ));
    if !plain.join("deskbook.yaml").exists() {
        let _ = std::fs::remove_dir_all(&plain);
        std::fs::create_dir_all(&plain).unwrap();
        let config = std::fs::read_to_string(dir.join("deskbook.yaml")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("content"), plain.join("content")).unwrap();
        #[cfg(windows)]
        std::os::windows::fs::symlink_dir(dir.join("content"), plain.join("content")).unwrap();
        std::fs::write(
            plain.join("deskbook.yaml"),
            format!("{config}search: false\n"),
        )
        .unwrap();
    }
    plain
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    // `-- generate N…`: only write the corpora (for the browser measurements of issue 18, which
    // build them with any binary; `cargo test --bench build -- generate 1000` skips the
    // release build).
    if std::env::args().any(|a| a == "generate") {
        for n in sizes {
            println!("{}", corpus_dir(n).display());
        }
        return;
    }
    let sizes = if sizes.is_empty() {
        vec![1000, 10_000]
    } else {
        sizes
    };
    let bin = support::binary();
    println!(
        "{:>7} {:>6} {:>6} {:>9} {:>9} {:>9} {:>10} {:>8}",
        "entries", "index", "runs", "median s", "min s", "max s", "peak MB", "pages"
    );
    for (n, index) in sizes.iter().flat_map(|&n| [(n, true), (n, false)]) {
        let dir = if index {
            corpus_dir(n)
        } else {
            corpus_without_search(n)
        };
        let out = dir.join("public");
        let runs = if n >= 10_000 { 5 } else { 9 };
        let mut times = Vec::new();
        let mut peak: f64 = 0.0;
        for _ in 0..runs {
            let (t, mb) = measure(
                Command::new(&bin)
                    .args(["build", "--quiet", "--root"])
                    .arg(&dir)
                    .arg("--out")
                    .arg(&out)
                    .env("DESKBOOK_TODAY", include_str!("../tests/common/today.txt")),
            );
            times.push(t);
            peak = peak.max(mb);
        }
        times.sort_by(f64::total_cmp);
        let pages = walk_count(&out);
        println!(
            "{n:>7} {:>6} {runs:>6} {:>9.3} {:>9.3} {:>9.3} {peak:>10.0} {pages:>8}",
            if index { "yes" } else { "no" },
            times[runs / 2],
            times[0],
            times[runs - 1]
        );
    }
}

fn walk_count(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else if e.path().extension().is_some_and(|x| x == "html") {
                n += 1;
            }
        }
    }
    n
}
