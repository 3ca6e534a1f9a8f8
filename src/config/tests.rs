//! Unit tests of reading `deskbook.yaml`: keys, defaults and located errors.
use super::*;

#[test]
fn reads_the_design_example() {
    let config = Config::parse(
        "title: Good Practices\nlanguages: [en, pl, zh]\nbase_url: https://intranet.example/kb\nreview_interval_months: 6\n",
    )
    .unwrap();
    assert_eq!(config.languages, ["en", "pl", "zh"]);
    assert_eq!(config.title_in("pl"), "Good Practices");
    assert_eq!(
        config.base_url.as_deref(),
        Some("https://intranet.example/kb/")
    );
    assert_eq!(config.review_interval_months, 6);
}

#[test]
fn base_urls_are_absolute_and_end_in_one_slash() {
    for (given, expected) in [
        (
            "https://intranet.example/kb",
            "https://intranet.example/kb/",
        ),
        (
            "https://intranet.example/kb/",
            "https://intranet.example/kb/",
        ),
        (
            "https://intranet.example/kb//",
            "https://intranet.example/kb/",
        ),
        ("http://intranet.example", "http://intranet.example/"),
    ] {
        assert_eq!(
            normalize_base_url(given).as_deref(),
            Ok(expected),
            "{given}"
        );
    }
    for bad in [
        "intranet.example/kb",
        "/kb/",
        "https://",
        "https:///kb",
        "ftp://x/",
    ] {
        assert!(normalize_base_url(bad).is_err(), "{bad} accepted");
    }
    let mut config = Config::parse("title: x\nlanguages: [en]\n").unwrap();
    config
        .override_base_url(Some("https://x.example/kb//"))
        .unwrap();
    assert_eq!(config.base_url.as_deref(), Some("https://x.example/kb/"));
    let problem = config.override_base_url(Some("x.example")).unwrap_err();
    assert_eq!(
        problem.to_string(),
        "--base-url: error: `--base-url` must be an absolute http(s) URL, found `x.example` (for example `https://intranet.example/kb/`)"
    );
}

#[test]
fn unknown_keys_get_a_suggestion() {
    let errors = Config::parse("title: x\nlanguages: [en]\nbase_ulr: https://x/\n").unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "deskbook.yaml:3:1: error: unknown key `base_ulr` in deskbook.yaml; did you mean `base_url`? (known keys: title, description, languages, base_url, review_interval_months, edit_url, theme, search, labels, audiences, owners, feedback, new_days)\n   3 | base_ulr: https://x/\n     | ^"
    );
}

#[test]
fn synonyms_are_read_per_language() {
    let config = Config::parse(
        "title: x\nlanguages: [en, pl]\nsearch:\n  synonyms:\n    en: [[shouting, angry, yelling]]\n    pl:\n      - [kara, opłata]\n",
    )
    .unwrap();
    assert!(config.search);
    assert_eq!(config.synonyms["en"], [["shouting", "angry", "yelling"]]);
    assert_eq!(config.synonyms["pl"], [["kara", "opłata"]]);
    let off = Config::parse("title: x\nsearch: {enabled: false}\n").unwrap();
    assert!(!off.search);
}

#[test]
fn synonym_mistakes_are_named_at_their_place() {
    let text = "title: x\nlanguages: [en, pl]\nsearch:\n  synonyms:\n    en:\n      - [shouting, angry]\n      - [late fee, charge]\n      - [angry, upset]\n      - [alone]\n    de: [[laut, wütend]]\n  synonym: []\n";
    let shown: Vec<String> = Config::parse(text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "deskbook.yaml:7:10: error: the synonym `late fee` has 2 words; a synonym is one word (search matches each word of a query on its own): put `late` in the group instead\n   7 |       - [late fee, charge]\n     |          ^",
            "deskbook.yaml:6:20: error: `angry` is in two synonym groups of `en`: merge the groups (a word has one set of synonyms)\n   6 |       - [shouting, angry]\n     |                    ^",
            "deskbook.yaml:9:9: error: a synonym group of `en` needs at least two words\n   9 |       - [alone]\n     |         ^",
            "deskbook.yaml:10:5: error: `search.synonyms` names language `de`, which is not in `languages` (en, pl)\n  10 |     de: [[laut, wütend]]\n     |     ^",
            "deskbook.yaml:11:3: error: unknown key `synonym` in `search`; did you mean `synonyms`? (known keys: enabled, synonyms)\n  11 |   synonym: []\n     |   ^",
        ]
    );
}

#[test]
fn language_codes_are_checked() {
    let errors = Config::parse("title: x\nlanguages: [en, PL, en]\n").unwrap_err();
    let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`PL` is not a language code; use lower-case codes like `en`, `pl`, `zh` or `pt-br`",
            "language `en` is listed twice"
        ]
    );
}
