//! A synthetic trilingual knowledge base for benchmarks: N practice entries, 50 per category,
//! 5 rights, English originals with Polish and Chinese translations, Polish- and Chinese-only
//! entries, realistic Markdown (headings with ids, steps, callouts, tables, task lists, links to
//! other entries with anchors). Deterministic: the same N gives the same files.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// Bump when the generated files change, so cached corpora are regenerated.
pub const VERSION: u32 = 3;

const RIGHTS: [&str; 5] = ["courtesy", "options", "consistency", "privacy", "access"];
const TAGS: [&str; 24] = [
    "front-desk",
    "phone",
    "email",
    "chat",
    "children",
    "teens",
    "seniors",
    "accessibility",
    "privacy",
    "complaints",
    "referrals",
    "interlibrary-loan",
    "holds",
    "fines",
    "safety",
    "new-members",
    "events",
    "printing",
    "wifi",
    "research",
    "local-history",
    "languages",
    "volunteers",
    "handover",
];
const EN: &[&str] = &[
    "patron",
    "desk",
    "library",
    "question",
    "answer",
    "help",
    "listen",
    "calm",
    "voice",
    "card",
    "book",
    "loan",
    "service",
    "colleague",
    "shift",
    "record",
    "privacy",
    "respect",
    "option",
    "referral",
    "follow",
    "up",
    "greet",
    "smile",
    "wait",
    "queue",
    "explain",
    "policy",
    "exception",
    "manager",
    "notes",
    "phone",
    "email",
    "chat",
    "reply",
    "promptly",
    "clearly",
    "kindly",
    "always",
    "never",
    "the",
    "a",
    "and",
    "to",
    "with",
    "for",
    "every",
    "their",
];
const PL: &[&str] = &[
    "czytelnik",
    "czytelnika",
    "biblioteka",
    "bibliotece",
    "pytanie",
    "odpowiedź",
    "pomoc",
    "słuchać",
    "spokojnie",
    "głos",
    "karta",
    "książka",
    "książki",
    "wypożyczenie",
    "obsługa",
    "kolega",
    "zmiana",
    "prywatność",
    "szacunek",
    "możliwość",
    "skierowanie",
    "powitanie",
    "uśmiech",
    "kolejka",
    "wyjaśnić",
    "zasady",
    "wyjątek",
    "kierownik",
    "telefon",
    "wiadomość",
    "odpowiedzieć",
    "zawsze",
    "nigdy",
    "i",
    "oraz",
    "dla",
    "z",
    "każdy",
    "ich",
    "uprzejmie",
];
const ZH: &[&str] = &[
    "读者",
    "图书馆",
    "服务",
    "问题",
    "回答",
    "帮助",
    "倾听",
    "冷静",
    "声音",
    "借书证",
    "图书",
    "借阅",
    "同事",
    "交班",
    "记录",
    "隐私",
    "尊重",
    "选择",
    "转介",
    "跟进",
    "问候",
    "微笑",
    "等候",
    "排队",
    "解释",
    "规定",
    "例外",
    "主管",
    "电话",
    "邮件",
    "咨询",
    "及时",
    "清楚",
    "耐心",
    "总是",
    "从不",
    "每位",
    "他们",
    "礼貌",
    "保护",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn sentence(rng: &mut Rng, lang: &str, words: usize) -> String {
    let pool = match lang {
        "pl" => PL,
        "zh" => ZH,
        _ => EN,
    };
    let mut s = String::new();
    for i in 0..words {
        if i > 0 && lang != "zh" {
            s.push(' ');
        }
        s.push_str(pool[rng.below(pool.len())]);
    }
    if lang == "zh" {
        s.push('。');
    } else {
        let mut c = s.chars();
        if let Some(first) = c.next() {
            s = first.to_uppercase().chain(c).collect();
        }
        s.push('.');
    }
    s
}

fn paragraph(rng: &mut Rng, lang: &str) -> String {
    let n = 3 + rng.below(4);
    let sentences: Vec<String> = (0..n)
        .map(|_| {
            let words = 8 + rng.below(10);
            sentence(rng, lang, words)
        })
        .collect();
    sentences.join(if lang == "zh" { "" } else { " " })
}

fn slug(i: usize) -> String {
    format!("practice-{i:05}")
}

/// About 50 entries per category (at least 20 categories), as in a real knowledge base.
fn categories(n: usize) -> usize {
    (n / 50).max(20)
}

fn category_of(i: usize, n: usize) -> usize {
    i % categories(n)
}

/// Which languages entry `i` is written in; the first is the original.
fn languages_of(i: usize) -> &'static [&'static str] {
    match i % 10 {
        0..=2 => &["en", "pl", "zh"],
        3 | 4 => &["en", "pl"],
        5 | 6 => &["en", "zh"],
        7 => &["pl"],
        8 => &["zh"],
        _ => &["en"],
    }
}

fn front(title: &str, rights: &[&str], tags: &[&str], updated: &str, original: bool) -> String {
    let mut s = format!("---\ntitle: {title}\nsummary: {title} in a few seconds at the desk.\n");
    if original {
        writeln!(
            s,
            "rights: [{}]\ntags: [{}]\naudience: [front-desk]",
            rights.join(", "),
            tags.join(", ")
        )
        .unwrap();
    }
    writeln!(s, "owner: Adult Services\nupdated: {updated}\n---").unwrap();
    s
}

fn body(rng: &mut Rng, lang: &str, i: usize, n: usize) -> String {
    let mut s = String::new();
    s.push_str(&paragraph(rng, lang));
    s.push_str("\n\n## Why it matters {#why-it-matters}\n\n");
    s.push_str(&paragraph(rng, lang));
    s.push_str("\n\n");
    s.push_str(&paragraph(rng, lang));
    s.push_str("\n\n## Steps {#steps}\n\n");
    for step in 1..=5 {
        let words = 6 + rng.below(8);
        writeln!(s, "{step}. {}", sentence(rng, lang, words)).unwrap();
    }
    s.push_str("\n## Say this {#say-this}\n\n> [!TIP]\n> \"");
    s.push_str(&sentence(rng, lang, 9));
    s.push_str("\"\n\n## Avoid this {#avoid-this}\n\n> [!CAUTION]\n> \"");
    s.push_str(&sentence(rng, lang, 5));
    s.push_str("\"\n\n");
    if i.is_multiple_of(3) {
        s.push_str("| Situation | Response |\n|---|---|\n");
        for _ in 0..3 {
            writeln!(
                s,
                "| {} | {} |",
                sentence(rng, lang, 3),
                sentence(rng, lang, 6)
            )
            .unwrap();
        }
        s.push('\n');
    }
    if i.is_multiple_of(4) {
        s.push_str("- [ ] ");
        s.push_str(&sentence(rng, lang, 5));
        s.push_str("\n- [x] ");
        s.push_str(&sentence(rng, lang, 5));
        s.push_str("\n\n");
    }
    // Links to two other entries whose English original exists, one with an anchor.
    let mut links = Vec::new();
    for k in [7usize, 31] {
        let mut j = (i + k * 13) % n;
        while languages_of(j)[0] != "en" || j == i {
            j = (j + 1) % n;
        }
        let here = category_of(i, n);
        let there = category_of(j, n);
        let path = if here == there {
            format!("{}.md", slug(j))
        } else {
            format!("../category-{there:03}/{}.md", slug(j))
        };
        links.push(path);
    }
    writeln!(
        s,
        "## Competency {{#competency}}\n\n{} See [the steps]({}#steps) and [this practice]({}).",
        paragraph(rng, lang),
        links[0],
        links[1]
    )
    .unwrap();
    writeln!(
        s,
        "\nRead the [bill of rights](../../rights/{}.md).",
        RIGHTS[i % 5]
    )
    .unwrap();
    s
}

/// Writes a site with `n` practice entries into `dir` (which must not exist or be empty).
pub fn generate(dir: &Path, n: usize) {
    let w = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "deskbook.yaml",
        "title: Synthetic Desk\nlanguages: [en, pl, zh]\nbase_url: https://intranet.example/kb/\n",
    );
    w(
        "content/_index.md",
        "---\ntitle: Synthetic Desk\nsummary: A generated knowledge base.\n---\nWelcome.\n",
    );
    for (k, right) in RIGHTS.iter().enumerate() {
        for lang in ["en", "pl", "zh"] {
            let suffix = if lang == "en" {
                String::new()
            } else {
                format!(".{lang}")
            };
            let number = if lang == "en" {
                format!("number: {}\n", k + 1)
            } else {
                String::new()
            };
            w(
                &format!("content/rights/{right}{suffix}.md"),
                &format!(
                    "---\ntitle: Right {right} ({lang})\n{number}summary: What the {right} right means.\nowner: Adult Services\nupdated: 2026-01-01\n---\nText of the right.\n"
                ),
            );
        }
    }
    for c in 0..categories(n) {
        for lang in ["en", "pl", "zh"] {
            let suffix = if lang == "en" {
                String::new()
            } else {
                format!(".{lang}")
            };
            w(
                &format!("content/practices/category-{c:03}/_index{suffix}.md"),
                &format!(
                    "---\ntitle: Category {c} ({lang})\nsummary: Practices of area {c}.\nweight: {c}\n---\n"
                ),
            );
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..n {
        let rights: Vec<&str> = vec![RIGHTS[i % 5], RIGHTS[(i / 5 + 1) % 5]]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let tags = [TAGS[i % TAGS.len()], TAGS[(i * 7 + 3) % TAGS.len()]];
        let tags: Vec<&str> = tags
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        // January to October: never after the pinned "today" of the benchmarks and tests
        // (tests/common/today.txt), where an `updated` date is a warning on every build.
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 10;
        let updated = format!("2026-{month:02}-{day:02}");
        for (k, lang) in languages_of(i).iter().enumerate() {
            let suffix = if *lang == "en" {
                String::new()
            } else {
                format!(".{lang}")
            };
            let title = format!(
                "{} {i}",
                sentence(&mut rng, lang, 3).trim_end_matches(['.', '。'])
            );
            let text = format!(
                "{}{}",
                front(&title, &rights, &tags, &updated, k == 0),
                body(&mut rng, lang, i, n)
            );
            w(
                &format!(
                    "content/practices/category-{:03}/{}{suffix}.md",
                    category_of(i, n),
                    slug(i)
                ),
                &text,
            );
        }
    }
}
