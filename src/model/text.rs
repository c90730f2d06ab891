//! Translatable texts and the other small value types of the model: figures and dates.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

/// A text readers see, in one or more languages: a TOML table keyed by language code. Two
/// texts are equal when their words are, wherever they stand in their files.
#[derive(Debug, Clone, Default)]
pub struct Text {
    entries: BTreeMap<String, String>,
    /// Where the table is in its file, and where each language key is.
    spans: TextSpans,
}

/// Positions of a text's table and keys in the TOML it came from (byte ranges).
#[derive(Debug, Clone, Default)]
struct TextSpans {
    table: Option<Range<usize>>,
    keys: BTreeMap<String, Range<usize>>,
}

impl Text {
    /// A text in one language (for content made in code, such as Markdown front matter titles).
    pub fn single(lang: &str, text: impl Into<String>) -> Text {
        let mut entries = BTreeMap::new();
        entries.insert(lang.to_owned(), text.into());
        Text {
            entries,
            spans: TextSpans::default(),
        }
    }

    /// The text in `lang`, if it has been written.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.entries
            .get(lang)
            .map(String::as_str)
            .filter(|s| !s.trim().is_empty())
    }

    /// The text in `lang`, or else in `default`, telling which language it is in.
    pub fn resolve<'a>(&'a self, lang: &'a str, default: &'a str) -> Resolved<'a> {
        match self.get(lang) {
            Some(text) => Resolved {
                text,
                lang,
                fallback: false,
            },
            None => Resolved {
                text: self.get(default).unwrap_or(""),
                lang: default,
                fallback: lang != default,
            },
        }
    }

    /// The language codes this text is written in.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Sets or replaces the text in `lang`.
    pub fn insert(&mut self, lang: &str, text: impl Into<String>) {
        self.entries.insert(lang.to_owned(), text.into());
    }

    /// The byte range of the table in its file, when known.
    pub fn span(&self) -> Option<Range<usize>> {
        self.spans.table.clone()
    }

    /// The byte range of the key `lang` in its file, when known.
    pub fn key_span(&self, lang: &str) -> Option<Range<usize>> {
        self.spans.keys.get(lang).cloned()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.entries == other.entries
    }
}

/// A text resolved for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// The words.
    pub text: &'a str,
    /// The language they are in.
    pub lang: &'a str,
    /// True when the reader's language was missing and the default language stands in.
    pub fallback: bool,
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let table = Spanned::<BTreeMap<Spanned<String>, String>>::deserialize(d)?;
        let span = table.span();
        let mut entries = BTreeMap::new();
        let mut keys = BTreeMap::new();
        for (k, v) in table.into_inner() {
            keys.insert(k.get_ref().clone(), k.span());
            entries.insert(k.into_inner(), v);
        }
        Ok(Text {
            entries,
            spans: TextSpans {
                table: Some(span),
                keys,
            },
        })
    }
}

/// A calendar date (no time of day), as written in TOML: `2013-03-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// Days since 1970-01-01 (negative before), for differences between dates.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A number exactly as the editor wrote it: `3.125`, `12.50` and `9007199254740993` keep every
/// digit (pages and data files print the text), while arithmetic (% of planned, charts) uses
/// the nearest `f64`.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    text: String,
    value: f64,
}

impl Number {
    /// A number from a TOML literal (`1_000`, `+3.50`, `-2`); `None` for anything that is not a
    /// plain decimal (exponents, `inf`, `nan`, hex).
    pub fn parse(literal: &str) -> Option<Number> {
        let text: String = literal.trim().chars().filter(|c| *c != '_').collect();
        let text = text.strip_prefix('+').unwrap_or(&text).to_owned();
        let digits = text.strip_prefix('-').unwrap_or(&text);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let plain = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(digits.contains('.') && frac.is_empty());
        let value: f64 = text.parse().ok()?;
        (plain && value.is_finite()).then_some(Number { text, value })
    }

    /// A number computed or converted from `value` (written as Rust prints it).
    pub fn from_f64(value: f64) -> Number {
        let text = if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            format!("{value}")
        };
        Number { text, value }
    }

    /// The number as written, in ASCII: Latin digits, `.` as decimal point, no grouping.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The nearest `f64`, for arithmetic.
    pub fn value(&self) -> f64 {
        self.value
    }
}

impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.value)
    }
}

/// A figure as reported: a number, or a word (a term id such as `yes` or `n-a`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Figure {
    /// A number, as reported.
    Number(Number),
    /// A word standing for a figure; the id of a term in `results.toml`.
    Term(String),
}

impl Figure {
    /// The number, when the figure is one.
    pub fn number(&self) -> Option<f64> {
        self.exact().map(Number::value)
    }

    /// The number exactly as written, when the figure is one.
    pub fn exact(&self) -> Option<&Number> {
        match self {
            Figure::Number(n) => Some(n),
            Figure::Term(_) => None,
        }
    }

    /// The term id, when the figure is a word.
    pub fn term(&self) -> Option<&str> {
        match self {
            Figure::Number(_) => None,
            Figure::Term(t) => Some(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_the_digits_as_written() {
        for (lit, text) in [
            ("3.125", "3.125"),
            ("12.50", "12.50"),
            ("9007199254740993", "9007199254740993"),
            ("1_000", "1000"),
            ("+7", "7"),
            ("-0.5", "-0.5"),
        ] {
            assert_eq!(Number::parse(lit).unwrap().as_str(), text, "{lit}");
        }
        assert_eq!(Number::parse("3.125").unwrap().value(), 3.125);
        for bad in ["1e3", "inf", "nan", "0x10", "1.", ".5", ""] {
            assert!(Number::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn resolve_falls_back_to_the_default_language() {
        let t = Text::single("en", "Funds");
        let r = t.resolve("ar", "en");
        assert_eq!((r.text, r.lang, r.fallback), ("Funds", "en", true));
        let r = t.resolve("en", "en");
        assert!(!r.fallback);
    }

    #[test]
    fn blank_translations_count_as_missing() {
        let mut t = Text::single("en", "Funds");
        t.insert("ar", "  ");
        assert!(t.resolve("ar", "en").fallback);
    }

    #[test]
    fn texts_keep_the_spans_of_their_keys() {
        #[derive(Deserialize)]
        struct Doc {
            title: Text,
        }
        let src = "title = { en = \"A\", ar = \"ب\" }\n";
        let doc: Doc = toml::from_str(src).unwrap();
        assert_eq!(doc.title.get("ar"), Some("ب"));
        let span = doc.title.key_span("ar").unwrap();
        assert_eq!(&src[span], "ar");
    }

    #[test]
    fn days_between_dates() {
        let a = Date {
            year: 2013,
            month: 3,
            day: 20,
        };
        let b = Date {
            year: 2013,
            month: 4,
            day: 2,
        };
        assert_eq!(b.days_since_epoch() - a.days_since_epoch(), 13);
        assert_eq!(
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
            .days_since_epoch(),
            0
        );
        assert_eq!(
            Date {
                year: 2000,
                month: 3,
                day: 1
            }
            .days_since_epoch(),
            11_017
        );
    }
}
