// `deskbook serve` in a real browser: an edit reloads the open page, a broken edit shows the
// error overlay without a reload and the fix removes it, a stylesheet edit swaps the CSS in place,
// warnings show in their own overlay that the trainer can hide, and a new entry saved with an
// error is not called "the last good version" of a page that does not exist.
// Runs the real binary (DESKBOOK_BIN, set by tests/browser.rs) on a copy of the starter site.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");
const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { REPO, TODAY } = require("./support/site.js");
const { launch, newContext } = require("./support/browser.js");
const { axeViolations, formatViolations } = require("./support/axe.js");
const { KNOWN_FAILURES, partition, describeStale, markKnown } = require("./support/known.js");

const seen = new Set();

const BIN = process.env.DESKBOOK_BIN || path.join(REPO, "target", "debug", "deskbook");

function serveUnavailable() {
  if (!fs.existsSync(BIN)) return `no deskbook binary at ${BIN} (set DESKBOOK_BIN, or run \`cargo test --test browser\`)`;
  const help = spawnSync(BIN, ["serve", "--help"], { encoding: "utf8" });
  return help.status === 0 ? null : `\`deskbook serve --help\` failed (exit ${help.status}): the dev server is not built in`;
}

const UNAVAILABLE = serveUnavailable();

/** Starts `deskbook serve` on a free port for the site in `root`; resolves when it serves. */
function startServer(root) {
  const child = spawn(BIN, ["serve", "--port", "0", "--root", root], {
    env: { ...process.env, DESKBOOK_TODAY: TODAY, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`deskbook serve did not start in 60 s:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/Serving .* at (http:\/\/127\.0\.0\.1:\d+)\/?/);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}/`);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`deskbook serve exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

describe("deskbook serve in the browser", UNAVAILABLE ? { skip: UNAVAILABLE } : {}, () => {
  let site;
  let server;
  let base;
  let browser;
  let context;
  let page;

  before(async () => {
    site = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-serve-site-"));
    fs.cpSync(path.join(REPO, "content"), path.join(site, "content"), { recursive: true });
    fs.cpSync(path.join(REPO, "themes", "default"), path.join(site, "themes", "default"), { recursive: true });
    fs.copyFileSync(path.join(REPO, "deskbook.yaml"), path.join(site, "deskbook.yaml"));
    server = startServer(site);
    base = await server.url;
    browser = await launch();
    context = await newContext(browser);
    page = await context.newPage();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    if (server?.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
    }
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  /** Opens `rel` and waits until its live-reload event stream is connected. */
  const open = async (rel) => {
    await Promise.all([page.waitForResponse((r) => r.url().endsWith("/__deskbook/events")), page.goto(base + rel)]);
    await page.evaluate(() => (window.__beforeReload = true));
  };

  const edit = (rel, change) => {
    const file = path.join(site, rel);
    const before = fs.readFileSync(file, "utf8");
    const after = change(before);
    assert.notEqual(after, before);
    fs.writeFileSync(file, after);
    return () => fs.writeFileSync(file, before);
  };

  it("saving an entry reloads the open page with the change", async () => {
    await open("practices/greetings/greeting-at-the-desk.html");
    edit("content/practices/greetings/greeting-at-the-desk.md", (text) => `${text}\nA sentence added while serving.\n`);
    await page.waitForFunction(() => document.body.textContent.includes("A sentence added while serving."), null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => window.__beforeReload), undefined, "the page was reloaded");
  });

  it("a broken edit shows the overlay without a reload; fixing it removes the overlay", async (t) => {
    await open("practices/privacy/quiet-voice.html");
    const restore = edit("content/practices/privacy/quiet-voice.md", (text) => text.replace("rights: [privacy, courtesy]", "rights: [privasy, courtesy]"));
    const overlay = page.locator("#deskbook-overlay");
    let violations;
    try {
      await overlay.waitFor({ state: "visible", timeout: 30000 });
      assert.match(await overlay.innerText(), /content\/practices\/privacy\/quiet-voice\.md:\d+:\d+: error: unknown right `privasy`; did you mean `privacy`\?/);
      assert.equal(await page.evaluate(() => window.__beforeReload), true, "the overlay arrived without a reload");
      assert.ok(await page.locator("main h1").isVisible(), "the last good page is still there underneath");
      violations = await axeViolations(page);
    } finally {
      restore();
    }
    await overlay.waitFor({ state: "detached", timeout: 30000 });
    assert.equal(await page.evaluate(() => window.__beforeReload), true, "and it went away without a reload");
    const findings = violations.flatMap((v) => v.nodes.map((n) => ({ checker: "axe", page: "serve:overlay", rule: v.id, target: `${n.target} ${n.html}` })));
    const { unexpected, known } = partition(findings, seen);
    assert.equal(unexpected.length, 0, formatViolations("page with the overlay", violations));
    markKnown(t, known);
  });

  it("a stylesheet edit swaps the CSS in place, without a reload", async () => {
    await open("rights/index.html");
    edit("themes/default/static/style.css", (css) => `${css}\n.site-title { letter-spacing: 7px; }\n`);
    await page.waitForFunction(() => getComputedStyle(document.querySelector(".site-title")).letterSpacing === "7px", null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => window.__beforeReload), true, "no reload for a CSS change");
    context.assertClean();
  });

  it("a warning shows in its own overlay; Hide removes it until the warnings change", async () => {
    await open("practices/privacy/quiet-voice.html");
    const restore = edit("content/practices/privacy/quiet-voice.md", (text) => text.replace(/^updated: .*$/m, "updated: 2999-01-01"));
    const overlay = page.locator("#deskbook-overlay.deskbook-warnings");
    try {
      await overlay.waitFor({ state: "visible", timeout: 30000 });
      assert.match(await overlay.innerText(), /1 warning: the page is up to date, but check these before publishing/);
      assert.match(await overlay.innerText(), /quiet-voice\.md:\d+:\d+: warning: `updated` is 2999-01-01, after today/);
      await page.getByRole("button", { name: "Hide" }).click();
      await overlay.waitFor({ state: "detached", timeout: 5000 });
      await page.reload();
      await page.locator("main h1").waitFor();
      assert.equal(await page.locator("#deskbook-overlay").count(), 0, "hidden for the same warnings after a reload");
    } finally {
      restore();
    }
    context.assertClean();
  });

  /**
   * Waits until the server has printed nothing for a second: the previous test's last edit has
   * been rebuilt, so its reload event cannot arrive after the next page is open (a page that
   * reloads then misses the events sent while it reconnects).
   */
  const settled = async () => {
    let last = server.output();
    let since = Date.now();
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && Date.now() - since < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = server.output();
      if (now !== last) [last, since] = [now, Date.now()];
    }
  };

  it("a new entry saved with an error says the page is not built yet, not that it is the last good version", async () => {
    const rel = "content/practices/greetings/phone-greeting.md";
    await settled();
    await open("practices/greetings/phone-greeting.html");
    context.allowProblem(/404/);
    fs.writeFileSync(
      path.join(site, rel),
      "---\ntitle: Phone greeting\nsummary: Pick up.\nrights: [curtesy]\nowner: Circulation\nupdated: 2026-01-01\n---\nBody.\n",
    );
    const overlay = page.locator("#deskbook-overlay");
    try {
      await overlay.waitFor({ state: "visible", timeout: 30000 });
      await page.waitForFunction(() => document.getElementById("deskbook-overlay")?.classList.contains("deskbook-missing"), null, { timeout: 5000 });
      const text = await overlay.innerText();
      assert.match(text, /1 error: this page is not built yet, because of the errors below; it appears as soon as they are fixed/);
      assert.doesNotMatch(text, /last good version/);
      assert.match(text, /phone-greeting\.md:4:10: error: unknown right `curtesy`/);
    } finally {
      fs.rmSync(path.join(site, rel));
    }
    await overlay.waitFor({ state: "detached", timeout: 30000 });
    context.allowProblem(/404/);
    context.assertClean();
  });

  it("every serve entry of KNOWN_FAILURES still happens (delete it once fixed)", () => {
    const stale = KNOWN_FAILURES.filter((k) => k.page && k.page.test("serve:overlay") && !seen.has(k.id));
    assert.equal(stale.length, 0, describeStale(stale));
  });
});
