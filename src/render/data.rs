//! Open data: every figure of the site as files people and programs can reuse.
//!
//! A page shows figures formatted for one language; a researcher, journalist or auditor needs
//! them as data. This renderer writes, under `data/`:
//!
//! - `indicators/ID.csv|.json`: one indicator, every period (target, actual, %, breakdown, notes);
//! - `shafaf-data.csv|.json`: the whole dataset (indicators × periods × disaggregations, outputs'
//!   %, funds, beneficiaries), one record per figure in the CSV ("long" form);
//! - `dictionary.csv`: what every column of every file means (a page per language shows it too);
//! - `labels.LANG.csv`: the localized label of every machine code used in the files;
//! - `licence.txt`: the licence statement of `site.toml`.
//!
//! CSV files follow RFC 4180 (comma, `"` quoting, CRLF line ends), UTF-8 without a byte-order
//! mark. Headers are machine codes, never translated. Numbers are machine numbers (Latin digits,
//! `.` decimal point, no grouping), whatever the site's languages write.
//!
//! The whole dataset is assembled from [`SECTIONS`]: each section contributes its records to the
//! CSV and a key to the JSON. A new kind of record (board decisions' metadata, say) adds a
//! [`Section`] there and its columns to [`DICTIONARY`].

use anyhow::Result;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value as Json};

use super::kept::{Kept, Parts};
use super::views::Localizer;
use super::{RenderContext, RenderedFile, Renderer};
use crate::i18n::{machine_number, whole_number, UiStrings};
use crate::model::{Figure, Indicator, Kind, Number, Period, Site, Text};

/// Writes the open data files under `data/`.
pub struct DataRenderer;

pub use super::pages::route::DATA_DIR;
/// File name of the activity file under `data/`.
pub const IATI_FILE: &str = "iati-activities.xml";
/// File name (without extension) of the whole dataset.
pub const DATASET: &str = "shafaf-data";

/// Columns of the whole dataset's CSV, in order.
pub const DATASET_COLUMNS: &[&str] = &[
    "record",
    "period",
    "period_start",
    "period_end",
    "subject",
    "output",
    "measure",
    "dimension",
    "category",
    "value",
    "term",
    "date",
];

/// One figure of the whole dataset: a row of `shafaf-data.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// What kind of thing the figure is about: `indicator`, `output`, `funds`, `beneficiaries`.
    pub record: &'static str,
    /// Period id, empty for figures that belong to no period (an indicator's target).
    pub period: String,
    /// Period's first day.
    pub period_start: String,
    /// Period's last day.
    pub period_end: String,
    /// Id of the indicator, output, organisation (`total` for all) or beneficiary group.
    pub subject: String,
    /// Id of the output the subject belongs to, for indicators.
    pub output: String,
    /// What the figure measures (`target`, `actual`, `percent`, `committed`, …).
    pub measure: &'static str,
    /// Dimension id, for a part of a breakdown.
    pub dimension: String,
    /// Category id, for a part of a breakdown.
    pub category: String,
    /// The figure, as a machine number.
    pub value: String,
    /// The term id, when the figure is a word.
    pub term: String,
    /// A date, for measures that are dates (`forecast_final_date`).
    pub date: String,
}

impl Record {
    fn fields(&self) -> [&str; 12] {
        [
            self.record,
            &self.period,
            &self.period_start,
            &self.period_end,
            &self.subject,
            &self.output,
            self.measure,
            &self.dimension,
            &self.category,
            &self.value,
            &self.term,
            &self.date,
        ]
    }
}

/// Things made one at a time as they are read, so that a section of ten thousand indicators is
/// never held whole.
pub type Items<'a, T> = Box<dyn Iterator<Item = T> + 'a>;

/// A part of the whole dataset: its key in the JSON and its records in the CSV.
pub struct Section {
    /// Key of the section in `shafaf-data.json`.
    pub key: &'static str,
    /// The items of the section's JSON array.
    pub json: fn(&Site) -> Items<'_, Json>,
    /// The section's records for `shafaf-data.csv`.
    pub records: fn(&Site) -> Items<'_, Record>,
}

/// A section's JSON array, written item by item as it is made; the indicators' items as kept,
/// when they are.
struct SectionJson<'a>(&'a Section, &'a Site, Option<&'a Parts<Fragment>>);

impl serde::Serialize for SectionJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.2.filter(|_| self.0.key == INDICATORS) {
            Some(kept) => {
                let items = self.1.results.indicators.iter();
                serializer.collect_seq(items.map(|i| &kept[&i.id].json))
            }
            None => serializer.collect_seq((self.0.json)(self.1)),
        }
    }
}

/// Key of the indicators' section.
const INDICATORS: &str = "indicators";

/// One indicator's part of the whole dataset, as written: its CSV records and its JSON item
/// (indented for its place in `shafaf-data.json`).
#[derive(Debug)]
pub struct Fragment {
    csv: Vec<u8>,
    json: Box<RawValue>,
}

impl Fragment {
    /// Makes the part of indicator `i`.
    pub fn of(site: &Site, i: &Indicator) -> Result<Fragment> {
        let mut w = csv_writer(Vec::new());
        write_records(&mut w, records_of_indicator(site, i))?;
        let csv = csv_written(w)?;
        // Items of a section sit two levels deep in the pretty-printed file.
        let json = serde_json::to_string_pretty(&indicator_json(site, i))?.replace('\n', "\n    ");
        Ok(Fragment {
            csv,
            json: RawValue::from_string(json)?,
        })
    }
}

/// What `serve` keeps between runs: the indicators' parts of the whole dataset and of the
/// IATI activity file.
#[derive(Debug, Default)]
pub struct KeptParts {
    /// Of `shafaf-data.csv` and `.json`.
    pub data: Kept<Fragment>,
    /// Of `iati-activities.xml`.
    pub iati: Kept<String>,
}

/// The sections of the whole dataset, in order.
pub const SECTIONS: &[Section] = &[
    Section {
        key: INDICATORS,
        json: indicators_json,
        records: indicator_records,
    },
    Section {
        key: "outputs",
        json: outputs_json,
        records: output_records,
    },
    Section {
        key: "funds",
        json: funds_json,
        records: funds_records,
    },
    Section {
        key: "beneficiaries",
        json: beneficiaries_json,
        records: beneficiaries_records,
    },
    Section {
        key: "decisions",
        json: decisions_json,
        records: decision_records,
    },
];

/// A column of a data file: the file pattern, the column's code, its type and the interface
/// string (under `opendata.col.`) that describes it.
pub struct Column {
    /// File (or file pattern) the column belongs to.
    pub file: &'static str,
    /// Header code.
    pub code: &'static str,
    /// Type: `code`, `number`, `date`, `text`.
    pub kind: &'static str,
}

/// Every column of every CSV file, for the data dictionary. Descriptions are the interface
/// strings `opendata.col.CODE`.
pub const DICTIONARY: &[Column] = &[
    Column {
        file: "shafaf-data.csv",
        code: "record",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "period",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "period_start",
        kind: "date",
    },
    Column {
        file: "shafaf-data.csv",
        code: "period_end",
        kind: "date",
    },
    Column {
        file: "shafaf-data.csv",
        code: "subject",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "output",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "measure",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "dimension",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "category",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "value",
        kind: "number",
    },
    Column {
        file: "shafaf-data.csv",
        code: "term",
        kind: "code",
    },
    Column {
        file: "shafaf-data.csv",
        code: "date",
        kind: "date",
    },
    Column {
        file: "indicators/ID.csv",
        code: "indicator",
        kind: "code",
    },
    Column {
        file: "indicators/ID.csv",
        code: "period",
        kind: "code",
    },
    Column {
        file: "indicators/ID.csv",
        code: "period_start",
        kind: "date",
    },
    Column {
        file: "indicators/ID.csv",
        code: "period_end",
        kind: "date",
    },
    Column {
        file: "indicators/ID.csv",
        code: "target",
        kind: "number",
    },
    Column {
        file: "indicators/ID.csv",
        code: "target_term",
        kind: "code",
    },
    Column {
        file: "indicators/ID.csv",
        code: "actual",
        kind: "number",
    },
    Column {
        file: "indicators/ID.csv",
        code: "actual_term",
        kind: "code",
    },
    Column {
        file: "indicators/ID.csv",
        code: "percent",
        kind: "number",
    },
    Column {
        file: "indicators/ID.csv",
        code: "percent_term",
        kind: "code",
    },
    Column {
        file: "indicators/ID.csv",
        code: "DIMENSION_CATEGORY",
        kind: "number",
    },
    Column {
        file: "indicators/ID.csv",
        code: "notes",
        kind: "text",
    },
    Column {
        file: "labels.LANG.csv",
        code: "kind",
        kind: "code",
    },
    Column {
        file: "labels.LANG.csv",
        code: "code",
        kind: "code",
    },
    Column {
        file: "labels.LANG.csv",
        code: "label",
        kind: "text",
    },
    Column {
        file: "dictionary.csv",
        code: "file",
        kind: "text",
    },
    Column {
        file: "dictionary.csv",
        code: "column",
        kind: "code",
    },
    Column {
        file: "dictionary.csv",
        code: "type",
        kind: "code",
    },
    Column {
        file: "dictionary.csv",
        code: "description",
        kind: "text",
    },
];

/// The codes of the `record` column.
pub const RECORD_KINDS: &[&str] = &["indicator", "output", "funds", "beneficiaries", "decision"];
/// The codes of the `measure` column.
pub const MEASURES: &[&str] = &[
    "baseline",
    "target",
    "actual",
    "percent",
    "percent_computed",
    "assessment",
    "approved",
    "committed",
    "committed_percent",
    "disbursed",
    "disbursed_percent",
    "forecast_final_date",
    "delay_months",
    "adopted",
    "published",
    "status",
];

/// Each indicator's own data files, as CSV and JSON, made in parallel.
fn indicator_files(ctx: &RenderContext<'_>, sink: &super::Sink<'_>) -> Result<()> {
    use rayon::prelude::*;
    let site = ctx.site;
    let wanted = site
        .results
        .indicators
        .par_iter()
        .filter(|i| ctx.scope.wants_data(Some(&i.id)));
    wanted.try_for_each(|i| {
        sink(RenderedFile {
            path: format!("{DATA_DIR}/indicators/{}.csv", i.id),
            bytes: indicator_csv(site, i)?,
        })?;
        let mut doc = indicator_json(site, i);
        if let Some(obj) = doc.as_object_mut() {
            obj.insert(
                "licence".into(),
                opt_text_json(site.config.licence.as_ref()),
            );
        }
        sink(json_file(
            format!("{DATA_DIR}/indicators/{}.json", i.id),
            &doc,
        )?)
    })
}

impl Renderer for DataRenderer {
    fn name(&self) -> &'static str {
        "data"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        super::collect(|sink| self.render_to(ctx, sink))
    }

    /// Hands each file over as soon as it is made: the per-indicator files in parallel, beside
    /// the whole dataset as CSV and then as JSON (at scale the largest files of the site: made
    /// one after the other, so that only one of them is in memory at a time).
    fn render_to(&self, ctx: &RenderContext<'_>, sink: &super::Sink<'_>) -> Result<()> {
        let site = ctx.site;
        // The indicators' parts as kept between runs, when they are (in `serve`).
        let kept = match &ctx.kept_parts {
            Some(k) => Some(k.data.parts(site, ctx.scope, |i| Fragment::of(site, i))?),
            None => None,
        };
        let kept = kept.as_ref();
        let whole = || -> Result<()> {
            sink(RenderedFile {
                path: format!("{DATA_DIR}/{DATASET}.csv"),
                bytes: dataset_csv(site, kept)?,
            })?;
            sink(RenderedFile {
                path: format!("{DATA_DIR}/{DATASET}.json"),
                bytes: dataset_json(site, &ctx.base_url, kept)?,
            })
        };
        let (each, whole) = rayon::join(|| indicator_files(ctx, sink), whole);
        each.and(whole)?;
        sink(RenderedFile {
            path: format!("{DATA_DIR}/dictionary.csv"),
            bytes: dictionary_csv(site, &ctx.theme.ui, &site.config.default_language)?,
        })?;
        for lang in &site.config.languages {
            sink(RenderedFile {
                path: format!("{DATA_DIR}/labels.{}.csv", lang.code),
                bytes: labels_csv(site, &ctx.theme.ui, &lang.code)?,
            })?;
        }
        sink(RenderedFile::text(
            format!("{DATA_DIR}/licence.txt"),
            licence_text(site),
        ))
    }
}

fn json_file(path: String, value: &Json) -> Result<RenderedFile> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(RenderedFile { path, bytes })
}

/// A number as JSON: an integer when it is one.
fn num_json(n: f64) -> Json {
    match whole_number(n) {
        Some(i) => json!(i),
        None => serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number),
    }
}

/// A number as written, as a JSON number: whole numbers exactly (also past 2^53), fractions
/// as the nearest double (the CSV files keep every digit as written).
fn number_json(n: &Number) -> Json {
    n.as_str()
        .parse::<serde_json::Number>()
        .map_or_else(|_| num_json(n.value()), Json::Number)
}

fn figure_json(f: Option<&Figure>) -> Json {
    match f {
        None => Json::Null,
        Some(Figure::Number(n)) => number_json(n),
        Some(Figure::Term(t)) => json!({ "term": t }),
    }
}

/// A text as a JSON object keyed by language code (only the languages it is written in).
fn text_json(t: &Text) -> Json {
    let mut m = Map::new();
    for lang in t.languages() {
        if let Some(s) = t.get(lang) {
            m.insert(lang.to_owned(), Json::String(s.to_owned()));
        }
    }
    Json::Object(m)
}

fn opt_text_json(t: Option<&Text>) -> Json {
    t.map_or(Json::Null, text_json)
}

fn texts_json(ts: &[Text]) -> Json {
    Json::Array(ts.iter().map(text_json).collect())
}

/// The `(value, term)` columns of a figure.
fn figure_cells(f: Option<&Figure>) -> (String, String) {
    match f {
        None => (String::new(), String::new()),
        Some(Figure::Number(n)) => (n.as_str().to_owned(), String::new()),
        Some(Figure::Term(t)) => (String::new(), t.clone()),
    }
}

/// A CSV cell safe to open in a spreadsheet: text beginning with `=`, `+`, `-`, `@`, a tab or
/// a carriage return, which spreadsheets run as a formula, gets a leading `'` (OWASP's rule).
/// Numbers such as `-5` or `+1.5` are left as they are.
fn csv_cell(cell: &str) -> std::borrow::Cow<'_, [u8]> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // Read as a number only when it is risky: the dataset has millions of cells.
    let number = || {
        cell.parse::<f64>().is_ok_and(f64::is_finite)
            && cell[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    if risky && !number() {
        format!("'{cell}").into_bytes().into()
    } else {
        cell.as_bytes().into()
    }
}

fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.iter().map(|c| csv_cell(c)))?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The category ids of an indicator's dimension.
fn categories<'a>(site: &'a Site, i: &Indicator) -> Vec<(&'a str, &'a str)> {
    i.disaggregation
        .as_deref()
        .and_then(|d| site.dimension(d))
        .map(|d| {
            d.categories
                .iter()
                .map(|c| (d.id.as_str(), c.id.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

/// The default-language notes of a value, joined.
fn notes_plain(site: &Site, notes: &[Text]) -> String {
    let d = &site.config.default_language;
    notes
        .iter()
        .map(|t| t.resolve(d, d).text)
        .collect::<Vec<_>>()
        .join(" ")
}

fn indicator_csv(site: &Site, i: &Indicator) -> Result<Vec<u8>> {
    let cats = categories(site, i);
    let mut header: Vec<String> = [
        "indicator",
        "period",
        "period_start",
        "period_end",
        "target",
        "target_term",
        "actual",
        "actual_term",
        "percent",
        "percent_term",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(cats.iter().map(|(d, c)| format!("{d}_{c}")));
    header.push("notes".into());
    let (target, target_term) = figure_cells(i.target.as_ref());
    let rows = site.history(&i.id).map(|(p, v)| {
        let (actual, actual_term) = figure_cells(v.actual.as_ref());
        let (percent, percent_term) = figure_cells(v.percent.as_ref());
        let mut row = vec![
            i.id.clone(),
            p.id.clone(),
            p.start.to_string(),
            p.end.to_string(),
            target.clone(),
            target_term.clone(),
            actual,
            actual_term,
            percent,
            percent_term,
        ];
        for (_, c) in &cats {
            row.push(
                v.breakdown
                    .iter()
                    .find(|(id, _)| id == c)
                    .map(|(_, n)| n.as_str().to_owned())
                    .unwrap_or_default(),
            );
        }
        row.push(notes_plain(site, &v.notes));
        row
    });
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_bytes(&header, rows)
}

fn period_json(p: &Period) -> Json {
    json!({
        "id": p.id,
        "label": text_json(&p.label),
        "start": p.start.to_string(),
        "end": p.end.to_string(),
        "source": opt_text_json(p.source.as_ref()),
    })
}

/// One indicator with every reported period.
pub fn indicator_json(site: &Site, i: &Indicator) -> Json {
    let kind = match i.kind {
        Kind::Count => "count",
        Kind::Percentage => "percentage",
        Kind::Milestone => "milestone",
        Kind::Money => "money",
    };
    let periods: Vec<Json> = site
        .history(&i.id)
        .map(|(p, v)| {
            let breakdown: Map<String, Json> = v
                .breakdown
                .iter()
                .map(|(c, n)| (c.clone(), number_json(n)))
                .collect();
            json!({
                "period": p.id,
                "start": p.start.to_string(),
                "end": p.end.to_string(),
                "target": figure_json(v.target.as_ref()),
                "actual": figure_json(v.actual.as_ref()),
                "percent": figure_json(v.percent.as_ref()),
                "percent_computed": v.computed_percent.map(crate::model::consistency::round1),
                "assessment": v.assessment.map(|a| a.as_str()),
                "breakdown": breakdown,
                "notes": texts_json(&v.notes),
            })
        })
        .collect();
    let footnotes: Vec<Json> = i
        .footnotes
        .iter()
        .filter_map(|id| site.footnote(id))
        .map(|f| json!({ "id": f.id, "marker": f.marker, "text": text_json(&f.text) }))
        .collect();
    json!({
        "indicator": i.id,
        "output": i.output,
        "programme_output": site.output(&i.output).map(|o| o.programme_output.clone()),
        "kind": kind,
        "title": text_json(&i.title),
        "reported_title": opt_text_json(i.reported_title.as_ref()),
        "disaggregation": i.disaggregation,
        "target": figure_json(i.target.as_ref()),
        "baseline": i.baseline.as_ref().map(|b| json!({
            "value": figure_json(Some(&b.value)),
            "date": b.date.map(|d| d.to_string()),
            "notes": texts_json(&b.notes),
        })),
        "direction": i.direction.as_str(),
        "unit": i.unit.as_deref().and_then(|u| site.unit(u)).map(|u| json!({ "id": u.id, "label": text_json(&u.label) })),
        "currency": i.currency,
        "footnotes": footnotes,
        "notes": texts_json(&i.notes),
        "periods": periods,
    })
}

fn indicators_json(site: &Site) -> Items<'_, Json> {
    Box::new(
        site.results
            .indicators
            .iter()
            .map(move |i| indicator_json(site, i)),
    )
}

fn period_cells(p: &Period, r: &mut Record) {
    r.period = p.id.clone();
    r.period_start = p.start.to_string();
    r.period_end = p.end.to_string();
}

fn figure_record(base: &Record, measure: &'static str, f: Option<&Figure>) -> Option<Record> {
    let (value, term) = figure_cells(Some(f?));
    Some(Record {
        measure,
        value,
        term,
        ..base.clone()
    })
}

fn indicator_records(site: &Site) -> Items<'_, Record> {
    Box::new(
        site.results
            .indicators
            .iter()
            .flat_map(move |i| records_of_indicator(site, i)),
    )
}

/// One indicator's records: its target, then per period its actual, breakdown and percent.
fn records_of_indicator(site: &Site, i: &Indicator) -> Vec<Record> {
    let mut out = Vec::new();
    let base = Record {
        record: "indicator",
        subject: i.id.clone(),
        output: i.output.clone(),
        ..Record::default()
    };
    if let Some(bl) = &i.baseline {
        let mut b = base.clone();
        b.date = bl.date.map(|d| d.to_string()).unwrap_or_default();
        out.extend(figure_record(&b, "baseline", Some(&bl.value)));
    }
    out.extend(figure_record(&base, "target", i.target.as_ref()));
    let dimension = i.disaggregation.clone().unwrap_or_default();
    for (p, v) in site.history(&i.id) {
        let mut b = base.clone();
        period_cells(p, &mut b);
        out.extend(figure_record(&b, "target", v.target.as_ref()));
        out.extend(figure_record(&b, "actual", v.actual.as_ref()));
        if let Some(c) = v.computed_percent {
            out.push(Record {
                measure: "percent_computed",
                value: machine_number(crate::model::consistency::round1(c)),
                ..b.clone()
            });
        }
        if let Some(a) = v.assessment {
            out.push(Record {
                measure: "assessment",
                term: a.as_str().to_owned(),
                ..b.clone()
            });
        }
        for (c, n) in &v.breakdown {
            out.push(Record {
                measure: "actual",
                dimension: dimension.clone(),
                category: c.clone(),
                value: n.as_str().to_owned(),
                ..b.clone()
            });
        }
        out.extend(figure_record(&b, "percent", v.percent.as_ref()));
    }
    out
}

fn outputs_json(site: &Site) -> Items<'_, Json> {
    Box::new(site.results.outputs.iter().map(move |o| {
        let progress: Map<String, Json> = site
            .periods
            .iter()
            .filter_map(|p| {
                p.output_progress
                    .get(&o.id)
                    .map(|f| (p.id.clone(), figure_json(Some(f))))
            })
            .collect();
        json!({
            "output": o.id,
            "programme_output": o.programme_output,
            "lead": o.lead,
            "with": o.with,
            "title": text_json(&o.title),
            "reported_title": opt_text_json(o.reported_title.as_ref()),
            "percent": progress,
        })
    }))
}

fn output_records(site: &Site) -> Items<'_, Record> {
    let mut out = Vec::new();
    for p in &site.periods {
        for o in &site.results.outputs {
            let mut b = Record {
                record: "output",
                subject: o.id.clone(),
                ..Record::default()
            };
            period_cells(p, &mut b);
            out.extend(figure_record(&b, "percent", p.output_progress.get(&o.id)));
        }
    }
    Box::new(out.into_iter())
}

fn funds_json(site: &Site) -> Items<'_, Json> {
    let mut rows = Vec::new();
    for p in &site.periods {
        for f in &p.funds {
            let opt = |n: Option<f64>| n.map_or(Json::Null, num_json);
            rows.push(json!({
                "period": p.id,
                "organisation": f.organisation.as_deref().unwrap_or("total"),
                "approved": opt(f.approved),
                "committed": opt(f.committed),
                "committed_percent": opt(f.committed_percent),
                "disbursed": opt(f.disbursed),
                "disbursed_percent": opt(f.disbursed_percent),
                "forecast_final_date": f.forecast_final_date.map(|d| d.to_string()),
                "delay_months": opt(f.delay_months),
                "notes": texts_json(&f.notes),
            }));
        }
    }
    Box::new(rows.into_iter())
}

fn funds_records(site: &Site) -> Items<'_, Record> {
    let mut out = Vec::new();
    for p in &site.periods {
        for f in &p.funds {
            let mut b = Record {
                record: "funds",
                subject: f.organisation.clone().unwrap_or_else(|| "total".into()),
                ..Record::default()
            };
            period_cells(p, &mut b);
            let numbers = [
                ("approved", f.approved),
                ("committed", f.committed),
                ("committed_percent", f.committed_percent),
                ("disbursed", f.disbursed),
                ("disbursed_percent", f.disbursed_percent),
                ("delay_months", f.delay_months),
            ];
            for (measure, n) in numbers {
                if let Some(n) = n {
                    out.push(Record {
                        measure,
                        value: machine_number(n),
                        ..b.clone()
                    });
                }
            }
            if let Some(d) = f.forecast_final_date {
                out.push(Record {
                    measure: "forecast_final_date",
                    date: d.to_string(),
                    ..b.clone()
                });
            }
        }
    }
    Box::new(out.into_iter())
}

fn beneficiaries_json(site: &Site) -> Items<'_, Json> {
    let mut rows = Vec::new();
    for p in &site.periods {
        for b in &p.beneficiaries {
            rows.push(json!({
                "period": p.id,
                "group": b.id,
                "label": text_json(&b.label),
                "target": figure_json(b.target.as_ref()),
                "actual": figure_json(b.actual.as_ref()),
                "percent": figure_json(b.percent.as_ref()),
                "notes": texts_json(&b.notes),
            }));
        }
    }
    Box::new(rows.into_iter())
}

fn beneficiaries_records(site: &Site) -> Items<'_, Record> {
    let mut out = Vec::new();
    for p in &site.periods {
        for g in &p.beneficiaries {
            let mut b = Record {
                record: "beneficiaries",
                subject: g.id.clone(),
                ..Record::default()
            };
            period_cells(p, &mut b);
            out.extend(figure_record(&b, "target", g.target.as_ref()));
            out.extend(figure_record(&b, "actual", g.actual.as_ref()));
            out.extend(figure_record(&b, "percent", g.percent.as_ref()));
        }
    }
    Box::new(out.into_iter())
}

/// Board decisions' metadata: number, titles, dates, status, category and links.
fn decisions_json(site: &Site) -> Items<'_, Json> {
    Box::new(site.decisions.list.iter().map(|d| {
        let titles: Map<String, Json> = d
            .text
            .docs
            .iter()
            .filter_map(|(lang, doc)| Some((lang.clone(), Json::String(doc.title.clone()?))))
            .collect();
        let published: Map<String, Json> = d
            .published
            .iter()
            .map(|(lang, date)| {
                (
                    lang.clone(),
                    json!({ "date": date.to_string(), "delay_days": d.delay_days(lang) }),
                )
            })
            .collect();
        json!({
            "number": d.number,
            "title": titles,
            "adopted": d.adopted.to_string(),
            "published": published,
            "status": d.status.as_str(),
            "category": d.category,
            "session": d.session,
            "authoritative": d.authoritative,
            "amends": d.amends,
            "amended_by": d.amended_by,
            "repeals": d.repeals,
            "repealed_by": d.repealed_by,
            "example": d.example,
        })
    }))
}

/// A decision's adoption date, its status, and per language its publication date with the
/// delay in days as the value.
fn decision_records(site: &Site) -> Items<'_, Record> {
    let mut out = Vec::new();
    for d in &site.decisions.list {
        let base = Record {
            record: "decision",
            subject: d.number.clone(),
            ..Record::default()
        };
        out.push(Record {
            measure: "adopted",
            date: d.adopted.to_string(),
            ..base.clone()
        });
        for (lang, date) in &d.published {
            out.push(Record {
                measure: "published",
                dimension: "language".to_owned(),
                category: lang.clone(),
                date: date.to_string(),
                value: d
                    .delay_days(lang)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                ..base.clone()
            });
        }
        out.push(Record {
            measure: "status",
            term: d.status.as_str().to_owned(),
            ..base
        });
    }
    Box::new(out.into_iter())
}

/// The whole dataset as CSV, section by section, each record written as it is made.
/// A CSV writer of the dataset's dialect, writing after `bytes`.
fn csv_writer(bytes: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(bytes)
}

/// Writes `records` as rows of the whole dataset.
fn write_records(
    w: &mut csv::Writer<Vec<u8>>,
    records: impl IntoIterator<Item = Record>,
) -> Result<()> {
    for r in records {
        w.write_record(r.fields().map(|c| csv_cell(c)))?;
    }
    Ok(())
}

/// The bytes a CSV writer wrote.
fn csv_written(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The whole dataset as CSV; the indicators' records as `kept`, when they are.
fn dataset_csv(site: &Site, kept: Option<&Parts<Fragment>>) -> Result<Vec<u8>> {
    let mut w = csv_writer(Vec::new());
    w.write_record(DATASET_COLUMNS)?;
    for section in SECTIONS {
        if let Some(kept) = kept.filter(|_| section.key == INDICATORS) {
            let mut bytes = csv_written(w)?;
            bytes.reserve(kept.values().map(|f| f.csv.len()).sum());
            for i in &site.results.indicators {
                bytes.extend_from_slice(&kept[&i.id].csv);
            }
            w = csv_writer(bytes);
            continue;
        }
        write_records(&mut w, (section.records)(site))?;
    }
    csv_written(w)
}

/// The whole dataset as JSON (keys in alphabetical order, as a `serde_json` map writes them),
/// each section's items made as they are written.
fn dataset_json(site: &Site, base_url: &str, kept: Option<&Parts<Fragment>>) -> Result<Vec<u8>> {
    use serde::ser::{SerializeMap, Serializer as _};
    let head = dataset_head(site, base_url);
    let mut keys: Vec<&str> = head.keys().map(String::as_str).collect();
    keys.extend(SECTIONS.iter().map(|s| s.key));
    keys.sort_unstable();
    // Room for the kept items at once, rather than growing by copies.
    let kept_bytes: usize = kept.map_or(0, |k| k.values().map(|f| f.json.get().len()).sum());
    let mut bytes = Vec::with_capacity(kept_bytes);
    let mut ser = serde_json::Serializer::pretty(&mut bytes);
    let mut map = ser.serialize_map(Some(keys.len()))?;
    for key in keys {
        match (head.get(key), SECTIONS.iter().find(|s| s.key == key)) {
            (Some(value), _) => map.serialize_entry(key, value)?,
            (None, Some(section)) => map.serialize_entry(key, &SectionJson(section, site, kept))?,
            (None, None) => {}
        }
    }
    map.end()?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The dataset's description: everything in `shafaf-data.json` but the sections of figures.
fn dataset_head(site: &Site, base_url: &str) -> Map<String, Json> {
    let p = &site.programme;
    let mut doc = Map::new();
    doc.insert("title".into(), text_json(&site.config.title));
    doc.insert("url".into(), json!(base_url));
    doc.insert(
        "licence".into(),
        opt_text_json(site.config.licence.as_ref()),
    );
    doc.insert(
        "programme".into(),
        json!({
            "title": text_json(&p.title),
            "approval_date": p.approval_date.map(|d| d.to_string()),
            "start_date": p.start_date.map(|d| d.to_string()),
            "completion_date": p.completion_date.map(|d| d.to_string()),
            "duration_months": p.duration_months,
            "currency": p.currency,
        }),
    );
    doc.insert(
        "organisations".into(),
        Json::Array(
            p.organisations
                .iter()
                .map(|o| {
                    json!({ "id": o.id, "acronym": o.acronym, "name": text_json(&o.name), "role": o.role })
                })
                .collect(),
        ),
    );
    doc.insert(
        "periods".into(),
        Json::Array(site.periods.iter().map(period_json).collect()),
    );
    doc.insert(
        "programme_outputs".into(),
        Json::Array(
            site.results
                .programme_outputs
                .iter()
                .map(|po| json!({ "id": po.id, "title": text_json(&po.title) }))
                .collect(),
        ),
    );
    doc.insert(
        "dimensions".into(),
        Json::Array(
            site.results
                .dimensions
                .iter()
                .map(|d| {
                    let cats: Vec<Json> = d
                        .categories
                        .iter()
                        .map(|c| json!({ "id": c.id, "label": text_json(&c.label) }))
                        .collect();
                    json!({ "id": d.id, "label": text_json(&d.label), "categories": cats })
                })
                .collect(),
        ),
    );
    let terms: Map<String, Json> = site
        .results
        .terms
        .values()
        .map(|t| {
            (
                t.id.clone(),
                json!({ "label": text_json(&t.label), "stage": t.stage }),
            )
        })
        .collect();
    doc.insert("terms".into(), Json::Object(terms));
    doc
}

/// An interface string in `lang` (falling back to the default language), or the key itself.
fn ui<'a>(ui: &'a UiStrings, lang: &str, key: &'a str) -> &'a str {
    ui.get(lang, key).map_or(key, |(s, _)| s)
}

/// The interface-string key describing column `code`.
pub fn column_key(code: &str) -> String {
    format!("opendata.col.{}", code.to_ascii_lowercase())
}

fn dictionary_csv(site: &Site, strings: &UiStrings, lang: &str) -> Result<Vec<u8>> {
    let rows = DICTIONARY.iter().map(|c| {
        let key = column_key(c.code);
        vec![
            c.file.to_owned(),
            c.code.to_owned(),
            c.kind.to_owned(),
            strings
                .get(lang, &key)
                .map_or(String::new(), |(s, _)| s.to_owned()),
        ]
    });
    let breakdowns = breakdown_columns(site, strings, lang).into_iter().map(|b| {
        vec![
            b.file.to_owned(),
            b.code,
            "number".to_owned(),
            b.description,
        ]
    });
    csv_bytes(
        &["file", "column", "type", "description"],
        rows.chain(breakdowns),
    )
}

/// A dictionary row for the columns of one breakdown (`sex_male`, `sex_female`).
struct BreakdownColumns {
    file: &'static str,
    code: String,
    description: String,
    /// Whether the description is the default language's, in `lang`'s stead.
    fell_back: bool,
}

/// One dictionary row per dimension of the site, describing it by its own name and categories
/// in `lang` (`opendata.col.breakdown`).
fn breakdown_columns(site: &Site, strings: &UiStrings, lang: &str) -> Vec<BreakdownColumns> {
    let d = &site.config.default_language;
    let Some((template, fell_back)) = strings.get(lang, "opendata.col.breakdown") else {
        return Vec::new();
    };
    // Labels in the string's own language, so that one row does not mix two languages.
    let in_lang = if fell_back { d.as_str() } else { lang };
    let sep = strings.get(lang, "punct.sep").map_or(", ", |s| s.0);
    site.results
        .dimensions
        .iter()
        .map(|dim| {
            let columns: Vec<String> = dim
                .categories
                .iter()
                .map(|c| format!("{}_{} ({})", dim.id, c.id, c.label.resolve(in_lang, d).text))
                .collect();
            BreakdownColumns {
                file: "indicators/ID.csv",
                code: format!("{}_CATEGORY", dim.id),
                description: template
                    .replace("{dimension}", dim.label.resolve(in_lang, d).text)
                    .replace("{columns}", &columns.join(sep)),
                fell_back,
            }
        })
        .collect()
}

/// Every machine code used in the data files with its label in `lang`, as (kind, code, label).
pub fn labels(site: &Site, strings: &UiStrings, lang: &str) -> Vec<(&'static str, String, String)> {
    let d = &site.config.default_language;
    let t = |x: &Text| x.resolve(lang, d).text.to_owned();
    let mut out: Vec<(&'static str, String, String)> = Vec::new();
    let mut seen_columns = std::collections::BTreeSet::new();
    for c in DICTIONARY {
        if seen_columns.insert(c.code) {
            out.push((
                "column",
                c.code.to_owned(),
                ui(
                    strings,
                    lang,
                    &format!("opendata.label.{}", c.code.to_ascii_lowercase()),
                )
                .to_owned(),
            ));
        }
    }
    for r in RECORD_KINDS {
        out.push((
            "record",
            (*r).to_owned(),
            ui(strings, lang, &format!("opendata.record.{r}")).to_owned(),
        ));
    }
    for m in MEASURES {
        out.push((
            "measure",
            (*m).to_owned(),
            ui(strings, lang, &format!("opendata.measure.{m}")).to_owned(),
        ));
    }
    for p in &site.periods {
        out.push(("period", p.id.clone(), t(&p.label)));
    }
    for po in &site.results.programme_outputs {
        out.push(("programme_output", po.id.clone(), t(&po.title)));
    }
    for o in &site.results.outputs {
        out.push(("output", o.id.clone(), t(&o.title)));
    }
    for i in &site.results.indicators {
        out.push(("indicator", i.id.clone(), t(&i.title)));
    }
    for dim in &site.results.dimensions {
        out.push(("dimension", dim.id.clone(), t(&dim.label)));
        for c in &dim.categories {
            out.push(("category", c.id.clone(), t(&c.label)));
        }
    }
    for term in site.results.terms.values() {
        out.push(("term", term.id.clone(), t(&term.label)));
    }
    for o in &site.programme.organisations {
        out.push(("organisation", o.id.clone(), t(&o.name)));
    }
    out.push((
        "organisation",
        "total".into(),
        ui(strings, lang, "opendata.total").to_owned(),
    ));
    let mut groups = std::collections::BTreeSet::new();
    for p in site.periods.iter().rev() {
        for b in &p.beneficiaries {
            if groups.insert(b.id.clone()) {
                out.push(("beneficiaries", b.id.clone(), t(&b.label)));
            }
        }
    }
    out
}

fn labels_csv(site: &Site, strings: &UiStrings, lang: &str) -> Result<Vec<u8>> {
    let rows = labels(site, strings, lang)
        .into_iter()
        .map(|(k, c, l)| vec![k.to_owned(), c, l]);
    csv_bytes(&["kind", "code", "label"], rows)
}

/// The licence statement in every language it is written in, one paragraph each.
fn licence_text(site: &Site) -> String {
    let Some(l) = &site.config.licence else {
        return "No licence statement was given in content/site.toml.\n".into();
    };
    let mut out = String::new();
    for lang in &site.config.languages {
        if let Some(s) = l.get(&lang.code) {
            out.push_str(&format!("[{}] {}\n\n", lang.code, s.trim()));
        }
    }
    out
}

/// One download on the data page: a path under the output root and its label.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Download {
    /// Path under the output root (`data/shafaf-data.csv`).
    pub path: String,
    /// Label in the page's language.
    pub label: String,
}

/// The context of the data page (`LANG/data/`) in one language: downloads, licence and the
/// data dictionary with localized descriptions.
pub fn page_context(l: &Localizer<'_>) -> minijinja::Value {
    let site = l.site;
    let mut downloads = vec![
        Download {
            path: format!("{DATA_DIR}/{DATASET}.csv"),
            label: l.ui("opendata.dataset_csv"),
        },
        Download {
            path: format!("{DATA_DIR}/{DATASET}.json"),
            label: l.ui("opendata.dataset_json"),
        },
        Download {
            path: format!("{DATA_DIR}/dictionary.csv"),
            label: l.ui("opendata.dictionary_csv"),
        },
    ];
    for lang in &site.config.languages {
        downloads.push(Download {
            path: format!("{DATA_DIR}/labels.{}.csv", lang.code),
            label: l
                .ui("opendata.labels_csv")
                .replace("{language}", &lang.name),
        });
    }
    downloads.push(Download {
        path: format!("{DATA_DIR}/{}", IATI_FILE),
        label: l.ui("opendata.iati"),
    });
    let mut dictionary: Vec<minijinja::Value> = DICTIONARY
        .iter()
        .map(|c| {
            minijinja::context! {
                file => c.file,
                code => c.code,
                kind => c.kind,
                description => l.ui_html(&column_key(c.code)),
            }
        })
        .collect();
    let (fallback_lang, fallback_dir) = l.ui.fallback_marks();
    for b in breakdown_columns(site, l.ui, &l.lang.code) {
        let text = minijinja::HtmlEscape(&b.description).to_string();
        let description = if b.fell_back {
            format!("<span lang=\"{fallback_lang}\" dir=\"{fallback_dir}\">{text}</span>")
        } else {
            text
        };
        dictionary.push(minijinja::context! {
            file => b.file,
            code => b.code,
            kind => "number",
            description => minijinja::Value::from_safe_string(description),
        });
    }
    minijinja::context! {
        downloads => minijinja::Value::from(minijinja::value::Serde(downloads)),
        licence => l.opt_text(site.config.licence.as_ref()),
        dictionary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_spreadsheets_would_run_are_neutralised() {
        let csv_cell = |c: &str| String::from_utf8(super::csv_cell(c).into_owned()).unwrap();
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("+cmd"), "'+cmd");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("\t=1"), "'\t=1");
        assert_eq!(csv_cell("\r=1"), "'\r=1");
        assert_eq!(csv_cell("-5"), "-5");
        assert_eq!(csv_cell("-0.25"), "-0.25");
        assert_eq!(csv_cell("a=b"), "a=b");
        let bytes = csv_bytes(&["label"], [vec!["=1+1".to_owned()]]).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "label\r\n'=1+1\r\n");
    }

    #[test]
    fn csv_quotes_per_rfc_4180() {
        let bytes = csv_bytes(
            &["a", "b"],
            vec![vec!["x, \"y\"".to_owned(), "ب".to_owned()]],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b\r\n\"x, \"\"y\"\"\",ب\r\n"
        );
    }

    #[test]
    fn every_dataset_column_is_in_the_dictionary() {
        for c in DATASET_COLUMNS {
            assert!(
                DICTIONARY
                    .iter()
                    .any(|d| d.file == "shafaf-data.csv" && d.code == *c),
                "{c}"
            );
        }
    }
}
