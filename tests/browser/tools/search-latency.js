#!/usr/bin/env node
// Search-as-you-type latency in the browser: the time from a keystroke to its results on screen,
// on a built site served over http, in Debian's Chromium. A manual benchmark (issue 3), not part
// of the suite:
//
//   cargo bench --bench build -- 1000        # once: writes the 1k corpus to target/bench-corpus-v2-1000
//   cargo build --release
//   node tests/browser/tools/search-latency.js
//
// It builds the corpus with the deskbook binary into a temporary folder, serves it (gzip), opens
// a page, focuses the search box (which loads the engine), waits until it answers, then for each
// query fills in all but its last character, waits for those results, presses the last key and
// times it: from the keydown event (its timeStamp) to the `deskbook:results` event that
// deskbook.js dispatches once the results are in the DOM ("DOM"), and to the end of the next
// frame after that ("painted": requestAnimationFrame, then a message posted from it, which runs
// after the frame's paint). Both the header popup (8 results) and the search page (up to 200)
// are measured; p50/p95 are printed.
//
// Options (env): CORPUS (a deskbook site folder; default target/bench-corpus-v2-1000, or under
// CARGO_TARGET_DIR), DESKBOOK_SITE (an already built site: no build), DESKBOOK_BIN (default
// target/release/deskbook, else target/debug/deskbook), QUERIES (50), CPU_SLOWDOWN (1; e.g. 4 to
// emulate a slow machine), WHERE ("popup,page"), PROTOCOL ("http", or "file" for file://).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { pathToFileURL } = require("node:url");
const { REPO } = require("../support/site.js");
const { serve } = require("../support/server.js");
const { launch, newContext } = require("../support/browser.js");

const QUERIES = Number(process.env.QUERIES || 50);
const CPU_SLOWDOWN = Number(process.env.CPU_SLOWDOWN || 1);
const WHERE = (process.env.WHERE || "popup,page").split(",");
const PROTOCOL = process.env.PROTOCOL || "http";
const TIMEOUT = 10000;

function targetDir() {
  return process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(REPO, "target");
}

function corpusDir() {
  if (process.env.CORPUS) return path.resolve(process.env.CORPUS);
  for (const dir of [targetDir(), path.join(REPO, "target")]) {
    const candidate = path.join(dir, "bench-corpus-v2-1000");
    if (fs.existsSync(path.join(candidate, "deskbook.yaml"))) return candidate;
  }
  throw new Error("no 1k corpus: run `cargo bench --bench build -- 1000` once (it writes target/bench-corpus-v2-1000), or set CORPUS");
}

function binary() {
  if (process.env.DESKBOOK_BIN) return process.env.DESKBOOK_BIN;
  for (const profile of ["release", "debug"]) {
    const bin = path.join(targetDir(), profile, "deskbook");
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error("no deskbook binary: run `cargo build --release` or set DESKBOOK_BIN");
}

/**
 * Builds the corpus into a temporary folder; returns [site folder, corpus folder (for the queries)
 * or null, whether the site folder is ours to delete]. The binary embeds the default theme: after
 * changing themes/default/, rebuild it (or the site) before measuring.
 */
function buildSite() {
  if (process.env.DESKBOOK_SITE) {
    let corpus = null;
    try {
      corpus = corpusDir();
    } catch {
      /* queries from the site's home page */
    }
    return [path.resolve(process.env.DESKBOOK_SITE), corpus, false];
  }
  const corpus = corpusDir();
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-latency-")), "site");
  const started = Date.now();
  execFileSync(binary(), ["build", "--quiet", "--root", corpus, "--out", out], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NO_COLOR: "1" } });
  console.log(`built ${corpus} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return [out, corpus, true];
}

/**
 * Queries from the titles of the corpus's entries (every language): a long word of a title, or
 * every other time its two longest words, so that one- and two-word queries, common and rare
 * words, English, Polish and Chinese all occur. Deterministic.
 */
function queriesFrom(corpus, site) {
  const titles = [];
  if (corpus) {
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith(".md") && !entry.name.startsWith("_")) {
          const m = fs.readFileSync(file, "utf8").match(/^title:\s*(.+)$/m);
          if (m) titles.push(m[1].replace(/^["']|["']$/g, ""));
        }
      }
    };
    walk(path.join(corpus, "content", "practices"));
  } else {
    const html = fs.readFileSync(path.join(site, "index.html"), "utf8");
    for (const m of html.matchAll(/<a [^>]*>([^<]{4,80})<\/a>/g)) titles.push(m[1]);
  }
  const out = [];
  const seen = new Set();
  const step = Math.max(1, Math.floor(titles.length / (QUERIES * 2)));
  for (let i = 0; i < titles.length && out.length < QUERIES; i += step) {
    const cjk = /[\u3400-\u9fff]/.test(titles[i]);
    const words = cjk
      ? (titles[i].match(/[\u3400-\u9fff]{2,}/g) || []).map((w) => w.slice(0, 4))
      : titles[i].split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
    if (!words.length) continue;
    const sorted = [...words].sort((a, b) => b.length - a.length);
    const query = (out.length % 2 && sorted.length > 1 && !cjk ? `${sorted[1]} ${sorted[0]}` : sorted[0]).toLowerCase();
    if (seen.has(query)) continue;
    seen.add(query);
    out.push(query);
  }
  return out;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** In the page: resolves with the timings of the next results for `query` (see the header). */
function arm(page, query) {
  return page.evaluate((q) => {
    window.__latency = new Promise((resolve, reject) => {
      let t0 = null;
      const start = (event) => {
        if (t0 === null) t0 = event.timeStamp;
      };
      document.addEventListener("keydown", start, true);
      document.addEventListener("input", start, true);
      const timer = setTimeout(() => reject(new Error(`no results for ${JSON.stringify(q)}`)), 10000);
      const onResults = (event) => {
        if (event.detail.query !== q || t0 === null) return;
        document.removeEventListener("deskbook:results", onResults);
        document.removeEventListener("keydown", start, true);
        document.removeEventListener("input", start, true);
        clearTimeout(timer);
        const dom = event.detail.renderedAt - t0;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve({ dom, painted: performance.now() - t0, count: event.detail.count });
          channel.port2.postMessage(0);
        });
      };
      document.addEventListener("deskbook:results", onResults);
    });
  }, query);
}

/** Resolves once the results for `query` are shown (without timing them). */
function resultsFor(page, query) {
  return page.evaluate(
    (q) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no results for ${JSON.stringify(q)}`)), 10000);
        const onResults = (event) => {
          if (event.detail.query !== q) return;
          document.removeEventListener("deskbook:results", onResults);
          clearTimeout(timer);
          resolve(event.detail.count);
        };
        document.addEventListener("deskbook:results", onResults);
      }),
    query
  );
}

async function measure(page, url, selector, queries) {
  await page.goto(url);
  const box = page.locator(selector);
  await box.focus(); // loads the engine
  // Ready: the first query answers (its time includes the engine's first-use costs).
  const loadStarted = Date.now();
  const first = resultsFor(page, queries[0]);
  await box.fill(queries[0]);
  await first;
  const ready = Date.now() - loadStarted;
  const rows = [];
  for (const query of queries) {
    const prefix = query.slice(0, -1);
    const last = query.slice(-1);
    await box.fill("");
    await page.waitForTimeout(30);
    if (prefix.trim()) {
      const shown = resultsFor(page, prefix.trim());
      await box.fill(prefix);
      await shown;
    }
    await page.waitForTimeout(150); // a person's pause between two keys
    await arm(page, query.trim());
    if (/^[\x20-\x7e]$/.test(last)) await page.keyboard.press(last === " " ? "Space" : last);
    else await page.keyboard.insertText(last); // no key for it on the keyboard: an input method's commit
    const timing = await page.evaluate(() => window.__latency);
    rows.push({ query, ...timing });
  }
  return { ready, rows };
}

(async () => {
  const [site, corpus, ours] = buildSite();
  const queries = queriesFrom(corpus, site);
  if (!queries.length) throw new Error("no queries");
  const server = PROTOCOL === "file" ? null : await serve(site, { gzip: true });
  const base = server ? server.url : pathToFileURL(site).href + "/";
  const browser = await launch();
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (CPU_SLOWDOWN > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  }
  const files = corpus ? `${fs.readdirSync(path.join(corpus, "content", "practices"), { recursive: true }).filter((f) => /\.md$/.test(f) && !/_index/.test(path.basename(f))).length} practice files in ${corpus}` : site;
  console.log(`${queries.length} queries (${queries.slice(0, 6).map((q) => JSON.stringify(q)).join(", ")}, …); ${files}; ${PROTOCOL}; CPU slowdown ${CPU_SLOWDOWN}×; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  try {
    for (const where of WHERE) {
      const [url, selector] = where === "page" ? [base + "search.html", "#search-page-q"] : [base + "index.html", "#site-search-q"];
      const { ready, rows } = await measure(page, url, selector, queries);
      const dom = rows.map((r) => r.dom);
      const painted = rows.map((r) => r.painted);
      const counts = rows.map((r) => r.count);
      const f = (v) => `${v.toFixed(1)} ms`;
      console.log(
        `${where.padEnd(5)} engine ready + first query ${ready} ms; keystroke → results in the DOM p50 ${f(percentile(dom, 50))} p95 ${f(percentile(dom, 95))} max ${f(Math.max(...dom))}; ` +
          `→ painted p50 ${f(percentile(painted, 50))} p95 ${f(percentile(painted, 95))}; results shown p50 ${percentile(counts, 50)}`
      );
      if (process.env.VERBOSE) for (const r of rows) console.log(`    ${JSON.stringify(r.query).padEnd(28)} ${f(r.dom).padStart(9)} ${f(r.painted).padStart(9)} ${r.count}`);
    }
    context.assertClean();
  } finally {
    await browser.close();
    if (server) await server.close();
    if (ours) fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
