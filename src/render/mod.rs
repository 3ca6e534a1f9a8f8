//! The render stage: a pure function from the site model to files.
//!
//! Every page is a [`Job`]; jobs are independent and render in parallel (rayon) into a sink the
//! caller provides (the output folder for builds, a comparison for watch mode). Contexts carry
//! every URL already made relative to the page, so templates only print values and a theme
//! override cannot produce a link that breaks under a sub-path or `file://`.

mod collisions;
mod feeds;
mod pages;
mod review_report;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::model::reads::{self, Read};
use crate::theme::Theme;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

pub(crate) use collisions::page_collisions;
pub(crate) use feeds::{feed, sitemap};
pub(crate) use pages::{Job, Lists, jobs};
pub(crate) use review_report::review_json;

/// The output path of a job, without rendering it.
pub(crate) fn job_path(site: &Site, job: &Job) -> String {
    pages::path_of(site, job)
}

/// Files shared by every page, published under content-hashed names.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AssetUrls {
    /// Logical name (`style.css`, `search-index.bin`) → path relative to the output root.
    pub files: BTreeMap<String, String>,
}

pub struct RenderOptions {
    /// Inject the dev server's live-reload client.
    pub live_reload: bool,
}

/// Template engine loaded with the theme, plus the theme's strings.
pub struct Renderer {
    tera: tera::Tera,
    theme: Theme,
}

impl Renderer {
    pub fn new(theme: Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let templates: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str()))
            .collect();
        if let Err(err) = tera.add_raw_templates(templates) {
            return Err(vec![template_error(&theme, &err)]);
        }
        for required in pages::TEMPLATES {
            if !tera.contains_template(required) {
                return Err(vec![Diagnostic::error(
                    theme.origin.clone(),
                    format!("the theme has no template `{required}`; add `templates/{required}`"),
                )]);
            }
        }
        Ok(Renderer { tera, theme })
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Renders every job, handing each finished file to `sink`. Returns template problems.
    pub fn render<F>(
        &self,
        site: &Site,
        assets: &AssetUrls,
        options: &RenderOptions,
        jobs: &[Job],
        sink: F,
    ) -> Vec<Diagnostic>
    where
        F: Fn(&str, Vec<u8>) -> Result<(), Diagnostic> + Sync,
    {
        let lists = Cow::Owned(Lists::new(site));
        let shared = pages::Shared::new(site, &self.theme, assets, options, lists);
        let one = |job: &Job| {
            let page = pages::context(&shared, job);
            let path = page.path.clone();
            match self.render_page(&shared, page) {
                Ok(html) => sink(&path, html).err(),
                Err(err) => Some(template_error(&self.theme, &err)),
            }
        };
        // Pages that list the whole site go one after the other on one thread, the rest on
        // every core beside them: two of them at once were most of a 100k build's peak memory.
        let (wide, rest): (Vec<&Job>, Vec<&Job>) =
            jobs.iter().partition(|job| pages::is_site_wide(site, job));
        let (mut problems, more) = rayon::join(
            || wide.iter().filter_map(|job| one(job)).collect::<Vec<_>>(),
            || {
                rest.par_iter()
                    .filter_map(|job| one(job))
                    .collect::<Vec<_>>()
            },
        );
        problems.extend(more);
        tidy_problems(&mut problems);
        problems
    }

    /// Watch mode: renders `jobs` into `sink` like [`Renderer::render`], but records what each
    /// page's context read from the model, and runs the template only for pages whose context
    /// hash `unchanged(path, hash)` does not report as already written (the same templates and
    /// the same context make the same bytes). `lists` must be [`Lists::new`] of this `site`.
    #[allow(clippy::too_many_arguments)]
    pub fn render_tracked<U, F>(
        &self,
        site: &Site,
        lists: &Lists,
        assets: &AssetUrls,
        options: &RenderOptions,
        jobs: &[Job],
        unchanged: U,
        sink: F,
    ) -> Vec<TrackedPage>
    where
        U: Fn(&str, u64) -> bool + Sync,
        F: Fn(&str, Vec<u8>) -> Result<(), Diagnostic> + Sync,
    {
        let shared = pages::Shared::new(site, &self.theme, assets, options, Cow::Borrowed(lists));
        jobs.par_iter()
            .map(|job| {
                let (page, reads) = reads::record(|| pages::context(&shared, job));
                let mut hasher = std::hash::DefaultHasher::new();
                page.template.hash(&mut hasher);
                for (name, value) in &page.vars {
                    name.hash(&mut hasher);
                    hash_value(value, &mut hasher);
                }
                let context_hash = hasher.finish();
                let mut tracked = TrackedPage {
                    path: page.path.clone(),
                    context_hash,
                    reads,
                    rendered: false,
                    problem: None,
                };
                if unchanged(&tracked.path, context_hash) {
                    return tracked;
                }
                tracked.rendered = true;
                tracked.problem = match self.render_page(&shared, page) {
                    Ok(html) => sink(&tracked.path, html).err(),
                    Err(err) => Some(template_error(&self.theme, &err)),
                };
                tracked
            })
            .collect()
    }

    /// Runs the page's template into a buffer sized for it.
    fn render_page(
        &self,
        shared: &pages::Shared<'_>,
        page: pages::Page,
    ) -> tera::TeraResult<Vec<u8>> {
        let template = page.template;
        let mut html = Vec::with_capacity(page.size_hint());
        let context = shared.template_context(page);
        self.tera.render_to(template, &context, &mut html)?;
        Ok(html)
    }
}

/// One page rendered by [`Renderer::render_tracked`].
pub struct TrackedPage {
    pub path: String,
    /// Hash of the template name and the whole context.
    pub context_hash: u64,
    /// What the page's context read from the model.
    pub reads: Vec<Read>,
    /// Whether the template ran (false: the context was unchanged).
    pub rendered: bool,
    pub problem: Option<Diagnostic>,
}

/// Hashes a template value the same way whatever order its maps hold their keys in.
fn hash_value<H: Hasher>(value: &tera::Value, hasher: &mut H) {
    use tera::value::ValueKind;
    let kind = value.kind();
    kind.hash(hasher);
    match kind {
        ValueKind::String => {
            value.as_str().hash(hasher);
            value.is_safe().hash(hasher);
        }
        ValueKind::Bool => value.as_bool().hash(hasher),
        ValueKind::Array => {
            let items = value.as_array().unwrap_or_default();
            items.len().hash(hasher);
            for item in items {
                hash_value(item, hasher);
            }
        }
        ValueKind::Map => {
            let Some(map) = value.as_map() else { return };
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            entries.len().hash(hasher);
            for (key, item) in entries {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
        ValueKind::Bytes => value.as_bytes().hash(hasher),
        _ => match value.as_number() {
            Some(tera::Number::Integer(n)) => n.hash(hasher),
            Some(other) => other.to_string().hash(hasher),
            None => {}
        },
    }
}

/// HTML escaping as tera's own `escape_html` (`&`, `<`, `>`, `"`, `'`), byte for byte, but
/// writing the runs between those characters whole instead of one byte per call, and passing
/// over eight bytes at a time while none of them is one of those: every string a template
/// prints goes through here (370k calls for a 1k-entry site), and looking at each byte on its
/// own was about a twelfth of the templates' work.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            if !may_need_escaping(word) {
                i += 8;
                continue;
            }
        }
        let entity: &[u8] = match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        i += 1;
        start = i;
    }
    out.write_all(&bytes[start..])
}

/// Whether any of the eight bytes of `word` is one [`escape_html`] replaces. Exact when it says
/// no (a byte is zero after XOR with the character exactly when it is that character, and
/// `(x - 0x01…) & !x & 0x80…` is non-zero exactly when some byte of `x` is zero); the caller
/// then looks at the bytes one by one anyway.
fn may_need_escaping(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let has = |c: u8| has_zero(word ^ (ONES * u64::from(c)));
    (has(b'&') | has(b'<') | has(b'>') | has(b'"') | has(b'\'')) != 0
}

/// Sorts template problems; one broken template fails every page using it: report it once.
pub(crate) fn tidy_problems(problems: &mut Vec<Diagnostic>) {
    crate::diagnostics::sort(problems);
    problems.dedup_by(|a, b| a.path == b.path && a.message == b.message);
}

/// A tera error as a diagnostic at the template file (tera's report already shows the line).
fn template_error(theme: &Theme, err: &tera::Error) -> Diagnostic {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    // Tera names the template; point at the file it came from.
    let path = theme
        .templates
        .iter()
        .find(|(name, _)| {
            message.contains(&format!("{name}:")) || message.contains(&format!("'{name}'"))
        })
        .map_or_else(|| theme.origin.clone(), |(_, (_, origin))| origin.clone());
    Diagnostic::error(path, format!("template error: {}", message.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(
        input: &str,
        escape: fn(&str, &mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        escape(input, &mut out).expect("writing to a Vec");
        out
    }

    /// The word-at-a-time escaping agrees with tera's own, byte per call, with each special
    /// character (and a near miss of each: the bytes one above and one below) at every
    /// position of strings of every length up to three words, and on non-ASCII text.
    #[test]
    fn escaping_matches_tera() {
        let specials = ['&', '<', '>', '"', '\''];
        let mut inputs = vec![
            String::new(),
            "Plain text with no specials at all, longer than a word.".to_string(),
            "Zażółć gęślą jaźń <b>\"'&'\"</b> 你好 & co".to_string(),
            "&&&&&&&&<<<<<<<<>>>>>>>>\"\"\"\"\"\"\"\"''".to_string(),
        ];
        for len in 0..=24 {
            for at in 0..len {
                for c in specials {
                    for probe in [c, char::from(c as u8 + 1), char::from(c as u8 - 1)] {
                        let mut s: String = "abcdefghijklmnopqrstuvwxyz"
                            .chars()
                            .cycle()
                            .take(len)
                            .collect();
                        s.replace_range(at..=at, probe.encode_utf8(&mut [0; 4]));
                        inputs.push(s);
                    }
                }
            }
        }
        for input in &inputs {
            assert_eq!(
                escaped(input, escape_html),
                escaped(input, tera::escape_html),
                "{input:?}"
            );
        }
    }
}
