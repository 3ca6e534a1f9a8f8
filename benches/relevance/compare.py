"""Compare two runs of the relevance evaluation (the JSON files run.sh writes).

Why: the search engine changes while this harness stays put, and a table of averages hides
which queries a change won and lost. This prints the per language × kind figures old → new
and every query whose rank moved across the hit@3 or hit@10 line, for one engine.

    target/relevance-venv/bin/python benches/relevance/compare.py OLD.json NEW.json [--engine deskbook]
"""

import argparse
import json
import sys


def band(rank):
    return 0 if rank is None else (2 if rank <= 3 else 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--engine", default="deskbook", choices=["deskbook", "pagefind"])
    args = parser.parse_args()
    old, new = (json.load(open(p, encoding="utf-8")) for p in (args.old, args.new))
    if (old["seed"], old["per_kind"]) != (new["seed"], new["per_kind"]):
        print("warning: the runs used different seeds or sizes; queries differ", file=sys.stderr)
    e = args.engine
    print(f"{e}: {old['deskbook'] if e == 'deskbook' else old['pagefind_version']} ({old['date']})"
          f" → {new['deskbook'] if e == 'deskbook' else new['pagefind_version']} ({new['date']})")
    print("| lang | kind | hit@3 | hit@10 | MRR |")
    print("|---|---|---|---|---|")
    for lang, kinds in new["table"].items():
        for kind, engines in kinds.items():
            n = engines[e]
            o = old["table"].get(lang, {}).get(kind, {}).get(e)
            cells = [f"{o[m]:.2f} → {n[m]:.2f}" if o else f"{n[m]:.2f}" for m in ("hit@3", "hit@10", "mrr")]
            print(f"| {lang} | {kind} | " + " | ".join(cells) + " |")
    before = {(q["lang"], q["kind"], q["q"]): q["rank"][e] for q in old["queries"]}
    moved = []
    for q in new["queries"]:
        key = (q["lang"], q["kind"], q["q"])
        if key in before and band(before[key]) != band(q["rank"][e]):
            moved.append((band(q["rank"][e]) - band(before[key]), key, before[key], q["rank"][e]))
    for title, sign in (("worse", -1), ("better", 1)):
        rows = [m for m in moved if (m[0] > 0) == (sign > 0)]
        print(f"\n{len(rows)} queries {title}:")
        for _, (lang, kind, text), a, b in sorted(rows):
            print(f"  {lang} {kind:14} {text!r:30} {a or '-'} → {b or '-'}")


if __name__ == "__main__":
    main()
