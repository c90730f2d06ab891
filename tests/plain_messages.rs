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

/// Every line of `check`'s report after replacing `from` with `to` in `file` of `fixture`.
fn report(fixture: &str, file: &str, from: &str, to: &str) -> String {
    let site = TestSite::fixture(fixture);
    site.edit(file, from, to);
    let out = site.run(&["check"]);
    assert!(!out.status.success(), "check passed");
    stdout(&out)
}

#[test]
fn an_unclosed_bracket_is_shown_where_it_opens() {
    let text = report(
        "minimal",
        PERIOD,
        "percent = 8",
        "percent = 8\nnotes = [\"x\"",
    );
    let first = text.lines().find(|l| l.starts_with("error: ")).unwrap();
    assert_eq!(
        first,
        "error: content/periods/2013-Q1/period.toml:13:9: this bracket `[` is not closed: add `]` where the list ends"
    );
}

#[test]
fn every_unknown_field_of_a_file_is_reported_in_one_run() {
    // Four typos in one file, in tables and in lists of tables: one run lists all four.
    let site = TestSite::fixture("minimal");
    site.edit(PERIOD, "percent = 56", "percnt = 56");
    site.edit(PERIOD, "actual = 498", "actul = 498");
    site.edit(
        PERIOD,
        "start = 2013-01-01",
        "start = 2013-01-01\nsorce = { en = \"x\" }",
    );
    site.edit(PERIOD, "percent = 8", "percent = 8\nnotse = []");
    let text = stdout(&site.run(&["check"]));
    let unknown: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("error: ") && l.contains("is not a field of"))
        .collect();
    assert_eq!(unknown.len(), 4, "{text}");
    for typo in ["percnt", "actul", "sorce", "notse"] {
        assert!(
            unknown.iter().any(|l| l.contains(&format!("`{typo}`"))),
            "{typo} not reported:\n{text}"
        );
    }
    // Another shape: the results framework of the water site, two typos in two tables.
    let water = TestSite::fixture("water");
    water.edit(
        "content/results.toml",
        "programme_output =",
        "programme_outptu =",
    );
    water.edit("content/results.toml", "kind =", "knid =");
    let text = stdout(&water.run(&["check"]));
    let count = text
        .lines()
        .filter(|l| {
            l.starts_with("error: content/results.toml:") && l.contains("is not a field of")
        })
        .count();
    assert_eq!(count, 2, "{text}");
}

#[test]
fn a_swapped_pair_of_letters_suggests_the_field() {
    let text = report(
        "minimal",
        "content/results.toml",
        "lead = \"undp\"",
        "laed = \"undp\"",
    );
    assert!(
        text.contains("error: content/results.toml:21:1: `laed` is not a field of [[outputs]] (its fields: id, programme_output, lead, with, title, reported_title, notes): write lead = \"undp\"\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "= hint: did you mean `lead`? docs/content.md lists the fields each file accepts"
        ),
        "{text}"
    );
}

#[test]
fn an_unknown_field_names_its_table_and_the_corrected_line() {
    // Another shape: the water site's indicators, a key misspelt with its value kept.
    assert_eq!(
        first_error(
            "water",
            "content/results.toml",
            "kind = \"count\"\nunit = \"households\"",
            "kind = \"count\"\nuint = \"households\""
        ),
        "error: content/results.toml:52:1: `uint` is not a field of [[indicators]] (its fields: id, output, kind, title, reported_title, disaggregation, target, baseline, direction, unit, currency, footnotes, notes): write unit = \"households\""
    );
}

#[test]
fn an_unknown_field_with_no_close_match_lists_the_fields() {
    let text = report(
        "water",
        "content/results.toml",
        "lead = \"dir\"",
        "lead = \"dir\"\nbudget_line = 7",
    );
    assert!(
        text.contains("error: content/results.toml:46:1: `budget_line` is not a field of [[outputs]] (its fields: id, programme_output, lead, with, title, reported_title, notes): correct the name or delete the line\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "= hint: check the spelling; docs/content.md lists the fields each file accepts"
        ),
        "{text}"
    );
}

#[test]
fn a_number_where_a_text_is_expected_is_quoted() {
    assert_eq!(
        first_error("minimal", "content/results.toml", "id = \"1.1\"", "id = 1.1"),
        "error: content/results.toml:19:6: found the number 1.1 where a text in quotes is expected: write id = \"1.1\""
    );
    assert_eq!(
        first_error("water", "content/results.toml", "id = \"1.2\"", "id = 1.20"),
        "error: content/results.toml:43:6: found the number 1.20 where a text in quotes is expected: write id = \"1.20\""
    );
}

#[test]
fn a_mistyped_decision_number_suggests_the_nearest_of_the_same_shape() {
    let text = report(
        "decisions",
        "content/decisions/2013-004.md",
        "amends = [\"2013-001\"]",
        "amends = [\"2013-050\"]",
    );
    assert!(
        text.contains("error: content/decisions/2013-004.md:12:11: `amends` names decision 2013-050, which does not exist"),
        "{text}"
    );
    let hint = text
        .lines()
        .skip_while(|l| !l.contains("2013-050, which"))
        .find(|l| l.contains("= hint:"))
        .unwrap_or_else(|| panic!("no hint:\n{text}"));
    assert_eq!(hint, "  = hint: did you mean 2013-005?");
}

#[test]
fn a_number_with_separators_and_no_quotes_is_not_a_number() {
    assert_eq!(
        first_error("minimal", PERIOD, "actual = 498", "actual = 1 200"),
        "error: content/periods/2013-Q1/period.toml:16:10: `1 200` is not a number: write actual = 1200"
    );
    assert_eq!(
        first_error(
            "water",
            "content/results.toml",
            "target = 5000",
            "target = 5,000"
        ),
        "error: content/results.toml:59:10: `5,000` is not a number: write target = 5000"
    );
}

#[test]
fn a_value_inside_an_inline_table_is_corrected_under_its_own_key() {
    assert_eq!(
        first_error("minimal", "content/results.toml", "stage = 3", "stage = \"3\""),
        "error: content/results.toml:2:53: found the text \"3\" where a number is expected: write stage = 3"
    );
    assert_eq!(
        first_error(
            "water",
            "content/results.toml",
            "date = 2022-12-31",
            "date = \"2022-12-31\""
        ),
        "error: content/results.toml:58:35: found the text \"2022-12-31\" where a date is expected: write date = 2022-12-31"
    );
}

#[test]
fn a_quote_left_open_at_the_end_of_a_line_is_shown_where_it_opens() {
    assert_eq!(
        first_error(
            "minimal",
            "content/results.toml",
            "lead = \"undp\"",
            "lead = \"undp"
        ),
        "error: content/results.toml:21:8: this quote is not closed: add `\"` where the value ends"
    );
    assert_eq!(
        first_error(
            "water",
            "content/results.toml",
            "lead = \"wsa\"",
            "lead = \"wsa"
        ),
        "error: content/results.toml:36:8: this quote is not closed: add `\"` where the value ends"
    );
}

#[test]
fn true_or_false_in_quotes() {
    assert_eq!(
        first_error(
            "minimal",
            "content/results.toml",
            "sums_to_total = true",
            "sums_to_total = \"true\""
        ),
        "error: content/results.toml:8:17: found the text \"true\" where true or false is expected: write sums_to_total = true"
    );
    let water = first_error(
        "water",
        "content/results.toml",
        "sums_to_total = true",
        "sums_to_total = \"false\"",
    );
    assert_eq!(
        water,
        "error: content/results.toml:16:17: found the text \"false\" where true or false is expected: write sums_to_total = false"
    );
}
