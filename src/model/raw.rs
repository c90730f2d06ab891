//! The shape of each content file, exactly as editors write it.
//!
//! Every struct denies unknown fields, so a misspelt key is an error with a position rather than
//! a silently ignored value. Fields that other fields refer to keep their spans for diagnostics.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use super::text::Text;

/// A reference to another item by id, with its position.
pub type Ref = Spanned<String>;
/// A figure: a number or a term, checked when the model is built.
pub type RawFigure = Spanned<toml::Value>;
/// A date, checked to be a plain calendar date when the model is built.
pub type RawDate = Spanned<Datetime>;
/// Translation status per language: `{ ar = "draft" }`.
pub type Translation = BTreeMap<String, Spanned<String>>;

/// `content/site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub base_url: Spanned<String>,
    pub default_language: Spanned<String>,
    #[serde(default = "default_theme")]
    pub theme: Spanned<String>,
    pub title: Text,
    pub description: Option<Text>,
    pub licence: Option<Text>,
    pub languages: Vec<LanguageEntry>,
    #[serde(default)]
    pub translation: Translation,
    pub raw_html: Option<Spanned<String>>,
    /// The site's own words for interface strings, by key: `"output.lead" = { en = "Lead
    /// agency" }`. They replace the theme's string in each language they give.
    #[serde(default)]
    pub wording: BTreeMap<Spanned<String>, Text>,
    /// The largest attachment a decision may publish, in MiB.
    pub max_attachment_mib: Option<Spanned<i64>>,
}

fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".to_owned())
}

/// One `[[languages]]` entry of `site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub direction: Option<Spanned<String>>,
    #[serde(default)]
    pub digits: Option<Spanned<String>>,
    #[serde(default)]
    pub locale: Option<Spanned<String>>,
    /// The IATI (ISO 639-1) code its narratives are written with, when `code` is not one.
    #[serde(default)]
    pub iati_lang: Option<Spanned<String>>,
}

/// `content/programme.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeFile {
    pub title: Text,
    pub description: Option<Text>,
    pub development_goal: Option<Text>,
    /// The frameworks the programme aligns to (a UN framework outcome, a national plan goal, a
    /// development goal target): each a label and a text.
    #[serde(default)]
    pub alignments: Vec<AlignmentEntry>,
    /// The old name of one alignment, still read with a warning.
    pub undaf_outcome: Option<Text>,
    pub immediate_objective: Option<Text>,
    #[serde(default)]
    pub objectives: Vec<Text>,
    pub approval_date: Option<RawDate>,
    pub start_date: Option<RawDate>,
    pub completion_date: Option<RawDate>,
    pub duration_months: Option<u32>,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub procurement: Vec<Text>,
    pub indirect_beneficiaries: Option<Text>,
    pub employment_generation: Option<Text>,
    #[serde(default)]
    pub notes: Vec<Text>,
    #[serde(default)]
    pub organisations: Vec<OrganisationEntry>,
    #[serde(default)]
    pub translation: Translation,
    /// IATI activity identifier.
    pub iati_identifier: Option<Spanned<String>>,
    /// ISO 3166-1 alpha-2 codes of the countries the programme is in.
    #[serde(default)]
    pub recipient_countries: Vec<Spanned<String>>,
    /// OECD DAC region codes, for a programme that is not in one country.
    #[serde(default)]
    pub recipient_regions: Vec<Spanned<String>>,
    /// Sectors, for the IATI file.
    #[serde(default)]
    pub sectors: Vec<SectorEntry>,
    pub actual_start_date: Option<RawDate>,
    pub actual_completion_date: Option<RawDate>,
}

/// One `[[alignments]]` entry of `programme.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlignmentEntry {
    /// What the programme aligns to (`National development plan, goal 2`); the theme's
    /// "Alignment" when not given.
    pub label: Option<Text>,
    pub text: Text,
}

/// One `sectors` entry of `programme.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorEntry {
    pub code: Spanned<String>,
    pub vocabulary: Option<Spanned<String>>,
    pub percentage: Option<Spanned<f64>>,
}

fn default_currency() -> String {
    "USD".to_owned()
}

/// One `[[organisations]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationEntry {
    pub id: Ref,
    pub acronym: String,
    pub name: Text,
    pub role: Spanned<String>,
    /// Registered IATI organisation identifier (`XM-DAC-41114`).
    pub iati_ref: Option<Spanned<String>>,
    /// IATI Organisation Type code (`40`).
    pub iati_type: Option<Spanned<String>>,
}

/// `content/results.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsFile {
    #[serde(default)]
    pub units: BTreeMap<Spanned<String>, UnitEntry>,
    #[serde(default)]
    pub terms: BTreeMap<Spanned<String>, TermEntry>,
    #[serde(default)]
    pub dimensions: Vec<DimensionEntry>,
    #[serde(default)]
    pub footnotes: Vec<FootnoteEntry>,
    #[serde(default)]
    pub programme_outputs: Vec<ProgrammeOutputEntry>,
    #[serde(default)]
    pub outputs: Vec<OutputEntry>,
    #[serde(default)]
    pub indicators: Vec<IndicatorEntry>,
    #[serde(default)]
    pub translation: Translation,
}

/// A unit figures are counted in: `[units.days] label = { en = "days" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub label: Text,
}

/// An indicator's baseline: `baseline = { value = 60, date = 2023-12-31 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub value: RawFigure,
    pub date: Option<RawDate>,
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// A term: a word that may stand where a figure is expected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    pub label: Text,
    pub stage: Option<Spanned<i64>>,
}

/// A dimension of disaggregation (sex, test, …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionEntry {
    pub id: Ref,
    pub label: Text,
    #[serde(default)]
    pub sums_to_total: bool,
    pub categories: Vec<CategoryEntry>,
}

/// A category of a dimension (male, female, …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub id: Ref,
    pub label: Text,
}

/// A footnote of the source report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootnoteEntry {
    pub id: Ref,
    pub marker: Option<String>,
    pub text: Text,
}

/// A programme output (JP Output 1–3).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeOutputEntry {
    pub id: Ref,
    pub title: Text,
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// An output (1.1 … 3.1).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputEntry {
    pub id: Ref,
    pub programme_output: Ref,
    pub lead: Option<Ref>,
    #[serde(default)]
    pub with: Vec<Ref>,
    pub title: Text,
    pub reported_title: Option<Text>,
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// An indicator (1.1.1 … 3.1.10).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    pub id: Ref,
    pub output: Ref,
    pub kind: Spanned<String>,
    pub title: Text,
    pub reported_title: Option<Text>,
    pub disaggregation: Option<Ref>,
    pub target: Option<RawFigure>,
    pub baseline: Option<BaselineEntry>,
    pub direction: Option<Spanned<String>>,
    pub unit: Option<Ref>,
    pub currency: Option<Spanned<String>>,
    #[serde(default)]
    pub footnotes: Vec<Ref>,
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// `content/periods/<id>/period.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodFile {
    pub label: Text,
    pub start: RawDate,
    pub end: RawDate,
    pub source: Option<Text>,
    #[serde(default)]
    pub notes: Vec<Text>,
    #[serde(default)]
    pub outputs: Vec<OutputProgressEntry>,
    #[serde(default)]
    pub values: Vec<ValueEntry>,
    #[serde(default)]
    pub funds: Vec<FundsEntry>,
    #[serde(default)]
    pub beneficiaries: Vec<BeneficiaryEntry>,
    #[serde(default)]
    pub translation: Translation,
}

/// An output's overall % for a period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputProgressEntry {
    pub output: Ref,
    pub percent: RawFigure,
}

/// An indicator's value for a period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueEntry {
    pub indicator: Ref,
    pub actual: Option<RawFigure>,
    /// The target for this period, a milestone on the way to the indicator's target.
    pub target: Option<RawFigure>,
    #[serde(default)]
    pub breakdown: BTreeMap<Spanned<String>, RawFigure>,
    pub percent: Option<RawFigure>,
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Flags the editors know of and explain in `notes`: `["percent", "parts"]`.
    #[serde(default)]
    pub acknowledge: Vec<Spanned<String>>,
}

/// Funds of one organisation (or the total) as of a period's end.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundsEntry {
    pub organisation: Option<Ref>,
    #[serde(default)]
    pub total: bool,
    pub approved: Option<Spanned<f64>>,
    pub committed: Option<Spanned<f64>>,
    pub committed_percent: Option<f64>,
    pub disbursed: Option<Spanned<f64>>,
    pub disbursed_percent: Option<f64>,
    pub forecast_final_date: Option<RawDate>,
    pub delay_months: Option<f64>,
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Flags the editors know of and explain in `notes`, as for values.
    #[serde(default)]
    pub acknowledge: Vec<Spanned<String>>,
}

/// A group of direct beneficiaries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeneficiaryEntry {
    pub id: Ref,
    pub label: Text,
    pub target: Option<RawFigure>,
    pub actual: Option<RawFigure>,
    pub percent: Option<RawFigure>,
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Flags the editors know of and explain in `notes`, as for values.
    #[serde(default)]
    pub acknowledge: Vec<Spanned<String>>,
}

/// Front matter of a period narrative.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrativeFront {
    pub output: Option<Ref>,
    pub indicator: Option<Ref>,
    pub title: Option<String>,
    pub weight: Option<i64>,
    pub translation: Option<Spanned<String>>,
}

/// Front matter of a static page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: Spanned<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    pub translation: Option<Spanned<String>>,
}
