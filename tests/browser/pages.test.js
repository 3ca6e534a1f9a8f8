// Staff and manager pages (issue 16): one search landmark, axe-core with all its rules (best
// practices included) on the pages this round changed, printouts that fit their paper, the
// review page on a phone, and Chinese pages without tag slugs or the English site title.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { siteDir, pages, read } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext } = require("./support/browser.js");

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const REPO = path.resolve(__dirname, "..", "..");

/** Pages this round changed, checked with every axe rule in light and dark mode. */
const AXE_PAGES = [
  "index.html",
  "practices/difficult-situations/an-angry-patron.html",
  "practices/greetings/index.html",
  "rights/index.html",
  "rights/courtesy.html",
  "print/rights.html",
  "practices/greetings/print.html",
  "review.html",
  "tags/index.html",
  "tags/front-desk.html",
  "search.html",
  "zh/index.html",
  "zh/practices/privacy/print.html",
  "zh/review.html",
  "pl/practices/difficult-situations/an-angry-patron.html",
];

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

/** Every axe-core rule, best practices included (no `runOnly`). */
async function allRuleViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }).then((r) =>
      r.violations.map((v) => `${v.id}: ${v.help}\n      ${v.nodes.map((n) => n.target.join(" ")).join("\n      ")}`)
    )
  );
}

/** A4's height less the theme's print margins (`@page { margin: 13mm 14mm 14mm }`). */
const PRINTABLE_HEIGHT = "270mm";
/** A last printed page filled to less than this is near-empty: the printout wastes a sheet. */
const MIN_FILL = 0.15;

function hasChineseFont() {
  try {
    return execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false;
  }
}

/** Pages in a PDF printed by Chromium. */
function pdfPageCount(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
}

describe("one search landmark per page", () => {
  it("the home page's big search box is the header's: exactly one search landmark", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const rel of ["index.html", "pl/index.html", "search.html", "practices/greetings/print.html", "review.html"]) {
      await page.goto(server.url + rel);
      const count = await page.locator("[role=search], search").count();
      assert.ok(count <= 1, `${rel}: ${count} search landmarks`);
      if (rel.endsWith("index.html")) assert.equal(count, 1, `${rel}: the home page has its search box`);
    }
    context.assertClean();
    await context.close();
  });
});

describe("the header on a tablet (768 × 1024)", () => {
  // Every link is in the row from 48em; until 64em without Home (the site title links home), so
  // that the row stays one line in English and in Polish, the longest labels.
  it("the main navigation is one row in every language", async () => {
    const context = await newContext(browser, { viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    const found = [];
    for (const rel of ["index.html", "pl/index.html", "zh/index.html", "pl/tags/index.html"]) {
      await page.goto(server.url + rel);
      const rows = await page.evaluate(() => {
        const shown = [...document.querySelectorAll(".main-nav a, .main-nav summary")].filter((n) => n.checkVisibility());
        return new Set(shown.map((n) => Math.round(n.getBoundingClientRect().top))).size;
      });
      if (rows !== 1) found.push(`${rel}: ${rows} rows of links`);
    }
    assert.deepEqual(found, []);
    context.assertClean();
    await context.close();
  });
});

describe("the header on a phone (390 × 844, touch)", () => {
  // The header once took 190–240 px, its menu wrapping to three rows; now the bill of rights and
  // a "More" disclosure share one row and the categories start within the first screen.
  const PHONES = ["index.html", "pl/index.html", "zh/index.html", "practices/greetings/greeting-at-the-desk.html", "pl/tags/index.html", "review.html"];

  it("the main navigation is one row and the header at most 170 px high, in every language", async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const found = [];
    for (const rel of PHONES) {
      await page.goto(server.url + rel);
      const m = await page.evaluate(() => {
        const shown = [...document.querySelectorAll(".main-nav a, .main-nav summary")].filter((n) => n.checkVisibility());
        const tops = new Set(shown.map((n) => Math.round(n.getBoundingClientRect().top)));
        return { rows: tops.size, header: document.querySelector(".site-header").getBoundingClientRect().height, nav: document.querySelector(".main-nav").getBoundingClientRect().height };
      });
      if (m.rows !== 1 || m.nav > 48 || m.header > 170) found.push(`${rel}: ${m.rows} rows of links, nav ${m.nav} px, header ${m.header} px`);
    }
    assert.deepEqual(found, []);
    await page.goto(server.url + "index.html");
    const cards = await page.locator("main .card").evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().bottom));
    assert.ok(cards.length >= 2 && cards[1] <= 844, `the first two categories are on the first screen (bottoms ${cards.slice(0, 2).join(", ")} px)`);
    context.assertClean();
    await context.close();
  });

  it("every link of the menu is reachable, without JavaScript, from the keyboard", async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + "pl/tags/index.html");
    const nav = page.getByRole("navigation", { name: "Główna nawigacja" });
    const names = ["Strona główna", "Kompetencje", "Role", "Tagi", "Przeglądy", "O bazie"];
    for (const name of names) assert.equal(await nav.getByRole("link", { name, exact: true }).isVisible(), false, `${name}: folded away`);
    const more = nav.locator("summary", { hasText: "Więcej" });
    await more.focus();
    await page.keyboard.press("Enter");
    for (const name of names) assert.ok(await nav.getByRole("link", { name, exact: true }).isVisible(), `${name}: shown once "Więcej" is opened`);
    assert.equal(await nav.locator("a[aria-current]").innerText(), "Tagi", "the current section is marked");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Strona główna", "Tab goes from the summary into the menu");
    await context.close();
  });

  it("from 48em every link is in the row, none behind a disclosure", async () => {
    const context = await newContext(browser, { viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + "tags/index.html");
    const nav = page.getByRole("navigation", { name: "Main" });
    assert.equal(await nav.locator("summary").isVisible(), false, "no disclosure");
    const shown = await nav.getByRole("link").evaluateAll((links) => links.filter((n) => n.checkVisibility()).map((n) => n.textContent));
    assert.deepEqual(shown, ["Home", "Patron bill of rights", "Competencies", "Roles", "Tags", "Reviews", "About"]);
    context.assertClean();
    await context.close();
  });
});

for (const colorScheme of ["light", "dark"]) {
  describe(`axe-core, every rule, ${colorScheme} mode`, () => {
    for (const rel of AXE_PAGES) {
      it(rel, async () => {
        const context = await newContext(browser, { colorScheme });
        const page = await context.newPage();
        await page.goto(server.url + rel);
        const violations = await allRuleViolations(page);
        assert.deepEqual(violations, [], `${colorScheme} ${rel}:\n  ${violations.join("\n  ")}`);
        await context.close();
      });
    }
  });
}

describe("printouts fit their paper (Chromium, A4)", () => {
  let context;
  let page;
  before(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });
  after(async () => context?.close());

  async function printedPages(rel) {
    await page.goto(server.url + rel);
    await page.emulateMedia({ media: "print" });
    return pdfPageCount(await page.pdf({ format: "A4" }));
  }

  it("the bill of rights poster is one page, in every language", async () => {
    for (const rel of ["print/rights.html", "pl/print/rights.html", "zh/print/rights.html"]) {
      assert.equal(await printedPages(rel), 1, rel);
    }
  });

  /**
   * Share of the last printed page that `rel` fills (0-1), to `step`: the tallest block that can
   * follow the content without a new page is the last page's empty rest (binary search). Only
   * called on pages that fail the quick check below, to say by how much.
   */
  async function lastPageFill(rel, pagesBefore) {
    let lo = 0;
    let hi = 1;
    while (hi - lo > 0.02) {
      const mid = (lo + hi) / 2;
      if ((await withSpacer(mid)) === pagesBefore) lo = mid;
      else hi = mid;
    }
    return 1 - lo;
  }

  /** Pages printed with a block `share` of a page's printable height after the content. */
  async function withSpacer(share) {
    await page.evaluate(([h, printable]) => {
      let spacer = document.getElementById("test-spacer");
      if (!spacer) {
        spacer = document.createElement("div");
        spacer.id = "test-spacer";
        spacer.style.cssText = "display: block; margin: 0; padding: 0; break-inside: avoid";
        document.body.append(spacer);
      }
      spacer.style.height = `calc(${printable} * ${h})`;
    }, [share, PRINTABLE_HEIGHT]);
    return pdfPageCount(await page.pdf({ format: "A4" }));
  }

  it("every starter practice prints on at most two pages, the last one not near-empty", async (t) => {
    const practices = pages().filter((rel) => /^(pl\/|zh\/)?practices\/[^/]+\/(?!index|print)[^/]+\.html$/.test(rel));
    assert.ok(practices.length >= 28, `${practices.length} practice pages`);
    // Without a Chinese font Chromium prints boxes of another size than the glyphs staff print:
    // Chinese pages' fill is measured only where one is installed (fonts-noto-cjk).
    const cjk = hasChineseFont();
    if (!cjk) t.diagnostic("no Chinese font (fc-list :lang=zh): Chinese printouts' last-page fill not measured");
    const over = [];
    for (const rel of practices) {
      const n = await printedPages(rel);
      if (n > 2) over.push(`${rel}: ${n} pages`);
      if (n < 2 || (!cjk && rel.startsWith("zh/"))) continue;
      // The last page is filled to less than MIN_FILL when a block of the rest of the page still fits.
      if ((await withSpacer(1 - MIN_FILL)) === n) over.push(`${rel}: last page ${Math.round(100 * (await lastPageFill(rel, n)))} % filled`);
    }
    assert.deepEqual(over, [], `at most two A4 pages, the last filled to at least ${100 * MIN_FILL} %`);
  });

  it("a printout ends with the page's address, the printed date and the last-reviewed date", async () => {
    await page.goto(server.url + "practices/greetings/greeting-at-the-desk.html");
    await page.emulateMedia({ media: "print" });
    const colophon = page.locator(".print-colophon");
    assert.ok(await colophon.isVisible(), "the colophon prints");
    const text = (await colophon.innerText()).replace(/\s+/g, " ");
    assert.match(text, /practices\/greetings\/greeting-at-the-desk\.html/);
    assert.match(text, /Printed \d{4}-\d{2}-\d{2}/);
    assert.match(text, /Last reviewed \d{4}-\d{2}-\d{2}/);
    await page.emulateMedia({ media: "screen" });
    assert.equal(await colophon.isVisible(), false, "not shown on screen");
  });

  it("the practice page's print button prints that practice", async () => {
    await page.goto(server.url + "practices/greetings/greeting-at-the-desk.html");
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => window.__printed++;
    });
    await page.getByRole("button", { name: "Print this practice" }).click();
    assert.equal(await page.evaluate(() => window.__printed), 1);
    assert.equal(await page.getByRole("link", { name: "Print the whole category" }).count(), 1);
  });
});

describe("languages", () => {
  it("no tag slug and no English site title in the visible text of Chinese pages", async () => {
    const yaml = fs.readFileSync(path.join(REPO, "deskbook.yaml"), "utf8");
    const english = /^title:.*\ben: ([^,}]+)/m.exec(yaml)[1].trim();
    const slugs = pages()
      .filter((rel) => rel.startsWith("tags/") && rel !== "tags/index.html")
      .map((rel) => rel.slice(5, -5))
      .filter((slug) => /[a-z]-[a-z]/.test(slug) || !/^(online|chat|email|wechat)$/.test(slug));
    const context = await newContext(browser);
    const page = await context.newPage();
    const found = [];
    const zh = ["zh/index.html", "zh/practices/greetings/greeting-at-the-desk.html", "zh/tags/index.html", "zh/tags/front-desk.html", "zh/search.html", "zh/review.html", "zh/rights/index.html"];
    for (const rel of zh) {
      await page.goto(server.url + rel);
      // Entries not yet translated are shown in their own language, marked: not site text.
      const text = await page.evaluate(() => {
        const clone = document.body.cloneNode(true);
        // Source file paths (the review page) are file names, not labels.
        clone.querySelectorAll("[lang]:not([lang=zh]), code.file-path").forEach((n) => n.remove());
        document.body.append(clone);
        clone.hidden = false;
        const t = clone.innerText;
        clone.remove();
        return t;
      });
      if (text.includes(english)) found.push(`${rel}: "${english}"`);
      for (const slug of slugs) if (new RegExp(`(^|[^a-z-])${slug}([^a-z-]|$)`).test(text)) found.push(`${rel}: tag \`${slug}\``);
    }
    assert.deepEqual(found, []);
    await context.close();
  });
});

describe("the review page", () => {
  it("filters every list by owner, the choice kept in the address; without JavaScript lists everything", async () => {
    const review = JSON.parse(read("review.json"));
    const rows = (page) =>
      page.evaluate(() => [...document.querySelectorAll("main tr[data-owner], main li[data-owner]")].filter((n) => n.checkVisibility()).map((n) => n.dataset.owner));
    const nojs = await newContext(browser, { javaScriptEnabled: false });
    const plain = await nojs.newPage();
    await plain.goto(server.url + "review.html#owner=Adult%20Services");
    assert.equal(await plain.getByLabel("Show the entries of").isVisible(), false, "no filter without JavaScript");
    const all = await rows(plain);
    assert.ok(new Set(all).size >= 3, `every owner's rows are listed (${[...new Set(all)].join(", ")})`);
    await nojs.close();

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(server.url + "review.html");
    const filter = page.getByLabel("Show the entries of");
    assert.deepEqual(await rows(page), all, "every row until an owner is chosen");
    const owner = review.due.map((e) => e.owner).find(Boolean);
    await filter.selectOption(owner);
    const mine = await rows(page);
    assert.ok(mine.length > 0 && mine.every((o) => o === owner), `only ${owner}'s rows: ${mine.join(", ")}`);
    assert.equal(mine.length, all.filter((o) => o === owner).length, `every row of ${owner}`);
    assert.equal(new URL(page.url()).hash, "#owner=" + encodeURIComponent(owner), "the choice is in the address");
    const groups = await page.locator("details.owner-group").evaluateAll((ds) => ds.filter((d) => d.checkVisibility()).map((d) => [d.dataset.owner, d.open]));
    assert.deepEqual(groups, [[owner, true]], "only that owner's group, opened");
    assert.match(await page.locator(".owner-filter-status").textContent(), new RegExp(`${owner}: ${mine.length} rows shown`));

    await page.goto("about:blank");
    await page.goto(server.url + "review.html#owner=" + encodeURIComponent(owner));
    assert.equal(await filter.inputValue(), owner, "a bookmarked address opens filtered");
    assert.deepEqual(await rows(page), mine);
    await filter.selectOption("");
    assert.deepEqual(await rows(page), all, "every owner again");
    assert.equal(new URL(page.url()).hash, "", "and the address forgets the owner");
    context.assertClean();
    await context.close();
  });

  it("names every untranslated entry and stays readable on a 390 px phone", async () => {
    const review = JSON.parse(read("review.json"));
    const html = read("review.html");
    for (const [lang, list] of Object.entries(review.untranslated)) {
      for (const e of list) assert.ok(html.includes(`>${e.title.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&quot;")}</a>`), `${lang}: ${e.title}`);
    }
    const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(server.url + "review.html");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, "no sideways scrolling");
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll("main td, main tbody th")]
        .filter((n) => n.getClientRects().length && n.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((n) => n.textContent.slice(0, 40))
    );
    assert.deepEqual(cut, [], "no table cell is cut off");
    await context.close();
  });
});
