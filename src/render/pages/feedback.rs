//! The feedback block of an entry page: "Was this helpful?", "Report a problem" and "Suggest a
//! change", addressed to the entry's owner.
//!
//! Every link is a `mailto:` to the owner's contact (`owners:` in `deskbook.yaml`) whose subject
//! names the entry and language and whose body adds the page's address, so that a report reaches
//! a person with what they need to find the page, from a static host with no server at all.
//! With an endpoint (`feedback: {endpoint: URL}`, or the dev server's own `/api/feedback` while
//! serving) the page also carries a form that the theme's script posts as JSON; the links stay
//! as its fallback. Nothing here tracks a reader: no cookie, no id, no third-party script.

use super::*;
use crate::model::paths::encode_path;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What the theme's feedback block shows. The `mailto:` values are complete URLs, percent-encoded.
#[derive(Serialize)]
struct FeedbackBlock {
    owner: String,
    /// The owner's address, `""` when `owners:` has none.
    to: String,
    yes: String,
    no: String,
    problem: String,
    change: String,
    /// Where the form posts; `None`: no form, the links only.
    endpoint: Option<String>,
    entry: String,
    lang: String,
    /// The page's address: absolute with `base_url`, else its path in the site.
    page: String,
    reasons: Vec<Reason>,
}

#[derive(Serialize)]
struct Reason {
    value: &'static str,
    label: String,
}

/// Where the dev server takes feedback (its `POST /api/feedback`).
const SERVE_ENDPOINT: &str = "/api/feedback";

pub(super) fn block(shared: &Shared<'_>, entry: &Entry, v: &Version) -> Value {
    let site = shared.site;
    let lang = v.lang.as_str();
    let owner = v
        .source
        .meta
        .owner
        .clone()
        .or_else(|| entry.original().source.meta.owner.clone())
        .unwrap_or_default();
    let to = site.config.owners.get(&owner).cloned().unwrap_or_default();
    let id = entry.public_id();
    let page = match &site.config.base_url {
        Some(base) => format!("{base}{}", encode_path(&v.path)),
        None => v.path.clone(),
    };
    let t = |key: &str| shared.t(lang, key);
    let body = format!(
        "{}: {id}\n{}: {lang}\n{}: {page}\n\n{}\n",
        t("feedback_entry"),
        t("feedback_language"),
        t("feedback_page"),
        t("feedback_write_here"),
    );
    let mail = |subject_key: &str| {
        let subject = format!(
            "{} [{id}, {lang}]",
            t(subject_key).replace("{title}", v.title())
        );
        mailto(&to, &subject, &body)
    };
    let endpoint = endpoint(shared);
    let block = FeedbackBlock {
        yes: mail("feedback_subject_yes"),
        no: mail("feedback_subject_no"),
        problem: mail("feedback_subject_problem"),
        change: mail("feedback_subject_change"),
        owner,
        to,
        endpoint,
        entry: id.clone(),
        lang: lang.to_string(),
        page,
        reasons: crate::config::FEEDBACK_REASONS
            .iter()
            .map(|&value| Reason {
                value,
                label: t(&format!("feedback_reason_{value}")),
            })
            .collect(),
    };
    Value::from_serializable(&block)
}

/// Where the form posts: the dev server's own endpoint while serving, else the configured one.
fn endpoint(shared: &Shared<'_>) -> Option<String> {
    if shared.live_reload {
        Some(SERVE_ENDPOINT.to_string())
    } else {
        shared.site.config.feedback.endpoint.clone()
    }
}

/// Where every page posts the searches that found nothing, when `feedback.empty_searches` is on.
pub(super) fn searches_endpoint(shared: &Shared<'_>) -> Option<String> {
    let searches = shared.site.config.feedback.empty_searches && shared.site.config.search;
    if searches { endpoint(shared) } else { None }
}

/// A `mailto:` URL (RFC 6068): every byte of the subject and body but the unreserved ASCII ones
/// percent-encoded as UTF-8 (so Polish and Chinese titles arrive intact in every mail program),
/// line breaks as `%0D%0A`.
fn mailto(to: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        encode(to, ADDRESS),
        encode(subject, RESERVED),
        encode(&body, RESERVED)
    )
}

/// Everything but RFC 3986's unreserved characters.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An address: its `@` stays as written.
const ADDRESS: &AsciiSet = &RESERVED.remove(b'@');

fn encode(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

#[cfg(test)]
mod tests {
    use super::mailto;

    #[test]
    fn mailto_encodes_every_language() {
        assert_eq!(
            mailto(
                "dział@library.example",
                "Problem: Cisza & spokój [a/b, pl]",
                "Wpis: a/b\n好"
            ),
            "mailto:dzia%C5%82@library.example?subject=Problem%3A%20Cisza%20%26%20spok%C3%B3j%20%5Ba%2Fb%2C%20pl%5D&body=Wpis%3A%20a%2Fb%0D%0A%E5%A5%BD"
        );
        assert_eq!(mailto("", "?", ""), "mailto:?subject=%3F&body=");
    }
}
