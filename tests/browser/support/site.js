// The built site under test: where it is, its pages, and its URLs over file://.
//
// `cargo test --test browser` (tests/browser.rs) builds the starter site with the real binary and
// passes its folder in DESKBOOK_SITE. Run by hand (`node --test tests/browser/`), the suite builds
// the site itself with DESKBOOK_BIN or the repository's target/debug/deskbook.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { pathToFileURL } = require("node:url");

const REPO = path.resolve(__dirname, "..", "..", "..");
// The pinned "today" of every suite (tests/common/today.txt): review badges never depend on the
// day the suite runs.
const TODAY = fs.readFileSync(path.join(REPO, "tests", "common", "today.txt"), "utf8").trim();

let cached = null;

/** The absolute path of the built site (built once per test process when not given). */
function siteDir() {
  if (cached) return cached;
  if (process.env.DESKBOOK_SITE) {
    cached = path.resolve(process.env.DESKBOOK_SITE);
    if (!fs.existsSync(path.join(cached, "index.html"))) {
      throw new Error(`DESKBOOK_SITE=${cached} has no index.html: build the site first`);
    }
    return cached;
  }
  const bin = process.env.DESKBOOK_BIN || path.join(REPO, "target", "debug", "deskbook");
  if (!fs.existsSync(bin)) {
    throw new Error(
      "set DESKBOOK_SITE to a built site, or DESKBOOK_BIN to the deskbook binary " +
        "(or run the suite with `cargo test --test browser`)"
    );
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-browser-site-"));
  execFileSync(bin, ["build", "--root", REPO, "--out", path.join(out, "site")], {
    env: { ...process.env, DESKBOOK_TODAY: TODAY, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  cached = path.join(out, "site");
  return cached;
}

/** Every file under `dir` (relative paths with `/`, sorted). */
function walk(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Every HTML page of the built site, relative to its root. */
function pages(dir = siteDir()) {
  return walk(dir).filter((rel) => rel.endsWith(".html"));
}

function read(rel, dir = siteDir()) {
  return fs.readFileSync(path.join(dir, rel), "utf8");
}

/** `file://` URL of a page of the built site (with an optional `?query#hash` suffix). */
function fileUrl(rel, dir = siteDir()) {
  const [file, suffix = ""] = splitSuffix(rel);
  return pathToFileURL(path.join(dir, file)).href + suffix;
}

function splitSuffix(rel) {
  const at = rel.search(/[?#]/);
  return at === -1 ? [rel, ""] : [rel.slice(0, at), rel.slice(at)];
}

/**
 * Whether the build shipped the search engine and index: the body then names them, in
 * data-search (the search manifest, assets/search.js) or, in earlier builds, data-search-index
 * (themes/default/templates/base.html).
 */
function hasSearch(dir = siteDir()) {
  return /<body[^>]*\sdata-search(?:-index)?="[^"]+"/.test(read("index.html", dir));
}

const NO_SEARCH_REASON =
  "the built site has no search assets (<body> has neither data-search nor data-search-index): " +
  "search tests run once the build ships the index";

/** A writable copy of the built site, for tests that break a page on purpose. */
function copySite(dir = siteDir()) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-broken-site-"));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

module.exports = { REPO, TODAY, siteDir, pages, read, fileUrl, hasSearch, NO_SEARCH_REASON, copySite, walk };
