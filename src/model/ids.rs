//! What makes an id or a file name safe: usable in a web address and a file name, and not
//! hiding what it says. Used by every part of the loader, the decisions' too.

pub use crate::content::{xml_invalid_char, xml_invalid_message};

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

/// Checks a site address (`base_url`, `--base-url`): an absolute `http` or `https` address
/// with a host, and nothing that would break the sitemap, `robots.txt` or the feeds — no
/// spaces or control characters, no query, fragment or password. Returns it ending in `/`.
pub fn check_base_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if let Some(c) = raw.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{}` is not a web address: it contains {}",
            raw.escape_debug(),
            if c == ' ' {
                "a space".to_owned()
            } else {
                format!("the character U+{:04X}", u32::from(c))
            }
        ));
    }
    let url = url::Url::parse(raw)
        .map_err(|e| format!("`{raw}` is not an absolute web address ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{raw}` is not an http or https address"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{raw}` has no host name"));
    }
    if url.query().is_some() || url.fragment().is_some() || raw.contains(['?', '#']) {
        return Err(format!(
            "`{raw}` has a query (`?…`) or a fragment (`#…`); the site's address cannot"
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("`{raw}` holds a user name or password"));
    }
    Ok(if raw.ends_with('/') {
        raw.to_owned()
    } else {
        format!("{raw}/")
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

    #[test]
    fn site_addresses() {
        assert_eq!(
            check_base_url("https://example.org").unwrap(),
            "https://example.org/"
        );
        assert_eq!(
            check_base_url("http://h:8080/sub/").unwrap(),
            "http://h:8080/sub/"
        );
        for bad in [
            "example.org",
            "ftp://example.org/",
            "https://exa mple.org/",
            "https://example.org/\nDisallow: /",
            "https://example.org/\u{1}",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "https://u:p@example.org/",
            "https://",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn characters_xml_cannot_hold() {
        assert_eq!(xml_invalid_char("tab\tnew\nline\r ok ١٢٣"), None);
        assert_eq!(xml_invalid_char("a\u{FFFF}"), Some('\u{FFFF}'));
        assert_eq!(xml_invalid_char("a\u{FFFE}"), Some('\u{FFFE}'));
        assert_eq!(xml_invalid_char("bell\u{7}"), Some('\u{7}'));
        assert_eq!(xml_invalid_char("\u{FFFD}\u{10000}"), None);
    }
}
