//! `POST /api/feedback` on a really started `deskbook serve`: a submission lands in
//! `feedback.jsonl` beside `deskbook.yaml`, bad input gets a 4xx with a sentence, and the pages
//! served point their feedback form at the server.

use crate::support::{Running, starter_site};
use std::io::{Read, Write};

/// A plain HTTP/1.1 POST over a fresh connection: (status, body).
fn post(address: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /api/feedback HTTP/1.1\r\nHost: {address}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

#[test]
fn posted_feedback_lands_in_feedback_jsonl_and_bad_input_is_a_400() {
    let site = starter_site();
    let server = Running::start(site.path(), &["serve", "--port", "0", "--root", "."]);
    let address = server.address.clone().unwrap();
    let page = server.get("/pl/practices/greetings/greeting-at-the-desk.html");
    assert!(
        page.text().contains("data-endpoint=\"/api/feedback\" data-entry=\"greetings/greeting-at-the-desk\" data-lang=\"pl\""),
        "served pages post to the server's own endpoint"
    );
    let json = "application/json";
    let good = r#"{"entry":"greetings/greeting-at-the-desk","lang":"pl","helpful":false,"reason":"unclear","comment":"Za długie — skrócić","page":"pl/practices/greetings/greeting-at-the-desk.html"}"#;
    assert_eq!(
        post(&address, json, good.as_bytes()),
        (201, r#"{"saved":true}"#.into())
    );
    let second = r#"{"entry":"online/phone-calls","lang":"zh","helpful":true}"#;
    assert_eq!(post(&address, json, second.as_bytes()).0, 201);
    let search = r#"{"search":"zgubiona karta","lang":"pl"}"#;
    assert_eq!(post(&address, json, search.as_bytes()).0, 201);

    for (content_type, body, status, says) in [
        (
            json,
            &b"{\"entry\": "[..],
            400,
            "the body must be a JSON object",
        ),
        (
            json,
            b"not json at all",
            400,
            "the body must be a JSON object",
        ),
        (
            json,
            br#"{"entry":"x","lang":"en","helpful":true,"cookie":"id"}"#,
            400,
            "unknown field `cookie`",
        ),
        (
            json,
            br#"{"entry":"x","lang":"en","reason":"boring"}"#,
            400,
            "`reason` must be one of",
        ),
        (
            json,
            br#"{"entry":"x","lang":"en"}"#,
            400,
            "the feedback says nothing",
        ),
        ("text/plain", good.as_bytes(), 415, "application/json"),
        (json, &[b'x'; 20_000][..], 413, "larger than 16384 bytes"),
    ] {
        let (got, answer) = post(&address, content_type, body);
        assert_eq!(got, status, "{answer}");
        assert!(
            answer.starts_with("{\"error\":\"the feedback was not saved: ")
                && answer.contains(says),
            "{answer}"
        );
    }

    let saved = std::fs::read_to_string(site.path().join("feedback.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = saved
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "only the good submissions: {saved}");
    assert_eq!(
        saved.lines().nth(2).unwrap().split_once(',').unwrap().1,
        r#""lang":"pl","search":"zgubiona karta","helpful":null,"reason":null,"comment":null,"page":null}"#
    );
    assert_eq!(lines[0]["comment"], "Za długie — skrócić");
    assert_eq!(lines[0]["helpful"], false);
    assert_eq!(lines[1]["entry"], "online/phone-calls");
    let received = lines[0]["received"].as_str().unwrap();
    assert!(
        received.len() == 20 && received.ends_with('Z') && received.as_bytes()[10] == b'T',
        "an RFC 3339 UTC timestamp: {received}"
    );
    // The server still serves after all that, and the file reads back.
    assert_eq!(server.get("/").status, 200);
    let summary = std::process::Command::new(env!("CARGO_BIN_EXE_deskbook"))
        .arg("feedback")
        .current_dir(site.path())
        .output()
        .unwrap();
    assert!(summary.status.success());
    assert!(
        String::from_utf8_lossy(&summary.stdout).starts_with(
            "feedback.jsonl: 2 submissions on 2 entries, 1 search that found nothing."
        )
    );
}
