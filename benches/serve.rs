//! Dev-server benchmark: `cargo bench --bench serve` (add `-- 1000` for one size only).
//!
//! On the synthetic corpus (benches/corpus.rs) at 1k and 10k entries it measures, for edits to
//! practice files:
//!
//! * **engine**: the incremental engine alone (library API, no file watcher): from the call to
//!   the changed pages on disk, for a body edit and for a title edit (which re-renders every
//!   page listing the entry);
//! * **serve**: the real `deskbook serve` binary: from the file write to the changed HTML on
//!   disk, and to the `reload` event on a live-reload connection. This includes the watcher's
//!   debounce (reported separately: it is a constant the user can see as "quiet time").
//!
//! and compares with a full `deskbook build` of the same corpus. A custom harness, not criterion:
//! what is measured is a server process reacting to file writes.

mod corpus;
mod support;

use deskbook::watch::{DEBOUNCE, Engine};
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-23";

/// A fresh corpus of `n` entries in a temporary folder (the edits must not touch a shared one).
fn site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), n);
    dir
}

/// `count` practice files (site-relative), spread over the corpus, and their output pages.
fn practices(root: &Path, count: usize) -> Vec<(String, String)> {
    let mut all: Vec<String> = walkdir::WalkDir::new(root.join("content/practices"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.ends_with(".md") && !p.contains("/_index") && p.matches('.').count() == 1)
        .collect();
    all.sort();
    let step = (all.len() / count).max(1);
    all.into_iter()
        .step_by(step)
        .take(count)
        .map(|p| {
            let page = p.trim_start_matches("content/").replace(".md", ".html");
            (p, page)
        })
        .collect()
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    times[((times.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The engine alone: (body edit, title edit) times to pages on disk, in ms.
fn engine(n: usize, edits: usize) -> (Vec<f64>, Vec<f64>, f64) {
    let dir = site(n);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let started = Instant::now();
    let (mut engine, round) = Engine::start(deskbook::site::Options::new(&root));
    let first = ms(started.elapsed());
    assert_eq!(round.errors(), 0, "{:?}", round.diagnostics);
    let (mut body, mut title) = (Vec::new(), Vec::new());
    for (i, (rel, _)) in practices(&root, edits).iter().enumerate() {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        for (times, edited) in [
            (&mut body, format!("{text}\nBenchmark sentence {i}.\n")),
            (
                &mut title,
                text.replacen("title: ", &format!("title: Edited {i} "), 1),
            ),
        ] {
            std::fs::write(&path, edited).unwrap();
            let started = Instant::now();
            let mut pages = None;
            engine.apply_with(std::slice::from_ref(&path), |round| {
                assert_eq!(round.errors(), 0);
                pages = Some(started.elapsed());
                true
            });
            times.push(ms(pages.expect("pages were written")));
            engine.settle();
        }
    }
    (body, title, first)
}

/// The real server: (write → HTML on disk, write → reload event) in ms, and the build time.
fn serve(bin: &Path, n: usize, edits: usize) -> (Vec<f64>, Vec<f64>) {
    let dir = site(n);
    let root = dir.path();
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("DESKBOOK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&log);
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    let deadline = Instant::now() + Duration::from_secs(600);
    let address = loop {
        if let Some(line) = log
            .lock()
            .unwrap()
            .lines()
            .find(|l| l.contains(" at http://"))
        {
            break line
                .split(" at http://")
                .nth(1)
                .unwrap()
                .split('/')
                .next()
                .unwrap()
                .to_string();
        }
        assert!(
            Instant::now() < deadline,
            "the server did not start:\n{}",
            log.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let reloads = Arc::new(Mutex::new(Vec::<Instant>::new()));
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /__deskbook/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let seen = Arc::clone(&reloads);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        while let Ok(read) = stream.read(&mut buffer) {
            if read == 0 {
                break;
            }
            let text = String::from_utf8_lossy(&buffer[..read]);
            for _ in text.matches("event: reload") {
                seen.lock().unwrap().push(Instant::now());
            }
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    let out = root.join("public");
    let (mut on_disk, mut reloaded) = (Vec::new(), Vec::new());
    for (i, (rel, page)) in practices(root, edits).iter().enumerate() {
        let marker = format!("Served benchmark sentence {i}.");
        let manifest = std::fs::read(out.join("assets/search.js")).unwrap_or_default();
        let before = reloads.lock().unwrap().len();
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let written = Instant::now();
        std::fs::write(root.join(rel), format!("{text}\n{marker}\n")).unwrap();
        loop {
            if std::fs::read_to_string(out.join(page)).is_ok_and(|t| t.contains(&marker)) {
                on_disk.push(ms(written.elapsed()));
                break;
            }
            assert!(
                written.elapsed() < Duration::from_secs(60),
                "{page} never changed"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        loop {
            if let Some(at) = reloads.lock().unwrap().get(before) {
                reloaded.push(ms(at.duration_since(written)));
                break;
            }
            assert!(
                written.elapsed() < Duration::from_secs(60),
                "no reload event"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        // Let the search index catch up, so that edits do not queue behind it.
        let settle = Instant::now();
        while std::fs::read(out.join("assets/search.js")).unwrap_or_default() == manifest
            && settle.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _stopped = child.kill();
    let _reaped = child.wait();
    (on_disk, reloaded)
}

fn build_time(bin: &Path, n: usize) -> f64 {
    let dir = site(n);
    let started = Instant::now();
    let status = Command::new(bin)
        .args(["build", "--quiet", "--root"])
        .arg(dir.path())
        .env("DESKBOOK_TODAY", TODAY)
        .status()
        .unwrap();
    assert!(status.success());
    ms(started.elapsed())
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
    let edits = 15;
    println!(
        "debounce: {} ms (notify-debouncer-full; ticks every {} ms)",
        DEBOUNCE.as_millis(),
        DEBOUNCE.as_millis() / 4
    );
    println!(
        "{:>7} {:>10} | {:>13} {:>14} | {:>16} {:>16} | {:>9}",
        "entries",
        "build ms",
        "engine body",
        "engine title",
        "serve → disk",
        "serve → reload",
        "speed-up"
    );
    println!(
        "{:>7} {:>10} | {:>13} {:>14} | {:>16} {:>16} | {:>9}",
        "", "", "p50/p90 ms", "p50/p90 ms", "p50/p90 ms", "p50/p90 ms", "body p50"
    );
    for n in sizes {
        let build = build_time(&bin, n);
        let (mut body, mut title, _first) = engine(n, edits);
        let (mut disk, mut reload) = serve(&bin, n, edits);
        let pair =
            |t: &mut Vec<f64>| format!("{:.1}/{:.1}", percentile(t, 0.5), percentile(t, 0.9));
        println!(
            "{n:>7} {build:>10.0} | {:>13} {:>14} | {:>16} {:>16} | {:>8.0}x",
            pair(&mut body),
            pair(&mut title),
            pair(&mut disk),
            pair(&mut reload),
            build / percentile(&mut body, 0.5),
        );
    }
}
