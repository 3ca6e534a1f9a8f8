// Debian's Chromium, driven by playwright-core: one browser per test file, fresh temporary
// profile, and a guard that lets pages reach nothing but 127.0.0.1 (and file:, data:, blob:).
"use strict";

const fs = require("node:fs");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.DESKBOOK_CHROMIUM || "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
  "--disable-quic",
  "--disable-component-update",
  "--disable-sync",
];

function chromiumMissing() {
  return fs.existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\``;
}

/** Launches the browser (Playwright gives it a fresh temporary user data dir). */
async function launch() {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

const LOCAL = new Set(["file:", "data:", "blob:", "about:"]);

function isLocal(url) {
  const u = new URL(url);
  return LOCAL.has(u.protocol) || u.hostname === "127.0.0.1";
}

/**
 * A new context (own cookies and storage) with the offsite guard. Options are Playwright's
 * (colorScheme, javaScriptEnabled, viewport…). `ctx.problems` collects offsite requests and
 * uncaught page errors; `assertClean()` fails the test on any of them.
 */
async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    problems.push(`request to a host other than 127.0.0.1: ${url}`);
    return route.abort("blockedbyclient");
  });
  context.on("page", (page) => watchPage(page, problems));
  context.problems = problems;
  /** Forgets the problems matching `pattern` (a test that provokes them on purpose). */
  context.allowProblem = (pattern) => {
    for (let i = problems.length - 1; i >= 0; i--) if (pattern.test(problems[i])) problems.splice(i, 1);
  };
  context.assertClean = () => {
    if (problems.length) throw new Error(`page problems:\n  ${problems.join("\n  ")}`);
  };
  return context;
}

function watchPage(page, problems) {
  page.on("pageerror", (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
}

/** Computed style properties of the element matched by `selector`. */
function styleOf(page, selector, properties) {
  return page.locator(selector).first().evaluate((node, props) => {
    const style = getComputedStyle(node);
    return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
  }, properties);
}

/** Relative luminance of a CSS rgb()/rgba() colour (WCAG 2 definition). */
function luminance(color) {
  const m = color.match(/rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/);
  if (!m) throw new Error(`not an rgb() colour: ${color}`);
  const [r, g, b] = m.slice(1, 4).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The colour painted behind `selector`: its own background or the nearest ancestor's. */
function backgroundOf(page, selector) {
  return page.locator(selector).first().evaluate((node) => {
    for (let n = node; n; n = n.parentElement) {
      const bg = getComputedStyle(n).backgroundColor;
      if (bg && bg !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(bg)) return bg;
    }
    return "rgb(255, 255, 255)";
  });
}

module.exports = { CHROMIUM, ARGS, chromiumMissing, launch, newContext, styleOf, luminance, backgroundOf, isLocal };
