// Accessibility: axe-core's WCAG 2.2 A and AA rules on every kind of page, in light and dark
// mode. Zero violations is the gate (see known-failures.js for reported, unfixed defects).
// The training pages (competencies, roles, phrase sheets, questions) are in a11y-training.test.js,
// so that each file stays within the runner's per-file time limit on a loaded machine.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { siteDir, hasSearch, NO_SEARCH_REASON } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext } = require("./support/browser.js");
const { findings, assertNoViolations, assertPageClean } = require("./support/axe.js");
const { staleEntries, describeStale } = require("./support/known.js");

const SEARCH = hasSearch();

/** [kind of page, path from the site root]. */
const PAGES = [
  ["home", "index.html"],
  ["category", "practices/greetings/index.html"],
  ["practice", "practices/greetings/greeting-at-the-desk.html"],
  ["practice with a table", "practices/online/chat-reference.html"],
  ["right", "rights/courtesy.html"],
  ["bill of rights", "rights/index.html"],
  ["tag", "tags/front-desk.html"],
  ["tags", "tags/index.html"],
  ["search with results", "search.html?q=patron"],
  ["review", "review.html"],
  ["404", "404.html"],
  ["print handout", "practices/greetings/print.html"],
  ["bill of rights handout", "print/rights.html"],
  ["free page", "pages/about.html"],
  ["pl home", "pl/index.html"],
  ["pl practice (out of date)", "pl/practices/difficult-situations/saying-no-with-an-alternative.html"],
  ["zh practice (out of date)", "zh/practices/online/chat-reference.html"],
  ["zh category", "zh/practices/privacy/index.html"],
];

const NESTED_404 = "practices/greetings/no-such-entry.html";
const POPUP_PAGE = "practices/privacy/quiet-voice.html";

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



for (const colorScheme of ["light", "dark"]) {
  describe(`axe, WCAG 2.2 A + AA, ${colorScheme} mode`, () => {
    let context;
    let page;

    before(async () => {
      context = await newContext(browser, { colorScheme });
      page = await context.newPage();
    });

    after(async () => {
      context?.assertClean();
      await context?.close();
    });

    for (const [kind, rel] of PAGES) {
      it(`${kind}: ${rel}`, async (t) => {
        await assertPageClean(t, page, server.url, rel, `${colorScheme} ${rel}`, seen);
      });
    }

    it("a missing page (the 404 page served for a nested path)", async (t) => {
      const response = await page.goto(server.url + NESTED_404);
      assert.equal(response.status(), 404);
      context.allowProblem(/no-such-entry\.html: Failed to load resource/);
      // What a visitor gets for a dead link below the root: the root 404 page (as served by
      // `deskbook serve` and ordinary web servers).
      const rel = NESTED_404;
      assertNoViolations(t, `${colorScheme} 404 (nested)`, await findings(page, rel), seen);
    });

    it("the search popup, open with results", SEARCH ? {} : { skip: NO_SEARCH_REASON }, async (t) => {
      await page.goto(server.url + POPUP_PAGE);
      const box = page.locator("#site-search-q");
      await box.click();
      await box.pressSequentially("patron", { delay: 30 });
      await page.locator("#site-search-results [data-search-result]").first().waitFor({ timeout: 15000 });
      await box.press("ArrowDown");
      assertNoViolations(t, `${colorScheme} search popup`, await findings(page, POPUP_PAGE), seen);
    });
  });
}

describe("known failures", () => {
  it("every axe entry of KNOWN_FAILURES still happens (delete it once fixed)", () => {
    const visited = [...PAGES.map(([, rel]) => rel.split("?")[0]), NESTED_404, ...(SEARCH ? [POPUP_PAGE] : [])];
    const stale = [...staleEntries("axe", seen, visited), ...staleEntries("labels", seen, visited)];
    assert.equal(stale.length, 0, describeStale(stale));
  });
});
