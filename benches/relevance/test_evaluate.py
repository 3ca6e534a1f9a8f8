"""Self-check of the relevance evaluation's own logic, run by run.sh before every evaluation:
a harness that mislabels expected results or scores ranks wrongly would report figures that
look plausible and mean nothing, so its query generation and scoring are checked on a
small site whose answers are known.

    target/relevance-venv/bin/python -m unittest discover -s benches/relevance -p 'test_*.py'
"""

import random
import unittest

import evaluate as ev


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (test oracle for the typo generator)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def site():
    texts = [
        ("en", "practices/a/angry.html", "An angry patron shouted at the desk. Stay calm and listen."),
        ("en", "practices/a/calm.html", "Keep calm when a patron is upset; patrons notice the tone."),
        ("en", "practices/b/cards.html", "Ask for the library card before lending books."),
        ("en", "rights/privacy.html", "Borrowing records stay private."),
        ("pl", "pl/practices/a/angry.html", "Czytelnik krzyczy przy ladzie. Zachowaj spokój i wysłuchaj."),
        ("pl", "pl/practices/b/costs.html", "Wyjaśnij koszty wypożyczenia międzybibliotecznego."),
        ("pl", "pl/rights/privacy.html", "Dane czytelnika są poufne."),
        ("zh", "zh/practices/a/angry.html", "读者生气时，保持冷静，认真倾听读者的意见。"),
        ("zh", "zh/rights/privacy.html", "读者的借阅记录属于个人隐私。"),
    ]
    return [
        ev.Entry(url, lang, "right" if "/rights/" in "/" + url else "practice",
                 url.split("/", 1)[-1], text)
        for lang, url, text in texts
    ]


class Pieces(unittest.TestCase):
    def test_fold_removes_every_polish_diacritic(self):
        self.assertEqual(ev.fold("Zażółć gęślą jaźń Łódź"), "Zazolc gesla jazn Lodz")
        self.assertEqual(ev.fold("kosztów"), "kosztow")

    def test_typo_is_one_edit_never_the_first_letter_and_seeded(self):
        for seed in range(300):
            word = random.Random(seed).choice(["patron", "desk", "borrowing", "angry"])
            typo = ev.typo(word, random.Random(seed))
            self.assertEqual(osa_distance(word, typo), 1, (word, typo))
            self.assertEqual(typo[0], word[0], (word, typo))
            self.assertEqual(typo, ev.typo(word, random.Random(seed)))

    def test_urls_from_both_engines_compare_equal(self):
        self.assertEqual(ev.normalize_url("/pl/rights/privacy.html#x"), "pl/rights/privacy.html")
        self.assertEqual(ev.normalize_url("pl/practices/a/"), "pl/practices/a/index.html")

    def test_scoring(self):
        queries = [
            {"lang": "en", "kind": "typo", "rank": {"e": 1}, "results": {"e": ["a"]}},
            {"lang": "en", "kind": "typo", "rank": {"e": 4}, "results": {"e": ["b"] * 4}},
            {"lang": "en", "kind": "typo", "rank": {"e": None}, "results": {"e": ["c"]}},
            {"lang": "en", "kind": "typo", "rank": {"e": None}, "results": {"e": []}},
        ]
        m = ev.score(queries, ["e"])["en"]["typo"]["e"]
        self.assertEqual((m["n"], m["hit@3"], m["hit@10"], m["empty"]), (4, 0.25, 0.5, 0.25))
        self.assertAlmostEqual(m["mrr"], round((1 + 0.25) / 4, 3))
        self.assertEqual(ev.rank_of(["x", "y"], ["a", "y", "x"]), 2)
        self.assertIsNone(ev.rank_of(["x"], ["a"] * 10))


    def test_ranking_symptoms(self):
        entries = [ev.Entry("practices/a/x.html", "en", "practice", "a/x", ""),
                   ev.Entry("pl/practices/a/x.html", "pl", "practice", "a/x", "")]
        langs = {"practices/a/x.html": "en", "pl/practices/a/x.html": "pl",
                 "practices/a/index.html": "en", "pl/practices/a/index.html": "pl"}
        queries = [
            {"lang": "pl", "kind": "k", "results": {"e": ["practices/a/x.html", "pl/practices/a/x.html"]}},
            {"lang": "pl", "kind": "k", "results": {"e": ["pl/practices/a/index.html", "pl/practices/a/x.html"]}},
            {"lang": "pl", "kind": "k", "results": {"e": []}},
            {"lang": "pl", "kind": "k", "results": {"e": ["practices/a/index.html"]}},
        ]
        d = ev.diagnose(queries, entries, langs, "e")["pl"]["k"]
        self.assertEqual(d, {"non_entry": round(2 / 5, 3), "other_lang_first": 0.5})


class Generation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gen = ev.Generator(site(), seed=13, per_kind=60)

    def test_expected_entries_hold_any_form_of_the_lemma_in_the_query_language(self):
        gen = self.gen
        self.assertEqual(gen.expected_lemmas("en", [gen.en.lemmas("shouting")]), ["practices/a/angry.html"])
        self.assertEqual(
            gen.expected_lemmas("en", [gen.en.lemmas("patron")]),
            ["practices/a/angry.html", "practices/a/calm.html"],
        )
        both = [gen.en.lemmas("angry"), gen.en.lemmas("patrons")]
        self.assertEqual(gen.expected_lemmas("en", both), ["practices/a/angry.html"])
        self.assertEqual(gen.expected_lemmas("pl", [gen.pl.lemmas("kosztów")]), ["pl/practices/b/costs.html"])
        self.assertEqual(gen.expected_text("zh", "隐私"), ["zh/rights/privacy.html"])

    def test_generated_queries_are_what_their_kind_says(self):
        queries = self.gen.generate()
        kinds = {(q["lang"], q["kind"]) for q in queries}
        self.assertEqual(kinds, {(l, k) for l in ev.LANGS for k in ev.KINDS[l]})
        keys = [(q["lang"], q["kind"], q["q"]) for q in queries]
        self.assertEqual(len(keys), len(set(keys)), "a query repeated within its kind")
        for q in queries:
            self.assertTrue(q["expected"], q)
            self.assertTrue(all(url.startswith(q["lang"] + "/") == (q["lang"] != "en") for url in q["expected"]), q)
            if q["kind"] in ("inflected", "no-diacritics", "typo"):
                self.assertEqual(len(q["lemmas"]), 1, q)
            if q["kind"] == "inflected":
                self.assertNotEqual(q["q"], q["source"], q)
                self.assertTrue(self.gen.analyser(q["lang"]).lemmas(q["q"]) & set(q["lemmas"]), q)
            if q["kind"] == "no-diacritics":
                self.assertEqual(q["q"], ev.fold(q["form"]))
                self.assertNotEqual(q["q"], q["form"])
            if q["kind"] == "typo":
                self.assertEqual(osa_distance(q["q"], q["source"]), 1, q)
                self.assertNotIn(q["q"], self.gen.vocabulary)
        self.assertEqual(queries, ev.Generator(site(), seed=13, per_kind=60).generate())
        self.assertNotEqual(queries, ev.Generator(site(), seed=14, per_kind=60).generate())


if __name__ == "__main__":
    unittest.main()
