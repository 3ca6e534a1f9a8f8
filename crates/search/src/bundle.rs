//! The bundle: every file of a tantivy index (its one segment) in one byte buffer, and a
//! read-only tantivy `Directory` over it.
//!
//! Layout (all integers little-endian):
//! ```text
//! magic  "DSKBIDX1"                      8 bytes
//! count  u32                             number of files
//! count × { name_len u16, name bytes (UTF-8), offset u64, len u64 }   sorted by name
//! file data, concatenated in table order; offsets are from the start of the buffer
//! ```

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::Directory;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

use crate::SearchError;

pub(crate) const MAGIC: &[u8; 8] = b"DSKBIDX1";

/// Packs files (name → bytes) into one buffer. The map is sorted, so the output is deterministic.
pub(crate) fn pack<V: AsRef<[u8]>>(files: BTreeMap<String, V>) -> Vec<u8> {
    let header_len: usize = 8 + 4 + files.keys().map(|k| 2 + k.len() + 8 + 8).sum::<usize>();
    let total = header_len + files.values().map(|v| v.as_ref().len()).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    let mut offset = header_len as u64;
    for (name, data) in &files {
        let data = data.as_ref();
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        offset += data.len() as u64;
    }
    // Each file is dropped once copied: when `files` owns them, they are not all held twice.
    for data in files.into_values() {
        out.extend_from_slice(data.as_ref());
    }
    debug_assert_eq!(out.len(), total);
    out
}

fn corrupt(msg: &str) -> SearchError {
    SearchError::new(format!("invalid search bundle: {msg}"))
}

/// The files named by a bundle's header (name, offset, length), and the header's length. `b`
/// may be the header alone: offsets are not checked against the data here.
pub(crate) fn parse_table(b: &[u8]) -> Result<(Table, usize), SearchError> {
    if b.len() < 12 || &b[..8] != MAGIC {
        return Err(corrupt("missing header (not a deskbook search bundle?)"));
    }
    let count = u32::from_le_bytes(b[8..12].try_into().unwrap()) as usize;
    let mut pos = 12usize;
    let mut files = Vec::new();
    let take = |pos: &mut usize, n: usize| -> Result<&[u8], SearchError> {
        let end = pos
            .checked_add(n)
            .filter(|&e| e <= b.len())
            .ok_or_else(|| corrupt("truncated table"))?;
        let s = &b[*pos..end];
        *pos = end;
        Ok(s)
    };
    for _ in 0..count {
        let name_len = u16::from_le_bytes(take(&mut pos, 2)?.try_into().unwrap()) as usize;
        let name = std::str::from_utf8(take(&mut pos, name_len)?)
            .map_err(|_| corrupt("file name is not UTF-8"))?
            .to_string();
        let offset = u64::from_le_bytes(take(&mut pos, 8)?.try_into().unwrap());
        let len = u64::from_le_bytes(take(&mut pos, 8)?.try_into().unwrap());
        let len = usize::try_from(len).map_err(|_| corrupt("length"))?;
        files.push((name, offset, len));
    }
    Ok((files, pos))
}

/// The length of a bundle's header (magic, count and file table).
pub(crate) fn header_len(bundle: &[u8]) -> Result<usize, SearchError> {
    parse_table(bundle).map(|(_, len)| len)
}

/// The file table of a bundle's header (see [`parse_table`]).
pub(crate) fn table(header: &[u8]) -> Result<Table, SearchError> {
    parse_table(header).map(|(files, _)| files)
}

/// Parses a bundle into a file map. Never panics on malformed input.
pub(crate) fn unpack(bundle: Vec<u8>) -> Result<BTreeMap<PathBuf, OwnedBytes>, SearchError> {
    let bytes = OwnedBytes::new(bundle);
    let (table, _) = parse_table(bytes.as_slice())?;
    let mut files = BTreeMap::new();
    for (name, offset, len) in table {
        let start = usize::try_from(offset).map_err(|_| corrupt("offset"))?;
        let end = start
            .checked_add(len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| corrupt("file out of range"))?;
        files.insert(PathBuf::from(name), bytes.slice(start..end));
    }
    Ok(files)
}

/// Read-only directory over the files of a bundle.
#[derive(Clone, Debug)]
pub(crate) struct BundleDirectory {
    files: Arc<BTreeMap<PathBuf, OwnedBytes>>,
}

impl BundleDirectory {
    pub(crate) fn new(files: BTreeMap<PathBuf, OwnedBytes>) -> Self {
        BundleDirectory {
            files: Arc::new(files),
        }
    }
}

pub(crate) fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("search bundle is read-only: {}", path.display()),
    )
}

impl Directory for BundleDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.files.get(path) {
            Some(bytes) => Ok(Arc::new(bytes.clone())),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        match self.files.get(path) {
            Some(bytes) => Ok(bytes.as_slice().to_vec()),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// A bundle's file table: (name, offset, length) per file, in table order.
pub(crate) type Table = Vec<(String, u64, usize)>;
