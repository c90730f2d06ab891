//! Every period is first-class: a site that adds its next quarter keeps every link working, and
//! `build`, `check` and `serve` refuse a broken internal link alike.

mod common;

use common::{stderr, stdout, TestSite};

/// A second quarter for the example site, as an editor would add it after `shafaf new period`:
/// new figures, one of them for an indicator flagged in the first quarter.
const Q2_VALUES: &str = r#"
[[outputs]]
output = "2.1"
percent = 85

[[values]]
indicator = "2.1.2"
actual = 50
breakdown = { male = 30, female = 20 }
percent = 100

[[values]]
indicator = "2.1.3"
actual = 6
percent = 75
notes = [{ en = "Q2 note on 2.1.3.", ar = "ملاحظة الربع الثاني.", ckb = "تێبینیی چارەکی دووەم." }]
"#;

fn example_with_a_second_period() -> TestSite {
    let site = TestSite::example();
    let out = site.run(&["new", "period", "2013-Q2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rel = "content/periods/2013-Q2/period.toml";
    let toml = std::fs::read_to_string(site.path(rel)).unwrap();
    // The editor keeps the scaffold's label and dates and replaces its carried-over lists.
    let header = &toml[..toml.find("\n[[").expect("carried-over lists")];
    site.write(rel, &format!("{header}\n{Q2_VALUES}"));
    site
}

#[test]
fn the_example_with_a_second_period_passes_check_and_links_each_periods_flags() {
    let site = example_with_a_second_period();
    let out = site.run(&["check"]);
    let report = stdout(&out);
    println!("{report}");
    assert!(out.status.success(), "{report}");
    assert!(report.contains("0 errors"), "{report}");
    site.build();
    // The first quarter's flagged figure keeps its anchor on the indicator page, beside the
    // second quarter's row; its period page links to it.
    let indicator = site.read("en/indicators/2.1.2/index.html");
    assert!(indicator.contains(r#"id="flags-2013-Q1""#), "{indicator}");
    assert!(indicator.contains(r#"id="period-2013-Q2""#));
    assert!(
        indicator.contains("80 of 50 is 160"),
        "older notes are published"
    );
    let q1 = site.read("en/periods/2013-Q1/index.html");
    assert!(q1.contains("indicators/2.1.2/#flags-2013-Q1"), "{q1}");
    // The second quarter's note reaches the indicator page, under its own anchor.
    let other = site.read("en/indicators/2.1.3/index.html");
    assert!(other.contains(r#"id="flags-2013-Q2""#));
    assert!(other.contains("Q2 note on 2.1.3."));
}

#[test]
fn build_refuses_a_broken_link_and_keeps_the_previous_site() {
    let site = TestSite::example();
    site.build();
    let before = site.read("en/about/index.html");
    site.edit(
        "content/pages/about.md",
        "This site shows",
        "See [nowhere](../no-such-page/). This site shows",
    );
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("content/pages/about.md:"), "{err}");
    assert!(err.contains("leads nowhere"), "{err}");
    assert_eq!(
        site.read("en/about/index.html"),
        before,
        "public/ untouched"
    );
    let check = site.run(&["check"]);
    assert!(!check.status.success());
    assert!(stdout(&check).contains("no-such-page"));
}

/// The tables of the array `key` of `t`.
fn tables<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(toml::Value::as_table).collect())
        .unwrap_or_default()
}

fn table(site: &TestSite, rel: &str) -> toml::Table {
    std::fs::read_to_string(site.path(rel))
        .unwrap()
        .parse()
        .unwrap()
}

fn strs<'a>(items: &[&'a toml::Table], key: &str) -> Vec<&'a str> {
    items.iter().filter_map(|t| t.get(key)?.as_str()).collect()
}

/// `shafaf new period NEW` on `site`, whose latest period is `latest`: the new file carries over
/// every indicator (its period target, no actual), the outputs, funds rows and beneficiary
/// groups, with texts in the default language only, and check warns on every placeholder.
fn carries_over(site: &TestSite, latest: &str, new: &str) {
    let out = site.run(&["new", "period", new]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rel = format!("content/periods/{new}/period.toml");
    let old = table(site, &format!("content/periods/{latest}/period.toml"));
    let made = table(site, &rel);
    let results = table(site, "content/results.toml");

    let label = made["label"].as_table().unwrap();
    assert_eq!(
        label.keys().collect::<Vec<_>>(),
        ["en"],
        "other languages left to translate"
    );
    let old_values = tables(&old, "values");
    let values = tables(&made, "values");
    let mut expected = strs(&old_values, "indicator");
    for id in strs(&tables(&results, "indicators"), "id") {
        if !expected.contains(&id) {
            expected.push(id);
        }
    }
    assert_eq!(strs(&values, "indicator"), expected);
    assert!(
        values.iter().all(|v| v.get("actual").is_none()),
        "actuals left to fill"
    );
    for v in &old_values {
        let id = v["indicator"].as_str().unwrap();
        let now = values
            .iter()
            .find(|n| n["indicator"].as_str() == Some(id))
            .unwrap();
        assert_eq!(v.get("target"), now.get("target"), "target of {id}");
    }
    assert_eq!(
        strs(&tables(&made, "outputs"), "output"),
        strs(&tables(&old, "outputs"), "output")
    );
    let (funds, old_funds) = (tables(&made, "funds"), tables(&old, "funds"));
    assert_eq!(funds.len(), old_funds.len());
    for (f, o) in funds.iter().zip(&old_funds) {
        assert_eq!(f.get("organisation"), o.get("organisation"));
        assert_eq!(f.get("total"), o.get("total"));
        assert_eq!(f.get("approved"), o.get("approved"));
    }
    let (groups, old_groups) = (
        tables(&made, "beneficiaries"),
        tables(&old, "beneficiaries"),
    );
    assert_eq!(strs(&groups, "id"), strs(&old_groups, "id"));
    for (g, o) in groups.iter().zip(&old_groups) {
        assert_eq!(g.get("target"), o.get("target"));
        let l = g["label"].as_table().unwrap();
        assert_eq!(l.keys().collect::<Vec<_>>(), ["en"]);
        assert_eq!(l["en"], o["label"]["en"]);
    }

    // check passes, warning on each placeholder and on the untranslated texts; strict fails.
    let text = std::fs::read_to_string(site.path(&rel)).unwrap();
    let marks = text
        .lines()
        .filter(|l| l.contains(" # placeholder"))
        .count();
    assert!(marks > values.len(), "{text}");
    let out = site.run(&["check"]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}");
    let warned = report
        .lines()
        .filter(|l| {
            l.starts_with(&format!("warning: {rel}:"))
                && l.contains("a placeholder from `shafaf new`")
        })
        .count();
    assert_eq!(warned, marks, "{report}");
    assert!(
        report.contains(&format!("warning: {rel}:")) && report.contains("not translated into `ar`")
    );
    assert!(!site.run(&["check", "--deny-warnings"]).status.success());

    // Once the editor has filled the values in and removed the marks, no placeholder is left.
    let filled: String = text
        .lines()
        .map(|l| match l.find("   # placeholder") {
            Some(i) => l[..i].to_owned(),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    site.write(&rel, &filled);
    let report = stdout(&site.run(&["check"]));
    assert!(
        !report.contains("a placeholder from `shafaf new`"),
        "{report}"
    );
}

#[test]
fn a_new_period_carries_over_the_latest_one_on_the_water_site() {
    // Several quarters, funds with a total row, beneficiaries, period targets, a breakdown.
    carries_over(&TestSite::fixture("water"), "2023-Q3", "2023-Q4");
}

#[test]
fn a_new_period_carries_over_the_latest_one_on_the_example() {
    // Three languages, periods named by year and by quarter.
    carries_over(&TestSite::example(), "2013-Q1", "2013-Q2");
}
