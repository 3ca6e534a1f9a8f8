// axe-core in the page: WCAG 2.2 A and AA rules, nothing else.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const { partition, markKnown } = require("./known.js");
const { hasSearch, NO_SEARCH_REASON } = require("./site.js");

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe on the page as it is now; resolves to its violations. */
async function axeViolations(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) =>
      window.axe
        .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
        .then((r) =>
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html, summary: n.failureSummary })),
          }))
        ),
    TAGS
  );
}

/**
 * Form controls without a real label (<label> or aria-labelledby): stricter than axe, which
 * accepts a placeholder or a title as the name. Findings { checker: "labels", rule: "label", … }.
 */
async function labelFindings(page, rel) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
      .filter((n) => !(n.labels && n.labels.length) && !n.getAttribute("aria-labelledby"))
      .map((n) => `${n.id ? `#${n.id}` : n.tagName.toLowerCase()} ${n.outerHTML.slice(0, 120)}`)
  );
  return unlabelled.map((target) => ({ checker: "labels", page: rel, rule: "label", target, message: "form control without a <label>" }));
}

/** A readable report of violations, one node per line. */
function formatViolations(label, violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target}  ${n.html.slice(0, 160)}\n        ${(n.summary || "").replace(/\n/g, "\n        ")}`)
        .join("\n");
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : "";
      return `  ${label}: [${v.id}] ${v.help} (${v.impact})\n${nodes}${more}`;
    })
    .join("\n");
}

/** axe's violations on `page` as findings, one per rule and element, and unlabelled controls. */
async function findings(page, rel) {
  const violations = await axeViolations(page);
  const out = [];
  for (const f of await labelFindings(page, rel.split("?")[0])) {
    out.push({ ...f, violation: { id: "label (deskbook)", help: "Form controls have a <label>, not only a placeholder", impact: "serious", nodes: [] }, node: { target: f.target, html: "", summary: "" } });
  }
  for (const v of violations) {
    for (const n of v.nodes) {
      out.push({ checker: "axe", page: rel.split("?")[0], rule: v.id, target: `${n.target} ${n.html}`, message: v.help, violation: v, node: n });
    }
  }
  return out;
}

/**
 * Fails on findings not listed in known-failures.js, grouped by rule; the known ones are noted on
 * `t` and added to `seen` (for the stale-entry check of each file).
 */
function assertNoViolations(t, label, list, seen) {
  const { unexpected, known } = partition(list, seen);
  if (unexpected.length) {
    const byRule = new Map();
    for (const f of unexpected) {
      const key = `${f.checker}:${f.rule}`;
      if (!byRule.has(key)) byRule.set(key, { ...f.violation, nodes: [] });
      byRule.get(key).nodes.push(f.node);
    }
    assert.fail(`${unexpected.length} accessibility violations:\n${formatViolations(label, [...byRule.values()])}`);
  }
  markKnown(t, known);
}

/**
 * Opens `rel` under `base` on `page` and asserts axe finds nothing there that is not known. The
 * search page is judged with its results shown (or, in a build without the search module, once
 * its status says why there are none).
 */
async function assertPageClean(t, page, base, rel, label, seen) {
  await page.goto(base + rel);
  if (rel.startsWith("search.html")) {
    if (hasSearch()) {
      await page.locator("#search-results [data-search-result]").first().waitFor({ timeout: 15000 });
    } else {
      await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "");
      t.diagnostic(`without results: ${NO_SEARCH_REASON}`);
    }
  }
  assertNoViolations(t, label, await findings(page, rel), seen);
}

module.exports = { TAGS, axeViolations, labelFindings, formatViolations, findings, assertNoViolations, assertPageClean };
