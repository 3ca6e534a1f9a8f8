// Keyboard-only use: the skip link comes first, "/" jumps to search, focus is always visible and
// moves through header, content and footer in that order, in light and dark mode.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { siteDir } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext } = require("./support/browser.js");
const { focusIndicator } = require("./support/focus.js");

let browser;
let server;

before(async () => {
  server = await serve(siteDir());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const active = (page) =>
  page.evaluate(() => {
    const n = document.activeElement;
    if (!n || n === document.body) return null;
    const r = n.getBoundingClientRect();
    const region = n.classList.contains("skip-link") ? "skip" : n.closest("header.site-header") ? "header" : n.closest("main") ? "main" : n.closest("footer") ? "footer" : "other";
    return {
      tag: n.tagName.toLowerCase(),
      text: (n.getAttribute("aria-label") || n.textContent || n.getAttribute("name") || "").trim().slice(0, 40),
      cls: n.className,
      region,
      visible: r.width > 0 && r.height > 0 && getComputedStyle(n).visibility !== "hidden",
    };
  });

describe("keyboard", () => {
  let context;
  let page;

  before(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });

  after(async () => {
    context?.assertClean();
    await context?.close();
  });

  for (const rel of ["index.html", "practices/greetings/greeting-at-the-desk.html", "zh/rights/index.html"]) {
    it(`${rel}: the first Tab reaches the visible skip link, and it moves focus to the content`, async () => {
      await page.goto(server.url + rel);
      await page.keyboard.press("Tab");
      const first = await active(page);
      assert.equal(first?.cls, "skip-link", `first focus: ${JSON.stringify(first)}`);
      const box = await page.locator(".skip-link").boundingBox();
      assert.ok(box && box.width > 20 && box.height > 10 && box.y >= 0 && box.x >= 0, `the skip link is on screen when focused: ${JSON.stringify(box)}`);
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === "main");
      assert.match(page.url(), /#main$/);
      await page.keyboard.press("Tab");
      const next = await active(page);
      assert.equal(next?.region, "main", `the next Tab stays in the content: ${JSON.stringify(next)}`);
    });
  }

  it('"/" focuses the search box, and typing "/" in a field still types it', async () => {
    for (const rel of ["practices/privacy/quiet-voice.html", "pl/index.html", "zh/tags/index.html"]) {
      await page.goto(server.url + rel);
      await page.locator("main h1").first().click(); // focus somewhere that is not a field
      await page.keyboard.press("/");
      const focused = await page.evaluate(() => ({ name: document.activeElement.name, type: document.activeElement.type }));
      assert.deepEqual(focused, { name: "q", type: "search" }, `${rel}: "/" focuses input[name=q]`);
      assert.equal(await page.evaluate(() => document.activeElement.value), "", `${rel}: the "/" is not typed into the box`);
      await page.keyboard.type("a/b");
      assert.equal(await page.evaluate(() => document.activeElement.value), "a/b");
    }
  });

  it("Tab visits header, then content, then footer, only ever on visible elements", async () => {
    await page.goto(`${server.url}practices/greetings/greeting-at-the-desk.html`);
    const seen = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press("Tab");
      const a = await active(page);
      if (!a) break; // focus left the page: no trap
      seen.push(a);
    }
    assert.ok(seen.length > 20 && seen.length < 200, `Tab went through ${seen.length} elements and left the page`);
    const invisible = seen.filter((s) => !s.visible);
    assert.deepEqual(invisible, [], "focus never lands on an invisible element");
    const order = seen.map((s) => s.region).filter((r, i, all) => r !== all[i - 1]);
    assert.deepEqual(order, ["skip", "header", "main", "footer"], `regions in Tab order: ${order.join(" → ")}`);
  });

  for (const colorScheme of ["light", "dark"]) {
    it(`every kind of control shows a visible focus indicator (${colorScheme})`, async () => {
      const ctx = await newContext(browser, { colorScheme });
      const p = await ctx.newPage();
      const cases = [
        ["index.html", ".site-title"],
        ["index.html", "#site-search-q"],
        ["index.html", ".hero-search button"],
        ["index.html", '.lang-switch a[hreflang="pl"]'],
        ["index.html", ".main-nav a"],
        ["practices/greetings/greeting-at-the-desk.html", "#site-search-q"],
        ["practices/greetings/greeting-at-the-desk.html", ".site-search button"],
        ["index.html", "#categories .card a"],
        ["index.html", ".intro a"],
        ["practices/greetings/greeting-at-the-desk.html", "nav.breadcrumb a"],
        ["practices/greetings/greeting-at-the-desk.html", ".badges a"],
        ["practices/greetings/greeting-at-the-desk.html", ".toc a"],
        ["practices/greetings/greeting-at-the-desk.html", ".entry-body a"],
        ["practices/greetings/greeting-at-the-desk.html", ".actions a.button"],
        ["practices/greetings/greeting-at-the-desk.html", ".site-footer a"],
        ["review.html", ".owner-group summary"],
        ["search.html", "#search-page-q"],
        ["search.html", "#search-filters summary"],
        ["search.html", 'select[name="lang"]'],
      ];
      const failures = [];
      try {
        let loaded = null;
        for (const [rel, selector] of cases) {
          if (loaded !== rel) await p.goto(server.url + rel);
          loaded = rel;
          const result = await focusIndicator(p, selector);
          if (!result.visible) {
            failures.push(`${rel} ${selector}: no visible focus (${result.reason})\n      unfocused ${JSON.stringify(result.unfocused)}\n      focused   ${JSON.stringify(result.focused)}`);
          }
        }
      } finally {
        ctx.assertClean();
        await ctx.close();
      }
      assert.deepEqual(failures, [], failures.join("\n"));
    });
  }
});
