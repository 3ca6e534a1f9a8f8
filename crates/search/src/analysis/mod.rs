//! Text analysis shared by indexing, querying and snippets.
//!
//! One tokenizer for every language: runs of letters/digits become words, runs of CJK characters
//! become overlapping bigrams with consecutive positions (a lone CJK character stays a unigram).
//! What happens to a word then depends on the language family of the document:
//!
//! * `En`: lower-case, English (Porter2) stem, ASCII folding. The unstemmed folded word is indexed
//!   too, at the same position, so an exact word form ranks above other inflections and typos of
//!   the full word can be matched.
//! * `Pl`: lower-case, then three variants at one position: the Polish stem of the *folded* word
//!   (so `prywatnosc` typed without diacritics meets `prywatność`), the folded Polish stem of the
//!   word as written (the stemmer knows the suffixes with diacritics: `książkami` → `ksiazk`), and
//!   the folded word itself.
//! * `Zh`: bigrams for CJK, lower-cased and folded words for Latin runs.
//! * `Other`: lower-case and ASCII folding.
//!
//! Variants at one position are deduplicated; the first one is the "phrase form" used when a query
//! word expands to several positions (phrases).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Words longer than this (in chars) are dropped, like tantivy's `RemoveLongFilter`.
pub(crate) const MAX_WORD_CHARS: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Family {
    En,
    Pl,
    Zh,
    Other,
}

impl Family {
    pub(crate) const ALL: [Family; 4] = [Family::En, Family::Pl, Family::Zh, Family::Other];

    /// Maps a language code (`en`, `en-GB`, `pl`, `zh-Hans`, `ja`, `de`, …) to its family.
    pub(crate) fn from_lang(lang: &str) -> Family {
        let primary = lang
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Family::En,
            "pl" => Family::Pl,
            "zh" | "ja" | "ko" => Family::Zh,
            _ => Family::Other,
        }
    }

    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Family::En => "en",
            Family::Pl => "pl",
            Family::Zh => "zh",
            Family::Other => "xx",
        }
    }

    pub(crate) fn tokenizer_name(self) -> &'static str {
        match self {
            Family::En => "deskbook_en",
            Family::Pl => "deskbook_pl",
            Family::Zh => "deskbook_zh",
            Family::Other => "deskbook_xx",
        }
    }

    /// Whether the family's fields keep positions (for phrase queries over CJK bigrams).
    pub(crate) fn has_positions(self) -> bool {
        self == Family::Zh
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Han ideographs, kana, Hangul and Bopomofo: text in these scripts is cut into bigrams.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007            // 々 〇
        | 0x3040..=0x30FF          // Hiragana, Katakana
        | 0x3100..=0x312F          // Bopomofo
        | 0x3130..=0x318F          // Hangul compatibility jamo
        | 0x31A0..=0x31BF          // Bopomofo extended
        | 0x31F0..=0x31FF          // Katakana phonetic extensions
        | 0x3400..=0x4DBF          // CJK extension A
        | 0x4E00..=0x9FFF          // CJK unified ideographs
        | 0xA960..=0xA97F          // Hangul jamo extended-A
        | 0xAC00..=0xD7FF          // Hangul syllables, jamo extended-B
        | 0xF900..=0xFAFF          // CJK compatibility ideographs
        | 0xFF66..=0xFF9F          // half-width Katakana
        | 0x1100..=0x11FF          // Hangul jamo
        | 0x20000..=0x3FFFF        // CJK extensions B..
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c as u32, 0x0300..=0x036F)
}

/// A run of text found by the tokenizer, before any per-language processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A word (letters/digits) at byte range.
    Word(&'a str, usize, usize),
    /// A CJK bigram or lone character at byte range.
    Cjk(&'a str, usize, usize),
}

#[derive(PartialEq, Clone, Copy)]
enum Class {
    Word,
    Cjk,
    Sep,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        // Most text the index sees is ASCII, and ASCII is never CJK.
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Sep
        };
    }
    if is_cjk(c) {
        Class::Cjk
    } else if is_word_char(c) {
        Class::Word
    } else {
        Class::Sep
    }
}

/// Splits text into words and CJK bigrams, in order. Every piece takes one position.
///
/// An iterator, not a list: the indexer asks for the pieces of every field of every document,
/// and a vector per field (with another per CJK run) was a measurable part of indexing.
pub(crate) fn pieces(text: &str) -> Pieces<'_> {
    Pieces {
        text,
        at: 0,
        run: None,
    }
}

pub(crate) struct Pieces<'a> {
    text: &'a str,
    /// Byte offset where scanning goes on.
    at: usize,
    /// Inside a run of CJK characters: where the next bigram's first character starts.
    run: Option<usize>,
}

impl<'a> Pieces<'a> {
    /// The character at byte `i` and its class, if there is one.
    fn char_at(&self, i: usize) -> Option<(char, Class)> {
        let c = self.text[i..].chars().next()?;
        Some((c, class(c)))
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        let text = self.text;
        if let Some(first) = self.run.take() {
            // `first` is a CJK character whose predecessor began the last bigram.
            let second = first + self.char_at(first)?.0.len_utf8();
            match self.char_at(second) {
                Some((c, Class::Cjk)) => {
                    let end = second + c.len_utf8();
                    self.run = Some(second);
                    return Some(Piece::Cjk(&text[first..end], first, end));
                }
                _ => self.at = second,
            }
        }
        let bytes = text.as_bytes();
        loop {
            // Separators, ASCII ones a byte at a time.
            while self.at < bytes.len()
                && bytes[self.at].is_ascii()
                && !bytes[self.at].is_ascii_alphanumeric()
            {
                self.at += 1;
            }
            let start = self.at;
            let (c, kind) = self.char_at(start)?;
            let after = start + c.len_utf8();
            match kind {
                Class::Sep => self.at = after,
                Class::Word => {
                    let mut end = after;
                    loop {
                        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                            end += 1;
                        }
                        match self.char_at(end) {
                            Some((c, Class::Word)) if !c.is_ascii() => end += c.len_utf8(),
                            _ => break,
                        }
                    }
                    self.at = end;
                    return Some(Piece::Word(&text[start..end], start, end));
                }
                Class::Cjk => match self.char_at(after) {
                    Some((c, Class::Cjk)) => {
                        let end = after + c.len_utf8();
                        self.run = Some(after);
                        return Some(Piece::Cjk(&text[start..end], start, end));
                    }
                    _ => {
                        self.at = after;
                        return Some(Piece::Cjk(&text[start..after], start, after));
                    }
                },
            }
        }
    }
}

/// Folds Latin letters with diacritics to ASCII (expects lower-case input; others pass through).
pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let r: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ạ' | 'ả' | 'ấ' | 'ầ'
            | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề'
            | 'ể' | 'ễ' | 'ệ' => "e",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'ĥ' | 'ħ' => "h",
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ỉ' | 'ị' => {
                "i"
            }
            'ĳ' => "ij",
            'ĵ' => "j",
            'ķ' | 'ĸ' => "k",
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
            'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ơ' | 'ọ' | 'ỏ' | 'ố'
            | 'ồ' | 'ổ' | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => "o",
            'œ' => "oe",
            'ŕ' | 'ŗ' | 'ř' => "r",
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => "s",
            'ß' => "ss",
            'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
            'þ' => "th",
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' | 'ư' | 'ụ' | 'ủ'
            | 'ứ' | 'ừ' | 'ử' | 'ữ' | 'ự' => "u",
            'ŵ' => "w",
            'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            '\u{0300}'..='\u{036F}' => "",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(r);
    }
    out
}

fn stem(alg: frostem::Algorithm, word: &str) -> String {
    frostem::Stemmer::new(alg).stem(word).into_owned()
}

/// The folded English stem of a lower-case word, as the index holds it.
pub(crate) fn stem_en(lower: &str) -> String {
    fold(&stem(frostem::Algorithm::English, lower))
}

/// The Polish stem of a lower-case word (not folded).
pub(crate) fn stem_pl(lower: &str) -> String {
    stem(frostem::Algorithm::Polish, lower)
}

/// The index forms of one word (first = phrase form), deduplicated, never empty.
pub(crate) fn word_variants(family: Family, word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut v: Vec<String> = Vec::with_capacity(3);
    let push = |s: String, v: &mut Vec<String>| {
        if !s.is_empty() && !v.contains(&s) {
            v.push(s);
        }
    };
    match family {
        Family::En => {
            push(stem_en(&lower), &mut v);
            push(fold(&lower), &mut v);
        }
        Family::Pl => {
            let folded = fold(&lower);
            push(stem_pl(&folded), &mut v);
            push(fold(&stem_pl(&lower)), &mut v);
            push(folded, &mut v);
            for form in crate::forms::polish_superlative_forms(&lower) {
                push(form, &mut v);
            }
        }
        Family::Zh | Family::Other => push(fold(&lower), &mut v),
    }
    if v.is_empty() {
        v.push(lower);
    }
    v
}

/// Analyzes `text` for `family` into tokens (several tokens may share a position).
pub(crate) fn analyze(family: Family, text: &str, out: &mut Vec<Token>) {
    each_token(family, text, None, |position, from, to, text| {
        out.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text: text.to_owned(),
            position_length: 1,
        });
    });
}

/// Calls `emit(position, from, to, text)` for every token of `text`, in order. With a cache,
/// each distinct word is stemmed and folded once.
fn each_token(
    family: Family,
    text: &str,
    mut cache: Option<&mut WordCache>,
    mut emit: impl FnMut(usize, usize, usize, &str),
) {
    for (position, piece) in pieces(text).enumerate() {
        match piece {
            Piece::Word(w, s, e) => {
                if w.chars().count() <= MAX_WORD_CHARS {
                    match cache.as_deref_mut() {
                        Some(cache) => {
                            for variant in cache.variants(family, w) {
                                emit(position, s, e, variant);
                            }
                        }
                        None => {
                            for variant in word_variants(family, w) {
                                emit(position, s, e, &variant);
                            }
                        }
                    }
                }
            }
            Piece::Cjk(g, s, e) => emit(position, s, e, g),
        }
    }
}

/// Each word's index forms, as written in the text, made once per tokenizer: a word recurs
/// thousands of times in a corpus, and stemming and folding it was a fifth of a full build's
/// CPU time. Bounded so that a huge vocabulary cannot grow it without limit.
#[derive(Clone, Default)]
struct WordCache {
    index: rustc_hash::FxHashMap<Box<str>, u32>,
    variants: Vec<Vec<String>>,
}

impl WordCache {
    /// Distinct words kept before the cache starts over: ≈ 5 MB at most per tokenizer, and a
    /// build holds one per field (16) for each indexing thread. Natural text repeats its most
    /// frequent words so much that a bounded cache still answers nearly every lookup.
    const MAX_WORDS: usize = 32_768;

    fn variants(&mut self, family: Family, word: &str) -> &[String] {
        let i = match self.index.get(word) {
            Some(&i) => i as usize,
            None => {
                if self.variants.len() >= Self::MAX_WORDS {
                    self.index.clear();
                    self.variants.clear();
                }
                let i = self.variants.len();
                self.variants.push(word_variants(family, word));
                self.index.insert(word.into(), i as u32);
                i
            }
        };
        &self.variants[i]
    }
}

/// Analyzed query/word structure: positions with their alternative forms.
pub(crate) fn analyze_positions(family: Family, text: &str) -> Vec<(usize, Vec<String>)> {
    let mut tokens = Vec::new();
    analyze(family, text, &mut tokens);
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for t in tokens {
        match out.last_mut() {
            Some((p, alts)) if *p == t.position => alts.push(t.text),
            _ => out.push((t.position, vec![t.text])),
        }
    }
    out
}

/// The tantivy tokenizer registered for one family. tantivy clones it for every field of every
/// segment writer, so each clone has its own word cache and token buffer.
#[derive(Clone)]
pub(crate) struct DeskbookTokenizer {
    family: Family,
    cache: WordCache,
    /// Tokens are overwritten in place, so their text buffers are reused from call to call.
    tokens: Vec<Token>,
}

impl DeskbookTokenizer {
    pub(crate) fn new(family: Family) -> Self {
        DeskbookTokenizer {
            family,
            cache: WordCache::default(),
            tokens: Vec::new(),
        }
    }
}

pub(crate) struct VecTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for DeskbookTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        let tokens = &mut self.tokens;
        let mut len = 0;
        each_token(
            self.family,
            text,
            Some(&mut self.cache),
            |position, from, to, word| {
                if let Some(t) = tokens.get_mut(len) {
                    t.offset_from = from;
                    t.offset_to = to;
                    t.position = position;
                    t.position_length = 1;
                    t.text.clear();
                    t.text.push_str(word);
                } else {
                    tokens.push(Token {
                        offset_from: from,
                        offset_to: to,
                        position,
                        text: word.to_owned(),
                        position_length: 1,
                    });
                }
                len += 1;
            },
        );
        VecTokenStream {
            tokens: &mut self.tokens[..len],
            next: 0,
        }
    }
}

/// The tokenizer of the `vocab` field.
pub(crate) const VOCAB_TOKENIZER: &str = "deskbook_vocab";

/// Words as written, lower-cased, for "did you mean": the words of three letters or more
/// outside CJK runs (whose bigrams are no words to suggest), each at its own position.
#[derive(Clone, Default)]
pub(crate) struct VocabTokenizer {
    tokens: Vec<Token>,
}

impl Tokenizer for VocabTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        for (position, piece) in pieces(text).enumerate() {
            if let Piece::Word(w, from, to) = piece {
                let n = w.chars().count();
                if (3..=MAX_WORD_CHARS).contains(&n) && w.chars().all(char::is_alphabetic) {
                    self.tokens.push(Token {
                        offset_from: from,
                        offset_to: to,
                        position,
                        text: w.to_lowercase(),
                        position_length: 1,
                    });
                }
            }
        }
        VecTokenStream {
            tokens: &mut self.tokens[..],
            next: 0,
        }
    }
}

/// Words that do not have to match (when the query has other words).
pub(crate) fn is_stop_word(folded_lower: &str) -> bool {
    const STOP: &[&str] = &[
        // English
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "how",
        "i", "if", "in", "into", "is", "it", "its", "my", "no", "not", "of", "on", "or", "our",
        "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
        "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
        "with", "you", "your", // Polish (folded)
        "aby", "ale", "bo", "by", "byc", "co", "czy", "dla", "do", "gdy", "ich", "im", "jak", "je",
        "jego", "jej", "jest", "juz", "lub", "ma", "na", "nad", "nie", "o", "od", "oraz", "po",
        "pod", "przez", "przy", "sa", "sie", "sobie", "ta", "tak", "tam", "te", "tego", "tej",
        "to", "tu", "w", "we", "z", "za", "ze",
    ];
    STOP.contains(&folded_lower)
}

#[cfg(test)]
mod tests;
