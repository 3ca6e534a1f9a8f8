//! How results are ordered, what a query word is looked up under and what the reader is shown
//! (issue 13): more words matched first, the word as typed above its guesses in any language,
//! the reader's language and the kind of page at equal match, synonyms, "did you mean", and
//! snippets that stay inside one block of text.

use deskbook_search::{
    Engine, Hit, Query, SearchDoc, Settings, build_bundle, build_bundle_with, parse_text_file,
    text_files,
};
use std::collections::BTreeMap;

fn doc(id: &str, lang: &str, kind: &str, title: &str, body: &str) -> SearchDoc<'static> {
    SearchDoc {
        id: id.to_string(),
        lang: lang.to_string(),
        kind: kind.to_string(),
        title: title.to_string(),
        summary: String::new(),
        headings: Vec::new(),
        body: body.to_string().into(),
        category: None,
        rights: Vec::new(),
        tags: Vec::new(),
        url: format!("{lang}/{id}.html"),
        updated: "2026-11-01".to_string(),
    }
}

struct Site {
    engine: Engine,
    bodies: BTreeMap<String, String>,
}

fn site(docs: &[SearchDoc<'static>], settings: &Settings) -> Site {
    Site {
        engine: Engine::open(build_bundle_with(docs, settings).unwrap()).unwrap(),
        bodies: text_files(docs)
            .map(|(_, file)| parse_text_file(&file).unwrap())
            .collect(),
    }
}

impl Site {
    fn search(&self, text: &str, page_lang: Option<&str>) -> Vec<Hit> {
        let query = Query {
            text: text.to_string(),
            page_lang: page_lang.map(str::to_string),
            ..Default::default()
        };
        self.engine
            .search_with_texts(&query, |key| self.bodies.get(key).cloned())
            .unwrap()
    }

    fn ids(&self, text: &str, page_lang: Option<&str>) -> Vec<String> {
        self.search(text, page_lang)
            .iter()
            .map(|h| format!("{}:{}", h.lang, h.id))
            .collect()
    }

    fn suggest(&self, text: &str) -> Option<String> {
        self.engine
            .suggest(&Query {
                text: text.to_string(),
                ..Default::default()
            })
            .unwrap()
    }
}

fn settings(default_lang: &str) -> Settings {
    Settings {
        default_lang: default_lang.to_string(),
        ..Settings::default()
    }
}

fn desk() -> Vec<SearchDoc<'static>> {
    vec![
        doc(
            "angry",
            "en",
            "practice",
            "Responding to an angry patron",
            "Stay calm when an angry patron raises their voice at the desk.",
        ),
        doc(
            "card",
            "en",
            "practice",
            "Asking for the library card",
            "Ask the patron for their card politely.",
        ),
        doc(
            "phone",
            "en",
            "practice",
            "Answering the phone",
            "Tell the patron your name when you pick up.",
        ),
        doc(
            "email",
            "en",
            "practice",
            "Answering email",
            "Reply to every patron within a day.",
        ),
        doc(
            "difficult",
            "en",
            "category",
            "Difficult situations",
            "When a patron is angry or upset.",
        ),
    ]
}

#[test]
fn a_word_found_nowhere_never_empties_the_results_and_more_words_matched_rank_higher() {
    let s = site(&desk(), &settings("en"));
    let ids = s.ids("angry patron xyzzyq", None);
    assert_eq!(ids.first().map(String::as_str), Some("en:angry"), "{ids:?}");
    assert!(
        ids.len() >= 4,
        "the entries with `patron` still come: {ids:?}"
    );
    // `angy` is a one-typo four-letter word: it counts as matched, so the entry with both words
    // comes before the four that only say `patron`.
    let ids = s.ids("angy patron", None);
    assert_eq!(ids.first().map(String::as_str), Some("en:angry"), "{ids:?}");
}

#[test]
fn practices_and_rights_rank_above_categories_and_pages_at_equal_match() {
    let docs = vec![
        doc("cat", "en", "category", "Upset patrons", "An upset patron."),
        doc("page", "en", "page", "Upset patrons", "An upset patron."),
        doc("right", "en", "right", "Upset patrons", "An upset patron."),
        doc(
            "practice",
            "en",
            "practice",
            "Upset patrons",
            "An upset patron.",
        ),
    ];
    let s = site(&docs, &settings("en"));
    let ids = s.ids("upset", None);
    assert_eq!(ids.len(), 4, "{ids:?}");
    let (top, bottom) = ids.split_at(2);
    assert!(
        top.contains(&"en:practice".to_string()) && top.contains(&"en:right".to_string()),
        "{ids:?}"
    );
    assert!(bottom.contains(&"en:cat".to_string()), "{ids:?}");
}

#[test]
fn the_word_as_typed_ranks_above_its_stem_and_guesses_never_outrank_it() {
    let docs = vec![
        doc("greets", "en", "practice", "Desk", "She greets them."),
        doc("greeting", "en", "practice", "Desk", "A greeting."),
        doc("greed", "en", "practice", "Desk", "No greed."),
    ];
    let s = site(&docs, &settings("en"));
    assert_eq!(
        s.ids("greeting", None)[..2],
        ["en:greeting".to_string(), "en:greets".to_string()]
    );
    // A Polish word as typed beats a longer English word it starts, whatever the page language.
    let docs = vec![
        doc(
            "stan",
            "pl",
            "practice",
            "Lada",
            "Stań przy ladzie i zapytaj.",
        ),
        doc(
            "standing",
            "en",
            "practice",
            "Standing",
            "Standing at the desk, standing tall.",
        ),
    ];
    let s = site(&docs, &settings("en"));
    assert_eq!(s.ids("stań", Some("en"))[0], "pl:stan");
    // Polish words are guessed at by their first letters only when the word as typed is
    // nowhere in the index: `patron` is English, and must not find Polish `patrzeć`.
    let docs = vec![
        doc("patron", "en", "practice", "Patrons", "Greet every patron."),
        doc(
            "look",
            "pl",
            "practice",
            "Wzrok",
            "Patrzeć czytelnikowi w oczy.",
        ),
    ];
    let s = site(&docs, &settings("en"));
    assert_eq!(
        s.ids("patron", None),
        ["en:patron"].map(String::from).to_vec()
    );
    // …while a Polish form nowhere in the site is: `patrzecie` finds `patrzeć`.
    assert_eq!(
        s.ids("patrzecie", None),
        ["pl:look"].map(String::from).to_vec()
    );
}

#[test]
fn the_reader_page_language_decides_between_equal_guesses() {
    // `polcy` is one letter from English `policy`, and stems like Polish `półce`.
    let docs = vec![
        doc(
            "policy",
            "en",
            "practice",
            "Our policy",
            "The library policy on noise.",
        ),
        doc("shelf", "pl", "practice", "Półka", "Książka leży na półce."),
    ];
    let s = site(&docs, &settings("en"));
    assert_eq!(s.ids("polcy", Some("en"))[0], "en:policy");
    assert_eq!(s.ids("polcy", Some("pl"))[0], "pl:shelf");
    // Without a page language, the site's default language is the reader's.
    assert_eq!(s.ids("polcy", None)[0], "en:policy");
    let s = site(&docs, &settings("pl"));
    assert_eq!(s.ids("polcy", None)[0], "pl:shelf");
}

#[test]
fn forms_the_stemmers_do_not_reach_are_found() {
    let docs = vec![
        doc(
            "long",
            "en",
            "practice",
            "Calls",
            "Keep calls short, never too long.",
        ),
        doc(
            "bring",
            "en",
            "practice",
            "Cards",
            "Patrons bring their cards.",
        ),
        doc(
            "easy",
            "en",
            "practice",
            "Forms",
            "Make the form easy to fill.",
        ),
        doc(
            "koszt",
            "pl",
            "practice",
            "Koszty",
            "Wypożyczenie w kosztach biblioteki.",
        ),
        doc("cicho", "pl", "practice", "Głos", "Mów ciszej niż zwykle."),
    ];
    let s = site(&docs, &settings("en"));
    for (query, expected) in [
        ("longest", "en:long"),
        ("longer", "en:long"),
        ("brought", "en:bring"),
        ("easiest", "en:easy"),
        ("kosztow", "pl:koszt"),
        ("kosztów", "pl:koszt"),
        ("najciszej", "pl:cicho"),
    ] {
        let ids = s.ids(query, None);
        assert_eq!(
            ids.first().map(String::as_str),
            Some(expected),
            "{query}: {ids:?}"
        );
    }
}

#[test]
fn synonyms_from_the_settings_find_the_other_words_of_a_group_below_the_word_itself() {
    let docs = vec![
        doc(
            "angry",
            "en",
            "practice",
            "Angry patrons",
            "An angry patron at the desk.",
        ),
        doc(
            "shout",
            "en",
            "practice",
            "Noise",
            "Someone is shouting in the reading room.",
        ),
        doc(
            "zly",
            "pl",
            "practice",
            "Zły czytelnik",
            "Czytelnik jest zły.",
        ),
    ];
    let plain = site(&docs, &settings("en"));
    assert_eq!(plain.ids("yelling", None), Vec::<String>::new());
    let mut with = settings("en");
    with.synonyms.insert(
        "en".into(),
        vec![vec!["shouting".into(), "angry".into(), "yelling".into()]],
    );
    with.synonyms
        .insert("pl".into(), vec![vec!["zły".into(), "rozgniewany".into()]]);
    let s = site(&docs, &with);
    assert_eq!(
        s.ids("yelling", None),
        ["en:angry", "en:shout"].map(String::from).to_vec()
    );
    // The word as typed first, its synonyms after.
    assert_eq!(
        s.ids("shouting", None),
        ["en:shout", "en:angry"].map(String::from).to_vec()
    );
    assert_eq!(
        s.ids("rozgniewany", None),
        ["pl:zly"].map(String::from).to_vec()
    );
    // A group is its language's: `angry` does not reach the Polish group.
    assert!(!s.ids("angry", None).contains(&"pl:zly".to_string()));
    // The settings travel in the bundle: a bundle without them is byte-identical to before.
    assert_eq!(
        build_bundle(&docs).unwrap(),
        build_bundle_with(&docs, &Settings::default()).unwrap()
    );
    assert_ne!(
        build_bundle(&docs).unwrap(),
        build_bundle_with(&docs, &with).unwrap()
    );
}

#[test]
fn did_you_mean_offers_the_closest_known_word() {
    let s = site(&desk(), &settings("en"));
    assert_eq!(s.suggest("angy patron").as_deref(), Some("angry patron"));
    assert_eq!(s.suggest("anrgy").as_deref(), Some("angry"));
    assert_eq!(
        s.suggest("answerng the phone").as_deref(),
        Some("answering the phone")
    );
    assert_eq!(s.suggest("angry patron"), None, "every word is known");
    assert_eq!(s.suggest("qqqqqq"), None, "nothing is close");
    assert_eq!(s.suggest("隐私"), None);
    // Of two words one edit away, the one more entries use (not the first alphabetically).
    let docs = vec![
        doc("a", "en", "practice", "Desk", "x"),
        doc("b", "en", "practice", "Dusk", "x"),
        doc("c", "en", "practice", "Dusk again", "x"),
    ];
    assert_eq!(
        site(&docs, &settings("en")).suggest("dask").as_deref(),
        Some("dusk")
    );
}

#[test]
fn snippets_stay_inside_one_block_and_cut_at_sentences() {
    // The plain text has a line per block: paragraph, heading, table cell.
    let body = "Greet the patron and say hello.\nWhy it matters\nHow we handle complaints \
                matters to everyone. A second sentence that goes on and on about other things \
                entirely, long enough to be cut somewhere in the middle of it.\nStages\nStage\nWho";
    let docs = vec![doc("x", "en", "practice", "Desk", body)];
    let s = site(&docs, &settings("en"));
    let hit = &s.search("complaints", None)[0];
    assert_eq!(
        hit.snippet,
        "How we handle <mark>complaints</mark> matters to everyone."
    );
    let hit = &s.search("stages", None)[0];
    assert_eq!(hit.snippet, "<mark>Stages</mark>");
}
