//! Shared helpers: temporary sites, whole-tree comparison with a clean build, a seeded PRNG.

use std::path::Path;
use std::process::Command;

#[path = "../common/files.rs"]
mod files;
pub use files::{OLD_RECORD, RECORD, TODAY, copy_dir, repo_root as repo, tree};
#[path = "../common/snapshots.rs"]
#[allow(dead_code)]
mod snapshots;
pub use snapshots::assert_snapshot_redacted;

/// Build options for `root` with "today" pinned to [`TODAY`]: every build and engine a test
/// starts in this process counts review deadlines from the same day as the binaries it runs.
pub fn options(root: &Path) -> deskbook::pipeline::Options {
    deskbook::pipeline::Options {
        today: Some(deskbook::date::Date::parse(TODAY).expect("tests/common/today.txt")),
        ..deskbook::pipeline::Options::new(root)
    }
}

/// A temporary copy of the starter site (the repository's `content/` and `deskbook.yaml`).
pub fn starter_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    files::copy_starter(dir.path());
    dir
}

/// Every folder under `dir` (relative), to catch folders a clean build would not have.
pub fn folders(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Asserts that `out` holds exactly what a clean `deskbook build` of `root` writes.
#[track_caller]
pub fn assert_equals_clean_build(root: &Path, out: &Path, live_reload: bool, context: &str) {
    let clean = tempfile::tempdir().unwrap();
    let clean_out = clean.path().join("out");
    let options = deskbook::pipeline::Options {
        out: Some(clean_out.clone()),
        live_reload,
        ..options(root)
    };
    let outcome = deskbook::pipeline::build(&options);
    let shown: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        outcome.value.is_some(),
        "{context}: the clean build failed:\n{}",
        shown.join("\n")
    );
    let (expected, actual) = (tree(&clean_out), tree(out));
    let only_clean: Vec<&String> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let only_live: Vec<&String> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let differ: Vec<&String> = expected
        .iter()
        .filter(|(k, v)| actual.get(*k).is_some_and(|a| a != *v))
        .map(|(k, _)| k)
        .collect();
    if let Some(path) = differ.first() {
        let (e, a) = (
            String::from_utf8_lossy(&expected[*path]),
            String::from_utf8_lossy(&actual[*path]),
        );
        let line = e
            .lines()
            .zip(a.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "{context}: {} files differ from a clean build, first `{path}` at line {}:\n  clean: {}\n  live:  {}\nall: {differ:?}",
            differ.len(),
            line + 1,
            e.lines().nth(line).unwrap_or(""),
            a.lines().nth(line).unwrap_or(""),
        );
    }
    assert!(
        only_clean.is_empty() && only_live.is_empty(),
        "{context}: missing from the live output: {only_clean:?}; extra in it: {only_live:?}"
    );
    assert_eq!(
        folders(&clean_out),
        folders(out),
        "{context}: folders differ"
    );
}

/// xorshift64*: a seeded, dependency-free PRNG, enough to pick edits.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// `---` and the front matter's lines, and the rest of `text` from the closing `\n---\n` on.
fn split_front_matter(text: &str) -> (&str, &str) {
    let end = text[4..]
        .find("\n---\n")
        .map(|i| i + 4)
        .expect("front matter");
    text.split_at(end)
}

/// Sets `key: value` in the front matter of `text` (replacing the line, or adding it).
pub fn set_key(text: &str, key: &str, value: &str) -> String {
    let (front, rest) = split_front_matter(text);
    let prefix = format!("{key}:");
    let mut lines: Vec<String> = front.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(i) => lines[i] = format!("{key}: {value}"),
        None => lines.push(format!("{key}: {value}")),
    }
    format!("{}{rest}", lines.join("\n"))
}

/// Removes the `key:` line from the front matter of `text`.
pub fn remove_key(text: &str, key: &str) -> String {
    let (front, rest) = split_front_matter(text);
    let prefix = format!("{key}:");
    let lines: Vec<&str> = front.lines().filter(|l| !l.starts_with(&prefix)).collect();
    format!("{}{rest}", lines.join("\n"))
}

/// The relative link from the Markdown file `from` to the file `to` (both relative to the site).
pub fn link(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let to: Vec<&str> = to.split('/').collect();
    let common = from[..from.len() - 1]
        .iter()
        .zip(&to[..to.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from.len() - 1 - common);
    url.push_str(&to[common..].join("/"));
    url
}

/// A running `deskbook serve` or `deskbook watch` (killed when dropped).
pub struct Running {
    child: std::process::Child,
    /// Everything the process printed on stderr so far (read by a thread).
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    pub address: Option<String>,
}

impl Running {
    /// Starts `deskbook ARGS` in `root` with today pinned; for `serve`, waits until it listens.
    pub fn start(root: &Path, args: &[&str]) -> Running {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_deskbook"))
            .args(args)
            .current_dir(root)
            .env("DESKBOOK_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starting deskbook");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = std::sync::Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut running = Running {
            child,
            stderr,
            address: None,
        };
        let ready = if args.first() == Some(&"serve") {
            " at http://"
        } else {
            "Watching "
        };
        let line = running.wait_for(ready, 60);
        if let Some(rest) = line.split(" at http://").nth(1) {
            running.address = Some(rest.split('/').next().unwrap().to_string());
        }
        running
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until a line containing `text` was printed; returns that line.
    #[track_caller]
    pub fn wait_for(&mut self, text: &str, seconds: u64) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        loop {
            if let Some(line) = self.stderr().lines().find(|l| l.contains(text)) {
                return line.to_string();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "deskbook exited ({status}) before printing {text:?}:\n{}",
                    self.stderr()
                );
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no {text:?} within {seconds} s:\n{}",
                self.stderr()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn get(&self, path: &str) -> Response {
        get(self.address.as_deref().expect("a server"), path)
    }

    /// Sends Ctrl-C (SIGINT) and waits up to `seconds` for the process to end; its exit status.
    #[track_caller]
    pub fn interrupt(&mut self, seconds: u64) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "still running {seconds} s after Ctrl-C:\n{}",
                self.stderr()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _already_gone = self.child.kill();
        let _reaped = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A plain HTTP/1.1 GET over a fresh connection; `path` is sent exactly as given (no
/// normalisation, so `..` and odd encodings reach the server as an attacker would send them).
pub fn get(address: &str, path: &str) -> Response {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v == "chunked")
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        body.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 2 + size + 2..];
    }
    body
}

/// Polls `check` every 20 ms until it holds (or panics after `seconds`).
#[track_caller]
pub fn eventually(seconds: u64, what: &str, mut check: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while !check() {
        assert!(
            std::time::Instant::now() < deadline,
            "not within {seconds} s: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Reads a server-sent event stream in a thread; collects the `event:` names it receives.
pub struct Events {
    seen: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Events {
    pub fn connect(address: &str) -> Events {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        write!(stream, "GET /__deskbook/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = std::sync::Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let events = Events { seen };
        eventually(10, "the event stream answers", || {
            events.text().contains("200 OK")
        });
        events
    }

    pub fn text(&self) -> String {
        self.seen.lock().unwrap().clone()
    }
}
