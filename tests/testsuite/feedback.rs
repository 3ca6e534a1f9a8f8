//! Feedback to an entry's owner and what changed (issue 17, items 5 and 6): the feedback block
//! and its email links on every practice page, the owner contacts' checks, the `changes:` and
//! `created:` marks, and `deskbook feedback`'s summary.

use super::harness::assert_snapshot;
use super::harness::{Site, assert_code, repo_root, run_in, tree};

/// `%XX` sequences decoded as UTF-8 (what a mail program does with a `mailto:` subject).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("a %XX escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

/// The `mailto:` links of the page's feedback block (`data-feedback`), `&amp;` undone.
fn feedback_mailtos(html: &str) -> Vec<String> {
    let start = html.find("data-feedback ").expect("a feedback block");
    let block = &html[start..start + html[start..].find("</section>").unwrap()];
    block
        .split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .filter(|href| href.starts_with("mailto:"))
        .collect()
}

/// (address, subject, body) of a `mailto:` URL, decoded.
fn parts(mailto: &str) -> (String, String, String) {
    let (to, query) = mailto["mailto:".len()..].split_once('?').unwrap();
    let (subject, body) = query.split_once("&body=").unwrap();
    let subject = subject.strip_prefix("subject=").unwrap();
    assert!(
        !subject.contains([' ', '\n', '&', '?']) && !body.contains([' ', '\n', '&']),
        "not percent-encoded: {mailto}"
    );
    (
        percent_decode(to),
        percent_decode(subject),
        percent_decode(body),
    )
}

fn h1(html: &str) -> String {
    let start = html.find("<h1>").unwrap() + 4;
    let text = &html[start..start + html[start..].find("</h1>").unwrap()];
    text.replace("&quot;", "\"").replace("&#x27;", "'")
}

#[test]
fn every_practice_page_has_a_feedback_block_whose_email_names_the_entry() {
    let out = tempfile::tempdir().unwrap();
    let run = run_in(
        &repo_root(),
        &[
            "build",
            "--quiet",
            "--base-url",
            "https://intranet.example/kb/",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_code(&run, 0);
    let pages = tree(out.path());
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for (path, bytes) in &pages {
        let (lang, rest) = match path.split_once("/practices/") {
            Some((lang, rest)) => (lang, rest),
            None => match path.strip_prefix("practices/") {
                Some(rest) => ("en", rest),
                None => continue,
            },
        };
        if rest.matches('/').count() != 1
            || rest.ends_with("index.html")
            || rest.ends_with("print.html")
        {
            continue;
        }
        let id = rest.trim_end_matches(".html");
        let html = String::from_utf8(bytes.clone()).unwrap();
        let mails = feedback_mailtos(&html);
        assert_eq!(mails.len(), 4, "{path}: yes, no, problem, change");
        let title = h1(&html);
        for mail in &mails {
            let (to, subject, body) = parts(mail);
            assert!(to.ends_with("@library.example"), "{path}: to {to}");
            assert!(
                subject.contains(&title) && subject.ends_with(&format!("[{id}, {lang}]")),
                "{path}: subject {subject:?} should name “{title}” and [{id}, {lang}]"
            );
            assert!(
                body.contains(&format!("https://intranet.example/kb/{path}")),
                "{path}: body {body:?}"
            );
        }
        *seen.entry(lang).or_default() += 1;
    }
    assert_eq!(
        seen,
        [("en", 26), ("pl", 12), ("zh", 12)].into_iter().collect(),
        "practice pages checked per language"
    );
    // The Polish and Chinese titles arrive whole: spot-check one of each, exactly.
    let pl = String::from_utf8(pages["pl/practices/greetings/greeting-at-the-desk.html"].clone())
        .unwrap();
    let (to, subject, _) = parts(&feedback_mailtos(&pl)[2]);
    assert_eq!(to, "adult-services@library.example");
    assert_eq!(
        subject,
        "Problem: Powitanie czytelnika przy ladzie [greetings/greeting-at-the-desk, pl]"
    );
    let zh = String::from_utf8(pages["zh/practices/greetings/greeting-at-the-desk.html"].clone())
        .unwrap();
    let (_, subject, body) = parts(&feedback_mailtos(&zh)[3]);
    assert_eq!(
        subject,
        "修改建议：在服务台迎接读者 [greetings/greeting-at-the-desk, zh]"
    );
    assert!(body.starts_with("条目: greetings/greeting-at-the-desk\r\n语言: zh\r\n页面: https://intranet.example/kb/zh/practices/greetings/greeting-at-the-desk.html\r\n"), "{body:?}");
    // No endpoint configured: the links only, no form and no script for one.
    assert!(
        !pl.contains("data-feedback-form") && !pl.contains("feedback."),
        "a form without an endpoint"
    );
}

#[test]
fn an_endpoint_adds_the_form_and_its_script_with_the_email_links_kept() {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write(
        "deskbook.yaml",
        format!("{config}feedback: {{endpoint: https://forms.example/deskbook}}\nowners: {{Adult Services: adult@library.example}}\n"),
    );
    assert_code(&site.run(&["build", "--quiet"]), 0);
    let html = site.read("public/practices/greetings/hello.html");
    assert!(html.contains("data-endpoint=\"https://forms.example/deskbook\" data-entry=\"greetings/hello\" data-lang=\"en\" data-page=\"https://intranet.example/kb/practices/greetings/hello.html\""), "{html}");
    assert!(html.contains("<form class=\"feedback-form\" data-feedback-form hidden>"));
    for reason in ["outdated", "unclear", "wrong", "missing", "other"] {
        assert!(
            html.contains(&format!("<option value=\"{reason}\">")),
            "{reason}"
        );
    }
    assert!(html.contains("<script src=\"../../assets/feedback."));
    assert_eq!(feedback_mailtos(&html).len(), 4);
    let pl = site.read("public/pl/practices/greetings/hello.html");
    assert!(pl.contains("<option value=\"outdated\">Nieaktualne</option>"));
    assert!(
        !site
            .read("public/index.html")
            .contains("data-feedback-searches")
    );

    // Searches that found nothing are reported from every page only when asked for.
    site.write(
        "deskbook.yaml",
        format!(
            "{config}feedback: {{endpoint: https://forms.example/deskbook, empty_searches: true}}\n"
        ),
    );
    assert_code(&site.run(&["build", "--quiet"]), 0);
    let home = site.read("public/pl/index.html");
    assert!(
        home.contains(" data-feedback-searches=\"https://forms.example/deskbook\">"),
        "{home}"
    );
    assert!(home.contains("<script src=\"../assets/feedback."));
    let entry = site.read("public/practices/greetings/hello.html");
    assert_eq!(
        entry.matches("assets/feedback.").count(),
        1,
        "the script once"
    );
}

#[test]
fn owner_contacts_are_checked_where_they_are_written() {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write(
        "deskbook.yaml",
        format!("{config}owners:\n  Adult Services: adult@library.example\n  Circulation: circulation@library.example\n  Dział Obsługi Dorosłych: dorosli@biblioteka.example\n"),
    );
    let phone = site.read("content/practices/greetings/phone.md");
    site.write(
        "content/practices/greetings/phone.md",
        phone.replace("owner: Circulation", "owner: Circulaton"),
    );
    let hello = site.read("content/practices/greetings/hello.md");
    site.write(
        "content/practices/greetings/hello.md",
        hello.replace("owner: Adult Services", "owner: Events Team"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    assert_snapshot("feedback-owners.check.stderr", &run.stderr);

    site.write(
        "deskbook.yaml",
        format!("{config}owners:\n  Adult Services: adult@library.example\n  Circulation: circulation at library.example\nfeedback: {{endpoint: forms.example, empty_search: true}}\nnew_days: -3\n"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_snapshot("feedback-config.check.stderr", &run.stderr);
}

#[test]
fn changes_and_new_entries_show_on_the_entry_the_home_page_and_the_feed() {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write("deskbook.yaml", format!("{config}new_days: 10\n"));
    let hello = site.read("content/practices/greetings/hello.md");
    site.write(
        "content/practices/greetings/hello.md",
        hello.replace(
            "updated: 2026-09-01\n",
            "updated: 2026-11-20\nchanges: Added the phone script\ncreated: 2026-11-20\n",
        ),
    );
    let phone = site.read("content/practices/greetings/phone.md");
    site.write(
        "content/practices/greetings/phone.md",
        phone.replace(
            "updated: 2025-01-15\n",
            "updated: 2025-01-15\ncreated: 2025-01-10\n",
        ),
    );
    let run = site.run(&["build", "--quiet"]);
    assert_code(&run, 0);
    // Today is pinned at 2026-11-23: hello was created 3 days ago (new), phone long ago.
    let entry = site.read("public/practices/greetings/hello.html");
    assert!(
        entry.contains("<dt>What changed</dt><dd data-changes>Added the phone script</dd>"),
        "{entry}"
    );
    assert!(
        entry.contains("<p class=\"badge badge-new\">New"),
        "no new mark"
    );
    let phone = site.read("public/practices/greetings/phone.html");
    // (Its related card for hello has the mark; its own header has none.)
    assert!(!phone.contains("badge-new\">New <span") && !phone.contains("data-changes"));
    let home = site.read("public/index.html");
    let recent = &home[home.find("recent-heading").unwrap()..];
    assert!(recent.contains("<span class=\"badge badge-new\">New</span><span class=\"recent-changes\" data-changes>Added the phone script</span>"), "{recent}");
    let category = site.read("public/practices/greetings/index.html");
    assert_eq!(category.matches("badge-new").count(), 1);
    let feed = site.read("public/feed.xml");
    assert!(feed.contains("<content type=\"text\">Added the phone script\n\nGreet every patron within seconds.</content>"), "{feed}");

    // Counted from the pinned day: ten days later the mark is gone.
    site.write("deskbook.yaml", format!("{config}new_days: 3\n"));
    assert_code(&site.run(&["build", "--quiet"]), 0);
    assert!(
        !site
            .read("public/practices/greetings/hello.html")
            .contains("badge-new\">New <span")
    );
}

#[test]
fn created_dates_are_checked_like_updated() {
    let site = Site::fixture("minimal");
    let hello = site.read("content/practices/greetings/hello.md");
    site.write(
        "content/practices/greetings/hello.md",
        hello.replace(
            "updated: 2026-09-01\n",
            "updated: 2026-09-01\ncreated: 2026-13-01\n",
        ),
    );
    let phone = site.read("content/practices/greetings/phone.md");
    site.write(
        "content/practices/greetings/phone.md",
        phone.replace(
            "updated: 2025-01-15\n",
            "updated: 2025-01-15\ncreated: 2026-12-24\nchanges: [a, b]\n",
        ),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_snapshot("feedback-dates.check.stderr", &run.stderr);
}

#[test]
fn deskbook_feedback_sums_up_by_entry_and_names_bad_lines() {
    let site = Site::fixture("minimal");
    site.write(
        "feedback.jsonl",
        concat!(
            r#"{"received":"2026-11-20T09:00:00Z","entry":"greetings/hello","lang":"en","helpful":true,"reason":null,"comment":null,"page":"practices/greetings/hello.html"}"#, "\n",
            r#"{"received":"2026-11-21T10:30:00Z","entry":"greetings/hello","lang":"pl","helpful":false,"reason":"unclear","comment":"Za długie,\nproszę skrócić.","page":"pl/practices/greetings/hello.html"}"#, "\n",
            r#"{"received":"2026-11-22T08:15:00Z","entry":"greetings/phone","lang":"en","helpful":false,"reason":"outdated","comment":"The number changed.","page":null}"#, "\n",
            "\n",
            r#"{"received":"2026-11-22T11:00:00Z","entry":"greetings/phone","lang":"zh","helpful":null,"reason":"missing","comment":"缺少转接电话的说法。"}"#, "\n",
            r#"{"received":"2026-11-22T12:00:00Z","entry":"greetings/phone","lang":"en","reason":"boring"}"#, "\n",
            r#"{"received":"2026-11-23T07:00:00Z","entry":"greetings/hel"#, "\n",
            r#"{"received":"2026-11-23T08:00:00Z","entry":"privacy/quiet","lang":"pl","helpful":true}"#, "\n",
            r#"{"received":"2026-11-23T08:10:00Z","lang":"pl","search":"zgubiona karta"}"#, "\n",
            r#"{"received":"2026-11-23T08:20:00Z","lang":"en","search":"wifi password"}"#, "\n",
            r#"{"received":"2026-11-23T08:30:00Z","lang":"pl","search":"Zgubiona  karta"}"#, "\n",
            r#"{"received":"2026-11-23T08:40:00Z","lang":"zh","search":"无线网络密码"}"#, "\n",
        ),
    );
    let run = site.run(&["feedback"]);
    assert_code(&run, 1);
    assert_snapshot("feedback-summary.stdout", &run.stdout);
    assert_snapshot("feedback-summary.stderr", &run.stderr);
}
