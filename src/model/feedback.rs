//! Checks of the keys that connect an entry with its readers: its owner's contact and its
//! `created:` date; and which entries count as new.
//!
//! An owner without a contact in `deskbook.yaml`'s `owners:` still builds (the feedback links
//! then open an email with no address filled in), so it is a warning at the entry's `owner:`
//! line, with the name meant when one is close: a trainer who wrote `Circulaton` should not
//! learn from silence that nobody gets their readers' reports. A site with no `owners:` at all
//! has not started using contacts and is not warned about every entry.

use super::{Entry, Site, at_key};
use crate::content::Kind;
use crate::date::Date;
use crate::diagnostics::{Diagnostics, Severity, did_you_mean};

pub(super) fn run(site: &Site, diagnostics: &Diagnostics) {
    let owners = &site.config.owners;
    for entry in &site.entries {
        if !matches!(entry.key.kind, Kind::Practice | Kind::Right) {
            continue;
        }
        for version in &entry.versions {
            let source = &version.source;
            if let Some(owner) = &source.meta.owner
                && !owners.is_empty()
                && !owners.contains_key(owner)
            {
                let hint = match did_you_mean(owner, owners.keys().map(String::as_str)) {
                    Some(name) => format!("did you mean `{name}`? Or add"),
                    None => "add".to_string(),
                };
                let mut d = at_key(
                    source,
                    "owner",
                    Some(owner),
                    format!(
                        "owner `{owner}` has no contact in deskbook.yaml's `owners:`, so readers' feedback on this entry reaches nobody; {hint} `{owner}: name@library.example` there"
                    ),
                )
                .with_code("owner-without-contact");
                d.severity = Severity::Warning;
                diagnostics.push(d);
            }
            if let Some(created) = source.meta.created {
                let problem = if created > site.today {
                    Some(format!(
                        "`created` is {created}, after today ({}): set it to the day the entry was first published",
                        site.today
                    ))
                } else {
                    source
                        .meta
                        .updated
                        .filter(|&updated| created > updated)
                        .map(|updated| format!(
                            "`created` is {created}, after `updated` ({updated}): an entry is created before it is last reviewed"
                        ))
                };
                if let Some(message) = problem {
                    let mut d =
                        at_key(source, "created", Some(""), message).with_code("created-date");
                    d.severity = Severity::Warning;
                    diagnostics.push(d);
                }
            }
        }
    }
}

impl Entry {
    /// Whether the entry was first published within `days` days before `today` (its `created:`
    /// date counts as day 0). Never true without a `created:` date.
    pub fn is_new(&self, today: Date, days: u32) -> bool {
        self.created.is_some_and(|created| {
            let age = today.days_since_epoch() - created.days_since_epoch();
            (0..i64::from(days)).contains(&age)
        })
    }
}
