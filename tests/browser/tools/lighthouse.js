#!/usr/bin/env node
// Lighthouse 12 on the home, a practice and the search page of a built site, with Debian's
// Chromium: the median of 3 runs per page and category. A manual check, not part of CI:
//
//   npm install --prefix /tmp/lh --ignore-scripts lighthouse@12
//   DESKBOOK_SITE=/tmp/site LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse node tests/browser/tools/lighthouse.js
//
// Options (env): RUNS (3), PRESET ("mobile", the default, or "desktop"), PAGES (comma-separated),
// GZIP=0 to serve without compression (by default the server gzips, as intranet servers do).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { promisify } = require("node:util");
const execFile = promisify(require("node:child_process").execFile);
const { siteDir } = require("../support/site.js");
const { serve } = require("../support/server.js");
const { CHROMIUM, ARGS } = require("../support/browser.js");

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const RUNS = Number(process.env.RUNS || 3);
const PRESET = process.env.PRESET || "mobile";
const PAGES = (process.env.PAGES || "index.html,practices/greetings/greeting-at-the-desk.html,search.html?q=patron").split(",");

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
    `--chrome-flags=${ARGS.join(" ")}`,
    ...(PRESET === "desktop" ? ["--preset=desktop"] : []),
  ];
  await execFile(cmd, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024, timeout: 300000 });
  return JSON.parse(fs.readFileSync(out, "utf8"));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

(async () => {
  const server = await serve(siteDir(), { gzip: process.env.GZIP !== "0" });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-lighthouse-"));
  const rows = [];
  let ok = true;
  try {
    for (const page of PAGES) {
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
      const failing = new Set();
      for (let run = 0; run < RUNS; run++) {
        const report = await lighthouse(server.url + page, path.join(work, `report-${run}.json`));
        for (const c of CATEGORIES) scores[c].push(Math.round(report.categories[c].score * 100));
        for (const c of CATEGORIES) {
          for (const ref of report.categories[c].auditRefs) {
            const audit = report.audits[ref.id];
            if (ref.weight > 0 && audit.score !== null && audit.score < 1) failing.add(`${c}: ${ref.id} (${audit.displayValue || audit.score})`);
          }
        }
      }
      const row = { page, ...Object.fromEntries(CATEGORIES.map((c) => [c, median(scores[c])])), runs: scores };
      rows.push(row);
      if (CATEGORIES.some((c) => row[c] < 95)) ok = false;
      console.log(`${page}  ${CATEGORIES.map((c) => `${c} ${row[c]} [${scores[c].join(" ")}]`).join("  ")}`);
      for (const f of failing) console.log(`    below 100: ${f}`);
    }
  } finally {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nLighthouse 12, ${PRESET}, ${process.env.GZIP === "0" ? "uncompressed" : "gzip"}, median of ${RUNS} runs; gate 95 in every category: ${ok ? "met" : "NOT met"}`);
  process.exitCode = ok ? 0 : 1;
})();
