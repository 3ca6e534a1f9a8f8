// The site with JavaScript turned off (locked-down desk PCs): pages render, links and the
// language switcher work, the search forms still submit, and the search page says why it is empty.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { siteDir } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext } = require("./support/browser.js");
const { httpOrigin, fileOrigin, follow } = require("./support/origins.js");

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

for (const name of ["http", "file"]) {
  describe(`JavaScript off, over ${name === "http" ? "http://127.0.0.1" : "file://"}`, () => {
    let context;
    let page;
    let origin;

    before(async () => {
      origin = name === "http" ? httpOrigin(server) : fileOrigin();
      context = await newContext(browser, { javaScriptEnabled: false });
      page = await context.newPage();
    });

    after(async () => {
      context?.assertClean();
      await context?.close();
    });

    it("pages render and links work: home → category → practice → right → language", async () => {
      await page.goto(origin.url("index.html"));
      assert.equal(await page.evaluate(() => typeof window.__deskbookProbe), "undefined");
      assert.ok(await page.locator("main h1").isVisible());
      assert.equal(await page.locator("#categories .card").count(), 6);
      await follow(page, page.locator('#categories a[href="practices/online/index.html"]'));
      assert.equal(origin.rel(page.url()), "practices/online/index.html");
      await follow(page, page.locator('.cards a[href="chat-reference.html"]'));
      assert.ok(await page.locator("article.entry .entry-body").isVisible(), "the practice's body shows");
      assert.ok((await page.locator(".toc a").count()) > 0, "the table of contents shows");
      await follow(page, page.locator(".toc a").first());
      assert.match(page.url(), /#[a-z0-9-]+$/, "table of contents links jump to their section");
      await follow(page, page.locator(".badges a").first());
      assert.match(origin.rel(page.url()), /^rights\/[a-z-]+\.html$/);
      await follow(page, page.locator('.lang-switch a[hreflang="zh"]'));
      assert.equal(await page.locator("html").getAttribute("lang"), "zh");
      assert.match(origin.rel(page.url()), /^zh\/rights\/[a-z-]+\.html$/);
    });

    it("what needs JavaScript stays out of the way: no print button, no empty popup", async () => {
      await page.goto(origin.url("practices/greetings/greeting-at-the-desk.html"));
      assert.equal(await page.locator("[data-print]").isVisible(), false, "the print button needs JavaScript: hidden");
      assert.ok(await page.locator(".actions a.button").isVisible(), "the printable handout link is there instead");
      assert.equal(await page.locator(".search-popup").isVisible(), false);
    });

    it("the header search submits to the search page, which shows its <noscript> text", async () => {
      await page.goto(origin.url("practices/greetings/greeting-at-the-desk.html"));
      await page.locator("#site-search-q").fill("privacy");
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before), page.locator("#site-search-q").press("Enter")]);
      assert.match(origin.rel(page.url()), /^search\.html\?q=privacy$/);
      const note = page.locator("main p.banner", { hasText: "Search needs JavaScript, which is turned off in this browser." });
      assert.ok(await note.isVisible(), "the <noscript> explanation shows");
      await follow(page, note.locator("a"));
      assert.equal(origin.rel(page.url()), "index.html#categories", "and links to the categories");
    });

    it("the Polish and Chinese search pages explain it in their language", async () => {
      await page.goto(origin.url("pl/search.html"));
      assert.ok(await page.locator("main p.banner", { hasText: "Wyszukiwarka wymaga JavaScriptu" }).isVisible());
      await page.goto(origin.url("zh/search.html"));
      assert.ok(await page.locator("main p.banner", { hasText: "搜索需要 JavaScript" }).isVisible());
    });
  });
}
