//! Read tracking for watch mode: which parts of the model a computation looked at.
//!
//! Watch mode re-renders only the pages (and Markdown bodies) whose inputs changed. Instead of a
//! hand-kept list of "page X shows entries Y", which drifts the day a template context starts
//! showing something new, the model's accessors ([`Site::get`](super::Site::get),
//! [`Site::entry`](super::Site::entry), [`Site::of_kind`](super::Site::of_kind), …) and the
//! render stage's derived lists *note* what they hand out while a [`record`] scope is open on the
//! current thread. Watch mode runs each page context and each body inside its own scope, so the
//! dependencies are whatever the code actually read.
//!
//! Outside a scope (every `deskbook build`) noting costs one thread-local check and records
//! nothing. The recorder is per thread and scopes nest, so rayon work stealing another page into
//! a waiting thread keeps the two pages' reads apart; what a scope must not do is fan its own work
//! out to other threads, whose reads it would not see.

use crate::content::{Key, Kind};
use std::cell::RefCell;

/// One thing a computation read from the model. Indexes are into `Site::entries` as it was
/// while the scope ran.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Read {
    /// One entry: any field of any of its versions except the rendered bodies.
    Entry(usize),
    /// The rendered body of one version, by its output path.
    Body(String),
    /// A key looked up that has no entry (a page appears when it is added).
    Missing(Key),
    /// Every entry of a kind, and which entries have that kind (bodies are noted on their own).
    Kind(Kind),
    /// Every practice of a category, and which practices it has.
    Category(String),
    /// Every practice with a tag, and which practices have it.
    Tag(String),
    /// Which tags exist, and how many practices each has.
    Tags,
    /// Every practice upholding a right, and which practices do.
    Upholding(String),
    /// Which practices are listed as related to a practice (not what is shown of them).
    Related(usize),
    /// The non-Markdown files under `content/`.
    Assets,
    /// Whether a Markdown file (relative to `content/`) failed to load.
    Unreadable(String),
    /// Everything in the model.
    All,
}

thread_local! {
    static SCOPES: RefCell<Vec<Vec<Read>>> = const { RefCell::new(Vec::new()) };
}

/// Notes a read in the innermost open scope of this thread, if there is one. The closure runs
/// only when something records, so noting is free in a plain build.
pub fn note(read: impl FnOnce() -> Read) {
    SCOPES.with(|scopes| {
        if let Some(scope) = scopes.borrow_mut().last_mut() {
            scope.push(read());
        }
    });
}

/// Runs `f` and returns its result with everything it read, in order, duplicates included.
pub fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<Read>) {
    struct Scope;
    impl Drop for Scope {
        fn drop(&mut self) {
            SCOPES.with(|scopes| scopes.borrow_mut().pop());
        }
    }
    SCOPES.with(|scopes| scopes.borrow_mut().push(Vec::new()));
    let scope = Scope;
    let value = f();
    let reads = SCOPES.with(|scopes| scopes.borrow_mut().last_mut().map(std::mem::take));
    drop(scope);
    (value, reads.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_nest_and_nothing_is_noted_outside_them() {
        note(|| Read::All);
        let ((), outer) = record(|| {
            note(|| Read::Tags);
            let ((), inner) = record(|| note(|| Read::Entry(3)));
            assert_eq!(inner, vec![Read::Entry(3)]);
            note(|| Read::Assets);
        });
        assert_eq!(outer, vec![Read::Tags, Read::Assets]);
        let ((), empty) = record(|| ());
        assert!(empty.is_empty());
    }
}
