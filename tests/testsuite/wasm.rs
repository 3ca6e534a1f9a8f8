//! The browser runs the search crate compiled to WebAssembly, committed in
//! `themes/default/search/` (a fresh machine need not have the wasm target). This proves the
//! committed module was built from the current search sources: `crates/search-wasm/build.sh`
//! writes a hash of them to `themes/default/search/SOURCES`. (CI also rebuilds the module and
//! compares it byte for byte, where the wasm target can be installed.)

use super::harness::repo_root;
use std::process::Command;

#[test]
fn the_committed_search_module_matches_the_search_sources() {
    let script = "find crates/search/src crates/search/Cargo.toml crates/search-wasm/src crates/search-wasm/Cargo.toml crates/vendor \
                  -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1";
    let output = Command::new("sh")
        .args(["-c", script])
        .current_dir(repo_root())
        .output()
        .expect("sh");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let current = String::from_utf8(output.stdout).unwrap();
    let stamp = std::fs::read_to_string(repo_root().join("themes/default/search/SOURCES"))
        .unwrap_or_default();
    assert_eq!(
        stamp.trim(),
        current.trim(),
        "themes/default/search/ was built from other sources than crates/search: run `crates/search-wasm/build.sh` and commit the result"
    );
    for file in ["deskbook_search.js", "deskbook_search_bg.wasm"] {
        assert!(
            repo_root()
                .join("themes/default/search")
                .join(file)
                .is_file(),
            "missing {file}"
        );
    }
}
