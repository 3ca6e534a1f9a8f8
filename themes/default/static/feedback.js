// The feedback form of an entry page (templates/feedback.html), loaded only on pages whose
// site names a feedback endpoint. Without this script, or when posting fails, the block's email
// links to the entry's owner do the job. It sends what the reader typed and the page's own
// entry id, language and address, nothing else: no cookies (`credentials: "omit"`), no ids.
//
// With `feedback: {empty_searches: true}` it is on every page (<body data-feedback-searches>)
// and also posts `{search, lang}` for a search that found nothing, once the reader has stopped
// typing for a moment (the search script announces each result as a `deskbook:results` event),
// each query once per page: the words staff looked for and the knowledge base lacks.
(function () {
  "use strict";
  var MAX_COMMENT = 2000;

  function setup(block) {
    var form = block.querySelector("[data-feedback-form]");
    var status = block.querySelector("[data-feedback-status]");
    var mail = block.querySelector("[data-feedback-mail]");
    var problem = block.querySelector("[data-feedback-problem]");
    if (!form || !status || !window.fetch || !window.JSON) return;
    var endpoint = block.getAttribute("data-endpoint");
    form.hidden = false;
    if (mail) mail.hidden = true;

    function say(name, link) {
      status.textContent = status.getAttribute("data-msg-" + name) || "";
      if (link) {
        status.appendChild(document.createTextNode(" "));
        status.appendChild(link);
      }
    }

    function fallback(comment) {
      // The "Report a problem" mail, with what the reader wrote already in its body.
      var a = document.createElement("a");
      a.href = problem.href + (comment ? encodeURIComponent("\r\n" + comment + "\r\n") : "");
      a.textContent = status.getAttribute("data-msg-email") || problem.textContent;
      a.setAttribute("data-feedback-fallback", "");
      return a;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var helpful = form.querySelector("input[name=helpful]:checked");
      var reason = form.elements.reason.value;
      var comment = form.elements.comment.value.trim().slice(0, MAX_COMMENT);
      if (!helpful && !reason && !comment) {
        say("empty");
        return;
      }
      var payload = {
        entry: block.getAttribute("data-entry"),
        lang: block.getAttribute("data-lang"),
        helpful: helpful ? helpful.value === "yes" : null,
        reason: reason || null,
        comment: comment || null,
        page: block.getAttribute("data-page"),
      };
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      say("sending");
      fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
        credentials: "omit",
        cache: "no-store",
        referrerPolicy: "no-referrer",
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          form.hidden = true;
          say("thanks");
        })
        .catch(function () {
          button.disabled = false;
          if (mail) mail.hidden = false;
          say("failed", fallback(comment));
        });
    });
  }

  var QUIET_MS = 1500;

  function reportEmptySearches(endpoint) {
    var timer = null;
    var sent = {};
    var lang = document.body.getAttribute("data-lang");
    document.addEventListener("deskbook:results", function (event) {
      var detail = event.detail || {};
      var query = String(detail.query || "").trim().slice(0, 200);
      clearTimeout(timer);
      if (detail.count !== 0 || detail.complete === false || query.length < 2) return;
      timer = setTimeout(function () {
        var key = query.toLowerCase();
        if (sent[key]) return;
        sent[key] = true;
        fetch(endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ search: query, lang: lang }),
          credentials: "omit",
          cache: "no-store",
          referrerPolicy: "no-referrer",
          keepalive: true,
        }).catch(function () {});
      }, QUIET_MS);
    });
  }

  function start() {
    var searches = document.body.getAttribute("data-feedback-searches");
    if (searches && window.fetch) reportEmptySearches(searches);
    var blocks = document.querySelectorAll("[data-feedback][data-endpoint]");
    for (var i = 0; i < blocks.length; i++) setup(blocks[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
