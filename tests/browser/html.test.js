// HTML validity and links of the whole built starter site, without a browser: the Nu HTML
// Checker over every page and the theme's CSS, and a static check of every internal link,
// #anchor and <html lang> in all three languages.
"use strict";

const path = require("node:path");
const test = require("node:test");
const assert = require("node:assert/strict");
const { siteDir, pages, REPO } = require("./support/site.js");
const { javaMissing, vnuCheck, formatFindings } = require("./support/vnu.js");
const { checkSite } = require("./support/links.js");
const { partition, staleEntries, describeStale, markKnown } = require("./support/known.js");

const THEME_CSS = path.join(REPO, "themes", "default", "static", "style.css");

function skipWithoutJava(t) {
  const missing = javaMissing();
  if (!missing) return false;
  if (process.env.CI === "true") throw new Error(missing);
  t.skip(missing);
  return true;
}

test("the Nu HTML Checker finds no error in any page of the starter site, nor in the theme's CSS", (t) => {
  if (skipWithoutJava(t)) return;
  const site = siteDir();
  const all = pages(site);
  assert.ok(all.length > 200, `expected the whole starter site, found ${all.length} pages`);
  const findings = vnuCheck([...all.map((p) => path.join(site, p)), THEME_CSS], site);
  const seen = new Set();
  const { unexpected, known } = partition(findings, seen);
  assert.equal(unexpected.length, 0, `${unexpected.length} HTML/CSS errors in ${all.length} pages + style.css:\n${formatFindings(unexpected)}`);
  const stale = [...staleEntries("vnu", seen), ...staleEntries("vnu-css", seen)];
  assert.equal(stale.length, 0, describeStale(stale));
  t.diagnostic(`${all.length} pages and themes/default/static/style.css checked`);
  markKnown(t, known);
});

test("every internal link and #anchor resolves, every link is relative, every page has its <html lang>", (t) => {
  const site = siteDir();
  const findings = checkSite(site);
  const seen = new Set();
  const { unexpected, known } = partition(findings, seen);
  assert.equal(unexpected.length, 0, `${unexpected.length} link problems:\n${unexpected.map((f) => `  ${f.page}: ${f.message}`).join("\n")}`);
  const stale = staleEntries("links", seen);
  assert.equal(stale.length, 0, describeStale(stale));
  markKnown(t, known);
});
