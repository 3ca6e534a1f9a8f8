#!/usr/bin/env bash
# Search-relevance evaluation: deskbook against Pagefind on the same built site.
# See benches/relevance/README.md for the method and the recorded figures.
#
#   benches/relevance/run.sh [--site DIR] [--deskbook BIN] [--seed N] [--per-kind N]
#                            [--json FILE]
#
# Sets up its own tools (a Python virtual environment in target/relevance-venv, the npm
# package `pagefind` in target/relevance-npm), builds the site with the pinned day, and
# prints hit@3, hit@10, MRR and the share of empty answers per language × kind.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
site=$repo
deskbook=$repo/target/release/deskbook
seed=13
per_kind=60
json=$repo/target/relevance/results.json
pagefind_version=${PAGEFIND_VERSION:-1.6.0}

die() { echo "relevance: error: $*" >&2; exit 2; }
usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case $1 in
    --site) site=${2:?--site needs a folder}; shift 2 ;;
    --deskbook) deskbook=${2:?--deskbook needs a binary}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --per-kind) per_kind=${2:?--per-kind needs a number}; shift 2 ;;
    --json) json=${2:?--json needs a file}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

site=$(cd "$site" 2>/dev/null && pwd) || die "--site: no such folder"
[ -f "$site/deskbook.yaml" ] || die "$site has no deskbook.yaml: --site takes the site folder"
case $deskbook in */*) ;; *) deskbook=$(command -v "$deskbook") || die "--deskbook: '$deskbook' not found" ;; esac
[ -x "$deskbook" ] || die "$deskbook is not an executable; build it (cargo build --release) or pass --deskbook BIN"
deskbook=$(cd "$(dirname "$deskbook")" && pwd)/$(basename "$deskbook")
command -v python3 >/dev/null || die "python3 is not installed"
command -v node >/dev/null || die "node is not installed (Pagefind's search runs in Node)"
command -v npm >/dev/null || die "npm is not installed (it installs Pagefind)"

work=$repo/target/relevance
venv=$repo/target/relevance-venv
npm_prefix=$repo/target/relevance-npm
mkdir -p "$work"

# 1. Python tools, in their own virtual environment.
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || die "could not create a virtual environment in $venv (Debian: apt-get install python3-venv)"
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"; then
  die "could not install the Python tools of $here/requirements.txt into $venv"
fi

# 2. Pagefind, whose npm package ships its binary.
pagefind_module=$npm_prefix/node_modules/pagefind/lib/index.js
installed=$(node -p "require('$npm_prefix/node_modules/pagefind/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$pagefind_version" ]; then
  mkdir -p "$npm_prefix"
  [ -f "$npm_prefix/package.json" ] || echo '{"private": true}' > "$npm_prefix/package.json"
  npm install --prefix "$npm_prefix" --no-audit --no-fund --silent "pagefind@$pagefind_version" \
    || die "could not install the npm package pagefind@$pagefind_version into $npm_prefix"
fi
"$npm_prefix/node_modules/.bin/pagefind" --version >/dev/null 2>&1 \
  || die "the pagefind package installed but its binary does not run ($npm_prefix/node_modules/.bin/pagefind)"

# 3. The harness checks its own generation and scoring before it reports anything.
(cd "$here" && "$venv/bin/python" -m unittest --quiet test_evaluate 2>"$work/self-check.log") \
  || { cat "$work/self-check.log" >&2; die "the harness's self-check failed (benches/relevance/test_evaluate.py)"; }

# 4. The site, built with the pinned day so every run sees the same pages.
echo "deskbook: $deskbook ($("$deskbook" --version))"
echo "site: $site"
DESKBOOK_TODAY=$(cat "$repo/tests/common/today.txt") \
  "$deskbook" build --root "$site" --out "$work/site" --quiet \
  || die "deskbook build failed for $site"

# 5. Generate the queries, run both engines, score.
exec "$venv/bin/python" "$here/evaluate.py" \
  --root "$site" --out "$work/site" --deskbook "$deskbook" \
  --pagefind-module "$pagefind_module" --work "$work/work" --json "$json" \
  --seed "$seed" --per-kind "$per_kind"
