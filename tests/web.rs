//! CDN-ready output: content-hashed assets, precompressed copies, sitemap, robots.txt,
//! canonical and Open Graph metadata, a 404 page per language.

mod common;

use std::io::Read as _;

use common::TestSite;

#[test]
fn stylesheets_and_scripts_have_content_hashed_names() {
    let s = TestSite::fixture("opendata");
    s.build();
    let files = s.public_files();
    let css: Vec<&String> = files
        .iter()
        .filter(|f| {
            f.starts_with("assets/style.") && f.ends_with(".css") && *f != "assets/style.css"
        })
        .collect();
    assert_eq!(css.len(), 1, "{files:?}");
    let hashed = css[0].trim_start_matches("assets/");
    assert_eq!(s.read(css[0]), s.read("assets/style.css"));
    let page = s.read("en/indicators/1.1.2/index.html");
    assert!(
        page.contains(&format!("href=\"../../../assets/{hashed}\"")),
        "{page}"
    );
    let search = s.read("ar/search/index.html");
    assert!(search.contains("assets/search."), "{search}");
    assert!(
        !search.contains("assets/search.js\""),
        "the page links the hashed script"
    );

    // A changed stylesheet gets a new name.
    s.edit(
        "themes/default/static/style.css",
        "body {",
        "body { color: black;",
    );
    s.build();
    assert!(!s.path(&format!("public/{}", css[0])).exists());
}

#[test]
fn precompressed_copies_are_written_on_request() {
    let s = TestSite::fixture("opendata");
    s.build();
    assert!(!s.public_files().iter().any(|f| f.ends_with(".gz")));
    let out = s.run(&["build", "--precompress"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let html = s.read("en/index.html");
    let gz = std::fs::read(s.path("public/en/index.html.gz")).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, html);
    let br = std::fs::read(s.path("public/data/shafaf-data.csv.br")).unwrap();
    let mut text = String::new();
    brotli::Decompressor::new(&br[..], 4096)
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, s.read("data/shafaf-data.csv"));
}

#[test]
fn sitemap_robots_and_metadata_name_the_public_addresses() {
    let s = TestSite::fixture("opendata");
    s.build();
    let sitemap = s.read("sitemap.xml");
    // Every page of every language is listed, with its alternates.
    for f in s.public_files() {
        if f.ends_with("index.html") {
            let url = format!(
                "<loc>https://example.org/{}</loc>",
                f.trim_end_matches("index.html")
            );
            assert!(sitemap.contains(&url), "{url} missing from the sitemap");
        }
    }
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"ar\" href=\"https://example.org/ar/indicators/1.1.2/\"/>"
    ));
    assert!(!sitemap.contains("404"));
    assert_eq!(
        s.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
    let ar = s.read("ar/funds/index.html");
    assert!(ar.contains("<link rel=\"canonical\" href=\"https://example.org/ar/funds/\">"));
    assert!(ar.contains("<meta property=\"og:url\" content=\"https://example.org/ar/funds/\">"));
    assert!(ar.contains("<meta property=\"og:locale\" content=\"ar_IQ\">"));
    assert!(ar.contains("<meta property=\"og:site_name\" content=\"موقع صغير\">"));
}

#[test]
fn each_language_has_a_not_found_page_that_works_at_any_depth() {
    let s = TestSite::fixture("opendata");
    let out = s.run(&["build", "--base-url", "https://example.org/transparency/"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    for lang in ["en", "ar", "ckb"] {
        let page = s.read(&format!("{lang}/404.html"));
        assert!(page.contains(&format!("<html lang=\"{lang}\"")));
        assert!(
            page.contains(&format!("href=\"/transparency/{lang}/search/\"")),
            "{page}"
        );
        assert!(page.contains("href=\"/transparency/assets/style."));
    }
    assert_eq!(s.read("404.html"), s.read("en/404.html"));
}
