//! The pages for training staff (issue 17): competencies, role reading paths with their
//! checklists, desk phrase sheets and self-check questions, on the starter site in all three
//! languages, and the trainer's mistakes with them.

use super::harness::assert_snapshot;
use super::harness::{Site, assert_code, repo_root, run_in};
use super::links::attribute_values;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

const LANGS: [&str; 3] = ["", "pl/", "zh/"];

/// The starter site, built once for every test here.
static STARTER: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let run = run_in(
        &repo_root(),
        &["build", "--quiet", "--out", dir.to_str().unwrap()],
    );
    assert_code(&run, 0);
    (out, dir)
});

fn page(rel: &str) -> String {
    let path = STARTER.1.join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What `<main>` holds, and its opening tag.
fn main_of(html: &str) -> (&str, &str) {
    let start = html.find("<main").expect("a <main>");
    let open_end = start + html[start..].find('>').unwrap();
    let end = html.find("</main>").unwrap();
    (&html[start..=open_end], &html[open_end + 1..end])
}

/// The entries a page lists, in order (`data-entry` of its main part).
fn listed(html: &str) -> Vec<String> {
    let (_, main) = main_of(html);
    attribute_values(main, "data-entry")
        .into_iter()
        .map(String::from)
        .collect()
}

/// One practice's front matter, as the starter writes it (one `key: value` a line).
struct Practice {
    id: String,
    category: String,
    weight: i64,
    competencies: Vec<String>,
    audience: Vec<String>,
}

fn front_matter(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("---\n")
        .nth(1)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

fn list(value: Option<&String>) -> Vec<String> {
    value.map_or_else(Vec::new, |v| {
        v.trim_matches(['[', ']'])
            .split(',')
            .map(|s| s.trim().to_string())
            .collect()
    })
}

/// Every practice of the starter from its original file, and the categories' weights.
fn starter_practices() -> (Vec<Practice>, BTreeMap<String, i64>) {
    let mut practices = Vec::new();
    let mut weights = BTreeMap::new();
    let root = repo_root().join("content/practices");
    for cat in std::fs::read_dir(&root).unwrap() {
        let cat = cat.unwrap().path();
        let name = cat.file_name().unwrap().to_string_lossy().to_string();
        let index = front_matter(&cat.join("_index.md"));
        weights.insert(name.clone(), index["weight"].parse().unwrap());
        let mut originals: BTreeMap<String, PathBuf> = BTreeMap::new();
        for file in std::fs::read_dir(&cat).unwrap() {
            let file = file.unwrap().path();
            let stem = file.file_name().unwrap().to_string_lossy().to_string();
            let stem = stem.trim_end_matches(".md");
            let (slug, lang) = stem.split_once('.').unwrap_or((stem, "en"));
            if slug == "_index" {
                continue;
            }
            // The original: English when there is one, else the file there is.
            if lang == "en" || !originals.contains_key(slug) {
                originals.insert(slug.to_string(), file.clone());
            }
        }
        for (slug, file) in originals {
            let meta = front_matter(&file);
            practices.push(Practice {
                id: format!("{name}/{slug}"),
                category: name.clone(),
                weight: meta.get("weight").map_or(0, |w| w.parse().unwrap()),
                competencies: list(meta.get("competencies")),
                audience: list(meta.get("audience")),
            });
        }
    }
    (practices, weights)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn competency_pages_list_the_practices_that_build_them_in_every_language() {
    let (practices, _) = starter_practices();
    let ids = [
        "welcoming-manner",
        "listening",
        "difficult-situations",
        "online-service",
        "knowing-the-organisation",
        "service-standards",
    ];
    for lang in LANGS {
        let index = page(&format!("{lang}competencies/index.html"));
        let listed_ids = listed(&index);
        for id in ids {
            assert!(
                listed_ids.contains(&format!("competencies/{id}")),
                "{lang}competencies/index.html lists {id}"
            );
            let html = page(&format!("{lang}competencies/{id}.html"));
            let (open, _) = main_of(&html);
            assert!(
                open.contains(&format!("data-competency=\"{id}\"")),
                "{open}"
            );
            let expected: Vec<String> = practices
                .iter()
                .filter(|p| p.competencies.iter().any(|c| c == id))
                .map(|p| p.id.clone())
                .collect();
            assert!(!expected.is_empty());
            let shown: Vec<String> = listed(&html)
                .into_iter()
                .filter(|e| !e.starts_with("competencies/"))
                .collect();
            assert_eq!(
                sorted(shown),
                sorted(expected),
                "{lang}competencies/{id}.html"
            );
        }
    }
    // An entry page names its competencies, in the reader's language, linking their pages.
    let angry = page("pl/practices/difficult-situations/an-angry-patron.html");
    assert!(
        angry.contains(
            "<a href=\"../../competencies/difficult-situations.html\">Radzenie sobie w trudnych sytuacjach</a>"
        ),
        "the Polish entry links its competency"
    );
}

#[test]
fn role_pages_list_their_entries_by_category_then_entry_weight_with_a_checklist() {
    let (practices, cat_weights) = starter_practices();
    let roles = [
        "new-staff",
        "front-desk",
        "reference",
        "online-team",
        "managers",
        "all-staff",
    ];
    for lang in LANGS {
        let index = page(&format!("{lang}roles/index.html"));
        for role in roles {
            assert!(
                index.contains(&format!("data-role=\"{role}\"")),
                "{lang}roles/index.html lists {role}"
            );
            let html = page(&format!("{lang}roles/{role}.html"));
            let (open, main) = main_of(&html);
            assert!(
                open.contains(&format!("data-audience=\"{role}\"")),
                "{open}"
            );
            let mut expected: Vec<&Practice> = practices
                .iter()
                .filter(|p| p.audience.iter().any(|a| a == role))
                .collect();
            expected.sort_by_key(|p| (cat_weights[&p.category], p.weight));
            let shown = listed(&html);
            // Same category and weight: any order (titles differ by language).
            let key = |id: &str| {
                let p = practices.iter().find(|p| p.id == id).unwrap();
                (cat_weights[&p.category], p.weight)
            };
            let shown_keys: Vec<_> = shown.iter().map(|id| key(id)).collect();
            let expected_keys: Vec<_> = expected.iter().map(|p| key(&p.id)).collect();
            assert_eq!(shown_keys, expected_keys, "{lang}roles/{role}.html order");
            assert_eq!(
                sorted(shown),
                sorted(expected.iter().map(|p| p.id.clone()).collect()),
                "{lang}roles/{role}.html"
            );
            // The checklist: two boxes per entry, and lines for two names and two dates.
            assert_eq!(
                main.matches("<span class=\"box\"").count(),
                2 * expected.len()
            );
            assert_eq!(main.matches("class=\"sign-blank\"").count(), 2);
            assert_eq!(main.matches("class=\"sign-blank sign-date\"").count(), 2);
        }
    }
    let pl = page("pl/roles/new-staff.html");
    assert!(pl.contains("<h1>Ścieżka czytania: Nowi pracownicy</h1>"));
    assert!(pl.contains(">Przeczytane</th>"));
    let entry = page("zh/practices/greetings/greeting-at-the-desk.html");
    assert!(
        entry.contains("<a href=\"../../roles/new-staff.html\">新员工</a>"),
        "an entry names its roles in the reader's language"
    );
}

/// The texts of the callouts of `kind` (`say`, `avoid`) in a page's `<main>`.
/// The phrases of the callouts of `kind` on a page: each box's content, split where phrases
/// sharing one box are divided.
fn callouts(html: &str, kind: &str) -> Vec<String> {
    let (_, main) = main_of(html);
    let open = format!("<div class=\"callout callout-{kind}\" role=\"note\">\n");
    main.split(&open)
        .skip(1)
        .flat_map(|rest| {
            let body = &rest[rest.find("</p>\n").unwrap() + 5..];
            body[..body.find("</div>").unwrap()]
                .split("<hr class=\"callout-divider\" aria-hidden=\"true\">\n")
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn phrase_sheets_hold_every_phrase_of_their_entries_and_are_much_shorter_than_the_handout() {
    let categories = [
        "greetings",
        "privacy",
        "options",
        "difficult-situations",
        "online",
        "consistency",
    ];
    let whole: Vec<String> = LANGS
        .iter()
        .map(|l| page(&format!("{l}phrases.html")))
        .collect();
    for (n, lang) in LANGS.iter().enumerate() {
        let (open, _) = main_of(&whole[n]);
        assert!(open.contains("data-phrases=\"\""), "{open}");
        let mut total = 0;
        for cat in categories {
            let rel = format!("{lang}phrases/{cat}.html");
            let sheet = page(&rel);
            let (open, main) = main_of(&sheet);
            assert!(open.contains(&format!("data-phrases=\"{cat}\"")), "{open}");
            let category = page(&format!("{lang}practices/{cat}/index.html"));
            let mut phrases = 0;
            let entries: Vec<String> = attribute_values(main_of(&category).1, "href")
                .into_iter()
                .map(|url| normalize(&Path::new(&format!("{lang}practices/{cat}/")).join(url)))
                .filter(|p| p.contains(&format!("practices/{cat}/")) && !p.ends_with("/index.html"))
                .filter(|p| !p.ends_with("/print.html"))
                .collect();
            assert!(
                entries.len() > 3,
                "{lang}practices/{cat}/index.html lists entries"
            );
            for entry_rel in entries {
                let entry = page(&entry_rel);
                let mine = [callouts(&entry, "say"), callouts(&entry, "avoid")].concat();
                for phrase in &mine {
                    assert!(
                        main.contains(phrase.as_str()),
                        "{rel} lacks {phrase:?} of {entry_rel}"
                    );
                    assert!(
                        whole[n].contains(phrase.as_str()),
                        "{lang}phrases.html lacks {phrase:?}"
                    );
                }
                if !mine.is_empty() {
                    let file = &entry_rel[entry_rel.find("practices/").unwrap()..];
                    assert!(
                        main.contains(&format!("{file}\"")),
                        "{rel} links {entry_rel}"
                    );
                }
                phrases += mine.len();
            }
            let shown = main.matches("<li class=\"phrase phrase-").count();
            assert!(phrases > 0, "{rel} has phrases");
            assert_eq!(shown, phrases, "{rel} shows each phrase once");
            total += shown;
            let handout = page(&format!("{lang}practices/{cat}/print.html"));
            let (handout_main, sheet_main) = (main_of(&handout).1.len(), main.len());
            assert!(
                sheet_main * 3 < handout_main,
                "{rel} ({sheet_main} bytes) is not much shorter than the handout ({handout_main} bytes)"
            );
        }
        let whole_count = main_of(&whole[n])
            .1
            .matches("<li class=\"phrase phrase-")
            .count();
        assert_eq!(
            whole_count, total,
            "{lang}phrases.html holds every category's phrases"
        );
    }
}

/// `a/b/../c` → `a/c`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c.as_os_str().to_string_lossy().as_ref() {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other.to_string()),
        }
    }
    parts.join("/")
}

#[test]
fn self_check_questions_hide_their_answers_and_each_category_collects_them() {
    let expected = [
        ("", "Show the answer", "What do you do first?"),
        ("pl/", "Pokaż odpowiedź", "Co robisz najpierw?"),
        ("zh/", "查看答案", "你首先该怎么做？"),
    ];
    for (lang, summary, question) in expected {
        let entry = page(&format!(
            "{lang}practices/difficult-situations/an-angry-patron.html"
        ));
        let details = format!("<details class=\"answer\">\n<summary>{summary}</summary>\n");
        assert_eq!(main_of(&entry).1.matches(&details).count(), 2, "{lang}");
        let sheet = page(&format!("{lang}questions/difficult-situations.html"));
        let (_, main) = main_of(&sheet);
        assert_eq!(main.matches(&details).count(), 2, "{lang}");
        assert!(main.contains(question), "{lang}: {question}");
        // The question stays visible; only the answer is folded away.
        let q = main.find(question).unwrap();
        assert!(q < main.find("<details").unwrap());
        let category = page(&format!("{lang}practices/difficult-situations/index.html"));
        assert!(category.contains("href=\"../../questions/difficult-situations.html\""));
    }
}

#[test]
fn unknown_competencies_and_roles_are_errors_at_their_place() {
    let site = Site::fixture("minimal");
    let config = site.read("deskbook.yaml");
    site.write(
        "deskbook.yaml",
        format!("{config}audiences:\n  front-desk: {{en: Front desk, pl: Lada}}\n  managers: {{en: Managers}}\n"),
    );
    site.write(
        "content/competencies/listening.md",
        "---\ntitle: Listening\nsummary: Hears what patrons need.\nowner: Reference\nupdated: 2026-01-01\n---\nText.\n",
    );
    site.write(
        "content/practices/greetings/ask.md",
        "---\ntitle: Asking\nsummary: Ask open questions.\nrights: [courtesy]\ncompetencies: [listening, listenning, empathy]\naudience: [front-desk, frontdesk, cooks]\nowner: Reference\nupdated: 2026-01-01\n---\nBody.\n",
    );
    site.write(
        "content/practices/greetings/ask.pl.md",
        "---\ntitle: Pytanie\nsummary: Zadawaj pytania otwarte.\naudience: [menagers]\nowner: Informacja\nupdated: 2026-01-01\n---\nTreść.\n",
    );
    let run = site.run(&["check"]);
    assert_code(&run, 1);
    assert_snapshot("training.check.stderr", &run.stderr);
}

/// A site whose phrases are too many for one sheet (more than 500, the starter has 116) gets,
/// as its site-wide sheet, the list of its categories' sheets with how many phrases each holds;
/// each category's sheet still holds every phrase of its entries.
#[test]
fn a_site_with_too_many_phrases_for_one_sheet_lists_its_category_sheets() {
    let site = Site::fixture("minimal");
    for i in 0..130 {
        let category = if i % 2 == 0 { "greetings" } else { "privacy" };
        site.write(
            &format!("content/practices/{category}/many-{i:03}.md"),
            format!(
                "---\ntitle: Phrase set {i}\nsummary: Four phrases.\nrights: [courtesy]\nowner: Adult Services\nupdated: 2026-09-01\n---\nText.\n\n## Say this {{#say}}\n\n> [!TIP]\n> Welcome {i}.\n\n> [!TIP]\n> How can I help {i}?\n\n## Avoid this {{#avoid}}\n\n> [!CAUTION]\n> Not now {i}.\n\n> [!CAUTION]\n> Wait there {i}.\n"
            ),
        );
    }
    let run = site.run(&["build", "--quiet"]);
    assert_code(&run, 0);
    let whole = site.read("public/phrases.html");
    let (open, main) = main_of(&whole);
    assert!(open.contains("data-phrases=\"\""), "{open}");
    assert!(
        main.contains(
            "<p class=\"lead\">Too many phrases for one sheet; each category has its own.</p>"
        ),
        "{main}"
    );
    assert!(
        !main.contains("on one sheet to keep at the desk"),
        "the lead says the sheet is split"
    );
    assert!(
        !main.contains("data-print"),
        "a list of sheets has no print button"
    );
    assert!(
        !main.contains("Welcome 7."),
        "the site-wide sheet lists sheets, not phrases"
    );
    let sheets: Vec<String> = main
        .split("<li>")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap_or("").to_string())
        .collect();
    assert_eq!(sheets.len(), 2, "{main}");
    assert!(
        sheets[0].contains("href=\"phrases/greetings.html\""),
        "{}",
        sheets[0]
    );
    // 65 new entries × 4 phrases, and the fixture's own 2.
    assert!(sheets[0].ends_with("(262 phrases)</span>"), "{}", sheets[0]);
    let greetings = site.read("public/phrases/greetings.html");
    for i in (0..130).step_by(2) {
        assert!(
            greetings.contains(&format!("Welcome {i}.")),
            "greetings sheet lacks phrase {i}"
        );
    }
}
