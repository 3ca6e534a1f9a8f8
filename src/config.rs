//! `deskbook.yaml`: the site configuration, read strictly.
//!
//! Unknown keys are errors with a "did you mean", because a misspelt `base_ulr:` silently ignored
//! would publish a site without a sitemap and nobody would notice.

mod audiences;
mod labels;

use crate::diagnostics::Diagnostic;
use crate::yaml;
pub use audiences::Audience;
use audiences::audiences;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub use labels::TagLabels;
mod feedback;
pub use feedback::{DEFAULT_NEW_DAYS, FEEDBACK_REASONS, Feedback, is_email};

pub const CONFIG_FILE: &str = "deskbook.yaml";
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "languages",
    "base_url",
    "review_interval_months",
    "edit_url",
    "theme",
    "search",
    "labels",
    "audiences",
    "owners",
    "feedback",
    "new_days",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Site title per language; languages without their own title use the default language's.
    pub title: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    /// The first is the default language, built at the root of the output.
    pub languages: Vec<String>,
    /// Absolute URL of the published site, ending in `/`; only the sitemap and feed need it.
    pub base_url: Option<String>,
    pub review_interval_months: u32,
    /// Prefix for "edit this page" links; the source path relative to the site root is appended.
    pub edit_url: Option<String>,
    pub theme: String,
    /// Whether the build makes the search index, the browser search and the search page
    /// (`search: false` in `deskbook.yaml`, like Zola's `build_search_index`).
    pub search: bool,
    /// Synonym groups per language (`search: {synonyms: {en: [[shouting, angry, yelling]]}}`):
    /// a query word of a group also finds the others, in the CLI, the server and the browser.
    pub synonyms: BTreeMap<String, Vec<Vec<String>>>,
    /// `labels:`, what each tag is called per language ([`TagLabels`], its own module).
    pub labels: TagLabels,
    /// The roles entries are written for (`audiences:`), in the order the file lists them; an
    /// entry's `audience:` must name these. Empty: `audience:` is free text, as before roles
    /// existed, and the site has no role pages.
    pub audiences: Vec<Audience>,
    /// Each owner's contact address (`owners: {Circulation: circulation@library.example}`),
    /// where an entry's feedback links write to.
    pub owners: BTreeMap<String, String>,
    /// Where the feedback form posts (`feedback: {endpoint: URL}`); see [`Feedback`].
    pub feedback: Feedback,
    /// How many days after its `created:` date an entry is marked new (`new_days:`).
    pub new_days: u32,
}

/// The one spelling of a site's address deskbook uses, whether it comes from `deskbook.yaml`,
/// `build --base-url` or the watch engine's options: an absolute `http://` or `https://` URL
/// with a host, ending in exactly one `/` (sitemap and feed URLs are this plus a page's path,
/// so `https://x/kb//` would publish `https://x/kb//practices/...`). The error completes the
/// sentence "`base_url` ...".
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.trim_end_matches('/').is_empty() && !rest.starts_with('/') => {
            Ok(format!("{}/", url.trim_end_matches('/')))
        }
        _ => Err(format!(
            "must be an absolute http(s) URL, found `{url}` (for example `https://intranet.example/kb/`)"
        )),
    }
}

impl Config {
    /// Replaces the configured `base_url` with `url` (`build --base-url`), normalised as
    /// `deskbook.yaml`'s is; a malformed one is a problem reported at `--base-url`.
    pub fn override_base_url(&mut self, url: Option<&str>) -> Result<(), Diagnostic> {
        if let Some(url) = url {
            let url = normalize_base_url(url).map_err(|problem| {
                Diagnostic::error("--base-url", format!("`--base-url` {problem}"))
            })?;
            self.base_url = Some(url);
        }
        Ok(())
    }

    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.get(self.default_language()))
            .map_or("", String::as_str)
    }

    pub fn description_in(&self, lang: &str) -> &str {
        self.description
            .get(lang)
            .or_else(|| self.description.get(self.default_language()))
            .map_or("", String::as_str)
    }

    /// Reads `ROOT/deskbook.yaml`. All problems are returned together.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(vec![Diagnostic::error(
                        CONFIG_FILE,
                        "the file is not valid UTF-8; save it as UTF-8",
                    )]);
                }
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "no {CONFIG_FILE} in `{}`: is this a deskbook site? Create one with `deskbook init DIR`, or pass `--root DIR`",
                        root.display()
                    ),
                )]);
            }
            Err(err) => {
                return Err(vec![Diagnostic::error(
                    CONFIG_FILE,
                    format!("cannot read the file: {err}"),
                )]);
            }
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let text_start = usize::from(text.starts_with('\u{feff}')) * 3;
        let mut fields = yaml::parse_mapping(
            text,
            text_start,
            text.len(),
            CONFIG_FILE,
            "the site configuration",
        )?;
        fields.reject_unknown(KNOWN_KEYS, CONFIG_FILE);

        let languages = match fields.string_list("languages") {
            Some(langs) if langs.is_empty() => {
                fields.report(
                    "languages",
                    Some(""),
                    "`languages` must name at least one language code".into(),
                );
                vec!["en".to_string()]
            }
            Some(langs) => langs,
            None => vec!["en".to_string()],
        };
        let mut seen = Vec::new();
        for lang in &languages {
            if !is_language_code(lang) {
                fields.report(
                    "languages",
                    Some(lang),
                    format!("`{lang}` is not a language code; use lower-case codes like `en`, `pl`, `zh` or `pt-br`"),
                );
            } else if seen.contains(&lang) {
                fields.report(
                    "languages",
                    Some(lang),
                    format!("language `{lang}` is listed twice"),
                );
            }
            seen.push(lang);
        }

        let title = per_language(&mut fields, "title", &languages, true).unwrap_or_default();
        let description =
            per_language(&mut fields, "description", &languages, false).unwrap_or_default();
        let base_url = fields
            .string("base_url")
            .map(|url| match normalize_base_url(&url) {
                Ok(url) => url,
                Err(problem) => {
                    fields.report("base_url", Some(&url), format!("`base_url` {problem}"));
                    url
                }
            });
        let review_interval_months = fields
            .integer("review_interval_months", 1, 120)
            .map_or(12, |v| v as u32);
        let edit_url = fields.string("edit_url");
        let theme = fields
            .string("theme")
            .unwrap_or_else(|| "default".to_string());
        let (search, synonyms) = search_settings(&mut fields, &languages);
        let labels = labels::tag_labels(&mut fields, text, &languages);
        let audiences = audiences(&mut fields, &languages);
        let owners = feedback::owners(&mut fields);
        let feedback = feedback::feedback(&mut fields);
        let new_days = fields
            .integer("new_days", 0, 3650)
            .map_or(DEFAULT_NEW_DAYS, |v| v as u32);

        if fields
            .problems
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
        {
            return Err(fields.problems);
        }
        Ok(Config {
            title,
            description,
            languages,
            base_url,
            review_interval_months,
            edit_url,
            theme,
            search,
            synonyms,
            labels,
            audiences,
            owners,
            feedback,
            new_days,
        })
    }

    /// The role `id`, when `audiences:` defines it.
    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }
}

/// The keys of the `search:` mapping.
const SEARCH_KEYS: &[&str] = &["enabled", "synonyms"];

/// `search: false`, or `search: {enabled: true, synonyms: {LANG: [[word, word, …], …]}}`.
fn search_settings(
    fields: &mut yaml::Fields<'_>,
    languages: &[String],
) -> (bool, BTreeMap<String, Vec<Vec<String>>>) {
    let mut synonyms = BTreeMap::new();
    let map = match fields.value("search").cloned() {
        None => return (true, synonyms),
        Some(Value::Bool(enabled)) => return (enabled, synonyms),
        Some(Value::Mapping(map)) => map,
        Some(other) => {
            let found = match other {
                Value::Number(_) => "a number",
                Value::String(_) => "a text",
                Value::Sequence(_) => "a list",
                _ => "something else",
            };
            fields.report(
                "search",
                Some(""),
                format!("`search` must be `true`, `false` or a mapping like `search: {{synonyms: {{en: [[shouting, angry]]}}}}`, found {found}"),
            );
            return (true, synonyms);
        }
    };
    let mut enabled = true;
    for (key, value) in &map {
        match (key.as_str(), value) {
            (Some("enabled"), Value::Bool(b)) => enabled = *b,
            (Some("enabled"), _) => fields.report(
                "search",
                Some("enabled"),
                "`search.enabled` must be `true` or `false`".into(),
            ),
            (Some("synonyms"), Value::Mapping(langs)) => {
                for (lang, groups) in langs {
                    let Some(lang) = lang.as_str() else {
                        fields.report(
                            "search",
                            Some("synonyms"),
                            "`search.synonyms` must map language codes to lists of groups".into(),
                        );
                        continue;
                    };
                    if !languages.iter().any(|l| l == lang) {
                        fields.report(
                            "search",
                            Some(&format!("{lang}:")),
                            format!(
                                "`search.synonyms` names language `{lang}`, which is not in `languages` ({})",
                                languages.join(", ")
                            ),
                        );
                        continue;
                    }
                    if let Some(groups) = synonym_groups(fields, lang, groups) {
                        synonyms.insert(lang.to_string(), groups);
                    }
                }
            }
            (Some("synonyms"), _) => fields.report(
                "search",
                Some("synonyms"),
                "`search.synonyms` must map language codes to lists of groups, e.g. `synonyms: {en: [[shouting, angry, yelling]]}`".into(),
            ),
            (Some(other), _) => {
                let hint = crate::diagnostics::did_you_mean(other, SEARCH_KEYS.iter().copied())
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                fields.report(
                    "search",
                    Some(&format!("{other}:")),
                    format!(
                        "unknown key `{other}` in `search`{hint} (known keys: {})",
                        SEARCH_KEYS.join(", ")
                    ),
                );
            }
            (None, _) => fields.report(
                "search",
                Some(""),
                "the keys of `search` must be texts".into(),
            ),
        }
    }
    (enabled, synonyms)
}

/// The synonym groups of one language: lists of two or more single words (a CJK word counts
/// as one), each word in one group only.
fn synonym_groups(
    fields: &mut yaml::Fields<'_>,
    lang: &str,
    groups: &Value,
) -> Option<Vec<Vec<String>>> {
    let shape = format!(
        "`search.synonyms.{lang}` must be a list of groups, each a list of words, e.g. `{lang}: [[shouting, angry, yelling], [fine, fee]]`"
    );
    let Value::Sequence(groups) = groups else {
        fields.report("search", Some(&format!("{lang}:")), shape);
        return None;
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut ok = true;
    for group in groups {
        let Value::Sequence(members) = group else {
            fields.report("search", Some(&format!("{lang}:")), shape.clone());
            ok = false;
            continue;
        };
        let mut words = Vec::new();
        for member in members {
            let word = match member {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => {
                    fields.report("search", Some(&format!("{lang}:")), shape.clone());
                    ok = false;
                    continue;
                }
            };
            let count = word.split_whitespace().count();
            if count != 1 {
                fields.report(
                    "search",
                    Some(if word.is_empty() { "[" } else { &word }),
                    if word.is_empty() {
                        format!("an empty synonym in `search.synonyms.{lang}`: remove it")
                    } else {
                        format!(
                            "the synonym `{word}` has {count} words; a synonym is one word (search matches each word of a query on its own): put `{}` in the group instead",
                            word.split_whitespace().max_by_key(|w| w.chars().count()).unwrap_or("")
                        )
                    },
                );
                ok = false;
                continue;
            }
            let lower = word.to_lowercase();
            let same = |w: &String| w.to_lowercase() == lower;
            let message = if words.iter().any(same) {
                Some(format!(
                    "`{word}` is listed twice in one synonym group of `{lang}`"
                ))
            } else if out.iter().any(|g| g.iter().any(same)) {
                Some(format!(
                    "`{word}` is in two synonym groups of `{lang}`: merge the groups (a word has one set of synonyms)"
                ))
            } else {
                None
            };
            if let Some(message) = message {
                fields.report("search", Some(&word), message);
                ok = false;
                continue;
            }
            words.push(word);
        }
        if words.len() < 2 && members.len() < 2 {
            let at = match members.first().and_then(Value::as_str) {
                Some(first) => format!("[{first}"),
                None => format!("{lang}:"),
            };
            fields.report(
                "search",
                Some(&at),
                format!("a synonym group of `{lang}` needs at least two words"),
            );
            ok = false;
            continue;
        }
        out.push(words);
    }
    ok.then_some(out)
}

/// `title: Text` or `title: {en: Text, pl: Tekst}`.
fn per_language(
    fields: &mut yaml::Fields<'_>,
    key: &str,
    languages: &[String],
    required: bool,
) -> Option<BTreeMap<String, String>> {
    let default = languages.first().cloned().unwrap_or_default();
    match fields.value(key).cloned() {
        None if required => {
            fields.required_string(key, CONFIG_FILE);
            None
        }
        None => None,
        Some(Value::Mapping(map)) => {
            let mut out = BTreeMap::new();
            for (lang, text) in &map {
                match (lang.as_str(), text.as_str()) {
                    (Some(lang), Some(text)) if languages.iter().any(|l| l == lang) => {
                        out.insert(lang.to_string(), text.to_string());
                    }
                    (Some(lang), Some(_)) => fields.report(
                        key,
                        Some(lang),
                        format!("`{key}` names language `{lang}`, which is not in `languages`"),
                    ),
                    _ => fields.report(
                        key,
                        None,
                        format!("`{key}` must map language codes to texts"),
                    ),
                }
            }
            if !out.contains_key(&default) {
                fields.report(
                    key,
                    None,
                    format!("`{key}` must have a text for the default language `{default}`"),
                );
            }
            Some(out)
        }
        Some(_) => fields.string(key).map(|t| BTreeMap::from([(default, t)])),
    }
}

pub fn is_language_code(code: &str) -> bool {
    let (main, region) = code.split_once('-').unwrap_or((code, ""));
    (2..=3).contains(&main.len())
        && main.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty()
            || region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        && !(code.contains('-') && region.is_empty())
}

#[cfg(test)]
mod tests;
