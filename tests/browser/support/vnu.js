// The Nu HTML Checker (npm vnu-jar) run with the machine's java, errors only.
"use strict";

const path = require("node:path");
const { spawnSync } = require("node:child_process");

const VNU_JAR = String(require("vnu-jar")); // the path of vnu.jar
const REPO = path.resolve(__dirname, "..", "..", "..");

function javaMissing() {
  const probe = spawnSync("java", ["-version"], { encoding: "utf8" });
  return probe.error || probe.status !== 0
    ? "no `java` on PATH for the Nu HTML Checker: run `apt-get install -y default-jre-headless`"
    : null;
}

/**
 * Checks `files` (absolute paths; .html as HTML, .css as CSS). Returns findings
 * { checker: "vnu" | "vnu-css", page, message, line, column, extract }, with `page` relative to
 * `base`.
 */
function vnuCheck(files, base) {
  if (!files.length) return [];
  const run = spawnSync(
    "java",
    ["-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", VNU_JAR, "--errors-only", "--also-check-css", "--format", "json", ...files],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }
  );
  if (run.error) throw run.error;
  let report;
  try {
    report = JSON.parse(run.stderr || run.stdout);
  } catch {
    throw new Error(`the Nu HTML Checker did not answer with JSON (exit ${run.status}):\n${run.stderr}\n${run.stdout}`);
  }
  return report.messages
    .filter((m) => m.type === "error" || m.subType === "fatal" || m.type === "non-document-error")
    .map((m) => {
      const file = m.url ? decodeURIComponent(m.url.replace(/^file:/, "")) : "";
      return {
        checker: file.endsWith(".css") ? "vnu-css" : "vnu",
        page: file ? relativeTo(base, file) : "",
        message: m.message,
        line: m.lastLine,
        column: m.firstColumn,
        extract: m.extract,
      };
    });
}

/** `file` relative to `base`, or to the repository when it is not under `base`. */
function relativeTo(base, file) {
  let rel = path.relative(base, file);
  if (rel.startsWith("..")) rel = path.relative(REPO, file);
  return rel.split(path.sep).join("/");
}

/** Findings grouped by message, a few locations each (a broken template repeats on many pages). */
function formatFindings(findings, perGroup = 4) {
  const groups = new Map();
  for (const f of findings) {
    if (!groups.has(f.message)) groups.set(f.message, []);
    groups.get(f.message).push(f);
  }
  const out = [];
  for (const [message, list] of groups) {
    out.push(`  ${message}  (${list.length}×)`);
    for (const f of list.slice(0, perGroup)) {
      const where = `${f.page}${f.line ? `:${f.line}` : ""}${f.column ? `:${f.column}` : ""}`;
      out.push(`      ${where}${f.extract ? `   ${f.extract.replace(/\s*\n\s*/g, " ⏎ ").trim()}` : ""}`);
    }
    if (list.length > perGroup) out.push(`      … and ${list.length - perGroup} more`);
  }
  return out.join("\n");
}

module.exports = { VNU_JAR, javaMissing, vnuCheck, formatFindings };
