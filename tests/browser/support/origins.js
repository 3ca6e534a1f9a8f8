// The two ways staff open the site: over http from 127.0.0.1, and straight from disk (file://).
"use strict";

const path = require("node:path");
const { fileURLToPath } = require("node:url");
const { fileUrl, siteDir } = require("./site.js");

/** { name, url(rel), rel(pageUrl) } for an http server started with support/server.js. */
function httpOrigin(server) {
  return {
    name: "http",
    url: (rel) => server.url + rel,
    rel: (href) => {
      const u = new URL(href);
      return decodeURIComponent(u.pathname.slice(1)) + u.search + u.hash;
    },
  };
}

function fileOrigin(dir = siteDir()) {
  return {
    name: "file",
    url: (rel) => fileUrl(rel, dir),
    rel: (href) => {
      const u = new URL(href);
      const file = fileURLToPath(href.split(/[?#]/)[0]);
      return path.relative(dir, file).split(path.sep).join("/") + u.search + u.hash;
    },
  };
}

/** Clicks `locator` and waits until the page shows another document. */
async function follow(page, locator) {
  const before = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== before, { waitUntil: "load" }), locator.click()]);
}

module.exports = { httpOrigin, fileOrigin, follow };
