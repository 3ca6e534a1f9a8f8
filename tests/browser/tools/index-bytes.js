// What the browser downloads of the search index for a cold first query and a second one
// (issue 18): `node tests/browser/tools/index-bytes.js SITE_DIR [QUERY1 QUERY2]` prints JSON
// {first: {requests, bytes, rounds, texts: {requests, bytes}, ms}, second: {...}, hot, whole};
// `rounds` counts the worker's rounds of parallel chunk requests (round trips, where requests
// are files). The site is served by the tests' plain static server (no compression: bytes are
// file sizes), the browser has a fresh profile. Index data is the hot file, the chunk files and
// the whole bundle if it were fetched; the engine module and its glue are not counted, and the
// text files of snippets are counted apart (`texts`). `ms`: from the page's start (first query)
// or from typing (second) to its results on screen; with DELAY=ms in the environment every
// response is held back that long, as a network's round trip would (HTTP/1.1: the browser
// opens at most 6 connections to the server, so 21 requests at once take 4 round trips).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { serve } = require("../support/server.js");
const { launch, newContext } = require("../support/browser.js");

const INDEX = /^\/assets\/(search-hot\.[^/]*\.bin|search-index\.[^/]*\.(bin|js)|search-index\/[0-9a-f]{16}-[0-9]+\.bin)$/;
const TEXT = /^\/assets\/search-text\/[0-9a-f]{16}\.js$/;

/** Sums the files among `urls` (request paths) that `which` matches: {requests, bytes, files}. */
function indexCost(root, urls, which = INDEX) {
  const files = urls.map((u) => new URL(u, "http://x").pathname).filter((p) => which.test(p));
  const bytes = files.reduce((n, p) => n + fs.statSync(path.join(root, decodeURIComponent(p))).size, 0);
  return { requests: files.length, bytes, files };
}

/** The requests and bytes of text files among `urls`. */
function textCost(root, urls) {
  const { requests, bytes } = indexCost(root, urls, TEXT);
  return { requests, bytes };
}

/** The results on the search page: [id, link without ?highlight]. */
function shown(page) {
  return page.locator("#search-results [data-search-result]").evaluateAll((items) =>
    items.map((li) => [li.getAttribute("data-search-result"), (li.querySelector("a[href]").getAttribute("href") || "").split("?")[0]])
  );
}

/**
 * Waits for the search page to show results (or say there are none) for `query`: its first
 * screenful (the rest load only when the list's end comes near the screen).
 */
async function settled(page, query) {
  const handle = await page.waitForFunction(
    (q) => (window.__done || []).find((d) => d.query === q),
    query,
    { timeout: 120000 }
  );
  const done = await handle.jsonValue();
  // Snippets made final once on screen come a moment after the list: let them be asked for.
  await page.waitForTimeout(300 + 4 * DELAY);
  return done;
}

const DELAY = Number(process.env.DELAY || 0);

/** The search worker's count of chunk fetching rounds so far (see chunkFetcher in deskbook.js). */
async function rounds(page) {
  for (const worker of page.workers()) {
    const log = await worker.evaluate(() => self.__deskbookChunkLog || null).catch(() => null);
    if (log) return log.rounds;
  }
  return 0;
}

async function measure(root, first = "patron", second = "privacy") {
  root = path.resolve(root);
  const server = await serve(root, { delay: DELAY });
  const browser = await launch();
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__done = [];
      document.addEventListener("deskbook:results", (e) => window.__done.push(e.detail));
    });
    await page.goto(`${server.url}search.html?q=${encodeURIComponent(first)}`);
    const firstDone = await settled(page, first);
    const coldUrls = server.requests.splice(0);
    const cold = indexCost(root, coldUrls);
    const coldRounds = await rounds(page);
    const results = { [first]: await shown(page) };
    const box = page.locator("#search-page-q");
    await box.fill(second);
    const secondDone = await settled(page, second);
    const warmUrls = server.requests.splice(0);
    const warm = indexCost(root, warmUrls);
    const warmRounds = (await rounds(page)) - coldRounds;
    results[second] = await shown(page);
    await context.close();
    return {
      first: { requests: cold.requests, bytes: cold.bytes, rounds: coldRounds, texts: textCost(root, coldUrls), ms: Math.round(firstDone.renderedAt) },
      second: { requests: warm.requests, bytes: warm.bytes, rounds: warmRounds, texts: textCost(root, warmUrls), ms: Math.round(secondDone.renderedAt - secondDone.inputAt) },
      hot: cold.files.filter((f) => /search-hot/.test(f)).map((f) => fs.statSync(path.join(root, f)).size)[0] || 0,
      results,
      whole: cold.files.some((f) => /search-index\.[^/]*\.(bin|js)$/.test(f)),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

module.exports = { measure };

if (require.main === module) {
  const [root, q1, q2] = process.argv.slice(2);
  if (!root) {
    console.error("usage: index-bytes.js SITE_DIR [QUERY1 QUERY2]");
    process.exit(2);
  }
  measure(root, q1, q2).then(
    ({ results, ...figures }) => console.log(JSON.stringify(figures)),
    (e) => {
      console.error(e);
      process.exit(1);
    }
  );
}
