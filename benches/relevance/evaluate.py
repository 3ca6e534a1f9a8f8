"""Search-relevance evaluation: deskbook against Pagefind on the same built site.

Why this exists: deskbook's search has to win on the queries library staff really type
(inflected forms, Polish without diacritics, typos, Chinese without spaces), and the only
honest way to know is to measure it the way an outsider would. So the queries are not
written by the people who write the engine: they are generated from the built site's own
entry pages by outside linguistic tools (lemminflect for English, Morfeusz 2 with the SGJP
dictionary for Polish, jieba for Chinese), seeded so that every run asks the same questions,
and the same queries go through `deskbook search` and through Pagefind (the anchor, in its
best case: an index of the entry pages only). `run.sh` sets up the tools and calls this file;
README.md beside it explains the method and records the figures.

A query's expected results are the entries (practice and right pages) in the query's
language whose `<main>` text (less page furniture) contains any form of the query word's lemma (Chinese: the word
or phrase itself). A query is a hit@k when one of them is among an engine's first k results.
"""

from __future__ import annotations

import argparse
import datetime as dt
from importlib import metadata
import json
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def die(message: str) -> None:
    print(f"relevance: error: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import jieba
    import jieba.posseg
    import lemminflect
    import morfeusz2
    import stopwordsiso
    from bs4 import BeautifulSoup
except ImportError as error:  # run.sh installs these; a bare `python evaluate.py` may not have them
    die(
        f"{error}: the evaluation needs the packages in {HERE / 'requirements.txt'}; "
        "run benches/relevance/run.sh, which installs them into target/relevance-venv"
    )

LANGS = ("en", "pl", "zh")
KINDS = {
    "en": ("inflected", "typo", "two-word"),
    "pl": ("inflected", "no-diacritics"),
    "zh": ("word", "phrase"),
}
LIMIT = 10
WORD = re.compile(r"[^\W\d_]+")
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Sentence and clause boundaries: two-word queries never straddle one.
CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”„«»…/·|—–\n]+")

# Morfeusz part-of-speech classes that carry meaning (nouns, adjectives, adverbs, verb forms).
PL_CONTENT = {
    "subst", "depr", "adj", "adv", "fin", "praet", "impt", "inf", "pcon", "pant",
    "pact", "ppas", "imps", "bedzie",
}
# Forms a query generator may propose: the same lexeme's inflection; not gerunds (another
# word class), not adverbial participles ("przyszedłszy", archaic in speech); negated,
# vocative-only and qualified (archaic, colloquial…) forms are skipped in Polish.forms.
PL_GENERATE = PL_CONTENT - {"depr", "pant"}
EN_CONTENT = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}
ZH_CONTENT_FLAGS = ("n", "v", "a", "vn", "an", "i", "l")
PL_FOLD = str.maketrans({"ł": "l", "Ł": "L"})


def fold(word: str) -> str:
    """The word as typed on a keyboard without Polish diacritics."""
    decomposed = unicodedata.normalize("NFD", word.translate(PL_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_url(url: str) -> str:
    url = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    return url + "index.html" if url.endswith("/") or url == "" else url


# --------------------------------------------------------------------------- the site


class Entry:
    def __init__(self, url: str, lang: str, kind: str, entry_id: str, text: str):
        self.url, self.lang, self.kind, self.id, self.text = url, lang, kind, entry_id, text
        self.lemmas: set[str] = set()  # every lemma of every word (en, pl)
        self.words: set[str] = set()  # surface forms, lowercased


# Page furniture inside `<main>` that is not the entry's own text: breadcrumb and table of
# contents (`<nav>`), the footer's owner / last-reviewed / tag facts and print buttons, the
# badge links naming the rights a practice upholds and the review-due badges, the banner
# saying a translation is out of date, and the cards of related entries (a right page lists
# its practices, untranslated ones in English). Left in, they make queries such as
# "printable handout", "owner adult" or 翻译 (from the stale-translation banner), and Polish
# queries analysed from English card text ("law" read as a form of "lawa"), whose
# "expected" entries no reader would expect.
FURNITURE = "nav, footer, ul.badges, .badge, .banner, section.related"


def load_entries(out: Path) -> list[Entry]:
    """Practice and right pages of the built site, with their `<main>` text less furniture."""
    entries = []
    for path in sorted(out.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "data-entry=" not in html:
            continue
        soup = BeautifulSoup(html, "html.parser")
        article = soup.find("article", attrs={"data-entry": True})
        main = soup.find("main")
        if article is None or main is None:
            continue
        lang = (soup.html.get("lang") or "").split("-")[0]
        entry_id = article["data-entry"]
        kind = "right" if entry_id.startswith("rights/") else "practice"
        url = path.relative_to(out).as_posix()
        for furniture in main.select(FURNITURE):
            furniture.decompose()
        for foreign in main.select("[lang]"):  # any other quoted-language text
            if foreign.get("lang", "").split("-")[0] != lang:
                foreign.decompose()
        entries.append(Entry(url, lang, kind, entry_id, main.get_text(" ")))
    if not entries:
        die(f"{out}: no entry pages (no <article data-entry=…>) found; is this a built deskbook site?")
    return entries


# --------------------------------------------------------------------------- analysers


class English:
    def __init__(self):
        self.stop = set(stopwordsiso.stopwords("en"))
        self.cache: dict[str, dict] = {}

    def analyse(self, word: str) -> dict:
        """{upos: lemmas} from lemminflect's dictionary ({} when it does not know the word)."""
        if word not in self.cache:
            self.cache[word] = lemminflect.getAllLemmas(word)
        return self.cache[word]

    def lemmas(self, word: str) -> set[str]:
        found = {l.lower() for ls in self.analyse(word).values() for l in ls}
        return found or {word}

    def is_content(self, word: str) -> bool:
        return (
            len(word) >= 3
            and word not in self.stop
            and bool(set(self.analyse(word)) & EN_CONTENT)
        )

    def forms(self, word: str) -> set[str]:
        """Every inflection of the word's lemma(s), within the word's own parts of speech."""
        forms = set()
        for upos, lemmas in self.analyse(word).items():
            if upos not in EN_CONTENT:
                continue
            for lemma in lemmas:
                forms.add(lemma.lower())
                for inflections in lemminflect.getAllInflections(lemma, upos=upos).values():
                    forms.update(f.lower() for f in inflections)
        return {f for f in forms if WORD.fullmatch(f)}


class Polish:
    def __init__(self):
        self.morfeusz = morfeusz2.Morfeusz()
        self.stop = set(stopwordsiso.stopwords("pl"))
        self.cache: dict[str, list] = {}

    def analyse(self, word: str) -> list[tuple[str, str]]:
        """[(lemma without homonym marker, part of speech)] for the word's first segment."""
        if word not in self.cache:
            self.cache[word] = [
                (interp[1].split(":", 1)[0], interp[2].split(":", 1)[0])
                for start, _end, interp in self.morfeusz.analyse(word)
                if start == 0 and interp[2].split(":", 1)[0] != "ign"
            ]
        return self.cache[word]

    def lemmas(self, word: str) -> set[str]:
        return {lemma.lower() for lemma, _pos in self.analyse(word)} or {word}

    def is_content(self, word: str) -> bool:
        analyses = self.analyse(word)
        return (
            len(word) >= 3
            and word not in self.stop
            and bool(analyses)
            and all(pos in PL_CONTENT | {"ger", "aglt"} for _lemma, pos in analyses)
        )

    def forms(self, word: str) -> set[str]:
        forms = set()
        for lemma, pos in self.analyse(word):
            if pos not in PL_CONTENT:
                continue
            for orth, _lemma, tag, _names, qualifiers in self.morfeusz.generate(lemma):
                parts = tag.split(":")
                if parts[0] not in PL_GENERATE or "neg" in parts or "voc" in parts or qualifiers:
                    continue
                if WORD.fullmatch(orth) and orth == orth.lower():
                    forms.add(orth)
        return forms


class Chinese:
    def __init__(self):
        jieba.setLogLevel(60)
        jieba.initialize()
        self.stop = set(stopwordsiso.stopwords("zh"))

    def words(self, text: str) -> list[list[str | None]]:
        """Runs of jieba tokens between clause boundaries; None marks a non-content token."""
        runs = []
        for clause in CLAUSE.split(text):
            run = []
            # Dictionary words only: jieba's HMM guesses glue particles to words ("或电子邮件").
            for token in jieba.posseg.lcut(clause, HMM=False):
                word, flag = token.word.strip(), token.flag
                if not word:
                    continue
                content = (
                    len(word) >= 2
                    and CJK.match(word)
                    and word not in self.stop
                    and flag.startswith(ZH_CONTENT_FLAGS)
                )
                run.append(word if content else None)
            runs.append(run)
        return runs


# --------------------------------------------------------------------------- queries


def typo(word: str, rng: random.Random) -> str:
    """One seeded edit (deletion, substitution, transposition or insertion), never the first
    letter: typing-error studies find first-letter errors rare, and spelling correctors
    generally trust the first letter, so such typos would mostly measure bad luck."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    op = rng.choice(("deletion", "substitution", "transposition", "insertion"))
    i = rng.randrange(1, len(word))
    if op == "deletion":
        return word[:i] + word[i + 1 :]
    if op == "substitution":
        return word[:i] + rng.choice(alphabet.replace(word[i], "")) + word[i + 1 :]
    if op == "transposition":
        i = min(i, len(word) - 2)
        if i < 1 or word[i] == word[i + 1]:
            return word[:i] + word[i + 1 :]  # nothing to swap: fall back to a deletion
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(alphabet) + word[i:]


class Generator:
    def __init__(self, entries: list[Entry], seed: int, per_kind: int):
        self.seed, self.per_kind = seed, per_kind
        self.by_lang = {lang: [e for e in entries if e.lang == lang] for lang in LANGS}
        self.en, self.pl, self.zh = English(), Polish(), Chinese()
        self.vocabulary: set[str] = set()
        self.content: dict[str, set[str]] = defaultdict(set)  # lang -> content words seen
        self.pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.zh_words: set[str] = set()
        self.zh_phrases: set[tuple[str, str]] = set()
        for entry in entries:
            self._analyse(entry)

    def analyser(self, lang: str):
        return {"en": self.en, "pl": self.pl}[lang]

    def _analyse(self, entry: Entry) -> None:
        if entry.lang == "zh":
            for run in self.zh.words(entry.text):
                for a, b in zip(run, run[1:] + [None]):
                    if a:
                        self.zh_words.add(a)
                        if b:
                            self.zh_phrases.add((a, b))
            return
        if entry.lang not in ("en", "pl"):
            return
        analyser = self.analyser(entry.lang)
        for clause in CLAUSE.split(entry.text):
            words = [w.lower() for w in WORD.findall(clause)]
            for w in words:
                entry.words.add(w)
                entry.lemmas |= analyser.lemmas(w)
                if analyser.is_content(w):
                    self.content[entry.lang].add(w)
            for a, b in zip(words, words[1:]):
                if a != b and analyser.is_content(a) and analyser.is_content(b):
                    self.pairs[entry.lang].add((a, b))
        self.vocabulary |= entry.words

    # Expected entries ----------------------------------------------------------------

    def expected_lemmas(self, lang: str, lemma_sets: list[set[str]]) -> list[str]:
        """Entries of `lang` containing a form of every one of the words (each a set of
        alternative lemmas)."""
        return [
            e.url
            for e in self.by_lang[lang]
            if all(e.lemmas & lemmas for lemmas in lemma_sets)
        ]

    def expected_text(self, lang: str, needle: str) -> list[str]:
        return [e.url for e in self.by_lang[lang] if needle in e.text]

    def informative(self, lang: str, expected: list[str]) -> bool:
        """Found in at least one entry and at most about half of them: a query every entry
        answers measures nothing."""
        return 1 <= len(expected) <= max(1, len(self.by_lang[lang]) // 2)

    # Kinds ---------------------------------------------------------------------------

    def rng(self, lang: str, kind: str) -> random.Random:
        return random.Random(f"{self.seed}:{lang}:{kind}")

    def generate(self) -> list[dict]:
        queries = []
        for lang in LANGS:
            if not self.by_lang[lang]:
                continue
            for kind in KINDS[lang]:
                made = getattr(self, "_" + kind.replace("-", "_"))(lang, self.rng(lang, kind))
                for query in made:
                    query.update(lang=lang, kind=kind)
                queries.extend(made)
        return queries

    def _take(self, candidates, rng, make) -> list[dict]:
        """Shuffle the sorted candidates with the seeded generator and keep the first
        `per_kind` that make a distinct, informative query."""
        candidates = sorted(candidates)
        rng.shuffle(candidates)
        out, seen = [], set()
        for candidate in candidates:
            query = make(candidate, rng)
            if query and query["q"] not in seen:
                seen.add(query["q"])
                out.append(query)
                if len(out) == self.per_kind:
                    break
        return out

    def _inflected(self, lang, rng, need_diacritic=False):
        analyser = self.analyser(lang)

        def make(word, rng):
            lemmas = analyser.lemmas(word)
            # One lemma only: "rzecz" (thing) is also a form of "rzec" (to say), and a form
            # generated from the wrong one would be a query about something else.
            if len(lemmas) != 1:
                return None
            expected = self.expected_lemmas(lang, [lemmas])
            if not self.informative(lang, expected):
                return None
            forms = sorted(f for f in analyser.forms(word) - {word} if len(f) >= 3)
            if need_diacritic:
                forms = [f for f in forms if fold(f) != f]
            if not forms:
                return None
            # Prefer a form the site never uses: that is what tests the analysis.
            unseen = [f for f in forms if f not in self.vocabulary]
            form = rng.choice(unseen or forms)
            q = fold(form) if need_diacritic else form
            return {"q": q, "source": word, "form": form, "lemmas": sorted(lemmas), "expected": expected}

        return self._take(self.content[lang], rng, make)

    def _no_diacritics(self, lang, rng):
        return self._inflected(lang, rng, need_diacritic=True)

    def _typo(self, lang, rng):
        analyser = self.analyser(lang)

        def make(word, rng):
            lemmas = analyser.lemmas(word)
            if len(word) < 4 or len(lemmas) != 1:
                return None
            expected = self.expected_lemmas(lang, [lemmas])
            if not self.informative(lang, expected):
                return None
            for _ in range(8):
                q = typo(word, rng)
                # A typo must not be a word: not on the site, not in the dictionary.
                if len(q) >= 4 and q not in self.vocabulary and not analyser.analyse(q):
                    return {"q": q, "source": word, "lemmas": sorted(lemmas), "expected": expected}
            return None

        return self._take(self.content[lang], rng, make)

    def _two_word(self, lang, rng):
        analyser = self.analyser(lang)

        def make(pair, rng):
            a, b = pair
            lemma_sets = [analyser.lemmas(a), analyser.lemmas(b)]
            expected = self.expected_lemmas(lang, lemma_sets)
            if not self.informative(lang, expected):
                return None
            return {"q": f"{a} {b}", "lemmas": [sorted(s) for s in lemma_sets], "expected": expected}

        return self._take(self.pairs[lang], rng, make)

    def _word(self, lang, rng):
        def make(word, rng):
            expected = self.expected_text(lang, word)
            return {"q": word, "expected": expected} if self.informative(lang, expected) else None

        return self._take(self.zh_words, rng, make)

    def _phrase(self, lang, rng):
        def make(pair, rng):
            phrase = "".join(pair)
            expected = self.expected_text(lang, phrase)
            if not self.informative(lang, expected):
                return None
            return {"q": phrase, "words": list(pair), "expected": expected}

        return self._take(self.zh_phrases, rng, make)

    # Staff examples ------------------------------------------------------------------

    def staff(self, specs: list[dict]) -> list[dict]:
        """The issue's named examples: expected entries from the lemmas (or text) the writer
        meant, or one named entry."""
        out = []
        for spec in specs:
            lang = spec["lang"]
            if not self.by_lang.get(lang):
                continue
            if "entry" in spec:
                expected = [e.url for e in self.by_lang[lang] if e.id == spec["entry"]]
            elif lang == "zh":
                expected = self.expected_text(lang, spec["text"])
            else:
                expected = self.expected_lemmas(lang, [{l} for l in spec["lemmas"]])
            out.append({**spec, "kind": "staff", "expected": expected})
        return out


# --------------------------------------------------------------------------- engines


def run_deskbook(binary: str, root: Path, out: Path, queries: list[dict]) -> list[list[str]]:
    results = []
    for query in queries:
        command = [binary, "search", "--root", str(root), "--out", str(out), "--json",
                   "--limit", str(LIMIT), "--", query["q"]]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            die(f"`{' '.join(command)}` exited with {done.returncode}: {done.stderr.strip()}")
        try:
            hits = json.loads(done.stdout)
        except json.JSONDecodeError as error:
            die(f"`{' '.join(command)}` printed no JSON ({error}): {done.stdout[:200]!r}")
        results.append([normalize_url(h["url"]) for h in hits])
    return results


# Pagefind's configurations, all over the entry pages only; the table reports the best of them
# per language × kind, so deskbook is compared with Pagefind at its best on every row.
# "page": Pagefind's defaults (the whole page, which Pagefind already reads without its
# <nav>, <header> and <footer>); "entry-text": exactly the text the expected results are
# drawn from (<main> less the furniture above).
PAGEFIND_CONFIGS = {
    "page": {"root_selector": None, "exclude_selectors": []},
    "entry-text": {"root_selector": "main",
                   "exclude_selectors": [sel.strip() for sel in FURNITURE.split(",")]},
}


def run_pagefind(node: str, module: str, site: Path, work: Path, entries: list[Entry],
                 queries: list[dict], name: str) -> tuple[str, list[list[str]]]:
    job = {
        "pagefind_module": module,
        "site": str(site),
        "bundle": str(work / f"pagefind-{name}"),
        "entries": [e.url for e in entries],
        **PAGEFIND_CONFIGS[name],
        "limit": LIMIT,
        "queries": [{"lang": q["lang"], "q": q["q"]} for q in queries],
    }
    job_path, result_path = work / f"pagefind-{name}-job.json", work / f"pagefind-{name}-results.json"
    job_path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    done = subprocess.run([node, str(HERE / "pagefind.mjs"), str(job_path), str(result_path)])
    if done.returncode != 0 or not result_path.exists():
        die(f"the Pagefind run ({name}) failed (exit {done.returncode}); see the messages above")
    answer = json.loads(result_path.read_text(encoding="utf-8"))
    return answer["version"], [[normalize_url(u) for u in r] for r in answer["results"]]


# --------------------------------------------------------------------------- scoring


def rank_of(expected: list[str], results: list[str]) -> int | None:
    wanted = set(expected)
    return next((i + 1 for i, url in enumerate(results) if url in wanted), None)


def score(queries: list[dict], engines: list[str]) -> dict:
    """{lang: {kind: {engine: {n, hit@3, hit@10, mrr, empty}}}}"""
    table: dict = defaultdict(lambda: defaultdict(dict))
    groups = defaultdict(list)
    for q in queries:
        groups[(q["lang"], q["kind"])].append(q)
    for (lang, kind), group in groups.items():
        for engine in engines:
            ranks = [q["rank"][engine] for q in group]
            n = len(group)
            table[lang][kind][engine] = {
                "n": n,
                "hit@3": round(sum(1 for r in ranks if r and r <= 3) / n, 3),
                "hit@10": round(sum(1 for r in ranks if r and r <= 10) / n, 3),
                "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
                "empty": round(sum(1 for q in group if not q["results"][engine]) / n, 3),
            }
    return table


def page_languages(out: Path) -> dict[str, str]:
    """The `<html lang>` of every page of the built site, by URL."""
    found = {}
    for path in out.rglob("*.html"):
        with path.open(encoding="utf-8") as f:
            m = re.search(r'<html[^>]*\blang="([^"]+)"', f.read(2000))
        found[path.relative_to(out).as_posix()] = m.group(1).split("-")[0] if m else "?"
    return found


def diagnose(queries: list[dict], entries: list[Entry], page_lang: dict[str, str], engine: str) -> dict:
    """Ranking symptoms the hit rates hide, per language × kind: the share of the first 10
    results that are not entries (category, tag, free pages) and the share of queries whose
    first result is a page in another language."""
    entry_urls = {e.url for e in entries}
    out: dict = defaultdict(dict)
    groups = defaultdict(list)
    for q in queries:
        groups[(q["lang"], q["kind"])].append(q)
    for (lang, kind), group in groups.items():
        results = [url for q in group for url in q["results"][engine]]
        firsts = [q["results"][engine][0] for q in group if q["results"][engine]]
        out[lang][kind] = {
            "non_entry": round(sum(1 for u in results if u not in entry_urls) / max(1, len(results)), 3),
            "other_lang_first": round(sum(1 for u in firsts if page_lang.get(u) != lang) / len(group), 3),
        }
    return out


def best_of(table: dict, configs: list[str], name: str) -> None:
    """Add `name`: per language × kind, each metric at its best over the configurations."""
    for kinds in table.values():
        for row in kinds.values():
            rows = [row[c] for c in configs]
            row[name] = {"n": rows[0]["n"], "empty": min(r["empty"] for r in rows),
                         **{m: max(r[m] for r in rows) for m in ("hit@3", "hit@10", "mrr")}}


def print_table(table: dict, engines: list[str]) -> None:
    head = "| lang | kind | n | " + " | ".join(
        f"{e} hit@3 | {e} hit@10 | {e} MRR | {e} empty" for e in engines) + " |"
    print(head)
    print("|" + "---|" * (3 + 4 * len(engines)))
    for lang in LANGS:
        for kind in KINDS[lang]:
            if kind not in table.get(lang, {}):
                continue
            row = table[lang][kind]
            cells = []
            for e in engines:
                m = row[e]
                cells += [f"{m['hit@3']:.2f}", f"{m['hit@10']:.2f}", f"{m['mrr']:.2f}", f"{m['empty']:.2f}"]
            print(f"| {lang} | {kind} | {row[engines[0]]['n']} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", required=True, type=Path, help="the site folder (deskbook.yaml)")
    parser.add_argument("--out", required=True, type=Path, help="the built site")
    parser.add_argument("--deskbook", required=True, help="the deskbook binary")
    parser.add_argument("--node", default="node")
    parser.add_argument("--pagefind-module", required=True, help="…/node_modules/pagefind/lib/index.js")
    parser.add_argument("--work", required=True, type=Path, help="scratch folder")
    parser.add_argument("--json", required=True, type=Path, help="where to write the results")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--per-kind", type=int, default=60)
    args = parser.parse_args()
    started = time.monotonic()
    args.work.mkdir(parents=True, exist_ok=True)

    entries = load_entries(args.out)
    counts = {lang: sum(1 for e in entries if e.lang == lang) for lang in LANGS}
    print(f"entries: {len(entries)} ({', '.join(f'{l} {n}' for l, n in counts.items())}); "
          f"seed {args.seed}, {args.per_kind} queries per language × kind", flush=True)
    generator = Generator(entries, args.seed, args.per_kind)
    queries = generator.generate()
    specs = json.loads((HERE / "staff.json").read_text(encoding="utf-8"))
    staff = generator.staff(specs)
    everything = queries + staff
    short = [(l, k, n) for l in LANGS for k in KINDS[l]
             if counts[l] and (n := sum(1 for q in queries if (q["lang"], q["kind"]) == (l, k))) < args.per_kind]
    for lang, kind, n in short:
        print(f"warning: only {n} distinct informative {lang} {kind} queries on this site", file=sys.stderr)
    print(f"queries: {len(queries)} generated + {len(staff)} staff examples "
          f"({time.monotonic() - started:.1f} s)", flush=True)

    t = time.monotonic()
    desk = run_deskbook(args.deskbook, args.root, args.out, everything)
    desk_seconds = time.monotonic() - t
    t = time.monotonic()
    configs = [f"pagefind/{name}" for name in PAGEFIND_CONFIGS]
    pagefind = {}
    for name in PAGEFIND_CONFIGS:
        version, pagefind[f"pagefind/{name}"] = run_pagefind(
            args.node, args.pagefind_module, args.out, args.work, entries, everything, name)
    pf_seconds = time.monotonic() - t
    print(f"deskbook: {desk_seconds:.1f} s; Pagefind {version}, {len(configs)} configurations: "
          f"{pf_seconds:.1f} s (indexing included)")

    engines = ["deskbook"] + configs
    for i, q in enumerate(everything):
        q["results"] = {"deskbook": desk[i], **{c: pagefind[c][i] for c in configs}}
        q["rank"] = {e: rank_of(q["expected"], q["results"][e]) for e in engines}
        found = [q["rank"][c] for c in configs if q["rank"][c]]
        q["rank"]["pagefind"] = min(found) if found else None  # its best configuration

    # Never report zeros for a broken engine: an engine that finds nothing at all is a set-up
    # failure (wrong folder, empty index), not a measurement.
    for engine in engines:
        if not any(q["results"][engine] for q in queries):
            die(f"{engine} returned no result for any of {len(queries)} queries: check the set-up")

    table = score(queries, engines)
    best_of(table, configs, "pagefind")
    diagnostics = diagnose(queries, entries, page_languages(args.out), "deskbook")
    print()
    print_table(table, ["deskbook", "pagefind"])
    print("(pagefind: its best configuration on each row and metric; per configuration, hit@10:")
    for lang in LANGS:
        for kind, row in table.get(lang, {}).items():
            print(f"  {lang} {kind:14} " + ", ".join(f"{c} {row[c]['hit@10']:.2f}" for c in configs))
    print(")")
    print()
    print("deskbook ranking symptoms (Pagefind's index holds only the query language's entries):")
    for lang in LANGS:
        for kind, d in diagnostics.get(lang, {}).items():
            print(f"  {lang} {kind:14} non-entry results {d['non_entry']:.2f}, "
                  f"another language first {d['other_lang_first']:.2f}")
    print()
    print("Staff examples (rank of the first expected entry in the query's language, of 10):")
    for q in staff:
        if not q["expected"]:
            print(f"  {q['q']!r:28} ({q['lang']}) n/a: no entry contains what it means")
            continue
        cells = []
        for e in ("deskbook", "pagefind"):
            r = q["rank"][e]
            cells.append(f"{e} {('#' + str(r)) if r else 'not found':9}")
        top = q["results"]["deskbook"][:1]
        print(f"  {q['q']!r:28} ({q['lang']}) {'  '.join(cells)}  expected {len(q['expected'])}: "
              f"{', '.join(q['expected'][:2])}{' …' if len(q['expected']) > 2 else ''}"
              f"{'' if q['rank']['deskbook'] == 1 or not top else '; deskbook #1: ' + top[0]}")

    report = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": args.seed,
        "per_kind": args.per_kind,
        "site": str(args.root),
        "deskbook": args.deskbook,
        "pagefind_version": version,
        "pagefind_configurations": PAGEFIND_CONFIGS,
        "deskbook_version": subprocess.run([args.deskbook, "--version"], capture_output=True,
                                           text=True).stdout.strip(),
        "tools": {
            **{name: metadata.version(name) for name in
               ("lemminflect", "morfeusz2", "jieba", "stopwordsiso", "beautifulsoup4")},
            "morfeusz_dictionary": generator.pl.morfeusz.dict_id(),
            "python": sys.version.split()[0],
            "node": subprocess.run([args.node, "--version"], capture_output=True, text=True).stdout.strip(),
        },
        "entries": counts,
        "seconds": {"total": round(time.monotonic() - started, 1),
                    "deskbook": round(desk_seconds, 1), "pagefind": round(pf_seconds, 1)},
        "table": table,
        "deskbook_diagnostics": diagnostics,
        "queries": everything,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwrote {args.json} ({report['seconds']['total']} s)")


if __name__ == "__main__":
    main()
