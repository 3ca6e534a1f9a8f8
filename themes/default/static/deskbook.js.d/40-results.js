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

