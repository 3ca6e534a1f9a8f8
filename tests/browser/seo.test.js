// What Lighthouse's SEO and best-practices audits need on the pages it grades (home, a practice,
// the search page; in every language), checked on every run instead of by hand: a description,
// an icon (so browsers do not ask the server for /favicon.ico), alternates with absolute URLs,
// and no link without a destination once the scripts have run.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { siteDir } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext } = require("./support/browser.js");
const { partition, staleEntries, describeStale, markKnown } = require("./support/known.js");

const GRADED = ["index.html", "practices/greetings/greeting-at-the-desk.html", "search.html"];
const PAGES = ["", "pl/", "zh/"].flatMap((prefix) => GRADED.map((rel) => prefix + rel));

let browser;
let server;
const seen = new Set();

before(async () => {
  server = await serve(siteDir());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe("Lighthouse basics on the graded pages", () => {
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

  for (const rel of PAGES) {
    it(rel, async (t) => {
      await page.goto(server.url + rel);
      // The popups are built when the scripts run; focusing a search box opens the engine.
      // (the search page's own box is its only one: no header box there)
      await page.locator("#site-search-q, #search-page-q").first().focus();
      const facts = await page.evaluate(() => ({
        description: (document.querySelector('meta[name="description"]') || {}).content || "",
        icon: !!document.querySelector('link[rel~="icon"]'),
        alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => l.getAttribute("href")),
        anchorsWithoutHref: [...document.querySelectorAll("a:not([href])")].map((a) => a.outerHTML.slice(0, 100)),
      }));
      const findings = [];
      const report = (rule, message) => findings.push({ checker: "seo", page: rel, rule, message });
      if (!facts.description.trim()) report("meta-description", "no <meta name=\"description\">");
      if (!facts.icon) report("icon", "no <link rel=\"icon\">: browsers request /favicon.ico, which is missing (a console error)");
      for (const href of facts.alternates.filter((h) => !/^https?:\/\//.test(h))) {
        report("hreflang", `<link rel="alternate" hreflang href="${href}"> is relative: search engines need absolute URLs`);
      }
      for (const html of facts.anchorsWithoutHref) report("crawlable-anchors", `${html} has no href`);
      const { unexpected, known } = partition(findings, seen);
      assert.deepEqual(unexpected.map((f) => `${f.rule}: ${f.message}`), []);
      markKnown(t, known);
    });
  }

  it("every seo entry of KNOWN_FAILURES still happens (delete it once fixed)", () => {
    const stale = staleEntries("seo", seen, PAGES);
    assert.equal(stale.length, 0, describeStale(stale));
  });
});
