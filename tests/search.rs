//! Full-text search: each language's index carries the pages' prose (narratives, decision texts,
//! pages), folded words find it however they are typed, counts come with CLDR plural forms, and
//! the index stays small: in shards of bounded size as the site grows. Checked on the example
//! site, on two fixtures of other shapes and on a site of 600 pages of prose.

mod common;

use serde_json::Value;

use common::TestSite;

/// A language's index with the pages of all its shards (`more`) in `pages`, in order.
fn index(site: &TestSite, lang: &str) -> Value {
    let mut first: Value =
        serde_json::from_str(&site.read(&format!("{lang}/search-index.json"))).unwrap();
    let more: Vec<String> = first["more"]
        .as_array()
        .expect("the list of further shards")
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect();
    for route in more {
        let shard: Value = serde_json::from_str(&site.read(&format!("{lang}/{route}"))).unwrap();
        let pages = shard["pages"].as_array().unwrap().clone();
        first["pages"].as_array_mut().unwrap().extend(pages);
    }
    first
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
fn a_large_sites_index_comes_in_bounded_shards_that_hold_every_page() {
    let site = TestSite::fixture("rtl");
    let words = "Polling stations opened on time in every governorate, and observers reported";
    for n in 0..600 {
        site.write(
            &format!("content/pages/report-{n}.md"),
            &format!("+++\ntitle = \"Field report {n}\"\n+++\n{words} {n}: finding-{n}.\n"),
        );
    }
    site.build();
    let first: Value = serde_json::from_str(&site.read("en/search-index.json")).unwrap();
    let more = first["more"].as_array().unwrap();
    assert!(!more.is_empty(), "one file for 600 pages");
    let mut files = vec!["en/search-index.json".to_owned()];
    files.extend(more.iter().map(|r| format!("en/{}", r.as_str().unwrap())));
    for f in &files {
        let size = site.read(f).len();
        assert!(
            size <= shafaf::render::search::SHARD_BYTES,
            "{f}: {size} bytes"
        );
    }
    let all = index(&site, "en");
    for n in [0, 299, 599] {
        assert_eq!(
            found(&all, &format!("finding-{n}.")),
            vec![format!("report-{n}/")],
            "page {n} is in one shard"
        );
    }
    // The search page lists every page, 200 a page, and the script finds the shards beside it.
    let list: String = (1..=4)
        .map(|n| match n {
            1 => site.read("en/search/index.html"),
            n => site.read(&format!("en/search/page/{n}/index.html")),
        })
        .collect();
    for n in [0, 299, 599] {
        assert_eq!(list.matches(&format!("data-u=\"report-{n}/\"")).count(), 1);
    }
    assert!(more
        .iter()
        .all(|r| r.as_str().unwrap().starts_with("search/shard-")));
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
        assert_eq!(idx["more"].as_array().map(Vec::len), Some(0), "one file");
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
