//! Text from scenarios and result files, made safe to print: a name holding terminal escape
//! sequences must not be able to rewrite what the user sees (a fake "verdict: PASS" over the
//! real one), and bidirectional controls must not reorder a table line. Both are shown as
//! `\u{..}` escapes.

use std::borrow::Cow;

/// Whether `c` changes how text around it is shown: a control character (C0, DEL, C1) or a
/// bidirectional formatting character (Unicode's Bidi_Control set).
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control and bidirectional formatting character escaped.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_unprintable(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(safe("db-sync"), "db-sync");
        assert_eq!(
            safe("x\u{1b}[2K\rverdict: PASS"),
            "x\\u{1b}[2K\\u{d}verdict: PASS"
        );
        assert_eq!(safe("a\u{9b}b"), "a\\u{9b}b");
        assert_eq!(safe("abc\u{202e}fed"), "abc\\u{202e}fed");
    }
}
