//! Dev-server benchmark: `cargo bench --bench serve` (add `-- 1000` for one size only).
//!
//! On the synthetic corpus (benches/corpus.rs) at 1k and 10k entries it measures, for edits to
//! practice files:
//!
//! * **engine**: the incremental engine alone (library API, no file watcher): from the call to
//!   the changed pages on disk, for a body edit and for a title edit (which re-renders every
//!   page listing the entry);
//! * **serve**: the real `deskbook serve` binary: from the file write to the changed HTML on
//!   disk, to the `reload` event on a live-reload connection, to the search index on disk
//!   (published unmerged at once) and to the merged index (once the edits stop for 200 ms).
//!   This includes the watcher's debounce (reported separately: it is a constant the user can
//!   see as "quiet time").
//!
//! and compares with a full `deskbook build` of the same corpus. A custom harness, not criterion:
//! what is measured is a server process reacting to file writes.
//!
//! **load** (`cargo bench --bench serve -- load`, which runs only this part; it also runs after
//! the table above): requests per second and p50/p99 latency of `deskbook serve` on the 1k
//! corpus, with 1, 16 and 64 keep-alive clients over 127.0.0.1, while idle and while practice
//! files are edited every 150 ms (so rounds rewrite pages as they are read). The mix: practice
//! pages, category pages, the home page, the stylesheet, missing pages (404), redirects and
//! `/api/search`. Every response is checked (status, exact `Content-Length`, HTML pages ending in
//! `</html>`), so a fast wrong answer counts as a failure, not a request. Clients and server share
//! the machine's cores.

#[path = "../tests/serve/client.rs"]
mod client;
mod corpus;
mod support;

use deskbook::watch::{DEBOUNCE, Engine};
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The pinned "today" of the test suites, so that the benchmark renders the same badges.
const TODAY: &str = include_str!("../tests/common/today.txt");

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
    let (mut engine, round) = Engine::start(deskbook::pipeline::Options::new(&root));
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

/// A running release `deskbook serve` on a site (killed when dropped).
struct Server {
    child: std::process::Child,
    address: String,
    /// Everything it printed on stderr so far.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(bin: &Path, root: &Path) -> Server {
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
        Server {
            child,
            address,
            log,
        }
    }

    /// Rounds that wrote files so far (page rounds and search-index rounds).
    fn rounds(&self) -> usize {
        let log = self.log.lock().unwrap();
        log.lines()
            .filter(|l| l.starts_with("Updated ") || l.starts_with("Search index updated"))
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _stopped = self.child.kill();
        let _reaped = self.child.wait();
    }
}

/// What the real server took after each file write, in ms.
struct Serve {
    /// To the changed HTML on disk.
    on_disk: Vec<f64>,
    /// To the reload event at a client.
    reloaded: Vec<f64>,
    /// To the search index on disk (the manifest naming a bundle that has the edit).
    indexed: Vec<f64>,
    /// To the merged search index on disk, as a clean build has it.
    merged: Vec<f64>,
}

/// The real server's times from each write to what [`Serve`] lists.
fn serve(bin: &Path, n: usize, edits: usize) -> Serve {
    let dir = site(n);
    let root = dir.path();
    let server = Server::start(bin, root);
    let address = server.address.clone();
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
    let (mut indexed, mut merged) = (Vec::new(), Vec::new());
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
        // The search index follows the pages; the next edit waits for it, so that edits do not
        // queue behind it.
        while std::fs::read(out.join("assets/search.js")).unwrap_or_default() == manifest {
            assert!(
                written.elapsed() < Duration::from_secs(60),
                "the search index never changed"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        indexed.push(ms(written.elapsed()));
        // Published unmerged at once, the index is merged once the edits stop (for 200 ms):
        // then the manifest names its hot file again and the output equals a clean build.
        while !String::from_utf8_lossy(&std::fs::read(out.join("assets/search.js")).unwrap())
            .contains("\"hot\":")
        {
            assert!(
                written.elapsed() < Duration::from_secs(60),
                "the search index was never merged"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        merged.push(ms(written.elapsed()));
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(server);
    Serve {
        on_disk,
        reloaded,
        indexed,
        merged,
    }
}

/// A request of the load mix and the status it must get.
struct Target {
    path: String,
    status: u16,
}

/// The load mix on a corpus: per 20 requests, 8 practice pages (one of them a page the editor
/// rewrites), 2 category pages, 2 home pages, 3 stylesheets, 2 missing pages, 2 searches and
/// 1 redirect (a category without its slash).
fn load_mix(root: &Path, edited: &[(String, String)]) -> Vec<Target> {
    let pages = practices(root, 200);
    let categories: Vec<String> = pages
        .iter()
        .map(|(_, page)| page.rsplit_once('/').unwrap().0.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let style = std::fs::read_dir(root.join("public/assets"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("a stylesheet");
    let words = ["patron", "desk", "privacy", "loan", "queue", "policy"];
    let mut mix = Vec::new();
    for i in 0..200 {
        let target = |path: String, status| Target { path, status };
        let category = &categories[i % categories.len()];
        mix.extend([
            target(format!("/{}", edited[i % edited.len()].1), 200),
            target(format!("/{}", pages[(i * 7 + 3) % pages.len()].1), 200),
            target(format!("/{}", pages[(i * 13 + 5) % pages.len()].1), 200),
            target(format!("/{}", pages[(i * 31 + 11) % pages.len()].1), 200),
            target(format!("/{}", pages[(i * 17 + 1) % pages.len()].1), 200),
            target(format!("/{}", pages[(i * 19 + 2) % pages.len()].1), 200),
            target(format!("/{}", pages[(i * 23 + 4) % pages.len()].1), 200),
            target(format!("/{}", pages[(i * 29 + 6) % pages.len()].1), 200),
            target(format!("/{category}/"), 200),
            target(format!("/{category}/index.html"), 200),
            target("/".into(), 200),
            target("/index.html".into(), 200),
            target(format!("/assets/{style}"), 200),
            target(format!("/assets/{style}"), 200),
            target(format!("/assets/{style}"), 200),
            target(format!("/{category}/missing-{i}.html"), 404),
            target(format!("/missing/{i}"), 404),
            target(format!("/api/search?q={}", words[i % words.len()]), 200),
            target(
                format!("/api/search?q={}&lang=pl", words[(i + 1) % words.len()]),
                200,
            ),
            target(format!("/{category}"), 301),
        ]);
    }
    mix
}

/// One load run: `clients` keep-alive clients for `duration`; returns (requests/s, p50 ms,
/// p99 ms, failures).
fn load_run(
    address: &str,
    mix: &Arc<Vec<Target>>,
    clients: usize,
    duration: Duration,
) -> (f64, f64, f64, usize) {
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (address, mix) = (address.to_string(), Arc::clone(mix));
            std::thread::spawn(move || {
                let mut client = client::Client::new(&address);
                let (mut times, mut failures) = (Vec::new(), 0);
                let mut i = c * 7919;
                while started.elapsed() < duration {
                    let target = &mix[i % mix.len()];
                    i += 1;
                    let sent = Instant::now();
                    let reply = client.request("GET", &target.path);
                    times.push(ms(sent.elapsed()));
                    let ok = reply.is_ok_and(|r| {
                        r.status == target.status
                            && (target.status != 200
                                || !r
                                    .header("content-type")
                                    .is_some_and(|t| t.starts_with("text/html"))
                                || String::from_utf8_lossy(&r.body)
                                    .trim_end()
                                    .ends_with("</html>"))
                    });
                    if !ok {
                        failures += 1;
                    }
                }
                (times, failures)
            })
        })
        .collect();
    let (mut times, mut failures) = (Vec::new(), 0);
    for thread in threads {
        let (t, f) = thread.join().unwrap();
        times.extend(t);
        failures += f;
    }
    let seconds = started.elapsed().as_secs_f64();
    let rate = times.len() as f64 / seconds;
    (
        rate,
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.99),
        failures,
    )
}

/// The load table: for each client count, idle and while files are edited, the median of `runs`
/// runs of `seconds` each.
fn load(bin: &Path, n: usize) {
    let dir = site(n);
    let root = dir.path();
    let server = Server::start(bin, root);
    let edited = practices(root, 15);
    let mix = Arc::new(load_mix(root, &edited));
    let (runs, duration) = (3, Duration::from_secs(4));
    // Warm up: the page cache, the search index, the server's allocator.
    let _warm = load_run(&server.address, &mix, 8, Duration::from_secs(2));
    println!();
    println!(
        "load: {n} entries, {runs} runs of {} s per row, median of runs; \
         while rebuilding, an edit every 150 ms",
        duration.as_secs()
    );
    println!(
        "{:>7} {:>11} | {:>10} {:>9} {:>9} | {:>8} {:>6}",
        "clients", "while", "requests/s", "p50 ms", "p99 ms", "failures", "rounds"
    );
    for clients in [1, 16, 64] {
        for rebuilding in [false, true] {
            let (mut rates, mut p50s, mut p99s, mut failures, mut rounds) =
                (Vec::new(), Vec::new(), Vec::new(), 0, 0);
            for run in 0..runs {
                let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
                let before = server.rounds();
                let editor = rebuilding.then(|| {
                    let (root, edited, stop) =
                        (root.to_path_buf(), edited.clone(), Arc::clone(&stop));
                    std::thread::spawn(move || {
                        let mut k = 0;
                        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                            let path = root.join(&edited[k % edited.len()].0);
                            let text = std::fs::read_to_string(&path).unwrap();
                            std::fs::write(&path, format!("{text}\nLoad edit {run}.{k}.\n"))
                                .unwrap();
                            k += 1;
                            std::thread::sleep(Duration::from_millis(150));
                        }
                    })
                });
                let (rate, p50, p99, failed) = load_run(&server.address, &mix, clients, duration);
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
                if let Some(editor) = editor {
                    editor.join().unwrap();
                    // Let the last round and the search index land before the next run.
                    std::thread::sleep(Duration::from_secs(2));
                }
                rounds += server.rounds() - before;
                rates.push(rate);
                p50s.push(p50);
                p99s.push(p99);
                failures += failed;
            }
            println!(
                "{clients:>7} {:>11} | {:>10.0} {:>9.2} {:>9.2} | {failures:>8} {rounds:>6}",
                if rebuilding { "rebuilding" } else { "idle" },
                percentile(&mut rates, 0.5),
                percentile(&mut p50s, 0.5),
                percentile(&mut p99s, 0.5),
            );
        }
    }
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let bin = support::binary();
    if args.iter().any(|a| a == "load") {
        load(&bin, sizes.first().copied().unwrap_or(1000));
        return;
    }
    let sizes = if sizes.is_empty() {
        vec![1000, 10_000]
    } else {
        sizes
    };
    let edits = 15;
    println!(
        "debounce: {} ms (notify-debouncer-full; ticks every {} ms)",
        DEBOUNCE.as_millis(),
        DEBOUNCE.as_millis() / 4
    );
    println!(
        "{:>7} {:>10} | {:>13} {:>14} | {:>16} {:>16} {:>16} {:>16} | {:>9}",
        "entries",
        "build ms",
        "engine body",
        "engine title",
        "serve → disk",
        "serve → reload",
        "serve → index",
        "serve → merged",
        "speed-up"
    );
    let p = "p50/p90 ms";
    println!(
        "{:>7} {:>10} | {p:>13} {p:>14} | {p:>16} {p:>16} {p:>16} {p:>16} | {:>9}",
        "", "", "body p50"
    );
    for n in sizes {
        let build = build_time(&bin, n);
        let (mut body, mut title, _first) = engine(n, edits);
        let mut served = serve(&bin, n, edits);
        let pair =
            |t: &mut Vec<f64>| format!("{:.1}/{:.1}", percentile(t, 0.5), percentile(t, 0.9));
        println!(
            "{n:>7} {build:>10.0} | {:>13} {:>14} | {:>16} {:>16} {:>16} {:>16} | {:>8.0}x",
            pair(&mut body),
            pair(&mut title),
            pair(&mut served.on_disk),
            pair(&mut served.reloaded),
            pair(&mut served.indexed),
            pair(&mut served.merged),
            build / percentile(&mut body, 0.5),
        );
    }
    load(&bin, 1000);
}
