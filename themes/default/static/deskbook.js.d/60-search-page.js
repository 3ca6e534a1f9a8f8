  /* ------------------------------------------------------------------ 2b. the search page */

  var PAGE_LIMIT = 200;
  // Results whose snippets are made at once; the others' when they come near the screen.
  var PAGE_SNIPPETS_AT_ONCE = 10;
  // The page shows PAGE_FIRST results first (a screen and more: 3 or 4 results fill a phone's
  // or a laptop's first screen), PAGE_MORE more each time the end of the list comes near the
  // screen, and the rest (up to PAGE_LIMIT) when "See all results" is pressed. On a large site
  // each result's title and address is a read of the lazy index (issue 18), a request of its
  // own: they were 21 of a cold query's 29 requests at 10k entries with a first screenful of 20
  // (Pagefind fetches a fragment for each of its first ten), and 200 at once when the list's
  // end came near.
  var PAGE_FIRST = 10;
  var PAGE_MORE = 20;
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

    // "See all results" after a screenful; loads itself when it comes within a screen of view.
    var more = el("button", "search-more", msg("all"));
    more.type = "button";
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    var moreFor = null; // [sequence, text, filters] of the results it would complete
    var moreObserver = typeof IntersectionObserver === "function"
      ? new IntersectionObserver(function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) loadMore(false);
        }, { rootMargin: "0px 0px 50% 0px" })
      : null;
    function offerMore(mine, text, filters) {
      moreFor = [mine, text, filters];
      more.hidden = false;
      if (moreObserver) moreObserver.observe(more);
    }
    function withdrawMore() {
      moreFor = null;
      more.hidden = true;
      if (moreObserver) moreObserver.unobserve(more);
    }
    function loadMore(pressed) {
      if (!moreFor) return;
      var wanted = moreFor;
      withdrawMore();
      var limit = pressed ? PAGE_LIMIT : Math.min(PAGE_LIMIT, list.children.length + PAGE_MORE);
      rest(wanted[0], wanted[1], wanted[2], pressed, limit);
    }
    more.addEventListener("click", function () {
      loadMore(true);
    });

    async function run(force) {
      var text = input.value.trim();
      var filters = currentFilters();
      var key = JSON.stringify([text, filters]);
      if (key === lastKey && !force) return;
      lastKey = key;
      updateUrl(text, filters);
      var mine = ++sequence;
      withdrawMore();
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
          showError();
          return;
        }
        if (mine !== sequence) return;
        // The form may have changed while the engine loaded: search what it holds now.
        return run(true);
      }
      var hits;
      try {
        hits = await engineReady.search(makeQuery(text, filters, PAGE_FIRST + 1), PAGE_SNIPPETS_AT_ONCE);
      } catch (error) {
        if (window.console) console.error("deskbook search:", error);
        // The index could not be read (the network dropped, or the site was published again
        // while this page was open and its old index files are gone): say so, never "no results".
        if (mine !== sequence) return;
        showError();
        return;
      }
      if (mine !== sequence) return;
      if (hits.length > PAGE_FIRST) {
        render(hits.slice(0, PAGE_FIRST), text, false);
        reportResults("page", text, PAGE_FIRST, false);
        offerMore(mine, text, filters);
      } else {
        render(hits, text, true);
        reportResults("page", text, hits.length, true);
      }
    }

    /**
     * More results, up to `limit` (PAGE_LIMIT: all); the first ones stay where they are.
     * `pressed`: "See all results" was pressed, so focus moves to the first new result (the
     * button is gone). Short of PAGE_LIMIT, one more is asked for, to know whether to offer more.
     */
    async function rest(mine, text, filters, pressed, limit) {
      if (mine !== sequence || !engineReady) return;
      var hits;
      try {
        hits = await engineReady.search(makeQuery(text, filters, limit < PAGE_LIMIT ? limit + 1 : limit), PAGE_SNIPPETS_AT_ONCE);
      } catch (error) {
        if (window.console) console.error("deskbook search:", error);
        // The button stays for another try, without loading itself again.
        if (mine === sequence) {
          moreFor = [mine, text, filters];
          more.hidden = false;
        }
        return;
      }
      if (mine !== sequence) return;
      var complete = hits.length <= limit;
      hits = hits.slice(0, limit);
      var shown = $all("[data-search-result]", list).map(function (item) {
        return item.getAttribute("data-search-result");
      });
      var same = shown.every(function (id, i) {
        return hits[i] && hits[i].id === id;
      });
      if (!same) {
        render(hits, text, complete);
      } else {
        var fragment = document.createDocumentFragment();
        hits.slice(shown.length).forEach(function (hit) {
          fragment.appendChild(resultItem(hit, text));
        });
        list.appendChild(fragment);
        setCount(hits.length, complete);
      }
      reportResults("page", text, hits.length, complete);
      if (!complete) offerMore(mine, text, filters);
      if (pressed) {
        var next = resultLinks()[shown.length];
        if (next) next.focus();
      }
    }

    /** Search cannot run (the engine or the index could not be loaded): no list, the reason. */
    function showError() {
      list.textContent = "";
      status.textContent = "";
      status.classList.add("is-error");
      status.appendChild(errorLink());
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
      offerSuggestion(text);
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

