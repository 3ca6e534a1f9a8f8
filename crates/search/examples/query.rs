//! Runs JSON queries against a bundle file: `cargo run -p deskbook-search --example query -- BUNDLE '{"text":"privacy"}' ...`
//! Prints one JSON line of hits per query (used to compare the native engine with the wasm one).

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: query BUNDLE JSON...");
    let engine = deskbook_search::Engine::open(std::fs::read(&path).unwrap()).unwrap();
    for q in args {
        match engine.search_json(&q) {
            Ok(json) => println!("{json}"),
            Err(e) => println!("ERROR {e}"),
        }
    }
}
