//! The output folder's guarantees, tested on real folders: swaps, recycling, the record of
//! written files and what it must never vouch for.

use super::*;
use std::time::{Duration, SystemTime};

/// Builds `files` into `out` through a [`Staging`] folder, as `deskbook build` does.
fn build(out: &Path, files: &[(&str, &str)]) {
    let staging = Staging::create(out).unwrap();
    for (rel, text) in files {
        staging.write(rel, text.as_bytes()).unwrap();
    }
    staging.commit().unwrap();
}

/// The same two files built twice into `public`: an output and an output before last.
fn built_twice() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let files = [("index.html", "home"), ("about.html", "about")];
    build(&out, &files);
    build(&out, &files);
    (dir, out)
}

fn date_ahead(path: &Path) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(3600))
        .unwrap();
}

#[test]
fn the_record_lists_what_was_written_and_vouches_for_it_until_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let files = [("index.html", "home"), ("a/b.html", "page b")];
    build(&out, &files);
    let at = sibling(&out, RECORD_SUFFIX);
    assert!(!out.join(".deskbook-files").exists(), "not in the output");
    let record = Record::read(&at).expect("a record");
    assert_eq!(record.entries.len(), 2, "the marker is not listed");
    let entry = record.entries["a/b.html"];
    assert_eq!(entry.hash, xxhash_rust::xxh3::xxh3_128(b"page b"));
    let stamp = Stamp::of(&out.join("a/b.html").symlink_metadata().unwrap());
    assert_eq!(stamp, Some(entry.stamp));
    // Written in the same tick of the clock as the record (or later): not vouched for.
    let racy = Record {
        written: entry.stamp.ctime,
        ..Record::read(&at).unwrap()
    };
    assert!(!racy.vouches("a/b.html", entry.hash, stamp));
    date_ahead(&at);
    let record = Record::read(&at).unwrap();
    assert!(record.vouches("a/b.html", entry.hash, stamp));
    assert!(!record.vouches("a/b.html", entry.hash ^ 1, stamp));
    assert!(!record.vouches("a/c.html", entry.hash, stamp));
    std::fs::write(out.join("a/b.html"), "page B").unwrap();
    let changed = Stamp::of(&out.join("a/b.html").symlink_metadata().unwrap());
    assert!(!record.vouches("a/b.html", entry.hash, changed));
}

#[test]
fn a_build_that_stops_midway_leaves_no_record_behind() {
    let (_dir, out) = built_twice();
    let old_record = sibling(&out, OLD_RECORD_SUFFIX);
    assert!(old_record.is_file());
    assert!(sibling(&out, RECORD_SUFFIX).is_file());
    date_ahead(&old_record);
    // Recycles the output before last: its record is read, then gone.
    let staging = Staging::create(&out).unwrap();
    assert_eq!(staging.previous.entries.len(), 2);
    staging.write("index.html", b"home").unwrap();
    staging.write("about.html", b"ABOUT").unwrap();
    let tmp = staging.dir.clone();
    staging.abandon();
    assert!(!old_record.exists());
    // The next build recycles the abandoned folder and compares every file.
    let staging = Staging::create(&out).unwrap();
    assert_eq!(staging.dir, tmp);
    assert!(staging.previous.entries.is_empty());
    staging.write("index.html", b"home").unwrap();
    staging.write("about.html", b"about").unwrap();
    staging.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("about.html")).unwrap(),
        "about"
    );
    let record = Record::read(&sibling(&out, RECORD_SUFFIX)).unwrap();
    assert_eq!(record.entries.len(), 2);
}

#[test]
fn a_record_beside_the_wrong_folder_vouches_for_nothing() {
    let (_dir, out) = built_twice();
    // The output's record where the record of the output before last should be, as a
    // build killed between renaming the records and swapping the folders would leave it.
    let old_record = sibling(&out, OLD_RECORD_SUFFIX);
    std::fs::copy(sibling(&out, RECORD_SUFFIX), &old_record).unwrap();
    date_ahead(&old_record);
    let staging = Staging::create(&out).unwrap();
    assert_eq!(staging.previous.entries.len(), 2);
    for rel in ["index.html", "about.html"] {
        let meta = staging.dir.join(rel).symlink_metadata().unwrap();
        let hash = xxhash_rust::xxh3::xxh3_128(rel.as_bytes());
        let entry = staging.previous.entries[rel];
        assert!(
            !staging.previous.vouches(rel, entry.hash, Stamp::of(&meta)),
            "{rel}"
        );
        assert!(!staging.previous.vouches(rel, hash, Stamp::of(&meta)));
    }
    staging.abandon();
}

#[test]
fn a_record_with_a_flaw_is_ignored_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".public.deskbook-files");
    let line = format!("{:032x} 4 1 2 3 4 5 index.html\n", 7);
    let whole = format!("{RECORD_HEADER}{line}end 1\n");
    std::fs::write(&path, &whole).unwrap();
    assert_eq!(Record::read(&path).unwrap().entries.len(), 1);
    for flawed in [
        whole.replace(" 1 xxh3", " 2 xxh3"),
        whole.replace("end 1\n", ""),
        whole.replace("end 1", "end 2"),
        whole.replace(" 5 ", " x "),
        whole.replace(" index.html", " "),
        format!("{RECORD_HEADER}{line}{line}end 2\n"),
        String::new(),
    ] {
        std::fs::write(&path, &flawed).unwrap();
        assert!(Record::read(&path).is_none(), "{flawed:?}");
    }
}
