//! What a user of the search box sees, over a small trilingual corpus.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use deskbook_search::{
    Engine, Hit, Query, SearchDoc, build_bundle, finish_snippet, parse_text_file, text_files,
    text_key,
};

#[allow(clippy::too_many_arguments)]
fn doc(
    id: &str,
    lang: &str,
    kind: &str,
    title: &str,
    summary: &str,
    headings: &[&str],
    body: &str,
    category: Option<&str>,
    rights: &[&str],
    tags: &[&str],
) -> SearchDoc<'static> {
    let section = match kind {
        "practice" => "practices/",
        "right" => "",
        _ => "",
    };
    SearchDoc {
        id: id.to_string(),
        lang: lang.to_string(),
        kind: kind.to_string(),
        title: title.to_string(),
        summary: summary.to_string(),
        headings: headings.iter().map(|s| s.to_string()).collect(),
        body: body.to_string().into(),
        category: category.map(str::to_string),
        rights: rights.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        url: format!("{lang}/{section}{id}.html"),
        updated: "2026-11-01".to_string(),
    }
}

fn corpus() -> Vec<SearchDoc<'static>> {
    vec![
        // ---------------- English
        doc(
            "greetings/greeting-at-the-desk",
            "en",
            "practice",
            "Greeting readers at the desk",
            "Greet every reader who approaches the desk, even when you are busy.",
            &["Why it matters", "How to do it"],
            "A warm welcome sets the tone of the visit. Look up, make eye contact and say hello \
             within a few seconds. If you are on the phone, nod and signal that you will help \
             soon. Readers who were greeted ask more questions and leave happier.",
            Some("greetings"),
            &["courtesy"],
            &["desk", "welcome"],
        ),
        doc(
            "privacy/quiet-voice",
            "en",
            "practice",
            "Use a quiet voice for personal matters",
            "Protect reader privacy at the desk.",
            &["Borrowing history", "Overdue fines"],
            "Never read aloud the titles a reader borrows, their address or their fines. Lower \
             your voice, turn the screen away, and offer to continue the conversation in a \
             quieter place. Privacy is a right, not a favour.",
            Some("privacy"),
            &["privacy"],
            &["desk", "privacy"],
        ),
        doc(
            "rights/courtesy",
            "en",
            "right",
            "The right to courtesy",
            "Every reader is treated politely and patiently.",
            &[],
            "Readers have the right to be treated with courtesy by every member of staff, \
             whatever their age, language or question.",
            None,
            &[],
            &[],
        ),
        doc(
            "pages/about",
            "en",
            "page",
            "About this handbook",
            "Good practices for the front desk of the city library.",
            &[],
            "This handbook collects the good practices of our staff. It is quite short and \
             written by the people who work at the desk.",
            None,
            &[],
            &[],
        ),
        doc(
            "web/safe-notes",
            "en",
            "practice",
            "Keep catalogue notes as plain text",
            "Markup in notes breaks the catalogue.",
            &[],
            "Never paste <script>alert(\"x\")</script> or other HTML tags into catalogue notes; \
             write plain text & let the catalogue format it.",
            Some("catalogue"),
            &[],
            &["notes"],
        ),
        doc(
            "quiet/quiet-hours",
            "en",
            "practice",
            "Quiet hours in the reading room",
            "Keep the reading room calm.",
            &[],
            "The reading room is quiet between nine and eleven.",
            Some("rooms"),
            &[],
            &[],
        ),
        doc(
            "quiet/quite-often",
            "en",
            "practice",
            "Quite often asked questions",
            "Questions asked quite often.",
            &[],
            "Some questions come back quite often.",
            Some("rooms"),
            &[],
            &[],
        ),
        // ---------------- Polish
        doc(
            "greetings/greeting-at-the-desk",
            "pl",
            "practice",
            "Powitanie czytelnika przy ladzie",
            "Witaj każdego czytelnika, który podchodzi do lady.",
            &["Dlaczego to ważne"],
            "Ciepłe powitanie nadaje ton całej wizycie. Podnieś wzrok, nawiąż kontakt wzrokowy \
             i przywitaj się w ciągu kilku sekund.",
            Some("greetings"),
            &["courtesy"],
            &["desk", "welcome"],
        ),
        doc(
            "privacy/quiet-voice",
            "pl",
            "practice",
            "Cichy głos w sprawach osobistych",
            "Chroń prywatność czytelników przy ladzie.",
            &["Historia wypożyczeń"],
            "Nigdy nie czytaj na głos tytułów wypożyczanych książek ani adresu czytelnika. \
             Prywatność jest prawem, a nie przysługą.",
            Some("privacy"),
            &["privacy"],
            &["desk", "privacy"],
        ),
        doc(
            "loans/renewals",
            "pl",
            "practice",
            "Przedłużanie wypożyczenia",
            "Jak przedłużyć termin zwrotu.",
            &[],
            "Książkę można przedłużyć dwa razy, jeśli nikt jej nie zarezerwował. Czytelnikom \
             z zaległościami pomagamy ustalić nowy termin.",
            Some("loans"),
            &[],
            &["loans"],
        ),
        // ---------------- Chinese
        doc(
            "privacy/quiet-voice",
            "zh",
            "practice",
            "轻声处理个人事务",
            "在服务台保护读者隐私。",
            &["借阅记录"],
            "图书馆员应当保护隐私，不要大声念出读者借阅的书名、地址或罚款。隐私是一项权利。",
            Some("privacy"),
            &["privacy"],
            &["desk", "privacy"],
        ),
        doc(
            "greetings/greeting-at-the-desk",
            "zh",
            "practice",
            "在服务台问候读者",
            "读者走近服务台时，请主动问候。",
            &[],
            "读者走近服务台时，请抬头微笑，并在几秒钟内问候。即使正在接电话，也请点头示意。",
            Some("greetings"),
            &["courtesy"],
            &["desk", "welcome"],
        ),
        doc(
            "rights/courtesy",
            "zh",
            "right",
            "受到礼貌对待的权利",
            "每位读者都应受到礼貌和耐心的对待。",
            &[],
            "无论年龄、语言或问题如何，读者都有权受到每位工作人员的礼貌对待。",
            None,
            &[],
            &[],
        ),
    ]
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::open(build_bundle(&corpus()).unwrap()).unwrap())
}

/// The corpus's text files, as the site build writes them: key → body.
fn bodies() -> &'static BTreeMap<String, String> {
    static TEXTS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        text_files(&corpus())
            .map(|(_, file)| parse_text_file(&file).expect("a text file parses back"))
            .collect()
    })
}

/// A search as `deskbook search` runs it: snippets made final from the text files.
fn search(q: Query) -> Vec<Hit> {
    engine()
        .search_with_texts(&q, |key| bodies().get(key).cloned())
        .unwrap()
}

fn text(t: &str) -> Vec<Hit> {
    search(Query {
        text: t.to_string(),
        ..Default::default()
    })
}

fn keys(hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| format!("{}:{}", h.lang, h.id))
        .collect()
}

#[track_caller]
fn assert_top(query: &str, expected: &str) {
    let hits = text(query);
    let k = keys(&hits);
    assert_eq!(
        k.first().map(String::as_str),
        Some(expected),
        "query {query:?} gave {k:?}"
    );
}

#[test]
fn round_trip_returns_complete_hits() {
    let hits = text("privacy");
    let h = &hits[0];
    assert_eq!(h.id, "privacy/quiet-voice");
    assert_eq!(h.lang, "en");
    assert_eq!(h.kind, "practice");
    assert_eq!(h.title, "Use a quiet voice for personal matters");
    assert_eq!(h.url, "en/practices/privacy/quiet-voice.html");
    assert_eq!(h.category.as_deref(), Some("privacy"));
    assert!(h.score > 0.0);
    // The summary marks every word of the query: it is the snippet.
    assert_eq!(
        h.snippet,
        "Protect reader <mark>privacy</mark> at the desk."
    );
    assert_eq!(engine().num_docs(), corpus().len() as u64);
    // Hits serialize to JSON for the server and the browser.
    let json = serde_json::to_string(&hits).unwrap();
    assert!(json.contains("\"url\":\"en/practices/privacy/quiet-voice.html\""));
}

#[test]
fn bundle_is_deterministic_and_order_independent() {
    let docs = corpus();
    let a = build_bundle(&docs).unwrap();
    let b = build_bundle(&docs).unwrap();
    assert_eq!(a, b, "two builds differ");
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(
        a,
        build_bundle(&reversed).unwrap(),
        "doc order changes the bundle"
    );
}

/// The corpus copied `n` times under other ids: enough documents for several shards.
fn large_corpus(n: usize) -> Vec<SearchDoc<'static>> {
    (0..n)
        .flat_map(|i| {
            corpus().into_iter().map(move |mut d| {
                d.id = format!("{}-{i}", d.id);
                d.url = format!("{}-{i}.html", d.url.trim_end_matches(".html"));
                d
            })
        })
        .collect()
}

/// A body made when it is read, counting the reads: what the site model hands over.
struct Counted(String, std::sync::atomic::AtomicUsize);

impl deskbook_search::LazyText for Counted {
    fn text(&self) -> String {
        self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.0.clone()
    }
}

#[test]
fn bodies_made_when_read_index_and_write_as_bodies_given_as_text() {
    let docs = large_corpus(30);
    let sources: Vec<Counted> = docs
        .iter()
        .map(|d| Counted(d.body.text().into_owned(), Default::default()))
        .collect();
    let lazy: Vec<SearchDoc> = docs
        .iter()
        .zip(&sources)
        .map(|(d, source)| SearchDoc {
            body: deskbook_search::Body::Lazy(source),
            ..d.clone()
        })
        .collect();
    assert_eq!(build_bundle(&lazy).unwrap(), build_bundle(&docs).unwrap());
    assert!(
        sources
            .iter()
            .all(|s| s.1.load(std::sync::atomic::Ordering::Relaxed) > 0)
    );
    let files = |docs: &[SearchDoc]| text_files(docs).collect::<Vec<_>>();
    assert_eq!(files(&lazy), files(&docs));
    assert!(!files(&docs).is_empty());
}

/// How many tantivy segments a bundle holds: its files named `*.idx` (see `bundle.rs`'s layout).
fn segments(bundle: &[u8]) -> usize {
    let count = u32::from_le_bytes(bundle[8..12].try_into().unwrap()) as usize;
    let mut pos = 12;
    let mut idx = 0;
    for _ in 0..count {
        let n = u16::from_le_bytes(bundle[pos..pos + 2].try_into().unwrap()) as usize;
        idx += usize::from(bundle[pos + 2..pos + 2 + n].ends_with(b".idx"));
        pos += 2 + n + 16;
    }
    idx
}

#[test]
fn a_sharded_bundle_finds_what_one_segment_finds_and_reindexes_only_changed_shards() {
    let mut docs = large_corpus(400);
    assert!(
        docs.len() > 4000,
        "{} docs: not enough for several shards",
        docs.len()
    );
    let mut cache = deskbook_search::IndexCache::default();
    let bundle = cache.bundle(&docs).unwrap();
    let (rebuilt, shards) = cache.last_rebuilt();
    assert!(shards >= 3, "{shards} shards");
    assert_eq!(rebuilt, shards);
    assert_eq!(bundle, build_bundle(&docs).unwrap());
    assert_eq!(
        segments(&bundle),
        1,
        "the shards are merged into one segment"
    );
    // Every copy of an entry scores alike: the top hits are copies of the one-segment answer.
    let engine = Engine::open(bundle).unwrap();
    assert_eq!(engine.num_docs(), docs.len() as u64);
    let hits = engine
        .search(&Query {
            text: "prywatnosc".into(),
            limit: 5,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 5);
    assert!(
        hits.iter()
            .all(|h| h.id.starts_with("privacy/quiet-voice-") && h.lang == "pl"),
        "{hits:?}"
    );
    // One edited document: one shard re-indexed, and the same bytes as a build from scratch.
    docs[7].body.to_mut().push_str(" Zebra crossing.");
    let bundle = cache.bundle(&docs).unwrap();
    assert_eq!(cache.last_rebuilt(), (1, shards));
    assert_eq!(bundle, build_bundle(&docs).unwrap());
    let engine = Engine::open(bundle).unwrap();
    let hits = engine
        .search(&Query {
            text: "zebra".into(),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, docs[7].id);
    // Nothing changed: nothing re-indexed.
    cache.bundle(&docs).unwrap();
    assert_eq!(cache.last_rebuilt(), (0, shards));
}

#[test]
fn an_unmerged_bundle_answers_as_the_merged_one_and_the_merge_reindexes_nothing() {
    let mut docs = large_corpus(400);
    let mut cache = deskbook_search::IndexCache::default();
    cache.bundle(&docs).unwrap();
    let shards = cache.last_rebuilt().1;
    docs[7].body.to_mut().push_str(" Zebra crossing.");
    let settings = deskbook_search::Settings::default();
    cache.index(&docs).unwrap();
    let quick = cache.indexed_bundle(&settings, false).unwrap();
    assert_eq!(cache.last_rebuilt(), (1, shards), "only the edited shard");
    assert_eq!(segments(&quick), shards, "one segment per shard");
    let merged = cache.bundle(&docs).unwrap();
    assert_eq!(
        cache.last_rebuilt(),
        (0, shards),
        "the merge indexes nothing again"
    );
    assert_eq!(merged, build_bundle(&docs).unwrap());
    // What a build makes: the shards freed as they are merged, the same bytes.
    let mut build = deskbook_search::IndexCache::default();
    build.index(&docs).unwrap();
    assert_eq!(build.into_bundle(&settings).unwrap(), merged);
    let (quick, merged) = (Engine::open(quick).unwrap(), Engine::open(merged).unwrap());
    assert_eq!(quick.num_docs(), docs.len() as u64);
    for text in ["zebra", "prywatnosc", "quiet voice", "renewals", "读者"] {
        let query = Query {
            text: text.into(),
            limit: 20,
            ..Query::default()
        };
        let hits = |engine: &Engine| -> Vec<(String, String, String)> {
            engine
                .search(&query)
                .unwrap()
                .into_iter()
                .map(|h| (h.id, h.lang, format!("{:.4}", h.score)))
                .collect()
        };
        assert_eq!(hits(&quick), hits(&merged), "{text}");
    }
}

#[test]
fn polish_without_diacritics() {
    assert_top("prywatnosc", "pl:privacy/quiet-voice");
    assert_top("ksiazki", "pl:loans/renewals");
    assert_top("cichy glos", "pl:privacy/quiet-voice");
}

#[test]
fn polish_inflected_forms() {
    // "książkami"/"książka" vs "Książkę", "książek" in the docs
    assert_top("książkami", "pl:loans/renewals");
    assert_top("książka", "pl:loans/renewals");
    // "czytelnikom" (dative plural) finds "czytelnika"/"czytelników"
    let hits = text("czytelnikami");
    assert!(
        keys(&hits).contains(&"pl:privacy/quiet-voice".to_string()),
        "{:?}",
        keys(&hits)
    );
    assert!(keys(&hits).contains(&"pl:greetings/greeting-at-the-desk".to_string()));
    assert_top("przedłużenie wypożyczeń", "pl:loans/renewals");
}

#[test]
fn chinese_phrases_of_two_to_six_characters() {
    assert_top("隐私", "zh:privacy/quiet-voice");
    assert_top("保护隐私", "zh:privacy/quiet-voice");
    assert_top("读者借阅", "zh:privacy/quiet-voice");
    assert_top("借阅的书名", "zh:privacy/quiet-voice");
    assert_top("问候读者", "zh:greetings/greeting-at-the-desk");
    assert_top("礼貌对待的权利", "zh:rights/courtesy");
    let hits = text("保护隐私");
    assert!(
        hits[0].snippet.contains("<mark>保护隐私</mark>"),
        "{}",
        hits[0].snippet
    );
    // The exact phrase ranks first; most of the bigrams anywhere also match, lower.
    let hits = text("服务台问候");
    assert_eq!(keys(&hits)[0], "zh:greetings/greeting-at-the-desk");
    // "保护读者隐私" is not in the text, but "保护读者提问的隐私"-like spreads are found:
    // the privacy page has 保护, 读者 and 隐私 (not adjacent).
    assert_top("保护读者隐私", "zh:privacy/quiet-voice");
}

#[test]
fn english_typos() {
    assert_top("privasy", "en:privacy/quiet-voice");
    assert_top("greting", "en:greetings/greeting-at-the-desk");
    assert_top("courtsey", "en:rights/courtesy");
    // A typo walks only the dictionary's terms with the word's first letter (issue 18: the
    // browser reads dictionaries in chunks), so a first letter must be right, or swapped with
    // the second, or doubled.
    assert_top("rpivacy", "en:privacy/quiet-voice");
    assert_top("pprivacy", "en:privacy/quiet-voice");
    assert!(text("xrivacy").is_empty());
}

#[test]
fn english_inflections() {
    assert_top("greeted", "en:greetings/greeting-at-the-desk");
    assert_top("greetings", "en:greetings/greeting-at-the-desk");
    assert_top("borrowing", "en:privacy/quiet-voice");
}

#[test]
fn prefix_of_last_word() {
    assert_top("greet", "en:greetings/greeting-at-the-desk");
    assert_top("gree", "en:greetings/greeting-at-the-desk");
    assert_top("reader priv", "en:privacy/quiet-voice");
    assert_top("catalog", "en:web/safe-notes");
    // A finished word (trailing space) is not a prefix any more (and `catalo` is two edits
    // from `catalog`, three from `catalogue`: no typo either).
    assert_top("catalo", "en:web/safe-notes");
    assert!(text("catalo ").is_empty());
}

#[test]
fn exact_matches_rank_above_fuzzy_ones() {
    // "quiet" is a transposition of "quite": both docs match, the exact one first.
    let hits = text("quiet");
    let k = keys(&hits);
    let exact = k.iter().position(|x| x == "en:quiet/quiet-hours").unwrap();
    let fuzzy = k
        .iter()
        .position(|x| x == "en:quiet/quite-often")
        .expect("fuzzy match missing");
    assert!(exact < fuzzy, "{k:?}");
    let hits = text("quite");
    assert_eq!(keys(&hits)[0], "en:quiet/quite-often");
}

#[test]
fn all_words_must_match_then_any() {
    // Both words: only the privacy page has "quiet" and "voice" (and is boosted by its title).
    assert_top("quiet voice", "en:privacy/quiet-voice");
    let hits = text("reader desk privacy");
    assert_eq!(keys(&hits)[0], "en:privacy/quiet-voice");
    // No doc has both words: fall back to any word.
    let hits = text("greeting catalogue");
    let k = keys(&hits);
    assert!(
        k.contains(&"en:greetings/greeting-at-the-desk".to_string()),
        "{k:?}"
    );
    assert!(k.contains(&"en:web/safe-notes".to_string()), "{k:?}");
    // Stop words do not have to match.
    assert_top("the privacy of a reader", "en:privacy/quiet-voice");
}

#[test]
fn every_language_is_searched_at_once() {
    let k = keys(&text("privacy"));
    // English word: English page; the tags are not text, so pl/zh pages need their own words.
    assert_eq!(k[0], "en:privacy/quiet-voice");
    let k = keys(&text("privacy prywatność 隐私"));
    for expected in [
        "en:privacy/quiet-voice",
        "pl:privacy/quiet-voice",
        "zh:privacy/quiet-voice",
    ] {
        assert!(k.contains(&expected.to_string()), "{k:?}");
    }
}

#[test]
fn title_outranks_body() {
    // "courtesy" is in the title of rights/courtesy and only in the body elsewhere.
    assert_top("courtesy", "en:rights/courtesy");
}

#[test]
fn filters() {
    let q =
        |t: &str, lang: Option<&str>, cat: Option<&str>, right: Option<&str>, tag: Option<&str>| {
            search(Query {
                text: t.to_string(),
                lang: lang.map(str::to_string),
                category: cat.map(str::to_string),
                right: right.map(str::to_string),
                tag: tag.map(str::to_string),
                ..Default::default()
            })
        };
    let k = keys(&q("reader", Some("en"), None, None, None));
    assert!(
        !k.is_empty() && k.iter().all(|x| x.starts_with("en:")),
        "{k:?}"
    );
    let k = keys(&q("", None, Some("privacy"), None, None));
    assert_eq!(k.len(), 3, "{k:?}");
    assert!(k.iter().all(|x| x.ends_with("privacy/quiet-voice")));
    let k = keys(&q("", Some("zh"), None, Some("courtesy"), None));
    assert_eq!(k, vec!["zh:greetings/greeting-at-the-desk"]);
    let k = keys(&q("desk", None, None, None, Some("welcome")));
    assert!(
        k.iter()
            .all(|x| x.ends_with("greetings/greeting-at-the-desk")),
        "{k:?}"
    );
    assert!(!k.is_empty());
    let k = keys(&q("desk", Some("xx"), None, None, None));
    assert!(k.is_empty());
    // No text, no filter: nothing.
    assert!(q("", None, None, None, None).is_empty());
}

#[test]
fn limit() {
    let all = search(Query {
        text: "reader".into(),
        limit: 100,
        ..Default::default()
    });
    assert!(all.len() >= 3);
    let two = search(Query {
        text: "reader".into(),
        limit: 2,
        ..Default::default()
    });
    assert_eq!(two.len(), 2);
    assert_eq!(keys(&two), keys(&all)[..2].to_vec());
}

#[test]
fn snippets_are_escaped_html() {
    let hits = text("script");
    assert_eq!(hits[0].id, "web/safe-notes");
    let s = &hits[0].snippet;
    assert!(!s.contains("<script"), "{s}");
    assert!(s.contains("&lt;<mark>script</mark>&gt;"), "{s}");
    assert!(s.contains("&amp;"), "{s}");
    assert!(s.contains("&quot;x&quot;"), "{s}");
    // Tags in snippets are only <mark>.
    for q in ["notes", "plain text", "alert", "catalogue"] {
        for h in text(q) {
            let stripped = h.snippet.replace("<mark>", "").replace("</mark>", "");
            assert!(
                !stripped.contains('<') && !stripped.contains('>'),
                "{q}: {}",
                h.snippet
            );
        }
    }
}

#[test]
fn snippet_falls_back_to_summary() {
    // "favour" is in the body; "approaches" only in the summary.
    let hits = text("approaches");
    assert_eq!(hits[0].id, "greetings/greeting-at-the-desk");
    assert!(
        hits[0].snippet.contains("<mark>approaches</mark>"),
        "{}",
        hits[0].snippet
    );
    // Title-only match: no mark, but still a snippet (the summary).
    let hits = text("handbook");
    assert_eq!(hits[0].id, "pages/about");
    assert!(!hits[0].snippet.is_empty());
}

#[test]
fn the_body_is_not_in_the_index_but_in_a_text_file_each_hit_names() {
    let docs = corpus();
    let files: BTreeMap<String, String> = text_files(&docs).collect();
    let with_body = docs
        .iter()
        .filter(|d| !d.body.text().trim().is_empty())
        .count();
    assert!(!files.is_empty() && files.len() <= with_body);
    // The bundle does not hold the body text: a sentence of a body is not among its bytes.
    let bundle = build_bundle(&docs).unwrap();
    let sentence = "turn the screen away, and offer to continue the conversation";
    assert!(
        docs.iter().any(|d| d.body.text().contains(sentence)),
        "the corpus has the sentence"
    );
    assert!(
        !bundle
            .windows(sentence.len())
            .any(|w| w == sentence.as_bytes())
    );

    // A hit straight from the engine has a provisional snippet and names its text file.
    let raw = engine()
        .search(&Query {
            text: "aloud".into(),
            ..Default::default()
        })
        .unwrap();
    let hit = raw[0].clone();
    assert_eq!(hit.text, text_key(&bodies()[&hit.text]));
    assert!(files.contains_key(&hit.text));
    assert!(!hit.marks.is_empty());
    assert!(
        !hit.snippet.contains("<mark>aloud</mark>"),
        "{}",
        hit.snippet
    );
    // Finished with its body, the snippet is the body's passage; the file names are gone.
    let mut done = hit.clone();
    finish_snippet(&mut done, Some(&bodies()[&hit.text]));
    assert!(
        done.snippet.contains("<mark>aloud</mark>"),
        "{}",
        done.snippet
    );
    assert!(done.text.is_empty() && done.marks.is_empty());
    assert_eq!(text("aloud")[0], done);
    // Without the file (it could not be read) the provisional snippet stays.
    let mut missing = hit.clone();
    finish_snippet(&mut missing, None);
    assert_eq!(missing.snippet, hit.snippet);
    // A summary that marks every word of the query is the final snippet: no file to read.
    let raw = engine()
        .search(&Query {
            text: "privacy".into(),
            lang: Some("en".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(raw[0].id, "privacy/quiet-voice");
    assert!(
        raw[0].text.is_empty() && raw[0].marks.is_empty(),
        "{:?}",
        raw[0]
    );
    // One word of two in the summary: the body is looked at.
    let raw = engine()
        .search(&Query {
            text: "privacy aloud".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(raw[0].id, "privacy/quiet-voice");
    assert!(!raw[0].text.is_empty(), "{:?}", raw[0]);
    // The JSON the browser gets carries the file's key and the marks; a final hit has neither.
    let json = engine().search_json(r#"{"text":"aloud"}"#).unwrap();
    assert!(
        json.contains(&format!("\"text\":\"{}\"", hit.text)),
        "{json}"
    );
    assert!(json.contains("\"marks\":{"), "{json}");
    let final_json = serde_json::to_string(&done).unwrap();
    assert!(!final_json.contains("\"text\"") && !final_json.contains("\"marks\""));
}

#[test]
fn text_files_round_trip_any_body() {
    for body in [
        "plain",
        "quotes \" and \\ backslashes",
        "</script><script>alert(1)</script>",
        "line\nbreaks\r\n and \u{2028} separators",
        "保护读者隐私",
        "ąęśćżźółń",
    ] {
        let key = text_key(body);
        let file = deskbook_search::text_file(&key, body);
        assert_eq!(
            parse_text_file(&file),
            Some((key, body.to_string())),
            "{file}"
        );
    }
    assert_eq!(
        parse_text_file("deskbookText(\"../etc/passwd\",\"x\");"),
        None
    );
    assert_eq!(parse_text_file("alert(1)"), None);
}

#[test]
fn garbage_queries_never_fail() {
    let long = "privacy ".repeat(1500);
    let long_cjk = "隐私".repeat(5000);
    let queries = [
        "",
        " ",
        "\"",
        "\"privacy",
        "title:privacy",
        "privacy AND desk",
        "AND",
        "OR NOT",
        "(((",
        ")]}",
        "[1 TO 2]",
        "*",
        "priv*",
        "privacy~2",
        "+privacy -desk",
        "\\",
        "\u{0}",
        "🙂🙂🙂",
        "privacy 🙂",
        "'; DROP TABLE docs; --",
        "<script>alert(1)</script>",
        "a",
        "ą",
        "的",
        long.as_str(),
        long_cjk.as_str(),
        "x\u{0301}\u{0301}\u{0301}",
        "\u{202e}\u{200b}",
    ];
    for q in queries {
        let r = engine().search(&Query {
            text: q.to_string(),
            ..Default::default()
        });
        assert!(r.is_ok(), "query {q:?} failed: {:?}", r.err());
    }
    // Query syntax is plain words: "title:privacy" finds the privacy page like "title privacy".
    let k = keys(&text("\"privacy\""));
    assert_eq!(k[0], "en:privacy/quiet-voice");
    assert!(!text(&long).is_empty());
}

#[test]
fn malformed_bundles_are_errors() {
    assert!(Engine::open(Vec::new()).is_err());
    assert!(Engine::open(b"not a bundle at all".to_vec()).is_err());
    let mut b = build_bundle(&corpus()).unwrap();
    b.truncate(b.len() / 2);
    let r = std::panic::catch_unwind(|| {
        Engine::open(b).map(|e| {
            e.search(&Query {
                text: "privacy".into(),
                ..Default::default()
            })
        })
    });
    assert!(r.is_ok(), "truncated bundle panicked");
}

#[test]
fn empty_corpus() {
    let e = Engine::open(build_bundle(&[]).unwrap()).unwrap();
    assert!(
        e.search(&Query {
            text: "privacy".into(),
            ..Default::default()
        })
        .unwrap()
        .is_empty()
    );
    assert_eq!(e.num_docs(), 0);
}

#[test]
fn json_interface() {
    let out = engine()
        .search_json(r#"{"text":"prywatnosc","lang":"pl"}"#)
        .unwrap();
    let hits: Vec<Hit> = serde_json::from_str(&out).unwrap();
    assert_eq!(keys(&hits), vec!["pl:privacy/quiet-voice"]);
    assert!(engine().search_json("{").is_err());
    assert!(engine().search_json(r#"{"text": 5}"#).is_err());
    assert_eq!(engine().search_json("{}").unwrap(), "[]");
}

#[test]
fn empty_filters_are_ignored_and_engine_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    let a = search(Query {
        text: "privacy".into(),
        lang: Some(String::new()),
        ..Default::default()
    });
    assert_eq!(keys(&a), keys(&text("privacy")));
}
