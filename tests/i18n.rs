//! Languages as configuration: interface strings complete in every language, right-to-left
//! pages from `site.toml` alone, local digits and dates, draft and fallback notices, and the
//! translation coverage that `shafaf check` reports.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{repo, stdout, TestSite};

/// Every key of an interface-string file, with its text.
fn ui_file(lang: &str) -> BTreeMap<String, String> {
    fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
        for (k, v) in table {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::Table(t) => flatten(&key, t, out),
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                other => panic!("`{key}` is not a string: {other}"),
            }
        }
    }
    let path = repo().join(format!("themes/default/i18n/{lang}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut forms = BTreeMap::new();
    flatten("", &table, &mut forms);
    // A counted string's plural forms (`key.one`, `key.few`…) differ by language: they stand
    // as one key, with the placeholders of all its forms.
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (key, text) in forms {
        let entry = out
            .entry(shafaf::i18n::plurals::counted_key(&key).to_owned())
            .or_default();
        if !entry.is_empty() {
            entry.push(' ');
        }
        entry.push_str(&text);
    }
    out
}

/// The languages the default theme has interface strings for.
fn theme_languages() -> Vec<String> {
    let mut langs: Vec<String> = std::fs::read_dir(repo().join("themes/default/i18n"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_owned)
        })
        .collect();
    langs.sort();
    langs
}

/// The `{name}` placeholders of a string.
fn placeholders(s: &str) -> BTreeSet<&str> {
    s.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn every_language_has_exactly_the_interface_strings_of_english() {
    let en = ui_file("en");
    let langs = theme_languages();
    assert!(langs.contains(&"ar".to_owned()) && langs.contains(&"ckb".to_owned()));
    for lang in langs.iter().filter(|l| *l != "en") {
        let other = ui_file(lang);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let unknown: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang}.toml lacks {missing:?}");
        assert!(
            unknown.is_empty(),
            "{lang}.toml has unknown keys {unknown:?}"
        );
        for (key, text) in &en {
            assert_eq!(
                placeholders(text),
                placeholders(&other[key]),
                "{lang}.toml `{key}` must keep the placeholders of en.toml"
            );
        }
    }
}

/// The runs of Latin letters, digits and `._-` in `s` that contain a letter (`CSV`, `1.1.9` is
/// not one, `labels.LANG.csv` is), without a sentence's final full stop.
fn latin_words(s: &str) -> BTreeSet<&str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect()
}

#[test]
fn arabic_and_sorani_interfaces_have_no_english_left() {
    let en = ui_file("en");
    for lang in ["ar", "ckb"] {
        for (key, text) in ui_file(lang) {
            let mut outside = text.clone();
            for p in placeholders(&text) {
                outside = outside.replace(&format!("{{{p}}}"), "");
            }
            let original = &en[&key];
            // Latin script is allowed only for what is the same in every language: acronyms,
            // file formats and machine codes the English text also shows (CSV, IATI, sex_male).
            let kept = latin_words(original);
            for word in latin_words(&outside) {
                assert!(
                    kept.contains(word),
                    "{lang}.toml `{key}` has Latin `{word}` that is not a code of the English text: {text}"
                );
            }
            let prose = ["the", "of", "and", "to", "in", "a", "is", "for", "with"];
            assert!(
                !latin_words(&outside).iter().any(|w| prose.contains(w)),
                "{lang}.toml `{key}` reads as English: {text}"
            );
            if latin_words(original).len() > 1 || original.split_whitespace().count() > 1 {
                assert!(
                    outside
                        .chars()
                        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                    "{lang}.toml `{key}` has no Arabic-script text: {text}"
                );
            }
        }
    }
    let ckb: String = ui_file("ckb").into_values().collect();
    for letter in ['ڕ', 'ێ', 'ۆ', 'ڵ', 'ە'] {
        assert!(ckb.contains(letter), "Sorani strings never use {letter}");
    }
}

#[test]
fn direction_comes_from_configuration_for_any_language() {
    let site = TestSite::fixture("rtl");
    site.build();
    let fa = site.read("fa/index.html");
    assert!(fa.contains(r#"<html lang="fa" dir="rtl">"#), "{fa}");
    let en = site.read("en/index.html");
    assert!(en.contains(r#"<html lang="en" dir="ltr">"#));
    // Persian is configured with Latin digits.
    let funds = site.read("fa/funds/index.html");
    assert!(funds.contains("5,848,841.07"), "{funds}");
    // Languages in the switcher carry their own direction.
    assert!(en.contains(r#"hreflang="fa" lang="fa" dir="rtl""#));

    site.edit(
        "content/site.toml",
        "code = \"fa\"\nname = \"فارسی\"\ndirection = \"rtl\"",
        "code = \"fa\"\nname = \"فارسی\"\ndirection = \"ltr\"",
    );
    site.build();
    let fa = site.read("fa/index.html");
    assert!(
        fa.contains(r#"<html lang="fa" dir="ltr">"#),
        "direction follows site.toml"
    );
}

#[test]
fn arabic_pages_are_right_to_left_with_arabic_indic_figures_and_iraqi_months() {
    let site = TestSite::fixture("rtl");
    site.build();
    let page = site.read("ar/indicators/1.1.2/index.html");
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#));
    // No `digits` in site.toml: Arabic defaults to Arabic-Indic digits.
    assert!(page.contains("<bdi>٤٩٨</bdi>"), "{page}");
    assert!(page.contains("<bdi>٣٤٠</bdi>"));
    assert!(!page.contains(">498<"));
    assert!(
        page.contains("<bdi>١.١.٢</bdi>"),
        "ids are isolated, in local digits"
    );
    let periods = site.read("ar/periods/index.html");
    assert!(periods.contains("١ كانون الثاني ٢٠١٣"), "{periods}");
    assert!(periods.contains("٣١ آذار ٢٠١٣"));
    let funds = site.read("ar/funds/index.html");
    assert!(funds.contains("٥٬٨٤٨٬٨٤١٫٠٧\u{a0}US$"), "{funds}");
    assert!(funds.contains("٤١٪"));
    // The interface is Arabic.
    assert!(page.contains("انتقل إلى المحتوى"));
    assert!(!page.contains("Skip to content"));
}

#[test]
fn draft_translations_carry_a_notice_in_the_readers_language() {
    let site = TestSite::fixture("rtl");
    site.build();
    let notice = "هذه الترجمة مسودة لم تُراجَع بعد.";
    // results.toml says its Arabic is a draft: every page built from it says so.
    for page in [
        "ar/results/index.html",
        "ar/indicators/1.1.2/index.html",
        "ar/outputs/1.1/index.html",
    ] {
        assert!(site.read(page).contains(notice), "{page} lacks the notice");
    }
    // Not the pages that do not use it, nor other languages.
    assert!(!site.read("ar/funds/index.html").contains(notice));
    assert!(!site.read("en/results/index.html").contains("notice-draft"));
    assert!(!site.read("fa/results/index.html").contains("notice-draft"));

    // A draft Markdown translation marks the pages it appears on.
    let minimal = TestSite::fixture("minimal");
    minimal.build();
    assert!(minimal
        .read("ar/periods/2013-Q1/index.html")
        .contains(notice));
    assert!(!minimal.read("ar/periods/2012/index.html").contains(notice));
}

#[test]
fn text_falling_back_to_english_is_marked_as_english() {
    let site = TestSite::fixture("rtl");
    site.build();
    let page = site.read("ar/indicators/1.1.2/index.html");
    assert!(
        page.contains(
            r#"<span lang="en" dir="ltr" class="fallback" data-fallback>Number of people trained</span>"#
        ),
        "{page}"
    );
    // The notice names the language the untranslated parts are shown in.
    assert!(
        page.contains(r#"لم تُترجم بعد وتُعرض بلغة <span lang="en" dir="ltr">English</span>."#),
        "{page}"
    );
    // Also inside interface sentences: «as reported for January–March 2013».
    let funds = site.read("ar/funds/index.html");
    assert!(
        funds.contains(
            r#"كما ورد في تقرير الفترة: <span lang="en" dir="ltr" class="fallback" data-fallback>January–March 2013</span>."#
        ),
        "{funds}"
    );
    // In <title>, where markup is impossible, runs are isolated with U+2068 … U+2069.
    let title = page
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(
        title.starts_with('\u{2068}') && title.contains("\u{2069}، \u{2068}موقع صغير\u{2069}"),
        "{title}"
    );
    let en = site.read("en/indicators/1.1.2/index.html");
    assert!(
        !en.contains('\u{2068}'),
        "left-to-right pages need no isolates"
    );
}

#[test]
fn check_reports_missing_translations_once_per_file_and_language() {
    let site = TestSite::fixture("rtl");
    let out = site.run(&["check"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("warning:")).collect();
    // Whatever the wording ("no العربية (ar) translation", "not translated into `ar`"), each
    // file and language is reported exactly once.
    let count = |file: &str, lang: &str| {
        lines
            .iter()
            .filter(|l| {
                l.contains(&format!("{file}:"))
                    && (l.contains(&format!("({lang}) translation"))
                        || l.contains(&format!("translated into `{lang}`")))
            })
            .count()
    };
    assert_eq!(count("content/results.toml", "ar"), 1, "{text}");
    assert_eq!(count("content/results.toml", "fa"), 1);
    assert_eq!(count("content/pages/about.md", "ar"), 1);
    assert_eq!(count("content/pages/about.md", "fa"), 1);
    assert_eq!(
        count("content/periods/2013-Q1/1.1.md", "ar"),
        0,
        "1.1.ar.md exists"
    );
    assert_eq!(count("content/periods/2013-Q1/1.1.md", "fa"), 1);
    assert_eq!(count("content/programme.toml", "en"), 0);
    // The theme has no Persian interface strings.
    assert_eq!(count("themes/default/i18n/fa.toml", "fa"), 1);
    assert_eq!(count("themes/default/i18n/ar.toml", "ar"), 0);
}

#[test]
fn an_unknown_locale_warns_and_falls_back() {
    let site = TestSite::fixture("rtl");
    site.edit(
        "content/site.toml",
        "locale = \"ar-IQ\"",
        "locale = \"not a locale\"",
    );
    let out = site.run(&["check"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("content/site.toml:16:10: `not a locale` is not a CLDR locale"),
        "{text}"
    );
    site.build();
    let page = site.read("ar/funds/index.html");
    assert!(
        page.contains("٥٬٨٤٨٬٨٤١٫٠٧"),
        "the language code `ar` stands in"
    );
}

#[test]
fn the_translations_page_shows_what_is_published_in_each_language() {
    let site = TestSite::fixture("rtl");
    site.build();
    let page = site.read("ar/translations/index.html");
    // results.toml: 2 of its 9 texts are in Arabic, and it declares its Arabic a draft.
    assert!(
        page.contains(
            r#"<tr><th scope="row"><code>content/results.toml</code></th><td class="num"><bdi>٢ من ٩</bdi></td><td>مسودة</td></tr>"#
        ),
        "{page}"
    );
    assert!(page.contains(
        r#"<tr><th scope="row"><code>content/pages/about.md</code></th><td class="num"><bdi>٠ من ١</bdi></td><td>غير مترجم</td></tr>"#
    ));
    // The Arabic narrative of output 1.1 exists, as a draft.
    assert!(page.contains(
        r#"<code>content/periods/2013-Q1/1.1.md</code></th><td class="num"><bdi>١ من ١</bdi></td><td>مسودة</td>"#
    ));
    // Every language has its row, named in its own language and direction.
    for row in [
        r#"<span lang="en" dir="ltr">English</span>"#,
        r#"<span lang="ar" dir="rtl">العربية</span>"#,
        r#"<span lang="fa" dir="rtl">فارسی</span>"#,
    ] {
        assert!(page.contains(row), "{row}");
    }
    // Every page links to it.
    assert!(site
        .read("fa/index.html")
        .contains(r#"<a href="../fa/translations/">"#));
    // In the original language there is nothing to list per file.
    assert!(!site
        .read("en/translations/index.html")
        .contains("translation-files"));
}

#[test]
fn the_sitemap_lists_every_page_with_reciprocal_language_alternates() {
    let site = TestSite::fixture("rtl");
    let out = site.run(&["build", "--base-url", "https://data.example.iq/report"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let map = site.read("sitemap.xml");
    let pages: Vec<String> = site
        .public_files()
        .into_iter()
        .filter(|p| p.ends_with("index.html") && p.contains('/'))
        .collect();
    let base = "https://data.example.iq/report/";
    let root = format!("<url><loc>{base}</loc></url>");
    assert!(
        map.lines().any(|l| l == root),
        "the language picker is listed"
    );
    let entries: Vec<&str> = map
        .lines()
        .filter(|l| l.starts_with("<url>") && *l != root)
        .collect();
    assert_eq!(entries.len(), pages.len(), "{map}");
    for page in &pages {
        let (lang, rest) = page.split_once('/').unwrap();
        let route = rest.strip_suffix("index.html").unwrap();
        let loc = format!("<url><loc>{base}{lang}/{route}</loc>");
        let entry = entries
            .iter()
            .find(|e| e.starts_with(&loc))
            .unwrap_or_else(|| panic!("{page} is not in the sitemap"));
        for alt in ["en", "ar", "fa"] {
            assert!(
                entry.contains(&format!(
                    r#"<xhtml:link rel="alternate" hreflang="{alt}" href="{base}{alt}/{route}"/>"#
                )),
                "{entry}"
            );
        }
        assert!(entry.contains(&format!(
            r#"hreflang="x-default" href="{base}en/{route}"/>"#
        )));
    }
}
