#!/usr/bin/env node
// Screenshots of every kind of page of the starter site, as staff and managers see them: a phone
// (390 × 844, touch) and a laptop (1366 × 900), light and dark, the first screen only (what a
// reader sees before scrolling, and small enough for git). A manual tool, not part of CI:
//
//   cargo build
//   node benches/screenshots/take.js            # writes benches/screenshots/KIND-WIDTH-SCHEME.png
//
// It builds the starter site with DESKBOOK_BIN (default target/debug/deskbook; DESKBOOK_SITE
// names a built one instead), serves it on 127.0.0.1, and drives Debian's Chromium
// (/usr/bin/chromium, or DESKBOOK_CHROMIUM) through playwright-core from tests/browser, with a
// fresh profile per viewport. OUT=DIR writes elsewhere; ONLY=home,review takes some kinds.
// When `pngquant` is installed the PNGs are quantised to 256 colours (about a third the size).
//
// Chinese pages need a CJK font to show glyphs rather than boxes: `apt-get install
// fonts-noto-cjk` works on the project's Debian machines (not installed in CI).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const REPO = path.resolve(__dirname, "..", "..");
const BROWSER_TESTS = path.join(REPO, "tests", "browser");
const { chromium } = require(path.join(BROWSER_TESTS, "node_modules", "playwright-core"));
const { serve } = require(path.join(BROWSER_TESTS, "support", "server.js"));
const { TODAY } = require(path.join(BROWSER_TESTS, "support", "site.js"));

const CHROMIUM = process.env.DESKBOOK_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const OUT = path.resolve(process.env.OUT || __dirname);

/** Page kinds: name, path, and what to wait for before the shot. */
const KINDS = [
  ["home", "index.html"],
  ["practice", "practices/difficult-situations/an-angry-patron.html"],
  ["category", "practices/greetings/index.html"],
  ["rights", "rights/index.html"],
  ["right", "rights/courtesy.html"],
  ["search", "search.html?q=patron", "[data-search-result]"],
  ["review", "review.html"],
  ["competency", "competencies/listening.html"],
  ["role", "roles/new-staff.html"],
  ["phrases", "phrases/greetings.html"],
  ["practice-zh", "zh/practices/greetings/greeting-at-the-desk.html"],
];

const VIEWPORTS = [
  { width: 390, options: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 } },
  { width: 1366, options: { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 } },
];

function site() {
  if (process.env.DESKBOOK_SITE) return { dir: path.resolve(process.env.DESKBOOK_SITE), cleanup() {} };
  const bin = process.env.DESKBOOK_BIN || path.join(REPO, "target", "debug", "deskbook");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-screenshots-"));
  const dir = path.join(tmp, "site");
  execFileSync(bin, ["build", "--quiet", "--root", REPO, "--out", dir], {
    env: { ...process.env, DESKBOOK_TODAY: TODAY, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { dir, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

function hasPngquant() {
  try {
    execFileSync("pngquant", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const only = process.env.ONLY ? process.env.ONLY.split(",") : null;
  const kinds = KINDS.filter(([name]) => !only || only.includes(name));
  const built = site();
  const server = await serve(built.dir, { gzip: true });
  const quantise = hasPngquant();
  fs.mkdirSync(OUT, { recursive: true });
  try {
    for (const { width, options } of VIEWPORTS) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-screenshots-profile-"));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, ...options });
      try {
        const page = context.pages()[0] || (await context.newPage());
        for (const scheme of ["light", "dark"]) {
          await page.emulateMedia({ colorScheme: scheme });
          for (const [name, rel, ready] of kinds) {
            await page.goto(server.url + rel, { waitUntil: "load" });
            if (ready) await page.locator(ready).first().waitFor({ timeout: 20000 });
            await page.evaluate(() => document.fonts.ready);
            const file = path.join(OUT, `${name}-${width}-${scheme}.png`);
            await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
            if (quantise) execFileSync("pngquant", ["--force", "--skip-if-larger", "--strip", "--quality=70-95", "--output", file, file]);
            console.log(`${path.relative(REPO, file)}  ${Math.round(fs.statSync(file).size / 1024)} KB`);
          }
        }
      } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
    built.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
