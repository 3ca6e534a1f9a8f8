//! Markdown as trainers paste it: the built pages show it as written, with no duplicate id, and
//! the check reports exactly the unsafe or broken constructs, at their line and column.

use super::harness::{Site, assert_code, tree};

fn entry(body: &str) -> String {
    format!(
        "---\ntitle: Saying hello\nsummary: Greet.\nrights: [courtesy]\nowner: A\nupdated: 2026-09-01\n---\n{body}"
    )
}

const BODY: &str = r##"Write to <help@library.example>. See www.example.com and https://example.org/x.

Write `<h2 id="top">` and `<a href="#top">` to start a section.[^steps]

## Steps

## Main

## Toc heading

## Related heading

## Later steps {#steps}

## Other {#x .c data-k=v}

<a id="here"></a>

[go](#here), [back](#steps), <a href="#x">up</a> and <a href="phone.md#top">the phone</a>.

The <textarea> element and the <title> element.

<!-- removed the <script> tag -->

[^steps]: A note.
"##;

#[test]
fn pasted_markdown_builds_as_written_with_unique_ids() {
    let site = Site::fixture("minimal");
    site.write("content/practices/greetings/hello.md", entry(BODY));
    site.write(
        "content/practices/greetings/phone.md",
        entry("## Top {#top}\n"),
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Test Desk\n---\n## Categories\n\nStart with [courtesy](rights/courtesy.md).\n",
    );
    let run = site.run(&["build"]);
    assert_code(&run, 0);
    assert!(!run.stderr.contains("hello.md"), "{}", run.stderr);
    let page = site.read("public/practices/greetings/hello.html");
    for expected in [
        "Write to <a href=\"mailto:help@library.example\">help@library.example</a>.",
        "See <a href=\"http://www.example.com\">www.example.com</a> and <a href=\"https://example.org/x\">https://example.org/x</a>.",
        r##"Write <code>&lt;h2 id="top"&gt;</code> and <code>&lt;a href="#top"&gt;</code>"##,
        "<sup class=\"footnote-reference\"><a href=\"#fn-steps\">1</a></sup>",
        "<div class=\"footnote-definition\" id=\"fn-steps\">",
        "<h2 id=\"steps-1\">Steps</h2>",
        "<h2 id=\"main-1\">Main</h2>",
        "<h2 id=\"toc-heading-1\">Toc heading</h2>",
        "<h2 id=\"related-heading-1\">Related heading</h2>",
        "<h2 id=\"steps\">Later steps</h2>",
        "<h2 id=\"x\" class=\"c\" data-k=\"v\">Other</h2>",
        "<a href=\"#here\">go</a>, <a href=\"#steps\">back</a>, <a href=\"#x\">up</a> and <a href=\"phone.html#top\">the phone</a>.",
        "The &lt;textarea> element and the &lt;title> element.",
        "<!-- removed the <script> tag -->",
    ] {
        assert!(page.contains(expected), "{expected}\n\n{page}");
    }
    // The skip link still reaches the page's own <main>.
    assert!(page.contains("<main id=\"main\""), "{page}");
    // The handout prints code as written and scopes only real ids and anchors.
    let print = site.read("public/practices/greetings/print.html");
    for expected in [
        r##"Write <code>&lt;h2 id="top"&gt;</code> and <code>&lt;a href="#top"&gt;</code>"##,
        "<h2 id=\"greetings-hello-steps\">Later steps</h2>",
        "<a href=\"#greetings-hello-here\">go</a>",
        "<a id=\"greetings-hello-here\"></a>",
        "<a href=\"#greetings-hello-fn-steps\">1</a>",
        "<h2 id=\"greetings-phone-top\">Top</h2>",
    ] {
        assert!(print.contains(expected), "{expected}\n\n{print}");
    }
    let home = site.read("public/index.html");
    assert!(
        home.contains("<h2 id=\"categories-1\">Categories</h2>"),
        "{home}"
    );
    for (page, bytes) in tree(&site.path().join("public")) {
        if page.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert_eq!(
                super::links::duplicate_ids(&html),
                Vec::<String>::new(),
                "duplicate ids in {page}"
            );
        }
    }
    let (problems, _) = super::links::check_site(&site.path().join("public"), "index.html");
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn two_equal_explicit_ids_are_an_error_at_the_second() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/hello.md",
        entry("## Steps {#steps}\n\n## Again {#steps}\n\n## Menu {#main}\n"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    let expected = "content/practices/greetings/hello.md:10:11: error: the heading id `#steps` is already used by an earlier heading or element of this page: each id must be unique on its page, so rename one of them\n  10 | ## Again {#steps}\n     |           ^\ncontent/practices/greetings/hello.md:12:10: error: the heading id `#main` is one the page template uses itself, so the page would have it twice: choose another, like `{#main-section}`\n  12 | ## Menu {#main}\n     |          ^\n";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
}

#[test]
fn raw_html_is_judged_as_a_browser_reads_it() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/hello.md",
        entry(
            "<div\nonclick=\"go()\">\n\n<img src=\"x.png\"\n     onerror=\"go()\">\n\n<a href=\n\"javascript:go()\">a</a>\n\nSee <a href=\"java&#115;cript:go()\">b</a>.\n\n<!-- removed the <script> tag -->\n\n</div>\n\n## Steps {#steps}\n",
        ),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 0);
    let advice = "in the content runs code in every reader's browser: remove it (raw HTML is for layout; `deskbook check --strict` fails on this)";
    let path = "content/practices/greetings/hello.md";
    let expected = format!(
        "{path}:9:1: warning: an event handler attribute `onclick` {advice}\n   9 | onclick=\"go()\">\n     | ^\n{path}:12:6: warning: an event handler attribute `onerror` {advice}\n  12 |      onerror=\"go()\">\n     |      ^\n{path}:14:4: warning: a `javascript:` URL {advice}\n  14 | <a href=\n     |    ^\n{path}:17:8: warning: a `javascript:` URL {advice}\n  17 | See <a href=\"java&#115;cript:go()\">b</a>.\n     |        ^\n"
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert!(!run.stderr.contains("<script>"), "{}", run.stderr);
}

#[test]
fn raw_links_to_missing_pages_and_anchors_are_errors() {
    let site = Site::fixture("minimal");
    site.write(
        "content/practices/greetings/hello.md",
        entry("See <a href=\"phone.md#nowhere\">the phone</a>,\n<a href=\"gone.md\">gone</a> and <a href=\"#top\">up</a>.\n\n## Steps {#steps}\n"),
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    snapbox::assert_data_eq!(
        run.stderr,
        snapbox::str![[r##"
content/practices/greetings/hello.md:8:8: error: broken link: `content/practices/greetings/phone.md` has no heading with id `#nowhere` (its headings: #ring-three)
   8 | See <a href="phone.md#nowhere">the phone</a>,
     |        ^
content/practices/greetings/hello.md:9:4: error: broken link: there is no file `content/practices/greetings/gone.md`; did you mean `phone.md`?
   9 | <a href="gone.md">gone</a> and <a href="#top">up</a>.
     |    ^
content/practices/greetings/hello.md:9:35: error: broken link: this page has no heading with id `#top` (its headings: #steps)
   9 | <a href="gone.md">gone</a> and <a href="#top">up</a>.
     |                                   ^
Check failed: 3 errors.

"##]]
    );
}
