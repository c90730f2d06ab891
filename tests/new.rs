//! `shafaf new` scaffolds content in every language that passes `shafaf check` at once.

mod common;

use common::{stderr, stdout, TestSite};

/// The diagnostics `check --format json` reports about files whose path contains `needle`.
fn problems_with(site: &TestSite, needle: &str) -> Vec<String> {
    let out = site.run(&["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().contains(needle))
        .map(|d| d.to_string())
        .collect()
}

fn new(site: &TestSite, kind: &str, name: &str) -> String {
    let out = site.run(&["new", kind, name]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn a_new_page_exists_in_every_language_and_passes_check() {
    let site = TestSite::fixture("minimal");
    let said = new(&site, "page", "methodology");
    assert!(
        said.contains("created content/pages/methodology.md"),
        "{said}"
    );
    assert!(
        said.contains("created content/pages/methodology.ar.md"),
        "{said}"
    );
    let ar = std::fs::read_to_string(site.path("content/pages/methodology.ar.md")).unwrap();
    assert!(ar.contains("translation = \"draft\""), "{ar}");
    assert!(site.run(&["check"]).status.success());
    assert_eq!(problems_with(&site, "methodology"), Vec::<String>::new());
    site.build();
    assert!(site
        .read("en/methodology/index.html")
        .contains("Methodology"));
    assert!(site
        .read("ar/methodology/index.html")
        .contains("Methodology"));
}

#[test]
fn a_new_period_gets_its_dates_from_its_name_and_passes_check() {
    let site = TestSite::fixture("minimal");
    new(&site, "period", "2013-Q2");
    let toml = std::fs::read_to_string(site.path("content/periods/2013-Q2/period.toml")).unwrap();
    assert!(
        toml.contains("start = 2013-04-01\nend = 2013-06-30"),
        "{toml}"
    );
    assert!(toml.contains("en = \"April–June 2013\""), "{toml}");
    assert!(site.run(&["check"]).status.success());
    assert_eq!(problems_with(&site, "2013-Q2"), Vec::<String>::new());
    site.build();
    assert!(site
        .read("en/periods/2013-Q2/index.html")
        .contains("April–June 2013"));
}

#[test]
fn a_new_decision_has_every_language_and_passes_check() {
    let site = TestSite::fixture("minimal");
    new(&site, "decision", "2013-015");
    let en = std::fs::read_to_string(site.path("content/decisions/2013-015.md")).unwrap();
    for field in [
        "number = \"2013-015\"",
        "adopted = 2013-01-01",
        "published = 2013-01-01",
        "status = \"in-force\"",
        "authoritative = \"ar\"",
        "example = false",
    ] {
        assert!(en.contains(field), "{field} in {en}");
    }
    let ar = std::fs::read_to_string(site.path("content/decisions/2013-015.ar.md")).unwrap();
    assert!(ar.contains("published = 2013-01-01"), "{ar}");
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(problems_with(&site, "decisions"), Vec::<String>::new());
    // Where the decisions publication is built, the scaffold must become a page in every language.
    site.build();
    if site.path("public/en/decisions").exists() {
        assert!(site
            .read("en/decisions/2013-015/index.html")
            .contains("2013-015"));
        assert!(site
            .read("ar/decisions/2013-015/index.html")
            .contains("2013-015"));
    }
}

#[test]
fn new_never_overwrites_and_refuses_bad_names() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["new", "page", "about"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/pages/about.md already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(site.path("content/pages/about.md")).unwrap(),
        std::fs::read_to_string(
            common::repo().join("tests/fixtures/minimal/content/pages/about.md")
        )
        .unwrap()
    );
    let out = site.run(&["new", "page", "../escape"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot be used in a web address"),
        "{}",
        stderr(&out)
    );
    let out = site.run(&["new", "page", "results"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("taken by a built-in page"),
        "{}",
        stderr(&out)
    );
}
