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

