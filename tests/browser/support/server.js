// A tiny static file server for the built site, on 127.0.0.1 and an ephemeral port.
//
// It behaves like a plain intranet web server: a folder answers with its index.html, an unknown
// path answers 404 with the site's 404.html, and nothing but files under the root is served.
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const zlib = require("node:zlib");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Starts serving `root`; resolves to { url, requests, close() }. `url` ends with a slash.
 * `{ gzip: true }` compresses responses for clients that accept it, as most web servers do.
 * `{ delay: ms }` holds each response back that long: a network's round trip, for measuring
 * what a cold query's rounds of requests cost (tests/browser/tools/index-bytes.js).
 */
function serve(root, { gzip = false, delay = 0 } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (delay > 0) setTimeout(() => answer(req, res), delay);
    else answer(req, res);
  });
  function answer(req, res) {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    let status = 200;
    if (!fs.existsSync(file)) {
      status = 404;
      file = path.join(root, "404.html");
    }
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    const compress = gzip && /\bgzip\b/.test(req.headers["accept-encoding"] || "") && !/image\/png|x-icon/.test(type);
    res.writeHead(status, { "content-type": type, "cache-control": "no-cache", ...(compress ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}) });
    if (req.method === "HEAD") res.end();
    else if (compress) fs.createReadStream(file).pipe(zlib.createGzip()).pipe(res);
    else fs.createReadStream(file).pipe(res);
  }
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/`,
        requests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

module.exports = { serve };
