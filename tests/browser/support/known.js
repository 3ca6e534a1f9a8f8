// Matching findings against KNOWN_FAILURES (../known-failures.js), strictly: a known failure
// that no longer happens is an error too, so the list only ever shrinks.
"use strict";

const { KNOWN_FAILURES } = require("../known-failures.js");

function checkerOf(entry) {
  return Array.isArray(entry.checker) ? entry.checker : [entry.checker];
}

/**
 * A finding: { checker, page, rule?, message?, target? }. Returns the known-failure entry that
 * covers it, or null.
 */
function knownFailureFor(finding, list = KNOWN_FAILURES) {
  return (
    list.find(
      (k) =>
        checkerOf(k).includes(finding.checker) &&
        (!k.rule || k.rule === finding.rule) &&
        (!k.message || k.message.test(finding.message || "")) &&
        (!k.page || k.page.test(finding.page || "")) &&
        (!k.target || k.target.test(finding.target || ""))
    ) || null
  );
}

/**
 * Splits findings into the unexpected ones and the known ones, and remembers which entries
 * were seen (in `seen`, a Set of ids).
 */
function partition(findings, seen, list = KNOWN_FAILURES) {
  const unexpected = [];
  const known = [];
  for (const finding of findings) {
    const entry = knownFailureFor(finding, list);
    if (entry) {
      known.push({ finding, entry });
      seen.add(entry.id);
    } else {
      unexpected.push(finding);
    }
  }
  return { unexpected, known };
}

/** Entries for `checker` (optionally only those whose page pattern matches one of `pages`) not in `seen`. */
function staleEntries(checker, seen, pages = null, list = KNOWN_FAILURES) {
  return list.filter(
    (k) =>
      checkerOf(k).includes(checker) &&
      !seen.has(k.id) &&
      (!pages || !k.page || pages.some((p) => k.page.test(p)))
  );
}

function describeStale(entries) {
  return entries
    .map((k) => `KNOWN_FAILURES entry "${k.id}" no longer fails: the defect is fixed, delete the entry from tests/browser/known-failures.js`)
    .join("\n");
}

/** Marks the test TODO (visible in the summary) when it only met known failures. */
function markKnown(t, known) {
  if (!known.length) return;
  const ids = [...new Set(known.map((k) => k.entry.id))];
  for (const id of ids) {
    const entry = known.find((k) => k.entry.id === id).entry;
    t.diagnostic(`known failure ${id}: ${entry.defect}`);
  }
  t.todo(`known failure${ids.length > 1 ? "s" : ""} (tests/browser/known-failures.js): ${ids.join(", ")}`);
}

/**
 * Runs a behaviour check `fn` that KNOWN_FAILURES entry `id` may say is broken: if the entry
 * exists, the check must still fail (then the test is marked TODO); without it, it must pass.
 */
async function knownBehaviour(t, id, fn) {
  const entry = KNOWN_FAILURES.find((k) => k.id === id && checkerOf(k).includes("behaviour"));
  let error = null;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  if (!entry) {
    if (error) throw error;
    return;
  }
  if (!error) throw new Error(describeStale([entry]));
  t.diagnostic(`still failing as known: ${String(error.message).split("\n")[0]}`);
  markKnown(t, [{ entry }]);
}

module.exports = { KNOWN_FAILURES, knownBehaviour, knownFailureFor, partition, staleEntries, describeStale, markKnown };
