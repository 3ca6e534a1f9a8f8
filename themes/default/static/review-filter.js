// The review page's owner filter: a manager picks an owner and sees only that owner's rows in
// every list, and that owner's group opened. The choice lives in the address (#owner=NAME), so
// "my team" can be bookmarked or sent. Without JavaScript the form stays hidden and the page
// lists everything, grouped by owner at its end.
(function () {
  "use strict";

  var form = document.querySelector("[data-owner-filter]");
  if (!form) return;
  var select = form.querySelector("select");
  var status = form.querySelector("output");
  var known = Array.prototype.map.call(select.options, function (o) { return o.value; });

  function fromHash() {
    var m = /(?:^#|&)owner=([^&]*)/.exec(location.hash);
    if (!m) return "";
    var owner;
    try {
      owner = decodeURIComponent(m[1].replace(/\+/g, " "));
    } catch (e) {
      return "";
    }
    return known.indexOf(owner) > 0 ? owner : "";
  }

  function apply(owner) {
    select.value = owner;
    var shown = 0;
    document.querySelectorAll("main [data-owner]").forEach(function (node) {
      var match = !owner || node.getAttribute("data-owner") === owner;
      if (node.classList.contains("owner-group")) {
        node.hidden = !match;
        if (owner && match) node.open = true;
        return;
      }
      node.hidden = !match;
      if (match) shown++;
    });
    // A table or list left with no row to show is hidden with its rows.
    document.querySelectorAll("main table.stack-table, main ul.untranslated-list").forEach(function (box) {
      box.hidden = !!owner && !box.querySelector("[data-owner]:not([hidden])");
    });
    var text = "";
    if (owner) {
      var option = select.options[select.selectedIndex];
      var name = option.textContent.replace(/\s*\(\d+\)$/, "");
      text = status.getAttribute("data-msg-showing").replace("{owner}", name).replace("{n}", String(shown));
    }
    status.textContent = text;
  }

  select.addEventListener("change", function () {
    var owner = select.value;
    var url = location.pathname + location.search + (owner ? "#owner=" + encodeURIComponent(owner) : "");
    history.replaceState(null, "", url);
    apply(owner);
  });
  window.addEventListener("hashchange", function () {
    apply(fromHash());
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.hidden = false;
  apply(fromHash());
})();
