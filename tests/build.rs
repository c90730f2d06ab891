//! Building a fixture site: every page type in every language, language attributes, switcher
//! links, internal links, fallbacks and determinism.

mod common;

use common::{stderr, TestSite};
use shafaf::render::links::check_links;
use shafaf::render::RenderedFile;

const PAGES: &[&str] = &[
    "index.html",
    "results/index.html",
    "outputs/1.1/index.html",
    "indicators/1.1.1/index.html",
    "indicators/1.1.2/index.html",
    "funds/index.html",
    "beneficiaries/index.html",
    "periods/index.html",
    "periods/2013-Q1/index.html",
    "periods/2012/index.html",
    "about/index.html",
];

#[test]
fn every_page_type_is_built_in_every_language() {
    let site = TestSite::fixture("minimal");
    site.build();
    let files = site.public_files();
    for lang in ["en", "ar"] {
        for page in PAGES {
            let path = format!("{lang}/{page}");
            assert!(files.contains(&path), "missing {path}; built: {files:?}");
        }
    }
    assert!(files.contains(&"index.html".to_owned()));
    assert!(files.contains(&"assets/style.css".to_owned()));
}

#[test]
fn html_carries_the_language_and_its_direction() {
    let site = TestSite::fixture("minimal");
    site.build();
    assert!(site
        .read("en/index.html")
        .contains(r#"<html lang="en" dir="ltr">"#));
    assert!(site
        .read("ar/indicators/1.1.2/index.html")
        .contains(r#"<html lang="ar" dir="rtl">"#));
}

#[test]
fn the_language_switcher_links_to_the_same_page() {
    let site = TestSite::fixture("minimal");
    site.build();
    let en = site.read("en/indicators/1.1.2/index.html");
    assert!(
        en.contains(r#"href="../../../ar/indicators/1.1.2/" hreflang="ar""#),
        "{en}"
    );
    let ar = site.read("ar/outputs/1.1/index.html");
    assert!(
        ar.contains(r#"href="../../../en/outputs/1.1/" hreflang="en""#),
        "{ar}"
    );
}

#[test]
fn missing_translations_fall_back_with_a_notice() {
    let site = TestSite::fixture("minimal");
    site.build();
    let ar = site.read("ar/indicators/1.1.2/index.html");
    // The indicator title has no Arabic: the English text is shown, marked as English.
    assert!(ar.contains(r#"<span lang="en" dir="ltr" class="fallback" data-fallback>Number of people trained</span>"#), "{ar}");
    assert!(
        ar.contains("notice-fallback"),
        "the page should say that parts are untranslated"
    );
    // The output title has Arabic: no fallback for it.
    let out = site.read("ar/outputs/1.1/index.html");
    assert!(out.contains("المخرج ١.١"));
    // English pages never carry the notice.
    assert!(!site
        .read("en/indicators/1.1.2/index.html")
        .contains("notice-fallback"));
}

#[test]
fn draft_translations_are_marked() {
    let site = TestSite::fixture("minimal");
    site.build();
    let period = site.read("ar/periods/2013-Q1/index.html");
    assert!(period.contains("خلال الربع"), "the Arabic narrative is used");
    assert!(!site
        .read("en/periods/2013-Q1/index.html")
        .contains("notice-draft"));
}

#[test]
fn figures_are_shown_as_reported_and_disagreements_flagged() {
    let site = TestSite::fixture("minimal");
    site.build();
    let page = site.read("en/indicators/1.1.2/index.html");
    assert!(page.contains("<bdi>498</bdi>"), "actual as reported");
    assert!(
        page.contains("<bdi>100%</bdi>"),
        "% as reported, not recomputed"
    );
    assert!(
        page.contains("the report gives 100% of planned, but 498 of 340 is 146.5%."),
        "{page}"
    );
    assert!(page.contains("the parts add up to 496, but the total is reported as 498."));
    // History: both periods, oldest first.
    let h2012 = page.find("<bdi>154</bdi>").expect("2012 value");
    let h2013 = page.rfind("<bdi>498</bdi>").unwrap();
    assert!(h2012 < h2013);
}

#[test]
fn arabic_pages_use_arabic_indic_digits() {
    let site = TestSite::fixture("minimal");
    site.build();
    let page = site.read("ar/funds/index.html");
    assert!(page.contains("٥٬٨٤٨٬٨٤١٫٠٧\u{a0}US$"), "{page}");
    assert!(page.contains("٤١٪"));
}

#[test]
fn digits_in_translated_texts_follow_the_language() {
    let site = TestSite::example();
    site.build();
    // The period's label is written "… آذار 2013" in content; Arabic pages and charts show it
    // in Arabic-Indic digits, like every figure around it.
    let page = site.read("ckb/indicators/2.1.7/index.html");
    assert!(page.contains("ئازاری ٢٠١٣"), "{page}");
    assert!(!page.contains("ئازاری 2013"), "{page}");
    let home = site.read("ar/index.html");
    assert!(home.contains("آذار ٢٠١٣") && !home.contains("آذار 2013"));
    // Narratives too (prose only: code, links and raw HTML are left alone).
    let period = site.read("ar/periods/2013-Q1/index.html");
    assert!(period.contains("نيسان ٢٠١٣"), "{period}");
    // English keeps its digits, and text that falls back to English keeps them too.
    assert!(site.read("en/index.html").contains("January–March 2013"));
}

#[test]
fn every_internal_link_resolves() {
    let site = TestSite::fixture("minimal");
    site.build();
    let files: Vec<RenderedFile> = site
        .public_files()
        .into_iter()
        .map(|p| RenderedFile {
            bytes: std::fs::read(site.path("public").join(&p)).unwrap(),
            path: p,
        })
        .collect();
    let broken = check_links(&files);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn builds_are_byte_identical() {
    let a = TestSite::fixture("minimal");
    a.build();
    let b = TestSite::fixture("minimal");
    b.build();
    let files = a.public_files();
    assert_eq!(files, b.public_files());
    for f in files {
        assert_eq!(
            std::fs::read(a.path("public").join(&f)).unwrap(),
            std::fs::read(b.path("public").join(&f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn base_url_flag_sets_canonical_addresses() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["build", "--base-url", "https://example.org/transparency"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = site.read("en/results/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://example.org/transparency/en/results/">"#
        ),
        "{page}"
    );
}

#[test]
fn build_says_where_to_open_the_site() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("built ") && err.contains("public/index.html"),
        "{err}"
    );
}

#[test]
fn check_passes_and_writes_nothing() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", common::stdout(&out));
    assert!(!site.path("public").exists());
}
