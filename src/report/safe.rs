//! Text from scenarios and result files, made safe to print: a name holding terminal escape
//! sequences must not be able to rewrite what the user sees (a fake "verdict: PASS" over the
//! real one). Control characters are shown as `\u{..}` escapes.

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1) escaped.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
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
    }
}
