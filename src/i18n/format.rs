//! Number, percentage, money and date formatting per language.

use crate::model::{Date, Digits, Language};

/// Formats figures for one language: its digits, separators, percent sign and month names.
#[derive(Debug, Clone)]
pub struct Formatter {
    digits: Digits,
    decimal: &'static str,
    group: &'static str,
    percent: &'static str,
    months: [&'static str; 12],
    date_order: DateOrder,
}

#[derive(Debug, Clone, Copy)]
enum DateOrder {
    /// 17 October 2013
    DayMonthYear,
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Month names as used in Iraq (the Syriac-derived names).
const AR_IQ_MONTHS: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];
/// Sorani Kurdish month names as used in Iraqi Kurdistan.
const CKB_MONTHS: [&str; 12] = [
    "کانوونی دووەم",
    "شوبات",
    "ئازار",
    "نیسان",
    "ئایار",
    "حوزەیران",
    "تەمموز",
    "ئاب",
    "ئەیلوول",
    "تشرینی یەکەم",
    "تشرینی دووەم",
    "کانوونی یەکەم",
];

impl Formatter {
    /// The formatter for `lang`, following its locale and digit setting.
    pub fn new(lang: &Language) -> Formatter {
        let base = lang.locale.split(['-', '_']).next().unwrap_or("en");
        let arab = lang.digits == Digits::Arab;
        let months = match base {
            "ar" => AR_IQ_MONTHS,
            "ckb" => CKB_MONTHS,
            _ => EN_MONTHS,
        };
        Formatter {
            digits: lang.digits,
            decimal: if arab { "٫" } else { "." },
            group: if arab { "٬" } else { "," },
            percent: if arab { "٪" } else { "%" },
            months,
            date_order: DateOrder::DayMonthYear,
        }
    }

    /// A number with group separators and at most two decimals, trailing zeros dropped.
    pub fn number(&self, n: f64) -> String {
        let fixed = format!("{:.2}", n);
        let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
        self.localize(trimmed)
    }

    /// A number with exactly `decimals` decimals and group separators.
    pub fn fixed(&self, n: f64, decimals: usize) -> String {
        self.localize(&format!("{:.*}", decimals, n))
    }

    /// A percentage, given in percent units: `51.6` → `51.6%`.
    pub fn percent(&self, n: f64) -> String {
        format!("{}{}", self.number(n), self.percent)
    }

    /// An amount of money with two decimals and the currency (`US$` for USD).
    pub fn money(&self, n: f64, currency: &str) -> String {
        let symbol = if currency == "USD" { "US$" } else { currency };
        format!("{}{}", symbol, self.fixed(n, 2))
    }

    /// A date in words: `17 October 2013`.
    pub fn date(&self, d: Date) -> String {
        match self.date_order {
            DateOrder::DayMonthYear => format!(
                "{} {} {}",
                self.digits(&d.day.to_string()),
                self.months[usize::from(d.month.clamp(1, 12)) - 1],
                self.digits(&d.year.to_string())
            ),
        }
    }

    /// Replaces ASCII digits in `s` with the language's digits (for ids such as `1.1.9`).
    pub fn digits(&self, s: &str) -> String {
        match self.digits {
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

    /// Groups the integer part of a plain ASCII number and swaps in local symbols and digits.
    fn localize(&self, ascii: &str) -> String {
        let (sign, rest) = match ascii.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", ascii),
        };
        let (int, frac) = match rest.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push_str(self.group);
            }
            grouped.push(c);
        }
        let mut out = format!("{sign}{}", self.digits(&grouped));
        if let Some(f) = frac {
            out.push_str(self.decimal);
            out.push_str(&self.digits(f));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;

    fn lang(code: &str, digits: Digits) -> Language {
        Language {
            code: code.into(),
            name: code.into(),
            direction: Direction::Ltr,
            digits,
            locale: code.into(),
        }
    }

    #[test]
    fn english_numbers() {
        let f = Formatter::new(&lang("en", Digits::Latn));
        assert_eq!(f.number(12824814.81), "12,824,814.81");
        assert_eq!(f.number(340.0), "340");
        assert_eq!(f.percent(51.6), "51.6%");
        assert_eq!(f.money(5848841.07, "USD"), "US$5,848,841.07");
        assert_eq!(
            f.date(Date {
                year: 2013,
                month: 10,
                day: 17
            }),
            "17 October 2013"
        );
    }

    #[test]
    fn arabic_indic_digits() {
        let f = Formatter::new(&lang("ar", Digits::Arab));
        assert_eq!(f.number(123456.75), "١٢٣٬٤٥٦٫٧٥");
        assert_eq!(f.digits("1.1.9"), "١.١.٩");
    }
}
