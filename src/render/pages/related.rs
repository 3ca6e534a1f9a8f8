//! Related practices: up to four per practice, by shared tags, category and rights, scored once
//! per set of tags and rights rather than once per practice.

use super::*;

/// Up to four practices sharing tags (weighted double), a category or rights with each practice.
pub(super) fn related_practices(
    site: &Site,
    tags: &BTreeMap<String, Vec<usize>>,
    by_right: &HashMap<String, Vec<usize>>,
) -> HashMap<usize, Vec<usize>> {
    let practices: Vec<Practice<'_>> = site
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.key.kind == Kind::Practice)
        .map(|(i, e)| (i, e.tags.as_slice(), e.rights.as_slice()))
        .collect();
    related_by_signature(&practices, site.entries.len(), tags, by_right)
}

/// A practice as [`related_practices`] sees it: entry index, tags, rights.
type Practice<'e> = (usize, &'e [String], &'e [String]);

/// [`related_practices`], scoring once for all the practices with the same tags and rights.
///
/// A practice's candidates and their scores depend only on its tags and rights, never on which
/// practice it is, except that it is not related to itself: the best five of a signature,
/// less the practice itself, are its best four. Practices share signatures (the 10k corpus has
/// 10 000 practices and about 250 signatures; a real knowledge base repeats tag sets less, and
/// then this costs one hash lookup per practice more than scoring each), and scoring was 7 % of
/// the instructions of rendering the pages at 10k entries.
fn related_by_signature(
    practices: &[Practice<'_>],
    n: usize,
    tags: &BTreeMap<String, Vec<usize>>,
    by_right: &HashMap<String, Vec<usize>>,
) -> HashMap<usize, Vec<usize>> {
    use rayon::prelude::*;
    let mut signatures: HashMap<(&[String], &[String]), usize> = HashMap::new();
    let mut firsts: Vec<(&[String], &[String])> = Vec::new();
    let signature_of: Vec<usize> = practices
        .iter()
        .map(|&(_, t, r)| {
            *signatures.entry((t, r)).or_insert_with(|| {
                firsts.push((t, r));
                firsts.len() - 1
            })
        })
        .collect();
    let best: Vec<Vec<(u32, usize)>> = firsts
        .par_iter()
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(score, touched), &(t, r)| best_candidates(t, r, tags, by_right, score, touched, 5),
        )
        .collect();
    practices
        .iter()
        .zip(signature_of)
        .map(|(&(i, ..), s)| {
            let related = best[s]
                .iter()
                .map(|&(_, j)| j)
                .filter(|&j| j != i)
                .take(4)
                .collect();
            (i, related)
        })
        .collect()
}

/// The best `limit` candidates for a practice with these tags and rights, by score, then by
/// index: a stable order without sorting all. Scores live in a dense array per worker (reset
/// through the list of touched slots): a hash map per practice cost ~20x more.
fn best_candidates(
    tags_of: &[String],
    rights_of: &[String],
    tags: &BTreeMap<String, Vec<usize>>,
    by_right: &HashMap<String, Vec<usize>>,
    score: &mut [u32],
    touched: &mut Vec<usize>,
    limit: usize,
) -> Vec<(u32, usize)> {
    let mut add = |j: usize, points: u32| {
        if score[j] == 0 {
            touched.push(j);
        }
        score[j] += points;
    };
    for t in tags_of {
        for &j in tags.get(t).into_iter().flatten().take(500) {
            add(j, 2);
        }
    }
    for r in rights_of {
        for &j in by_right.get(r).into_iter().flatten().take(200) {
            add(j, 1);
        }
    }
    let mut best: Vec<(u32, usize)> = Vec::with_capacity(limit + 1);
    for &j in touched.iter() {
        let candidate = (score[j], j);
        score[j] = 0;
        let at = best
            .iter()
            .position(|&(s, k)| candidate.0 > s || (candidate.0 == s && j < k))
            .unwrap_or(best.len());
        if at < limit {
            best.insert(at, candidate);
            best.truncate(limit);
        }
    }
    touched.clear();
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`related_practices`] as first written: every practice scored on its own, itself left
    /// out while choosing.
    fn related_one_by_one(
        practices: &[Practice<'_>],
        n: usize,
        tags: &BTreeMap<String, Vec<usize>>,
        by_right: &HashMap<String, Vec<usize>>,
    ) -> HashMap<usize, Vec<usize>> {
        let mut score = vec![0u32; n];
        let mut out = HashMap::new();
        for &(i, t, r) in practices {
            let mut touched = Vec::new();
            let mut add = |j: usize, points: u32| {
                if score[j] == 0 {
                    touched.push(j);
                }
                score[j] += points;
            };
            for tag in t {
                for &j in tags.get(tag).into_iter().flatten().take(500) {
                    add(j, 2);
                }
            }
            for right in r {
                for &j in by_right.get(right).into_iter().flatten().take(200) {
                    add(j, 1);
                }
            }
            let mut all: Vec<(u32, usize)> = touched
                .iter()
                .map(|&j| (std::mem::take(&mut score[j]), j))
                .filter(|&(_, j)| j != i)
                .collect();
            all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            out.insert(i, all.into_iter().take(4).map(|(_, j)| j).collect());
        }
        out
    }

    #[test]
    fn related_by_signature_matches_scoring_each_practice() {
        // Entries 0..6000, every third a practice (the others are not in any list); tags and
        // rights from a small pool so that signatures repeat, lists pass the 500 and 200 caps,
        // and a tag may be listed twice.
        let pool = |k: usize| format!("t{k}");
        let n = 6000;
        let mut tag_sets: Vec<(usize, Vec<String>, Vec<String>)> = Vec::new();
        for i in (0..n).step_by(3) {
            let mut t = vec![pool(i % 7), pool((i / 7) % 5 + 2)];
            if i % 11 == 0 {
                t.push(pool(i % 7));
            }
            if i % 13 == 0 {
                t.clear();
            }
            let r = match i % 4 {
                0 => vec![],
                1 => vec!["r1".to_string()],
                2 => vec!["r1".to_string(), "r2".to_string()],
                _ => vec![format!("r{}", i % 9)],
            };
            tag_sets.push((i, t, r));
        }
        let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_right: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t, r) in &tag_sets {
            for tag in t {
                tags.entry(tag.clone()).or_default().push(*i);
            }
            for right in r {
                by_right.entry(right.clone()).or_default().push(*i);
            }
        }
        assert!(tags.values().any(|l| l.len() > 500));
        assert!(by_right.values().any(|l| l.len() > 200));
        let practices: Vec<Practice<'_>> = tag_sets
            .iter()
            .map(|(i, t, r)| (*i, t.as_slice(), r.as_slice()))
            .collect();
        let expected = related_one_by_one(&practices, n, &tags, &by_right);
        let found = related_by_signature(&practices, n, &tags, &by_right);
        assert_eq!(found.len(), practices.len());
        for (i, list) in &expected {
            assert_eq!(found.get(i), Some(list), "practice {i}");
        }
    }
}
