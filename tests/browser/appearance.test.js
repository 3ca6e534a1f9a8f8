// How pages look: dark mode follows the system, the printable handout prints without the site's
// chrome, and pages reflow at 320 px without horizontal scrolling.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { siteDir } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext, luminance, backgroundOf } = require("./support/browser.js");
const { contrast } = require("./support/focus.js");

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

const SAMPLES = ["index.html", "practices/greetings/greeting-at-the-desk.html", "zh/practices/online/chat-reference.html", "review.html", "search.html"];

async function colours(page, selector) {
  const color = await page.locator(selector).first().evaluate((n) => getComputedStyle(n).color);
  const background = await backgroundOf(page, selector);
  return { color, background, bgLum: luminance(background), fgLum: luminance(color), ratio: contrast(color, background) };
}

describe("colour schemes", () => {
  for (const colorScheme of ["dark", "light"]) {
    it(`${colorScheme} mode: ${colorScheme === "dark" ? "dark background, light text" : "light background, dark text"}`, async () => {
      const context = await newContext(browser, { colorScheme });
      const page = await context.newPage();
      try {
        for (const rel of SAMPLES) {
          await page.goto(server.url + rel);
          for (const selector of ["body", "main h1", "main p", ".site-header", ".site-footer"]) {
            const c = await colours(page, selector);
            const where = `${rel} ${selector}: text ${c.color} on ${c.background}`;
            const chrome = selector.startsWith(".site-");
            if (chrome) {
              // The header band may be coloured in both schemes; it only needs contrast.
            } else if (colorScheme === "dark") {
              assert.ok(c.bgLum < 0.05, `${where}: the background is dark`);
              assert.ok(c.fgLum > 0.4, `${where}: the text is light`);
            } else {
              assert.ok(c.bgLum > 0.7, `${where}: the background is light`);
              assert.ok(c.fgLum < 0.1, `${where}: the text is dark`);
            }
            assert.ok(c.ratio >= 4.5, `${where}: contrast ${c.ratio.toFixed(2)}:1`);
          }
        }
        if (colorScheme === "dark") {
          await page.goto(`${server.url}practices/greetings/greeting-at-the-desk.html`);
          for (const selector of [".callout-say", ".callout-avoid", ".badges a", "input[type=search]"]) {
            const bg = await backgroundOf(page, selector);
            assert.ok(luminance(bg) < 0.1, `dark mode ${selector}: background ${bg} is dark too`);
          }
        }
      } finally {
        context.assertClean();
        await context.close();
      }
    });
  }
});

describe("print", () => {
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

  const rendered = (selector) =>
    page.locator(selector).evaluateAll((nodes) => nodes.map((n) => n.getClientRects().length > 0 && getComputedStyle(n).visibility !== "hidden"));

  it("the printable handout prints without header, navigation, footer or buttons", async () => {
    await page.goto(`${server.url}practices/greetings/print.html`);
    const articles = await page.locator("article.handout-item").count();
    assert.ok(articles >= 5, `the greetings handout has every practice (${articles})`);
    assert.deepEqual(await rendered(".site-header"), [true], "on screen the header shows");

    await page.emulateMedia({ media: "print" });
    try {
      for (const selector of [".site-header", ".main-nav", ".site-footer"]) {
        const display = await page.locator(selector).first().evaluate((n) => getComputedStyle(n).display);
        assert.equal(display, "none", `${selector} is display:none in print`);
      }
      for (const selector of [".skip-link", ".lang-switch", ".site-search", ".screen-only", "button"]) {
        assert.ok((await rendered(selector)).every((shown) => !shown), `${selector} is not printed`);
      }
      assert.deepEqual(await rendered("main h1"), [true], "the title prints");
      assert.ok((await rendered("article.handout-item")).every(Boolean), "every practice prints");
      const body = await page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, color: getComputedStyle(document.body).color }));
      assert.deepEqual(body, { bg: "rgb(255, 255, 255)", color: "rgb(0, 0, 0)" }, "black on white");
      const pdf = await page.pdf({ format: "A4" });
      assert.ok(pdf.length > 10000 && pdf.subarray(0, 5).toString() === "%PDF-", "Chromium prints it to PDF");
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it("a practice page and the bill of rights handout print their content without the site's chrome", async () => {
    for (const rel of ["practices/privacy/quiet-voice.html", "print/rights.html", "pl/practices/greetings/print.html"]) {
      await page.goto(server.url + rel);
      await page.emulateMedia({ media: "print" });
      try {
        for (const selector of [".site-header", ".site-footer"]) {
          const display = await page.locator(selector).first().evaluate((n) => getComputedStyle(n).display);
          assert.equal(display, "none", `${rel}: ${selector} is display:none in print`);
        }
        assert.deepEqual(await rendered("main h1"), [true], `${rel}: the title prints`);
      } finally {
        await page.emulateMedia({ media: "screen" });
      }
    }
  });
});

describe("print, training sheets", () => {
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

  const rendered = (selector) =>
    page.locator(selector).evaluateAll((nodes) => nodes.map((n) => n.getClientRects().length > 0 && getComputedStyle(n).visibility !== "hidden"));

  it("a phrase sheet prints in two columns on one A4 page, without the site's chrome", async () => {
    await page.goto(`${server.url}phrases/greetings.html`);
    const phrases = await page.locator("main li.phrase").count();
    assert.ok(phrases >= 10, `the greetings sheet has the category's phrases (${phrases})`);
    await page.emulateMedia({ media: "print" });
    try {
      for (const selector of [".site-header", ".site-footer"]) {
        assert.ok((await rendered(selector)).every((shown) => !shown), `${selector} is not printed`);
      }
      const columns = await page.locator(".phrase-columns").evaluate((n) => getComputedStyle(n).columnCount);
      assert.equal(columns, "2", "two columns in print");
      assert.ok((await rendered("main li.phrase")).every(Boolean), "every phrase prints");
      const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
      const pages = Number((pdf.toString("latin1").match(/\/Count (\d+)/) || [])[1]);
      assert.equal(pages, 1, "the greetings sheet fits on one A4 page");
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it("a role's checklist prints every entry with two boxes and the sign-off lines", async () => {
    await page.goto(`${server.url}roles/new-staff.html`);
    const rows = await page.locator("main table.checklist tbody tr[data-entry]").count();
    assert.ok(rows >= 5, `the new-staff path has its entries (${rows})`);
    await page.emulateMedia({ media: "print" });
    try {
      assert.ok((await rendered(".site-header, .breadcrumb, button")).every((shown) => !shown), "no chrome in print");
      assert.equal((await rendered("main .box")).filter(Boolean).length, 2 * rows, "two boxes per entry");
      assert.equal((await rendered(".sign-blank")).filter(Boolean).length, 4, "names and dates of trainee and trainer");
      const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
      // Nine entries and the sign-off: two pages, the table breaking between rows (a table kept
      // whole would leave the first page with the title alone, and the sign-off on a third).
      const pages = Number((pdf.toString("latin1").match(/\/Count (\d+)/) || [])[1]);
      assert.equal(pages, 2, "the new-staff checklist prints on two A4 pages");
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });
});

describe("narrow screens", () => {
  it("pages reflow at 320 px wide with no horizontal scrolling (WCAG 1.4.10)", async () => {
    const context = await newContext(browser, { viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    try {
      for (const rel of [...SAMPLES, "rights/index.html", "practices/greetings/print.html", "tags/index.html"]) {
        await page.goto(server.url + rel);
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(widths.scroll <= widths.client, `${rel}: content is ${widths.scroll}px wide in a ${widths.client}px window`);
      }
    } finally {
      context.assertClean();
      await context.close();
    }
  });
});
