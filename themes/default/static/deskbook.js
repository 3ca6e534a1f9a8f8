/* deskbook.js: the default theme's client-side behaviour.
 *
 * Plain ES2017, no framework, no build step, loaded with `defer` on every page. Everything here is
 * an enhancement: with JavaScript off, links work and the search forms submit to search.html.
 *
 *  1. Print buttons ([data-print]) and the "/" shortcut to the header search box.
 *  2. Search as you type: a popup under the header (and home page) search boxes, and the full
 *     search page (search.html?q=…&lang=&category=&right=&tag=).
 *  3. The search engine (the search crate compiled to WebAssembly), loaded lazily on first use.
 *     Everything engine-specific lives in openEngine().
 *  4. Highlighting of the searched words on the page a result leads to (?highlight=word+word).
 *  5. The table of contents marks the section being read.
 */
(function () {
  "use strict";

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
  var searchAvailable = !!data.search;

  var scripts = {};

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = function () {
          resolve();
        };
        script.onerror = function () {
          reject(new Error("could not load " + src));
        };
        document.head.appendChild(script);
      });
    }
    return scripts[src];
  }

  function decodeBase64(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** Bytes of `url` by fetch (http/https), else from the base64 global set by `scriptUrl`. */
  async function loadBytes(url, scriptUrl, globalName) {
    if (url && location.protocol !== "file:" && typeof fetch === "function") {
      try {
        var response = await fetch(url);
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
   * The adapter: every detail of the wasm-bindgen module is here. Resolves to an object with
   * search(query) → [{id, lang, kind, title, url, score, snippet, category}].
   */
  async function openEngine() {
    await loadScript(data.search);
    var files = window.__deskbookSearch;
    if (!files || !files.glue || !files.index) throw new Error("the search manifest names no engine");
    var root = data.root || "";
    var at = function (path) {
      return path ? root + path : "";
    };
    await loadScript(at(files.glue));
    // wasm-bindgen's glue declares `let wasm_bindgen`: a global binding, not a window property.
    /* global wasm_bindgen */
    var bindgen = typeof wasm_bindgen !== "undefined" ? wasm_bindgen : window.wasm_bindgen;
    if (!bindgen) throw new Error("the search glue did not define wasm_bindgen");
    var loaded = await Promise.all([
      loadBytes(at(files.wasm), at(files.wasmJs), "__deskbookWasm"),
      loadBytes(at(files.index), at(files.indexJs), "__deskbookIndex"),
    ]);
    // Compile asynchronously: browsers refuse to compile large modules synchronously on the
    // main thread. initSync accepts the compiled module as well as bytes.
    var module = await WebAssembly.compile(loaded[0]);
    try {
      bindgen.initSync({ module: module });
    } catch (error) {
      // Chromium also limits synchronous instantiation; the async initialiser has no limit.
      if (!(error instanceof RangeError) || typeof bindgen !== "function") throw error;
      await bindgen({ module_or_path: module });
    }
    // The module exposes either `open(bytes)` or an `Engine` class taking the bundle bytes.
    var engine = typeof bindgen.open === "function" ? bindgen.open(loaded[1]) : new bindgen.Engine(loaded[1]);
    return {
      search: function (query) {
        return JSON.parse(engine.search(JSON.stringify(query)));
      },
    };
  }

  var enginePromise = null;
  var engineReady = null;

  /** The engine, loaded once; rejects when the site has no search or loading failed. */
  function getEngine() {
    if (!enginePromise) {
      enginePromise = searchAvailable
        ? openEngine()
        : Promise.reject(new Error("this site has no search index"));
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

  /** Empty filters mean "any": leave them out of the query. */
  function makeQuery(text, filters, limit) {
    var query = { text: text, limit: limit };
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

  /** Words to highlight on the target page: the typed words and what the snippet marked. */
  function highlightTerms(text, snippet) {
    var terms = [];
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
    }).slice(0, 12);
  }

  /** A site-root-relative URL from the engine → a link from this page, with ?highlight=. */
  function resultHref(hit, text) {
    var url = root + hit.url;
    var terms = highlightTerms(text, hit.snippet);
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
    return { link: link, langLabel: langLabel };
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
      lastText = text;
      var mine = ++sequence;
      if (!text) {
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
      }
      var engine;
      try {
        engine = await getEngine();
      } catch (error) {
        if (mine !== sequence) return;
        showMessage(msg("error"), true);
        footer.hidden = true;
        announce(msg("error"));
        return;
      }
      if (mine !== sequence) return;
      var hits;
      try {
        hits = engine.search(makeQuery(text, null, POPUP_LIMIT + 1));
      } catch (error) {
        if (window.console) console.error("deskbook search:", error);
        hits = [];
      }
      render(hits, text);
    }

    var updateSoon = debounce(update, 60);

    input.addEventListener("focus", function () {
      getEngine().catch(function () {});
      if (input.value.trim() && options.length) open();
    });
    input.addEventListener("input", function () {
      updateSoon();
    });

    input.addEventListener("keydown", function (event) {
      var isOpen = !popup.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!options.length) {
            if (input.value.trim()) {
              lastText = null;
              update();
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

    async function run(force) {
      var text = input.value.trim();
      var filters = currentFilters();
      var key = JSON.stringify([text, filters]);
      if (key === lastKey && !force) return;
      lastKey = key;
      updateUrl(text, filters);
      var mine = ++sequence;
      var hasFilter = Object.keys(filters).length > 0;
      if (!text && !hasFilter) {
        list.textContent = "";
        status.textContent = "";
        status.classList.remove("is-error");
        return;
      }
      if (!engineReady) status.textContent = msg("loading");
      var engine;
      try {
        engine = await getEngine();
      } catch (error) {
        if (mine !== sequence) return;
        status.textContent = "";
        status.classList.add("is-error");
        status.appendChild(errorLink());
        return;
      }
      if (mine !== sequence) return;
      var hits;
      try {
        hits = engine.search(makeQuery(text, filters, PAGE_LIMIT));
      } catch (error) {
        if (window.console) console.error("deskbook search:", error);
        hits = [];
      }
      render(hits, text);
    }

    function render(hits, text) {
      list.textContent = "";
      status.classList.remove("is-error");
      status.textContent = hits.length ? countMessage(hits.length, hits.length >= PAGE_LIMIT) : msg("none");
      hits.forEach(function (hit) {
        var item = document.createElement("li");
        var parts = fillResult(item, hit, text, "h2", null);
        var metaBits = [];
        if (parts.langLabel) metaBits.push(parts.langLabel);
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
        list.appendChild(item);
      });
    }

    var runSoon = debounce(run, 120);
    input.addEventListener("input", function () {
      runSoon();
    });
    input.addEventListener("focus", function () {
      getEngine().catch(function () {});
    });
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      if (field) field.addEventListener("change", function () {
        run();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(true);
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
      run(true);
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
