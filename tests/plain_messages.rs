//! The mistakes editors make most, each with the exact message `check` prints: what was found,
//! what is expected and the corrected line, at the file, line and column.

mod common;

use common::{stdout, TestSite};

const PERIOD: &str = "content/periods/2013-Q1/period.toml";

/// The first line of `check`'s report after replacing `from` with `to` in `file` of `fixture`.
fn first_error(fixture: &str, file: &str, from: &str, to: &str) -> String {
    let site = TestSite::fixture(fixture);
    site.edit(file, from, to);
    let out = site.run(&["check"]);
    assert!(!out.status.success(), "check passed");
    let text = stdout(&out);
    text.lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error in:\n{text}"))
        .to_owned()
}

#[test]
fn a_percentage_in_quotes_is_a_number_written_as_text() {
    assert_eq!(
        first_error("minimal", PERIOD, "percent = 56", "percent = \"44%\""),
        "error: content/periods/2013-Q1/period.toml:7:11: found the text \"44%\" where a number is expected: write percent = 44"
    );
}

#[test]
fn a_percent_sign_after_a_number_is_not_a_number() {
    assert_eq!(
        first_error("minimal", PERIOD, "percent = 56", "percent = 89%"),
        "error: content/periods/2013-Q1/period.toml:7:11: `89%` is not a number: write percent = 89"
    );
}

#[test]
fn a_thousands_separator_makes_a_number_text() {
    assert_eq!(
        first_error("minimal", PERIOD, "actual = 498", "actual = \"1,200\""),
        "error: content/periods/2013-Q1/period.toml:16:10: found the text \"1,200\" where a number is expected: write actual = 1200"
    );
    // Another site, another file: a target in the results framework.
    assert_eq!(
        first_error("charts", "content/results.toml", "target = 340", "target = \"1,340\""),
        "error: content/results.toml:45:10: found the text \"1,340\" where a number is expected: write target = 1340"
    );
}

#[test]
fn a_list_written_as_text() {
    assert_eq!(
        first_error("minimal", PERIOD, "percent = 8", "percent = 8\nnotes = \"x\""),
        "error: content/periods/2013-Q1/period.toml:13:9: found the text \"x\" where a list is expected: write notes = [\"x\"]"
    );
}

#[test]
fn a_table_written_as_text() {
    assert_eq!(
        first_error("minimal", PERIOD, "label = { en = \"January–March 2013\" }", "label = \"January–March 2013\""),
        "error: content/periods/2013-Q1/period.toml:1:9: found the text \"January–March 2013\" where a table is expected: write label = { en = \"January–March 2013\" }"
    );
}

#[test]
fn a_date_written_as_text() {
    assert_eq!(
        first_error("minimal", PERIOD, "start = 2013-01-01", "start = \"2013-01-01\""),
        "error: content/periods/2013-Q1/period.toml:2:9: found the text \"2013-01-01\" where a date is expected: write start = 2013-01-01"
    );
}

#[test]
fn an_unclosed_quote_is_shown_where_it_opens() {
    assert_eq!(
        first_error("minimal", PERIOD, "label = { en = \"January–March 2013\" }", "label = { en = \"January–March 2013 }"),
        "error: content/periods/2013-Q1/period.toml:1:16: this quote is not closed: add `\"` where the value ends"
    );
}

#[test]
fn an_unclosed_brace_is_shown_where_it_opens() {
    assert_eq!(
        first_error("minimal", PERIOD, "breakdown = { male = 468, female = 28 }", "breakdown = { male = 468, female = 28"),
        "error: content/periods/2013-Q1/period.toml:17:13: this brace `{` is not closed: add `}` where the value ends"
    );
}

#[test]
fn a_key_written_twice_names_the_first_line() {
    assert_eq!(
        first_error("minimal", PERIOD, "percent = 56", "percent = 56\npercent = 57"),
        "error: content/periods/2013-Q1/period.toml:8:1: `percent` is written twice in the same table (first on line 7): keep one of them"
    );
}
