//! Themes: templates, UI strings per language, and static assets.
//!
//! The default theme is embedded in the binary (see `build.rs`), so any site folder builds. A
//! folder `themes/NAME/` in the site replaces it; a site's own `templates/` and `i18n/` override
//! single files or strings of the theme, the way Zola and Hugo let a site override a theme.
//!
//! An asset may be written in parts: the files of a folder `static/NAME.d/`, joined in file-name
//! order, are published as the one asset `NAME`. The default theme's script is kept that way
//! (`static/deskbook.js.d/`, one file per concern) and still published as one `deskbook.HASH.js`:
//! one request per page, and the search worker that runs the script again by its own URL (see
//! `00-start.js` there) gets all of it. Browsers never see the parts, and `file://` needs no
//! module loader.

use crate::content::{display_rel, is_ignored_name};
use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`practice.html`) → (source text, where it came from for messages).
    pub templates: BTreeMap<String, (String, String)>,
    /// Language → UI string key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Assets published under `assets/` with content-hashed names (`style.css`).
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The browser search module generated from `crates/search-wasm` (glue script and wasm).
    pub search: BTreeMap<String, Vec<u8>>,
    /// Where the theme came from, for messages (`embedded default theme`, `themes/default`).
    pub origin: String,
}

impl Theme {
    /// Loads theme `name` for the site at `root`, with the site's overrides.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let origin;
        if dir.is_dir() {
            origin = display_rel(root, &dir);
            read_tree(root, &dir, &mut files)?;
        } else if name == "default" {
            origin = "themes/default".to_string();
            files.extend(
                DEFAULT_THEME
                    .iter()
                    .map(|(p, b)| (p.to_string(), b.to_vec())),
            );
        } else {
            return Err(vec![Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!(
                    "theme `{name}` not found: there is no folder `themes/{name}/` (use `theme: default` for the built-in theme)"
                ),
            )]);
        }
        let mut theme = Theme {
            origin: origin.clone(),
            ..Theme::default()
        };
        let mut problems = Vec::new();
        for (rel, bytes) in files {
            theme.add(&rel, bytes, &format!("{origin}/{rel}"), &mut problems);
        }
        theme.join_parts(&mut problems);
        // Site-level overrides.
        for folder in ["templates", "i18n"] {
            let dir = root.join(folder);
            if dir.is_dir() {
                let mut files = Vec::new();
                read_tree(root, &dir, &mut files)?;
                for (rel, bytes) in files {
                    let rel = format!("{folder}/{rel}");
                    theme.add(&rel, bytes, &rel, &mut problems);
                }
            }
        }
        if problems.is_empty() {
            Ok(theme)
        } else {
            Err(problems)
        }
    }

    fn add(&mut self, rel: &str, bytes: Vec<u8>, shown: &str, problems: &mut Vec<Diagnostic>) {
        if let Some(name) = rel.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    self.templates
                        .insert(name.to_string(), (text, shown.to_string()));
                }
                Err(_) => {
                    problems.push(Diagnostic::error(shown, "the template is not valid UTF-8"))
                }
            }
        } else if let Some(file) = rel.strip_prefix("i18n/") {
            let Some(lang) = file.strip_suffix(".yaml") else {
                return;
            };
            let text = String::from_utf8_lossy(&bytes);
            match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                Ok(strings) => self
                    .strings
                    .entry(lang.to_string())
                    .or_default()
                    .extend(strings),
                Err(err) => {
                    let d = Diagnostic::error(shown, format!("invalid UI strings: {err}"));
                    problems.push(match err.location() {
                        Some(loc) => d.at(&text, loc.line(), loc.column()),
                        None => d,
                    });
                }
            }
        } else if let Some(asset) = rel.strip_prefix("static/") {
            self.assets.insert(asset.to_string(), bytes);
        } else if let Some(file) = rel.strip_prefix("search/") {
            self.search.insert(file.to_string(), bytes);
        }
    }

    /// Replaces the parts under `NAME.d/` with the asset `NAME`, their concatenation.
    fn join_parts(&mut self, problems: &mut Vec<Diagnostic>) {
        let mut joined: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        self.assets.retain(|rel, bytes| match parts_of(rel) {
            Some(name) => {
                joined.entry(name.to_string()).or_default().append(bytes);
                false
            }
            None => true,
        });
        for (name, bytes) in joined {
            if self.assets.contains_key(&name) {
                problems.push(Diagnostic::error(
                    format!("{}/static/{name}", self.origin),
                    format!("`static/{name}` is also made of the parts in `static/{name}.d/`: keep one of the two"),
                ));
            }
            self.assets.insert(name, bytes);
        }
    }

    /// The UI strings for `lang`, falling back key by key to the default language, then English.
    pub fn strings_for(&self, lang: &str, default_lang: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for fallback in ["en", default_lang, lang] {
            if let Some(strings) = self.strings.get(fallback) {
                out.extend(strings.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        out
    }
}

/// `deskbook.js` for a part `deskbook.js.d/10-engine.js`: the folder's name without `.d`, when
/// it names a file (it has an extension of its own).
fn parts_of(rel: &str) -> Option<&str> {
    let (folder, _) = rel.split_once('/')?;
    folder.strip_suffix(".d").filter(|name| name.contains('.'))
}

/// Reads every file under `dir` as (path relative to `dir`, bytes).
fn read_tree(
    root: &Path,
    dir: &Path,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                match std::fs::read(e.path()) {
                    Ok(bytes) => files.push((rel, bytes)),
                    Err(err) => problems.push(Diagnostic::error(
                        display_rel(root, e.path()),
                        format!("cannot read: {err}"),
                    )),
                }
            }
            Ok(_) => {}
            Err(err) => problems.push(Diagnostic::error(
                err.path()
                    .map_or_else(|| display_rel(root, dir), |p| display_rel(root, p)),
                format!("cannot read: {err}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A short, stable content hash for asset file names: the top 40 bits of XXH3-64 (the hash
/// the output record already uses), so the same bytes get the same name on every machine. It
/// is fast enough for every watch round to hash the search bundle and its base64 twin (75 MB at
/// 10k entries).
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:010x}", xxhash_rust::xxh3::xxh3_64(bytes) >> 24)
}

/// `style.css` + hash → `style.0123456789.css`.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let hash = content_hash(bytes);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod hash_tests {
    use super::content_hash;
    use std::collections::HashSet;

    #[test]
    fn content_hashes_are_stable_and_tell_every_small_change_apart() {
        // Fixed values: asset names must not change between machines or releases unnoticed.
        // XXH3-64 of no bytes is 0x2D06800538D394C2, the reference implementation's value.
        assert_eq!(
            [content_hash(b""), content_hash(b"body { color: red }")],
            ["2d06800538", "c01639b343"]
        );
        // Every single-bit change, every length, and every stripe/word/byte tail path.
        let base: Vec<u8> = (0..97u32).map(|i| (i * 7 + 3) as u8).collect();
        let mut seen = HashSet::new();
        for len in 0..=base.len() {
            assert!(seen.insert(content_hash(&base[..len])), "length {len}");
        }
        for i in 0..base.len() {
            for bit in 0..8 {
                let mut changed = base.clone();
                changed[i] ^= 1 << bit;
                assert!(seen.insert(content_hash(&changed)), "byte {i} bit {bit}");
            }
        }
    }
}

#[cfg(test)]
mod parts_tests {
    use super::Theme;

    fn theme_with(files: &[(&str, &str)]) -> Result<Theme, Vec<crate::diagnostics::Diagnostic>> {
        let site = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = site.path().join("themes/mine").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Theme::load(site.path(), "mine")
    }

    #[test]
    fn the_parts_of_an_asset_are_published_as_one_file_in_name_order() {
        let theme = theme_with(&[
            ("static/app.js.d/20-b.js", "b();\n"),
            ("static/app.js.d/10-a.js", "a();\n"),
            ("static/fonts/x.woff2", "font"),
            ("static/plain.d/x", "kept"),
        ])
        .unwrap();
        let names: Vec<&str> = theme.assets.keys().map(String::as_str).collect();
        assert_eq!(names, ["app.js", "fonts/x.woff2", "plain.d/x"]);
        assert_eq!(theme.assets["app.js"], b"a();\nb();\n");
    }

    #[test]
    fn an_asset_both_whole_and_in_parts_is_an_error() {
        let problems = theme_with(&[
            ("static/app.js", "whole();\n"),
            ("static/app.js.d/10-a.js", "a();\n"),
        ])
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "`static/app.js` is also made of the parts in `static/app.js.d/`: keep one of the two"
        );
    }

    #[test]
    fn the_default_theme_script_is_one_asset() {
        let theme = Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
        assert!(!theme.assets.keys().any(|name| name.contains(".d/")));
        let script = String::from_utf8(theme.assets["deskbook.js"].clone()).unwrap();
        assert!(
            script.starts_with("/* deskbook.js:"),
            "00-start.js comes first"
        );
        assert!(script.ends_with("})(); // closes the function 00-start.js opens\n"));
    }
}
