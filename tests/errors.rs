//! Bad input gives clear errors naming file:line:col and a non-zero exit — never a panic — and
//! never destroys a previously good output folder.

mod common;

use common::{stderr, stdout, TestSite};

/// Builds, expecting failure; returns standard error.
fn build_fails(site: &TestSite) -> String {
    let out = site.run(&["build"]);
    assert!(!out.status.success(), "the build should fail");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    let site = TestSite::fixture("minimal");
    site.edit("content/results.toml", "target = 340", "target = = 340");
    let err = build_fails(&site);
    assert!(err.contains("error: content/results.toml:37:10:"), "{err}");
    assert!(
        err.contains("37 | target = = 340"),
        "the offending line is quoted: {err}"
    );
    assert_eq!(
        err.matches("error:").count(),
        1,
        "one syntax error, no follow-on errors: {err}"
    );
}

#[test]
fn unknown_fields_are_errors_with_a_hint() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "percent = 8",
        "percnt = 8",
    );
    let err = build_fails(&site);
    assert!(
        err.contains("error: content/periods/2013-Q1/period.toml:12:1: unknown field `percnt`"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn broken_references_suggest_the_likely_id() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "indicator = \"1.1.2\"",
        "indicator = \"1.1.22\"",
    );
    let err = build_fails(&site);
    assert!(
        err.contains("content/periods/2013-Q1/period.toml:15:13: there is no indicator `1.1.22`"),
        "{err}"
    );
    assert!(err.contains("did you mean `1.1.2`?"), "{err}");
}

#[test]
fn unknown_terms_are_errors() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "actual = \"initiated\"",
        "actual = \"initated\"",
    );
    let err = build_fails(&site);
    assert!(err.contains("content/periods/2013-Q1/period.toml:11:10: `initated` is not a number, nor a term of results.toml"), "{err}");
    assert!(err.contains("did you mean `initiated`?"), "{err}");
}

#[test]
fn a_text_without_the_default_language_is_an_error() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/results.toml",
        "title = { en = \"Something reviewed\" }",
        "title = { ar = \"شيء\" }",
    );
    let err = build_fails(&site);
    assert!(
        err.contains(
            "content/results.toml:28:9: this text has no version in the default language (`en`)"
        ),
        "{err}"
    );
}

#[test]
fn an_unknown_language_key_is_an_error() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/results.toml",
        "title = { en = \"Something reviewed\" }",
        "title = { en = \"Something reviewed\", fr = \"Examiné\" }",
    );
    let err = build_fails(&site);
    assert!(
        err.contains(
            "content/results.toml:28:38: `fr` is not one of the site's languages (en, ar)"
        ),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_file_and_line() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/results.toml",
        "output = \"1.1\"\nkind = \"count\"",
        "output = \"9.9\"\nkind = \"count\"",
    );
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "output = \"1.1\"",
        "output = \"1.2\"",
    );
    site.edit(
        "content/periods/2012/period.toml",
        "breakdown = { male = 112, female = 42 }",
        "breakdown = { male = 112, femal = 42 }",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let a = text
        .find("content/periods/2012/period.toml:8:27: `femal` is not a category")
        .expect(&text);
    let b = text
        .find("content/periods/2013-Q1/period.toml:6:10: there is no output `1.2`")
        .expect(&text);
    let c = text
        .find("content/results.toml:33:10: there is no output `9.9`")
        .expect(&text);
    assert!(a < b && b < c, "{text}");
    assert!(text.contains("errors,"), "{text}");
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let site = TestSite::fixture("minimal");
    std::fs::write(
        site.path("content/pages/about.md"),
        b"+++\ntitle = \"About\"\n+++\nbad \xff byte\n",
    )
    .unwrap();
    let err = build_fails(&site);
    assert!(
        err.contains("error: content/pages/about.md:4:5: this file is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn front_matter_errors_point_into_the_markdown_file() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/pages/about.md",
        "title = \"About\"",
        "title = \"About\"\nwieght = 3",
    );
    let err = build_fails(&site);
    assert!(
        err.contains("error: content/pages/about.md:3:1: unknown field `wieght`"),
        "{err}"
    );
}

#[test]
fn a_missing_required_file_is_named() {
    let site = TestSite::fixture("minimal");
    std::fs::remove_file(site.path("content/programme.toml")).unwrap();
    let err = build_fails(&site);
    assert!(
        err.contains("error: content/programme.toml: this file is missing"),
        "{err}"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_output() {
    let site = TestSite::fixture("minimal");
    site.build();
    let before = site.read("en/index.html");
    site.edit(
        "content/site.toml",
        "default_language = \"en\"",
        "default_language = \"xx\"",
    );
    let err = build_fails(&site);
    assert!(
        err.contains("the default language `xx` is not among the [[languages]]"),
        "{err}"
    );
    assert_eq!(site.read("en/index.html"), before);
}

#[test]
fn a_template_error_names_the_template() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "themes/default/templates/page.html",
        "{{ doc.html }}",
        "{{ doc.html }",
    );
    let err = build_fails(&site);
    assert!(
        err.contains(
            "error: themes/default/templates/page.html:5:1: template error: unexpected `}`"
        ),
        "{err}"
    );
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_make() {
    let site = TestSite::fixture("minimal");
    site.write("elsewhere/keep.txt", "precious");
    let out = site.run(&[
        "build",
        "--output",
        site.path("elsewhere").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("was not made by Shafaf"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(site.path("elsewhere/keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn check_json_lists_diagnostics_for_ci() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "percent = 8",
        "percent = \"eight\"",
    );
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(doc["ok"], false);
    let first = &doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap()
        .clone();
    assert_eq!(first["file"], "content/periods/2013-Q1/period.toml");
    assert_eq!(first["position"]["line"], 12);
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let site = TestSite::fixture("minimal");
    assert!(site.run(&["check"]).status.success());
    let out = site.run(&["check", "--deny-warnings"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the fixture has flagged figures, which are warnings"
    );
}
