//! What the lazy browser engine reads from a bundle (issue 18): bytes read on open and by each
//! query, by kind of index file, and the chunk files a cold query fetches, by kind.
//! `cargo run -p deskbook-search --example reads -- BUNDLE 'query[@hits]' ...`
//! (`text@N` asks for N hits; the search page's first screenful asks for 11.)

use std::collections::BTreeMap;
use std::ops::Range;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: reads BUNDLE QUERY[@HITS]...");
    let bundle = std::fs::read(&path).unwrap();
    let labels: Vec<String> = args.collect();
    let queries: Vec<deskbook_search::Query> = labels
        .iter()
        .map(|q| {
            let (text, limit) = q.rsplit_once('@').unwrap_or((q, "10"));
            deskbook_search::Query {
                text: text.to_string(),
                limit: limit.parse().expect("a number of hits after @"),
                ..Default::default()
            }
        })
        .collect();
    let started = std::time::Instant::now();
    let split = deskbook_search::split_bundle(&bundle).unwrap();
    println!(
        "bundle {} bytes, hot file {} bytes, {} chunk files of at most {} (cut in {} ms)",
        bundle.len(),
        split.hot.len(),
        split.chunks.len(),
        deskbook_search::CHUNK_SIZE,
        started.elapsed().as_millis()
    );
    let names = names(&bundle);
    let kind = |offset: u64| {
        names
            .iter()
            .rev()
            .find(|(start, _)| *start <= offset)
            .map_or("header".to_string(), |(_, n)| n.clone())
    };
    let traces = deskbook_search::trace(&bundle, &queries).unwrap();
    let fetched = deskbook_search::cold_chunks(&bundle, &queries).unwrap();
    for (i, ranges) in traces.iter().enumerate() {
        let label = if i == 0 {
            "open"
        } else {
            labels[i - 1].as_str()
        };
        println!("{label}: {} reads", ranges.len());
        print_by_kind("read", ranges, &kind);
        if i > 0 {
            let rounds = &fetched[i - 1];
            let chunks: Vec<Range<u64>> = rounds.iter().flatten().cloned().collect();
            let bytes: u64 = chunks.iter().map(|r| r.end - r.start).sum();
            let per_round: Vec<usize> = rounds.iter().map(Vec::len).collect();
            println!(
                "  fetched {} chunk files, {bytes} bytes (+ hot {}), in {} rounds {per_round:?}",
                chunks.len(),
                split.hot.len(),
                rounds.len(),
            );
            for (n, round) in rounds.iter().enumerate() {
                print_by_kind(&format!("round {}", n + 1), round, &kind);
            }
        }
    }
}

/// Prints how many of `ranges` and how many bytes fall in each kind of index file.
fn print_by_kind(what: &str, ranges: &[Range<u64>], kind: &dyn Fn(u64) -> String) {
    let mut by_kind: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for r in ranges {
        let e = by_kind.entry(kind(r.start)).or_default();
        e.0 += 1;
        e.1 += r.end - r.start;
    }
    for (kind, (n, bytes)) in by_kind {
        println!("  {what:>8} {kind:>10}: {n:>5} × {bytes:>9} bytes");
    }
}

/// (start offset, extension) of each file of the bundle, by offset.
fn names(bundle: &[u8]) -> Vec<(u64, String)> {
    let count = u32::from_le_bytes(bundle[8..12].try_into().unwrap()) as usize;
    let mut pos = 12;
    let mut out = Vec::new();
    for _ in 0..count {
        let n = u16::from_le_bytes(bundle[pos..pos + 2].try_into().unwrap()) as usize;
        let name = String::from_utf8_lossy(&bundle[pos + 2..pos + 2 + n]).into_owned();
        let offset = u64::from_le_bytes(bundle[pos + 2 + n..pos + 10 + n].try_into().unwrap());
        pos += 2 + n + 16;
        let ext = name.rsplit('.').next().unwrap_or("").to_string();
        out.push((offset, ext));
    }
    out.sort();
    out
}
