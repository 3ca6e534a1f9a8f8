//! What the lazy browser engine reads from a bundle (issue 18): bytes read on open and by each
//! query, by kind of index file, and what the hot file and chunk fetches would cost.
//! `cargo run -p deskbook-search --example reads -- BUNDLE 'query' ...`

use std::collections::{BTreeMap, BTreeSet};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: reads BUNDLE QUERY...");
    let bundle = std::fs::read(&path).unwrap();
    let queries: Vec<String> = args.collect();
    let texts: Vec<&str> = queries.iter().map(String::as_str).collect();
    let split = deskbook_search::split_bundle(&bundle).unwrap();
    println!(
        "bundle {} bytes, hot file {} bytes, {} chunks of {}",
        bundle.len(),
        split.hot.len(),
        split.chunks.len(),
        deskbook_search::CHUNK_SIZE
    );
    let traces = deskbook_search::trace(&bundle, &texts).unwrap();
    let names = names(&bundle);
    for (i, ranges) in traces.iter().enumerate() {
        let label = if i == 0 { "open" } else { texts[i - 1] };
        let mut by_kind: BTreeMap<String, (usize, u64, BTreeSet<u64>)> = BTreeMap::new();
        let mut chunks = BTreeSet::new();
        for r in ranges {
            let kind = names
                .iter()
                .rev()
                .find(|(start, _)| *start <= r.start)
                .map_or("header".to_string(), |(_, n)| n.clone());
            let e = by_kind.entry(kind).or_default();
            e.0 += 1;
            e.1 += r.end - r.start;
            let size = deskbook_search::CHUNK_SIZE as u64;
            if r.end > r.start {
                chunks.extend(r.start / size..=(r.end - 1) / size);
                e.2.extend(r.start / size..=(r.end - 1) / size);
            }
        }
        println!(
            "{label}: {} reads, chunks touched {}",
            ranges.len(),
            chunks.len()
        );
        for (kind, (n, bytes, chunks)) in by_kind {
            println!(
                "  {kind:>12}: {n:>5} reads {bytes:>9} bytes {:>4} chunks",
                chunks.len()
            );
        }
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
