// A member of staff finding their way: home → category → practice → right → back, the language
// switcher, the out-of-date translation banner and tags; over http and from disk (file://).
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { siteDir } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext } = require("./support/browser.js");
const { httpOrigin, fileOrigin, follow } = require("./support/origins.js");
const { knownBehaviour } = require("./support/known.js");

const PRACTICE = "practices/greetings/greeting-at-the-desk.html";

let browser;
let server;
const origins = [];

before(async () => {
  server = await serve(siteDir());
  browser = await launch();
  origins.push(httpOrigin(server), fileOrigin());
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const htmlLang = (page) => page.locator("html").getAttribute("lang");
const h1 = (page) => page.locator("main h1").first().innerText();

for (const name of ["http", "file"]) {
  describe(`over ${name === "http" ? "http://127.0.0.1" : "file://"}`, () => {
    let context;
    let page;
    let origin;

    before(async () => {
      origin = origins.find((o) => o.name === name);
      context = await newContext(browser);
      page = await context.newPage();
    });

    after(async () => {
      context?.assertClean();
      await context?.close();
    });

    it("home → category → practice → right, then back the same way", async () => {
      await page.goto(origin.url("index.html"));
      assert.equal(await h1(page), "Good Practices at the Desk");
      assert.equal(await page.locator("#categories .card").count(), 6, "six category cards");

      await follow(page, page.locator('#categories a[href="practices/greetings/index.html"]'));
      assert.equal(origin.rel(page.url()), "practices/greetings/index.html");
      assert.equal(await h1(page), "Greetings and first contact");
      assert.ok((await page.locator(".cards .card").count()) >= 5, "the category lists its practices");

      await follow(page, page.locator('.cards a[href="greeting-at-the-desk.html"]'));
      assert.equal(origin.rel(page.url()), PRACTICE);
      assert.equal(await page.locator("article.entry").getAttribute("data-entry"), "greetings/greeting-at-the-desk");
      const crumbs = await page.locator("nav.breadcrumb li").allInnerTexts();
      assert.deepEqual(crumbs.slice(0, 2), ["Home", "Greetings and first contact"], "breadcrumb: home › category");
      assert.ok(await page.locator(".toc a").count(), "a table of contents");

      const badge = page.locator(".badges a.badge-right").first();
      const number = (text) => text.replace(/^Right\s*/, "").replace(/^\d+\.\s*/, "").trim();
      const rightTitle = number(await badge.innerText());
      await follow(page, badge);
      assert.match(origin.rel(page.url()), /^rights\/[a-z-]+\.html$/);
      assert.equal(number(await h1(page)), rightTitle);
      assert.equal(
        await page.locator(`a[href="../${PRACTICE}"]`).count() > 0,
        true,
        "the right's page lists the practice that upholds it"
      );

      await page.goBack();
      assert.equal(origin.rel(page.url()), PRACTICE);
      await page.goBack();
      assert.equal(origin.rel(page.url()), "practices/greetings/index.html");
      await page.goBack();
      assert.equal(origin.rel(page.url()), "index.html");
      assert.equal(await h1(page), "Good Practices at the Desk");
    });

    it("the breadcrumb and the main navigation lead home, to the bill of rights and to the tags", async () => {
      await page.goto(origin.url(PRACTICE));
      await follow(page, page.locator("nav.breadcrumb a").first());
      assert.equal(origin.rel(page.url()), "index.html");
      await follow(page, page.locator(".main-nav a", { hasText: "Patron bill of rights" }).first());
      assert.equal(origin.rel(page.url()), "rights/index.html");
      assert.equal(await page.locator('.main-nav a[aria-current="page"]').count(), 1, "the current section is marked");
      assert.equal(await page.locator("main ol li, main .rights li, main .cards li").count() >= 5, true, "five rights");
      await follow(page, page.locator(".main-nav a", { hasText: "Tags" }).first());
      assert.equal(origin.rel(page.url()), "tags/index.html");
    });

    it("the language switcher goes to the Polish and Chinese translations and back", async () => {
      await page.goto(origin.url(PRACTICE));
      assert.equal(await htmlLang(page), "en");

      await follow(page, page.locator('.lang-switch a[hreflang="pl"]'));
      assert.equal(origin.rel(page.url()), `pl/${PRACTICE}`);
      assert.equal(await htmlLang(page), "pl");
      assert.equal(await page.locator('.lang-switch [aria-current="true"]').innerText(), "Polski");
      assert.equal(await page.locator("article.entry").getAttribute("data-entry"), "greetings/greeting-at-the-desk");

      await follow(page, page.locator('.lang-switch a[hreflang="zh"]'));
      assert.equal(origin.rel(page.url()), `zh/${PRACTICE}`);
      assert.equal(await htmlLang(page), "zh");
      assert.equal(await page.locator('.lang-switch [aria-current="true"]').innerText(), "中文");

      await follow(page, page.locator('.lang-switch a[hreflang="en"]'));
      assert.equal(origin.rel(page.url()), PRACTICE);
      assert.equal(await htmlLang(page), "en");
    });

    it("every language switcher link of a few pages lands on a page in that language", async () => {
      for (const start of ["index.html", "pl/rights/index.html", "zh/tags/index.html", "pl/practices/difficult-situations/saying-no-with-an-alternative.html", "review.html"]) {
        await page.goto(origin.url(start));
        const targets = await page.locator(".lang-switch a[hreflang]").evaluateAll((links) =>
          links.map((a) => ({ lang: a.getAttribute("hreflang"), href: a.href }))
        );
        assert.equal(targets.length, 2, `${start}: two other languages`);
        for (const target of targets) {
          await page.goto(target.href);
          assert.equal(await htmlLang(page), target.lang, `${start} → ${target.href}`);
        }
      }
    });

    it("an untranslated page's switcher says so and goes to that language's home", async () => {
      await page.goto(origin.url("pl/practices/difficult-situations/saying-no-with-an-alternative.html"));
      const zh = page.locator('.lang-switch a[hreflang="zh"]');
      assert.equal(await zh.getAttribute("class"), "not-translated");
      assert.match(await zh.innerText(), /尚未翻译/);
      await follow(page, zh);
      assert.equal(origin.rel(page.url()), "zh/index.html");
      assert.equal(await htmlLang(page), "zh");
    });

    it("out-of-date translations show a banner linking the original; current ones do not", async () => {
      const stale = [
        ["pl/practices/difficult-situations/saying-no-with-an-alternative.html", "practices/difficult-situations/saying-no-with-an-alternative.html", /To tłumaczenie jest nieaktualne/],
        ["zh/practices/online/chat-reference.html", "practices/online/chat-reference.html", /此译文已过时/],
      ];
      for (const [translation, original, title] of stale) {
        await page.goto(origin.url(translation));
        const banner = page.locator(".banner-stale");
        assert.ok(await banner.isVisible(), `${translation}: the out-of-date banner is visible`);
        assert.match(await banner.innerText(), title);
        await follow(page, banner.locator("a"));
        assert.equal(origin.rel(page.url()), original);
        assert.equal(await htmlLang(page), "en");
        assert.equal(await page.locator(".banner-stale").count(), 0, `${original}: no banner on the original`);
      }
      for (const current of [`pl/${PRACTICE}`, `zh/${PRACTICE}`, PRACTICE]) {
        await page.goto(origin.url(current));
        assert.equal(await page.locator(".banner-stale").count(), 0, `${current} is up to date`);
      }
      await page.goto(origin.url("review.html"));
      const staleTable = page.locator("table").nth(1);
      for (const [translation] of stale) {
        assert.equal(await staleTable.locator(`a[href="${translation}"]`).count(), 1, `review page lists ${translation}`);
      }
    });

    it("tags: a practice's tag lists it, the tag index lists every tag", async () => {
      await page.goto(origin.url(PRACTICE));
      const tagLink = page.locator(".entry-footer .facts a[href^='../../tags/']").first();
      // The link shows the tag's label (`labels:` in deskbook.yaml); its address names the tag id.
      const label = await tagLink.innerText();
      const tag = (await tagLink.getAttribute("href")).replace("../../tags/", "").replace(".html", "");
      await follow(page, tagLink);
      assert.equal(origin.rel(page.url()), `tags/${tag}.html`);
      assert.match(await h1(page), new RegExp(label));
      assert.equal(await page.locator('.cards a[href="../practices/greetings/greeting-at-the-desk.html"]').count(), 1);
      await follow(page, page.locator("nav.breadcrumb a", { hasText: "Tags" }));
      assert.equal(origin.rel(page.url()), "tags/index.html");
      const tags = await page.locator('main a[href$=".html"]:not(nav a)').evaluateAll((links) =>
        links.map((a) => a.getAttribute("href")).filter((h) => /^[a-z0-9-]+\.html$/.test(h))
      );
      assert.ok(tags.length >= 30, `the tag index lists the tags (${tags.length})`);
      assert.ok(tags.includes(`${tag}.html`));
      await follow(page, page.locator(`main a[href="${tags[0]}"]`).first());
      assert.ok((await page.locator(".cards .card").count()) >= 1, `${tags[0]} lists at least one practice`);
    });
  });
}

describe("over http only", () => {
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

  it("a missing page answers 404 with the 404 page, whose links work", async () => {
    const response = await page.goto(`${server.url}no-such-page.html`);
    assert.equal(response.status(), 404);
    context.allowProblem(/no-such-page\.html: Failed to load resource: .* 404/);
    assert.equal(await htmlLang(page), "en");
    await follow(page, page.locator("main a.button").first());
    assert.equal(new URL(page.url()).pathname, "/index.html");
  });

  it("a missing nested page gets a styled 404 page whose Home link leads home", async (t) => {
    const response = await page.goto(`${server.url}practices/greetings/no-such-entry.html`);
    assert.equal(response.status(), 404);
    context.allowProblem(/Failed to load resource: .* 404/);
    await knownBehaviour(t, "nested-404-page-loses-style-and-home", async () => {
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".skip-link")).position);
      assert.equal(styled, "absolute", "the stylesheet applies (the skip link is positioned off screen)");
      await follow(page, page.locator("main a.button").first());
      assert.equal(new URL(page.url()).pathname, "/index.html", "Home leads to the site's home");
    });
    context.allowProblem(/Failed to load resource: .* 404/);
  });

  it("the site works from a sub-folder of a server (relative links only)", async () => {
    // The static server serves the site's parent folder: the site is then at /site-folder/.
    const path = require("node:path");
    const parent = await serve(path.dirname(siteDir()));
    try {
      const base = `${parent.url}${encodeURIComponent(path.basename(siteDir()))}/`;
      await page.goto(`${base}index.html`);
      await follow(page, page.locator('#categories a[href="practices/privacy/index.html"]'));
      await follow(page, page.locator(".cards .card a").first());
      await follow(page, page.locator('.lang-switch a[hreflang="pl"]'));
      assert.ok(page.url().startsWith(`${base}pl/`), page.url());
      assert.equal(await htmlLang(page), "pl");
      const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      assert.doesNotMatch(css, /^"?Times/, "the stylesheet loaded");
    } finally {
      await parent.close();
    }
  });
});
