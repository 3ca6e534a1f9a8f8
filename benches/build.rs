//! Full-build benchmark: `cargo bench --bench build` (add `-- 1000` for one size only).
//!
//! Generates the synthetic trilingual corpus (benches/corpus.rs) at 1k and 10k entries, then runs
//! `deskbook build` (the release binary, a fresh process each time, as CI runs it) several times
//! and reports the median, min and max wall time and the peak memory (VmHWM of the child). A
//! custom harness, not criterion: a 10k build takes seconds and the peak memory of a whole process
//! is part of what is measured.

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

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 10_000]
    } else {
        sizes
    };
    let bin = support::binary();
    println!(
        "{:>7} {:>6} {:>9} {:>9} {:>9} {:>10} {:>8}",
        "entries", "runs", "median s", "min s", "max s", "peak MB", "pages"
    );
    for n in sizes {
        let dir = corpus_dir(n);
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
                    .env("DESKBOOK_TODAY", "2026-11-23"),
            );
            times.push(t);
            peak = peak.max(mb);
        }
        times.sort_by(f64::total_cmp);
        let pages = walk_count(&out);
        println!(
            "{n:>7} {runs:>6} {:>9.3} {:>9.3} {:>9.3} {peak:>10.0} {pages:>8}",
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
