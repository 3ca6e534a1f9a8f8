//! The bodies: each version's Markdown rendered to HTML once the whole model exists, so that
//! links and anchors can be checked against every entry. A one-shot build renders them all
//! with [`Site::render_bodies`], freeing each source's Markdown as it goes; watch mode renders
//! the entries a change touches with [`Site::render_bodies_of`], recording what each read.

use super::{Entry, Site, Version, links, reads};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use rayon::prelude::*;
use std::collections::HashMap;

impl Site {
    /// A one-shot build's bodies: renders every version's, resolving links and reporting broken
    /// ones at their position, and frees what only rendering them needed as it goes. Each
    /// source keeps its front matter (diagnostics found later, such as `check`'s maintenance
    /// notices, point into it) but not its Markdown, which is freed as soon as its body is
    /// rendered, so the bodies take the room the sources leave; outlines keep their headings,
    /// not the ids the link checks looked up. At 100,000 entries the Markdown alone is 0.5 GB.
    /// Watch mode renders with [`Site::render_bodies_of`] instead and keeps its sources.
    pub fn render_bodies(
        &mut self,
        labels: &HashMap<String, markdown::Labels>,
        diagnostics: &Diagnostics,
    ) {
        let texts: Vec<Vec<String>> = self
            .entries
            .iter_mut()
            .map(|e| {
                let versions = e.versions.iter_mut();
                versions
                    .map(|v| std::mem::take(&mut v.source.text))
                    .collect()
            })
            .collect();
        let rendered: Vec<Vec<(Rendered, String)>> = self
            .entries
            .par_iter()
            .zip(texts)
            .map(|(entry, texts)| {
                entry
                    .versions
                    .iter()
                    .zip(texts)
                    .map(|(version, mut text)| {
                        let body = self.render_body(entry, version, &text, labels, diagnostics);
                        text.truncate(version.source.split.body_start);
                        text.shrink_to_fit();
                        (body, text)
                    })
                    .collect()
            })
            .collect();
        for (entry, bodies) in self.entries.iter_mut().zip(rendered) {
            for (version, (body, text)) in entry.versions.iter_mut().zip(bodies) {
                version.rendered = body;
                version.source.text = text;
                version.outline.release_anchors();
            }
        }
    }

    /// Once a one-shot build has written its pages: frees what only pages show of each body
    /// (its HTML, table of contents and callouts), keeping the plain text the search index is
    /// built from. At 100,000 entries the HTML is 0.6 GB.
    pub fn release_page_bodies(&mut self) {
        self.entries.par_iter_mut().for_each(|entry| {
            for version in &mut entry.versions {
                let text = std::mem::take(&mut version.rendered.text);
                version.rendered = Rendered {
                    text,
                    ..Rendered::default()
                };
            }
        });
    }

    /// Watch mode: renders the bodies of the entries at `indexes` only, each inside its own
    /// read-recording scope. Returns, per entry, what each version's body read and the entry's
    /// problems, so that a later change re-renders exactly the bodies whose links it affects.
    pub fn render_bodies_of(
        &mut self,
        indexes: &[usize],
        labels: &HashMap<String, markdown::Labels>,
    ) -> Vec<(Vec<Vec<reads::Read>>, Vec<Diagnostic>)> {
        type Bodies = (Vec<(Rendered, Vec<reads::Read>)>, Vec<Diagnostic>);
        let rendered: Vec<Bodies> = indexes
            .par_iter()
            .map(|&i| {
                let entry = &self.entries[i];
                let problems = Diagnostics::new();
                let bodies = entry
                    .versions
                    .iter()
                    .map(|version| {
                        let text = &version.source.text;
                        reads::record(|| self.render_body(entry, version, text, labels, &problems))
                    })
                    .collect();
                (bodies, problems.into_sorted())
            })
            .collect();
        indexes
            .iter()
            .zip(rendered)
            .map(|(&i, (bodies, problems))| {
                let reads = self.entries[i]
                    .versions
                    .iter_mut()
                    .zip(bodies)
                    .map(|(version, (body, read))| {
                        version.rendered = body;
                        read
                    })
                    .collect();
                (reads, problems)
            })
            .collect()
    }

    /// The body of `version`, whose source's text is `text` (front matter included).
    fn render_body(
        &self,
        entry: &Entry,
        version: &Version,
        text: &str,
        labels: &HashMap<String, markdown::Labels>,
        diagnostics: &Diagnostics,
    ) -> Rendered {
        let mut resolver = links::Resolver::new(self, entry, version);
        let empty = markdown::Labels::default();
        let labels = labels.get(&version.lang).unwrap_or(&empty);
        let rendered = markdown::render(
            &text[version.source.split.body_start..],
            &version.outline,
            &mut resolver,
            labels,
        );
        for problem in &rendered.problems {
            let source = &version.source;
            let offset = source.split.body_start + problem.offset;
            let d = if problem.is_error {
                Diagnostic::error(source.path.clone(), problem.message.clone())
            } else {
                Diagnostic::warning(source.path.clone(), problem.message.clone())
            }
            .with_code(body_code(&problem.message));
            diagnostics.push(d.at_offset(text, offset));
        }
        rendered
    }
}

/// The code of a problem found in a body. The Markdown stage reports messages only, so they are
/// told apart by their wording (the test suite's JSON test holds these to the README's list).
fn body_code(message: &str) -> &'static str {
    const CODES: &[(&str, &str)] = &[
        ("broken link", "broken-link"),
        ("link to a draft", "link-to-draft"),
        ("link to the preview server", "preview-link"),
        ("absolute link", "absolute-link"),
        ("empty link", "empty-link"),
        ("a `javascript:` link", "script-in-content"),
    ];
    if let Some((_, code)) = CODES.iter().find(|(start, _)| message.starts_with(start)) {
        return code;
    }
    if message.contains("has no heading with id") {
        "missing-anchor"
    } else if message.contains("runs code in every reader's browser") {
        "script-in-content"
    } else {
        "content"
    }
}
