//! Synthetic 1k-doc benchmark: bundle size, build time, open time, query latency.
//!
//! cargo run --release -p deskbook-search --example bench [-- DOCS [OUT_BUNDLE]]

use std::time::Instant;

use deskbook_search::{Engine, Query, SearchDoc, build_bundle, parse_text_file, text_files};

const EN: &[&str] = &[
    "reader",
    "library",
    "desk",
    "greeting",
    "privacy",
    "borrow",
    "return",
    "loan",
    "renewal",
    "catalogue",
    "shelf",
    "book",
    "journal",
    "staff",
    "courtesy",
    "question",
    "answer",
    "help",
    "quiet",
    "voice",
    "room",
    "reading",
    "computer",
    "printer",
    "card",
    "account",
    "fine",
    "overdue",
    "reservation",
    "request",
    "child",
    "family",
    "visitor",
    "student",
    "teacher",
    "language",
    "event",
    "exhibition",
    "archive",
    "photograph",
    "newspaper",
    "magazine",
    "map",
    "wheelchair",
    "access",
    "signage",
    "phone",
    "email",
    "complaint",
    "feedback",
    "policy",
    "safety",
    "emergency",
    "exit",
    "locker",
    "coat",
    "bag",
    "water",
    "food",
    "noise",
    "mobile",
    "wifi",
    "password",
    "network",
    "scanner",
    "copy",
    "payment",
    "receipt",
    "donation",
    "volunteer",
    "training",
    "colleague",
    "schedule",
    "shift",
    "opening",
    "closing",
    "holiday",
    "weekend",
    "with",
    "the",
    "and",
    "for",
    "every",
    "when",
    "please",
    "always",
    "never",
    "kindly",
    "calmly",
    "explain",
    "listen",
    "smile",
    "welcome",
    "thank",
    "apologise",
    "guide",
    "show",
    "find",
    "search",
    "record",
    "protect",
    "respect",
    "include",
    "support",
    "offer",
    "check",
    "confirm",
];
const PL: &[&str] = &[
    "czytelnik",
    "czytelnika",
    "czytelników",
    "biblioteka",
    "bibliotece",
    "lada",
    "przy",
    "ladzie",
    "powitanie",
    "prywatność",
    "prywatności",
    "wypożyczenie",
    "wypożyczeń",
    "zwrot",
    "przedłużenie",
    "katalog",
    "półka",
    "książka",
    "książki",
    "książek",
    "czasopismo",
    "pracownik",
    "pracownicy",
    "uprzejmość",
    "pytanie",
    "odpowiedź",
    "pomoc",
    "cichy",
    "głos",
    "sala",
    "czytelnia",
    "komputer",
    "drukarka",
    "karta",
    "konto",
    "opłata",
    "rezerwacja",
    "dziecko",
    "rodzina",
    "gość",
    "student",
    "nauczyciel",
    "język",
    "wydarzenie",
    "wystawa",
    "archiwum",
    "gazeta",
    "mapa",
    "wózek",
    "dostęp",
    "telefon",
    "skarga",
    "zasady",
    "bezpieczeństwo",
    "wyjście",
    "szafka",
    "płaszcz",
    "torba",
    "woda",
    "hałas",
    "hasło",
    "sieć",
    "skaner",
    "kopia",
    "płatność",
    "paragon",
    "wolontariusz",
    "szkolenie",
    "grafik",
    "zmiana",
    "otwarcie",
    "zawsze",
    "nigdy",
    "proszę",
    "dziękuję",
    "wyjaśnij",
    "słuchaj",
    "uśmiech",
    "pokaż",
    "znajdź",
    "chroń",
    "szanuj",
    "wspieraj",
    "sprawdź",
    "i",
    "w",
    "na",
    "z",
    "do",
    "nie",
    "się",
    "jest",
];
const ZH: &str = "读者图书馆服务台问候隐私保护借阅归还续借目录书架书籍期刊工作人员礼貌问题回答帮助安静声音房间阅读电脑打印机卡账户罚款逾期预约请求儿童家庭访客学生教师语言活动展览档案照片报纸杂志地图轮椅无障碍标识电话邮件投诉反馈政策安全紧急出口储物柜外套包水食物噪音手机无线网络密码扫描复印付款收据捐赠志愿者培训同事排班开放关闭假日周末总是从不请谢谢解释倾听微笑欢迎道歉引导展示查找搜索记录尊重包括支持提供检查确认的了是在和有我们你他们这那一个不也都就要会可以";

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[(self.next() as usize) % v.len()]
    }
}

fn words(rng: &mut Rng, lang: &str, n: usize) -> String {
    match lang {
        "zh" => {
            let chars: Vec<char> = ZH.chars().collect();
            let mut s = String::new();
            for i in 0..n * 2 {
                s.push(rng.pick(&chars));
                if i % 17 == 16 {
                    s.push('，');
                }
            }
            s.push('。');
            s
        }
        _ => {
            let list = if lang == "pl" { PL } else { EN };
            let mut s = String::new();
            for i in 0..n {
                if i > 0 {
                    s.push(if i % 12 == 0 { '.' } else { ' ' });
                    if i % 12 == 0 {
                        s.push(' ');
                    }
                }
                s.push_str(rng.pick(list));
            }
            s
        }
    }
}

fn corpus(n: usize) -> Vec<SearchDoc<'static>> {
    let mut rng = Rng(42);
    let cats = [
        "greetings",
        "privacy",
        "loans",
        "rooms",
        "digital",
        "safety",
        "events",
        "access",
    ];
    let rights = ["courtesy", "privacy", "access", "information"];
    (0..n)
        .map(|i| {
            let lang = ["en", "pl", "zh"][i % 3];
            let cat = cats[i % cats.len()];
            let id = format!("{cat}/entry-{i}");
            SearchDoc {
                id: id.clone(),
                lang: lang.to_string(),
                kind: "practice".to_string(),
                title: words(&mut rng, lang, 5),
                summary: words(&mut rng, lang, 20),
                headings: (0..3).map(|_| words(&mut rng, lang, 3)).collect(),
                body: words(&mut rng, lang, 300).into(),
                category: Some(cat.to_string()),
                rights: vec![rights[i % rights.len()].to_string()],
                tags: vec![format!("tag{}", i % 20)],
                url: format!("{lang}/practices/{id}.html"),
                updated: "2026-11-01".to_string(),
            }
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|s| s.parse().expect("DOCS"))
        .unwrap_or(1000);
    let out = args.next();
    let docs = corpus(n);
    let text_bytes: usize = docs
        .iter()
        .map(|d| d.body.text().len() + d.title.len() + d.summary.len())
        .sum();

    let t = Instant::now();
    let bundle = build_bundle(&docs).unwrap();
    let build = t.elapsed();
    if let Some(path) = out {
        std::fs::write(&path, &bundle).unwrap();
    }
    let t = Instant::now();
    let engine = Engine::open(bundle.clone()).unwrap();
    let open = t.elapsed();
    // The text files the snippets are cut from (the site writes them beside the bundle).
    let files: std::collections::BTreeMap<String, String> = text_files(&docs).collect();
    let texts_bytes: usize = files.values().map(String::len).sum();
    let bodies: std::collections::BTreeMap<String, String> =
        files.values().filter_map(|f| parse_text_file(f)).collect();
    let search = |q: &str| {
        engine
            .search_with_texts(
                &Query {
                    text: q.into(),
                    ..Default::default()
                },
                |key| bodies.get(key).cloned(),
            )
            .unwrap()
    };

    let queries = [
        "privacy",
        "reader",
        "greeting desk",
        "privasy",
        "greting",
        "greet",
        "libr",
        "quiet voice",
        "book return",
        "catalogue shelf",
        "prywatnosc",
        "ksiazki",
        "czytelnikami",
        "przy ladzie",
        "wypożyczenie książek",
        "隐私",
        "保护隐私",
        "服务台问候",
        "读者借阅",
        "图书馆员",
        "wifi password",
        "emergency exit",
        "the reader of the library",
        "a",
        "zzzz nothing",
        "computer printer scanner copy",
        "pomoc",
        "zawsze",
        "unknownword",
        "overdue fines reader",
    ];
    // warm-up
    for q in queries {
        search(q);
    }
    let mut times = Vec::new();
    let mut total_hits = 0;
    for _ in 0..20 {
        for q in queries {
            let t = Instant::now();
            let hits = search(q);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            total_hits += hits.len();
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!("docs: {n}, indexed text: {:.1} MB", text_bytes as f64 / 1e6);
    println!(
        "bundle: {} bytes ({:.0} KB)",
        bundle.len(),
        bundle.len() as f64 / 1024.0
    );
    println!(
        "text files: {} ({:.0} KB)",
        files.len(),
        texts_bytes as f64 / 1024.0
    );
    println!(
        "build: {:.0} ms, open: {:.1} ms",
        build.as_secs_f64() * 1000.0,
        open.as_secs_f64() * 1000.0
    );
    println!(
        "query latency over {} runs ({} queries, limit 10, snippets cut from the text files included): p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        queries.len(),
        pct(0.5),
        pct(0.9),
        pct(0.99),
        times[times.len() - 1]
    );
    println!("hits returned: {total_hits}");
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        for q in queries {
            let t = Instant::now();
            let hits = search(q);
            println!(
                "{q:?}: {} hits, {:.3} ms",
                hits.len(),
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
