// KNOWN_FAILURES: real defects of the built site that this suite found and that are reported to
// the lead but not fixed yet. Each entry lets exactly one kind of finding through (one checker,
// one rule or message, on the pages it names) and the test that meets it is marked TODO with the
// entry's id, so it stays visible in every run.
//
// An entry that no longer matches anything FAILS the suite: when a defect is fixed, delete its
// entry in the same change. The goal is an empty list. Never add an entry to silence a new
// finding without reporting it.
//
// Fields: id; checker ("axe" | "labels" | "vnu" | "vnu-css" | "links" | "seo" | "behaviour", or a
// list of them); rule (axe rule id) or
// message (RegExp over the checker's message); page (RegExp over the page's path relative to
// the site root, or the CSS file's path); target (optional RegExp over the axe node's CSS
// selector or HTML); defect and fix (for the humans reading the report).
"use strict";

const KNOWN_FAILURES = [
];

module.exports = { KNOWN_FAILURES };
