//! The output folder in watch mode: written in place, one file at a time, only where bytes changed.
//!
//! The first round builds the whole site through [`crate::output::Staging`] like
//! `deskbook build`, so the folder starts out equal to a clean build (stale files from older
//! builds go with the swap). After that, [`LiveOutput`] remembers a hash of every file it wrote
//! and touches the disk only for files whose bytes differ, each written to a temporary name and
//! renamed over the old one so that the dev server never serves half a page. Files of pages that
//! no longer exist are removed, with the folders they leave empty, as a clean build would not
//! have them.
//!
//! The folder keeps the first round's record of the files it wrote (`.deskbook-files`, see
//! [`crate::output`]), which the writes here leave stale on purpose: keeping it in step would
//! cost a rewrite of the whole record per round, and a stale one is harmless. Every file written
//! here is a new file renamed into place (another inode, other times) and a removed one is gone,
//! so when a later build recycles this folder, `stat` disagrees with the record for exactly the
//! files changed here and those are read back (`tests/serve/record.rs`). A file moved to another
//! path ([`LiveOutput::rename`]) keeps its bytes, inode and times: where the record names that
//! path for another file, `stat` disagrees; where it names this very file, it is right.

use crate::diagnostics::Diagnostic;
use crate::output::MARKER;
use crate::output::io_error;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// XXH3-64, as the build's record uses XXH3: the first round hashes the whole site (≈ 400 MB
/// at 10k entries), 20 ms where std's SipHash took 76 ms.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

pub(crate) struct LiveOutput {
    dir: PathBuf,
    /// Output path → hash of the bytes on disk.
    files: HashMap<String, u64>,
}

/// Writes a file under a temporary name and renames it into place, so that no reader ever sees
/// half of it.
fn write_atomically(dir: &Path, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let target = dir.join(path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
    }
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = target.with_file_name(format!(".{name}.deskbook-partial"));
    std::fs::write(&temporary, bytes).map_err(|e| io_error(&temporary, "write", &e))?;
    std::fs::rename(&temporary, &target).map_err(|e| io_error(&target, "move into place", &e))
}

impl LiveOutput {
    /// Takes over a folder just built by a [`crate::output::Staging`] swap; `files` are the
    /// hashes of what it holds.
    pub(crate) fn adopt(dir: &Path, files: HashMap<String, u64>) -> LiveOutput {
        LiveOutput {
            dir: dir.to_path_buf(),
            files,
        }
    }

    /// The hash of the bytes at `path`, if this output holds a file there.
    pub(crate) fn hash_of(&self, path: &str) -> Option<u64> {
        self.files.get(path).copied()
    }

    /// Moves the file at `from` to `to` (a rename: no new file, no bytes written). For a file
    /// about to be removed whose bytes a new path needs: an edit renames every chunk file of the
    /// search index, and most keep their bytes (see `engine/publish.rs`).
    pub(crate) fn rename(&mut self, from: &str, to: &str) -> Result<(), Diagnostic> {
        let Some(hash) = self.files.remove(from) else {
            return Err(io_error(
                &self.dir.join(from),
                "move",
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        };
        let (source, target) = (self.dir.join(from), self.dir.join(to));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "create the folder", &e))?;
        }
        std::fs::rename(&source, &target).map_err(|e| io_error(&target, "move into place", &e))?;
        self.files.insert(to.to_string(), hash);
        Ok(())
    }

    /// Writes `bytes` at `path` unless the file already holds them; true when it wrote.
    pub(crate) fn write(&mut self, path: &str, bytes: &[u8]) -> Result<bool, Diagnostic> {
        let hash = hash_bytes(bytes);
        if self.files.get(path) == Some(&hash) {
            return Ok(false);
        }
        write_atomically(&self.dir, path, bytes)?;
        self.files.insert(path.to_string(), hash);
        Ok(true)
    }

    /// [`LiveOutput::write`] for many files, in parallel; returns the paths written, sorted.
    pub(crate) fn write_all<'a>(
        &mut self,
        files: impl Iterator<Item = (&'a String, &'a Vec<u8>)>,
    ) -> Result<Vec<String>, Diagnostic> {
        use rayon::prelude::*;
        let changed: Vec<(&String, &Vec<u8>, u64)> = files
            .map(|(path, bytes)| (path, bytes, hash_bytes(bytes)))
            .filter(|(path, _, hash)| self.files.get(*path) != Some(hash))
            .collect();
        changed
            .par_iter()
            .try_for_each(|(path, bytes, _)| write_atomically(&self.dir, path, bytes))?;
        let mut written = Vec::with_capacity(changed.len());
        for (path, _, hash) in changed {
            self.files.insert(path.clone(), hash);
            written.push(path.clone());
        }
        written.sort();
        Ok(written)
    }

    /// Removes the file at `path` and any folders that leaves empty.
    pub(crate) fn remove(&mut self, path: &str) -> Result<(), Diagnostic> {
        if self.files.remove(path).is_none() || path == MARKER {
            return Ok(());
        }
        let target = self.dir.join(path);
        match std::fs::remove_file(&target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&target, "remove", &e)),
        }
        let mut folder = target.parent();
        while let Some(dir) = folder.filter(|d| *d != self.dir) {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
        Ok(())
    }

    /// Removes every file `keep` does not want; returns their paths, sorted.
    pub(crate) fn remove_all_but(
        &mut self,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>, Diagnostic> {
        let mut gone: Vec<String> = self.files.keys().filter(|p| !keep(p)).cloned().collect();
        gone.sort();
        for path in &gone {
            self.remove(path)?;
        }
        Ok(gone)
    }
}
