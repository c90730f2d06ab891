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
        err.contains("error: content/periods/2013-Q1/period.toml:12:1: `percnt` is not a field of [[values]]"),
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
        err.contains(
            "error: content/pages/about.md:3:1: `wieght` is not a field of the front matter"
        ),
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

/// Runs `check --format json` and returns the document.
fn check_json(site: &TestSite, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    let doc = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    (out.status.code(), doc)
}

/// `file:line:col: message` of every diagnostic in a JSON report, in order.
fn located(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{}: {}",
                d["severity"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["position"]["line"],
                d["position"]["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn broken_markdown_links_are_reported_in_the_markdown_file() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nSee [the results](../resultz/),\n[the top](../about/#nope) and [fine](../results/).\n",
    );
    site.edit(
        "content/periods/2013-Q1/1.1.md",
        "was held.",
        "was held ([indicator](../../indicators/1.1.9/)).",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("error: content/pages/about.md:4:19: the link `../resultz/` leads nowhere: en/resultz/index.html does not exist"),
        "{text}"
    );
    assert!(
        text.contains("error: content/pages/about.md:5:11: the link `../about/#nope` leads nowhere: en/about/index.html has no element with id \"nope\""),
        "{text}"
    );
    assert!(
        text.contains("error: content/periods/2013-Q1/1.1.md:4:56: the link `../../indicators/1.1.9/` leads nowhere"),
        "{text}"
    );
    assert!(
        !text.contains("(rendered)"),
        "a Markdown link is reported once, at its source, not again per rendered page: {text}"
    );
    assert!(text.contains("3 errors"), "{text}");
}

#[test]
fn errors_come_before_warnings_each_sorted_by_file_and_line() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2012/period.toml",
        "breakdown = { male = 112, female = 42 }",
        "breakdown = { male = 112, femal = 42 }",
    );
    site.edit(
        "content/results.toml",
        "output = \"1.1\"\nkind = \"count\"",
        "output = \"9.9\"\nkind = \"count\"",
    );
    let (code, doc) = check_json(&site, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["errors"], 2);
    let all = located(&doc);
    let first_warning = all.iter().position(|d| d.starts_with("warning")).unwrap();
    assert!(
        all[..first_warning].iter().all(|d| d.starts_with("error")),
        "{all:#?}"
    );
    assert!(
        all[first_warning..]
            .iter()
            .all(|d| d.starts_with("warning")),
        "{all:#?}"
    );
    assert!(
        all[0].starts_with("error content/periods/2012/period.toml:8:27:"),
        "{all:#?}"
    );
    assert!(
        all[1].starts_with("error content/results.toml:33:10:"),
        "{all:#?}"
    );
    let place = |d: &serde_json::Value| {
        (
            d["file"].as_str().unwrap().to_owned(),
            d["position"]["line"].as_u64(),
            d["position"]["column"].as_u64(),
        )
    };
    let warnings: Vec<_> = doc["diagnostics"].as_array().unwrap()[first_warning..]
        .iter()
        .map(place)
        .collect();
    let mut sorted = warnings.clone();
    sorted.sort();
    assert_eq!(warnings, sorted, "warnings are sorted by file and line");
    for d in doc["diagnostics"].as_array().unwrap() {
        for key in ["severity", "file", "position", "message", "hint"] {
            assert!(d.get(key).is_some(), "`{key}` is in every diagnostic: {d}");
        }
    }
}

#[test]
fn consistency_warnings_quote_both_figures_and_can_be_acknowledged() {
    let site = TestSite::fixture("minimal");
    let (code, doc) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(code, Some(1));
    let all = located(&doc);
    assert!(all.contains(&"warning content/periods/2013-Q1/period.toml:15:13: indicator 1.1.2: the reported % of planned (100%) differs from actual ÷ target (498 ÷ 340 = 146.5%)".to_owned()), "{all:#?}");
    assert!(all.contains(&"warning content/periods/2013-Q1/period.toml:15:13: indicator 1.1.2: the parts add up to 496 but the total is reported as 498".to_owned()), "{all:#?}");

    site.edit(
        "content/periods/2013-Q1/period.toml",
        "percent = 100\n",
        "percent = 100\nnotes = [{ en = \"Capped at 100 %; 468 + 28 is 496.\" }]\nacknowledge = [\"percent\", \"parts\"]\n",
    );
    let (code, doc) = check_json(&site, &["--deny-warnings"]);
    let all = located(&doc);
    assert!(
        !all.iter().any(|d| d.contains("period.toml:15:13")),
        "acknowledged flags are not warned about: {all:#?}"
    );
    let left: Vec<&String> = all
        .iter()
        .filter(|d| !d.contains("not translated into"))
        .collect();
    assert!(left.is_empty(), "nothing else is wrong: {left:#?}");
    assert_eq!(code, Some(1), "missing translations are still warnings");
    site.build();
    assert!(
        site.read("en/indicators/1.1.2/index.html").contains("146"),
        "an acknowledged flag is still shown to readers"
    );
}

#[test]
fn acknowledgements_must_name_a_flag_be_explained_and_stay_current() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "percent = 100\n",
        "percent = 100\nacknowledge = [\"percnt\", \"parts\"]\n",
    );
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "percent = 8\n",
        "percent = 8\nnotes = [{ en = \"x\" }]\nacknowledge = [\"parts\"]\n",
    );
    let (code, doc) = check_json(&site, &[]);
    assert_eq!(code, Some(1));
    let all = located(&doc);
    assert!(all.contains(&"error content/periods/2013-Q1/period.toml:21:16: `percnt` is not a kind of flag that can be acknowledged".to_owned()), "{all:#?}");
    let hint = doc["diagnostics"][0]["hint"].as_str().unwrap();
    assert!(hint.contains("did you mean `percent`?"), "{hint}");
    assert!(all.contains(&"warning content/periods/2013-Q1/period.toml:14:16: `parts` is acknowledged, but these figures raise no such flag".to_owned()), "{all:#?}");
    assert!(all.contains(&"warning content/periods/2013-Q1/period.toml:21:26: `parts` is acknowledged without a note explaining it".to_owned()), "{all:#?}");
}

#[test]
fn dates_out_of_order_are_reported() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2012/period.toml",
        "end = 2012-12-31",
        "end = 2011-12-31",
    );
    site.edit(
        "content/programme.toml",
        "completion_date = 2013-10-17",
        "completion_date = 2010-10-17",
    );
    let (code, doc) = check_json(&site, &[]);
    assert_eq!(code, Some(1));
    let all = located(&doc);
    assert!(all.contains(&"error content/periods/2012/period.toml:3:7: the period ends (2011-12-31) before it starts (2012-01-01)".to_owned()), "{all:#?}");
    assert!(all.contains(&"warning content/programme.toml:3:19: the completion date 2010-10-17 is before the start date 2010-10-18".to_owned()), "{all:#?}");
    assert!(all.contains(&"warning content/periods/2013-Q1/period.toml:2:9: the period starts (2013-01-01) after the programme's completion date (2010-10-17)".to_owned()), "{all:#?}");
}

#[test]
fn the_example_sites_flagged_figures_are_all_acknowledged() {
    let site = TestSite::example();
    let (_, doc) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(doc["errors"], 0, "{doc:#}");
    let consistency: Vec<String> = located(&doc)
        .into_iter()
        .filter(|d| !d.contains("not translated into"))
        .collect();
    // What the IATI file lacks and the report does not say: the national partner's IATI
    // identifier (see docs/open-data.md).
    assert_eq!(
        consistency,
        ["warning content/programme.toml:163:6: the organisation `ihec` has no iati_ref: the IATI file names it without an identifier"],
        "nothing but missing translations and what the report does not say may remain"
    );
}

#[test]
fn missing_translations_are_warnings_per_file_and_language() {
    let site = TestSite::fixture("minimal");
    let (code, doc) = check_json(&site, &[]);
    assert_eq!(code, Some(0), "missing translations do not fail a check");
    let all = located(&doc);
    assert!(
        all.contains(&"warning content/results.toml:3:23: 7 texts in this file are not translated into `ar`; the first is here".to_owned()),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|d| d.starts_with(
            "warning content/pages/about.md:null:null: this text is not translated into `ar`"
        )),
        "{all:#?}"
    );
    assert!(
        !all.iter()
            .any(|d| d.contains("1.1.md") && d.contains("not translated")),
        "1.1.md has its Arabic translation: {all:#?}"
    );
    assert!(
        all.contains(&"warning content/programme.toml:9:8: 1 text in this file is not translated into `ar`; the first is here".to_owned()),
        "programme.toml translates its title but not the organisation's name: {all:#?}"
    );

    site.write(
        "content/pages/about.ar.md",
        "+++\ntitle = \"حول\"\ntranslation = \"draft\"\n+++\nعن هذا الموقع.\n",
    );
    let (_, doc) = check_json(&site, &[]);
    assert!(
        !located(&doc).iter().any(|d| d.contains("about.md")),
        "a draft translation counts as a translation"
    );
    let (code, _) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(
        code,
        Some(1),
        "--deny-warnings fails on missing translations"
    );
}

#[test]
fn schema_errors_wrong_types_missing_fields_and_out_of_range_values_in_one_run() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/programme.toml",
        "duration_months = 36",
        "duration_months = \"36\"",
    );
    site.edit("content/results.toml", "stage = 1", "stage = 7");
    site.edit(
        "content/periods/2012/period.toml",
        "start = 2012-01-01\n",
        "",
    );
    let (code, doc) = check_json(&site, &[]);
    assert_eq!(code, Some(1));
    let errors: Vec<String> = located(&doc)
        .into_iter()
        .filter(|d| d.starts_with("error"))
        .collect();
    assert_eq!(
        errors,
        [
            "error content/periods/2012/period.toml:1:1: missing field `start`",
            "error content/programme.toml:4:19: found the text \"36\" where a number is expected: write duration_months = 36",
            "error content/results.toml:3:53: stage 7 is out of range",
        ],
        "each problem once, no follow-on errors from the programme that did not load"
    );
    assert!(doc["diagnostics"][2]["hint"]
        .as_str()
        .unwrap()
        .contains("stages run from 0"));
}

#[test]
fn funds_that_disagree_are_warnings_at_the_figure_and_can_be_acknowledged() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "disbursed = 5594796.22\ndisbursed_percent = 40",
        "disbursed = 5948841.07\ndisbursed_percent = 40",
    );
    let (_, doc) = check_json(&site, &[]);
    let all = located(&doc);
    assert!(all.contains(&"warning content/periods/2013-Q1/period.toml:24:13: funds (undp): disbursed (5948841.07) is more than committed (5848841.07)".to_owned()), "{all:#?}");
    assert!(all.contains(&"warning content/periods/2013-Q1/period.toml:30:13: funds (total): the total disbursed (5594796.22) is not the sum of the organisations' figures (5948841.07)".to_owned()), "{all:#?}");

    site.edit(
        "content/periods/2013-Q1/period.toml",
        "disbursed_percent = 40",
        "disbursed_percent = 40\nnotes = [{ en = \"As printed.\" }]\nacknowledge = [\"disbursed\"]",
    );
    let (_, doc) = check_json(&site, &[]);
    let all = located(&doc);
    assert!(!all.iter().any(|d| d.contains("funds (undp)")), "{all:#?}");
    assert!(all.iter().any(|d| d.contains("funds (total)")), "{all:#?}");
}

#[test]
fn broken_links_in_templates_are_reported_on_the_rendered_page() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "themes/default/templates/page.html",
        "{{ doc.html }}",
        "{{ doc.html }}<a href=\"#missing-anchor\">x</a>",
    );
    let (code, doc) = check_json(&site, &[]);
    assert_eq!(code, Some(1));
    let all = located(&doc);
    assert!(all.contains(&"error (rendered) en/about/index.html:null:null: the link `#missing-anchor` leads nowhere: en/about/index.html has no element with id \"missing-anchor\"".to_owned()), "{all:#?}");
}

#[test]
fn unknown_fields_suggest_the_field_meant() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/periods/2013-Q1/period.toml",
        "percent = 8",
        "percnt = 8",
    );
    site.edit(
        "content/pages/about.md",
        "title = \"About\"",
        "title = \"About\"\nwieght = 3",
    );
    let (_, doc) = check_json(&site, &[]);
    let errors: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["position"]["line"],
                    d["position"]["column"]
                ),
                d["hint"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].0, "content/pages/about.md:3:1");
    assert!(
        errors[0].1.starts_with("did you mean `weight`?"),
        "{errors:#?}"
    );
    assert_eq!(errors[1].0, "content/periods/2013-Q1/period.toml:12:1");
    assert!(
        errors[1].1.starts_with("did you mean `percent`?"),
        "{errors:#?}"
    );
}
