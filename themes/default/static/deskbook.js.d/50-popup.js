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

    /** Search cannot run (the engine or the index could not be loaded): says so, aloud too. */
    function showError() {
      showMessage(msg("error"), true);
      footer.hidden = true;
      announce(msg("error"));
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
          showError();
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
        // The index could not be read: say so, never "no results" (see the search page).
        if (mine !== sequence) return;
        showError();
        return;
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

