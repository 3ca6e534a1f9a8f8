// Pagefind beside deskbook (issue 18): what Pagefind's browser library downloads for a cold
// first query and a second one over the same built output, measured the way
// `index-bytes.js` measures deskbook's lazy index.
//
//   npx pagefind --site SITE_DIR            # Pagefind's index of the built output, in SITE_DIR/pagefind
//   node tests/browser/tools/pagefind-bytes.js SITE_DIR [QUERY1 QUERY2]
//
// prints JSON {first: {requests, bytes, results}, second: {...}, library}. A query is
// `pagefind.search(q)` followed by `data()` of its first ten results (what a results list
// shows; Pagefind's own UI shows five, then "Load more"). Index data is every file under
// `pagefind/` a query fetched except the library (`pagefind.js`, its WebAssembly and the UI
// files), which `library` counts once. Pagefind's index files are stored gzipped, so their
// sizes on disk are what crosses the network; deskbook's tool counts raw file sizes.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { serve } = require("../support/server.js");
const { launch, newContext } = require("../support/browser.js");

const LIBRARY = /^\/pagefind\/(pagefind\.js|pagefind-ui\.[a-z]+|pagefind-[a-z-]*ui[^/]*|wasm\.[^/]*)$/;

function cost(root, urls) {
  const files = urls
    .map((u) => decodeURIComponent(new URL(u, "http://x").pathname))
    .filter((p) => p.startsWith("/pagefind/"));
  const size = (p) => fs.statSync(path.join(root, p)).size;
  const index = files.filter((p) => !LIBRARY.test(p));
  const library = files.filter((p) => LIBRARY.test(p));
  return {
    requests: index.length,
    bytes: index.reduce((n, p) => n + size(p), 0),
    library: library.reduce((n, p) => n + size(p), 0),
  };
}

async function measure(root, first = "patron", second = "privacy") {
  root = path.resolve(root);
  if (!fs.existsSync(path.join(root, "pagefind", "pagefind.js"))) {
    throw new Error(`no Pagefind index in ${root}/pagefind: run \`npx pagefind --site ${root}\` first`);
  }
  const server = await serve(root);
  const browser = await launch();
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}index.html`);
    server.requests.splice(0);
    const ask = (q) =>
      page.evaluate(async (q) => {
        window.__pagefind = window.__pagefind || (await import("/pagefind/pagefind.js"));
        const found = await window.__pagefind.search(q);
        const shown = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
        return shown.map((d) => d.url);
      }, q);
    const firstResults = await ask(first);
    const cold = cost(root, server.requests.splice(0));
    const secondResults = await ask(second);
    const warm = cost(root, server.requests.splice(0));
    await context.close();
    return {
      first: { requests: cold.requests, bytes: cold.bytes, results: firstResults },
      second: { requests: warm.requests, bytes: warm.bytes, results: secondResults },
      library: cold.library,
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
    console.error("usage: pagefind-bytes.js SITE_DIR [QUERY1 QUERY2]");
    process.exit(2);
  }
  measure(root, q1, q2).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(`pagefind-bytes: ${e.message}`);
      process.exit(1);
    }
  );
}
