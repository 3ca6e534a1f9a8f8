//! The text files snippets are cut from: one small file per distinct document body, named by
//! a hash of it, written beside the index bundle and read only for the hits on screen.

use std::borrow::Cow;

use crate::SearchDoc;

/// The key of a body's text file: 16 hex digits of a 64-bit hash of its bytes (rustc-hash's
/// string hash, a wyhash-like function that passes SMHasher3 on all 64 bits and reads 16 bytes
/// per step; byte-at-a-time FNV-1a cost ≈ 1 % of a 10k build). Equal bodies share one file; an
/// edited body gets a new name, so caches never serve a stale one.
pub fn text_key(body: &str) -> String {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(body.as_bytes());
    format!("{:016x}", hasher.finish())
}

/// Whether `key` could be a [`text_key`] (so that it is safe in a file name).
pub fn is_text_key(key: &str) -> bool {
    key.len() == 16
        && key
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// What a text file holds: one call, `deskbookText("KEY","BODY");`, with both strings as JSON.
/// A script, not JSON, so that a page opened from `file://` can load it with a `<script>`
/// element (Chromium refuses `fetch()` there); over http the engine's worker fetches it and
/// [`parse_text_file`]'s twin in `deskbook.js` takes the body out.
pub fn text_file(key: &str, body: &str) -> String {
    // Written into one buffer: at 10k entries the bodies are ≈ 50 MB.
    let mut file = Vec::with_capacity(body.len() + body.len() / 8 + 40);
    file.extend_from_slice(b"deskbookText(\"");
    file.extend_from_slice(key.as_bytes());
    file.extend_from_slice(b"\",");
    if serde_json::to_writer(&mut file, body).is_err() {
        file.extend_from_slice(b"\"\"");
    }
    file.extend_from_slice(b");\n");
    String::from_utf8(file).unwrap_or_default()
}

/// The key and body of a text file written by [`text_file`]; `None` for anything else.
pub fn parse_text_file(file: &str) -> Option<(String, String)> {
    let rest = file.trim_end().strip_prefix("deskbookText(\"")?;
    let (key, rest) = rest.split_once('"')?;
    let json = rest.strip_prefix(',')?.strip_suffix(");")?;
    let body: String = serde_json::from_str(json).ok()?;
    is_text_key(key).then(|| (key.to_string(), body))
}

/// The bodies of `docs` that get a text file, with their [`text_key`]: each distinct non-empty
/// body once, made one at a time (see [`crate::Body`]). The dev server names the files it
/// already has from these without making them.
pub fn text_bodies<'d>(
    docs: &'d [SearchDoc<'_>],
) -> impl Iterator<Item = (String, Cow<'d, str>)> + 'd {
    let mut seen = std::collections::HashSet::new();
    docs.iter().filter_map(move |d| {
        let body = d.body.text();
        if body.trim().is_empty() {
            return None;
        }
        let key = text_key(&body);
        seen.insert(key.clone()).then_some((key, body))
    })
}

/// The text files of `docs`: (key, file content as [`text_file`] writes it), one per
/// [`text_bodies`] item, made one at a time so that a caller can write each before the next
/// exists. The bundle built from the same docs names them.
pub fn text_files<'d>(docs: &'d [SearchDoc<'_>]) -> impl Iterator<Item = (String, String)> + 'd {
    text_bodies(docs).map(|(key, body)| {
        let file = text_file(&key, &body);
        (key, file)
    })
}
