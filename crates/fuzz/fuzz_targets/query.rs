//! Fuzzes the search engine with arbitrary query text over a small fixed index.
//!
//! The index is built once with `build_bundle` from documents in every analyzer family (English,
//! Polish, Chinese, a generic language) whose texts hold what snippets must survive: markup to
//! escape, combining marks, over-long words, whitespace runs, CJK runs next to Latin ones. Each
//! input is one query through `Engine::search`, which cuts and analyzes the text (the query
//! parser, `parse_words`), expands fuzzy and prefix forms, runs the strict and the loose pass, and
//! highlights snippets around what matched: first the provisional ones (from the summaries),
//! then the final ones cut from the bodies of the text files, as `deskbook search` does.
//!
//! Input layout: the first byte picks the filters and the limit (so they are fuzzed too), the rest
//! is the query text (invalid UTF-8 replaced, as a browser or a shell would hand it over). Text
//! that starts with `{` is also tried as a JSON query (`search_json`, the dev server's API).
//!
//! Checked besides "no panic": at most `limit` hits, finite scores, and snippets that are safe
//! HTML (no markup but balanced, unnested `<mark>` tags).

#![no_main]

use deskbook_search::{
    Engine, MAX_LIMIT, Query, SearchDoc, build_bundle, parse_text_file, text_files,
};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn doc(id: &str, lang: &str, title: &str, summary: &str, body: &str) -> SearchDoc<'static> {
    SearchDoc {
        id: id.to_string(),
        lang: lang.to_string(),
        kind: "practice".to_string(),
        title: title.to_string(),
        summary: summary.to_string(),
        headings: vec!["Why it matters".to_string(), "Kroki".to_string()],
        body: body.to_string().into(),
        category: Some("greetings".to_string()),
        rights: vec!["courtesy".to_string()],
        tags: vec!["front-desk".to_string()],
        url: format!("{lang}/practices/{id}.html"),
        updated: "2026-09-01".to_string(),
    }
}

/// The engine and the bodies of its text files (key → body), as a built site has them.
fn engine() -> &'static (Engine, BTreeMap<String, String>) {
    static ENGINE: OnceLock<(Engine, BTreeMap<String, String>)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let long = "supercalifragilisticexpialidocious".repeat(3);
        let docs = vec![
            doc(
                "greetings/greeting-at-the-desk",
                "en",
                "Greeting patrons at the desk",
                "Acknowledge every patron within a few seconds.",
                &format!(
                    "Look up <script>alert(1)</script> & say \"hello\" — it's e-mail time.\n\n\t  Privacy matters; {long} privacy policies protect patrons' privacy. {}",
                    "word ".repeat(80)
                ),
            ),
            doc(
                "privacy/quiet-voice",
                "pl",
                "Cichy głos przy ladzie",
                "Prywatność czytelnika: rozmawiamy ściszonym głosem.",
                "Prywatność to prawo. Książkami i e-mailem się nie dzielimy. Zażółć gęślą jaźń. a\u{0301}b\u{0308}",
            ),
            doc(
                "privacy/quiet-voice",
                "zh",
                "保护读者的隐私",
                "我们要保护隐私。",
                "我们要保护隐私。读者的隐私很重要 privacy 和 e-mail。々〇ｶﾀｶﾅ한국어",
            ),
            doc(
                "greetings/begruessung",
                "de",
                "Begrüßung am Schalter",
                "",
                "Straße, Größe, Ærø, İstanbul, ﬁ ligature, ΣΊΣΥΦΟΣ.",
            ),
        ];
        let bundle = build_bundle(&docs).expect("the fixed documents index");
        let bodies = text_files(&docs)
            .map(|(_, file)| parse_text_file(&file).expect("a text file parses back"))
            .collect();
        (Engine::open(bundle).expect("a fresh bundle opens"), bodies)
    })
}

fn pick(bits: u8) -> Option<String> {
    match bits {
        1 => Some("en".into()),
        2 => Some("pl".into()),
        3 => Some("zh".into()),
        4 => Some("de".into()),
        5 => Some(String::new()),
        6 => Some("xx".into()),
        _ => None,
    }
}

fn check_snippet(snippet: &str) {
    // Snippets drop control characters, so these two stand for the tags unambiguously.
    let marked = snippet
        .replace("<mark>", "\u{1}")
        .replace("</mark>", "\u{2}");
    let mut open = false;
    for c in marked.chars() {
        match c {
            '\u{1}' if !open => open = true,
            '\u{2}' if open => open = false,
            '\u{1}' | '\u{2}' => panic!("nested or unopened <mark> in {snippet:?}"),
            '<' | '>' | '"' => panic!("unescaped `{c}` in snippet {snippet:?}"),
            _ => {}
        }
    }
    assert!(!open, "unclosed <mark> in {snippet:?}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, text)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(text).into_owned();
    let query = Query {
        lang: pick(control & 0b111),
        category: (control & 0b1000 != 0).then(|| "greetings".to_string()),
        right: (control & 0b1_0000 != 0).then(|| "courtesy".to_string()),
        tag: (control & 0b10_0000 != 0).then(|| "front-desk".to_string()),
        limit: [0, 1, MAX_LIMIT, usize::MAX][usize::from(control >> 6)],
        // The reader's language (it only reorders equal matches), from bits shared with the
        // filters: every combination of languages and filters still comes up.
        page_lang: pick((control >> 2) & 0b111),
        text,
    };
    let (engine, bodies) = engine();
    // Provisional snippets (from the summaries), then the final ones cut from the bodies.
    let provisional = engine
        .search(&query)
        .expect("searching a valid bundle never fails");
    for hit in &provisional {
        check_snippet(&hit.snippet);
    }
    let hits = engine
        .search_with_texts(&query, |key| bodies.get(key).cloned())
        .expect("searching a valid bundle never fails");
    assert_eq!(hits.len(), provisional.len());
    let limit = match query.limit {
        0 => 10,
        n => n.min(MAX_LIMIT),
    };
    assert!(hits.len() <= limit, "{} hits for limit {limit}", hits.len());
    for hit in &hits {
        assert!(hit.score.is_finite(), "score {}", hit.score);
        assert!(
            hit.text.is_empty() && hit.marks.is_empty(),
            "a final hit: {hit:?}"
        );
        check_snippet(&hit.snippet);
    }
    if query.text.starts_with('{') {
        // Malformed JSON is an error result, not a panic.
        let _ = engine.search_json(&query.text);
    }
});
