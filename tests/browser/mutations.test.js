// The checkers catch what they are for: each test breaks a copy of a built page on purpose and
// asserts that the same checker the suite runs on the real site reports it (and that no
// KNOWN_FAILURES entry would let it through).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { copySite } = require("./support/site.js");
const { launch, newContext } = require("./support/browser.js");
const { axeViolations, labelFindings } = require("./support/axe.js");
const { javaMissing, vnuCheck } = require("./support/vnu.js");
const { checkSite } = require("./support/links.js");
const { knownFailureFor } = require("./support/known.js");
const { fileOrigin } = require("./support/origins.js");
const { focusIndicator } = require("./support/focus.js");

let copy;
let browser;
let context;
let page;

/** Rewrites `rel` in the copy; fails if the edit changed nothing. */
function mutate(rel, edit) {
  const file = path.join(copy, rel);
  const before = fs.readFileSync(file, "utf8");
  const after = edit(before);
  assert.notEqual(after, before, `the mutation of ${rel} changed nothing`);
  fs.writeFileSync(file, after);
  return file;
}

async function axeFindings(rel) {
  await page.goto(fileOrigin(copy).url(rel));
  const violations = await axeViolations(page);
  return violations.flatMap((v) => v.nodes.map((n) => ({ checker: "axe", page: rel, rule: v.id, target: `${n.target} ${n.html}`, message: v.help })));
}

const unexcused = (findings) => findings.filter((f) => !knownFailureFor(f));

before(async () => {
  copy = copySite();
  browser = await launch();
  context = await newContext(browser);
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

describe("a page broken on purpose is caught", () => {
  it("a removed <label> of a filter: axe reports `select-name`", async () => {
    const rel = "search.html";
    mutate(rel, (html) => html.replace(/<label>([^<]*)<select name="lang">(.*?)<\/select><\/label>/, '$1<select name="lang">$2</select>'));
    const found = unexcused(await axeFindings(rel));
    assert.ok(found.some((f) => f.rule === "select-name" && f.target.includes('name="lang"')), JSON.stringify(found.map((f) => [f.rule, f.target])));
  });

  it("a removed <label> of the search box: the label check reports it (axe accepts the placeholder)", async () => {
    const rel = "practices/greetings/index.html";
    mutate(rel, (html) => html.replace(/<label class="visually-hidden" for="site-search-q">[^<]*<\/label>/, ""));
    await page.goto(fileOrigin(copy).url(rel));
    const found = unexcused(await labelFindings(page, rel));
    assert.ok(found.some((f) => f.target.includes("#site-search-q")), JSON.stringify(found));
    mutate(rel, (html) => html.replace(/ placeholder="[^"]*"/, ""));
    const axe = unexcused(await axeFindings(rel));
    assert.ok(axe.some((f) => f.rule === "label" && f.target.includes("#site-search-q")), "without its placeholder too, axe reports `label`");
  });

  it("a broken link and a broken #anchor: the link check reports both", () => {
    mutate("index.html", (html) => html.replace('href="practices/greetings/index.html"', 'href="practices/greetings/indx.html"'));
    mutate("practices/greetings/greeting-at-the-desk.html", (html) => html.replace('href="#why-it-matters"', 'href="#why-it-maters"'));
    const found = unexcused(checkSite(copy));
    const messages = found.map((f) => `${f.page}: ${f.message}`);
    assert.ok(messages.some((m) => m.startsWith("index.html:") && m.includes("practices/greetings/indx.html does not exist")), messages.join("\n"));
    assert.ok(messages.some((m) => m.includes('no id="why-it-maters" in practices/greetings/greeting-at-the-desk.html')), messages.join("\n"));
  });

  it("a link to a folder and a root-relative link: the link check reports both (they break under file://)", () => {
    mutate("rights/index.html", (html) => html.replace('href="../index.html"', 'href="../"').replace('href="courtesy.html"', 'href="/rights/courtesy.html"'));
    const messages = unexcused(checkSite(copy)).filter((f) => f.page === "rights/index.html").map((f) => f.message);
    assert.ok(messages.some((m) => m.includes("names a folder")), messages.join("\n"));
    assert.ok(messages.some((m) => m.includes("root-relative")), messages.join("\n"));
  });

  it("a duplicated id: the Nu HTML Checker reports it", (t) => {
    const missing = javaMissing();
    if (missing) {
      if (process.env.CI === "true") throw new Error(missing);
      return t.skip(missing);
    }
    const file = mutate("rights/courtesy.html", (html) => html.replace("<h1>", '<h1 id="main">'));
    const found = unexcused(vnuCheck([file], copy));
    assert.ok(found.some((f) => f.page === "rights/courtesy.html" && /Duplicate ID “main”/.test(f.message)), JSON.stringify(found));
  });

  it("a dropped lang attribute: axe reports `html-has-lang` and the link check the missing language", async () => {
    const rel = "tags/index.html";
    mutate(rel, (html) => html.replace('<html lang="en">', "<html>"));
    const found = unexcused(await axeFindings(rel));
    assert.ok(found.some((f) => f.rule === "html-has-lang"), JSON.stringify(found.map((f) => f.rule)));
    const links = unexcused(checkSite(copy)).filter((f) => f.page === rel);
    assert.ok(links.some((f) => f.message.includes("<html> has no lang attribute")), JSON.stringify(links));
  });

  it("a wrong lang attribute on a translation: the link check reports it", () => {
    mutate("zh/index.html", (html) => html.replace('<html lang="zh">', '<html lang="en">'));
    const links = unexcused(checkSite(copy)).map((f) => `${f.page}: ${f.message}`);
    assert.ok(links.some((m) => m.startsWith('zh/index.html: <html lang="en"> but the page is in zh')), links.join("\n"));
    assert.ok(links.some((m) => m.includes('hreflang="zh"') && m.includes('lands on a page with <html lang="en">')), "switcher links into it are reported too");
  });

  it("low-contrast text: axe reports `color-contrast`", async () => {
    const rel = "rights/privacy.html";
    mutate(rel, (html) => html.replace("</head>", "<style>main .lead { color: #c8c8c8 !important; }</style>\n</head>"));
    const found = unexcused(await axeFindings(rel));
    assert.ok(found.some((f) => f.rule === "color-contrast" && f.target.includes("lead")), JSON.stringify(found.map((f) => [f.rule, f.target])));
  });

  it("focus styles removed: the visible-focus check reports it", async () => {
    const rel = "rights/options.html";
    mutate(rel, (html) => html.replace("</head>", "<style>:is(#x, *):is(:focus, :focus-visible) { outline: none !important; box-shadow: none !important; background: transparent !important; }</style>\n</head>"));
    await page.goto(fileOrigin(copy).url(rel));
    const result = await focusIndicator(page, ".main-nav a");
    assert.equal(result.visible, false, result.reason);
  });

  it("a request to another host: the offsite guard blocks and reports it", async () => {
    const rel = "rights/access.html";
    // 127.0.0.2 is loopback (nothing leaves the machine) but not the test server's 127.0.0.1.
    mutate(rel, (html) => html.replace("</body>", '<img src="http://127.0.0.2:9/tracker.png" alt="">\n</body>'));
    const ctx = await newContext(browser);
    try {
      const p = await ctx.newPage();
      await p.goto(fileOrigin(copy).url(rel));
      await p.waitForTimeout(200);
      assert.ok(ctx.problems.some((m) => m.includes("request to a host other than 127.0.0.1: http://127.0.0.2:9/tracker.png")), ctx.problems.join("\n"));
      assert.throws(() => ctx.assertClean(), /127\.0\.0\.2/);
    } finally {
      await ctx.close();
    }
    const links = unexcused(checkSite(copy)).filter((f) => f.page === rel);
    assert.ok(links.some((f) => f.message.includes("loads from another host")), JSON.stringify(links));
  });

  it("a script error: the page guard reports it", async () => {
    const rel = "rights/consistency.html";
    mutate(rel, (html) => html.replace("</body>", "<script>window.undefinedFunction();</script>\n</body>"));
    const ctx = await newContext(browser);
    try {
      const p = await ctx.newPage();
      await p.goto(fileOrigin(copy).url(rel));
      assert.throws(() => ctx.assertClean(), /uncaught error .*undefinedFunction/);
    } finally {
      await ctx.close();
    }
  });
});
