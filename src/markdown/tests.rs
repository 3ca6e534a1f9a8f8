use super::spots::ROOT_TOKEN;
use super::*;

struct KeepAll;
impl LinkResolver for KeepAll {
    fn resolve(&mut self, _: &str, _: bool) -> LinkOutcome {
        LinkOutcome::Keep
    }
}

fn labels() -> Labels {
    Labels {
        tip: "Say this".into(),
        caution: "Avoid this".into(),
        table: "Table".into(),
        question: "Test yourself".into(),
        show_answer: "Show the answer".into(),
        ..Labels::default()
    }
}

fn html(body: &str) -> String {
    render(body, &outline(body), &mut KeepAll, &labels())
        .html
        .unpack()
}

#[test]
fn the_plain_text_breaks_lines_at_blocks_not_at_links_or_emphasis() {
    let body = "See also [the phone](phone.md). **Bold**, *em* and ~~gone~~!\n\n- one\n- two\n";
    let r = render(body, &outline(body), &mut KeepAll, &labels());
    assert_eq!(
        r.text.unpack(),
        "See also the phone. Bold, em and gone!\none\ntwo\n"
    );
}

#[test]
fn headings_get_explicit_or_deduplicated_ids() {
    let o = outline("## Steps\n\n## Steps\n\n## Przy ladzie {#at-the-desk}\n");
    let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["steps", "steps-1", "at-the-desk"]);
    assert_eq!(
        html("## Przy ladzie {#at-the-desk}\n"),
        "<h2 id=\"at-the-desk\">Przy ladzie</h2>\n"
    );
}

#[test]
fn thousands_of_headings_with_one_text_get_ids_in_linear_time() {
    // Measured with the `content` fuzz target: 2,000 empty `#` lines, a 4 KB body, took 20 s to
    // outline under the fuzzer: every id tried `-1`, `-2`, … from the start again.
    let body = "## Step\n".repeat(20_000);
    let o = outline(&body);
    assert_eq!(o.headings.len(), 20_000);
    assert_eq!(o.headings[0].id, "step");
    assert_eq!(o.headings[19_999].id, "step-19999");
    // Explicit ids still win and are skipped over, exactly as before.
    let o = outline("## A {#a-2}\n\n## A\n\n## A\n\n## A\n\n## A-1\n");
    let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a-2", "a", "a-1", "a-3", "a-1-1"]);
}

#[test]
fn alerts_become_labelled_callouts() {
    assert_eq!(
        html("> [!TIP]\n> \"Hello!\"\n"),
        "<div class=\"callout callout-say\" role=\"note\">\n<p class=\"callout-title\">Say this</p>\n<p>\"Hello!\"</p>\n</div>\n"
    );
}

#[test]
fn consecutive_callouts_of_one_kind_share_one_label() {
    assert_eq!(
        html("> [!TIP]\n> \"Hello!\"\n\n> [!TIP]\n> \"Welcome.\"\n\n> [!CAUTION]\n> \"Next!\"\n"),
        "<div class=\"callout callout-say\" role=\"note\">\n<p class=\"callout-title\">Say this</p>\n<p>\"Hello!\"</p>\n<hr class=\"callout-divider\" aria-hidden=\"true\">\n<p>\"Welcome.\"</p>\n</div>\n<div class=\"callout callout-avoid\" role=\"note\">\n<p class=\"callout-title\">Avoid this</p>\n<p>\"Next!\"</p>\n</div>\n"
    );
    // Something between two callouts keeps them apart.
    let apart = html("> [!TIP]\n> A\n\nText.\n\n> [!TIP]\n> B\n");
    assert_eq!(apart.matches("callout-title").count(), 2, "{apart}");
}

#[test]
fn a_heading_that_names_the_callout_hides_its_label_visually() {
    for body in [
        "## Say this\n\n> [!TIP]\n> A\n",
        "## Mów tak {#say-this}\n\n> [!TIP]\n> A\n",
    ] {
        assert!(
            html(body).contains("<p class=\"callout-title visually-hidden\">Say this</p>"),
            "{body}: {}",
            html(body)
        );
    }
    let other = html("## Steps\n\n> [!TIP]\n> A\n");
    assert!(
        other.contains("<p class=\"callout-title\">Say this</p>"),
        "{other}"
    );
}

#[test]
fn questions_hide_their_answer_in_details() {
    let expected = "<div class=\"callout callout-question\" role=\"note\">\n<p class=\"callout-title\">Test yourself</p>\n<p>A patron shouts. What first?</p>\n<details class=\"answer\">\n<summary>Show the answer</summary>\n<p>Stay <em>calm</em>.</p>\n</details>\n</div>\n";
    // The `---` right under the text, and after a blank line (a thematic break).
    for body in [
        "> [!QUESTION]\n> A patron shouts. What first?\n> ---\n> Stay *calm*.\n",
        "> [!question]\n> A patron shouts. What first?\n>\n> ---\n>\n> Stay *calm*.\n",
        "> [!QUESTION]\n>\n> A patron shouts. What first?\n>\n> ---\n> Stay *calm*.\n",
    ] {
        assert_eq!(html(body), expected, "{body}");
        assert!(outline(body).headings.is_empty(), "{body}");
    }
    // Without a separator, the question is shown whole; a plain quote stays a quote.
    assert_eq!(
        html("> [!QUESTION]\n> Why?\n"),
        "<div class=\"callout callout-question\" role=\"note\">\n<p class=\"callout-title\">Test yourself</p>\n<p>Why?</p>\n</div>\n"
    );
    assert_eq!(
        html("> Quoted\n> ---\n"),
        "<blockquote>\n<h2 id=\"quoted\">Quoted</h2>\n</blockquote>\n"
    );
}

#[test]
fn phrases_and_questions_are_located_in_the_html() {
    let body = "> [!TIP]\n> \"Hello!\"\n\n> [!NOTE]\n> n\n\n> [!QUESTION]\n> Q?\n> ---\n> > [!CAUTION]\n> > \"No.\"\n";
    let r = render(body, &outline(body), &mut KeepAll, &labels());
    let html = r.html.unpack();
    let shown: Vec<(CalloutKind, &str)> = r
        .callouts
        .iter()
        .map(|c| (c.kind, &html[c.content.clone()]))
        .collect();
    assert_eq!(shown[0], (CalloutKind::Say, "<p>\"Hello!\"</p>\n"));
    assert_eq!(shown[1].0, CalloutKind::Question);
    assert!(
        shown[1]
            .1
            .starts_with("<div class=\"callout callout-question\"")
    );
    assert!(shown[1].1.ends_with("</details>\n</div>"));
    assert_eq!(shown[2], (CalloutKind::Avoid, "<p>\"No.\"</p>\n"));
    assert_eq!(shown.len(), 3);
    assert!(
        r.html.unpack()[r.callouts[0].block.clone()]
            .starts_with("<div class=\"callout callout-say\"")
    );
}

#[test]
fn link_problems_carry_their_offset() {
    struct Broken;
    impl LinkResolver for Broken {
        fn resolve(&mut self, dest: &str, _: bool) -> LinkOutcome {
            LinkOutcome::Error(format!("no file `{dest}`"))
        }
    }
    let body = "Intro.\n\nSee [this](missing.md) now.\n";
    let r = render(body, &outline(body), &mut Broken, &labels());
    assert_eq!(r.problems.len(), 1);
    assert_eq!(&body[r.problems[0].offset..][..10], "missing.md");
    // A NUL before it (shown as U+FFFD, as CommonMark asks) moves nothing.
    let body = "In\0tro.\n\nSee [this](missing.md) now.\n";
    let r = render(body, &outline(body), &mut Broken, &labels());
    assert_eq!(&body[r.problems[0].offset..][..10], "missing.md");
    assert!(
        r.html.unpack().contains("In\u{FFFD}tro."),
        "{}",
        r.html.unpack()
    );
}

#[test]
fn spots_mark_ids_and_anchors_not_text_that_looks_like_them() {
    let body = "## Top\n\nWrite `<h2 id=\"top\">` and `<a href=\"#top\">`.\n\n    <p id=\"x\">\n\n[up](#top) <span id=\"s\">s</span>\n";
    let r = render(body, &outline(body), &mut KeepAll, &labels());
    let html = r.html.unpack();
    let marked: Vec<&str> = r
        .spots
        .scopes()
        .iter()
        .map(|&at| &html[at..at + 3])
        .collect();
    assert_eq!(marked, ["top", "top", "s\">"], "{}", r.html.unpack());
}

#[test]
fn email_autolinks_are_mailto_links() {
    assert_eq!(
        html("Write to <help@library.example>.\n"),
        "<p>Write to <a href=\"mailto:help@library.example\">help@library.example</a>.</p>\n"
    );
}

#[test]
fn web_addresses_in_text_become_links_but_not_in_code_or_links() {
    assert_eq!(
        html(
            "See www.example.com, https://example.org/a?b=1. or help@library.example; not example.com.\n"
        ),
        "<p>See <a href=\"http://www.example.com\">www.example.com</a>, <a href=\"https://example.org/a?b=1\">https://example.org/a?b=1</a>. or <a href=\"mailto:help@library.example\">help@library.example</a>; not example.com.</p>\n"
    );
    assert_eq!(
        html(
            "`www.example.com` [www.example.com](x.md) <a href=\"y\">www.example.com</a>\n\n    www.example.com\n\n<a name=x>www.example.com\n\nwww.example.com\n"
        ),
        "<p><code>www.example.com</code> <a href=\"x.md\">www.example.com</a> <a href=\"y\">www.example.com</a></p>\n<pre><code>www.example.com\n</code></pre>\n<p><a name=x>www.example.com</p>\n<p><a href=\"http://www.example.com\">www.example.com</a></p>\n"
    );
}

#[test]
fn addresses_in_any_script_are_linked_whole() {
    assert_eq!(
        html("写信给 中文中@example.cn 或 https://example.org/路径 。\n"),
        "<p>写信给 <a href=\"mailto:%E4%B8%AD%E6%96%87%E4%B8%AD@example.cn\">中文中@example.cn</a> 或 <a href=\"https://example.org/%E8%B7%AF%E5%BE%84\">https://example.org/路径</a> 。</p>\n"
    );
}

#[test]
fn footnotes_have_their_own_ids() {
    assert_eq!(
        html("## Steps\n\nSee[^steps].\n\n[^steps]: The steps.\n"),
        "<h2 id=\"steps\">Steps</h2>\n<p>See<sup class=\"footnote-reference\"><a href=\"#fn-steps\">1</a></sup>.</p>\n<div class=\"footnote-definition\" id=\"fn-steps\"><sup class=\"footnote-definition-label\">1</sup>\n<p>The steps.</p>\n</div>\n"
    );
}

#[test]
fn explicit_ids_win_and_clash_at_the_second() {
    let body = "## Steps\n\n## Other steps {#steps}\n\n## Main\n\n## Again {#steps}\n";
    let o = outline(body);
    let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["steps-1", "steps", "main-1", "steps-2"]);
    let r = render(body, &o, &mut KeepAll, &labels());
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(r.problems[0].is_error);
    assert_eq!(&body[r.problems[0].offset..], "#steps}\n");
    let body = "## Menu {#main}\n";
    let r = render(body, &outline(body), &mut KeepAll, &labels());
    assert!(
        r.problems[0]
            .message
            .contains("the page template uses itself"),
        "{:?}",
        r.problems
    );
}

#[test]
fn heading_classes_and_attributes_are_kept() {
    assert_eq!(
        html("## Other {#x .c .d data-k=v}\n"),
        "<h2 id=\"x\" class=\"c d\" data-k=\"v\">Other</h2>\n"
    );
    let body = "## Other {onclick=go()}\n";
    let r = render(body, &outline(body), &mut KeepAll, &labels());
    assert_eq!(r.html.unpack(), "<h2 id=\"other\">Other</h2>\n");
    assert!(
        r.problems[0]
            .message
            .starts_with("an event handler attribute `onclick`")
    );
}

#[test]
fn raw_ids_are_anchors_and_raw_links_are_resolved() {
    struct Pages;
    impl LinkResolver for Pages {
        fn resolve(&mut self, dest: &str, _: bool) -> LinkOutcome {
            match dest {
                "other.md" => LinkOutcome::Rewrite(format!("{ROOT_TOKEN}other.html.unpack()")),
                _ => LinkOutcome::Error(format!("no `{dest}`")),
            }
        }
    }
    let body = "<a id=\"here\"></a>\n\nGo <a href=\"other.md\" class=k>there</a> or <a href='gone.md'>x</a>.\n";
    assert!(outline(body).has_anchor("here"));
    let r = render(body, &outline(body), &mut Pages, &labels());
    assert_eq!(
        r.html.unpack(),
        format!(
            "<p><a id=\"here\"></a></p>\n<p>Go <a href=\"{ROOT_TOKEN}other.html.unpack()\" class=k>there</a> or <a href='gone.md'>x</a>.</p>\n"
        )
    );
    assert_eq!(r.problems.len(), 1);
    assert_eq!(&body[r.problems[0].offset..][..13], "href='gone.md");
}

#[test]
fn a_block_split_over_lines_is_read_as_one() {
    let body = "Text.\n\n<div\nonclick=\"go()\">\n<textarea>\n</div>\n";
    let r = render(body, &outline(body), &mut KeepAll, &labels());
    assert_eq!(r.problems.len(), 1);
    assert_eq!(&body[r.problems[0].offset..][..7], "onclick");
    assert!(
        r.html.unpack().contains("&lt;textarea>"),
        "{}",
        r.html.unpack()
    );
}

#[test]
fn markdown_links_that_run_code_are_found_as_in_raw_html() {
    for (body, found) in [
        ("[a](javascript:go())", Some("javascript:")),
        ("[a]( JaVa&#83;cript:go())", Some("javascript:")),
        ("[a](<java&#115;cript:go()>)", Some("javascript:")),
        ("[a](vbscript:go)", Some("vbscript:")),
        ("<data:text/html,hi>", Some("data:")),
        ("![a](data:image/png;base64,AA)", None),
        ("[a](https://example.org/javascript:)", None),
    ] {
        let r = render(body, &outline(body), &mut KeepAll, &labels());
        let got: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        match found {
            Some(scheme) => assert!(
                got.len() == 1 && got[0].starts_with(&format!("a `{scheme}` link")),
                "{body}: {got:?}"
            ),
            None => assert!(got.is_empty(), "{body}: {got:?}"),
        }
    }
}

/// Bodies mixed from the pieces that broke before (multibyte text beside addresses, tags split
/// over lines, NULs): rendering never panics and its spots always fit its HTML.
#[test]
fn mixed_pieces_never_panic() {
    let pieces = [
        "中文中@example.cn",
        "żółć@x.pl",
        "www.ąę.pl/ś",
        "https://x.org/(a))",
        "mailto:a@b.cc",
        "xmpp:a@b.cc/r@s.tt",
        "<a href=\"x.md#ą\">",
        "</a>",
        "<img src=x\nonerror=y>",
        "<textarea>",
        "<!-- <script> -->",
        "<script>",
        "\0",
        "## 标题 {#t .c k=v}\n",
        "[^n]",
        "\n\n[^n]: 注\n",
        "`<h2 id=\"top\">`",
        "[l](#t)",
        "![i](p.png \"t\")",
        "\n\n",
        "<div\nid=\"t\">",
        "| a |\n|---|\n| b |\n",
        "- [ ] x\n",
        "> [!TIP]\n> y\n",
        " ",
        "&#0;",
        "<a id=€",
        "\n    code www.x.com\n",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut body = String::new();
        for _ in 0..(seed % 9) {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            body.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let r = render(&body, &outline(&body), &mut KeepAll, &labels());
        assert!(r.spots.belong_to(&r.html.unpack()), "{body:?}");
        assert!(!r.html.unpack().contains('\0'), "{body:?}");
        for p in &r.problems {
            assert!(body.is_char_boundary(p.offset), "{body:?}: {p:?}");
        }
    }
}

#[test]
fn raw_html_problems_inside_containers_point_at_the_attribute() {
    for body in [
        "> <div\n> onclick=\"go()\">\n",
        "- item\n\n  <div\n    onclick=\"go()\">\n",
        "> - <p>\n>   <img src=x onclick=\"go()\">\n",
    ] {
        let r = render(body, &outline(body), &mut KeepAll, &labels());
        assert_eq!(r.problems.len(), 1, "{body:?}");
        assert!(
            body[r.problems[0].offset..].starts_with("onclick"),
            "{body:?}: {:?}",
            &body[r.problems[0].offset..]
        );
    }
}

#[test]
fn phrases_sharing_one_box_are_still_collected_one_by_one() {
    let body = "## Say this\n\n> [!TIP]\n> \"Hello!\"\n\n> [!TIP]\n> \"Welcome.\"\n";
    let r = render(body, &outline(body), &mut KeepAll, &labels());
    assert_eq!(
        r.html.unpack().matches("callout-title").count(),
        1,
        "{}",
        r.html.unpack()
    );
    let html = r.html.unpack();
    let shown: Vec<(CalloutKind, &str)> = r
        .callouts
        .iter()
        .map(|c| (c.kind, &html[c.content.clone()]))
        .collect();
    assert_eq!(
        shown,
        [
            (CalloutKind::Say, "<p>\"Hello!\"</p>\n"),
            (CalloutKind::Say, "<p>\"Welcome.\"</p>\n"),
        ]
    );
}
