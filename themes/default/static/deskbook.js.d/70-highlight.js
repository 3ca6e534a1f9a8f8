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

