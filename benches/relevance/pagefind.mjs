// Pagefind side of the relevance evaluation (see README.md beside this file).
//
// Pagefind ships no Node-side search, so this script indexes the entry pages with the
// `pagefind` package's Node API and then searches that index with the very `pagefind.js`
// a browser would load, in Node, with two small shims: `fetch` reads the bundle's files
// from disk, and `document` answers the page language Pagefind reads from `<html lang>`
// when an instance is created. Each language gets its own module instance (the wasm
// glue inside `pagefind.js` is a module-level singleton, one language's wasm each).
//
// Usage: node pagefind.mjs JOB.json RESULTS.json
//   JOB.json: {"pagefind_module": ".../node_modules/pagefind/lib/index.js", "site": DIR, "bundle": DIR, "entries": ["pl/practices/x/y.html", ...],
//              "root_selector": "main" | null, "exclude_selectors": ["nav", ...], "limit": 10,
//              "queries": [{"lang": "pl", "q": "kosztow"}, ...]}
//   RESULTS.json: {"version": "1.6.0", "results": [["pl/practices/x/y.html", ...], ...]}
import { readFile, writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [jobPath, outPath] = process.argv.slice(2);
const job = JSON.parse(await readFile(jobPath, "utf8"));
// The npm package lives in the harness's own prefix (target/relevance-npm), not beside this file.
const pagefind = await import(pathToFileURL(job.pagefind_module).href);

function fail(message) {
  console.error(`pagefind.mjs: ${message}`);
  process.exit(1);
}

// 1. Index only the entry pages, under their own URLs.
await rm(job.bundle, { recursive: true, force: true });
const config = {};
if (job.root_selector) config.rootSelector = job.root_selector;
if (job.exclude_selectors?.length) config.excludeSelectors = job.exclude_selectors;
const { errors: createErrors, index } = await pagefind.createIndex(config);
if (createErrors.length || !index) fail(`createIndex failed: ${createErrors.join("; ")}`);
for (const rel of job.entries) {
  const content = await readFile(path.join(job.site, rel), "utf8");
  const { errors } = await index.addHTMLFile({ url: "/" + rel, content });
  if (errors.length) fail(`indexing ${rel} failed: ${errors.join("; ")}`);
}
const { errors: writeErrors } = await index.writeFiles({ outputPath: job.bundle });
if (writeErrors.length) fail(`writing the index failed: ${writeErrors.join("; ")}`);
await pagefind.close();

// 2. Search it with the browser bundle.
globalThis.fetch = async (input) => {
  const rel = String(input).split("?")[0].replace(/^\/pagefind\//, "");
  try {
    return new Response(await readFile(path.join(job.bundle, rel)));
  } catch (e) {
    return new Response(null, { status: 404, statusText: `${rel}: ${e.code}` });
  }
};
const bundleUrl = pathToFileURL(path.join(job.bundle, "pagefind.js")).href;
const entry = JSON.parse(await readFile(path.join(job.bundle, "pagefind-entry.json"), "utf8"));
const instances = {};
async function instanceFor(lang) {
  if (!instances[lang]) {
    if (!entry.languages[lang]) fail(`the index has no language "${lang}" (has: ${Object.keys(entry.languages).join(", ")})`);
    const module = await import(`${bundleUrl}?lang=${lang}`);
    globalThis.document = { querySelector: () => ({ getAttribute: () => lang }) };
    const instance = module.createInstance({ basePath: "/pagefind/" });
    delete globalThis.document;
    await instance.init();
    instances[lang] = instance;
  }
  return instances[lang];
}

const results = [];
for (const { lang, q } of job.queries) {
  const instance = await instanceFor(lang);
  const found = await instance.search(q);
  const top = await Promise.all(found.results.slice(0, job.limit).map((r) => r.data()));
  results.push(top.map((d) => decodeURI(d.url).replace(/^\//, "").replace(/#.*$/, "")));
}
await writeFile(outPath, JSON.stringify({ version: entry.version, results }));
process.exit(0);
