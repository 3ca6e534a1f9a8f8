#!/usr/bin/env bash
# Builds the browser search module from crates/search (the same code as `deskbook search`) and
# writes it to themes/default/search/: deskbook_search.js (wasm-bindgen glue, --target
# no-modules: a global `wasm_bindgen` with `initSync`, works from file://) and
# deskbook_search_bg.wasm.
#
#   crates/search-wasm/build.sh            build and install into themes/default/search/
#   crates/search-wasm/build.sh --check    build into a temp dir and fail if the committed files
#                                          differ (proves the committed module is fresh)
#   OUT_DIR=dir crates/search-wasm/build.sh   write somewhere else
#
# Needs rustup (adds the wasm32-unknown-unknown target if missing) and installs wasm-bindgen-cli
# at the exact version of the wasm-bindgen crate in Cargo.lock if missing (takes a few minutes).
# The build is reproducible for a given rustc and Cargo.lock: source paths are remapped, so the
# checkout location and CARGO_HOME do not leak into the module.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="$root/themes/default/search"
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
out="${OUT_DIR:-$dest}"
cd "$root"

# The stamp names the sources the module was built from; `cargo test` compares it with the
# current sources (tests/testsuite/wasm.rs), so a stale module fails even where the wasm target
# cannot be installed. Keep this list equal to the test's.
sources_hash() {
  find crates/search/src crates/search/Cargo.toml crates/search-wasm/src crates/search-wasm/Cargo.toml crates/vendor \
    -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

target=wasm32-unknown-unknown
if ! rustup target list --installed | grep -qx "$target"; then
  echo "build.sh: adding rust target $target" >&2
  rustup target add "$target"
fi

version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$version" ]; then
  echo "build.sh: wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "build.sh: installing wasm-bindgen-cli $version (a few minutes)" >&2
  cargo install wasm-bindgen-cli --version "$version" --force
fi

# Everything the module needs is set here, so the user's RUSTFLAGS cannot change the output.
# The profile is `wasm-release` (root Cargo.toml); the --config lines below define it when the
# manifest does not, with the same values.
export RUSTFLAGS="--cfg getrandom_backend=\"wasm_js\" --remap-path-prefix=$root=/deskbook --remap-path-prefix=$cargo_home=/cargo"
# Panic locations name dependency sources under CARGO_HOME/registry/src/NAME/, where NAME is the
# registry's host plus a hash: map each to /deps (the last matching remap wins), so that the
# module names no registry and does not depend on its cache's name. `cargo fetch` first, so
# that the folder names exist on a fresh machine too.
cargo fetch --locked >/dev/null
for index in "$cargo_home"/registry/index/*/; do
  [ -d "$index" ] || continue
  RUSTFLAGS="$RUSTFLAGS --remap-path-prefix=$cargo_home/registry/src/$(basename "$index")=/deps"
done
profile_args=()
if ! grep -q '^\[profile\.wasm-release\]' Cargo.toml; then
  profile_args=(
    --config 'profile.wasm-release.inherits="release"'
    --config 'profile.wasm-release.opt-level="z"'
    --config 'profile.wasm-release.lto=true'
    --config 'profile.wasm-release.codegen-units=1'
    --config 'profile.wasm-release.panic="abort"'
    --config 'profile.wasm-release.strip=false'
    --config 'profile.wasm-release.debug=false'
  )
fi
cargo build --locked -p deskbook-search-wasm --target "$target" --profile wasm-release "${profile_args[@]}"
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
wasm="$target_dir/$target/wasm-release/deskbook_search_wasm.wasm"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Not `strip = true` in the profile: wasm-bindgen reads the target_features section to pick the
# ABI; it drops the name and producers sections itself here.
wasm-bindgen --target no-modules --no-typescript --remove-name-section --remove-producers-section \
  --out-name deskbook_search --out-dir "$tmp" "$wasm"

if [ "$check" = 1 ]; then
  status=0
  for f in deskbook_search.js deskbook_search_bg.wasm; do
    if ! cmp -s "$tmp/$f" "$dest/$f"; then
      echo "build.sh --check: $dest/$f is stale (rebuild with crates/search-wasm/build.sh)" >&2
      status=1
    fi
  done
  if [ "$(sources_hash)" != "$(cat "$dest/SOURCES" 2>/dev/null)" ]; then
    echo "build.sh --check: $dest/SOURCES does not match the current sources" >&2
    status=1
  fi
  [ "$status" = 0 ] && echo "build.sh --check: search module is up to date"
  exit "$status"
fi

mkdir -p "$out"
cp "$tmp/deskbook_search.js" "$tmp/deskbook_search_bg.wasm" "$out/"
sources_hash > "$out/SOURCES"
raw=$(wc -c < "$out/deskbook_search_bg.wasm")
gz=$(gzip -9n < "$out/deskbook_search_bg.wasm" | wc -c)
echo "build.sh: wrote $out/deskbook_search_bg.wasm ($raw bytes, $gz gzipped) and deskbook_search.js"
