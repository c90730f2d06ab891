//! The site model: a typed, immutable, language-aware picture of the programme, its results
//! framework, its reporting periods and its pages, built from [`crate::content`].
//!
//! [`Site::load`] reads `content/`, validates everything in one pass (collecting every problem)
//! and either returns the model or all the diagnostics. Later stages only read the model.

pub(crate) mod consistency;
mod decisions;
pub(crate) mod iati;
pub mod ids;
pub(crate) mod load;
mod raw;
mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use consistency::{Flag, Quote};
pub use decisions::{
    is_decision_number, Attachment, Decision, DecisionCategory, DecisionStatus, Decisions,
    LanguageTimeliness, Timeliness, DECISIONS_DIR,
};
pub use ids::{check_base_url, is_safe_id, xml_invalid_char, xml_invalid_message};
pub use load::{is_reserved_page_name, RESERVED_SLUGS};
pub use text::{Date, Figure, Number, Resolved, Text};

use crate::diagnostic::Diagnostic;

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (English).
    Ltr,
    /// Right to left (Arabic, Sorani Kurdish).
    Rtl,
}

impl Direction {
    /// `"ltr"` or `"rtl"`, as used in the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Which digits numbers are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// 0123456789
    Latn,
    /// ٠١٢٣٤٥٦٧٨٩ (Arabic-Indic)
    Arab,
}

/// A language of the site, from `site.toml`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Language {
    /// BCP 47 code, also the URL prefix (`ar`).
    pub code: String,
    /// The language's own name (`العربية`).
    pub name: String,
    /// Writing direction.
    pub direction: Direction,
    /// Digits for numbers.
    pub digits: Digits,
    /// CLDR locale for numbers and dates (`ar-IQ`).
    pub locale: String,
    /// ISO 639-1 code of its narratives in the IATI file (`ku` for `ckb`); `None`: left out.
    pub iati_lang: Option<String>,
}

/// How far a translation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// Machine or first-pass translation, not yet reviewed: readers see a notice.
    Draft,
    /// Reviewed by a fluent reader.
    Reviewed,
}

/// Translation status of one content file, per language.
pub type TranslationState = BTreeMap<String, TranslationStatus>;

/// What to do with raw HTML inside Markdown (`raw_html` in `site.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Keep only harmless tags and attributes (the default).
    #[default]
    Sanitize,
    /// Show the HTML as text.
    Escape,
    /// Pass it through unchanged: only for sites whose every editor is trusted.
    Trusted,
}

/// Site-wide settings from `site.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute URL of the site's root, ending in `/`.
    pub base_url: String,
    /// Code of the default language (the one Markdown files without a language suffix are in).
    pub default_language: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Site title.
    pub title: Text,
    /// One-sentence description of the site.
    pub description: Option<Text>,
    /// Licence statement for the content and data.
    pub licence: Option<Text>,
    /// Languages, in the order of `site.toml`; the default one among them.
    pub languages: Vec<Language>,
    /// Translation status of `site.toml`'s texts.
    pub translation: TranslationState,
    /// What to do with raw HTML inside Markdown.
    pub raw_html: RawHtml,
    /// The site's own words for interface strings, by key (`output.lead`), from `[wording]`.
    pub wording: BTreeMap<String, Text>,
    /// The largest attachment a decision may publish, in bytes (`max_attachment_mib`).
    pub max_attachment_bytes: u64,
}

impl Config {
    /// The language with `code`.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

/// Role of an organisation in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A participating UN organisation.
    Agency,
    /// The national partner.
    Partner,
    /// Any other organisation named in the report.
    Other,
    /// An organisation that provides the funds (a donor or a fund).
    Funding,
}

/// An organisation named in the programme.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// Id used in references (`undp`).
    pub id: String,
    /// Acronym as commonly written (`UNDP`).
    pub acronym: String,
    /// Full name.
    pub name: Text,
    /// Role.
    pub role: Role,
    /// Registered IATI organisation identifier (`XM-DAC-41114`).
    pub iati_ref: Option<String>,
    /// IATI Organisation Type code (`40` multilateral), if the content gives it.
    pub iati_type: Option<String>,
}

/// A sector the programme works in, as classified for the IATI file.
#[derive(Debug, Clone)]
pub struct Sector {
    /// Code in its vocabulary (`15151`).
    pub code: String,
    /// IATI Sector Vocabulary code (`1`: OECD DAC 5-digit).
    pub vocabulary: String,
    /// Share of the programme, in %.
    pub percentage: Option<f64>,
}

/// A framework the programme aligns to: a label (the theme's "Alignment" when `None`) and the
/// text of the goal or outcome.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// What it aligns to.
    pub label: Option<Text>,
    /// The goal, outcome or target, as worded.
    pub text: Text,
}

/// The programme's identity and fixed facts, from `programme.toml`.
#[derive(Debug, Clone)]
pub struct Programme {
    /// Title.
    pub title: Text,
    /// Description (Markdown).
    pub description: Option<Text>,
    /// Development goal.
    pub development_goal: Option<Text>,
    /// The frameworks the programme aligns to, in the order written.
    pub alignments: Vec<Alignment>,
    /// Immediate objective.
    pub immediate_objective: Option<Text>,
    /// The gaps the programme addresses.
    pub objectives: Vec<Text>,
    /// Date of approval.
    pub approval_date: Option<Date>,
    /// Start date.
    pub start_date: Option<Date>,
    /// Planned completion date.
    pub completion_date: Option<Date>,
    /// Planned duration in months.
    pub duration_months: Option<u32>,
    /// ISO 4217 code of the currency funds are reported in.
    pub currency: String,
    /// Procurement planned.
    pub procurement: Vec<Text>,
    /// Indirect beneficiaries, as described.
    pub indirect_beneficiaries: Option<Text>,
    /// Employment generation, as described.
    pub employment_generation: Option<Text>,
    /// Notes on how the source was read.
    pub notes: Vec<Text>,
    /// Organisations taking part.
    pub organisations: Vec<Organisation>,
    /// Translation status of `programme.toml`.
    pub translation: TranslationState,
    /// IATI activity identifier, if given (else the IATI file makes one).
    pub iati_identifier: Option<String>,
    /// ISO 3166-1 alpha-2 codes of the recipient countries.
    pub recipient_countries: Vec<String>,
    /// OECD DAC codes of the recipient regions.
    pub recipient_regions: Vec<String>,
    /// Sectors.
    pub sectors: Vec<Sector>,
    /// Actual start date, once known to have happened.
    pub actual_start_date: Option<Date>,
    /// Actual completion date, once known to have happened.
    pub actual_completion_date: Option<Date>,
}

/// A word that may stand where a figure is expected (`Yes`, `Initiated`, `n/a`).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Id (`not-yet-initiated`).
    pub id: String,
    /// What readers see.
    pub label: Text,
    /// Place on the milestone scale: 0 not yet initiated … 3 completed.
    pub stage: Option<u8>,
}

/// A category of a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Id (`male`).
    pub id: String,
    /// Label (`Male`).
    pub label: Text,
}

/// A way to break a figure down (by sex, by test, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// Id (`sex`).
    pub id: String,
    /// Label.
    pub label: Text,
    /// Whether the categories should add up to the total.
    pub sums_to_total: bool,
    /// The categories, in order.
    pub categories: Vec<Category>,
}

/// A footnote of the source report.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// Id.
    pub id: String,
    /// Number as printed in the source.
    pub marker: Option<String>,
    /// Text.
    pub text: Text,
}

/// A programme-level output (JP Output 1).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeOutput {
    /// Id (`1`).
    pub id: String,
    /// Title.
    pub title: Text,
    /// Notes on the source.
    pub notes: Vec<Text>,
}

/// An output (1.1).
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Id (`1.1`).
    pub id: String,
    /// Id of its programme output.
    pub programme_output: String,
    /// Lead organisation id.
    pub lead: Option<String>,
    /// Supporting organisation ids.
    pub with: Vec<String>,
    /// Title.
    pub title: Text,
    /// Title as worded in the progress table, where it differs.
    pub reported_title: Option<Text>,
    /// Notes on the source.
    pub notes: Vec<Text>,
}

/// What an indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A number of things or people.
    Count,
    /// A percentage (target and actual in %).
    Percentage,
    /// Something done or not, reported as a status.
    Milestone,
    /// An amount of money, in the indicator's currency.
    Money,
}

/// Which way an indicator should move (`direction` in results.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// Higher is better (the default).
    #[default]
    Increase,
    /// Lower is better: days to publish awards, losses.
    Decrease,
    /// The figure should stay at the target or better (at or above it).
    Maintain,
}

impl Trend {
    /// `increase`, `decrease` or `maintain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Increase => "increase",
            Trend::Decrease => "decrease",
            Trend::Maintain => "maintain",
        }
    }
}

/// Where an indicator started: its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// The figure.
    pub value: Figure,
    /// When it was measured.
    pub date: Option<Date>,
    /// Notes on it.
    pub notes: Vec<Text>,
}

/// A unit figures are counted in, from `[units]` in results.toml.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Id (`days`).
    pub id: String,
    /// What readers see beside a figure (`days`).
    pub label: Text,
}

/// A progress assessment computed by Shafaf from baseline, target and actual (never reported):
/// see [`consistency::assess`] for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Assessment {
    /// The target is reached.
    Achieved,
    /// Progress is at least what the time elapsed (or the period's target) asks for.
    OnTrack,
    /// Some progress, but less than needed.
    OffTrack,
    /// The figure moved from the baseline the wrong way.
    MovingAway,
}

impl Assessment {
    /// All of them, in the order pages list them.
    pub const ALL: [Assessment; 4] = [
        Assessment::Achieved,
        Assessment::OnTrack,
        Assessment::OffTrack,
        Assessment::MovingAway,
    ];

    /// `achieved`, `on-track`, `off-track`, `moving-away` (data files, CSS classes).
    pub fn as_str(self) -> &'static str {
        match self {
            Assessment::Achieved => "achieved",
            Assessment::OnTrack => "on-track",
            Assessment::OffTrack => "off-track",
            Assessment::MovingAway => "moving-away",
        }
    }
}

/// An indicator (1.1.9).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Id (`1.1.9`).
    pub id: String,
    /// Id of its output.
    pub output: String,
    /// What it counts.
    pub kind: Kind,
    /// Title (definition).
    pub title: Text,
    /// Title as worded in the progress table, where it differs.
    pub reported_title: Option<Text>,
    /// Id of the dimension its figures are broken down by.
    pub disaggregation: Option<String>,
    /// Target.
    pub target: Option<Figure>,
    /// Baseline.
    pub baseline: Option<Baseline>,
    /// Which way it should move.
    pub direction: Trend,
    /// Id of the unit its figures are in (`[units]` of results.toml).
    pub unit: Option<String>,
    /// ISO 4217 currency of a money indicator (the programme's unless given).
    pub currency: Option<String>,
    /// Ids of its footnotes.
    pub footnotes: Vec<String>,
    /// Notes on the source.
    pub notes: Vec<Text>,
}

/// The results framework, from `results.toml`.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Units by id.
    pub units: BTreeMap<String, Unit>,
    /// Terms by id.
    pub terms: BTreeMap<String, Term>,
    /// Dimensions.
    pub dimensions: Vec<Dimension>,
    /// Footnotes.
    pub footnotes: Vec<Footnote>,
    /// Programme outputs, in order.
    pub programme_outputs: Vec<ProgrammeOutput>,
    /// Outputs, in order.
    pub outputs: Vec<Output>,
    /// Indicators, in order.
    pub indicators: Vec<Indicator>,
    /// Translation status of `results.toml`.
    pub translation: TranslationState,
}

/// An indicator's value for a period, as reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Id of the indicator.
    pub indicator: String,
    /// Actual figure.
    pub actual: Option<Figure>,
    /// The target for this period, where one is given.
    pub target: Option<Figure>,
    /// Figures per category of the indicator's dimension, in the dimension's order.
    pub breakdown: Vec<(String, Number)>,
    /// % of planned, as reported.
    pub percent: Option<Figure>,
    /// % of planned computed from the figures (see [`consistency::percent_of_planned`]).
    pub computed_percent: Option<f64>,
    /// The progress assessment computed from baseline, target and actual.
    pub assessment: Option<Assessment>,
    /// Notes on the source.
    pub notes: Vec<Text>,
    /// Inconsistencies found between the reported figures.
    pub flags: Vec<Flag>,
    /// Keys of the flags the editors acknowledged (and explained in `notes`).
    pub acknowledged: Vec<String>,
}

/// Funds of one organisation, or the total, as of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Funds {
    /// Organisation id; `None` for the total.
    pub organisation: Option<String>,
    /// Approved budget.
    pub approved: Option<f64>,
    /// Amount committed.
    pub committed: Option<f64>,
    /// Committed, as % of approved, as reported.
    pub committed_percent: Option<f64>,
    /// Amount disbursed.
    pub disbursed: Option<f64>,
    /// Disbursed, as % of approved, as reported.
    pub disbursed_percent: Option<f64>,
    /// Forecast final date.
    pub forecast_final_date: Option<Date>,
    /// Delay in months.
    pub delay_months: Option<f64>,
    /// Notes on the source.
    pub notes: Vec<Text>,
    /// Inconsistencies found.
    pub flags: Vec<Flag>,
    /// Keys of the flags the editors acknowledged.
    pub acknowledged: Vec<String>,
}

/// A group of direct beneficiaries, as of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Beneficiaries {
    /// Id (`women`).
    pub id: String,
    /// Label.
    pub label: Text,
    /// Target.
    pub target: Option<Figure>,
    /// Actual.
    pub actual: Option<Figure>,
    /// % of planned, as reported.
    pub percent: Option<Figure>,
    /// Notes on the source.
    pub notes: Vec<Text>,
    /// Inconsistencies found.
    pub flags: Vec<Flag>,
}

/// One language version of a Markdown document.
#[derive(Debug, Clone)]
pub struct MarkdownDoc {
    /// The file it came from, relative to the site root.
    pub file: PathBuf,
    /// Its Markdown text (after front matter).
    pub body: String,
    /// Title from front matter, if any.
    pub title: Option<String>,
    /// Description from front matter, if any.
    pub description: Option<String>,
    /// Translation status from front matter.
    pub translation: Option<TranslationStatus>,
    /// The fingerprint of its front matter (see
    /// [`crate::content::Document::front_matter_fingerprint`]), by which `serve` tells an
    /// edit of the text alone.
    pub front_matter: u64,
}

/// A Markdown document in several languages: `NAME.md` and its `NAME.LANG.md` translations.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Versions by language code.
    pub docs: BTreeMap<String, MarkdownDoc>,
}

impl Translations {
    /// Whether `other` holds the same versions with nothing changed but their Markdown text:
    /// the same languages, files, titles, descriptions and translation statuses.
    pub fn differs_only_in_text(&self, other: &Translations) -> bool {
        self.docs.len() == other.docs.len()
            && self.docs.iter().zip(&other.docs).all(|((la, a), (lb, b))| {
                la == lb
                    && a.file == b.file
                    && a.title == b.title
                    && a.description == b.description
                    && a.translation == b.translation
            })
    }

    /// The files of its versions.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.docs.values().map(|d| d.file.as_path())
    }

    /// The version in `lang`, or else in `default`, and whether it is a fallback.
    pub fn resolve(&self, lang: &str, default: &str) -> Option<(&MarkdownDoc, bool)> {
        match self.docs.get(lang) {
            Some(doc) => Some((doc, false)),
            None => self.docs.get(default).map(|d| (d, lang != default)),
        }
    }
}

/// A narrative of a reporting period.
#[derive(Debug, Clone)]
pub struct Narrative {
    /// The file name without language and extension (`1.1`, `overview`).
    pub key: String,
    /// The output it reports on.
    pub output: Option<String>,
    /// The indicator it reports on, for narratives about a single indicator.
    pub indicator: Option<String>,
    /// Order among the period's narratives.
    pub weight: i64,
    /// The text in each language.
    pub text: Translations,
}

impl Narrative {
    /// Whether `other` is this narrative with nothing changed but the Markdown text of its
    /// versions: same key, output, indicator, order, languages, files, titles and statuses.
    pub fn differs_only_in_text(&self, other: &Narrative) -> bool {
        self.text.differs_only_in_text(&other.text)
            && self.key == other.key
            && self.output == other.output
            && self.indicator == other.indicator
            && self.weight == other.weight
    }
}

/// A reporting period (`2013-Q1`, `2011`).
#[derive(Debug, Clone)]
pub struct Period {
    /// Id, the folder name.
    pub id: String,
    /// Label (`January–March 2013`).
    pub label: Text,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Where the figures come from.
    pub source: Option<Text>,
    /// Notes on the source.
    pub notes: Vec<Text>,
    /// Outputs' overall % for the period, by output id.
    pub output_progress: BTreeMap<String, Figure>,
    /// Indicator values, in the results framework's order.
    pub values: Vec<Value>,
    /// Funds per organisation, then the total.
    pub funds: Vec<Funds>,
    /// Direct beneficiaries.
    pub beneficiaries: Vec<Beneficiaries>,
    /// Narratives, in order.
    pub narratives: Vec<Narrative>,
    /// Translation status of `period.toml`.
    pub translation: TranslationState,
    /// Position of each indicator's value in `values`.
    value_index: HashMap<String, usize>,
}

impl Period {
    /// A copy without the narratives (the bulk of a period's memory), for code that needs only
    /// the figures.
    pub fn figures_only(&self) -> Period {
        Period {
            id: self.id.clone(),
            label: self.label.clone(),
            start: self.start,
            end: self.end,
            source: self.source.clone(),
            notes: self.notes.clone(),
            output_progress: self.output_progress.clone(),
            values: self.values.clone(),
            funds: self.funds.clone(),
            beneficiaries: self.beneficiaries.clone(),
            narratives: Vec::new(),
            translation: self.translation.clone(),
            value_index: self.value_index.clone(),
        }
    }

    /// The value reported for `indicator` in this period.
    pub fn value(&self, indicator: &str) -> Option<&Value> {
        self.value_index
            .get(indicator)
            .and_then(|&n| self.values.get(n))
    }

    /// What `new`, a fresh reading of this period's `period.toml` (without narratives), changes
    /// of it, when that is only figures and notes; `None` when it changes more: the label,
    /// dates, source or translation status, which indicators have a value, or whether the
    /// period has outputs' progress or funds (which decides the current period).
    pub fn figure_change(&self, new: &Period) -> Option<FigureChange> {
        let reports = |p: &Period| !p.output_progress.is_empty() || !p.funds.is_empty();
        let same_frame = self.id == new.id
            && self.label == new.label
            && (self.start, self.end) == (new.start, new.end)
            && self.source == new.source
            && self.translation == new.translation
            && reports(self) == reports(new)
            && self.values.len() == new.values.len()
            && self.output_progress.keys().eq(new.output_progress.keys())
            && self
                .values
                .iter()
                .zip(&new.values)
                .all(|(a, b)| a.indicator == b.indicator);
        if !same_frame {
            return None;
        }
        let indicators = self
            .values
            .iter()
            .zip(&new.values)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.indicator.clone())
            .collect();
        let outputs = self
            .output_progress
            .iter()
            .zip(&new.output_progress)
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, _)| a.0.clone())
            .collect();
        Some(FigureChange {
            indicators,
            outputs,
            texts: self.texts().ne(new.texts()),
        })
    }

    /// Every text of `period.toml` but the label and source: its notes, and those of its
    /// values, funds and beneficiaries (with their labels).
    fn texts(&self) -> impl Iterator<Item = &Text> {
        let values = self.values.iter().flat_map(|v| &v.notes);
        let funds = self.funds.iter().flat_map(|f| &f.notes);
        let people = self
            .beneficiaries
            .iter()
            .flat_map(|b| std::iter::once(&b.label).chain(&b.notes));
        self.notes.iter().chain(values).chain(funds).chain(people)
    }
}

/// The results framework's file, relative to the site root.
pub const RESULTS_FILE: &str = "content/results.toml";

/// The file of the period `id`, relative to the site root: `content/periods/ID/period.toml`.
pub fn period_file(id: &str) -> PathBuf {
    PathBuf::from(format!("content/periods/{id}/period.toml"))
}

/// What an edit of a period's `period.toml` changes, when it changes only figures and notes
/// (see [`Period::figure_change`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureChange {
    /// Indicators whose value (figures, notes, flags) changed.
    pub indicators: BTreeSet<String>,
    /// Outputs whose progress for the period changed.
    pub outputs: BTreeSet<String>,
    /// Whether any of its texts changed (the notes, whose translations are counted).
    pub texts: bool,
}

impl Results {
    /// What `new`, a fresh reading of `results.toml`, changes of this framework, when that is
    /// only the words of outputs and indicators (titles, progress-table wordings, notes,
    /// baseline notes) and indicators' targets, baselines and directions; `None` when it
    /// changes more: an id, an order, a kind, a reference, a unit, term, dimension or footnote,
    /// a programme output or the translation status.
    pub fn change(&self, new: &Results) -> Option<FrameworkChange> {
        let same_frame = self.units == new.units
            && self.terms == new.terms
            && self.dimensions == new.dimensions
            && self.footnotes == new.footnotes
            && self.programme_outputs == new.programme_outputs
            && self.translation == new.translation
            && self.outputs.len() == new.outputs.len()
            && self.indicators.len() == new.indicators.len()
            && self
                .outputs
                .iter()
                .zip(&new.outputs)
                .all(|(a, b)| a.same_frame(b))
            && self
                .indicators
                .iter()
                .zip(&new.indicators)
                .all(|(a, b)| a.same_frame(b));
        if !same_frame {
            return None;
        }
        let figures = self.indicators.iter().zip(&new.indicators);
        Some(FrameworkChange {
            outputs: changed_ids(&self.outputs, &new.outputs, |o| &o.id),
            indicators: changed_ids(&self.indicators, &new.indicators, |i| &i.id),
            figures: figures
                .filter(|(a, b)| a.figures() != b.figures())
                .map(|(a, _)| a.id.clone())
                .collect(),
        })
    }
}

/// The ids of the items of `old` that differ from the item at the same place in `new`.
fn changed_ids<T: PartialEq>(old: &[T], new: &[T], id: impl Fn(&T) -> &String) -> BTreeSet<String> {
    old.iter()
        .zip(new)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| id(a).clone())
        .collect()
}

impl Output {
    /// Whether `other` is this output with nothing changed but its words.
    fn same_frame(&self, other: &Output) -> bool {
        (&self.id, &self.programme_output, &self.lead, &self.with)
            == (&other.id, &other.programme_output, &other.lead, &other.with)
    }
}

impl Indicator {
    /// Whether `other` is this indicator with nothing changed but its words (its baseline's
    /// notes among them) and its [`Indicator::figures`].
    fn same_frame(&self, other: &Indicator) -> bool {
        (&self.id, &self.output, self.kind, &self.disaggregation)
            == (&other.id, &other.output, other.kind, &other.disaggregation)
            && (&self.unit, &self.currency, &self.footnotes)
                == (&other.unit, &other.currency, &other.footnotes)
    }

    /// What its values are assessed against: its target, its baseline's figure and date,
    /// and the way it should move.
    fn figures(&self) -> AssessedAgainst<'_> {
        let baseline = self.baseline.as_ref().map(|b| (&b.value, b.date));
        (self.target.as_ref(), baseline, self.direction)
    }
}

/// An indicator's target, baseline figure and date, and direction (see
/// [`Indicator::figures`]).
type AssessedAgainst<'a> = (
    Option<&'a Figure>,
    Option<(&'a Figure, Option<Date>)>,
    Trend,
);

/// What an edit of `results.toml` changes, when it changes only the words of outputs and
/// indicators and the figures their values are assessed against (see [`Results::change`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameworkChange {
    /// Outputs whose words changed.
    pub outputs: BTreeSet<String>,
    /// Indicators whose words or figures changed.
    pub indicators: BTreeSet<String>,
    /// Of those, the indicators whose target, baseline or direction changed: their values in
    /// every period are assessed again.
    pub figures: BTreeSet<String>,
}

/// A static page from `pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    /// URL slug, the file name (`about`).
    pub slug: String,
    /// Order in the navigation.
    pub weight: i64,
    /// The page in each language.
    pub text: Translations,
}

impl Page {
    /// Whether `other` is this page with nothing changed but the Markdown text of its
    /// versions: same slug, order, languages, files, titles, descriptions and statuses.
    pub fn differs_only_in_text(&self, other: &Page) -> bool {
        self.slug == other.slug
            && self.weight == other.weight
            && self.text.differs_only_in_text(&other.text)
    }
}

/// The whole site, loaded and validated.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site root folder (holding `content/` and `themes/`).
    pub root: PathBuf,
    /// Settings.
    pub config: Config,
    /// The programme.
    pub programme: Programme,
    /// The results framework.
    pub results: Results,
    /// Reporting periods, oldest first.
    pub periods: Vec<Period>,
    /// Static pages, by weight then slug.
    pub pages: Vec<Page>,
    /// The board's decisions, from `content/decisions/`.
    pub decisions: Decisions,
    /// Warnings found while loading (the site builds despite them).
    pub warnings: Vec<Diagnostic>,
    /// Positions of outputs and indicators by id, so lookups stay O(1) at ten thousand
    /// indicators (every page looks several up).
    index: SiteIndex,
}

/// Where each output and indicator is in [`Results`], by id.
#[derive(Debug, Clone, Default)]
struct SiteIndex {
    outputs: HashMap<String, usize>,
    indicators: HashMap<String, usize>,
    indicators_of: HashMap<String, Vec<usize>>,
    periods: HashMap<String, usize>,
}

impl SiteIndex {
    fn new(results: &Results, periods: &[Period]) -> SiteIndex {
        let mut indicators_of: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, i) in results.indicators.iter().enumerate() {
            indicators_of.entry(i.output.clone()).or_default().push(n);
        }
        SiteIndex {
            outputs: position_by_id(results.outputs.iter().map(|o| o.id.as_str())),
            indicators: position_by_id(results.indicators.iter().map(|i| i.id.as_str())),
            indicators_of,
            periods: position_by_id(periods.iter().map(|p| p.id.as_str())),
        }
    }
}

/// Maps each id to its position (the first, should an id repeat).
pub(crate) fn position_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (n, id) in ids.enumerate() {
        map.entry(id.to_owned()).or_insert(n);
    }
    map
}

impl Site {
    /// Puts a loaded site together, indexing it for lookups.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        root: PathBuf,
        config: Config,
        programme: Programme,
        results: Results,
        periods: Vec<Period>,
        pages: Vec<Page>,
        decisions: Decisions,
    ) -> Site {
        let index = SiteIndex::new(&results, &periods);
        Site {
            root,
            config,
            programme,
            results,
            periods,
            pages,
            decisions,
            warnings: Vec::new(),
            index,
        }
    }

    /// A copy with the figures and the results framework but no Markdown documents (narratives,
    /// pages, decisions), for code that draws figures: at ten thousand indicators the texts are
    /// most of the model.
    pub fn figures_only(&self) -> Site {
        Site {
            root: self.root.clone(),
            config: self.config.clone(),
            programme: self.programme.clone(),
            results: self.results.clone(),
            periods: self.periods.iter().map(Period::figures_only).collect(),
            pages: Vec::new(),
            decisions: Decisions::default(),
            warnings: Vec::new(),
            index: self.index.clone(),
        }
    }

    /// The period and narrative one of whose language versions is the file `rel` (relative to
    /// the site root), if any.
    pub fn narrative_in_file(&self, rel: &Path) -> Option<(&Period, &Narrative)> {
        // Compared as bytes, not component by component: there are tens of thousands at scale.
        let rel = rel.as_os_str();
        self.periods.iter().find_map(|p| {
            p.narratives
                .iter()
                .find(|n| n.text.docs.values().any(|d| d.file.as_os_str() == rel))
                .map(|n| (p, n))
        })
    }

    /// Puts `narrative` in place of the narrative with the same key in the period `period`
    /// (for `serve`, between two renderings) and returns the one it replaced; `None`, changing
    /// nothing, if there is none.
    pub fn replace_narrative(&mut self, period: &str, narrative: Narrative) -> Option<Narrative> {
        self.periods
            .iter_mut()
            .find(|p| p.id == period)
            .and_then(|p| p.narratives.iter_mut().find(|n| n.key == narrative.key))
            .map(|slot| std::mem::replace(slot, narrative))
    }

    /// The static page one of whose versions is the file `rel` (relative to the root).
    pub fn page_in_file(&self, rel: &Path) -> Option<&Page> {
        self.pages.iter().find(|p| p.text.files().any(|f| f == rel))
    }

    /// Puts `page` in place of the page with the same slug (for `serve`, between two
    /// renderings) and returns the one it replaced; `None`, changing nothing, if there is none.
    pub fn replace_page(&mut self, page: Page) -> Option<Page> {
        self.pages
            .iter_mut()
            .find(|p| p.slug == page.slug)
            .map(|slot| std::mem::replace(slot, page))
    }

    /// Puts `decisions` in place of the decisions publication (for `serve`, between two
    /// renderings) and returns the one it replaced.
    pub fn replace_decisions(&mut self, decisions: Decisions) -> Decisions {
        std::mem::replace(&mut self.decisions, decisions)
    }

    /// Puts `warnings` in place of the warnings about the files for which `about` holds (for
    /// `serve`, when those files were read again) and returns the ones they replaced.
    pub fn replace_warnings(
        &mut self,
        about: impl Fn(&Path) -> bool,
        warnings: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let (old, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.warnings)
            .into_iter()
            .partition(|d| about(&d.file));
        let mut all = crate::diagnostic::Diagnostics::new();
        kept.into_iter().chain(warnings).for_each(|d| all.push(d));
        self.warnings = all.sorted();
        old
    }

    /// Puts `period`, a fresh reading of its `period.toml` from [`Site::reload_period`], in
    /// place of the period with the same id, keeping that period's narratives, and the
    /// `warnings` of its file in place of the file's old ones (for `serve`, between two
    /// renderings). Returns what it replaced, to be put back the same way; `None`, changing
    /// nothing, if there is no such period.
    pub fn replace_period(
        &mut self,
        mut period: Period,
        warnings: Vec<Diagnostic>,
    ) -> Option<(Period, Vec<Diagnostic>)> {
        let slot = self.periods.iter_mut().find(|p| p.id == period.id)?;
        period.narratives = std::mem::take(&mut slot.narratives);
        let file = period_file(&period.id);
        let old = std::mem::replace(slot, period);
        let old_warnings = self.replace_warnings(|f| f == file, warnings);
        Some((old, old_warnings))
    }

    /// Puts `results`, a fresh reading of `results.toml` with the same ids in the same order
    /// (see [`Results::change`]), in place of the framework, and the file's `warnings`
    /// in place of its old ones (for `serve`, between two renderings). Returns what it
    /// replaced, to be put back the same way.
    pub fn replace_results(
        &mut self,
        results: Results,
        warnings: Vec<Diagnostic>,
    ) -> (Results, Vec<Diagnostic>) {
        let old = std::mem::replace(&mut self.results, results);
        let old_warnings = self.replace_warnings(|f| f == Path::new(RESULTS_FILE), warnings);
        (old, old_warnings)
    }

    /// The organisation with `id`.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.programme.organisations.iter().find(|o| o.id == id)
    }

    /// The output with `id`.
    pub fn output(&self, id: &str) -> Option<&Output> {
        self.index
            .outputs
            .get(id)
            .and_then(|&n| self.results.outputs.get(n))
    }

    /// The indicator with `id`.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.index
            .indicators
            .get(id)
            .and_then(|&n| self.results.indicators.get(n))
    }

    /// The dimension with `id`.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.results.dimensions.iter().find(|d| d.id == id)
    }

    /// The unit with `id`.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.results.units.get(id)
    }

    /// The term with `id`.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.results.terms.get(id)
    }

    /// The footnote with `id`.
    pub fn footnote(&self, id: &str) -> Option<&Footnote> {
        self.results.footnotes.iter().find(|f| f.id == id)
    }

    /// The outputs of programme output `id`, in order.
    pub fn outputs_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Output> + 'a {
        self.results
            .outputs
            .iter()
            .filter(move |o| o.programme_output == id)
    }

    /// The indicators of output `id`, in order.
    pub fn indicators_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.index
            .indicators_of
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|&n| self.results.indicators.get(n))
    }

    /// The latest period that reports a value for each output's indicators: the "current" one.
    pub fn current_period(&self) -> Option<&Period> {
        self.periods
            .iter()
            .rev()
            .find(|p| !p.output_progress.is_empty() || !p.funds.is_empty())
            .or_else(|| self.periods.last())
    }

    /// The period with `id`.
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.index
            .periods
            .get(id)
            .and_then(|&n| self.periods.get(n))
    }

    /// Every reported value of `indicator`, oldest period first.
    pub fn history<'a>(
        &'a self,
        indicator: &'a str,
    ) -> impl Iterator<Item = (&'a Period, &'a Value)> + 'a {
        self.periods
            .iter()
            .filter_map(move |p| p.value(indicator).map(|v| (p, v)))
    }

    /// The default language.
    pub fn default_language(&self) -> &Language {
        self.config
            .language(&self.config.default_language)
            .expect("validated: the default language is among the languages")
    }
}
