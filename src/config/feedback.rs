//! The keys of `deskbook.yaml` that connect readers with the people who keep the entries true:
//! `owners:` (an owner's contact address), `feedback:` (where the feedback form posts) and
//! `new_days:` (how long an entry counts as new).
//!
//! They are read here, apart from the rest of the configuration, because each has its own
//! checks: a contact that is not an email address would make every feedback link of that owner's
//! entries open a mail nobody receives, so it is an error at its line, not a silent mailto.

use crate::yaml;
use serde_yaml::Value;
use std::collections::BTreeMap;

/// `feedback: {endpoint: URL, empty_searches: true}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feedback {
    /// Where the entry pages' feedback form posts its JSON; without one, the feedback links
    /// open an email to the entry's owner.
    pub endpoint: Option<String>,
    /// Also post the searches that found nothing (off by default).
    pub empty_searches: bool,
}

/// The reasons a reader can give for feedback, in the order the form lists them; what `POST
/// /api/feedback` accepts and `deskbook feedback` counts.
pub const FEEDBACK_REASONS: &[&str] = &["outdated", "unclear", "wrong", "missing", "other"];

/// The keys of the `feedback:` mapping.
const FEEDBACK_KEYS: &[&str] = &["endpoint", "empty_searches"];

/// How many days after its `created:` date an entry is marked new, unless `new_days:` says.
pub const DEFAULT_NEW_DAYS: u32 = 30;

/// `owners: {Name: address@example, …}`: each owner's contact, in the order written.
pub(super) fn owners(fields: &mut yaml::Fields<'_>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let map = match fields.value("owners") {
        None => return out,
        Some(Value::Mapping(map)) => map.clone(),
        Some(_) => {
            fields.report(
                "owners",
                Some(""),
                "`owners` must map owner names to email addresses, like `owners: {Circulation: circulation@library.example}`".into(),
            );
            return out;
        }
    };
    for (name, contact) in &map {
        let Some(name) = name.as_str().map(str::trim) else {
            fields.report(
                "owners",
                Some(""),
                "the names in `owners` must be texts".into(),
            );
            continue;
        };
        let Some(contact) = contact.as_str().map(str::trim) else {
            fields.report(
                "owners",
                Some(&format!("{name}:")),
                format!("the contact of owner `{name}` must be an email address, like `{name}: desk@library.example`"),
            );
            continue;
        };
        if !is_email(contact) {
            fields.report(
                "owners",
                Some(if contact.is_empty() { name } else { contact }),
                format!("the contact of owner `{name}` is not an email address: `{contact}` (write it like `desk@library.example`)"),
            );
            continue;
        }
        out.insert(name.to_string(), contact.to_string());
    }
    out
}

/// `feedback: {endpoint: URL, empty_searches: bool}`.
pub(super) fn feedback(fields: &mut yaml::Fields<'_>) -> Feedback {
    let mut out = Feedback::default();
    let map = match fields.value("feedback") {
        None => return out,
        Some(Value::Mapping(map)) => map.clone(),
        Some(_) => {
            fields.report(
                "feedback",
                Some(""),
                "`feedback` must be a mapping, like `feedback: {endpoint: https://forms.example/deskbook}`".into(),
            );
            return out;
        }
    };
    for (key, value) in &map {
        match (key.as_str(), value) {
            (Some("endpoint"), Value::String(url)) if is_endpoint(url.trim()) => {
                out.endpoint = Some(url.trim().to_string());
            }
            (Some("endpoint"), _) => fields.report(
                "feedback",
                Some("endpoint"),
                format!("`feedback.endpoint` must be an absolute http(s) URL or a path starting with `/`, found `{}`", scalar(value)),
            ),
            (Some("empty_searches"), Value::Bool(b)) => out.empty_searches = *b,
            (Some("empty_searches"), _) => fields.report(
                "feedback",
                Some("empty_searches"),
                "`feedback.empty_searches` must be `true` or `false`".into(),
            ),
            (Some(other), _) => {
                let hint = crate::diagnostics::did_you_mean(other, FEEDBACK_KEYS.iter().copied())
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                fields.report(
                    "feedback",
                    Some(&format!("{other}:")),
                    format!(
                        "unknown key `{other}` in `feedback`{hint} (known keys: {})",
                        FEEDBACK_KEYS.join(", ")
                    ),
                );
            }
            (None, _) => fields.report(
                "feedback",
                Some(""),
                "the keys of `feedback` must be texts".into(),
            ),
        }
    }
    if out.empty_searches && out.endpoint.is_none() {
        fields.report(
            "feedback",
            Some("empty_searches"),
            "`feedback.empty_searches` needs `feedback.endpoint`: the searches are posted there"
                .into(),
        );
    }
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "something else".into(),
    }
}

/// An address a mail program accepts: `local@domain.tld`, no spaces, one `@`, a dot in the domain.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let allowed_local = |c: char| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    let allowed_domain = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    !local.is_empty()
        && local.chars().all(allowed_local)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && domain.contains('.')
        && domain.chars().all(allowed_domain)
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
}

/// `https://…` or `http://…` with a host, or a path on the same site (`/api/feedback`).
fn is_endpoint(url: &str) -> bool {
    let absolute = super::normalize_base_url(url).is_ok();
    let path = url.starts_with('/') && !url.starts_with("//");
    (absolute || path) && !url.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::is_email;

    #[test]
    fn email_addresses() {
        for good in [
            "circulation@library.example",
            "a.b+desk@lib-1.example.org",
            "dział@biblioteka.example",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "circulation",
            "circ @library.example",
            "@library.example",
            "circ@library",
            "circ@@library.example",
            "circ@library..example",
            "circ.@library.example",
            "mailto:circ@library.example",
            "",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
