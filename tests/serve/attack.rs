//! `deskbook serve` against hostile clients: malformed HTTP, oversized request heads, path
//! traversal in every encoding we could think of, and slow clients. After each attack the server
//! must still answer a normal request promptly, and nothing outside the output folder may leak.
//!
//! Why: the dev server listens on 127.0.0.1, where every local process can reach it, and it runs
//! for hours next to the author's files. `server.rs` covers the plain traversal cases; this file
//! covers the other encodings, symbolic links, the request target forms HTTP allows, and the
//! denial-of-service attacks that `src/serve/conn.rs` defends against.

use crate::support::{Events, Running, get, starter_site};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

const SECRET: &str = "top secret: next to the site, never part of it";
/// The real limit (src/serve/conn.rs) and a margin for a loaded machine.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const PROMPT: Duration = Duration::from_secs(5);

fn serve(root: &Path) -> Running {
    Running::start(root, &["serve", "--port", "0", "--root", "."])
}

/// Asserts that a normal request is answered completely and promptly.
#[track_caller]
fn assert_healthy(address: &str, after: &str) {
    let started = Instant::now();
    let home = get(address, "/");
    let took = started.elapsed();
    assert!(
        home.status == 200 && home.text().trim_end().ends_with("</html>"),
        "after {after}: the home page answered {} ({} bytes)",
        home.status,
        home.body.len()
    );
    assert!(took < PROMPT, "after {after}: the home page took {took:?}");
}

/// How a raw exchange ended.
#[derive(Debug, PartialEq)]
enum End {
    /// The server closed the connection.
    Closed,
    /// Still open when we stopped waiting.
    Open,
}

/// Sends `bytes` and reads until the server closes the connection or `wait` passes; also says
/// whether the server took all the bytes (it may hang up midway, and then its answer can be lost
/// to the reset).
fn raw_exchange(address: &str, bytes: &[u8], wait: Duration) -> (String, End, bool) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    let sent = stream.write_all(bytes).is_ok();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 65536];
    let end = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break End::Closed,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                break End::Open;
            }
            Err(_reset) => break End::Closed,
        }
    };
    (String::from_utf8_lossy(&answer).into_owned(), end, sent)
}

fn raw(address: &str, bytes: &[u8], wait: Duration) -> (String, End) {
    let (answer, end, _sent) = raw_exchange(address, bytes, wait);
    (answer, end)
}

#[test]
fn malformed_requests_are_refused_and_the_server_carries_on() {
    let site = starter_site();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let huge_value = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\n{}\r\n",
        (0..5000)
            .map(|i| format!("X-{i}: y\r\n"))
            .collect::<String>()
    );
    let long_target = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(100_000)
    );
    let long_method = format!(
        "{} / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "A".repeat(100_000)
    );
    // (what, bytes, the status expected; None: any 4xx, or a hang-up without an answer). An
    // answer may be missing only when the server hung up before taking the whole request.
    let cases: Vec<(&str, Vec<u8>, Option<u16>)> = vec![
        (
            "binary garbage",
            b"\x00\xff\xfe\x01garbage\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "TLS handshake",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
            None,
        ),
        (
            "HTTP/2 preface",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
            None,
        ),
        (
            "HTTP/9.9",
            b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "HTTP/2.0 request line",
            b"GET / HTTP/2.0\r\nHost: localhost\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "no version (HTTP/0.9)",
            b"GET /\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "lower-case version",
            b"GET / http/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "two spaces",
            b"GET  / HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "NUL in the method",
            b"G\x00ET / HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "raw bytes in the target",
            b"GET /\xff\xfe HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "relative target",
            b"GET ../secret.txt HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "header without a colon",
            b"GET / HTTP/1.1\r\nHost x\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "space before the colon",
            b"GET / HTTP/1.1\r\nHost : x\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "folded header",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nX-A: b\r\n folded\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "NUL in a header",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nX-A: b\x00c\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "negative length",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n".to_vec(),
            Some(400),
        ),
        (
            "two lengths",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                .to_vec(),
            Some(400),
        ),
        (
            "bad chunk size",
            b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
            None,
        ),
        ("1 MB header", huge_value.into_bytes(), Some(431)),
        ("5,000 headers", many_headers.into_bytes(), Some(431)),
        ("100 KB target", long_target.into_bytes(), None),
        ("100 KB method", long_method.into_bytes(), Some(431)),
    ];
    for (what, bytes, expected) in cases {
        let (answer, end, sent) = raw_exchange(&address, &bytes, PROMPT);
        assert_eq!(end, End::Closed, "{what}: the connection was kept open");
        let status: Option<u16> = answer
            .strip_prefix("HTTP/1.1 ")
            .and_then(|r| r.get(..3))
            .and_then(|s| s.parse().ok());
        match expected {
            Some(_) if answer.is_empty() && !sent => {}
            Some(code) => assert_eq!(status, Some(code), "{what}: {answer:?}"),
            None => assert!(
                answer.is_empty() || status.is_some_and(|s| (400..500).contains(&s)),
                "{what}: {answer:?}"
            ),
        }
        assert_healthy(&address, what);
    }
    // A hundred pipelined requests on one connection are all answered, in order.
    let pipelined: String = (0..100)
        .map(|i| format!("GET /no-such-page-{i}.html HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .chain(std::iter::once(
            "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_string(),
        ))
        .collect();
    let (answer, end) = raw(&address, pipelined.as_bytes(), PROMPT);
    assert_eq!(end, End::Closed);
    assert_eq!(answer.matches("HTTP/1.1 404 Not Found\r\n").count(), 100);
    assert!(answer.contains("HTTP/1.1 200 OK\r\n") && answer.trim_end().ends_with("</html>"));
}

#[test]
fn path_traversal_in_every_encoding_reads_nothing_outside_the_output() {
    let site = starter_site();
    let root = site.path();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    std::fs::create_dir(root.join("outside")).unwrap();
    std::fs::write(
        root.join("outside/index.html"),
        format!("<html>{SECRET}</html>"),
    )
    .unwrap();
    let server = serve(root);
    let address = server.address.clone().unwrap();
    let public = root.join("public");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("../secret.txt", public.join("relative-link.txt")).unwrap();
        symlink(root.join("outside"), public.join("outdir")).unwrap();
        symlink("/", public.join("rootfs")).unwrap();
        symlink("loop-b", public.join("loop-a")).unwrap();
        symlink("loop-a", public.join("loop-b")).unwrap();
        symlink(
            "../../../secret.txt",
            public.join("practices/greetings/sneaky.html"),
        )
        .unwrap();
    }
    let passwd = "root:x:0:0";
    let secret_path = root.join("secret.txt").display().to_string();
    let attempts: Vec<String> = [
        // Double and nested percent-encoding: decoded once, they are file names, not `..`.
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/.%252e/secret.txt",
        "/%%32%65%%32%65/secret.txt",
        "/..%255c..%255csecret.txt",
        // Half-encoded dots.
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/practices/%2e%2e/%2e%2e/secret.txt",
        "/practices/greetings/%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.txt",
        // Overlong UTF-8 for `.` and `/`, and look-alike dots.
        "/%c0%ae%c0%ae/secret.txt",
        "/%c0%ae%c0%ae%c0%afsecret.txt",
        "/..%c0%afsecret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%ef%bc%8e%ef%bc%8e/secret.txt",
        "/%u002e%u002e/secret.txt",
        "/%uff0e%uff0e/secret.txt",
        // Backslashes, raw and encoded.
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/..%5c..%5csecret.txt",
        "/practices\\..\\..\\secret.txt",
        // NUL.
        "/..%00/secret.txt",
        "/secret.txt%00.html",
        "/%00../secret.txt",
        "/practices/%00/../../secret.txt",
        // Odd dot segments.
        "/..;/secret.txt",
        "/.../secret.txt",
        "/....//secret.txt",
        "/./../secret.txt",
        "/practices/./../../secret.txt",
        // System files, absolute and from the root.
        "/etc/passwd",
        "//etc/passwd",
        "///etc/passwd",
        "/%2fetc%2fpasswd",
        "/../../../../../../../../etc/passwd",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/file:///etc/passwd",
        "/C:%5cWindows%5cwin.ini",
        // Symbolic links inside the output that lead out of it.
        "/relative-link.txt",
        "/outdir/",
        "/outdir/index.html",
        "/rootfs/etc/passwd",
        "/loop-a",
        "/practices/greetings/sneaky.html",
    ]
    .into_iter()
    .map(String::from)
    .chain([
        format!("/{}", secret_path.trim_start_matches('/')),
        format!("/%2e%2e{}", secret_path.replace('/', "%2f")),
    ])
    .collect();
    let leaked = |what: &str, text: &str| {
        assert!(!text.contains(SECRET), "{what} leaked the secret");
        assert!(!text.contains(passwd), "{what} leaked /etc/passwd");
        assert!(
            !text.contains("review_every_months:"),
            "{what} leaked a source file"
        );
    };
    for path in &attempts {
        let response = get(&address, path);
        leaked(path, &response.text());
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: status {}",
            response.status
        );
    }
    // The other request-target forms HTTP allows: absolute-form and asterisk-form.
    for target in [
        "http://127.0.0.1/../secret.txt",
        "http://127.0.0.1/%2e%2e/secret.txt",
        "http://localhost/..%2f..%2fetc/passwd",
        "*",
    ] {
        let (answer, _) = raw(
            &address,
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
            PROMPT,
        );
        leaked(target, &answer);
        assert!(
            answer.starts_with("HTTP/1.1 400 ") || answer.starts_with("HTTP/1.1 404 "),
            "{target}: {answer:.40}"
        );
    }
    // A folder's redirect always stays on this host: `//practices` must not send the browser to
    // `http://practices/`.
    for (path, location) in [
        ("//practices", "/practices/"),
        ("///practices//greetings", "/practices//greetings/"),
        ("/outdir", "/outdir/"),
        (
            "/practices?next=//evil.example",
            "/practices/?next=//evil.example",
        ),
    ] {
        let response = get(&address, path);
        assert_eq!(
            (response.status, response.header("location")),
            (301, Some(location)),
            "{path}"
        );
        leaked(path, &response.text());
    }
    assert_healthy(&address, "the traversal attempts");
}

#[test]
fn slow_clients_neither_block_others_nor_stay_forever() {
    let site = starter_site();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let wasm = std::fs::read_dir(site.path().join("public/assets"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".wasm"))
        .expect("the search module");
    let started = Instant::now();
    // Slowloris: request heads that never end, one byte at a time.
    let mut dripping: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut s = TcpStream::connect(&address).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
                .unwrap();
            s
        })
        .collect();
    // Connections that never send anything.
    let silent: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    // Clients that ask for 8 × 1.8 MB and never read the answers.
    let request = format!("GET /assets/{wasm} HTTP/1.1\r\nHost: localhost\r\n\r\n").repeat(8);
    let _deaf: Vec<TcpStream> = (0..16)
        .map(|_| {
            let mut s = TcpStream::connect(&address).unwrap();
            s.write_all(request.as_bytes()).unwrap();
            s
        })
        .collect();
    // Open: the server has not hung up (reading finds no end of stream).
    let is_open = |s: &TcpStream| {
        s.set_nonblocking(true).unwrap();
        let mut buffer = [0u8; 256];
        match (&*s).read(&mut buffer) {
            Ok(0) => false,
            Ok(_) => true,
            Err(e) => e.kind() == ErrorKind::WouldBlock,
        }
    };
    // Keep dripping: activity must not buy more time. Others are served meanwhile.
    let mut byte = 0u8;
    let mut checked = false;
    loop {
        for s in &mut dripping {
            let _cut_off = s.write_all(&[b'a' + byte % 26]);
        }
        byte = byte.wrapping_add(1);
        assert_healthy(&address, "slow clients connected");
        if !checked && started.elapsed() > HEADER_TIMEOUT / 2 {
            // Half-way: a timeout far shorter than documented would break keep-alive.
            let open = dripping
                .iter()
                .chain(&silent)
                .filter(|s| is_open(s))
                .count();
            assert!(
                started.elapsed() > HEADER_TIMEOUT || open == 200,
                "only {open} of 200 slow connections open at {:?}",
                started.elapsed()
            );
            checked = true;
        }
        let open = dripping
            .iter()
            .chain(&silent)
            .filter(|s| is_open(s))
            .count();
        if open == 0 {
            break;
        }
        assert!(
            started.elapsed() < HEADER_TIMEOUT + PROMPT * 2,
            "{open} of 200 slow connections still open after {:?}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_healthy(&address, "slow clients were cut off");
}

/// The live-reload stream of an open page never ends; Ctrl-C must stop the server anyway.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_while_a_page_is_open() {
    use std::io::BufRead;
    let site = starter_site();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_deskbook"))
        .args(["serve", "--port", "0", "--root", "."])
        .current_dir(site.path())
        .env("DESKBOOK_TODAY", crate::support::TODAY)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let address = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "no address");
        if let Some(rest) = line.split(" at http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    let events = Events::connect(&address);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let asked = Instant::now();
    let stopped = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if asked.elapsed() > PROMPT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if stopped.is_none() {
        let _cleanup = child.kill();
        let _reaped = child.wait();
    }
    assert!(
        stopped.is_some_and(|s| s.success()),
        "still running {PROMPT:?} after Ctrl-C ({stopped:?})"
    );
    drop(events);
}

#[test]
fn dns_rebinding_is_refused_other_host_names_get_403() {
    let site = starter_site();
    let server = serve(site.path());
    let address = server.address.clone().unwrap();
    let port = address.rsplit_once(':').unwrap().1.to_string();
    for host in [
        "evil.example",
        "evil.example:80",
        "intranet.example.localhost.evil",
        "10.0.0.7",
    ] {
        let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let (answer, _) = raw(&address, request.as_bytes(), PROMPT);
        assert!(
            answer.starts_with("HTTP/1.1 403 Forbidden\r\n"),
            "{host}: {answer}"
        );
        assert!(
            answer.contains("deskbook serve answers only requests for localhost"),
            "{host}: {answer}"
        );
        assert!(!answer.contains("<html"), "{host}: the page leaked");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "docs.localhost".to_string(),
        "LOCALHOST.".to_string(),
    ] {
        let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let (answer, _) = raw(&address, request.as_bytes(), PROMPT);
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{host}: {answer}"
        );
    }
}
