//! CLDR plural rules (ICU4X `icu_plurals`) for counted interface strings.
//!
//! A counted string is a table of plural forms in the theme's i18n file, keyed by CLDR category
//! (`zero`, `one`, `two`, `few`, `many`, `other`; only `other` is required):
//!
//! ```toml
//! months = { one = "{n} month", other = "{n} months" }
//! ```
//!
//! `t('programme.months', n=7)` picks the form for the page's language and fills in `{n}`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use icu_locale::Locale;
use icu_plurals::{PluralOperands, PluralRules};

/// Cardinal rules per language tag, made once.
fn rules(tag: &str) -> Option<Arc<PluralRules>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Arc<PluralRules>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(tag.to_owned())
        .or_insert_with(|| {
            let locale: Locale = tag.parse().ok()?;
            PluralRules::try_new_cardinal(locale.into())
                .ok()
                .map(Arc::new)
        })
        .clone()
}

/// The CLDR cardinal plural category of `n` in the language `tag` (`"few"` for 4 in Arabic),
/// `"other"` for a language without rules.
pub fn category(tag: &str, n: &str) -> &'static str {
    let Some(rules) = rules(tag) else {
        return "other";
    };
    match n.parse::<fixed_decimal::Decimal>() {
        Ok(d) => match rules.category_for(PluralOperands::from(&d)) {
            icu_plurals::PluralCategory::Zero => "zero",
            icu_plurals::PluralCategory::One => "one",
            icu_plurals::PluralCategory::Two => "two",
            icu_plurals::PluralCategory::Few => "few",
            icu_plurals::PluralCategory::Many => "many",
            icu_plurals::PluralCategory::Other => "other",
        },
        Err(_) => "other",
    }
}

/// The key of a counted string that `key` is one form of (`search.results` for
/// `search.results.few`), else `key` itself. Languages give different sets of forms, so
/// translations are compared by this key.
pub fn counted_key(key: &str) -> &str {
    match key.rsplit_once('.') {
        Some((base, form)) if ["zero", "one", "two", "few", "many", "other"].contains(&form) => {
            base
        }
        _ => key,
    }
}

/// A count as written on a page (`٤`, `1,471`, `١٬٤٧١`, `12.5`) in plain ASCII digits, for
/// [`category`]; `None` when it is not a number.
pub fn plain_count(shown: &str) -> Option<String> {
    let mut out = String::new();
    for c in shown.chars() {
        match c {
            '0'..='9' | '-' => out.push(c),
            '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - '٠' as u32) as u8)),
            '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - '۰' as u32) as u8)),
            '.' | '٫' => out.push('.'),
            ',' | '٬' | '\u{a0}' | '\u{202f}' | ' ' | '\u{2068}' | '\u{2069}' => {}
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_six_forms() {
        let cat = |n: &str| category("ar", n);
        assert_eq!(
            ["0", "1", "2", "4", "11", "100"].map(cat),
            ["zero", "one", "two", "few", "many", "other"]
        );
    }

    #[test]
    fn english_and_sorani_have_one_and_other() {
        assert_eq!(category("en", "1"), "one");
        assert_eq!(category("en", "4"), "other");
        assert_eq!(category("en", "1.5"), "other");
        assert_eq!(category("ckb", "1"), "one");
        assert_eq!(category("ckb", "7"), "other");
        assert_eq!(category("xx-unknown-tag!", "1"), "other");
    }

    #[test]
    fn counts_are_read_in_any_digits() {
        assert_eq!(plain_count("٤").as_deref(), Some("4"));
        assert_eq!(plain_count("١٬٤٧١").as_deref(), Some("1471"));
        assert_eq!(plain_count("12.5").as_deref(), Some("12.5"));
        assert_eq!(plain_count("n/a"), None);
        assert_eq!(category("ar", &plain_count("١١").unwrap()), "many");
    }
}
