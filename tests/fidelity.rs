//! Data fidelity: every figure printed in the source report (listed, as printed, in
//! `tests/fixtures/seed_figures.toml`) is in the loaded model with the same value, and on the
//! built English pages — nothing lost, nothing altered.

mod common;

use std::collections::BTreeSet;

use common::TestSite;
use serde::Deserialize;
use shafaf::i18n::Formatter;
use shafaf::model::{Date, Figure, Kind, Site};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    figure: Vec<Printed>,
}

/// One figure as printed in the report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Printed {
    kind: String,
    id: String,
    period: Option<String>,
    field: String,
    printed: String,
}

/// What a printed figure means.
#[derive(Debug, PartialEq)]
enum Expected {
    Number(f64),
    Words(String),
    Date(Date),
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn normalize_words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads a printed figure: "5,848,841.07", "41 %", "17 October 2013", "Not yet initiated".
fn parse_printed(s: &str) -> Expected {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '%')
        .collect();
    if let Ok(n) = compact.parse::<f64>() {
        return Expected::Number(n);
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    if let [d, m, y] = parts.as_slice() {
        if let (Ok(day), Some(month), Ok(year)) = (
            d.parse::<u8>(),
            MONTHS.iter().position(|x| x.eq_ignore_ascii_case(m)),
            y.parse::<i32>(),
        ) {
            return Expected::Date(Date {
                year,
                month: month as u8 + 1,
                day,
            });
        }
    }
    Expected::Words(normalize_words(s))
}

/// What the model holds for a printed figure.
enum Found {
    Figure(Option<Figure>),
    Number(Option<f64>),
    Date(Option<Date>),
}

fn lookup(site: &Site, f: &Printed) -> Found {
    let period = || {
        let id = f
            .period
            .as_deref()
            .unwrap_or_else(|| panic!("{f:?} needs a period"));
        site.period(id).unwrap_or_else(|| panic!("no period {id}"))
    };
    match f.kind.as_str() {
        "indicator" => {
            let indicator = site
                .indicator(&f.id)
                .unwrap_or_else(|| panic!("no indicator {}", f.id));
            if f.field == "target" {
                return Found::Figure(indicator.target.clone());
            }
            let value = period()
                .value(&f.id)
                .unwrap_or_else(|| panic!("no value for {} in {:?}", f.id, f.period));
            match f.field.as_str() {
                "actual" => Found::Figure(value.actual.clone()),
                "percent" => Found::Figure(value.percent.clone()),
                part => Found::Number(
                    value
                        .breakdown
                        .iter()
                        .find(|(c, _)| c == part)
                        .map(|(_, v)| v.value()),
                ),
            }
        }
        "output" => Found::Figure(period().output_progress.get(&f.id).cloned()),
        "funds" => {
            let row = period()
                .funds
                .iter()
                .find(|r| {
                    r.organisation.as_deref() == Some(f.id.as_str())
                        || (f.id == "total" && r.organisation.is_none())
                })
                .unwrap_or_else(|| panic!("no funds row {}", f.id));
            match f.field.as_str() {
                "committed" => Found::Number(row.committed),
                "committed_percent" => Found::Number(row.committed_percent),
                "disbursed" => Found::Number(row.disbursed),
                "disbursed_percent" => Found::Number(row.disbursed_percent),
                "forecast_final_date" => Found::Date(row.forecast_final_date),
                "delay_months" => Found::Number(row.delay_months),
                other => panic!("unknown funds field {other}"),
            }
        }
        "beneficiaries" => {
            let b = period()
                .beneficiaries
                .iter()
                .find(|b| b.id == f.id)
                .unwrap_or_else(|| panic!("no beneficiaries {}", f.id));
            match f.field.as_str() {
                "target" => Found::Figure(b.target.clone()),
                "actual" => Found::Figure(b.actual.clone()),
                "percent" => Found::Figure(b.percent.clone()),
                other => panic!("unknown beneficiaries field {other}"),
            }
        }
        "programme" => {
            let p = &site.programme;
            match f.field.as_str() {
                "start_date" => Found::Date(p.start_date),
                "completion_date" => Found::Date(p.completion_date),
                "approval_date" => Found::Date(p.approval_date),
                "duration_months" => Found::Number(p.duration_months.map(f64::from)),
                other => panic!("unknown programme field {other}"),
            }
        }
        other => panic!("unknown kind {other}"),
    }
}

fn fixture() -> Fixture {
    let text =
        std::fs::read_to_string(common::repo().join("tests/fixtures/seed_figures.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn every_printed_figure_is_in_the_model_unaltered() {
    let site = Site::load(&common::repo()).unwrap_or_else(|e| panic!("{e}"));
    let fixture = fixture();
    assert!(
        fixture.figure.len() > 200,
        "the fixture lists every figure of the report"
    );
    let mut problems = Vec::new();
    for f in &fixture.figure {
        let expected = parse_printed(&f.printed);
        let ok = match (lookup(&site, f), &expected) {
            (Found::Figure(Some(Figure::Number(n))), Expected::Number(e)) => {
                (n.value() - e).abs() < 1e-9
            }
            (Found::Number(Some(n)), Expected::Number(e)) => (n - e).abs() < 1e-9,
            (Found::Figure(Some(Figure::Term(t))), Expected::Words(w)) => site
                .term(&t)
                .and_then(|term| term.label.get("en"))
                .is_some_and(|label| normalize_words(label) == *w),
            (Found::Date(Some(d)), Expected::Date(e)) => d == *e,
            _ => false,
        };
        if !ok {
            problems.push(format!(
                "{} {} {:?} {}: printed {:?}",
                f.kind, f.id, f.period, f.field, f.printed
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "figures that differ from the report:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_indicator_and_output_of_the_report_is_covered_by_the_fixture() {
    let site = Site::load(&common::repo()).unwrap_or_else(|e| panic!("{e}"));
    let listed: BTreeSet<String> = fixture()
        .figure
        .iter()
        .filter(|f| f.kind == "indicator")
        .map(|f| f.id.clone())
        .collect();
    for i in &site.results.indicators {
        assert!(
            listed.contains(&i.id),
            "indicator {} has no figure in the fidelity fixture",
            i.id
        );
    }
    assert_eq!(
        site.results.indicators.len(),
        51,
        "the report has 51 indicators (1.1.1 to 3.1.10)"
    );
    assert_eq!(site.results.outputs.len(), 6);
}

#[test]
fn every_printed_figure_appears_on_the_built_english_pages() {
    let built = TestSite::example();
    built.build();
    let site = Site::load(&built.root).unwrap();
    let fmt = Formatter::new(site.default_language());
    let mut problems = Vec::new();
    for f in &fixture().figure {
        let (page, shown) = match (f.kind.as_str(), parse_printed(&f.printed)) {
            ("indicator", Expected::Number(n)) => {
                let kind = site.indicator(&f.id).unwrap().kind;
                let shown = if f.field == "percent" || kind == Kind::Percentage {
                    fmt.percent(n)
                } else {
                    fmt.number(n)
                };
                (format!("en/indicators/{}/index.html", f.id), shown)
            }
            ("indicator", Expected::Words(_)) => (
                format!("en/indicators/{}/index.html", f.id),
                f.printed.split_whitespace().collect::<Vec<_>>().join(" "),
            ),
            ("output", Expected::Number(n)) => {
                (format!("en/outputs/{}/index.html", f.id), fmt.percent(n))
            }
            ("funds", Expected::Number(n)) if f.field.ends_with("percent") => {
                ("en/funds/index.html".to_owned(), fmt.percent(n))
            }
            ("funds", Expected::Number(n)) if f.field == "delay_months" => {
                ("en/funds/index.html".to_owned(), fmt.number(n))
            }
            ("funds", Expected::Number(n)) => (
                "en/funds/index.html".to_owned(),
                fmt.money(n, &site.programme.currency),
            ),
            ("funds", Expected::Date(d)) => ("en/funds/index.html".to_owned(), fmt.date(d)),
            ("beneficiaries", Expected::Number(n)) if f.field == "percent" => {
                ("en/beneficiaries/index.html".to_owned(), fmt.percent(n))
            }
            ("beneficiaries", Expected::Number(n)) => {
                ("en/beneficiaries/index.html".to_owned(), fmt.number(n))
            }
            ("beneficiaries", Expected::Words(_)) => {
                ("en/beneficiaries/index.html".to_owned(), f.printed.clone())
            }
            ("programme", Expected::Date(d)) => ("en/funds/index.html".to_owned(), fmt.date(d)),
            ("programme", Expected::Number(n)) => ("en/funds/index.html".to_owned(), fmt.number(n)),
            _ => continue,
        };
        let html = built.read(&page);
        let text = shafaf::render::strip_tags(&html);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.to_lowercase().contains(&shown.to_lowercase()) {
            problems.push(format!(
                "{page}: {} {} {}: expected {shown:?}",
                f.kind, f.id, f.field
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "figures missing from pages:\n{}",
        problems.join("\n")
    );
}
