//! Full-text search: each language's index carries the pages' prose (narratives, decision texts,
//! pages), folded words find it however they are typed, counts come with CLDR plural forms, and
//! the index stays small. Checked on the example site and on two fixtures of other shapes.

mod common;

use serde_json::Value;

use common::TestSite;

fn index(site: &TestSite, lang: &str) -> Value {
    serde_json::from_str(&site.read(&format!("{lang}/search-index.json"))).unwrap()
}

/// The routes whose indexed text (title, id, excerpt, prose) contains `word`, both folded.
fn found(index: &Value, word: &str) -> Vec<String> {
    let w = shafaf::render::search::normalize(word);
    index["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            let text: String = ["t", "i", "x", "b"]
                .iter()
                .filter_map(|k| p[*k].as_str())
                .collect::<Vec<_>>()
                .join(" ");
            shafaf::render::search::normalize(&text).contains(&w)
        })
        .map(|p| p["u"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn narratives_and_decision_texts_are_searchable_in_each_language() {
    let site = TestSite::fixture("decisions");
    site.build();
    let en = index(&site, "en");
    assert!(found(&en, "WORKSHOP").contains(&"outputs/1.1/".to_owned()));
    let ar = index(&site, "ar");
    // "ورشة" typed with haa for taa marbuta.
    assert!(
        found(&ar, "ورشه").contains(&"outputs/1.1/".to_owned()),
        "{ar}"
    );
    assert!(found(&ar, "المحافظات").contains(&"decisions/2012-009/".to_owned()));
    // Prose is only in the index: the no-JavaScript list keeps its short excerpts.
    assert!(!site.read("ar/search/index.html").contains("المحافظات لمدة"));
}

#[test]
fn pages_prose_is_searchable_on_a_site_with_other_languages() {
    let site = TestSite::fixture("rtl");
    site.build();
    let en = index(&site, "en");
    assert!(found(&en, "about this site").contains(&"about/".to_owned()));
}

#[test]
fn counts_carry_cldr_plural_forms_for_the_script() {
    let site = TestSite::fixture("decisions");
    site.build();
    let en = index(&site, "en");
    assert_eq!(en["results"]["one"], "{n} matching page");
    assert_eq!(en["results"]["other"], "{n} matching pages");
    let runs = en["plural"].as_array().unwrap();
    assert_eq!(runs[1], serde_json::json!([1, "one"]));
    let ar = index(&site, "ar");
    let cats: Vec<&str> = ar["plural"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[1].as_str().unwrap())
        .collect();
    assert!(cats.starts_with(&["zero", "one", "two", "few"]), "{cats:?}");
}

#[test]
fn each_example_index_is_within_150_kb_compressed() {
    use std::io::Write;
    let site = TestSite::example();
    site.build();
    for lang in ["en", "ar", "ckb"] {
        let raw = site.read(&format!("{lang}/search-index.json"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(raw.as_bytes()).unwrap();
        let size = gz.finish().unwrap().len();
        println!("{lang}: {} bytes, {size} bytes gzip", raw.len());
        assert!(size <= 150 * 1024, "{lang}: {size} bytes compressed");
        let idx = index(&site, lang);
        assert!(!found(&idx, "UNOPS").is_empty());
    }
    assert!(found(&index(&site, "en"), "women").contains(&"outputs/1.2/".to_owned()));
    // What the script shows of Arabic and Sorani pages is in Arabic-Indic digits.
    for lang in ["ar", "ckb"] {
        for p in index(&site, lang)["pages"].as_array().unwrap() {
            for k in ["t", "x", "b"] {
                let text = p[k].as_str().unwrap_or("");
                assert!(
                    !text.chars().any(|c| c.is_ascii_digit()),
                    "{lang} {k}: {text}"
                );
            }
        }
    }
}
