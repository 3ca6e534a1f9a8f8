//! The content stage: walk `content/`, read and decode every file, split and read its front
//! matter. Nothing after this stage reads the disk.
//!
//! Where a file sits decides what it is (DESIGN.md §2, §8): `rights/ID.md` is a right,
//! `competencies/ID.md` a competency,
//! `practices/CATEGORY/_index.md` a category, `practices/CATEGORY/SLUG.md` a practice entry,
//! `pages/NAME.md` a free page, `_index.md` the home page. `NAME.LANG.md` is the `LANG` version.
//! Markdown anywhere else is an error, not silently ignored; other files (images, PDFs) are
//! assets copied to the output beside the pages that link them.

pub mod frontmatter;
mod placeholders;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use frontmatter::{Meta, Split};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Home,
    Right,
    Category,
    Practice,
    Page,
    /// A competency staff build through practices (`competencies/ID.md`).
    Competency,
}

/// The identity of an entry across languages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub kind: Kind,
    /// `""` (home), `courtesy`, `greetings`, `greetings/greeting-at-the-desk`, `about`.
    pub id: String,
}

impl Key {
    /// The id without the kind, as search and scripts know it: `greetings/greeting-at-the-desk`,
    /// `rights/courtesy`, `categories/greetings`, `pages/about`, `home`.
    pub fn public_id(&self) -> String {
        match self.kind {
            Kind::Practice => self.id.clone(),
            Kind::Right => format!("rights/{}", self.id),
            Kind::Category => format!("categories/{}", self.id),
            Kind::Page => format!("pages/{}", self.id),
            Kind::Competency => format!("competencies/{}", self.id),
            Kind::Home => "home".to_string(),
        }
    }
}

/// One language version of one entry, read and split, front matter parsed.
#[derive(Debug, Clone)]
pub struct Source {
    pub key: Key,
    pub lang: String,
    /// Relative to the site root, `/`-separated: `content/rights/courtesy.pl.md`.
    pub path: String,
    /// The decoded text: BOM removed, line endings normalised to `\n`.
    pub text: String,
    pub split: Split,
    pub meta: Meta,
}

impl Source {
    pub fn body(&self) -> &str {
        &self.text[self.split.body_start..]
    }
}

/// A non-Markdown file under `content/`, copied to the output at the same relative place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    /// Relative to `content/`: `practices/greetings/desk.png`.
    pub rel: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Content {
    /// Sorted by key, then language order.
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
    /// Category folders seen (even those missing an `_index.md`), for the model's checks.
    pub category_dirs: BTreeSet<String>,
    /// Markdown files (relative to `content/`) that exist but could not be read or split; links
    /// to them are not reported again as broken.
    pub unreadable: BTreeSet<String>,
}

/// Where a Markdown file sits, decided from its path alone.
pub struct Placed {
    pub key: Key,
    pub lang: String,
}

/// Files editors and operating systems leave behind; never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

pub fn place(rel: &str, config: &Config) -> Result<Placed, String> {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let (name, lang) = match stem.rsplit_once('.') {
        Some((name, lang)) if config.languages.iter().any(|l| l == lang) => {
            (name, lang.to_string())
        }
        Some((_, lang)) if crate::config::is_language_code(lang) => {
            return Err(format!(
                "the file name says language `{lang}`, which is not in deskbook.yaml's `languages` ({})",
                config.languages.join(", ")
            ));
        }
        _ => (stem, config.default_language().to_string()),
    };
    if name.is_empty() {
        return Err("the file name has no name before the language suffix".into());
    }
    let parts: Vec<&str> = if dir.is_empty() {
        vec![]
    } else {
        dir.split('/').collect()
    };
    let key = match (parts.as_slice(), name) {
        ([], "_index") => Key {
            kind: Kind::Home,
            id: String::new(),
        },
        (["rights"], id) if id != "_index" => Key {
            kind: Kind::Right,
            id: id.to_string(),
        },
        (["practices", cat], "_index") => Key {
            kind: Kind::Category,
            id: cat.to_string(),
        },
        (["practices", cat], slug) => Key {
            kind: Kind::Practice,
            id: format!("{cat}/{slug}"),
        },
        (["pages"], id) if id != "_index" => Key {
            kind: Kind::Page,
            id: id.to_string(),
        },
        (["competencies"], id) if id != "_index" => Key {
            kind: Kind::Competency,
            id: id.to_string(),
        },
        _ => {
            return Err(
                "deskbook does not know what this file is: Markdown goes in `_index.md` (home), `rights/ID.md`, `competencies/ID.md`, `practices/CATEGORY/_index.md`, `practices/CATEGORY/SLUG.md` or `pages/NAME.md`".into(),
            );
        }
    };
    Ok(Placed { key, lang })
}

/// The files under `content/` as read from disk, by path relative to `content/`: the bytes, or
/// the problem reading them. [`from_files`] turns them into [`Content`] without touching the
/// disk, so watch mode can run the same code on the files of one entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    pub markdown: BTreeMap<String, Result<Vec<u8>, Diagnostic>>,
    /// Everything that is not Markdown: assets.
    pub other: BTreeMap<String, Result<Vec<u8>, Diagnostic>>,
}

impl Files {
    /// Adds (or replaces) a file by its path relative to `content/`.
    pub fn insert(&mut self, rel: String, bytes: Result<Vec<u8>, Diagnostic>) {
        if rel.ends_with(".md") {
            self.markdown.insert(rel, bytes);
        } else {
            self.other.insert(rel, bytes);
        }
    }
}

/// Reads the whole `content/` folder. Problems go to `diagnostics`; what could be read is returned.
pub fn load(root: &Path, config: &Config, diagnostics: &Diagnostics) -> Content {
    match scan(root, diagnostics) {
        Some(found) => from_owned_files(read_files(found), config, diagnostics),
        None => Content::default(),
    }
}

/// Lists every file under `content/` (path relative to `content/`, path on disk), skipping
/// editor and system leftovers. `None` (reported) when there is no `content/` folder.
pub fn scan(root: &Path, diagnostics: &Diagnostics) -> Option<Vec<(String, PathBuf)>> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            "content",
            "there is no `content/` folder; create it with at least `content/rights/` and `content/practices/`",
        ));
        return None;
    }
    Some(scan_folder(root, "", diagnostics))
}

/// Lists every file under `content/REL` (`REL` a folder relative to `content/`, `""` for all),
/// like [`scan`].
pub fn scan_folder(root: &Path, rel: &str, diagnostics: &Diagnostics) -> Vec<(String, PathBuf)> {
    let content_dir = root.join("content");
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir.join(rel))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let at = err
                    .path()
                    .map(|p| display_rel(root, p))
                    .unwrap_or_else(|| "content".to_string());
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it; remove or fix the link".to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string)
                    )
                };
                diagnostics.push(Diagnostic::error(at, message));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&content_dir) else {
            continue;
        };
        let Some(rel) = rel.to_str().map(|r| r.replace('\\', "/")) else {
            diagnostics.push(Diagnostic::error(
                display_rel(root, entry.path()),
                "the file name is not valid Unicode; rename the file",
            ));
            continue;
        };
        found.push((rel, entry.into_path()));
    }
    found
}

/// The largest Markdown file deskbook reads. A practice entry is a few pages (the starter's
/// longest is under 10 KB); a file of megabytes is a mistake, such as a picture pasted as text,
/// and would cost gigabytes of memory to render and index.
pub const MAX_MARKDOWN_BYTES: u64 = 4 * 1024 * 1024;

/// Reads the files [`scan`] found, in parallel.
pub fn read_files(found: Vec<(String, PathBuf)>) -> Files {
    let read: Vec<(String, Result<Vec<u8>, Diagnostic>)> = found
        .into_par_iter()
        .map(|(rel, abs)| {
            let too_big = rel
                .ends_with(".md")
                .then(|| std::fs::metadata(&abs).map(|m| m.len()).ok())
                .flatten()
                .filter(|&size| size > MAX_MARKDOWN_BYTES);
            let bytes = if let Some(size) = too_big {
                Err(Diagnostic::error(
                    "",
                    format!(
                        "the file is {:.1} MB; a Markdown file may be at most {} MB: split the entry into several, and keep pictures and documents as separate files beside it",
                        size as f64 / 1_048_576.0,
                        MAX_MARKDOWN_BYTES / 1_048_576
                    ),
                ))
            } else {
                read_bytes(&abs)
            };
            let bytes = bytes.map_err(|d| Diagnostic {
                path: format!("content/{rel}"),
                ..d
            });
            (rel, bytes)
        })
        .collect();
    let mut files = Files::default();
    for (rel, bytes) in read {
        files.insert(rel, bytes);
    }
    files
}

/// Everything the content stage makes of `files`, reading nothing from disk (watch mode keeps
/// its files and hands over a copy of those that changed).
pub fn from_files(files: &Files, config: &Config, diagnostics: &Diagnostics) -> Content {
    from_owned_files(files.clone(), config, diagnostics)
}

/// [`from_files`], taking the files: each source's text is its file's bytes, not a copy of
/// them (a one-shot build reads 0.5 GB of Markdown at 100,000 entries).
pub fn from_owned_files(files: Files, config: &Config, diagnostics: &Diagnostics) -> Content {
    let mut content = Content::default();
    // Which entries have which languages, to tell originals from translations before parsing.
    let mut placed = Vec::new();
    for (rel, bytes) in files.markdown {
        let path = format!("content/{rel}");
        match place(&rel, config) {
            Ok(p) => {
                if p.key.kind == Kind::Practice {
                    let cat = p.key.id.split('/').next().unwrap_or_default().to_string();
                    content.category_dirs.insert(cat);
                }
                placed.push((p, path, bytes));
            }
            Err(message) => {
                diagnostics.push(Diagnostic::error(path, message).with_code("misplaced-file"));
            }
        }
    }
    let originals = originals(placed.iter().map(|(p, _, _)| p), config);
    let unreadable = std::sync::Mutex::new(BTreeSet::new());
    let mut sources: Vec<Source> = placed
        .into_par_iter()
        .zip(originals)
        .filter_map(|((placed, path, bytes), is_original)| {
            let source = read_source(placed, path, bytes, is_original, config, diagnostics);
            if let Err(path) = &source {
                unreadable
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(path["content/".len()..].to_string());
            }
            source.ok()
        })
        .collect();
    sources.sort_by(|a, b| {
        (&a.key, lang_rank(config, &a.lang)).cmp(&(&b.key, lang_rank(config, &b.lang)))
    });
    for pair in sources.windows(2) {
        if pair[0].key == pair[1].key && pair[0].lang == pair[1].lang {
            diagnostics.push(
                Diagnostic::error(
                    pair[1].path.clone(),
                    format!(
                        "`{}` is the same entry in the same language as `{}`; keep one of them",
                        pair[1].path, pair[0].path
                    ),
                )
                .with_code("duplicate-entry"),
            );
        }
    }

    for (rel, bytes) in files.other {
        match bytes {
            Ok(bytes) => content.assets.push(Asset { rel, bytes }),
            Err(d) => diagnostics.push(d),
        }
    }
    content.unreadable = unreadable.into_inner().unwrap_or_else(|p| p.into_inner());
    content.assets.sort();
    content.sources = sources;
    content
}

/// A language's place in the configured order (unknown languages last).
fn lang_rank(config: &Config, lang: &str) -> usize {
    config
        .languages
        .iter()
        .position(|x| x == lang)
        .unwrap_or(usize::MAX)
}

/// For each placed file, whether it is its entry's original: the entry's file in the first
/// configured language it exists in.
fn originals<'p>(placed: impl Iterator<Item = &'p Placed> + Clone, config: &Config) -> Vec<bool> {
    let mut first_lang: std::collections::HashMap<&Key, usize> = std::collections::HashMap::new();
    for p in placed.clone() {
        let rank = lang_rank(config, &p.lang);
        first_lang
            .entry(&p.key)
            .and_modify(|r| *r = (*r).min(rank))
            .or_insert(rank);
    }
    placed
        .map(|p| first_lang[&p.key] == lang_rank(config, &p.lang))
        .collect()
}

/// One Markdown file decoded and its front matter parsed; problems go to `diagnostics`. `Err`
/// carries the path of a file that could not be read at all (not UTF-8, no front matter).
fn read_source(
    placed: Placed,
    path: String,
    bytes: Result<Vec<u8>, Diagnostic>,
    is_original: bool,
    config: &Config,
    diagnostics: &Diagnostics,
) -> Result<Source, String> {
    let text = match bytes.and_then(decode) {
        Ok(text) => text,
        Err(d) => {
            diagnostics.push(Diagnostic {
                path: path.clone(),
                ..d
            });
            return Err(path);
        }
    };
    let split = match frontmatter::split(&text, &path) {
        Ok(split) => split,
        Err(d) => {
            diagnostics.push(d);
            return Err(path);
        }
    };
    // An original in another language than the default may be a misnamed translation: the
    // model tells (it sees every entry, in watch mode too) and checks the keys it would inherit
    // (`model::checks`).
    let inherits = !is_original || placed.lang != config.default_language();
    let (meta, problems) = frontmatter::parse(&text, split, &path, placed.key.kind, inherits);
    diagnostics.extend(problems);
    let source = Source {
        key: placed.key,
        lang: placed.lang,
        path,
        text,
        split,
        meta,
    };
    diagnostics.extend(placeholders::check(&source));
    Ok(source)
}

pub fn display_rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads a file as UTF-8 text: removes a UTF-8 BOM, normalises CRLF and lone CR to LF, and turns
/// UTF-16 or invalid UTF-8 into a located error rather than mojibake.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    read_bytes(path).and_then(decode)
}

/// Reads a file's bytes; a failure is a diagnostic (without a path: the caller knows it).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|err| Diagnostic::error("", format!("cannot read: {err}")))
}

pub fn decode(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(
            "",
            "the file is encoded as UTF-16; save it as UTF-8 (in most editors: \"Save with encoding\" › UTF-8)",
        ));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let good = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, column) = crate::diagnostics::line_col(&good, valid);
            let shown = String::from_utf8_lossy(&bytes[valid - (column - 1).min(valid)..])
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            let mut d = Diagnostic::error(
                "",
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at byte offset {valid}); save it as UTF-8",
                    bytes[valid]
                ),
            );
            d.line = line;
            d.column = column;
            d.source_line = shown;
            return Err(d);
        }
    };
    if text.contains('\r') {
        return Ok(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_handles_bom_crlf_and_reports_bad_bytes() {
        assert_eq!(
            decode(b"\xEF\xBB\xBF---\r\ntitle: x\r\n".to_vec()).unwrap(),
            "---\ntitle: x\n"
        );
        let err = decode(b"---\ntitle: caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 11));
        assert!(
            err.message
                .starts_with("the file is not valid UTF-8 (byte 0xE9")
        );
        assert!(
            decode(vec![0xFF, 0xFE, b'a', 0])
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
    }
}
