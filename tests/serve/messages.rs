//! What `serve` and `watch` print, as snapshots (`tests/fixtures/*.serve.txt`, `*.watch.txt`):
//! the startup lines, a line per rebuild, a broken edit's diagnostic and its fix, and the errors
//! that stop them. The temporary site folder is `[ROOT]`; timings and ports are `[..]`.

use crate::support::{Running, TODAY, assert_snapshot_redacted, copy_dir, repo};
use std::path::Path;

fn minimal_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/minimal"), dir.path());
    dir
}

/// Replaces `rel` in one step, as an editor saving through a backup file does: the watcher sees
/// the whole new file at once (`NAME~` itself is an editor leftover it ignores).
fn save(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let backup = root.join(format!("{rel}~"));
    std::fs::write(&backup, text).unwrap();
    std::fs::rename(&backup, &path).unwrap();
}

/// Waits until what `running` printed after its first `since` bytes has a line with `text`.
#[track_caller]
fn wait_after(running: &Running, since: usize, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !running.stderr()[since..]
        .lines()
        .any(|line| line.contains(text))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no {text:?} within 30 s; printed so far:\n{}",
            running.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A session with a running `serve` or `watch`: an edit, an edit that breaks the site, its fix.
/// Each step waits for the line that ends its round, so the transcript is the same on every run.
fn edit_break_and_fix(running: &Running, root: &Path) -> String {
    const PAGE: &str = "content/practices/greetings/hello.md";
    const OTHER: &str = "content/practices/greetings/phone.md";
    // A new owner: pages and the review list change, the search index does not, so the round
    // reads the same whether or not the engine leaves the index for later (it does when more
    // file events wait, which depends on timing).
    let since = running.stderr().len();
    let text = std::fs::read_to_string(root.join(PAGE)).unwrap();
    save(
        root,
        PAGE,
        &text.replace("owner: Adult Services\n", "owner: Reference Team\n"),
    );
    wait_after(running, since, "Updated ");

    let since = running.stderr().len();
    let good = std::fs::read_to_string(root.join(OTHER)).unwrap();
    save(root, OTHER, &good.replace("[courtesy]", "[curtesy]"));
    wait_after(
        running,
        since,
        "the output is unchanged until they are fixed",
    );

    let since = running.stderr().len();
    save(root, OTHER, &good);
    wait_after(running, since, "All problems fixed");
    running.stderr()
}

/// `[ROOT]`: the site folder as `serve` and `watch` name it (they resolve `--root`).
fn root_of(site: &tempfile::TempDir) -> (&'static str, String) {
    let path = site.path().canonicalize().unwrap();
    ("[ROOT]", path.display().to_string())
}

#[test]
fn what_serve_prints_from_start_to_a_fixed_mistake_is_in_a_snapshot() {
    let site = minimal_site();
    let server = Running::start(site.path(), &["serve", "--port", "0", "--root", "."]);
    let printed = edit_break_and_fix(&server, site.path());
    assert_snapshot_redacted("minimal.serve.txt", &printed, &[root_of(&site)]);
}

#[test]
fn what_watch_prints_from_start_to_a_fixed_mistake_is_in_a_snapshot() {
    let site = minimal_site();
    let watch = Running::start(site.path(), &["watch", "--root", "."]);
    let printed = edit_break_and_fix(&watch, site.path());
    assert_snapshot_redacted("minimal.watch.txt", &printed, &[root_of(&site)]);
}

/// `deskbook ARGS` in `dir` until it exits (it must, within a minute): stderr and exit status.
fn run_to_the_end(dir: &Path, args: &[&str]) -> String {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_deskbook"))
        .args(args)
        .current_dir(dir)
        .env("DESKBOOK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("deskbook {args:?} did not stop");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    format!(
        "$ deskbook {}\n{}--- exit {}\n\n",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr),
        output.status.code().unwrap_or(-1)
    )
}

#[test]
fn what_serve_and_watch_print_when_they_cannot_start_is_in_a_snapshot() {
    let site = minimal_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut printed = run_to_the_end(site.path(), &["serve", "--port", &port]);
    // A port in use is said before anything is built.
    assert!(!site.path().join("public").exists());
    for command in ["serve", "watch"] {
        printed.push_str(&run_to_the_end(
            site.path(),
            &[command, "--root", "no-such-folder"],
        ));
    }
    printed.push_str(&run_to_the_end(site.path(), &["serve", "--port", "http"]));
    drop(taken);
    assert_snapshot_redacted(
        "minimal.serve-errors.txt",
        &printed,
        &[root_of(&site), ("[PORT]", port)],
    );
}

#[test]
fn what_serve_prints_in_a_folder_that_is_not_a_site_is_in_a_snapshot() {
    let folder = tempfile::tempdir().unwrap();
    let server = Running::start(folder.path(), &["serve", "--port", "0"]);
    assert_snapshot_redacted(
        "serve-not-a-site.txt",
        &server.stderr(),
        &[root_of(&folder)],
    );
}
