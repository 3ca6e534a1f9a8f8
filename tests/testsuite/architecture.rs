//! The shape of the code, checked: no import cycle among the top-level modules of `src/`, and no
//! source file or function too long to read.
//!
//! A cycle means neither module can be read, tested or moved without the other, and it is how a
//! pipeline stops being a pipeline. Every `crate::NAME` outside a comment is an edge from the
//! module the file belongs to. The edges known to close a cycle today are listed with what removes
//! them; the test fails when one of them disappears too, so that the list shrinks with the code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Edges that close a cycle today, each with the work that removes it.
const KNOWN: &[(&str, &str, &str)] = &[];

fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let top = |rel: &Path| -> String {
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        first.trim_end_matches(".rs").to_string()
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = top(Path::new(&entry.unwrap().file_name()));
        if name != "lib" && name != "main" {
            graph.entry(name).or_default();
        }
    }
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let from = top(entry.path().strip_prefix(&src).unwrap());
        if !graph.contains_key(&from) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                let to: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if to != from && graph.contains_key(&to) {
                    graph.get_mut(&from).unwrap().insert(to);
                }
            }
        }
    }
    graph
}

/// A cycle through `from`, if there is one (depth-first search back to it).
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in &graph[at] {
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![from.to_string()];
    walk(graph, from, from, &mut path, &mut BTreeSet::new()).then(|| {
        path.push(from.to_string());
        path
    })
}

#[test]
fn the_top_level_modules_have_no_import_cycle() {
    let mut graph = module_graph();
    assert!(
        graph.len() > 10 && graph["cmd"].contains("pipeline"),
        "the module graph was not read: {graph:?}"
    );
    for (from, to, why) in KNOWN {
        assert!(
            graph.get_mut(*from).unwrap().remove(*to),
            "`{from}` no longer uses `{to}`: remove that edge from KNOWN ({why})"
        );
    }
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_through(&graph, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles among the modules of src/ (a module's `crate::` paths name the ones it uses):\n{}",
        cycles.join("\n")
    );
}

/// The longest a source file and a function may be: past these, a reader cannot hold a unit in
/// mind, and a split by what the code does is overdue.
const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 120;

/// Every function (free, in an `impl` or a trait, nested ones too) with its first and last line.
struct Functions(Vec<(String, usize, usize)>);

impl<'ast> syn::visit::Visit<'ast> for Functions {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.note(&f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.note(&f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.note(&f.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

impl Functions {
    fn note(&mut self, sig: &syn::Signature, block: &syn::Block) {
        let first = sig.fn_token.span.start().line;
        let last = block.brace_token.span.close().end().line;
        self.0.push((sig.ident.to_string(), first, last));
    }
}

/// The files whose length is capped, relative to the repository: the Rust sources, and the
/// default theme's hand-written scripts (not `themes/default/search/`, generated by
/// wasm-bindgen). Functions are measured in the Rust sources only.
const MEASURED: &[(&str, &str)] = &[
    ("src", "rs"),
    ("crates/search/src", "rs"),
    ("themes/default/static", "js"),
];

/// `dir`'s files with extension `ext`: (path relative to `root`, text).
fn sources(root: &Path, dir: &str, ext: &str) -> Vec<(String, String)> {
    let files: Vec<(String, String)> = walkdir::WalkDir::new(root.join(dir))
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == ext))
        .map(|entry| {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string();
            (rel, std::fs::read_to_string(entry.path()).unwrap())
        })
        .collect();
    assert!(!files.is_empty(), "no .{ext} file under {dir}");
    files
}

#[test]
fn no_source_file_or_function_is_too_long_to_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut too_long = Vec::new();
    for (dir, ext) in MEASURED {
        for (rel, text) in sources(root, dir, ext) {
            let lines = text.lines().count();
            if lines > MAX_FILE_LINES {
                too_long.push(format!("{rel}: {lines} lines (at most {MAX_FILE_LINES})"));
            }
            if *ext != "rs" {
                continue;
            }
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let mut functions = Functions(Vec::new());
            syn::visit::Visit::visit_file(&mut functions, &file);
            for (name, first, last) in functions.0 {
                let length = last - first + 1;
                if length > MAX_FN_LINES {
                    too_long.push(format!(
                        "{rel}:{first}: fn {name} is {length} lines (at most {MAX_FN_LINES})"
                    ));
                }
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "split these by what they do:\n{}",
        too_long.join("\n")
    );
}
