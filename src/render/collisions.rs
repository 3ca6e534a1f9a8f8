//! Pages that would be written to the same file, found from the list of pages before any is
//! rendered: an entry named like a page deskbook makes, or two paths that differ only in letter
//! case (one file on Windows, macOS and shared drives). The model cannot see these (page paths
//! are the render stage's), so the pipeline runs this check right after building the model.

use super::{Job, job_path, jobs};
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use std::collections::HashMap;

/// Two pages that would be written to the same file: an entry named like a page deskbook makes
/// (`print.md` in a category, `pages/search.md`, a right called `index`), reported at the entry.
pub(crate) fn page_collisions(site: &Site) -> Vec<Diagnostic> {
    let describe = |job: &Job| -> String {
        match job {
            Job::Home(_) => "the home page".into(),
            Job::Rights(_) => "the bill of rights".into(),
            Job::PrintRights(_) => "the printable bill of rights".into(),
            Job::Category(..) => "the category page".into(),
            Job::PrintCategory(..) => "the category's printable handout".into(),
            Job::Entry(i, v) => format!("`{}`", site.entries[*i].versions[*v].source.path),
            Job::Tags(_) => "the list of tags".into(),
            Job::Tag(_, t) => format!("the page of tag `{t}`"),
            Job::Search(_) => "the search page".into(),
            Job::Review(_) => "the review page".into(),
            Job::NotFound(_) => "the page for missing pages".into(),
            Job::Competencies(_) => "the list of competencies".into(),
            Job::Roles(_) => "the list of roles".into(),
            Job::Role(_, r) => format!("the page of role `{}`", site.config.audiences[*r].id),
            Job::Phrases(..) => "a desk phrase sheet".into(),
            Job::Questions(..) => "a category's self-check questions".into(),
        }
    };
    let mut owners: HashMap<String, Job> = HashMap::new();
    let mut folded: HashMap<String, (String, Job)> = HashMap::new();
    let mut problems = Vec::new();
    for job in jobs(site) {
        let path = job_path(site, &job);
        // Windows and macOS file systems, and so shared drives, ignore letter case.
        if let Some((other, other_job)) =
            folded.insert(path.to_lowercase(), (path.clone(), job.clone()))
            && other != path
            && let Some(Job::Entry(i, v)) = [&job, &other_job]
                .into_iter()
                .find(|j| matches!(j, Job::Entry(..)))
        {
            let (mine, theirs) = if matches!(job, Job::Entry(..)) {
                (&path, &other)
            } else {
                (&other, &path)
            };
            problems.push(Diagnostic::warning(
                site.entries[*i].versions[*v].source.path.clone(),
                format!(
                    "this entry's page `{mine}` differs from `{theirs}` only in letter case: on Windows and macOS, and on shared drives, one would replace the other; rename the file"
                ),
            ));
        }
        let Some(first) = owners.get(&path) else {
            owners.insert(path, job);
            continue;
        };
        // Report at the entry (a source a trainer can rename); pages of the site come first.
        // Two entries on one path are one entry twice, which the model already reports.
        let (at, other) = match (&job, first) {
            (Job::Entry(..), Job::Entry(..)) => continue,
            (Job::Entry(..), _) => (&job, first),
            (_, Job::Entry(..)) => (first, &job),
            _ => continue,
        };
        if let Job::Entry(i, v) = at {
            problems.push(Diagnostic::error(
                site.entries[*i].versions[*v].source.path.clone(),
                format!(
                    "this entry's page would be `{path}`, which is also {}: rename the file",
                    describe(other)
                ),
            ));
        }
    }
    problems
}
