/* deskbook.js: the default theme's client-side behaviour.
 *
 * Plain ES2017, no framework, loaded with `defer` on every page. Everything here is an
 * enhancement: with JavaScript off, links work and the search forms submit to search.html.
 *
 * Written as the files of deskbook.js.d/, which the theme step (src/theme.rs) joins in file-name
 * order into the one deskbook.HASH.js pages load: one request, no module loader (pages work from
 * file://), and one script for the search worker to run again. This file opens the function all
 * parts share, 99-end.js closes it; the parts use one another's helpers as one file would.
 *
 *  0. 10-engine.js: the engine adapter, and the worker this same script becomes.
 *  1. 20-page.js: small helpers; print buttons ([data-print]), the printed date of a printout's
 *     colophon, and the "/" shortcut to the header search box.
 *  2. Search as you type: a popup under the header (and home page) search boxes (50-popup.js),
 *     and the full search page, search.html?q=…&lang=&category=&right=&tag= (60-search-page.js);
 *     both show results with 40-results.js.
 *  3. 30-engine-loading.js: the search engine (the search crate compiled to WebAssembly), loaded
 *     lazily: on the first focus of a search box, or on the search page when it opens with a
 *     query. Over http(s) it runs in a worker (this same script, see 0.). Everything
 *     engine-specific lives in openEngine().
 *  4. 70-highlight.js: the searched words highlighted on the page a result leads to
 *     (?highlight=word+word).
 *  5. 80-toc.js: the table of contents marks the section being read.
 *
 * Every keystroke is searched at once (no debounce; a query still running is followed by one
 * more with the latest text). After results are shown, a `deskbook:results` event on the
 * document carries timings, for tests/browser/tools/search-latency.js (see reportResults).
 */
(function () {
  "use strict";

