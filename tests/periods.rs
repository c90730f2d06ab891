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
    site.write(rel, &format!("{toml}\n{Q2_VALUES}"));
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
