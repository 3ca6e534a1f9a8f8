//! Text kept compressed while the site model holds it.
//!
//! A build holds every rendered body from the Markdown stage until the pages (the HTML) and
//! the search index (the plain text) are made: at 100,000 entries 0.6 GB of HTML and 0.45 GB
//! of text, the largest part of the model. Each is read a handful of times (its page, a print
//! page, a phrase sheet; the index once), so they are kept LZ4-compressed and unpacked where
//! they are used: LZ4 unpacks at memory speed, and `lz4_flex` is already built for tantivy.

/// A string, LZ4-compressed; [`Packed::unpack`] gives it back.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Packed {
    /// The compressed bytes, empty for the empty string.
    bytes: Box<[u8]>,
    /// The length of the string.
    len: usize,
}

impl Packed {
    pub fn new(text: &str) -> Packed {
        if text.is_empty() {
            return Packed::default();
        }
        Packed {
            bytes: compress(text.as_bytes()),
            len: text.len(),
        }
    }

    /// The string, unpacked.
    pub fn unpack(&self) -> String {
        if self.len == 0 {
            return String::new();
        }
        // Only `Packed::new` made these bytes, from a string of `len` bytes.
        let bytes = lz4_flex::decompress(&self.bytes, self.len)
            .expect("a packed string unpacks to the bytes it was made from");
        String::from_utf8(bytes).expect("a packed string unpacks to UTF-8")
    }

    /// The length of the string in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The memory it takes, in bytes.
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }
}

/// `input` LZ4-compressed, in an allocation of exactly its size. Compressed through a scratch
/// buffer of the thread: `lz4_flex::compress` allocates the worst case (110 % of the input)
/// and truncates, and shrinking that allocation is not guaranteed to free anything (mimalloc
/// keeps a block that shrinks by less than half, and these bodies pack to about 53 %): at
/// 100,000 entries that kept ≈ 0.2 GB of worst cases alive.
fn compress(input: &[u8]) -> Box<[u8]> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        scratch.resize(lz4_flex::block::get_maximum_output_size(input.len()), 0);
        match lz4_flex::block::compress_into(input, &mut scratch) {
            Ok(written) => Box::from(&scratch[..written]),
            // Not reached with a buffer of the worst case's size.
            Err(_) => Box::from(lz4_flex::compress(input).as_slice()),
        }
    })
}

impl From<&str> for Packed {
    fn from(text: &str) -> Packed {
        Packed::new(text)
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.unpack().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::Packed;

    #[test]
    fn strings_come_back_as_they_went_in() {
        let body = "<p>Dzień dobry — 你好, patron.</p>\n".repeat(40);
        for text in ["", "a", "zażółć gęślą jaźń", "图书馆", body.as_str()] {
            let packed = Packed::new(text);
            assert_eq!(packed.unpack(), text);
            assert_eq!(packed.len(), text.len());
            assert_eq!(packed, Packed::from(text));
        }
        assert!(Packed::new(&body).packed_len() < body.len() / 4);
        assert_ne!(Packed::new("a"), Packed::new("b"));
    }
}
