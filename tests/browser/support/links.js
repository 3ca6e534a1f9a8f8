// A static check of every page of a built site: internal links and #anchors resolve, every link
// is relative and names a file (DESIGN.md §5: the output works from any sub-path and from
// file://), and every page's <html lang> is the language of its folder.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { pages: listPages } = require("./site.js");

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'" };

function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name) => ENTITIES[name]);
}

const LINK = /<(a|link|script|img|source|iframe|form|area)\b([^>]*)>/gi;
const ATTR = /\s(href|src|action)="([^"]*)"/gi;
const ID = /\sid="([^"]*)"/g;

/** Every id on a page (tag soup is enough: the generator's output is regular). */
function idsOf(html) {
  const ids = new Set();
  for (const m of html.matchAll(ID)) ids.add(decodeEntities(m[1]));
  return ids;
}

function linksOf(html) {
  const out = [];
  for (const tag of html.matchAll(LINK)) {
    const hreflang = (tag[2].match(/\shreflang="([^"]*)"/i) || [])[1];
    for (const attr of tag[2].matchAll(ATTR)) {
      out.push({ tag: tag[1].toLowerCase(), attr: attr[1].toLowerCase(), value: decodeEntities(attr[2]), hreflang });
    }
  }
  return out;
}

/** The language a page is in, from its place in the site: `pl/…` → pl; the root → `defaultLang`. */
function langOfPath(rel, languages, defaultLang) {
  const first = rel.split("/")[0];
  return languages.includes(first) && first !== defaultLang ? first : defaultLang;
}

/**
 * Checks the site in `dir`. Returns a list of findings
 * { checker: "links", page, message } (empty when all is well).
 */
function checkSite(dir, { languages = ["en", "pl", "zh"], defaultLang = "en" } = {}) {
  const pages = listPages(dir);
  const htmlOf = new Map();
  const idCache = new Map();
  const read = (rel) => {
    if (!htmlOf.has(rel)) htmlOf.set(rel, fs.readFileSync(path.join(dir, rel), "utf8"));
    return htmlOf.get(rel);
  };
  const ids = (rel) => {
    if (!idCache.has(rel)) idCache.set(rel, idsOf(read(rel)));
    return idCache.get(rel);
  };
  const findings = [];
  const report = (page, message) => findings.push({ checker: "links", page, message });

  for (const page of pages) {
    const html = read(page);
    const lang = (html.match(/<html\b[^>]*\slang="([^"]*)"/i) || [])[1];
    const expected = langOfPath(page, languages, defaultLang);
    if (lang !== expected) {
      report(page, lang === undefined ? `<html> has no lang attribute (expected lang="${expected}")` : `<html lang="${lang}"> but the page is in ${expected}`);
    }
    // A <base href="/pl/"> (404 pages, served at any depth) says where links resolve from.
    const base = (html.match(/<base\s+href="(\/[^"]*)"/i) || [])[1];
    const fromDir = base ? base.replace(/^\/+/, "").replace(/\/+$/, "") : path.posix.dirname(page);
    for (const link of linksOf(html)) {
      const { value } = link;
      if (link.attr === "href" && link.tag === "a" && value === "") {
        report(page, `<a href=""> links nowhere`);
        continue;
      }
      if (/^(mailto|tel|data|javascript):/i.test(value)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("//")) {
        // External links are fine in prose; resources must be local (no external requests).
        if (link.tag !== "a") report(page, `<${link.tag} ${link.attr}="${value}"> loads from another host`);
        continue;
      }
      if (value.startsWith("/")) {
        report(page, `<${link.tag} ${link.attr}="${value}"> is root-relative: it breaks under a sub-path and file://`);
        continue;
      }
      const hashAt = value.indexOf("#");
      const beforeHash = hashAt === -1 ? value : value.slice(0, hashAt);
      const fragment = hashAt === -1 ? null : decodeURIComponent(value.slice(hashAt + 1));
      const file = beforeHash.split("?")[0];
      let target = page;
      if (file !== "") {
        target = path.posix.normalize(path.posix.join(fromDir, decodeURIComponent(file)));
        if (target.startsWith("../")) {
          report(page, `<${link.tag} ${link.attr}="${value}"> points outside the site`);
          continue;
        }
        const abs = path.join(dir, target);
        if (!fs.existsSync(abs)) {
          report(page, `<${link.tag} ${link.attr}="${value}">: ${target} does not exist`);
          continue;
        }
        if (fs.statSync(abs).isDirectory()) {
          report(page, `<${link.tag} ${link.attr}="${value}"> names a folder, not a file (breaks under file://)`);
          continue;
        }
      } else if (link.tag === "form" && value === "") {
        continue; // the HTML checker reports empty actions
      }
      if (link.hreflang && target.endsWith(".html")) {
        const targetLang = (read(target).match(/<html\b[^>]*\slang="([^"]*)"/i) || [])[1];
        if (targetLang !== link.hreflang) {
          report(page, `<${link.tag} hreflang="${link.hreflang}" ${link.attr}="${value}"> lands on a page with <html lang="${targetLang}">`);
        }
      }
      if (fragment !== null && fragment !== "" && target.endsWith(".html") && !ids(target).has(fragment)) {
        report(page, `<${link.tag} ${link.attr}="${value}">: no id="${fragment}" in ${target}`);
      }
    }
  }
  return findings;
}

module.exports = { checkSite, linksOf, idsOf, langOfPath };
