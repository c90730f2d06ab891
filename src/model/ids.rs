//! What makes an id or a file name safe: usable in a web address and a file name, and not
//! hiding what it says. Used by every part of the loader, the decisions' too.

/// Is `name` (a page's file name without `.md`, already NFC-normalized) safe as a URL path
/// segment and a file name? Like [`is_safe_id`], but letters and marks of any script are allowed,
/// so an Arabic or Kurdish site can name its pages in its own language.
pub fn is_safe_slug(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name.chars().all(|c| {
            c.is_alphanumeric()
                || unicode_normalization::char::is_combining_mark(c)
                || matches!(c, '.' | '-' | '_' | '\u{200C}')
        })
}

/// Is `id` safe to use in a URL path segment and a file name?
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The first character of `s` that is invisible or overrides the text's direction, and so can
/// make a title or id read differently from what it is (bidi overrides as in "Trojan Source",
/// zero-width spaces). Isolates (U+2066–U+2069), marks (U+200E, U+200F) and the zero-width
/// (non-)joiners that Arabic and Kurdish spelling needs are not flagged.
pub fn deceptive_char(s: &str) -> Option<char> {
    s.chars().find(|c| {
        matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_ids() {
        assert!(is_safe_id("1.1.9"));
        assert!(is_safe_id("2013-Q1"));
        assert!(!is_safe_id("../etc"));
        assert!(!is_safe_id("a/b"));
        assert!(!is_safe_id(""));
        assert!(!is_safe_id(".hidden"));
    }
}
