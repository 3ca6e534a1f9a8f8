// The feedback form of an entry page (issue 17, item 5): with `feedback: {endpoint: URL}` it
// posts JSON to that endpoint (here a loopback server standing in for a form service on another
// origin), sends no cookies, thanks the reader; when the endpoint fails, the email to the owner
// comes back as the fallback, with what the reader wrote. axe-core finds nothing on the block,
// light and dark. The starter site is built for this file with the endpoint configured.
//
// With `empty_searches: true` a search that found nothing is posted as `{search, lang}`, once.
//
// DESKBOOK_SCREENSHOTS=DIR also saves the block at 390 px and 1366 px, light and dark.
"use strict";

const { describe, it, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { REPO, TODAY } = require("./support/site.js");
const { serve } = require("./support/server.js");
const { launch, newContext } = require("./support/browser.js");
const { axeViolations, labelFindings, formatViolations } = require("./support/axe.js");
const { javaMissing, vnuCheck, formatFindings } = require("./support/vnu.js");

const PAGE = "pl/practices/greetings/greeting-at-the-desk.html";

/** A loopback "form service": answers CORS, records what it gets, fails when asked to. */
function endpoint() {
  const received = [];
  const state = { fail: false, received };
  const server = http.createServer((req, res) => {
    const cors = {
      "access-control-allow-origin": req.headers.origin || "*",
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type",
    };
    if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ body, headers: req.headers, url: req.url });
      if (state.fail) return res.writeHead(503, cors).end("down");
      res.writeHead(201, { ...cors, "content-type": "application/json" }).end('{"saved":true}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      state.url = `http://127.0.0.1:${server.address().port}/collect`;
      state.close = () => new Promise((done) => (server.closeAllConnections(), server.close(() => done())));
      resolve(state);
    })
  );
}

/** The starter site built with its feedback form posting to `url`. */
function buildWithEndpoint(url) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deskbook-feedback-site-"));
  fs.cpSync(path.join(REPO, "content"), path.join(dir, "content"), { recursive: true });
  const config = fs.readFileSync(path.join(REPO, "deskbook.yaml"), "utf8");
  fs.writeFileSync(path.join(dir, "deskbook.yaml"), `${config}feedback: {endpoint: "${url}", empty_searches: true}\n`);
  const bin = process.env.DESKBOOK_BIN || path.join(REPO, "target", "debug", "deskbook");
  execFileSync(bin, ["build", "--quiet", "--root", dir, "--out", path.join(dir, "public")], {
    env: { ...process.env, DESKBOOK_TODAY: TODAY, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return path.join(dir, "public");
}

let browser;
let server;
let collector;
let siteRoot;

before(async () => {
  collector = await endpoint();
  siteRoot = buildWithEndpoint(collector.url);
  server = await serve(siteRoot);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await collector?.close();
});

async function openEntry(options = {}) {
  const context = await newContext(browser, options);
  await context.addCookies([{ name: "session", value: "secret", url: server.url }]);
  const page = await context.newPage();
  await page.goto(server.url + PAGE);
  await page.locator("[data-feedback-form]").waitFor({ state: "visible" });
  return { context, page };
}

describe("the feedback form", () => {
  it("posts the entry, language, answer, reason, comment and page, without cookies", async () => {
    collector.fail = false;
    collector.received.length = 0;
    const { context, page } = await openEntry();
    const block = page.locator("[data-feedback]");
    assert.equal(await block.locator("[data-feedback-mail]").isHidden(), true, "the email buttons give way to the form");
    await block.getByLabel("Nie", { exact: true }).check();
    await block.getByLabel("Co jest nie tak? (opcjonalnie)").selectOption("unclear");
    await block.getByLabel("Komentarz lub propozycja zmiany (opcjonalnie)").fill("Za długie — 请缩短");
    await block.getByRole("button", { name: "Wyślij opinię" }).click();
    await block.getByRole("status").getByText("Dziękujemy. Opinia trafiła do właściciela wpisu.").waitFor();
    assert.equal(collector.received.length, 1);
    const [got] = collector.received;
    assert.equal(got.url, "/collect");
    assert.match(got.headers["content-type"], /^application\/json/);
    assert.equal(got.headers.cookie, undefined, "no cookies");
    assert.deepEqual(JSON.parse(got.body), {
      entry: "greetings/greeting-at-the-desk",
      lang: "pl",
      helpful: false,
      reason: "unclear",
      comment: "Za długie — 请缩短",
      page: "pl/practices/greetings/greeting-at-the-desk.html",
    });
    assert.equal(await page.locator("[data-feedback-form]").isHidden(), true);
    context.assertClean();
    await context.close();
  });

  it("asks for something before posting nothing", async () => {
    collector.received.length = 0;
    const { context, page } = await openEntry();
    await page.getByRole("button", { name: "Wyślij opinię" }).click();
    await page.getByRole("status").getByText("Najpierw wybierz Tak lub Nie").waitFor();
    assert.equal(collector.received.length, 0);
    context.assertClean();
    await context.close();
  });

  it("offers the email to the owner, with the comment, when the endpoint fails", async () => {
    collector.fail = true;
    collector.received.length = 0;
    const { context, page } = await openEntry();
    const block = page.locator("[data-feedback]");
    await block.getByLabel("Tak", { exact: true }).check();
    await block.getByLabel("Komentarz lub propozycja zmiany (opcjonalnie)").fill("Dobre, ale brakuje telefonu");
    await block.getByRole("button", { name: "Wyślij opinię" }).click();
    const fallback = block.getByRole("status").locator("a[data-feedback-fallback]");
    await fallback.waitFor();
    assert.match(await block.getByRole("status").textContent(), /^Nie udało się wysłać opinii\. Wyślij ją e-mailem do właściciela$/);
    const href = await fallback.getAttribute("href");
    assert.ok(href.startsWith("mailto:adult-services@library.example?subject="), href);
    const body = decodeURIComponent(href.split("&body=")[1]);
    const subject = decodeURIComponent(href.split("?subject=")[1].split("&")[0]);
    assert.equal(subject, "Problem: Powitanie czytelnika przy ladzie [greetings/greeting-at-the-desk, pl]");
    assert.match(body, /Wpis: greetings\/greeting-at-the-desk\r\nJęzyk: pl\r\n/);
    assert.match(body, /Dobre, ale brakuje telefonu/);
    assert.equal(await block.locator("[data-feedback-mail]").isVisible(), true, "the email buttons are back");
    assert.equal(collector.received.length, 1, "it did try the endpoint");
    context.allowProblem(/status of 503/);
    context.assertClean();
    await context.close();
    collector.fail = false;
  });
});

it("posts a search that found nothing once the reader stops typing, and only once", async () => {
  collector.fail = false;
  collector.received.length = 0;
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.url + "pl/index.html");
  const box = page.locator("#site-search-q");
  await box.click();
  await box.pressSequentially("karta", { delay: 20 });
  await page.locator("#site-search-results [data-search-result]").first().waitFor({ timeout: 15000 });
  await box.fill("");
  await box.pressSequentially("qqzzyx wifi", { delay: 20 });
  const deadline = Date.now() + 15000;
  while (!collector.received.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 2000));
  await box.press("End");
  assert.deepEqual(
    collector.received.map((r) => JSON.parse(r.body)),
    [{ search: "qqzzyx wifi", lang: "pl" }],
    "only the final query that found nothing, not its prefixes nor a query with results"
  );
  assert.equal(collector.received[0].headers.cookie, undefined);
  context.assertClean();
  await context.close();
});

for (const colorScheme of ["light", "dark"]) {
  it(`axe finds nothing on an entry page with the feedback form, ${colorScheme}`, async () => {
    const { context, page } = await openEntry({ colorScheme });
    await page.getByLabel("Nie", { exact: true }).check();
    const violations = await axeViolations(page);
    const labels = await labelFindings(page, PAGE);
    assert.equal(violations.length + labels.length, 0, formatViolations(`${colorScheme} ${PAGE}`, violations) + JSON.stringify(labels));
    const dir = process.env.DESKBOOK_SCREENSHOTS;
    if (dir) {
      for (const width of [390, 1366]) {
        await page.setViewportSize({ width, height: 900 });
        await page.locator("[data-feedback]").screenshot({ path: path.join(dir, `feedback-${colorScheme}-${width}.png`) });
      }
    }
    context.assertClean();
    await context.close();
  });
}

it("the Nu HTML Checker finds no error in entry pages with the form", (t) => {
  const missing = javaMissing();
  if (missing) {
    if (process.env.CI === "true") throw new Error(missing);
    return t.skip(missing);
  }
  const checked = [PAGE, "practices/online/phone-calls.html", "zh/practices/greetings/greeting-at-the-desk.html", "rights/courtesy.html"];
  const findings = vnuCheck(checked.map((rel) => path.join(siteRoot, rel)), siteRoot);
  assert.equal(findings.length, 0, formatFindings(findings));
});
