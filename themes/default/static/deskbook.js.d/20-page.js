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

