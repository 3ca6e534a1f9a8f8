#!/usr/bin/env node
// Lighthouse 12 on the home, a practice and the search page of a built site, with Debian's
// Chromium: the median of 3 runs per page and category. A manual check, not part of CI:
//
//   npm install --prefix /tmp/lh --ignore-scripts lighthouse@12
//   LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse node tests/browser/tools/lighthouse.js
//
// Without DESKBOOK_SITE it builds the starter site with DESKBOOK_BIN (default
// target/debug/deskbook) and --base-url (BASE_URL, default https://intranet.example/kb/), as a
// published site is built: canonical links, absolute hreflang alternates, sitemap.xml. It serves
// the site on 127.0.0.1 with a plain static server (gzip, as intranet servers do; GZIP=0 to
// turn it off), never `deskbook serve`, whose pages carry the live-reload script.
//
// Options (env): RUNS (3), PRESET ("mobile", the default and the gate, or "desktop"), PAGES
// (comma-separated), THROTTLING ("simulate", Lighthouse's default, or "devtools": the network and
// CPU are really slowed down, which also slows the search worker's downloads), VERBOSE=1 for the
// metrics of every run, KEEP=1 to keep the JSON reports.
//
// The search page is graded twice: empty (search.html, as the footer links to it) and with a
// query (search.html?q=patron, as a submitted header form opens it), where the results are the
// largest paint and wait for the engine's download.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { promisify } = require("node:util");
const { execFileSync } = require("node:child_process");
const execFile = promisify(require("node:child_process").execFile);
const { REPO, TODAY } = require("../support/site.js");
const { serve } = require("../support/server.js");
const { CHROMIUM, ARGS } = require("../support/browser.js");

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = [
  ["first-contentful-paint", "FCP", "s"],
  ["largest-contentful-paint", "LCP", "s"],
  ["total-blocking-time", "TBT", "ms"],
  ["cumulative-layout-shift", "CLS", ""],
  ["speed-index", "SI", "s"],
];
const RUNS = Number(process.env.RUNS || 3);
const PRESET = process.env.PRESET || "mobile";
const THROTTLING = process.env.THROTTLING || "simulate";
const PAGES = (process.env.PAGES || "index.html,practices/greetings/greeting-at-the-desk.html,search.html,search.html?q=patron").split(",");

/** The site to grade: DESKBOOK_SITE, or the starter site built as published (with base_url). */
function site() {
  if (process.env.DESKBOOK_SITE) return { dir: path.resolve(process.env.DESKBOOK_SITE), cleanup() {} };
  const bin = process.env.DESKBOOK_BIN || path.join(REPO, "target", "debug", "deskbook");
  if (!fs.existsSync(bin)) throw new Error(`no deskbook binary at ${bin}: run \`cargo build\` or set DESKBOOK_BIN or DESKBOOK_SITE`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-lighthouse-site-"));
  const dir = path.join(tmp, "site");
  const base = process.env.BASE_URL || "https://intranet.example/kb/";
  execFileSync(bin, ["build", "--quiet", "--root", REPO, "--out", dir, "--base-url", base], {
    env: { ...process.env, DESKBOOK_TODAY: TODAY, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { dir, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

/** Runs the Lighthouse CLI (asynchronously: this process serves the pages meanwhile). */
async function lighthouse(url, out) {
  const bin = process.env.LIGHTHOUSE;
  const [cmd, pre] = bin ? [bin, []] : ["npx", ["--yes", "lighthouse@12"]];
  const args = [
    ...pre,
    url,
    "--quiet",
    "--output=json",
    `--output-path=${out}`,
    `--only-categories=${CATEGORIES.join(",")}`,
    // Headless, --no-sandbox, --disable-gpu, --disable-background-networking, --no-first-run…;
    // Lighthouse's launcher gives every run a fresh temporary user data dir.
    `--chrome-flags=${ARGS.join(" ")}`,
    `--throttling-method=${THROTTLING}`,
    ...(PRESET === "desktop" ? ["--preset=desktop"] : []),
  ];
  await execFile(cmd, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024, timeout: 300000 });
  return JSON.parse(fs.readFileSync(out, "utf8"));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

(async () => {
  const graded = site();
  const server = await serve(graded.dir, { gzip: process.env.GZIP !== "0" });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-lighthouse-"));
  const version = (() => {
    try {
      return require(path.join(path.dirname(fs.realpathSync(process.env.LIGHTHOUSE || "")), "..", "package.json")).version;
    } catch {
      return "12";
    }
  })();
  let ok = true;
  console.log(`Lighthouse ${version}, ${PRESET}, throttling ${THROTTLING}, ${process.env.GZIP === "0" ? "uncompressed" : "gzip"}, median of ${RUNS} runs; ${os.cpus().length} cores, load average ${load()}`);
  try {
    for (const page of PAGES) {
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
      const metrics = Object.fromEntries(METRICS.map(([id]) => [id, []]));
      const failing = new Set();
      for (let run = 0; run < RUNS; run++) {
        const report = await lighthouse(server.url + page, path.join(work, `report-${run}.json`));
        for (const c of CATEGORIES) scores[c].push(Math.round(report.categories[c].score * 100));
        for (const [id] of METRICS) metrics[id].push(report.audits[id].numericValue);
        for (const c of CATEGORIES) {
          for (const ref of report.categories[c].auditRefs) {
            const audit = report.audits[ref.id];
            if (ref.weight > 0 && audit.score !== null && audit.score < 1) failing.add(`${c}: ${ref.id}`);
          }
        }
        if (process.env.VERBOSE) console.log(`    run ${run + 1}: ${METRICS.map(([id, n]) => `${n} ${report.audits[id].displayValue}`).join(", ")}`);
      }
      const row = Object.fromEntries(CATEGORIES.map((c) => [c, median(scores[c])]));
      if (CATEGORIES.some((c) => row[c] < 95)) ok = false;
      console.log(`${page}  ${CATEGORIES.map((c) => `${c} ${row[c]} [${scores[c].join(" ")}]`).join("  ")}`);
      const shown = METRICS.map(([id, name, unit]) => {
        const v = median(metrics[id]);
        return `${name} ${unit === "s" ? (v / 1000).toFixed(1) + " s" : unit === "ms" ? Math.round(v) + " ms" : v.toFixed(3)}`;
      });
      console.log(`    medians: ${shown.join(", ")}`);
      if (failing.size) console.log(`    below 100 in some run: ${[...failing].join(", ")}`);
    }
  } finally {
    await server.close();
    if (process.env.KEEP) console.log(`reports kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
    graded.cleanup();
  }
  console.log(`\nload average after: ${load()}; gate 95 in every category on every page: ${ok ? "met" : "NOT met"}`);
  process.exitCode = ok ? 0 : 1;
})();
