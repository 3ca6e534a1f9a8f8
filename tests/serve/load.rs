//! `deskbook serve` under load: at least 10,000 requests from 48 keep-alive clients over
//! 127.0.0.1 while an entry is edited again and again, so that rounds rewrite pages under the
//! readers' feet.
//!
//! Why: the watch engine writes every changed file under a temporary name and renames it into
//! place (src/watch/output.rs) so that the server never serves half a page, and the server reads
//! each file whole. This checks that promise end to end, with the real binary, the real file
//! watcher and many concurrent readers. Every response must be well-formed with the expected
//! status, and every body read from a file must equal, byte for byte, that file in one of the
//! clean builds of the states the entry went through: a torn, truncated or mixed page matches none
//! of them. The run continues past 10,000 requests until the edited page was seen in at least two
//! versions, so the rebuilds really happened while requests were in flight.

use crate::client::{Client, Reply};
use crate::support::{Running, starter_site, tree};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 48;
const REQUESTS: usize = 10_000;
/// Rounds that must land while the load runs.
const ROUNDS: usize = 3;
const ENTRY: &str = "content/practices/greetings/greeting-at-the-desk.md";
const PAGE: &str = "practices/greetings/greeting-at-the-desk.html";
const MARKERS: [&str; 3] = ["zebra", "otter", "heron"];
/// The whole load phase, rebuilds included, must fit in this.
const LIMIT: Duration = Duration::from_secs(45);

fn with_marker(text: &str, marker: usize) -> String {
    format!("{text}\nLoad test marker: {}.\n", MARKERS[marker])
}

/// Every output file's possible contents: one clean build (live reload on, as serve renders) per
/// marker, deduplicated per path.
fn versions(root: &Path, original: &str) -> BTreeMap<String, Vec<Vec<u8>>> {
    let mut versions: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for marker in 0..MARKERS.len() {
        std::fs::write(root.join(ENTRY), with_marker(original, marker)).unwrap();
        let out = tempfile::tempdir().unwrap();
        let options = deskbook::pipeline::Options {
            out: Some(out.path().join("out")),
            live_reload: true,
            ..crate::support::options(root)
        };
        assert!(deskbook::pipeline::build(&options).value.is_some());
        for (path, bytes) in tree(&out.path().join("out")) {
            let known = versions.entry(path).or_default();
            if !known.contains(&bytes) {
                known.push(bytes);
            }
        }
    }
    assert_eq!(versions[PAGE].len(), MARKERS.len(), "one page per marker");
    versions
}

#[derive(Clone)]
enum Expect {
    /// 200 with one of the versions of this output file.
    File(String),
    /// HEAD: 200, the length of one of the versions, no body.
    Head(String),
    /// 404 with one of the versions of the site's `404.html`.
    Missing,
    Redirect(&'static str),
    Search,
    LiveClient,
}

#[derive(Clone)]
struct Target {
    method: &'static str,
    path: String,
    expect: Expect,
}

/// The request mix, one entry per percent: the edited page most, then the pages that list it,
/// other pages, assets, missing pages, redirects, HEAD and the search API.
fn mix(versions: &BTreeMap<String, Vec<Vec<u8>>>) -> Vec<Target> {
    let asset = |prefix: &str, suffix: &str| {
        let name = versions
            .keys()
            .find(|k| k.starts_with(prefix) && k.ends_with(suffix))
            .unwrap_or_else(|| panic!("no {prefix}*{suffix} in the build"))
            .clone();
        assert_eq!(
            versions[&name].len(),
            1,
            "{name} does not depend on the edit"
        );
        name
    };
    let file = |url: &str, file: &str| Target {
        method: "GET",
        path: url.to_string(),
        expect: Expect::File(file.to_string()),
    };
    let style = asset("assets/style.", ".css");
    let script = asset("assets/deskbook.", ".js");
    let weighted: Vec<(usize, Target)> = vec![
        (30, file(&format!("/{PAGE}"), PAGE)),
        (
            8,
            file(
                "/practices/greetings/print.html",
                "practices/greetings/print.html",
            ),
        ),
        (10, file("/", "index.html")),
        (
            5,
            file("/practices/greetings/", "practices/greetings/index.html"),
        ),
        (
            5,
            file(
                "/practices/privacy/quiet-voice.html",
                "practices/privacy/quiet-voice.html",
            ),
        ),
        (5, file("/pl/index.html", "pl/index.html")),
        (7, file(&format!("/{style}"), &style)),
        (5, file(&format!("/{script}"), &script)),
        (3, file("/assets/search.js", MANIFEST)),
        (
            5,
            Target {
                method: "GET",
                path: "/__deskbook/live.js".into(),
                expect: Expect::LiveClient,
            },
        ),
        (
            7,
            Target {
                method: "GET",
                path: "/practices/no-such-page.html".into(),
                expect: Expect::Missing,
            },
        ),
        (
            3,
            Target {
                method: "GET",
                path: "/practices/greetings".into(),
                expect: Expect::Redirect("/practices/greetings/"),
            },
        ),
        (
            3,
            Target {
                method: "HEAD",
                path: format!("/{PAGE}"),
                expect: Expect::Head(PAGE.into()),
            },
        ),
        (
            2,
            Target {
                method: "GET",
                path: "/api/search?q=patron".into(),
                expect: Expect::Search,
            },
        ),
        (
            2,
            Target {
                method: "GET",
                path: "/api/search?q=prywatno%C5%9B%C4%87&lang=pl".into(),
                expect: Expect::Search,
            },
        ),
    ];
    assert_eq!(weighted.iter().map(|(w, _)| w).sum::<usize>(), 100);
    let mut slots: Vec<Target> = Vec::new();
    for (weight, target) in weighted {
        slots.extend(std::iter::repeat_n(target, weight));
    }
    slots
}

const MANIFEST: &str = "assets/search.js";

/// Whether `body` is a whole search manifest: after an edit the dev server publishes the index
/// unmerged at once, which no build writes (`search_round.rs`), and merges it once the edits
/// stop. Its first line names the files as JSON; the rest is the same in every build.
fn whole_manifest(body: &[u8], built: &[Vec<u8>]) -> bool {
    let text = String::from_utf8_lossy(body);
    let Some((first, rest)) = text.split_once('\n') else {
        return false;
    };
    let json = first
        .strip_prefix("window.__deskbookSearch=")
        .and_then(|j| j.strip_suffix(';'));
    json.is_some_and(|j| serde_json::from_str::<serde_json::Value>(j).is_ok())
        && built.iter().any(|b| {
            String::from_utf8_lossy(b)
                .split_once('\n')
                .is_some_and(|(_, r)| r == rest)
        })
}

/// Checks one response; returns the marker shown, for the edited page.
fn check(
    target: &Target,
    reply: &Reply,
    versions: &BTreeMap<String, Vec<Vec<u8>>>,
) -> Result<Option<usize>, String> {
    let status = |expected: u16| {
        if reply.status == expected {
            Ok(())
        } else {
            Err(format!("status {} (expected {expected})", reply.status))
        }
    };
    let one_of = |file: &str| -> Result<usize, String> {
        let known = &versions[file];
        if let Some(i) = known.iter().position(|v| *v == reply.body) {
            return Ok(i);
        }
        let text = String::from_utf8_lossy(&reply.body);
        Err(format!(
            "a body of {} bytes that no build wrote (ends with </html>: {}; lengths built: {:?}; \
             markers: {:?})",
            reply.body.len(),
            text.trim_end().ends_with("</html>"),
            known.iter().map(Vec::len).collect::<Vec<_>>(),
            MARKERS
                .iter()
                .filter(|m| text.contains(&format!("marker: {m}.")))
                .collect::<Vec<_>>(),
        ))
    };
    match &target.expect {
        Expect::File(file) if file == MANIFEST && whole_manifest(&reply.body, &versions[file]) => {
            status(200).map(|()| None)
        }
        Expect::File(file) => {
            status(200)?;
            let version = one_of(file)?;
            if file.ends_with(".html")
                && !String::from_utf8_lossy(&reply.body)
                    .trim_end()
                    .ends_with("</html>")
            {
                return Err("an HTML page without its end".into());
            }
            Ok((file == PAGE).then_some(version))
        }
        Expect::Head(file) => {
            status(200)?;
            let length = reply.header("content-length").unwrap_or_default();
            if !versions[file].iter().any(|v| v.len().to_string() == length) {
                return Err(format!("HEAD length {length} matches no build"));
            }
            Ok(None)
        }
        Expect::Missing => {
            status(404)?;
            one_of("404.html").map(|_| None)
        }
        Expect::Redirect(to) => {
            status(301)?;
            match reply.header("location") {
                Some(location) if location == *to => Ok(None),
                other => Err(format!("redirected to {other:?}")),
            }
        }
        Expect::Search => {
            status(200)?;
            let hits: Vec<serde_json::Value> = serde_json::from_slice(&reply.body)
                .map_err(|e| format!("search answer is not a JSON list: {e}"))?;
            if hits.is_empty() || !hits.iter().all(|h| h["url"].is_string()) {
                return Err(format!("search hits: {hits:?}"));
            }
            Ok(None)
        }
        Expect::LiveClient => {
            status(200)?;
            if !String::from_utf8_lossy(&reply.body).contains("new EventSource(") {
                return Err("not the live-reload client".into());
            }
            Ok(None)
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
fn many_clients_during_rebuilds_get_only_whole_pages() {
    let site = starter_site();
    let root = site.path();
    let original = std::fs::read_to_string(root.join(ENTRY)).unwrap();
    let versions = Arc::new(versions(root, &original));
    let targets = Arc::new(mix(&versions));
    std::fs::write(root.join(ENTRY), with_marker(&original, 0)).unwrap();
    let server = Running::start(root, &["serve", "--port", "0", "--root", "."]);
    let address = server.address.clone().unwrap();

    let next = Arc::new(AtomicUsize::new(0));
    let landed = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(AtomicU8::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let started = Instant::now();

    // The editor: the next marker as soon as the last one is on disk, until the load is over.
    let editor = {
        let (root, landed, stop, failures) = (
            root.to_path_buf(),
            Arc::clone(&landed),
            Arc::clone(&stop),
            Arc::clone(&failures),
        );
        let original = original.clone();
        std::thread::spawn(move || {
            let mut marker = 0;
            while !stop.load(Ordering::Relaxed) {
                marker = (marker + 1) % MARKERS.len();
                std::fs::write(root.join(ENTRY), with_marker(&original, marker)).unwrap();
                let shown = format!("marker: {}.", MARKERS[marker]);
                let written = Instant::now();
                while !std::fs::read_to_string(root.join("public").join(PAGE))
                    .is_ok_and(|page| page.contains(&shown))
                {
                    if written.elapsed() > Duration::from_secs(30) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("the edit to `{shown}` never reached the page"));
                        return marker;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                landed.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(30));
            }
            marker
        })
    };

    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (address, next, landed, seen, failures, targets, versions) = (
                address.clone(),
                Arc::clone(&next),
                Arc::clone(&landed),
                Arc::clone(&seen),
                Arc::clone(&failures),
                Arc::clone(&targets),
                Arc::clone(&versions),
            );
            std::thread::spawn(move || {
                let mut client = Client::new(&address);
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= REQUESTS
                        && landed.load(Ordering::Relaxed) >= ROUNDS
                        && seen.load(Ordering::Relaxed).count_ones() >= 2
                    {
                        break;
                    }
                    if started.elapsed() > LIMIT {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("not done within {LIMIT:?} ({i} requests)"));
                        break;
                    }
                    // A stride coprime with 100 walks the whole mix in every client.
                    let target = &targets[(i * 37) % targets.len()];
                    let sent = Instant::now();
                    let outcome = client
                        .request(target.method, &target.path)
                        .map_err(|e| format!("{e}"))
                        .and_then(|reply| check(target, &reply, &versions));
                    latencies.push(sent.elapsed());
                    match outcome {
                        Ok(Some(version)) => {
                            seen.fetch_or(1 << version, Ordering::Relaxed);
                        }
                        Ok(None) => {}
                        Err(e) => failures.lock().unwrap().push(format!(
                            "request {i}: {} {}: {e}",
                            target.method, target.path
                        )),
                    }
                }
                (latencies, client.connects)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut connects = 0;
    for client in clients {
        let (times, opened) = client.join().unwrap();
        latencies.extend(times);
        connects += opened;
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let last = editor.join().unwrap();

    let failures = failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "{} failed requests of {}; the first:\n{}\n--- server\n{}",
        failures.len(),
        latencies.len(),
        failures[..failures.len().min(10)].join("\n"),
        server.stderr()
    );
    latencies.sort();
    eprintln!(
        "load: {} requests in {:.2} s ({:.0}/s) from {CLIENTS} clients, p50 {:?}, p99 {:?}, \
         max {:?}; {} rounds landed, versions of the edited page seen: {:03b}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().unwrap(),
        landed.load(Ordering::Relaxed),
        seen.load(Ordering::Relaxed),
    );
    assert!(latencies.len() >= REQUESTS);
    assert_eq!(
        connects, CLIENTS,
        "the server closed keep-alive connections under load"
    );

    // After the storm the server settles on the last edit's page, exactly as a clean build has it.
    let expected = &versions[PAGE][last];
    let mut client = Client::new(&address);
    crate::support::eventually(20, "the last edit is served", || {
        client
            .request("GET", &format!("/{PAGE}"))
            .is_ok_and(|reply| reply.status == 200 && reply.body == *expected)
    });
}
