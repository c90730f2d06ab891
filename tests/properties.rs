//! Property tests: slugs and ids never lead outside the output folder, URL paths are always
//! valid and decode back to the name, and number formatting never loses or changes a figure,
//! whatever the digits.

use proptest::prelude::*;
use shafaf::i18n::Formatter;
use shafaf::model::ids::{is_safe_id, is_safe_slug};
use shafaf::model::{Digits, Direction, Language};
use shafaf::render::theme::url_path;

fn language(code: &str, digits: Digits) -> Language {
    Language {
        code: code.to_owned(),
        name: code.to_owned(),
        direction: if code == "en" {
            Direction::Ltr
        } else {
            Direction::Rtl
        },
        digits,
        locale: match code {
            "ar" => "ar-IQ".to_owned(),
            other => other.to_owned(),
        },
        iati_lang: None,
    }
}

/// Replaces Arabic-Indic digits and separators with ASCII ones and drops grouping.
fn to_ascii_number(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '٠'..='٩' => char::from_digit(u32::from(c) - 0x0660, 10),
            '٫' => Some('.'),
            '٬' | ',' | '\u{061C}' | '\u{200F}' | '\u{200E}' => None,
            '−' => Some('-'),
            c => Some(c),
        })
        .collect()
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

proptest! {
    #[test]
    fn accepted_ids_and_slugs_stay_inside_their_folder(name in "\\PC{0,40}") {
        for ok in [is_safe_id(&name), is_safe_slug(&name)] {
            if ok {
                prop_assert!(!name.is_empty());
                prop_assert!(!name.contains(['/', '\\', '\0', ':']));
                prop_assert!(!name.starts_with('.'));
                let path = std::path::Path::new(&name);
                prop_assert_eq!(path.components().count(), 1);
                prop_assert!(matches!(
                    path.components().next(),
                    Some(std::path::Component::Normal(_))
                ));
            }
        }
    }

    #[test]
    fn safe_ids_are_also_safe_slugs(name in "[A-Za-z0-9._-]{0,30}") {
        if is_safe_id(&name) {
            prop_assert!(is_safe_slug(&name));
        }
    }

    #[test]
    fn url_paths_are_plain_ascii_and_decode_to_the_route(route in "\\PC{0,40}") {
        let encoded = url_path(&route);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_graphic()));
        prop_assert!(!encoded.contains(['"', '<', '>', ' ']));
        if !route.contains('%') {
            prop_assert_eq!(percent_decode(&encoded), route.as_bytes().to_vec());
        }
    }

    #[test]
    fn numbers_keep_their_value_in_every_digit_system(n in -1.0e12f64..1.0e12) {
        let latin = Formatter::new(&language("en", Digits::Latn));
        let expected = format!("{n:.2}").parse::<f64>().unwrap();
        let shown = to_ascii_number(&latin.number(n));
        prop_assert_eq!(shown.parse::<f64>().ok(), Some(expected), "{}", latin.number(n));
        for code in ["ar", "ckb"] {
            let arabic = Formatter::new(&language(code, Digits::Arab));
            let text = arabic.number(n);
            prop_assert!(!text.chars().any(|c| c.is_ascii_digit()), "{}", text);
            prop_assert_eq!(to_ascii_number(&text).parse::<f64>().ok(), Some(expected), "{}", text);
        }
    }

    #[test]
    fn percentages_and_money_keep_their_value(n in 0.0f64..1.0e9) {
        for (code, digits) in [("en", Digits::Latn), ("ar", Digits::Arab), ("ckb", Digits::Arab)] {
            let f = Formatter::new(&language(code, digits));
            let money = to_ascii_number(&f.money(n, "USD"));
            let amount: String = money.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect();
            prop_assert_eq!(amount.parse::<f64>().ok(), Some(format!("{n:.2}").parse::<f64>().unwrap()), "{}", money);
            let percent = to_ascii_number(&f.percent(n));
            let value: String = percent.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
            prop_assert_eq!(value.parse::<f64>().ok(), Some(format!("{n:.2}").parse::<f64>().unwrap()), "{}", percent);
        }
    }
}
