//! The splitter against a reference, the analyzers' forms, and the indexing tokenizer against
//! `analyze`.

use super::*;

fn texts(family: Family, s: &str) -> Vec<(usize, String)> {
    let mut v = Vec::new();
    analyze(family, s, &mut v);
    v.into_iter().map(|t| (t.position, t.text)).collect()
}

#[test]
fn pieces_match_the_reference_splitter() {
    let texts = [
        "",
        "   ",
        "Hello, world! Say \"good morning\" 42 times.",
        "Prywatność czytelnika: książki, wypożyczenie… żółć",
        "读者隐私 和 礼貌服务。图书馆",
        "字",
        "a字b字字c 字字字 x",
        "mixed读者abc隐私123 e\u{301}clair ﬁne ŁÓDŹ",
        "한국어 텍스트 カタカナ ひらがな 々〇",
        "tab\tnew\nline\r\n— – ‘quotes’ «x»",
        "𠀀𠀁 emoji 😀 done",
    ];
    for text in texts {
        let fast: Vec<_> = pieces(text).collect();
        assert_eq!(fast, pieces_reference(text), "{text:?}");
    }
    // Every prefix of a mixed text, so that runs end at every kind of boundary.
    let mixed = "Ab 读者隐私x y字 ąę1 图";
    for (i, _) in mixed.char_indices() {
        let text = &mixed[..i];
        assert_eq!(
            pieces(text).collect::<Vec<_>>(),
            pieces_reference(text),
            "{text:?}"
        );
    }
}

/// The list-making splitter `pieces` replaced, kept to check it against.
fn pieces_reference(text: &str) -> Vec<Piece<'_>> {
    // Its own classification, without the ASCII shortcut, so that the shortcut is checked.
    fn class(c: char) -> Class {
        if is_cjk(c) {
            Class::Cjk
        } else if is_word_char(c) {
            Class::Word
        } else {
            Class::Sep
        }
    }
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        match class(c) {
            Class::Sep => {}
            Class::Word => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, c2)) = iter.peek() {
                    if class(c2) == Class::Word {
                        end = i + c2.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                out.push(Piece::Word(&text[start..end], start, end));
            }
            Class::Cjk => {
                // collect char boundaries of the run
                let mut bounds = vec![start, start + c.len_utf8()];
                while let Some(&(i, c2)) = iter.peek() {
                    if class(c2) == Class::Cjk {
                        bounds.push(i + c2.len_utf8());
                        iter.next();
                    } else {
                        break;
                    }
                }
                let n = bounds.len() - 1;
                if n == 1 {
                    out.push(Piece::Cjk(
                        &text[bounds[0]..bounds[1]],
                        bounds[0],
                        bounds[1],
                    ));
                } else {
                    for i in 0..n - 1 {
                        let (s, e) = (bounds[i], bounds[i + 2]);
                        out.push(Piece::Cjk(&text[s..e], s, e));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn cjk_bigrams_have_consecutive_positions() {
    assert_eq!(
        texts(Family::Zh, "保护隐私"),
        vec![(0, "保护".into()), (1, "护隐".into()), (2, "隐私".into())]
    );
    assert_eq!(texts(Family::Zh, "书"), vec![(0, "书".into())]);
    assert_eq!(
        texts(Family::Zh, "读者WiFi密码"),
        vec![(0, "读者".into()), (1, "wifi".into()), (2, "密码".into())]
    );
    assert_eq!(
        texts(Family::Zh, "你好，世界"),
        vec![(0, "你好".into()), (1, "世界".into())]
    );
}

/// The indexing tokenizer (word cache, reused token buffers) gives exactly what
/// `analyze` gives, also for a short text after a longer one and for repeated words.
#[test]
fn the_indexing_tokenizer_matches_analyze() {
    let cases = [
        (
            Family::Pl,
            "Książkami, książki i KSIĄŻKA: prywatność czytelnika w bibliotece.",
        ),
        (Family::Pl, "Książki"),
        (
            Family::En,
            "Greeting patrons: greetings, greeted, a greeting at the desk.",
        ),
        (Family::En, "desk"),
        (Family::Zh, "读者隐私WiFi密码，保护读者隐私"),
        (Family::Zh, "书"),
        (Family::En, ""),
    ];
    for family in Family::ALL {
        let mut tokenizer = DeskbookTokenizer::new(family);
        for (_, text) in cases {
            let mut stream = tokenizer.token_stream(text);
            let mut got = Vec::new();
            while stream.advance() {
                let t = stream.token();
                got.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
            }
            let mut want = Vec::new();
            analyze(family, text, &mut want);
            let want: Vec<_> = want
                .into_iter()
                .map(|t| (t.position, t.offset_from, t.offset_to, t.text))
                .collect();
            assert_eq!(got, want, "{family:?}: {text}");
        }
    }
}

#[test]
fn polish_forms() {
    let v = word_variants(Family::Pl, "Prywatność");
    assert!(v.contains(&"prywatnosc".to_string()), "{v:?}");
    let folded = fold("zażółć gęślą jaźń łódź");
    assert_eq!(folded, "zazolc gesla jazn lodz");
}

#[test]
fn english_forms() {
    assert_eq!(
        word_variants(Family::En, "Greetings"),
        vec!["greet", "greetings"]
    );
    assert_eq!(word_variants(Family::En, "greet"), vec!["greet"]);
}
