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
    // The untouched body and translated title are placeholders, each warned on.
    let problems = problems_with(&site, "methodology");
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems
        .iter()
        .all(|p| p.contains("a placeholder from `shafaf new` is still here")));
    assert!(!site.run(&["check", "--deny-warnings"]).status.success());
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
    assert!(
        toml.contains("label = { en = \"April–June 2013\" }"),
        "{toml}"
    );
    assert!(site.run(&["check"]).status.success());
    assert!(!problems_with(&site, "2013-Q2").is_empty());
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
    // Untouched, it is not silently published: title, summary, dates and body are each warned on
    // (and the Arabic title, date and body).
    let problems = problems_with(&site, "decisions");
    assert_eq!(problems.len(), 5 + 3, "{problems:#?}");
    assert!(problems
        .iter()
        .all(|p| p.contains("a placeholder from `shafaf new` is still here")));
    assert!(!site.run(&["check", "--deny-warnings"]).status.success());
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

#[test]
fn new_refuses_names_check_would_refuse_or_that_would_clash() {
    let site = TestSite::fixture("minimal");
    let refused = |kind: &str, name: &str| -> String {
        let out = site.run(&["new", kind, name]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{kind} {name}: {}",
            stdout(&out)
        );
        stderr(&out)
    };
    // The short form --help used to show: refused with the form check requires.
    let e = refused("decision", "2013-09");
    assert!(
        e.contains("`2013-09` is not a decision number, which `shafaf check` would refuse: write the year, a dash and a sequence of three to six digits, such as 2013-009"),
        "{e}"
    );
    assert!(refused("decision", "9").contains("such as 2013-014"));
    assert!(refused("decision", "con").contains("reserved device name"));
    for name in ["con", "NUL", "com1", "aux.md"] {
        assert!(
            refused("page", name).contains("reserved device name"),
            "{name}"
        );
        assert!(
            refused("period", name).contains("reserved device name"),
            "{name}"
        );
    }
    for name in [
        "404",
        "index",
        "search",
        "data",
        "Index.html",
        "sitemap.xml",
    ] {
        assert!(
            refused("page", name).contains("taken by a built-in page"),
            "{name}"
        );
    }
    assert!(!site.path("content/decisions").exists());
    assert!(!site.path("content/pages/404.md").exists());
    // The form check accepts is scaffolded, and check accepts the file.
    new(&site, "decision", "2013-009");
    let out = site.run(&["check", "--format", "json"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(!stdout(&out).contains("\"severity\":\"error\""));
}

#[test]
fn a_period_named_otherwise_has_its_label_and_dates_marked() {
    for fixture in ["minimal", "fourlang"] {
        let site = TestSite::fixture(fixture);
        new(&site, "period", "spring");
        let out = site.run(&["check"]);
        let report = stdout(&out);
        assert!(out.status.success(), "{report}");
        for line in [5, 6, 7] {
            assert!(
                report.contains(&format!("warning: content/periods/spring/period.toml:{line}:1: a placeholder from `shafaf new` is still here")),
                "{fixture} line {line}: {report}"
            );
        }
    }
}
