//! Crude probe over the real content/ tree (front matter title/summary, markdown body as text):
//! `cargo run -p deskbook-search --example content_probe -- CONTENT_DIR QUERY...`
//! The real site build (the app crate) does this properly; this is only for eyeballing ranking.

use std::path::Path;

use deskbook_search::{Engine, Query, SearchDoc, build_bundle};

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out)
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p)
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("CONTENT_DIR"));
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut docs = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let rel = f.strip_prefix(&root).unwrap().with_extension("");
        let rel = rel.to_string_lossy().to_string();
        let (id, lang) = match rel.rsplit_once('.') {
            Some((id, l)) => (id.to_string(), l.to_string()),
            None => (rel.clone(), "en".to_string()),
        };
        let mut parts = text.splitn(3, "---\n");
        parts.next();
        let fm = parts.next().unwrap_or("");
        let body = parts.next().unwrap_or("").replace(['*', '#', '[', ']'], "");
        let field = |k: &str| {
            fm.lines()
                .find_map(|l| {
                    l.strip_prefix(&format!("{k}: "))
                        .map(|v| v.trim_matches('"').to_string())
                })
                .unwrap_or_default()
        };
        let headings = text
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#').trim().to_string())
            .collect();
        docs.push(SearchDoc {
            id: id.clone(),
            lang: lang.clone(),
            kind: "practice".into(),
            title: field("title"),
            summary: field("summary"),
            headings,
            body: body.into(),
            category: id.split('/').nth(1).map(str::to_string),
            rights: vec![],
            tags: vec![],
            url: format!("{lang}/{id}.html"),
            updated: field("updated"),
        });
    }
    let bundle = build_bundle(&docs).unwrap();
    println!("{} docs, bundle {} bytes", docs.len(), bundle.len());
    let engine = Engine::open(bundle).unwrap();
    for q in args {
        let t = std::time::Instant::now();
        let hits = engine
            .search(&Query {
                text: q.clone(),
                limit: 4,
                ..Default::default()
            })
            .unwrap();
        println!("\n## {q:?} ({:.2} ms)", t.elapsed().as_secs_f64() * 1000.0);
        for h in hits {
            println!(
                "  {:6.2} {}:{} | {} | {}",
                h.score, h.lang, h.id, h.title, h.snippet
            );
        }
    }
}
