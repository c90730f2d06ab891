//! Number, percentage, money and date formatting per language, by CLDR through ICU4X.
//!
//! Pages, charts and data labels all format figures through one [`Formatter`] per language, so
//! a figure reads the same everywhere. Separators, grouping and month names come from CLDR's
//! compiled data (`icu_decimal`, `icu_datetime`); the digits come from the language's `digits`
//! setting in `site.toml`, passed to ICU as the `-u-nu-` locale extension. Dates are always in
//! the Gregorian calendar, with the month names of the locale (`ar-IQ`: كانون الثاني، شباط …).

use std::fmt;
use std::sync::Arc;

use icu_calendar::cal::Gregorian;
use icu_datetime::fieldsets::YMD;
use icu_datetime::input::Date as IcuDate;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale::extensions::unicode::{key, value};
use icu_locale::Locale;

use crate::model::{Date, Digits, Language, Number};

/// Formats figures for one language: its digits, separators, percent sign and month names.
#[derive(Clone)]
pub struct Formatter {
    inner: Arc<Inner>,
}

struct Inner {
    /// The locale actually used, with its numbering-system extension.
    locale: String,
    digits: Digits,
    decimal: DecimalFormatter,
    date: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
}

impl fmt::Debug for Formatter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Formatter")
            .field("locale", &self.inner.locale)
            .field("digits", &self.inner.digits)
            .finish()
    }
}

/// A locale that was configured but could not be used, and what stands in for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleFallback {
    /// The locale as written in `site.toml`.
    pub configured: String,
    /// The locale used instead.
    pub used: String,
}

/// Parses `tag` as a locale (`ar-IQ`, `ckb`, `en-GB`), refusing the empty root locale.
fn parse_locale(tag: &str) -> Option<Locale> {
    let tag = tag.trim().replace('_', "-");
    let locale: Locale = tag.parse().ok()?;
    (locale.id.language.as_str() != "und").then_some(locale)
}

impl Formatter {
    /// The formatter for `lang`, following its locale and digit setting. A locale that cannot be
    /// parsed falls back to the language code, then to `en` (see [`Formatter::resolve`]).
    pub fn new(lang: &Language) -> Formatter {
        Formatter::resolve(lang).0
    }

    /// The formatter for `lang`, and the fallback taken when its locale could not be used.
    pub fn resolve(lang: &Language) -> (Formatter, Option<LocaleFallback>) {
        let (mut locale, fallback) = match parse_locale(&lang.locale) {
            Some(l) => (l, None),
            None => {
                let l = parse_locale(&lang.code)
                    .or_else(|| parse_locale("en"))
                    .unwrap_or(Locale::UNKNOWN);
                let used = l.to_string();
                (
                    l,
                    Some(LocaleFallback {
                        configured: lang.locale.clone(),
                        used,
                    }),
                )
            }
        };
        let nu = match lang.digits {
            Digits::Arab => value!("arab"),
            Digits::Latn => value!("latn"),
        };
        locale.extensions.unicode.keywords.set(key!("nu"), nu);
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default())
            .unwrap_or_else(|_| root_formatter());
        let date = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok();
        (
            Formatter {
                inner: Arc::new(Inner {
                    locale: locale.to_string(),
                    digits: lang.digits,
                    decimal,
                    date,
                }),
            },
            fallback,
        )
    }

    /// The locale used, with its numbering system (`ar-IQ-u-nu-arab`).
    pub fn locale(&self) -> &str {
        &self.inner.locale
    }

    /// A number with group separators and at most two decimals, trailing zeros dropped.
    pub fn number(&self, n: f64) -> String {
        // Most figures are whole: printing them as integers skips the slow exact float path.
        let fixed = whole_number(n).map_or_else(|| format!("{n:.2}"), |i| i.to_string());
        let trimmed = if fixed.contains('.') {
            fixed.trim_end_matches('0').trim_end_matches('.')
        } else {
            &fixed
        };
        self.decimal(trimmed)
    }

    /// A number with exactly the digits the editor wrote (`3.125`, `12.50`,
    /// `9007199254740993`), in this language's digits and separators.
    pub fn exact(&self, n: &Number) -> String {
        self.decimal(n.as_str())
    }

    /// A percentage as written (`51.60` → `51.60%`).
    pub fn exact_percent(&self, n: &Number) -> String {
        format!("{}{}", self.exact(n), self.percent_sign())
    }

    /// A computed percentage, rounded to one decimal (`146.47` → `146.5%`).
    pub fn computed_percent(&self, n: f64) -> String {
        self.percent((n * 10.0).round() / 10.0)
    }

    /// An amount of money exactly as written, with the currency's CLDR symbol.
    pub fn exact_money(&self, n: &Number, currency: &str) -> String {
        self.with_currency(self.exact(n), currency)
    }

    /// A number with exactly `decimals` decimals and group separators.
    pub fn fixed(&self, n: f64, decimals: usize) -> String {
        self.decimal(&format!("{n:.decimals$}"))
    }

    /// A percentage, given in percent units: `51.6` → `51.6%` (`٥١٫٦٪` in Arabic-Indic digits).
    pub fn percent(&self, n: f64) -> String {
        format!("{}{}", self.number(n), self.percent_sign())
    }

    fn percent_sign(&self) -> &'static str {
        match self.inner.digits {
            Digits::Arab => "٪",
            Digits::Latn => "%",
        }
    }

    /// An amount of money with two decimals and the currency (`US$` for USD): `US$5,848,841.07`
    /// in Latin digits; in Arabic-Indic digits the symbol follows the amount, as CLDR's
    /// Arabic-script pattern `#,##0.00 ¤` has it.
    pub fn money(&self, n: f64, currency: &str) -> String {
        self.with_currency(self.fixed(n, 2), currency)
    }

    /// `amount` with the currency's symbol, placed as the locale's pattern has it.
    fn with_currency(&self, amount: String, currency: &str) -> String {
        let language = self.inner.locale.split('-').next().unwrap_or("");
        let symbol = currency_symbol(language, currency);
        // CLDR's currency spacing: a symbol ending in a letter is kept apart from the digits.
        let gap = if symbol.chars().last().is_some_and(char::is_alphabetic) {
            "\u{a0}"
        } else {
            ""
        };
        match self.inner.digits {
            Digits::Latn => format!("{symbol}{gap}{amount}"),
            Digits::Arab => format!("{amount}\u{a0}{symbol}"),
        }
    }

    /// A date in words, in the locale's long form: `17 October 2013` (en-GB), `٢٠ آذار ٢٠١٣`
    /// (ar-IQ), `٢٠ی ئازاری ٢٠١٣` (ckb).
    pub fn date(&self, d: Date) -> String {
        let icu = IcuDate::try_new_gregorian(d.year, d.month, d.day).ok();
        match (&self.inner.date, icu) {
            (Some(f), Some(date)) => f.format(&date).to_string(),
            _ => self.digits(&d.to_string()),
        }
    }

    /// Replaces ASCII digits in `s` with the language's digits (for ids such as `1.1.9`).
    pub fn digits(&self, s: &str) -> String {
        match self.inner.digits {
            Digits::Latn => s.to_owned(),
            Digits::Arab => s
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        }
    }

    /// Formats a plain ASCII decimal (`-1234.50`) with the locale's symbols and grouping.
    fn decimal(&self, ascii: &str) -> String {
        match Decimal::try_from_str(ascii) {
            Ok(d) => self.inner.decimal.format(&d).to_string(),
            Err(_) => self.digits(ascii),
        }
    }
}

/// A currency's symbol in a language, from CLDR 46 (`common/main/*.xml`, `<symbol>`) for the
/// currencies and languages Shafaf is used with; any other currency shows its ISO 4217 code,
/// as CLDR itself does for currencies without a local symbol.
fn currency_symbol<'a>(language: &str, currency: &'a str) -> &'a str {
    match (language, currency) {
        (_, "EUR") => "€",
        (_, "GBP") => "£",
        ("ar", "IQD") => "د.ع.\u{200f}",
        ("ar", "JOD") => "د.أ.\u{200f}",
        ("ar", "SAR") => "ر.س.\u{200f}",
        ("ar", "EGP") => "ج.م.\u{200f}",
        (_, "USD") => "US$",
        (_, "JPY") => "JP¥",
        (_, "CHF") => "CHF",
        _ => currency,
    }
}

/// The root locale's formatter, for a locale ICU cannot load. The root locale is always in the
/// compiled data, so the `unreachable!` is a statement about the data, not about user input.
#[cold]
fn root_formatter() -> DecimalFormatter {
    DecimalFormatter::try_new(Default::default(), Default::default())
        .unwrap_or_else(|e| unreachable!("ICU4X compiled data lacks the root locale: {e}"))
}

/// `n` as an integer, when it is a whole number an `i64` holds exactly (below 10^15); `None`
/// for fractions, infinities and NaN.
pub fn whole_number(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() < 1e15).then_some(n as i64)
}

/// A number as data: Latin digits, `.` decimal point, no grouping, no exponent; integers
/// without a fraction (`498`, `5848841.07`, `51.6`).
pub fn machine_number(n: f64) -> String {
    whole_number(n).map_or_else(|| format!("{n}"), |i| i.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;

    fn lang(code: &str, locale: &str, digits: Digits) -> Language {
        Language {
            code: code.into(),
            name: code.into(),
            direction: Direction::Ltr,
            digits,
            locale: locale.into(),
            iati_lang: None,
        }
    }

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn english_follows_cldr_en_gb() {
        let f = Formatter::new(&lang("en", "en-GB", Digits::Latn));
        assert_eq!(f.number(12824814.81), "12,824,814.81");
        assert_eq!(f.number(340.0), "340");
        assert_eq!(f.number(-1234.5), "-1,234.5");
        assert_eq!(f.fixed(0.5, 2), "0.50");
        assert_eq!(f.percent(51.6), "51.6%");
        assert_eq!(f.money(5848841.07, "USD"), "US$5,848,841.07");
        assert_eq!(f.date(date(2013, 10, 17)), "17 October 2013");
        assert_eq!(f.digits("1.1.9"), "1.1.9");
    }

    #[test]
    fn plain_english_is_cldr_en() {
        let f = Formatter::new(&lang("en", "en", Digits::Latn));
        assert_eq!(f.date(date(2013, 3, 20)), "March 20, 2013");
        assert_eq!(f.number(123456.75), "123,456.75");
    }

    #[test]
    fn arabic_iraq_uses_arabic_indic_digits_and_syriac_month_names() {
        let f = Formatter::new(&lang("ar", "ar-IQ", Digits::Arab));
        assert_eq!(f.locale(), "ar-IQ-u-nu-arab");
        assert_eq!(f.number(123456.75), "١٢٣٬٤٥٦٫٧٥");
        assert_eq!(f.number(340.0), "٣٤٠");
        assert_eq!(f.fixed(0.5, 2), "٠٫٥٠");
        assert_eq!(f.percent(51.6), "٥١٫٦٪");
        assert_eq!(f.money(5848841.07, "USD"), "٥٬٨٤٨٬٨٤١٫٠٧\u{a0}US$");
        assert_eq!(f.date(date(2013, 3, 20)), "٢٠ آذار ٢٠١٣");
        assert_eq!(f.date(date(2013, 1, 1)), "١ كانون الثاني ٢٠١٣");
        assert_eq!(f.date(date(2013, 2, 1)), "١ شباط ٢٠١٣");
        assert_eq!(f.date(date(2013, 10, 17)), "١٧ تشرين الأول ٢٠١٣");
        assert_eq!(f.digits("1.1.9"), "١.١.٩");
    }

    #[test]
    fn arabic_with_latin_digits_keeps_arabic_words() {
        let f = Formatter::new(&lang("ar", "ar-IQ", Digits::Latn));
        assert_eq!(f.locale(), "ar-IQ-u-nu-latn");
        assert_eq!(f.number(123456.75), "123,456.75");
        assert_eq!(f.percent(51.6), "51.6%");
        assert_eq!(f.date(date(2013, 3, 20)), "20 آذار 2013");
        assert_eq!(f.digits("1.1.9"), "1.1.9");
    }

    #[test]
    fn figures_keep_their_digits() {
        let en = Formatter::new(&lang("en", "en-GB", Digits::Latn));
        let ar = Formatter::new(&lang("ar", "ar-IQ", Digits::Arab));
        let n = |s: &str| Number::parse(s).unwrap();
        assert_eq!(en.exact(&n("3.125")), "3.125");
        assert_eq!(en.exact(&n("12.50")), "12.50");
        assert_eq!(en.exact(&n("9007199254740993")), "9,007,199,254,740,993");
        assert_eq!(ar.exact(&n("3.125")), "٣٫١٢٥");
        assert_eq!(ar.exact(&n("12.50")), "١٢٫٥٠");
        assert_eq!(ar.exact(&n("9007199254740993")), "٩٬٠٠٧٬١٩٩٬٢٥٤٬٧٤٠٬٩٩٣");
        assert_eq!(en.computed_percent(146.47), "146.5%");
        assert_eq!(ar.computed_percent(90.0), "٩٠٪");
    }

    #[test]
    fn currencies_take_their_cldr_symbols() {
        let en = Formatter::new(&lang("en", "en-GB", Digits::Latn));
        let ar = Formatter::new(&lang("ar", "ar-IQ", Digits::Arab));
        let n = Number::parse("42337500.43").unwrap();
        assert_eq!(en.exact_money(&n, "EUR"), "€42,337,500.43");
        assert_eq!(ar.exact_money(&n, "EUR"), "٤٢٬٣٣٧٬٥٠٠٫٤٣\u{a0}€");
        assert_eq!(en.money(1.0, "IQD"), "IQD\u{a0}1.00");
        assert_eq!(ar.money(1.0, "IQD"), "١٫٠٠\u{a0}د.ع.\u{200f}");
    }

    #[test]
    fn sorani_kurdish() {
        let f = Formatter::new(&lang("ckb", "ckb", Digits::Arab));
        assert_eq!(f.number(123456.75), "١٢٣٬٤٥٦٫٧٥");
        assert_eq!(f.percent(100.0), "١٠٠٪");
        assert_eq!(f.money(1234.5, "USD"), "١٬٢٣٤٫٥٠\u{a0}US$");
        assert_eq!(f.date(date(2013, 3, 20)), "٢٠ی ئازاری ٢٠١٣");
        assert_eq!(f.date(date(2013, 1, 5)), "٥ی کانوونی دووەمی ٢٠١٣");
    }

    #[test]
    fn an_unusable_locale_falls_back_to_the_code_then_english() {
        let (f, fallback) = Formatter::resolve(&lang("ar", "not a locale!", Digits::Arab));
        assert_eq!(
            fallback,
            Some(LocaleFallback {
                configured: "not a locale!".into(),
                used: "ar".into()
            })
        );
        assert_eq!(f.number(1234.0), "١٬٢٣٤");
        let (f, fallback) = Formatter::resolve(&lang("x!", "", Digits::Latn));
        assert_eq!(fallback.map(|f| f.used), Some("en".into()));
        assert_eq!(f.number(1234.5), "1,234.5");
        assert!(Formatter::resolve(&lang("ar", "ar-IQ", Digits::Arab))
            .1
            .is_none());
    }

    #[test]
    fn formatters_can_be_shared_by_rendering_threads() {
        fn shared<T: Send + Sync>(_: &T) {}
        shared(&Formatter::new(&lang("ar", "ar-IQ", Digits::Arab)));
    }

    #[test]
    fn machine_numbers_are_plain() {
        assert_eq!(machine_number(498.0), "498");
        assert_eq!(machine_number(5_848_841.07), "5848841.07");
        assert_eq!(machine_number(51.6), "51.6");
        assert_eq!(machine_number(-3.0), "-3");
        assert_eq!(machine_number(1e20), "100000000000000000000");
    }

    #[test]
    fn odd_numbers_do_not_panic() {
        let f = Formatter::new(&lang("ar", "ar-IQ", Digits::Arab));
        assert_eq!(f.number(f64::NAN), "NaN");
        assert_eq!(f.number(0.0), "٠");
        assert_eq!(f.number(-0.0), "٠", "no minus sign on zero");
        assert_eq!(f.number(1e20), "١٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠");
        assert_eq!(
            f.number(-498.0),
            "\u{61c}-٤٩٨",
            "CLDR marks the minus as Arabic"
        );
        assert_eq!(
            f.date(date(2013, 2, 30)),
            "٢٠١٣-٠٢-٣٠",
            "an impossible date is shown as written"
        );
    }
}
