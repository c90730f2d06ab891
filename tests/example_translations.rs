//! The example site in every language: each reader-facing text of `content/` — the TOML texts,
//! the period narratives and the static pages — exists in every language of `site.toml`, says how
//! far its translation has come, is written in its language's script, and keeps every number and
//! every Latin acronym of the original. A translation may not lose, add or alter a figure; these
//! checks catch it before a reader does.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

/// Acronyms the house style keeps in Latin letters in every language.
const LATIN_ACRONYMS: [&str; 7] = ["UNDP", "UNOPS", "UNAMI", "SPSS", "GIS", "ICT", "BRIDGE"];

fn content() -> PathBuf {
    common::repo().join("content")
}

/// The default language and the others, as configured in `content/site.toml`.
fn languages() -> (String, Vec<String>) {
    let site: Table = fs::read_to_string(content().join("site.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let default = site["default_language"].as_str().unwrap().to_owned();
    let others = site["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap().to_owned())
        .filter(|c| *c != default)
        .collect();
    (default, others)
}

/// Every number written in `text` (digits, with inner `.` or `,` separators), sorted.
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || (!current.is_empty() && (c == '.' || c == ',') && next_is_digit) {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.sort();
    out
}

/// The house-style Latin acronyms in `text`, as whole words, sorted.
fn acronyms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_ascii_uppercase())
        .filter(|w| LATIN_ACRONYMS.contains(w))
        .map(str::to_owned)
        .collect();
    out.sort();
    out
}

/// A letter that does not belong to `lang`'s script (Arabic letters in Sorani, Sorani or
/// Persian letters in Arabic).
fn foreign_letter(lang: &str, text: &str) -> Option<char> {
    let foreign: &[char] = match lang {
        "ckb" => &['ك', 'ي', 'ى', 'ة'],
        "ar" => &['ڕ', 'ێ', 'ۆ', 'ڵ', 'ە', 'ڤ', 'ک', 'ی', 'گ', 'پ', 'چ', 'ژ'],
        _ => &[],
    };
    text.chars().find(|c| foreign.contains(c))
}

/// What is wrong with `translated` as the `lang` translation of `original`.
fn problems(lang: &str, original: &str, translated: &str) -> Vec<String> {
    let mut out = Vec::new();
    if translated.trim().is_empty() {
        out.push(format!("the {lang} text is empty"));
        return out;
    }
    if let Some(c) = foreign_letter(lang, translated) {
        out.push(format!(
            "the {lang} text has the letter {c}, foreign to its script"
        ));
    }
    let (lost, added) = difference(numbers(original), numbers(translated));
    if !lost.is_empty() || !added.is_empty() {
        out.push(format!("numbers differ: lost {lost:?}, added {added:?}"));
    }
    let (lost, added) = difference(acronyms(original), acronyms(translated));
    if !lost.is_empty() || !added.is_empty() {
        out.push(format!("acronyms differ: lost {lost:?}, added {added:?}"));
    }
    out
}

/// What `original` has that `translated` lacks, and the reverse (both counted with repeats).
fn difference(original: Vec<String>, mut translated: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut lost = Vec::new();
    for item in original {
        match translated.iter().position(|t| *t == item) {
            Some(i) => {
                translated.remove(i);
            }
            None => lost.push(item),
        }
    }
    (lost, translated)
}

/// Every translatable text (a table with a string in the default language) under `value`.
fn texts<'a>(value: &'a Value, at: String, default: &str, out: &mut Vec<(String, &'a Table)>) {
    match value {
        Value::Table(t) => {
            if t.get(default).is_some_and(Value::is_str) {
                out.push((at.clone(), t));
            }
            for (k, v) in t {
                texts(v, format!("{at}.{k}"), default, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                texts(v, format!("{at}[{i}]"), default, out);
            }
        }
        _ => {}
    }
}

/// The report's files. The illustrative board decisions in `content/decisions/` are left out:
/// one of them lacks its Kurdish text on purpose, and `tests/decisions.rs` covers them.
fn files(ext: &str) -> Vec<PathBuf> {
    let decisions = content().join("decisions");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(content())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext) && !p.starts_with(&decisions))
        .collect();
    out.sort();
    out
}

fn rel(path: &Path) -> String {
    path.strip_prefix(common::repo())
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn every_toml_text_is_translated_faithfully() {
    let (default, others) = languages();
    let mut found = Vec::new();
    let mut count = 0;
    for path in files("toml") {
        let file: Table = fs::read_to_string(&path).unwrap().parse().unwrap();
        let status = file.get("translation").and_then(Value::as_table);
        for lang in &others {
            if status.and_then(|s| s.get(lang)).is_none() {
                found.push(format!(
                    "{}: no top-level `translation` status for {lang}",
                    rel(&path)
                ));
            }
        }
        let root = Value::Table(file.clone());
        let mut all = Vec::new();
        texts(&root, rel(&path), &default, &mut all);
        for (at, text) in all {
            count += 1;
            let original = text[default.as_str()].as_str().unwrap();
            for lang in &others {
                match text.get(lang).and_then(Value::as_str) {
                    None => found.push(format!("{at}: no {lang} translation of {original:?}")),
                    Some(t) => found.extend(
                        problems(lang, original, t)
                            .into_iter()
                            .map(|p| format!("{at}: {p}")),
                    ),
                }
            }
        }
    }
    assert!(
        count > 100,
        "expected the example's texts, found only {count}"
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Front matter and body of a Markdown file.
fn split(path: &Path) -> (Table, String) {
    let text = fs::read_to_string(path).unwrap();
    let rest = text.strip_prefix("+++\n").unwrap();
    let (front, body) = rest.split_once("\n+++\n").unwrap();
    (front.parse().unwrap(), body.to_owned())
}

#[test]
fn every_markdown_file_has_faithful_translations() {
    let (_, others) = languages();
    let originals: Vec<PathBuf> = files("md")
        .into_iter()
        .filter(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy();
            !others.iter().any(|l| stem.ends_with(&format!(".{l}")))
        })
        .collect();
    assert!(
        originals.len() >= 10,
        "expected the example's narratives and pages"
    );
    let mut found = Vec::new();
    for original in &originals {
        let (front, body) = split(original);
        let stem = original.file_stem().unwrap().to_string_lossy();
        for lang in &others {
            let path = original.with_file_name(format!("{stem}.{lang}.md"));
            if !path.exists() {
                found.push(format!("{}: missing", rel(&path)));
                continue;
            }
            let (tfront, tbody) = split(&path);
            let at = rel(&path);
            if !tfront.get("translation").is_some_and(Value::is_str) {
                found.push(format!("{at}: no `translation` status in the front matter"));
            }
            for key in ["output", "indicator", "weight"] {
                if front.get(key) != tfront.get(key) {
                    found.push(format!("{at}: `{key}` differs from the original"));
                }
            }
            match (
                front.get("title"),
                tfront.get("title").and_then(Value::as_str),
            ) {
                (Some(_), None) => {
                    found.push(format!("{at}: the original has a title, this has none"))
                }
                (Some(o), Some(t)) => found.extend(
                    problems(lang, o.as_str().unwrap(), t)
                        .into_iter()
                        .map(|p| format!("{at}: title: {p}")),
                ),
                (None, Some(_)) => found.push(format!("{at}: a title the original does not have")),
                (None, None) => {}
            }
            found.extend(
                problems(lang, &body, &tbody)
                    .into_iter()
                    .map(|p| format!("{at}: {p}")),
            );
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checks_catch_lost_figures_acronyms_and_wrong_letters() {
    let original = "498 participants (468 male, 28 female) at 100 %, with UNDP";
    let good = "498 مشاركاً (468 من الذكور و28 من الإناث) بنسبة 100 %، مع UNDP";
    assert!(problems("ar", original, good).is_empty());

    let dropped = "مشاركاً (468 من الذكور و28 من الإناث) بنسبة 100 %، مع UNDP";
    assert!(problems("ar", original, dropped)[0].contains("numbers differ"));
    let altered = "498 مشاركاً (468 من الذكور و29 من الإناث) بنسبة 100 %، مع UNDP";
    assert!(problems("ar", original, altered)[0].contains("numbers differ"));
    let translated_acronym = "498 مشاركاً (468 من الذكور و28 من الإناث) بنسبة 100 %";
    assert!(problems("ar", original, translated_acronym)[0].contains("acronyms differ"));

    // Sorani written with the Arabic kaf and yeh, and Arabic with Sorani letters.
    assert!(problems("ckb", "Yes", "بەلي")[0].contains("ي"));
    assert!(problems("ar", "Yes", "بەڵێ")[0].contains("foreign"));
    assert!(problems("ckb", "Yes", "بەڵێ").is_empty());
    assert_eq!(problems("ckb", "Yes", " ").len(), 1);

    assert_eq!(
        numbers("15,000 and 9.9 %, on 23rd. P2P"),
        ["15,000", "2", "23", "9.9"]
    );
    assert_eq!(acronyms("EC-UNDP, UNDAF and UNOPS"), ["UNDP", "UNOPS"]);
}
