  /* ------------------------------------------------------------------ 0. the engine adapter */

  // The joined script (all the parts, one deskbook.HASH.js) is also the search engine's worker
  // script: started as a worker (no document), it only opens the engine and answers queries
  // (engineWorker) and touches no page.

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
    // loaded[2], the folder of the chunk files: the index is read lazily (see chunkFetcher).
    var engine = loaded[2] ? bindgen.openLazy(loaded[1]) : bindgen.open(loaded[1]);
    var fetchChunks = loaded[2] ? chunkFetcher(loaded[2]) : null;
    // A lazily read index answers {need: [keys]} until it has every chunk file the question
    // reads: fetch them all at once, hand them over, ask again (a cold query takes 3 rounds).
    async function ask(question) {
      for (var round = 0; ; round++) {
        var answer = JSON.parse(question());
        if (!answer || !Array.isArray(answer.need)) return answer;
        if (!fetchChunks || round >= MAX_ROUNDS) throw new Error("the search index kept asking for more of itself");
        engine.provide(answer.need.join(","), await fetchChunks(answer.need));
      }
    }
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
        var hits = await ask(function () {
          return engine.search(JSON.stringify(query));
        });
        var n = first == null ? hits.length : Math.min(first, hits.length);
        var head = await finish(hits.slice(0, n));
        return head.concat(hits.slice(n));
      },
      finish: finish,
      suggest: async function (query) {
        return ask(function () {
          return engine.suggest(JSON.stringify(query));
        });
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

  /** Rounds of fetching one answer may take before the engine is deemed broken (see ask). */
  var MAX_ROUNDS = 32;

  /**
   * The lazy index's chunk fetcher, for the engine in a worker: fetchChunks(keys) resolves to
   * the bytes of `base`KEY.bin for every key, concatenated, all fetched at once. Chunk files are
   * named by a hash of the whole index, so the browser's cache keeps them as long as it likes;
   * a chunk that two questions need at once is fetched once. `self.__deskbookChunkLog` counts
   * requests, bytes and rounds (read by the browser tests and tests/browser/tools).
   */
  function chunkFetcher(base) {
    var log = (self.__deskbookChunkLog = { requests: 0, bytes: 0, rounds: 0 });
    var pending = {};
    function one(key) {
      if (!/^[0-9a-f]{16}-[0-9]+$/.test(key)) return Promise.reject(new Error("bad search index chunk " + key));
      if (!pending[key]) {
        pending[key] = fetch(base + key + ".bin")
          .then(function (response) {
            if (!response.ok) throw new Error("cannot read search index chunk " + key + " (HTTP " + response.status + ")");
            return response.arrayBuffer();
          })
          .then(function (buffer) {
            log.requests += 1;
            log.bytes += buffer.byteLength;
            return new Uint8Array(buffer);
          });
        var forget = function () {
          delete pending[key];
        };
        pending[key].then(forget, forget);
      }
      return pending[key];
    }
    return function (keys) {
      log.rounds += 1;
      return Promise.all(keys.map(one)).then(function (parts) {
        var out = new Uint8Array(parts.reduce(function (n, part) { return n + part.length; }, 0));
        parts.reduce(function (at, part) {
          out.set(part, at);
          return at + part.length;
        }, 0);
        return out;
      });
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

