//! Checks of what practices say about training: the competencies they build and the roles
//! (audiences) they are written for.
//!
//! Both name things defined elsewhere (`content/competencies/ID.md`, `audiences:` in
//! `deskbook.yaml`), and a misspelt id would silently drop the entry from a competency's page
//! or a role's reading path, so both are checked like rights: an unknown id is an error at its
//! place in the front matter, with a "did you mean". Every language version is checked, since a
//! translation may repeat the keys it inherits. A site without `audiences:` keeps `audience:` as
//! the free text it was before roles existed.

use super::{Site, at_key};
use crate::content::Kind;
use crate::diagnostics::{Diagnostics, did_you_mean};

pub fn check(site: &Site, diagnostics: &Diagnostics) {
    let competencies: Vec<&str> = site
        .of_kind(Kind::Competency)
        .map(|e| e.key.id.as_str())
        .collect();
    let roles: Vec<&str> = site
        .config
        .audiences
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    for entry in site.of_kind(Kind::Practice) {
        for version in &entry.versions {
            let source = &version.source;
            for id in source.meta.competencies.iter().flatten() {
                if !competencies.contains(&id.as_str()) {
                    let hint = hint(id, &competencies, "the competencies are", || {
                        " (there are none yet: add them as `content/competencies/ID.md`)".into()
                    });
                    diagnostics.push(
                        at_key(
                            source,
                            "competencies",
                            Some(id),
                            format!("unknown competency `{id}`{hint}"),
                        )
                        .with_code("unknown-competency"),
                    );
                }
            }
            if roles.is_empty() {
                continue;
            }
            for id in source.meta.audience.iter().flatten() {
                if !roles.contains(&id.as_str()) {
                    let hint = hint(
                        id,
                        &roles,
                        "the roles in deskbook.yaml's `audiences` are",
                        String::new,
                    );
                    diagnostics.push(
                        at_key(
                            source,
                            "audience",
                            Some(id),
                            format!("unknown role `{id}` in `audience`{hint}"),
                        )
                        .with_code("unknown-audience"),
                    );
                }
            }
        }
    }
}

/// "; did you mean `x`?", else the list of known ids, else `none()`.
fn hint(id: &str, known: &[&str], list: &str, none: impl Fn() -> String) -> String {
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => format!("; did you mean `{s}`?"),
        None if known.is_empty() => none(),
        None => format!(" ({list}: {})", known.join(", ")),
    }
}
