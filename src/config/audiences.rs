//! `audiences:` in `deskbook.yaml`: the roles staff have, each with its name per language.
//!
//! A role names a page (`roles/ID.html`, its reading path and onboarding checklist), so its id is
//! a slug, and `index` is taken by the list of roles. Entries' `audience:` are checked against
//! these in the model stage; a site without `audiences:` keeps `audience:` as free text.

use crate::yaml;
use serde_yaml::Value;
use std::collections::BTreeMap;

/// A role staff have (`front-desk: {en: Front desk, pl: Lada}`): its reading path and checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Audience {
    /// A lower-case slug: the role page is `roles/ID.html`.
    pub id: String,
    /// Its name per language; languages without one use the default language's, else the id.
    pub labels: BTreeMap<String, String>,
}

impl Audience {
    pub fn label_in<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        self.labels
            .get(lang)
            .or_else(|| self.labels.get(default_lang))
            .map_or(&self.id, String::as_str)
    }
}

/// `audiences: {ID: {LANG: label, …}, …}` (or `ID: label` for every language).
pub(super) fn audiences(fields: &mut yaml::Fields<'_>, languages: &[String]) -> Vec<Audience> {
    let shape = "`audiences` maps role ids to a label per language, like `audiences: {front-desk: {en: Front desk, pl: Lada}}`";
    let map = match fields.value("audiences").cloned() {
        None => return Vec::new(),
        Some(Value::Mapping(map)) => map,
        Some(_) => {
            fields.report("audiences", Some(""), shape.to_string());
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (id, labels) in &map {
        let Some(id) = id.as_str().map(str::to_string) else {
            fields.report("audiences", Some(""), shape.to_string());
            continue;
        };
        let needle = format!("{id}:");
        if !is_role_id(&id) {
            fields.report(
                "audiences",
                Some(&needle),
                format!("the role id `{id}` must be a lower-case slug other than `index`, like `front-desk`: it names the role's page"),
            );
            continue;
        }
        let mut by_lang = BTreeMap::new();
        match labels {
            Value::String(label) => {
                by_lang.insert(languages[0].clone(), label.clone());
            }
            Value::Mapping(map) => {
                for (lang, label) in map {
                    match (lang.as_str(), label.as_str()) {
                        (Some(lang), Some(label)) if languages.iter().any(|l| l == lang) => {
                            by_lang.insert(lang.to_string(), label.to_string());
                        }
                        (Some(lang), Some(_)) => fields.report(
                            "audiences",
                            Some(&format!("{lang}:")),
                            format!(
                                "the role `{id}` has a label in `{lang}`, which is not in `languages` ({})",
                                languages.join(", ")
                            ),
                        ),
                        _ => fields.report("audiences", Some(&needle), shape.to_string()),
                    }
                }
            }
            _ => fields.report("audiences", Some(&needle), shape.to_string()),
        }
        out.push(Audience {
            id,
            labels: by_lang,
        });
    }
    out
}

/// Lower-case ASCII letters and digits joined by single hyphens, and not `index` (the page of
/// every role).
fn is_role_id(id: &str) -> bool {
    id != "index"
        && !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::super::Config;

    #[test]
    fn audiences_have_a_label_per_language() {
        let config = Config::parse(
            "title: x\nlanguages: [en, pl]\naudiences:\n  front-desk: {en: Front desk, pl: Lada}\n  managers: Managers\n",
        )
        .unwrap();
        let ids: Vec<_> = config.audiences.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["front-desk", "managers"]);
        assert_eq!(config.audiences[0].label_in("pl", "en"), "Lada");
        assert_eq!(config.audiences[1].label_in("pl", "en"), "Managers");
        let errors = Config::parse(
            "title: x\nlanguages: [en]\naudiences:\n  Front Desk: {en: F}\n  ok: {de: F}\n",
        )
        .unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "deskbook.yaml:4:3: error: the role id `Front Desk` must be a lower-case slug other than `index`, like `front-desk`: it names the role's page\n   4 |   Front Desk: {en: F}\n     |   ^",
                "deskbook.yaml:5:8: error: the role `ok` has a label in `de`, which is not in `languages` (en)\n   5 |   ok: {de: F}\n     |        ^",
            ]
        );
    }
}
