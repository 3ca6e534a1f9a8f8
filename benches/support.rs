//! What the benchmarks share: the release binary they time, built once before measuring.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the release `deskbook` binary and returns its path (honours `CARGO_TARGET_DIR`).
pub fn binary() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "deskbook"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success());
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    target.join("release/deskbook")
}
