//! The forms a query word is looked up under, each with how good a match through it is.
//!
//! The index holds, per word, what `analysis::word_variants` makes of it (the exact form and its
//! stem, folded). A query word is looked up under more forms than that, because the stemmers
//! leave whole classes of forms unconnected and staff type what they type:
//!
//! * English comparatives and superlatives (`longest`, `friendlier`, `easiest`): Porter2 leaves
//!   `-er`/`-est` alone. Both directions are tried at query time: `longest` is also looked up as
//!   `long`, and `long` as `longer`/`longest`. A made-up form costs one dictionary lookup and
//!   matches nothing, so the rules may over-generate.
//! * English irregular forms (`brought` ↔ `bring`, `felt` ↔ `feel`, `better` ↔ `good`), from a
//!   small table: the forms no suffix rule reaches.
//! * Polish typed without diacritics where the diacritic is in the ending (`kosztow` for
//!   `kosztów`): folding the word makes the stemmer miss the ending (`kosztow` stays
//!   `kosztow`, `kosztów` becomes `koszt`). The endings that carry diacritics are few, so the
//!   word is looked up as each way of writing its ending with them, stemmed; what the index
//!   does not hold matches nothing.
//! * Polish superlatives (`najciszej`, `najdłuższymi`): `naj-` is a prefix the stemmer does not
//!   know. The rest of the word is stemmed as well (the index does the same).
//!
//! Every form carries a [`Tier`]; the engine ranks a document by the best tier each query word
//! reaches in it before anything else, so that a guess can never outrank what was typed.

use crate::analysis::{Family, fold, is_stop_word, stem_en, stem_pl};

/// How good a match through a form is, best first. The engine turns tiers into score bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Tier {
    /// The word as typed (lower-cased; folded where the index folds).
    Exact,
    /// Another inflection through the stemmer.
    Stem,
    /// A form the stemmer does not reach: irregular, comparative, superlative, or a synonym.
    Derived,
    /// The word as typed without diacritics, its ending written with them.
    Folded,
    /// Any of the above for a word whose form as typed is nowhere in the index (a typo, or a
    /// form the site never uses): its stem may still be right, but it is a guess.
    Guess,
    /// A typo: one edit away from an index term.
    Fuzzy,
    /// The start of a longer word (search as you type).
    Prefix,
}

/// Adds `form` at `tier` unless it is there already (at the same or a better tier).
fn push(out: &mut Vec<(String, Tier)>, form: String, tier: Tier) {
    if form.is_empty() {
        return;
    }
    match out.iter_mut().find(|(f, _)| *f == form) {
        Some((_, t)) => *t = (*t).min(tier),
        None => out.push((form, tier)),
    }
}

/// The index forms one query word (one position: no CJK run, no hyphen) is looked up under in
/// `family`'s fields, each with its tier. `variants` is what the index makes of the word
/// (`analysis::word_variants`): the exact form is among them.
pub(crate) fn query_forms(family: Family, word: &str, variants: &[String]) -> Vec<(String, Tier)> {
    let lower = word.to_lowercase();
    let folded = fold(&lower);
    let mut out = Vec::new();
    match family {
        Family::En => {
            push(&mut out, folded.clone(), Tier::Exact);
            for v in variants {
                // `areed` (a typo of `agreed`) stems to `are`: a stem that is a stop word
                // while the word is not says nothing about the word.
                if !is_stop_word(v) || is_stop_word(&folded) {
                    push(&mut out, v.clone(), Tier::Stem);
                }
            }
            if folded.bytes().all(|b| b.is_ascii_lowercase()) {
                for base in english_bases(&folded) {
                    push(&mut out, stem_en(&base), Tier::Derived);
                    push(&mut out, base, Tier::Derived);
                }
                for form in english_inflections(&folded) {
                    push(&mut out, form, Tier::Derived);
                }
            }
        }
        Family::Pl => {
            push(&mut out, folded.clone(), Tier::Exact);
            for v in variants {
                push(&mut out, v.clone(), Tier::Stem);
            }
            for form in polish_superlative_forms(&lower) {
                push(&mut out, form, Tier::Derived);
            }
            if lower.is_ascii() {
                for written in polish_endings(&lower) {
                    push(&mut out, fold(&stem_pl(&written)), Tier::Folded);
                }
            }
        }
        Family::Zh | Family::Other => {
            for v in variants {
                push(&mut out, v.clone(), Tier::Exact);
            }
        }
    }
    out
}

/// The index forms of the comparative inside a Polish superlative (`najciszej` → `ciszej`,
/// `najdłuższymi` → `dluz`): the folded rest of the word and its stems, where a stem keeps at
/// least four letters (`ciszej` stems to `ci`, which is also a pronoun). Empty for other words.
/// The index adds the same forms, so either way round the two meet.
pub(crate) fn polish_superlative_forms(lower: &str) -> Vec<String> {
    let Some(rest) = lower.strip_prefix("naj") else {
        return Vec::new();
    };
    if rest.chars().count() < 4 {
        return Vec::new();
    }
    let mut out = vec![fold(rest)];
    for stem in [stem_pl(&fold(rest)), fold(&stem_pl(rest))] {
        if stem.chars().count() >= 4 && !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// Polish endings with diacritics, as typed without them → as written. Longest first, so that
/// `-ających` is tried before `-ych`; every ending that matches is tried.
const POLISH_ENDINGS: &[(&str, &str)] = &[
    ("acych", "ących"),
    ("acymi", "ącymi"),
    ("acym", "ącym"),
    ("acej", "ącej"),
    ("acy", "ący"),
    ("aca", "ąca"),
    ("ace", "ące"),
    ("acą", "ącą"),
    ("ac", "ąc"),
    ("alo", "ało"),
    ("aly", "ały"),
    ("ala", "ała"),
    ("alam", "ałam"),
    ("alem", "ałem"),
    ("alby", "ałby"),
    ("al", "ał"),
    ("ilo", "iło"),
    ("ily", "iły"),
    ("ila", "iła"),
    ("il", "ił"),
    ("ylo", "yło"),
    ("yly", "yły"),
    ("yla", "yła"),
    ("yl", "ył"),
    ("elo", "eło"),
    ("ely", "eły"),
    ("ela", "eła"),
    ("ow", "ów"),
    ("osci", "ości"),
    ("oscia", "ością"),
    ("osc", "ość"),
    ("sci", "ści"),
    ("scie", "ście"),
    ("sc", "ść"),
    ("cia", "cią"),
    ("nia", "nią"),
    ("ia", "ią"),
    ("a", "ą"),
    ("e", "ę"),
    ("ie", "ię"),
    ("c", "ć"),
    ("n", "ń"),
    ("z", "ż"),
    ("zy", "ży"),
    ("z", "ź"),
    ("s", "ś"),
    ("l", "ł"),
    ("o", "ó"),
    ("ego", "ęgo"),
    ("ecie", "ęcie"),
    ("eta", "ęta"),
    ("at", "ąt"),
    ("etu", "ętu"),
];

/// Every way of writing the ending of a Polish word typed without diacritics with them.
fn polish_endings(ascii_lower: &str) -> Vec<String> {
    POLISH_ENDINGS
        .iter()
        .filter(|(typed, _)| ascii_lower.len() >= typed.len() + 3 && ascii_lower.ends_with(typed))
        .map(|(typed, written)| {
            format!(
                "{}{written}",
                &ascii_lower[..ascii_lower.len() - typed.len()]
            )
        })
        .collect()
}

/// English irregular forms and their base: verbs (past tense, past participle) and the
/// irregular comparatives. The forms a desk guide uses; no suffix rule reaches them.
const ENGLISH_IRREGULAR: &[(&str, &str)] = &[
    ("was", "be"),
    ("were", "be"),
    ("been", "be"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bought", "buy"),
    ("brought", "bring"),
    ("built", "build"),
    ("came", "come"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("dealt", "deal"),
    ("did", "do"),
    ("done", "do"),
    ("drew", "draw"),
    ("drawn", "draw"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("ate", "eat"),
    ("eaten", "eat"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("felt", "feel"),
    ("fought", "fight"),
    ("found", "find"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("gave", "give"),
    ("given", "give"),
    ("went", "go"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("had", "have"),
    ("heard", "hear"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("led", "lead"),
    ("left", "leave"),
    ("lent", "lend"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("paid", "pay"),
    ("ran", "run"),
    ("rang", "ring"),
    ("rung", "ring"),
    ("said", "say"),
    ("saw", "see"),
    ("seen", "see"),
    ("sold", "sell"),
    ("sent", "send"),
    ("shook", "shake"),
    ("shaken", "shake"),
    ("shown", "show"),
    ("sat", "sit"),
    ("slept", "sleep"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("spent", "spend"),
    ("stood", "stand"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("struck", "strike"),
    ("taught", "teach"),
    ("told", "tell"),
    ("thought", "think"),
    ("took", "take"),
    ("taken", "take"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("understood", "understand"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("won", "win"),
    ("wrote", "write"),
    ("written", "write"),
    ("better", "good"),
    ("best", "good"),
    ("worse", "bad"),
    ("worst", "bad"),
    ("more", "much"),
    ("most", "much"),
    ("less", "little"),
    ("least", "little"),
    ("further", "far"),
    ("furthest", "far"),
    ("farther", "far"),
    ("farthest", "far"),
    ("children", "child"),
    ("people", "person"),
    ("men", "man"),
    ("women", "woman"),
];

/// The bases a form may come from: its irregular base, or the adjective of a comparative or
/// superlative (`longest` → `long`, `easiest` → `easy`, `biggest` → `big`, `latest` → `late`).
fn english_bases(word: &str) -> Vec<String> {
    let mut out: Vec<String> = ENGLISH_IRREGULAR
        .iter()
        .filter(|(form, _)| *form == word)
        .map(|(_, base)| base.to_string())
        .collect();
    for suffix in ["est", "er"] {
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        if stem.len() < 3 {
            continue;
        }
        if let Some(y) = stem.strip_suffix('i') {
            out.push(format!("{y}y"));
        }
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
        let b = stem.as_bytes();
        if b.len() >= 4 && b[b.len() - 1] == b[b.len() - 2] && !is_vowel(b[b.len() - 1]) {
            out.push(stem[..stem.len() - 1].to_string());
        }
    }
    out
}

/// The comparative and superlative of a (short) adjective, and the irregular forms of a base.
fn english_inflections(word: &str) -> Vec<String> {
    let mut out: Vec<String> = ENGLISH_IRREGULAR
        .iter()
        .filter(|(_, base)| *base == word)
        .map(|(form, _)| form.to_string())
        .collect();
    let b = word.as_bytes();
    if !(3..=8).contains(&b.len()) || word.ends_with("er") || word.ends_with("est") {
        return out;
    }
    let last = b[b.len() - 1];
    if last == b'y' && !is_vowel(b[b.len() - 2]) {
        let stem = &word[..word.len() - 1];
        out.push(format!("{stem}ier"));
        out.push(format!("{stem}iest"));
    } else if last == b'e' {
        out.push(format!("{word}r"));
        out.push(format!("{word}st"));
    } else {
        out.push(format!("{word}er"));
        out.push(format!("{word}est"));
        // Consonant-vowel-consonant: big → bigger.
        if b.len() <= 4
            && !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(b[b.len() - 2])
            && !is_vowel(b[b.len() - 3])
        {
            let c = last as char;
            out.push(format!("{word}{c}er"));
            out.push(format!("{word}{c}est"));
        }
    }
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::word_variants;

    fn forms(family: Family, word: &str) -> Vec<(String, Tier)> {
        query_forms(family, word, &word_variants(family, word))
    }

    fn has(family: Family, word: &str, form: &str, tier: Tier) -> bool {
        forms(family, word).contains(&(form.to_string(), tier))
    }

    #[test]
    fn english_comparatives_and_superlatives_meet_their_adjective() {
        assert!(has(Family::En, "longest", "long", Tier::Derived));
        assert!(has(Family::En, "easiest", "easi", Tier::Derived));
        assert!(has(Family::En, "friendlier", "friend", Tier::Derived));
        assert!(has(Family::En, "latest", "late", Tier::Derived));
        assert!(has(Family::En, "biggest", "big", Tier::Derived));
        assert!(has(Family::En, "long", "longest", Tier::Derived));
        assert!(has(Family::En, "easy", "easiest", Tier::Derived));
        assert!(has(Family::En, "big", "bigger", Tier::Derived));
        assert!(has(Family::En, "late", "latest", Tier::Derived));
    }

    #[test]
    fn english_irregular_forms_meet_their_base_both_ways() {
        assert!(has(Family::En, "brought", "bring", Tier::Derived));
        assert!(has(Family::En, "bring", "brought", Tier::Derived));
        assert!(has(Family::En, "felt", "feel", Tier::Derived));
        assert!(has(Family::En, "feel", "felt", Tier::Derived));
    }

    #[test]
    fn the_word_as_typed_is_exact_and_its_stem_is_a_stem() {
        assert_eq!(
            forms(Family::En, "Greetings")[..2],
            [
                ("greetings".to_string(), Tier::Exact),
                ("greet".to_string(), Tier::Stem)
            ]
        );
        // A form both exact and a stem stays exact.
        assert_eq!(
            forms(Family::En, "desk")[0],
            ("desk".to_string(), Tier::Exact)
        );
    }

    #[test]
    fn polish_endings_typed_without_diacritics_reach_the_stem() {
        for (typed, stem) in [
            ("kosztow", "koszt"),
            ("punktow", "punkt"),
            ("zmieniajac", "zmieni"),
            ("trwajac", "trw"),
            ("zostawalo", "zostaw"),
            ("wskazaly", "wskaz"),
        ] {
            assert!(
                has(Family::Pl, typed, stem, Tier::Folded),
                "{typed}: {:?}",
                forms(Family::Pl, typed)
            );
        }
    }

    #[test]
    fn polish_superlatives_meet_the_comparative() {
        // The index holds the same forms for the superlative: they come as its variants.
        let najciszej = forms(Family::Pl, "najciszej");
        assert!(
            najciszej.contains(&("ciszej".to_string(), Tier::Stem)),
            "{najciszej:?}"
        );
        assert!(!najciszej.iter().any(|(f, _)| f == "ci"), "{najciszej:?}");
        assert!(has(Family::Pl, "najdłuższymi", "dluz", Tier::Stem));
    }
}
