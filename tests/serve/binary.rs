//! The real `deskbook watch` binary with the real file watcher: edits, adds, deletes, renames and
//! editor temp files written to disk, and in the end the output equals a clean build.

use crate::support::{Running, assert_equals_clean_build, eventually, starter_site};

#[test]
fn watch_follows_real_file_writes_and_ends_equal_to_a_clean_build() {
    let site = starter_site();
    let root = site.path().to_path_buf();
    let out = root.join("public");
    let mut watch = Running::start(&root, &["watch", "--root", "."]);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_default();

    let edited = root.join("content/practices/online/phone-calls.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{text}\nWritten by the watch test.\n")).unwrap();
    eventually(20, "the edit reaches the page", || {
        read("practices/online/phone-calls.html").contains("Written by the watch test.")
    });

    let added = root.join("content/practices/online/video-calls.md");
    std::fs::write(
        &added,
        "---\ntitle: Answering video calls\nsummary: Treat a video call like a visit.\nrights: [courtesy]\ntags: [phone]\nowner: Test\nupdated: 2026-10-01\n---\nLook at the camera.\n",
    )
    .unwrap();
    eventually(20, "the new page appears", || {
        read("practices/online/video-calls.html").contains("Answering video calls")
    });

    // Editors' leftovers are not content.
    for junk in [
        ".video-calls.md.swp",
        "video-calls.md~",
        "4913",
        ".#video-calls.md",
    ] {
        std::fs::write(root.join("content/practices/online").join(junk), "{{ junk").unwrap();
    }

    let renamed = root.join("content/practices/online/calls-by-video.md");
    std::fs::rename(&added, &renamed).unwrap();
    eventually(20, "the renamed page replaces the old one", || {
        read("practices/online/calls-by-video.html").contains("Answering video calls")
            && !out.join("practices/online/video-calls.html").exists()
    });

    std::fs::remove_file(&renamed).unwrap();
    eventually(20, "the deleted page disappears", || {
        !out.join("practices/online/calls-by-video.html").exists()
    });

    // A link to a deleted entry is an error; the output stays as it was until it is fixed.
    let linked = root.join("content/practices/options/promising-a-follow-up.md");
    let kept = std::fs::read_to_string(&linked).unwrap();
    std::fs::remove_file(&linked).unwrap();
    watch.wait_for("broken link", 20);
    assert!(
        out.join("practices/options/promising-a-follow-up.html")
            .exists()
    );
    std::fs::write(&linked, &kept).unwrap();
    watch.wait_for("All problems fixed", 20);

    // The search index is published unmerged at once, and merged once the edits stop.
    eventually(20, "the search index is merged", || {
        read("assets/search.js").contains("\"hot\":")
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_equals_clean_build(&root, &out, false, "after real file writes");
    assert!(!watch.stderr().contains("panicked"), "{}", watch.stderr());
}
