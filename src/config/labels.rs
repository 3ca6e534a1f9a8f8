//! `labels:` in `deskbook.yaml`: what each tag is called in each language
//! (`front-desk: {pl: przy ladzie, zh: 服务台}`), shown wherever pages show a tag.
//!
//! Kept apart from the rest of the configuration: tags are known only once the content is read,
//! so a label for a tag no entry uses is a warning raised after the model is built
//! ([`TagLabels::unknown_tags`]), at the line and column this stage recorded.

use super::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml;
use serde_yaml::Value;
use std::collections::BTreeMap;

/// Tag labels per language, and where each tag is named in `deskbook.yaml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagLabels {
    /// Tag id → language → label.
    pub by_tag: BTreeMap<String, BTreeMap<String, String>>,
    /// Tag id → a warning located at its key, its message filled in when the tag is unknown.
    places: BTreeMap<String, Diagnostic>,
}

impl TagLabels {
    /// The label of `tag` in `lang`: its own, else the tag id itself.
    pub fn label<'s>(&'s self, tag: &'s str, lang: &str) -> &'s str {
        self.by_tag
            .get(tag)
            .and_then(|l| l.get(lang))
            .map_or(tag, String::as_str)
    }

    /// A warning for each labelled tag no entry uses, with the nearest tag that exists.
    pub fn unknown_tags(&self, known: impl Fn(&str) -> bool, all: &[&str]) -> Vec<Diagnostic> {
        self.places
            .iter()
            .filter(|(tag, _)| !known(tag))
            .map(|(tag, place)| {
                let hint = did_you_mean(tag, all.iter().copied())
                    .map(|t| format!("; did you mean `{t}`?"))
                    .unwrap_or_default();
                Diagnostic {
                    message: format!("`labels` names tag `{tag}`, which no entry uses{hint}"),
                    ..place.clone()
                }
            })
            .collect()
    }
}

/// `labels: {TAG: {LANG: label, …}, …}`; problems go to `fields`.
pub(super) fn tag_labels(
    fields: &mut yaml::Fields<'_>,
    text: &str,
    languages: &[String],
) -> TagLabels {
    let mut labels = TagLabels::default();
    let shape = "`labels` must map tag ids to labels per language, e.g. `labels: {front-desk: {pl: przy ladzie, zh: 服务台}}`";
    let map = match fields.value("labels").cloned() {
        None => return labels,
        Some(Value::Mapping(map)) => map,
        Some(_) => {
            fields.report("labels", Some(""), shape.into());
            return labels;
        }
    };
    for (tag, per_lang) in &map {
        let Some(tag) = tag.as_str() else {
            fields.report("labels", Some(""), shape.into());
            continue;
        };
        let at = fields.offset_of("labels", Some(&format!("{tag}:")));
        let place = |message: String| {
            Diagnostic::warning(CONFIG_FILE, message)
                .with_code("unknown-tag")
                .at_offset(text, at)
        };
        let Value::Mapping(per_lang) = per_lang else {
            fields.problems.push(Diagnostic {
                severity: crate::diagnostics::Severity::Error,
                ..place(format!(
                    "the labels of `{tag}` must map language codes to texts, e.g. `{tag}: {{pl: …, zh: …}}`"
                ))
            });
            continue;
        };
        let mut out = BTreeMap::new();
        for (lang, label) in per_lang {
            let lang = lang.as_str().unwrap_or("");
            let lang_at = text[at..].find(&format!("{lang}:")).map_or(at, |i| at + i);
            let problem = if !languages.iter().any(|l| l == lang) {
                Some(format!(
                    "`labels.{tag}` names language `{lang}`, which is not in `languages` ({})",
                    languages.join(", ")
                ))
            } else if let Some(label) = label.as_str().filter(|l| !l.trim().is_empty()) {
                out.insert(lang.to_string(), label.trim().to_string());
                None
            } else {
                Some(format!("the label of `{tag}` in `{lang}` must be a text"))
            };
            if let Some(message) = problem {
                fields
                    .problems
                    .push(Diagnostic::error(CONFIG_FILE, message).at_offset(text, lang_at));
            }
        }
        labels.by_tag.insert(tag.to_string(), out);
        labels.places.insert(tag.to_string(), place(String::new()));
    }
    labels
}
