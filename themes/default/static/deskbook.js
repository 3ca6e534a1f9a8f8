/* deskbook.js: the default theme's client-side behaviour.
 *
 * Plain ES2017, no framework, no build step, loaded with `defer` on every page. Everything here is
 * an enhancement: with JavaScript off, links work and the search forms submit to search.html.
 *
 *  1. Print buttons ([data-print]), the printed date of a printout's colophon, and the "/"
 *     shortcut to the header search box.
 *  2. Search as you type: a popup under the header (and home page) search boxes, and the full
 *     search page (search.html?q=…&lang=&category=&right=&tag=).
 *  3. The search engine (the search crate compiled to WebAssembly), loaded lazily: on the first
 *     focus of a search box, or on the search page when it opens with a query. Over http(s) it
 *     runs in a worker (this same file, see 0.). Everything engine-specific lives in openEngine().
 *  4. Highlighting of the searched words on the page a result leads to (?highlight=word+word).
 *  5. The table of contents marks the section being read.
 *
 * Every keystroke is searched at once (no debounce; a query still running is followed by one
 * more with the latest text). After results are shown, a `deskbook:results` event on the
 * document carries timings, for tests/browser/tools/search-latency.js (see reportResults).
 */
(function () {
  "use strict";

  /* ------------------------------------------------------------------ 0. the engine adapter */

  // This file is also the search engine's worker script: started as a worker (no document), it
  // only opens the engine and answers queries (engineWorker) and touches no page.

  /**
   * The adapter: every detail of the wasm-bindgen module is here. `glue` is the absolute URL of
   * wasm-bindgen's glue script, `bytes` a promise of [module bytes, index bundle bytes] (loaded by
   * the page, see getEngine), `runScript(url)` runs a classic script (a <script> element, or
   * importScripts in a worker), `readText(key)` a promise of the body in a text file, or null.
   * Resolves to an object with search(query, first) → Promise of [{id, lang, kind, title, url,
   * score, snippet, category}] and finish(hits) → Promise of the same hits.
   *
   * The index holds no body text: the engine's hits carry a provisional snippet (from the
   * summary) and name the text file of their body (`text`); the bodies of the hits are read and
   * handed back to the engine, which cuts the final snippets (`finish`), as `deskbook search`
   * does with the same files. search() finishes the first `first` hits (all when omitted); the
   * others stay provisional (they keep `text`) until finish(hits) is asked for them, so that a
   * long list reads only the text files of the results that come into view.
   */
  async function openEngine(glue, bytes, runScript, readText) {
    await runScript(glue);
    // wasm-bindgen's glue declares `let wasm_bindgen`: a global binding, not a window property.
    /* global wasm_bindgen */
    var bindgen = typeof wasm_bindgen !== "undefined" ? wasm_bindgen : self.wasm_bindgen;
    if (!bindgen) throw new Error("the search glue did not define wasm_bindgen");
    var loaded = await bytes;
    // Compile asynchronously: browsers refuse to compile large modules synchronously on the
    // main thread. initSync accepts the compiled module as well as bytes. The lazy path hands
    // over a module the page compiled while it streamed in (see compileModule).
    var module = loaded[0] instanceof WebAssembly.Module ? loaded[0] : await WebAssembly.compile(loaded[0]);
    try {
      bindgen.initSync({ module: module });
    } catch (error) {
      // Chromium also limits synchronous instantiation; the async initialiser has no limit.
      if (!(error instanceof RangeError) || typeof bindgen !== "function") throw error;
      await bindgen({ module_or_path: module });
    }
    // loaded[2], the folder of the chunk files: the index is read lazily (see lazyChunks).
    var engine = loaded[2] ? (lazyChunks(loaded[2]), bindgen.openLazy(loaded[1])) : bindgen.open(loaded[1]);
    async function finish(hits) {
      if (!hits.some(function (hit) { return hit.text; })) return hits;
      var bodies = await Promise.all(
        hits.map(function (hit) {
          return hit.text ? readText(hit.text) : null;
        })
      );
      return JSON.parse(bindgen.finish(JSON.stringify(hits), JSON.stringify(bodies)));
    }
    return {
      search: async function (query, first) {
        var hits = JSON.parse(engine.search(JSON.stringify(query)));
        var n = first == null ? hits.length : Math.min(first, hits.length);
        var head = await finish(hits.slice(0, n));
        return head.concat(hits.slice(n));
      },
      finish: finish,
      suggest: async function (query) {
        return JSON.parse(engine.suggest(JSON.stringify(query)));
      },
    };
  }

  /**
   * `readText(key)` for openEngine: the bodies of the text files under `base` (an absolute URL
   * ending in "/"), each read once. Over http(s) by fetch; from file://, where fetch fails, by
   * running the file as a script (it calls deskbookText(key, body)). A file that cannot be read
   * gives null: the hit keeps its provisional snippet.
   */
  function textReader(base, runScript) {
    var cache = {};
    var bodies = {};
    var canFetch = typeof fetch === "function" && /^https?:$/.test(self.location.protocol);
    if (!canFetch) {
      self.deskbookText = function (key, body) {
        bodies[key] = body;
      };
    }
    return function (key) {
      if (!/^[0-9a-f]{16}$/.test(key) || !base) return Promise.resolve(null);
      if (!cache[key]) {
        var url = base + key + ".js";
        var read = canFetch
          ? fetch(url).then(function (response) {
              if (!response.ok) return null;
              return response.text().then(function (file) {
                // deskbookText("KEY",BODY); with BODY a JSON string.
                var match = /^deskbookText\("([0-9a-f]{16})",([\s\S]*)\);\s*$/.exec(file);
                return match && match[1] === key ? JSON.parse(match[2]) : null;
              });
            })
          : runScript(url).then(function () {
              var body = bodies[key];
              delete bodies[key];
              return typeof body === "string" ? body : null;
            });
        cache[key] = read.catch(function () {
          delete cache[key]; // try again next time
          return null;
        });
      }
      return cache[key];
    };
  }

  /**
   * The lazy index's chunk reader, for the engine in a worker: `self.__deskbookChunks("k1,k2")`
   * returns the bytes of `base`k1.bin, `base`k2.bin… concatenated. The engine's reads are
   * synchronous, and a worker may make synchronous requests. Every chunk is content-hashed, so
   * the browser's cache keeps it as long as it likes; the engine asks for each chunk once.
   * `self.__deskbookChunkLog` counts requests and bytes (read by the browser tests).
   */
  function lazyChunks(base) {
    var log = (self.__deskbookChunkLog = { requests: 0, bytes: 0 });
    self.__deskbookChunks = function (keys) {
      var parts = keys.split(",").map(function (key) {
        if (!/^[0-9a-f]{16}$/.test(key)) throw new Error("bad search index chunk " + key);
        var request = new XMLHttpRequest();
        request.open("GET", base + key + ".bin", false);
        request.responseType = "arraybuffer";
        request.send();
        if (request.status !== 200) throw new Error("cannot read search index chunk " + key);
        log.requests += 1;
        log.bytes += request.response.byteLength;
        return new Uint8Array(request.response);
      });
      var out = new Uint8Array(parts.reduce(function (n, part) { return n + part.length; }, 0));
      parts.reduce(function (at, part) {
        out.set(part, at);
        return at + part.length;
      }, 0);
      return out;
    };
  }

  function messageOf(error) {
    return String((error && error.message) || error);
  }

  /**
   * The worker's side. The page sends {type: "open", glue, texts} as soon as it knows the URLs,
   * then {type: "bytes", wasm, index} once it has downloaded them; the worker answers
   * {type: "ready"} or {type: "error", message}. {type: "search", id, query, first} and
   * {type: "finish", id, hits} are answered with {type: "results", id, hits} or
   * {type: "failed", id, message}.
   */
  function engineWorker() {
    var opened = null;
    var gotBytes;
    var bytes = new Promise(function (resolve) {
      gotBytes = resolve;
    });
    var runScript = function (url) {
      importScripts(url);
      return Promise.resolve();
    };
    self.onmessage = function (event) {
      var message = event.data || {};
      if (message.type === "open" && !opened) {
        opened = Promise.resolve().then(function () {
          return openEngine(message.glue, bytes, runScript, textReader(message.texts, runScript));
        });
        opened.then(
          function () {
            self.postMessage({ type: "ready" });
          },
          function (error) {
            self.postMessage({ type: "error", message: messageOf(error) });
          }
        );
      } else if (message.type === "bytes") {
        gotBytes([message.wasm, message.index, message.chunks]);
      } else if ((message.type === "search" || message.type === "finish" || message.type === "suggest") && opened) {
        opened
          .then(function (engine) {
            if (message.type === "suggest") return engine.suggest(message.query);
            return message.type === "search" ? engine.search(message.query, message.first) : engine.finish(message.hits);
          })
          .then(function (hits) {
            self.postMessage({ type: "results", id: message.id, hits: hits });
          })
          .catch(function (error) {
            self.postMessage({ type: "failed", id: message.id, message: messageOf(error) });
          });
      }
    };
  }

  if (typeof document === "undefined") {
    if (typeof importScripts === "function") engineWorker();
    return;
  }

  /** This script's own URL: the engine's worker runs it again. */
  var ownScript = document.currentScript ? document.currentScript.src : "";

  var body = document.body;
  var data = body.dataset;

  /* ------------------------------------------------------------------ small helpers */

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function $all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /** A UI string from the body's data-msg-* attributes, with {n} filled in. */
  function msg(name, n) {
    var key = "msg" + name.charAt(0).toUpperCase() + name.slice(1);
    var text = data[key] || "";
    return n == null ? text : text.replace("{n}", String(n));
  }

  function countMessage(n, more) {
    var template = n === 1 && data.msgCountOne ? data.msgCountOne : data.msgCount || "{n}";
    return template.replace("{n}", more ? n + "+" : String(n));
  }

  /** Language code → its name in that language, from the language switcher. */
  var languageNames = {};
  $all(".lang-switch [data-lang-code]").forEach(function (li) {
    languageNames[li.getAttribute("data-lang-code")] = li.getAttribute("data-lang-name");
  });

  function debounce(fn, ms) {
    var timer = 0;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () {
        fn.apply(null, args);
      }, ms);
    };
  }

  function isTypingTarget(node) {
    if (!node || node === body) return false;
    var tag = node.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable;
  }

  function isVisible(node) {
    return !!(node && (node.offsetWidth || node.offsetHeight || node.getClientRects().length));
  }

  /* ------------------------------------------------------------------ 1. print, "/" */

  $all("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // A printout says the day it was printed: the reader's local date, set now and again just
  // before printing (a page left open overnight). Without JavaScript the line stays hidden.
  function stampPrintedDate() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    $all("[data-printed-date]").forEach(function (item) {
      var slot = item.querySelector(".printed-day");
      if (!slot) return;
      slot.textContent = day;
      item.hidden = false;
    });
  }
  stampPrintedDate();
  window.addEventListener("beforeprint", stampPrintedDate);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.defaultPrevented || isTypingTarget(event.target)) return;
    var box = $("#site-search-q");
    if (!isVisible(box)) box = $all("input[name=q]").filter(isVisible)[0];
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  /* ------------------------------------------------------------------ 3. the engine */

  // `data-search` names the search manifest (assets/search.js, a stable name): it sets
  // window.__deskbookSearch to the content-hashed paths, relative to the site root, of the index
  // bundle, the wasm module, the glue script and their base64 script fallbacks for file://.
  //
  // The page downloads the module and the index; over http(s) a worker started from this very
  // script (see 0.) compiles and opens them and answers every query, off the page's main thread:
  // typing and scrolling never wait for the engine. From file://, where browsers refuse workers,
  // or where a worker cannot start, the engine runs in the page.
  var searchAvailable = !!data.search;

  var scripts = {};

  /** Runs a classic script once, by a <script> element. */
  function loadScript(src) {
    if (!scripts[src]) scripts[src] = runScriptElement(src, false);
    return scripts[src];
  }

  /** Runs a text file (file://) by a <script> element that is removed once it has run. */
  function runTextScript(src) {
    return runScriptElement(src, true);
  }

  /** Runs `src` by a <script> element (removed afterwards when `remove`). */
  function runScriptElement(src, remove) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = function () {
        if (remove) script.remove();
        resolve();
      };
      script.onerror = function () {
        if (remove) script.remove();
        reject(new Error("could not load " + src));
      };
      document.head.appendChild(script);
    });
  }

  function decodeBase64(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /**
   * Bytes of `url` by fetch (http/https; `preloaded`, a promise of its response, if the request
   * was already made), else from the base64 global set by `scriptUrl`.
   */
  async function loadBytes(url, scriptUrl, globalName, preloaded) {
    if (url && location.protocol !== "file:" && typeof fetch === "function") {
      try {
        var response = await (preloaded || fetch(url));
        if (response.ok) return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        /* fall back to the script below */
      }
    }
    if (!scriptUrl) throw new Error("cannot load " + url);
    await loadScript(scriptUrl);
    var encoded = window[globalName];
    if (typeof encoded !== "string") throw new Error(scriptUrl + " did not define " + globalName);
    window[globalName] = undefined; // free the string once decoded
    return decodeBase64(encoded);
  }

  /**
   * Absolute URLs of the engine's files, from the manifest (paths relative to the site root),
   * and `preloaded`: the responses for the module and the index when the search page's own
   * early copy of the manifest has already asked for them (see PRELOAD in src/search.rs).
   */
  async function engineFiles() {
    var early = $("script[data-search-manifest]");
    if (!window.__deskbookSearch && early) {
      await new Promise(function (resolve) {
        early.addEventListener("load", resolve);
        early.addEventListener("error", resolve);
      });
    }
    if (!window.__deskbookSearch) await loadScript(data.search);
    var files = window.__deskbookSearch;
    if (!files || !files.glue || !files.index) throw new Error("the search manifest names no engine");
    var out = {};
    ["glue", "wasm", "index", "wasmJs", "indexJs", "texts", "hot", "chunks"].forEach(function (name) {
      if (files[name]) out[name] = new URL((data.root || "") + files[name], location.href).href;
    });
    out.preloaded = files.preloaded || {};
    files.preloaded = null; // each response's body can be read once
    return out;
  }

  /**
   * The module, compiled while it downloads (WebAssembly.compileStreaming, when the server
   * labels it application/wasm), else from its bytes. A compiled module can be posted to the
   * worker.
   */
  async function compileModule(files) {
    var response = files.preloaded.wasm || fetch(files.wasm);
    if (typeof WebAssembly.compileStreaming === "function") {
      try {
        return await WebAssembly.compileStreaming(response);
      } catch (error) {
        /* a wrong MIME type: compile the bytes below */
      }
    }
    return WebAssembly.compile(await loadBytes(files.wasm, files.wasmJs, "__deskbookWasm"));
  }

  /** The engine in a worker: resolves to {search(query, first), finish(hits)}, as openEngine's. */
  function workerEngine(worker, files, bytes) {
    return new Promise(function (resolve, reject) {
      if (worker.failed) {
        worker.terminate();
        reject(Object.assign(new Error("the search worker did not start"), { noWorker: true }));
        return;
      }
      var waiting = {};
      var next = 0;
      var ready = false;
      worker.onmessage = function (event) {
        var message = event.data || {};
        if (message.type === "ready") {
          ready = true;
          var ask = function (request) {
            return new Promise(function (done, fail) {
              request.id = ++next;
              waiting[request.id] = [done, fail];
              worker.postMessage(request);
            });
          };
          resolve({
            search: function (query, first) {
              return ask({ type: "search", query: query, first: first });
            },
            finish: function (hits) {
              return ask({ type: "finish", hits: hits });
            },
            suggest: function (query) {
              return ask({ type: "suggest", query: query });
            },
          });
        } else if (message.type === "error") {
          reject(new Error(message.message));
        } else if (waiting[message.id]) {
          var callbacks = waiting[message.id];
          delete waiting[message.id];
          if (message.type === "results") callbacks[0](message.hits);
          else callbacks[1](new Error(message.message));
        }
      };
      worker.onerror = function (event) {
        if (event.preventDefault) event.preventDefault();
        if (ready) {
          // The worker died (out of memory…): fail what it was asked, so nothing waits forever.
          Object.keys(waiting).forEach(function (id) {
            waiting[id][1](new Error("the search worker stopped"));
            delete waiting[id];
          });
          return;
        }
        // The worker did not start (a server refusing the script, a policy): run in the page.
        worker.terminate();
        reject(Object.assign(new Error("the search worker did not start"), { noWorker: true }));
      };
      // The glue first, so that the worker runs it while the page downloads the rest. The bytes
      // are copied, not transferred: the page keeps them in case the worker fails to start.
      worker.postMessage({ type: "open", glue: files.glue, texts: files.texts });
      bytes.then(
        function (loaded) {
          worker.postMessage({ type: "bytes", wasm: loaded[0], index: loaded[1], chunks: loaded[2] });
        },
        function (error) {
          worker.terminate();
          reject(error);
        }
      );
    });
  }

  /** The engine in the page: the same adapter, its queries answered at once. */
  async function pageEngine(files, bytes) {
    return openEngine(files.glue, bytes, loadScript, textReader(files.texts, runTextScript));
  }

  /** Opens the engine: the downloads start together, in a worker when the page may have one. */
  async function startEngine() {
    var worker = null;
    if (ownScript && typeof Worker === "function" && /^https?:$/.test(location.protocol)) {
      try {
        worker = new Worker(ownScript); // starts while the manifest loads
        // A script that fails to load may fail before workerEngine listens: remember it.
        worker.onerror = function (event) {
          if (event.preventDefault) event.preventDefault();
          worker.failed = true;
        };
      } catch (error) {
        worker = null;
      }
    }
    try {
      var files = await engineFiles();
      var whole = function (wasm) {
        var both = Promise.all([
          wasm || loadBytes(files.wasm, files.wasmJs, "__deskbookWasm", files.preloaded.wasm),
          loadBytes(files.index, files.indexJs, "__deskbookIndex", files.preloaded.index),
        ]);
        both.catch(function () {}); // handled by the engine that awaits them
        return both;
      };
      // In a worker the index is read lazily: the hot file now, chunks as queries need them.
      var lazy = worker && files.hot && files.chunks;
      var wasm = lazy ? compileModule(files) : null;
      var bytes = lazy
        ? Promise.all([wasm, loadBytes(files.hot, null, null, files.preloaded.hot), files.chunks])
        : whole(null);
      bytes.catch(function () {});
      if (!worker) return await pageEngine(files, bytes);
      try {
        return await workerEngine(worker, files, bytes);
      } catch (error) {
        if (!error.noWorker) throw error;
        return await pageEngine(files, lazy ? whole(wasm) : bytes);
      }
    } catch (error) {
      if (worker) worker.terminate();
      throw error;
    }
  }

  var enginePromise = null;
  var engineReady = null;

  /** The engine, loaded once; rejects when the site has no search or loading failed. */
  function getEngine() {
    if (!enginePromise) {
      enginePromise = searchAvailable ? startEngine() : Promise.reject(new Error("this site has no search index"));
      enginePromise.then(
        function (engine) {
          engineReady = engine;
        },
        function (error) {
          if (searchAvailable && window.console) console.error("deskbook search:", error);
        }
      );
    }
    return enginePromise;
  }

  /**
   * Runs `task` now, or, while it is still running, once more after it with the latest input:
   * every keystroke is searched at once, and fast typing never queues up stale queries.
   */
  function latestOnly(task) {
    var running = false;
    var queued = false;
    var queuedForce = false;
    function trigger(force) {
      if (running) {
        queued = true;
        queuedForce = queuedForce || !!force;
        return;
      }
      running = true;
      var finish = function () {
        running = false;
        if (queued) {
          var again = queuedForce;
          queued = false;
          queuedForce = false;
          trigger(again);
        }
      };
      Promise.resolve()
        .then(function () {
          return task(!!force);
        })
        .then(finish, function (error) {
          if (window.console) console.error("deskbook search:", error);
          finish();
        });
    }
    return trigger;
  }

  /**
   * The instrumentation hook: after results are on screen, a `deskbook:results` event on the
   * document with {source: "popup" | "page", query, count, complete, inputAt, renderedAt}
   * (performance.now() times; inputAt is the last input event in a search box; complete is false
   * when the search page shows its first screenful while typing and more follow).
   * tests/browser/tools/search-latency.js reads it.
   */
  var lastInputAt = 0;
  function noteInput(event) {
    lastInputAt = event && event.timeStamp ? event.timeStamp : performance.now();
  }
  function reportResults(source, text, count, complete) {
    if (typeof CustomEvent !== "function") return;
    document.dispatchEvent(
      new CustomEvent("deskbook:results", {
        detail: {
          source: source,
          query: text,
          count: count,
          complete: complete !== false,
          inputAt: lastInputAt,
          renderedAt: performance.now(),
        },
      })
    );
  }

  /**
   * Empty filters mean "any": leave them out of the query. The page's language goes with every
   * query: at equal match the engine ranks entries in the reader's language first.
   */
  function makeQuery(text, filters, limit) {
    var query = { text: text, limit: limit };
    if (data.lang) query.page_lang = data.lang;
    ["lang", "category", "right", "tag"].forEach(function (name) {
      if (filters && filters[name]) query[name] = filters[name];
    });
    return query;
  }

  /** "Search could not be loaded. Browse the categories instead.", linking to the categories. */
  function errorLink() {
    var link = el("a", "", msg("error"));
    link.href = (data.home || "index.html") + "#categories";
    return link;
  }

  /* ------------------------------------------------------------------ result rendering */

  var root = data.root || "";

  function isCJK(text) {
    return /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/.test(text);
  }

  /**
   * Words to highlight on the target page: the typed words, the words of its body that matched
   * (every form: the engine lists them once it has read the body) and what the snippet marked.
   */
  function highlightTerms(text, snippet, words) {
    var terms = (words || []).slice();
    text.split(/\s+/).forEach(function (word) {
      word = word.replace(/^[^\w\u00c0-\uffff]+|[^\w\u00c0-\uffff]+$/g, "");
      if (word.length >= 3 || (isCJK(word) && word.length >= 1)) terms.push(word);
    });
    if (snippet && snippet.indexOf("<mark>") !== -1) {
      var holder = document.createElement("template");
      holder.innerHTML = snippet;
      $all("mark", holder.content).forEach(function (mark) {
        var word = mark.textContent.trim();
        if (word.length >= 2 || isCJK(word)) terms.push(word);
      });
    }
    var seen = {};
    return terms.filter(function (term) {
      var key = term.toLowerCase();
      if (seen[key] || term.length > 60) return false;
      seen[key] = true;
      return true;
    }).slice(0, 16);
  }

  /** A site-root-relative URL from the engine → a link from this page, with ?highlight=. */
  function resultHref(hit, text) {
    var url = root + hit.url;
    var terms = highlightTerms(text, hit.snippet, hit.words);
    if (!terms.length) return url;
    var hashAt = url.indexOf("#");
    var hash = hashAt === -1 ? "" : url.slice(hashAt);
    var base = hashAt === -1 ? url : url.slice(0, hashAt);
    var param = new URLSearchParams({ highlight: terms.join(" ") }).toString();
    return base + (base.indexOf("?") === -1 ? "?" : "&") + param + hash;
  }

  /** Title link, language label (when not the page's) and snippet of one hit. */
  function fillResult(item, hit, text, titleTag, idPrefix) {
    item.className = "search-result";
    item.setAttribute("data-search-result", hit.id);
    var titleBox = titleTag ? el(titleTag, "search-result-title") : null;
    var link = el("a", titleBox ? "" : "search-result-title", hit.title);
    link.href = resultHref(hit, text);
    if (hit.lang && hit.lang !== data.lang) {
      link.lang = hit.lang;
      link.hreflang = hit.lang;
    }
    if (idPrefix) link.id = idPrefix + "-title";
    if (titleBox) {
      titleBox.appendChild(link);
      item.appendChild(titleBox);
    } else {
      item.appendChild(link);
    }
    var langLabel = null;
    if (hit.lang && hit.lang !== data.lang) {
      langLabel = el("span", "search-result-lang", languageNames[hit.lang] || hit.lang);
      langLabel.lang = hit.lang;
      if (idPrefix) langLabel.id = idPrefix + "-lang";
    }
    // What the result is: a practice and a right of the same title (隐私) must not look alike.
    var kindLabel = null;
    var kindText = hit.kind ? msg("kind" + hit.kind.charAt(0).toUpperCase() + hit.kind.slice(1)) : "";
    if (kindText) {
      kindLabel = el("span", "search-result-kind", kindText);
      if (idPrefix) kindLabel.id = idPrefix + "-kind";
    }
    return { link: link, langLabel: langLabel, kindLabel: kindLabel };
  }

  function snippetNode(hit, idPrefix) {
    var snippet = el("p", "search-result-snippet");
    // The snippet is HTML escaped by the engine, with <mark> around matches: the only field
    // inserted as HTML.
    snippet.innerHTML = hit.snippet || "";
    if (hit.lang && hit.lang !== data.lang) snippet.lang = hit.lang;
    if (idPrefix) snippet.id = idPrefix + "-snippet";
    return snippet;
  }

  /* ------------------------------------------------------------------ 2a. popup search */

  var POPUP_LIMIT = 8;

  function setupPopup(form) {
    var input = $("input[name=q]", form);
    var popup = $(".search-popup", form);
    if (!input || !popup) return;
    if (!searchAvailable) {
      // The form simply submits to search.html; there are no results to arrow through.
      input.removeAttribute("aria-describedby");
      return;
    }

    var listId = popup.id + "-list";
    var status = el("p", "search-popup-status");
    var list = el("ul", "search-popup-list");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", msg("results"));
    var footer = el("p", "search-popup-footer");
    var allLink = el("a", "", msg("all"));
    allLink.href = form.getAttribute("action") || "search.html";
    footer.appendChild(allLink);
    popup.textContent = "";
    popup.removeAttribute("role");
    popup.removeAttribute("aria-live");
    popup.appendChild(status);
    popup.appendChild(list);
    popup.appendChild(footer);

    // Announcements for screen readers: a live region that is never display:none.
    var live = el("p", "visually-hidden");
    live.setAttribute("role", "status");
    form.appendChild(live);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var lastText = null;
    var sequence = 0;

    function open() {
      popup.hidden = false;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
    }

    function close() {
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function announce(text) {
      live.textContent = text;
    }
    var announceLater = debounce(announce, 500);

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        var option = options[active];
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function allResultsHref(text) {
      var action = form.getAttribute("action") || "";
      return action + (action.indexOf("?") === -1 ? "?" : "&") +
        new URLSearchParams({ q: text }).toString();
    }

    function showMessage(text, isError) {
      list.textContent = "";
      options = [];
      setActive(-1);
      status.textContent = "";
      if (isError) status.appendChild(errorLink());
      else status.textContent = text;
      status.classList.toggle("is-error", !!isError);
      open();
    }

    function render(hits, text) {
      var more = hits.length > POPUP_LIMIT;
      hits = hits.slice(0, POPUP_LIMIT);
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.classList.remove("is-error");
      status.textContent = hits.length ? "" : msg("none");
      hits.forEach(function (hit, i) {
        var item = document.createElement("li");
        var id = popup.id + "-" + i;
        item.id = id;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var parts = fillResult(item, hit, text, null, id);
        // An option must not contain a link (nested interactive content): the title becomes
        // text and the option carries the target; its accessible name is what it shows.
        var title = el("span", "search-result-title", hit.title);
        if (parts.link.lang) title.lang = parts.link.lang;
        item.setAttribute("data-href", parts.link.getAttribute("href"));
        item.replaceChild(title, parts.link);
        if (parts.kindLabel) item.appendChild(parts.kindLabel);
        if (parts.langLabel) item.appendChild(parts.langLabel);
        item.appendChild(snippetNode(hit, id));
        list.appendChild(item);
        options.push(item);
      });
      allLink.href = allResultsHref(text);
      footer.hidden = !hits.length;
      open();
      announceLater(hits.length ? countMessage(hits.length, more) : msg("none"));
    }

    async function update() {
      var text = input.value.trim();
      if (text === lastText && !popup.hidden) return;
      var mine = ++sequence;
      if (!text) {
        lastText = text;
        close();
        list.textContent = "";
        options = [];
        announce("");
        return;
      }
      if (!engineReady) {
        showMessage(msg("loading"));
        announceLater(msg("loading"));
        footer.hidden = true;
        try {
          await getEngine();
        } catch (error) {
          if (mine !== sequence) return;
          showMessage(msg("error"), true);
          footer.hidden = true;
          announce(msg("error"));
          return;
        }
        if (mine !== sequence) return;
        // The box may have changed while the engine loaded: search what it holds now.
        return update();
      }
      lastText = text;
      var hits;
      try {
        hits = await engineReady.search(makeQuery(text, null, POPUP_LIMIT + 1));
      } catch (error) {
        if (window.console) console.error("deskbook search:", error);
        hits = [];
      }
      if (mine !== sequence) return;
      render(hits, text);
      reportResults("popup", text, Math.min(hits.length, POPUP_LIMIT));
    }

    var updateNow = latestOnly(update);

    input.addEventListener("focus", function () {
      getEngine().catch(function () {});
      if (input.value.trim() && options.length) open();
    });
    input.addEventListener("input", function (event) {
      noteInput(event);
      updateNow();
    });

    input.addEventListener("keydown", function (event) {
      var isOpen = !popup.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!options.length) {
            if (input.value.trim()) {
              lastText = null;
              updateNow();
            }
            return;
          }
          event.preventDefault();
          if (!isOpen) open();
          setActive(active + 1 >= options.length ? 0 : active + 1);
          break;
        case "ArrowUp":
        case "Up":
          if (!options.length || !isOpen) return;
          event.preventDefault();
          setActive(active <= 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          if (isOpen && active >= 0 && options[active]) {
            event.preventDefault();
            window.location.href = options[active].getAttribute("data-href");
          }
          break;
        case "Escape":
        case "Esc":
          if (isOpen) {
            event.preventDefault();
            // A query still running (the lazy index may be fetching chunks) must not reopen it.
            sequence++;
            close();
          }
          break;
        default:
          break;
      }
    });

    // Keep focus in the box while clicking in the popup, so the click lands on the result.
    popup.addEventListener("mousedown", function (event) {
      if (event.target === allLink) return;
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var item = event.target.closest ? event.target.closest("[role=option]") : null;
      if (!item) return;
      window.location.href = item.getAttribute("data-href");
    });
    list.addEventListener("mousemove", function (event) {
      var item = event.target.closest ? event.target.closest("[role=option]") : null;
      var index = options.indexOf(item);
      if (index !== -1 && index !== active) setActive(index);
    });

    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) {
        // Wait a tick: a click on a result must reach it before the popup hides.
        setTimeout(function () {
          if (!form.contains(document.activeElement)) close();
        }, 150);
      }
    });
    document.addEventListener("mousedown", function (event) {
      if (!popup.hidden && !form.contains(event.target)) close();
    });
    window.addEventListener("pageshow", function () {
      close();
      lastText = null;
    });
  }

  $all("form[data-search-popup]").forEach(setupPopup);

  /* ------------------------------------------------------------------ 2b. the search page */

  var PAGE_LIMIT = 200;
  // Results whose snippets are made at once; the others' when they come near the screen.
  var PAGE_SNIPPETS_AT_ONCE = 10;
  // While typing, the page shows a screenful first (the engine finds a few results much faster
  // than 200, whose snippets it must all make), and the rest once typing pauses.
  var PAGE_FIRST = 20;
  var PAGE_REST_AFTER = 250;
  var FILTERS = ["lang", "category", "right", "tag"];

  function setupSearchPage() {
    var form = $("#search-form");
    var input = $("#search-page-q");
    var status = $("#search-status");
    var list = $("#search-results");
    if (!form || !input || !status || !list) return;

    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name);
      if (select && value) {
        var known = Array.prototype.some.call(select.options, function (o) {
          return o.value === value;
        });
        if (known) select.value = value;
      }
    });

    // Filters fold away on narrow screens unless one is in use.
    var filterBox = $("#search-filters");
    var anyFilter = FILTERS.some(function (name) {
      return !!(form.elements[name] && form.elements[name].value);
    });
    if (filterBox && !anyFilter && window.matchMedia && matchMedia("(max-width: 40em)").matches) {
      filterBox.open = false;
    }

    var categoryNames = {};
    if (form.elements.category) {
      Array.prototype.forEach.call(form.elements.category.options, function (o) {
        if (o.value) categoryNames[o.value] = o.textContent;
      });
    }

    if (!searchAvailable) {
      status.textContent = msg("unavailable") + " ";
      var browse = el("a", "", msg("browse"));
      browse.href = (data.home || "index.html") + "#categories";
      status.appendChild(browse);
      return;
    }

    function currentFilters() {
      var filters = {};
      FILTERS.forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value) filters[name] = field.value;
      });
      return filters;
    }

    function updateUrl(text, filters) {
      var next = new URLSearchParams();
      if (text) next.set("q", text);
      FILTERS.forEach(function (name) {
        if (filters[name]) next.set(name, filters[name]);
      });
      var search = next.toString();
      var url = location.pathname + (search ? "?" + search : "") + location.hash;
      try {
        history.replaceState(history.state, "", url);
      } catch (error) {
        /* some browsers refuse replaceState on file:// pages */
      }
    }

    var sequence = 0;
    var lastKey = null;
    var restTimer = 0;

    async function run(force) {
      var text = input.value.trim();
      var filters = currentFilters();
      var key = JSON.stringify([text, filters]);
      if (key === lastKey && !force) return;
      lastKey = key;
      updateUrl(text, filters);
      var mine = ++sequence;
      clearTimeout(restTimer);
      var hasFilter = Object.keys(filters).length > 0;
      if (!text && !hasFilter) {
        list.textContent = "";
        status.textContent = "";
        status.classList.remove("is-error");
        return;
      }
      if (!engineReady) {
        status.textContent = msg("loading");
        try {
          await getEngine();
        } catch (error) {
          if (mine !== sequence) return;
          status.textContent = "";
          status.classList.add("is-error");
          status.appendChild(errorLink());
          return;
        }
        if (mine !== sequence) return;
        // The form may have changed while the engine loaded: search what it holds now.
        return run(true);
      }
      // Typing shows a screenful first; a submit, a filter or the address asks for everything.
      var first = !force;
      var hits;
      try {
        hits = await engineReady.search(makeQuery(text, filters, first ? PAGE_FIRST + 1 : PAGE_LIMIT), PAGE_SNIPPETS_AT_ONCE);
      } catch (error) {
        if (window.console) console.error("deskbook search:", error);
        hits = [];
      }
      if (mine !== sequence) return;
      if (first && hits.length > PAGE_FIRST) {
        render(hits.slice(0, PAGE_FIRST), text, false);
        reportResults("page", text, PAGE_FIRST, false);
        restTimer = setTimeout(function () {
          rest(mine, text, filters);
        }, PAGE_REST_AFTER);
      } else {
        render(hits, text, true);
        reportResults("page", text, hits.length, true);
      }
    }

    /** The rest of the results, once typing has paused; the first ones stay where they are. */
    async function rest(mine, text, filters) {
      if (mine !== sequence || !engineReady) return;
      var hits;
      try {
        hits = await engineReady.search(makeQuery(text, filters, PAGE_LIMIT), PAGE_SNIPPETS_AT_ONCE);
      } catch (error) {
        if (window.console) console.error("deskbook search:", error);
        return;
      }
      if (mine !== sequence) return;
      var shown = $all("[data-search-result]", list).map(function (item) {
        return item.getAttribute("data-search-result");
      });
      var same = shown.every(function (id, i) {
        return hits[i] && hits[i].id === id;
      });
      if (!same) {
        render(hits, text, true);
      } else {
        var fragment = document.createDocumentFragment();
        hits.slice(shown.length).forEach(function (hit) {
          fragment.appendChild(resultItem(hit, text));
        });
        list.appendChild(fragment);
        setCount(hits.length, true);
      }
      reportResults("page", text, hits.length, true);
    }

    function setCount(n, complete) {
      status.classList.remove("is-error");
      status.textContent = n ? countMessage(n, !complete || n >= PAGE_LIMIT) : msg("none");
    }

    function resultItem(hit, text) {
      var item = document.createElement("li");
      var parts = fillResult(item, hit, text, "h2", null);
      var metaBits = [];
      if (parts.kindLabel) metaBits.push(parts.kindLabel);
      if (hit.lang) {
        // The language of every result, the page's own included, on the search page.
        var lang = parts.langLabel || el("span", "search-result-lang", languageNames[hit.lang] || hit.lang);
        lang.lang = hit.lang;
        metaBits.push(lang);
      }
      if (hit.category && categoryNames[hit.category]) {
        metaBits.push(el("span", "search-result-category", categoryNames[hit.category]));
      }
      if (metaBits.length) {
        var meta = el("p", "search-result-meta");
        metaBits.forEach(function (bit, i) {
          if (i) meta.appendChild(document.createTextNode(" · "));
          meta.appendChild(bit);
        });
        item.appendChild(meta);
      }
      item.appendChild(snippetNode(hit, null));
      if (hit.text) later(item, hit, text);
      return item;
    }

    // Provisional snippets (see openEngine) are made final when their result comes within a
    // screen of the viewport, a batch at a time: a list of 200 results reads only the text files
    // of those that are looked at. Off screen, the swap moves nothing one sees.
    var provisional = new Map(); // result item → [hit, query text]
    var observer = typeof IntersectionObserver === "function"
      ? new IntersectionObserver(finishVisible, { rootMargin: "100% 0px" })
      : null;

    function later(item, hit, text) {
      provisional.set(item, [hit, text]);
      if (observer) observer.observe(item);
      else finishItems([item]);
    }

    function finishVisible(entries) {
      finishItems(
        entries
          .filter(function (entry) {
            return entry.isIntersecting && provisional.has(entry.target);
          })
          .map(function (entry) {
            return entry.target;
          })
      );
    }

    function finishItems(items) {
      if (!items.length || !engineReady) return;
      var batch = items.map(function (item) {
        if (observer) observer.unobserve(item);
        var pending = provisional.get(item);
        provisional.delete(item);
        return pending;
      });
      engineReady
        .finish(batch.map(function (pending) {
          return pending[0];
        }))
        .then(function (hits) {
          hits.forEach(function (hit, i) {
            var item = items[i];
            if (!item.isConnected) return;
            var old = $(".search-result-snippet", item);
            if (old) old.replaceWith(snippetNode(hit, null));
            var link = $("a[href]", item);
            if (link) link.href = resultHref(hit, batch[i][1]);
          });
        })
        .catch(function (error) {
          if (window.console) console.error("deskbook search:", error);
        });
    }

    /** Shows `hits`; `complete` is false when there are more than these (the count says "n+"). */
    function render(hits, text, complete) {
      provisional.clear();
      if (observer) observer.disconnect();
      var fragment = document.createDocumentFragment();
      hits.forEach(function (hit) {
        fragment.appendChild(resultItem(hit, text));
      });
      list.textContent = "";
      list.appendChild(fragment);
      setCount(hits.length, complete);
      if (complete) offerSuggestion(text);
    }

    // "Did you mean …?" under the count, as `deskbook search` prints it: when a word of the
    // query is nowhere in the site and the index knows a word one or two letters away.
    var suggestion = el("p", "search-suggestion");
    suggestion.id = "search-suggestion";
    suggestion.hidden = true;
    status.parentNode.insertBefore(suggestion, status.nextSibling);
    async function offerSuggestion(text) {
      suggestion.hidden = true;
      suggestion.textContent = "";
      if (!text || !engineReady || !engineReady.suggest) return;
      var better = null;
      try {
        better = await engineReady.suggest(makeQuery(text, null, 1));
      } catch (error) {
        return;
      }
      if (!better || input.value.trim() !== text) return;
      var parts = msg("didYouMean").split("{q}");
      var link = el("a", "", better);
      var params = new URLSearchParams(location.search);
      params.set("q", better);
      link.href = "?" + params.toString();
      link.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = better;
        runNow(true);
      });
      suggestion.appendChild(document.createTextNode(parts[0] || ""));
      suggestion.appendChild(link);
      suggestion.appendChild(document.createTextNode(parts[1] || ""));
      suggestion.hidden = false;
    }

    var runNow = latestOnly(run);
    input.addEventListener("input", function (event) {
      noteInput(event);
      runNow();
    });
    input.addEventListener("focus", function () {
      getEngine().catch(function () {});
    });
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      if (field) field.addEventListener("change", function () {
        runNow();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      runNow(true);
    });

    // Keyboard: Down from the box to the first result, Up/Down between results, Escape back.
    function resultLinks() {
      return $all(".search-result-title a", list);
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Down") {
        var links = resultLinks();
        if (links.length) {
          event.preventDefault();
          links[0].focus();
        }
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = resultLinks();
      var index = links.indexOf(document.activeElement);
      if (index === -1) return;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (index + 1 < links.length) links[index + 1].focus();
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        event.preventDefault();
        if (index > 0) links[index - 1].focus();
        else input.focus();
      } else if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        input.focus();
      }
    });

    var hasFilter = FILTERS.some(function (name) {
      return !!params.get(name);
    });
    if (input.value.trim() || hasFilter) {
      getEngine().catch(function () {});
      runNow(true);
    }
  }

  setupSearchPage();

  /* ------------------------------------------------------------------ 4. highlight on arrival */

  var LETTER = /[0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u03ff\u0400-\u052f]/;
  var SPECIAL_FOLDS = { "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ß": "ss", "ı": "i" };

  function foldChar(ch) {
    if (SPECIAL_FOLDS[ch]) return SPECIAL_FOLDS[ch];
    var folded = ch.normalize ? ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : ch;
    return (folded || ch).toLowerCase();
  }

  /** Case- and diacritic-folded text, with a map from folded index to original offset. */
  function foldWithMap(text) {
    var folded = "";
    var starts = [];
    var ends = [];
    for (var i = 0; i < text.length; ) {
      var code = text.codePointAt(i);
      var ch = String.fromCodePoint(code);
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) {
        starts.push(i);
        ends.push(i + ch.length);
      }
      folded += f;
      i += ch.length;
    }
    return { text: folded, starts: starts, ends: ends };
  }

  function foldString(text) {
    return foldWithMap(text).text;
  }

  /** [start, end) ranges of `text` matching any term; Latin words match from a word start and
   *  extend to the word's end (so "greet" marks "greeting"). */
  function findMatches(text, terms) {
    var map = foldWithMap(text);
    var hay = map.text;
    var ranges = [];
    terms.forEach(function (term) {
      var from = 0;
      var at;
      while ((at = hay.indexOf(term.folded, from)) !== -1) {
        var end = at + term.folded.length;
        from = at + 1;
        if (!term.cjk) {
          if (at > 0 && LETTER.test(hay.charAt(at - 1))) continue;
          while (end < hay.length && LETTER.test(hay.charAt(end))) end++;
        }
        ranges.push([map.starts[at], map.ends[end - 1]]);
        from = end;
      }
    });
    ranges.sort(function (a, b) {
      return a[0] - b[0] || b[1] - a[1];
    });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  function highlightOnArrival() {
    var raw = new URLSearchParams(location.search).get("highlight");
    if (!raw && location.hash.indexOf("highlight=") !== -1) {
      raw = new URLSearchParams(location.hash.slice(1)).get("highlight");
    }
    if (!raw) return;
    var terms = [];
    var seen = {};
    raw.split(/\s+/).forEach(function (word) {
      var folded = foldString(word.trim());
      if (!folded || seen[folded]) return;
      var cjk = isCJK(folded);
      if (!cjk && folded.length < 2) return;
      seen[folded] = true;
      terms.push({ folded: folded, cjk: cjk });
    });
    if (!terms.length) return;
    terms.sort(function (a, b) {
      return b.folded.length - a.folded.length;
    });

    var first = null;
    $all(".entry-body").forEach(function (container) {
      var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          if (!node.nodeValue.trim()) return NodeFilter.FILTER_REJECT;
          var parent = node.parentNode;
          if (parent && /^(SCRIPT|STYLE|MARK|TEXTAREA|NOSCRIPT)$/.test(parent.nodeName)) {
            return NodeFilter.FILTER_REJECT;
          }
          return NodeFilter.FILTER_ACCEPT;
        },
      });
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var text = node.nodeValue;
        var ranges = findMatches(text, terms);
        if (!ranges.length) return;
        var fragment = document.createDocumentFragment();
        var pos = 0;
        ranges.forEach(function (r) {
          if (r[0] > pos) fragment.appendChild(document.createTextNode(text.slice(pos, r[0])));
          var mark = document.createElement("mark");
          mark.className = "search-hit";
          mark.textContent = text.slice(r[0], r[1]);
          fragment.appendChild(mark);
          if (!first) first = mark;
          pos = r[1];
        });
        if (pos < text.length) fragment.appendChild(document.createTextNode(text.slice(pos)));
        node.parentNode.replaceChild(fragment, node);
      });
    });

    // Bring the first match into view unless the address points somewhere else.
    if (first && (!location.hash || location.hash.indexOf("highlight=") !== -1)) {
      var rect = first.getBoundingClientRect();
      if (rect.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
    }
  }

  highlightOnArrival();

  /* ------------------------------------------------------------------ 5. table of contents */

  function setupTocSpy() {
    var toc = $(".toc");
    if (!toc) return;
    var links = $all("a[href^='#']", toc);
    var targets = links.map(function (link) {
      try {
        return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      } catch (error) {
        return null;
      }
    });
    var current = -1;
    var pending = false;

    function update() {
      pending = false;
      var line = Math.min(window.innerHeight * 0.3, 200);
      var index = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= line) index = i;
      }
      if (index === current) return;
      if (current >= 0) links[current].removeAttribute("aria-current");
      current = index;
      if (current >= 0) links[current].setAttribute("aria-current", "location");
    }

    window.addEventListener("scroll", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }, { passive: true });
    update();
  }

  setupTocSpy();
})();
