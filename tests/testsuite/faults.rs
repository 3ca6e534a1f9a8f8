//! Faults during `deskbook build`: a kill at any moment, a full disk, a read-only output folder,
//! a file size limit. The published folder must always hold one complete site, the previous or
//! the new one, and every failure must say what happened in words a trainer can act on.

use super::harness::{Site, TODAY, assert_code, cannot_run_here, seed, tree};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Tree = BTreeMap<String, Vec<u8>>;

fn build(site: &Site) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deskbook"));
    cmd.args(["build", "--quiet"])
        .current_dir(site.path())
        .env("DESKBOOK_TODAY", TODAY)
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// A small deterministic generator (xorshift), so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_site_or_the_new_one() {
    // The starter site: big enough for a kill to land in every stage of a build.
    let site = Site::starter();
    let entry = "content/practices/greetings/greeting-at-the-desk.md";
    let original = site.read(entry);
    // Two versions of the site, each with its complete expected output.
    let versions: Vec<(String, Tree)> = (0..2)
        .map(|v| {
            let text = format!("{original}\nVersion {v} of this entry.\n");
            site.write(entry, &text);
            let out = format!("expected-{v}");
            assert_code(&site.run(&["build", "--quiet", "--out", &out]), 0);
            (text, tree(&site.path().join(out)))
        })
        .collect();
    site.write(entry, &versions[0].0);
    // Kills are spread over 90 % of a typical build's time: most land mid-build (the swap at
    // its very end included), a few builds finish.
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let started = Instant::now();
            assert!(build(&site).status().unwrap().success());
            started.elapsed()
        })
        .collect();
    times.sort();
    // The other tests run beside this one, so a build may get faster once they are done: a
    // build that finishes before its kill shortens the window to its own time.
    let mut full = times[1];
    let mut current = tree(&site.path().join("public"));
    assert_eq!(current, versions[0].1);

    let seed = seed("a_build_killed_at_any_moment_...");
    let mut rng = Rng(seed | 1);
    let (mut killed, mut finished) = (0, 0);
    for round in 0..30 {
        let target = 1 - round % 2;
        site.write(entry, &versions[target].0);
        let started = Instant::now();
        let mut child = build(&site).spawn().unwrap();
        let delay = rng.below(full.as_micros() as u64 * 9 / 10);
        std::thread::sleep(Duration::from_micros(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        } else {
            finished += 1;
            full = full.min(started.elapsed());
        }
        child.wait().unwrap();
        let now = tree(&site.path().join("public"));
        assert!(
            now == current || now == versions[target].1,
            "round {round} (seed {seed:#x}, killed after {delay} µs): the output is neither the previous site nor the new one"
        );
        current = now;
    }
    assert!(killed >= 10, "only {killed} of 30 builds were killed");
    // Whatever the kills left behind, the next build completes and is exactly right.
    let last = if current == versions[0].1 { 1 } else { 0 };
    site.write(entry, &versions[last].0);
    assert!(build(&site).status().unwrap().success());
    assert_eq!(tree(&site.path().join("public")), versions[last].1);
    eprintln!("{killed} builds killed, {finished} finished (seed {seed:#x})");
}

/// Runs `deskbook build` under a file size limit: every write beyond it fails with EFBIG.
#[test]
fn a_file_size_limit_fails_the_build_with_a_clear_error_and_keeps_the_site() {
    let site = Site::fixture("minimal");
    assert_code(&site.run(&["build", "--quiet"]), 0);
    let before = tree(&site.path().join("public"));
    site.write(
        "content/practices/greetings/hello.md",
        site.read("content/practices/greetings/hello.md") + "\nA new sentence.\n",
    );
    // The search module alone is over 1 MB; the limit is 256 KB (ulimit counts 512-byte blocks in
    // sh). SIGXFSZ is ignored, as a CI runner with a quota would have it, so writes fail instead.
    let output = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 512 && exec \"$0\" build --quiet",
            env!("CARGO_BIN_EXE_deskbook"),
        ])
        .current_dir(site.path())
        .env("DESKBOOK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(": error: cannot write the file: File too large (os error 27) (the file is larger than this system allows)"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("the previous output in ./public is unchanged.\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(tree(&site.path().join("public")), before);
}

/// A full disk and a read-only output folder, on a small tmpfs mounted in a user namespace.
/// Needs `unshare` (util-linux) and user namespaces; where they are missing the test says so,
/// and fails under `CI=true`.
#[test]
fn a_full_disk_and_a_read_only_folder_fail_with_clear_errors_and_keep_the_site() {
    if !Command::new("unshare")
        .args(["-rm", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        cannot_run_here(
            "a_full_disk_and_a_read_only_folder_...",
            "`unshare -rm` (util-linux; user and mount namespaces) is not available here",
        );
        return;
    }
    let site = Site::fixture("minimal");
    // Size the disk to hold one output and not two.
    assert_code(&site.run(&["build", "--quiet", "--out", "probe"]), 0);
    let one: u64 = tree(&site.path().join("probe"))
        .values()
        .map(|b| b.len() as u64 + 4096)
        .sum();
    std::fs::remove_dir_all(site.path().join("probe")).unwrap();
    let disk = site.path().join("disk");
    let copies = site.path().join("copies");
    std::fs::create_dir_all(&disk).unwrap();
    std::fs::create_dir_all(&copies).unwrap();
    // Inside the namespace: build once (fits), then edit and build again (does not fit: the new
    // output is written beside the old one), then make the disk read-only and build once more.
    // Each step's messages and the output folder are copied out for the assertions below.
    let script = r#"
        set -u
        bin="$1"; disk="$2"; copies="$3"; size="$4"
        mount -t tmpfs -o size="$size" tmpfs "$disk" || exit 90
        "$bin" build --quiet --out "$disk/public" 2>"$copies/first.err"; echo $? >"$copies/first.code"
        cp -r "$disk/public" "$copies/first"
        printf '\nA new sentence.\n' >>content/practices/greetings/hello.md
        "$bin" build --quiet --out "$disk/public" 2>"$copies/full.err"; echo $? >"$copies/full.code"
        cp -r "$disk/public" "$copies/full"
        mount -o remount,ro "$disk" || exit 91
        "$bin" build --quiet --out "$disk/public" 2>"$copies/ro.err"; echo $? >"$copies/ro.code"
        cp -r "$disk/public" "$copies/ro"
    "#;
    let status = Command::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .arg(env!("CARGO_BIN_EXE_deskbook"))
        .arg(&disk)
        .arg(&copies)
        .arg(format!("{}k", one * 3 / 2 / 1024))
        .current_dir(site.path())
        .env("DESKBOOK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .status()
        .unwrap();
    assert!(status.success(), "the namespace script failed: {status}");
    let read = |name: &str| std::fs::read_to_string(copies.join(name)).unwrap();
    let step = |name: &str| (read(&format!("{name}.code")), read(&format!("{name}.err")));
    assert_eq!(step("first"), ("0\n".into(), String::new()));
    let first = tree(&copies.join("first"));
    let shown = disk.join("public").display().to_string();
    for (name, message) in [
        (
            "full",
            "cannot write the file: No space left on device (os error 28) (the disk is full)",
        ),
        (
            "ro",
            "Read-only file system (os error 30) (is the folder read-only?)",
        ),
    ] {
        let (code, err) = step(name);
        assert_eq!(code, "1\n", "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
        assert!(
            err.ends_with(&format!("the previous output in {shown} is unchanged.\n")),
            "{name}: {err}"
        );
        assert_eq!(tree(&copies.join(name)), first, "{name}: the site changed");
    }
}
