//! A query's words and every way each is looked up: analyzed per language family into
//! positions and tiered forms (see `forms.rs`), with the site's synonyms as more alternatives.

use super::{Engine, MAX_WORDS, truncate_query};
use crate::analysis::{self, Family};
use crate::forms::{self, Tier};

/// A word's positions beyond this many are ignored (long CJK runs).
pub(super) const MAX_POSITIONS: usize = 16;

/// One way of writing a query word in one family's fields: its positions, each with its forms
/// and their tiers (the first form of a position is its phrase form).
pub(super) struct Alt {
    pub(super) family: Family,
    pub(super) positions: Vec<(usize, Vec<(String, Tier)>)>,
    /// No match through this alternative ranks above this tier (a synonym is not what was typed).
    pub(super) floor: Tier,
}

/// One query word and every way it is looked up.
pub(super) struct Word {
    pub(super) optional: bool,
    pub(super) alts: Vec<Alt>,
}

impl Engine {
    /// Cuts the query text into words and analyzes each word for every family, with the
    /// synonyms the site configured for it.
    pub(super) fn parse_words(&self, text: &str) -> Vec<Word> {
        let mut words = Vec::new();
        for chunk in truncate_query(text).split_whitespace() {
            if words.len() == MAX_WORDS {
                break;
            }
            let mut alts = Vec::new();
            for family in Family::ALL {
                if let Some(alt) = analyze_alt(family, chunk, Tier::Exact) {
                    alts.push(alt);
                }
            }
            if alts.is_empty() {
                continue;
            }
            for (family, synonym) in self.synonyms_of(&alts) {
                alts.extend(analyze_alt(family, &synonym, Tier::Derived));
            }
            let folded = analysis::fold(&chunk.to_lowercase());
            let optional =
                analysis::is_stop_word(folded.trim_matches(|c: char| !c.is_alphanumeric()));
            words.push(Word { optional, alts });
        }
        words
    }

    /// The other members of every synonym group (of a family) that one of the word's
    /// alternatives belongs to: a member belongs when it analyzes to the same phrase form.
    fn synonyms_of(&self, alts: &[Alt]) -> Vec<(Family, String)> {
        let mut out = Vec::new();
        for alt in alts {
            let Some(groups) = self.synonyms.get(&alt.family) else {
                continue;
            };
            let key = phrase_key(alt);
            for group in groups {
                let hit = group.iter().any(|member| {
                    analyze_alt(alt.family, member, Tier::Exact)
                        .is_some_and(|m| phrase_key(&m) == key)
                });
                if hit {
                    for member in group {
                        let same = analyze_alt(alt.family, member, Tier::Exact)
                            .is_some_and(|m| phrase_key(&m) == key);
                        if !same && !out.contains(&(alt.family, member.clone())) {
                            out.push((alt.family, member.clone()));
                        }
                    }
                }
            }
        }
        out
    }
}

/// One query word analyzed for `family`: its positions and the forms each is looked up under.
fn analyze_alt(family: Family, chunk: &str, floor: Tier) -> Option<Alt> {
    let mut positions = analysis::analyze_positions(family, chunk);
    positions.truncate(MAX_POSITIONS);
    if positions.is_empty() {
        return None;
    }
    let positions = if positions.len() == 1 {
        let (pos, variants) = positions.pop()?;
        vec![(pos, forms::query_forms(family, chunk, &variants))]
    } else {
        positions
            .into_iter()
            .map(|(pos, variants)| {
                (
                    pos,
                    variants.into_iter().map(|v| (v, Tier::Exact)).collect(),
                )
            })
            .collect()
    };
    Some(Alt {
        family,
        positions,
        floor,
    })
}

/// What identifies an analyzed word: the phrase form of each position.
fn phrase_key(alt: &Alt) -> Vec<&str> {
    alt.positions
        .iter()
        .filter_map(|(_, forms)| forms.first().map(|(f, _)| f.as_str()))
        .collect()
}
