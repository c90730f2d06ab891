//! Board decisions: the files under `content/decisions/`, parsed and validated into
//! [`Decisions`], with the amendment and repeal links resolved both ways and the publication
//! timeliness computed from the dates (never typed by an editor).
//!
//! A decision is a Markdown file set (`2013-014.md` in the default language, `2013-014.ar.md`,
//! `2013-014.ckb.md`), each version carrying the date it was published in its language. The
//! links `amends`/`amended_by` and `repeals`/`repealed_by` are written on one side; the other
//! side is derived, and a side that is written but disagrees is reported. Attachments must be
//! regular files inside `content/decisions/`: no absolute paths, no `..`, no symbolic links.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use super::ids::is_safe_id;
use super::{Date, MarkdownDoc, Site, Text, TranslationStatus, Translations};
use crate::content::{
    self, markdown_name, parse_toml_at, split_front_matter, Document, SourceFile,
};
use crate::diagnostic::closest;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};

/// The folder decisions live in, relative to the site root.
pub const DECISIONS_DIR: &str = "content/decisions";
/// The optional settings file of the decisions publication.
const SETTINGS_FILE: &str = "content/decisions/decisions.toml";
/// Decisions per index page unless `decisions.toml` says otherwise.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionStatus {
    /// In force as adopted.
    InForce,
    /// In force, amended by later decisions.
    Amended,
    /// No longer in force: repealed by a later decision.
    Repealed,
}

impl DecisionStatus {
    /// Every status, in the order pages list them.
    pub const ALL: [DecisionStatus; 3] = [
        DecisionStatus::InForce,
        DecisionStatus::Amended,
        DecisionStatus::Repealed,
    ];

    /// The id used in front matter and in URLs (`in-force`).
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::InForce => "in-force",
            DecisionStatus::Amended => "amended",
            DecisionStatus::Repealed => "repealed",
        }
    }

    fn parse(s: &str) -> Option<DecisionStatus> {
        DecisionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A file published with a decision (a scanned original, an annex).
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The file, relative to the site root.
    pub source: PathBuf,
    /// Its file name, as published.
    pub name: String,
    /// What it is, per language.
    pub title: Option<Text>,
    /// Size in bytes.
    pub size: u64,
    /// Media type (`application/pdf`).
    pub media_type: &'static str,
}

/// A category decisions are filed under, declared in `decisions.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionCategory {
    /// Id, used in front matter and URLs.
    pub id: String,
    /// Label.
    pub label: Text,
}

/// One board decision.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Its number, stable forever (`2013-014`); also its permalink.
    pub number: String,
    /// Date the board adopted it.
    pub adopted: Date,
    /// Date it was published, per language; a language missing here is unpublished.
    pub published: BTreeMap<String, Date>,
    /// The board session it was adopted in.
    pub session: Option<String>,
    /// Category id.
    pub category: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Where it stands (derived from the links when not written).
    pub status: DecisionStatus,
    /// Decisions it amends.
    pub amends: Vec<String>,
    /// Decisions that amend it.
    pub amended_by: Vec<String>,
    /// Decisions it repeals.
    pub repeals: Vec<String>,
    /// The decision that repealed it.
    pub repealed_by: Option<String>,
    /// The language whose text is authoritative.
    pub authoritative: String,
    /// An illustrative decision, not a real one: pages say so in every language.
    pub example: bool,
    /// Files published with it.
    pub attachments: Vec<Attachment>,
    /// Title (front matter), summary (`description`) and text per language.
    pub text: Translations,
}

impl Decision {
    /// Whether `other` is this decision with nothing changed but the Markdown text of its
    /// versions (see [`Translations::differs_only_in_text`]).
    pub fn differs_only_in_text(&self, other: &Decision) -> bool {
        // Spelled out whole, so that a field added later must be compared here too.
        let Decision {
            number,
            adopted,
            published,
            session,
            category,
            tags,
            status,
            amends,
            amended_by,
            repeals,
            repealed_by,
            authoritative,
            example,
            attachments,
            text,
        } = self;
        *number == other.number
            && *adopted == other.adopted
            && *published == other.published
            && *session == other.session
            && *category == other.category
            && *tags == other.tags
            && *status == other.status
            && *amends == other.amends
            && *amended_by == other.amended_by
            && *repeals == other.repeals
            && *repealed_by == other.repealed_by
            && *authoritative == other.authoritative
            && *example == other.example
            && *attachments == other.attachments
            && text.differs_only_in_text(&other.text)
    }

    /// The language a page in `lang` shows this decision in: `lang` if the decision has its text
    /// in it, else the authoritative language (the text that binds), else `default`.
    pub fn shown_language<'a>(&'a self, lang: &'a str, default: &'a str) -> &'a str {
        [lang, self.authoritative.as_str()]
            .into_iter()
            .find(|l| self.text.docs.contains_key(*l))
            .unwrap_or(default)
    }

    /// Days between adoption and publication in `lang`, if published in it.
    pub fn delay_days(&self, lang: &str) -> Option<i64> {
        self.published
            .get(lang)
            .map(|p| p.days_since_epoch() - self.adopted.days_since_epoch())
    }
}

/// How promptly decisions were published in one language.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LanguageTimeliness {
    /// Language code.
    pub lang: String,
    /// Decisions published in it.
    pub published: usize,
    /// Share of all decisions published in it, in percent.
    pub percent: f64,
    /// Median delay between adoption and publication, in days, over the published ones.
    pub median_delay_days: Option<f64>,
    /// Longest delay, in days.
    pub max_delay_days: Option<i64>,
}

/// Publication timeliness of all decisions, computed from their dates.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Timeliness {
    /// Number of decisions.
    pub total: usize,
    /// How many of them are illustrative examples.
    pub examples: usize,
    /// Per site language, in the site's order.
    pub languages: Vec<LanguageTimeliness>,
}

impl Timeliness {
    /// The figures for `lang`.
    pub fn language(&self, lang: &str) -> Option<&LanguageTimeliness> {
        self.languages.iter().find(|l| l.lang == lang)
    }
}

/// The decisions publication.
#[derive(Debug, Clone)]
pub struct Decisions {
    /// Decisions per index page.
    pub page_size: usize,
    /// Declared categories, in the order of `decisions.toml`.
    pub categories: Vec<DecisionCategory>,
    /// The indicator whose page shows the publication timeliness (`1.1.2`).
    pub indicator: Option<String>,
    /// Every decision, newest first (by adoption date, then number).
    pub list: Vec<Decision>,
}

impl Decisions {
    /// The numbers of the decisions whose Markdown text `other` changes, when that is all it
    /// changes; `None` when anything else differs (settings, a decision's front matter, which
    /// decisions there are).
    pub fn text_changes(&self, other: &Decisions) -> Option<Vec<String>> {
        let same = self.page_size == other.page_size
            && self.categories == other.categories
            && self.indicator == other.indicator
            && self.list.len() == other.list.len()
            && self
                .list
                .iter()
                .zip(&other.list)
                .all(|(a, b)| a.differs_only_in_text(b));
        same.then(|| {
            self.list
                .iter()
                .zip(&other.list)
                .filter(|(a, b)| {
                    a.text
                        .docs
                        .values()
                        .zip(b.text.docs.values())
                        .any(|(x, y)| x.body != y.body)
                })
                .map(|(a, _)| a.number.clone())
                .collect()
        })
    }
}

impl Default for Decisions {
    fn default() -> Decisions {
        Decisions {
            page_size: DEFAULT_PAGE_SIZE,
            categories: Vec::new(),
            indicator: None,
            list: Vec::new(),
        }
    }
}

impl Decisions {
    /// The decision numbered `number`.
    pub fn get(&self, number: &str) -> Option<&Decision> {
        self.list.iter().find(|d| d.number == number)
    }

    /// The category with `id`.
    pub fn category(&self, id: &str) -> Option<&DecisionCategory> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// How many decisions are published in every one of `langs`.
    pub fn published_in_all(&self, langs: &[&str]) -> usize {
        self.list
            .iter()
            .filter(|d| langs.iter().all(|l| d.published.contains_key(*l)))
            .count()
    }

    /// Share published and delays, for each of `languages`.
    pub fn timeliness<'a>(&self, languages: impl IntoIterator<Item = &'a str>) -> Timeliness {
        let total = self.list.len();
        let languages = languages
            .into_iter()
            .map(|lang| {
                let mut delays: Vec<i64> = self
                    .list
                    .iter()
                    .filter_map(|d| d.delay_days(lang))
                    .collect();
                delays.sort_unstable();
                LanguageTimeliness {
                    lang: lang.to_owned(),
                    published: delays.len(),
                    percent: if total == 0 {
                        0.0
                    } else {
                        delays.len() as f64 * 100.0 / total as f64
                    },
                    median_delay_days: median(&delays),
                    max_delay_days: delays.last().copied(),
                }
            })
            .collect();
        Timeliness {
            total,
            examples: self.list.iter().filter(|d| d.example).count(),
            languages,
        }
    }
}

impl Site {
    /// Publication timeliness of the board's decisions in each site language: the figure
    /// indicator 1.1.2 ("Board decisions published in Kurdish and Arabic") can show.
    pub fn decision_timeliness(&self) -> Timeliness {
        self.decisions
            .timeliness(self.config.languages.iter().map(|l| l.code.as_str()))
    }
}

/// The median of sorted values (the mean of the two middle ones for an even count).
fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// Front matter of a decision in the default language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    number: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    summary: Option<String>,
    adopted: Option<Spanned<Datetime>>,
    published: Option<Spanned<toml::Value>>,
    session: Option<String>,
    category: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    status: Option<Spanned<String>>,
    amends: Option<Spanned<Vec<Spanned<String>>>>,
    amended_by: Option<Spanned<Vec<Spanned<String>>>>,
    repeals: Option<Spanned<Vec<Spanned<String>>>>,
    repealed_by: Option<Spanned<String>>,
    authoritative: Option<Spanned<String>>,
    #[serde(default)]
    example: bool,
    #[serde(default)]
    attachments: Vec<AttachmentEntry>,
    translation: Option<Spanned<String>>,
}

/// Front matter of a decision's translation (`2013-014.ar.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFront {
    number: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    summary: Option<String>,
    published: Option<Spanned<Datetime>>,
    translation: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttachmentEntry {
    file: Spanned<String>,
    title: Option<Text>,
}

/// `content/decisions/decisions.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    page_size: Option<Spanned<i64>>,
    indicator: Option<Spanned<String>>,
    #[serde(default)]
    categories: BTreeMap<Spanned<String>, CategoryEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    label: Text,
    weight: Option<i64>,
}

/// Media types attachments may have, by file extension.
const MEDIA_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("csv", "text/csv"),
    ("txt", "text/plain"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];

/// A position in a file: the file and the offset of its TOML.
#[derive(Clone, Copy)]
struct At<'a> {
    file: &'a SourceFile,
    offset: usize,
}

impl At<'_> {
    fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file.rel, message).at_span(
            &self.file.text,
            span.map(|s| s.start + self.offset..s.end + self.offset),
        )
    }

    fn warning(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: crate::diagnostic::Severity::Warning,
            ..self.error(span, message)
        }
    }
}

/// Where a decision's files are read from, and how large an attachment may be.
struct Files<'a> {
    root: &'a Path,
    max_attachment_bytes: u64,
}

/// A decision's files: the original (no language) and its translations (with theirs).
type FileSet = Vec<(Option<String>, SourceFile)>;

/// A decision as read, before its links are resolved.
struct Draft<'a> {
    at: At<'a>,
    decision: Decision,
    number_span: Option<Range<usize>>,
    status: Option<Spanned<String>>,
    amends: Option<Spanned<Vec<Spanned<String>>>>,
    amended_by: Option<Spanned<Vec<Spanned<String>>>>,
    repeals: Option<Spanned<Vec<Spanned<String>>>>,
    repealed_by: Option<Spanned<String>>,
}

/// Loads and validates `content/decisions/` under `root`, reporting every problem to `diags`.
pub(super) fn load(
    root: &Path,
    languages: &[String],
    default_language: &str,
    indicators: &[&str],
    max_attachment_bytes: u64,
    diags: &mut Diagnostics,
) -> Decisions {
    let (settings_file, markdown, others) = read_files(root, diags);
    let mut decisions = Decisions::default();
    if let Some(f) = &settings_file {
        settings(
            f,
            languages,
            default_language,
            indicators,
            &mut decisions,
            diags,
        );
    }
    let sets = file_sets(markdown, languages, default_language, diags);

    let mut drafts = Vec::new();
    for ((_, name), set) in &sets {
        let Some((_, original)) = set.iter().find(|(l, _)| l.is_none()) else {
            diags.push(
                Diagnostic::error(
                    &set[0].1.rel,
                    format!("this translation has no default-language original ({name}.md)"),
                )
                .with_hint(format!("add {name}.md in the default language")),
            );
            continue;
        };
        let sources = Files {
            root,
            max_attachment_bytes,
        };
        if let Some(d) = read_decision(
            &sources,
            original,
            set,
            languages,
            default_language,
            &decisions,
            diags,
        ) {
            drafts.push(d);
        }
    }
    unique_numbers(&mut drafts, diags);
    resolve_links(&mut drafts, diags);
    unlisted_files(&drafts, &others, diags);

    let mut list: Vec<Decision> = drafts.into_iter().map(|d| d.decision).collect();
    list.sort_by(|a, b| (b.adopted, &b.number).cmp(&(a.adopted, &a.number)));
    decisions.list = list;
    decisions
}

/// The files under `content/decisions/`: the settings file, the Markdown files, and the others.
fn read_files(
    root: &Path,
    diags: &mut Diagnostics,
) -> (Option<SourceFile>, Vec<SourceFile>, BTreeSet<PathBuf>) {
    let (files, problems) = content::walk(root, DECISIONS_DIR);
    diags.extend(problems);
    let mut settings_file = None;
    let mut markdown = Vec::new();
    let mut others = BTreeSet::new();
    for rel in files {
        if rel == Path::new(SETTINGS_FILE) {
            match SourceFile::read(root, &rel) {
                Ok(f) => settings_file = Some(f),
                Err(d) => diags.push(d),
            }
        } else if rel.extension().is_some_and(|e| e == "md") {
            match SourceFile::read(root, &rel) {
                Ok(f) => markdown.push(f),
                Err(d) => diags.push(d),
            }
        } else {
            others.insert(rel);
        }
    }
    (settings_file, markdown, others)
}

/// Groups each NAME.md with its NAME.LANG.md translations, by folder and name.
fn file_sets(
    markdown: Vec<SourceFile>,
    languages: &[String],
    default_language: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<(PathBuf, String), FileSet> {
    let mut sets: BTreeMap<(PathBuf, String), FileSet> = BTreeMap::new();
    for f in markdown {
        let Some((name, lang)) = markdown_name(&f.rel) else {
            continue;
        };
        // `2013-001.AR.md` is the `ar` translation: file names may be typed in any case.
        let lang =
            lang.map(|l| content::configured_language(&l, languages).map_or(l, str::to_owned));
        if let Some(l) = &lang {
            if !languages.contains(l) || l == default_language {
                diags.push(
                    Diagnostic::error(
                        &f.rel,
                        format!(
                            "`{l}` in the file name is not a translation language of the site ({})",
                            languages
                                .iter()
                                .filter(|x| *x != default_language)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "name the default-language text {name}.md and translations {name}.LANG.md"
                    )),
                );
                continue;
            }
        }
        let dir = f.rel.parent().map(Path::to_path_buf).unwrap_or_default();
        let set = sets.entry((dir, name)).or_default();
        if let Some((_, first)) = set.iter().find(|(l, _)| *l == lang) {
            diags.push(
                Diagnostic::error(
                    &f.rel,
                    format!(
                        "this file and {} are both the `{}` text of one decision (language codes are the same whatever their case)",
                        first.rel.display(),
                        lang.as_deref().unwrap_or(default_language)
                    ),
                )
                .with_hint("keep one of the two files and delete the other"),
            );
            continue;
        }
        set.push((lang, f));
    }
    sets
}

/// Keeps the first decision of each number and reports the others: numbers are permalinks.
fn unique_numbers(drafts: &mut Vec<Draft>, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    drafts.retain(|d| match seen.get(&d.decision.number) {
        Some(first) => {
            diags.push(
                d.at.error(
                    d.number_span.clone(),
                    format!(
                        "the decision number `{}` is already used by {}",
                        d.decision.number,
                        first.display()
                    ),
                )
                .with_hint("every decision needs its own number: it is its permanent address"),
            );
            false
        }
        None => {
            seen.insert(d.decision.number.clone(), d.at.file.rel.clone());
            true
        }
    });
}

/// Warns of each of the `others` files that no decision lists among its attachments.
fn unlisted_files(drafts: &[Draft], others: &BTreeSet<PathBuf>, diags: &mut Diagnostics) {
    let referenced: BTreeSet<PathBuf> = drafts
        .iter()
        .flat_map(|d| d.decision.attachments.iter().map(|a| a.source.clone()))
        .collect();
    for rel in others.difference(&referenced) {
        diags.push(
            Diagnostic::warning(
                rel,
                "no decision lists this file among its attachments, so it is not published",
            )
            .with_hint("add it to a decision's `attachments`, or remove it"),
        );
    }
}

fn settings(
    f: &SourceFile,
    languages: &[String],
    default_language: &str,
    indicators: &[&str],
    decisions: &mut Decisions,
    diags: &mut Diagnostics,
) {
    let at = At { file: f, offset: 0 };
    let raw: Settings = match f.parse_toml() {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    if let Some(size) = &raw.page_size {
        match usize::try_from(*size.get_ref()) {
            Ok(n) if (1..=1000).contains(&n) => decisions.page_size = n,
            _ => diags.push(
                at.error(Some(size.span()), "`page_size` must be between 1 and 1000")
                    .with_hint(format!("the default is {DEFAULT_PAGE_SIZE}")),
            ),
        }
    }
    if let Some(id) = &raw.indicator {
        if indicators.contains(&id.get_ref().as_str()) {
            decisions.indicator = Some(id.get_ref().clone());
        } else {
            let mut d = at.error(
                Some(id.span()),
                format!(
                    "`indicator` names {}, which is not an indicator of results.toml",
                    id.get_ref()
                ),
            );
            if let Some(near) = closest(id.get_ref(), indicators) {
                d = d.with_hint(format!("did you mean `{near}`?"));
            }
            diags.push(d);
        }
    }
    let mut categories: Vec<(i64, DecisionCategory)> = Vec::new();
    for (id, entry) in raw.categories {
        if !is_safe_id(id.get_ref()) {
            diags.push(
                at.error(
                    Some(id.span()),
                    format!(
                        "the category id `{}` cannot be used in a web address",
                        id.get_ref()
                    ),
                )
                .with_hint("use letters, digits, `.`, `-` and `_` only"),
            );
            continue;
        }
        check_text(at, &entry.label, languages, default_language, diags);
        categories.push((
            entry.weight.unwrap_or(0),
            DecisionCategory {
                id: id.into_inner(),
                label: entry.label,
            },
        ));
    }
    categories.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    decisions.categories = categories.into_iter().map(|(_, c)| c).collect();
}

/// Checks that a text's languages are the site's and that the default one is there.
fn check_text(
    at: At,
    text: &Text,
    languages: &[String],
    default_language: &str,
    diags: &mut Diagnostics,
) {
    for lang in text.languages() {
        if let Some(c) = text.get(lang).and_then(super::xml_invalid_char) {
            diags.push(
                at.error(text.key_span(lang), super::xml_invalid_message(c))
                    .with_hint("remove it".to_owned()),
            );
        }
        if !languages.iter().any(|l| l == lang) {
            diags.push(
                at.error(
                    text.key_span(lang),
                    format!(
                        "`{lang}` is not one of the site's languages ({})",
                        languages.join(", ")
                    ),
                )
                .with_hint(content::language_hint(lang, languages)),
            );
        }
    }
    if text.get(default_language).is_none() {
        diags.push(
            at.error(
                text.span(),
                format!("this text has no version in the default language (`{default_language}`)"),
            )
            .with_hint(format!("add `{default_language} = \"…\"` to the table")),
        );
    }
}

fn plain_date(at: At, raw: &Spanned<Datetime>, diags: &mut Diagnostics) -> Option<Date> {
    let dt = raw.get_ref();
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => Some(Date {
            year: i32::from(d.year),
            month: d.month,
            day: d.day,
        }),
        _ => {
            diags.push(
                at.error(Some(raw.span()), format!("`{dt}` is not a plain date"))
                    .with_hint("write a date without time, such as 2013-03-31"),
            );
            None
        }
    }
}

fn translation_status(
    at: At,
    raw: Option<&Spanned<String>>,
    diags: &mut Diagnostics,
) -> Option<TranslationStatus> {
    let raw = raw?;
    match raw.get_ref().as_str() {
        "draft" => Some(TranslationStatus::Draft),
        "reviewed" => Some(TranslationStatus::Reviewed),
        other => {
            diags.push(
                at.error(
                    Some(raw.span()),
                    format!("unknown translation status `{other}`"),
                )
                .with_hint("write \"draft\" or \"reviewed\""),
            );
            None
        }
    }
}

/// Is `n` a decision number: a year, a dash and a sequence of three to six digits?
pub fn is_decision_number(n: &str) -> bool {
    match n.split_once('-') {
        Some((year, seq)) => {
            year.len() == 4
                && year.chars().all(|c| c.is_ascii_digit())
                && (3..=6).contains(&seq.len())
                && seq.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Reads one decision's file set. Returns `None` when the original is too broken to use.
fn read_decision<'a>(
    files: &Files<'_>,
    original: &'a SourceFile,
    set: &'a [(Option<String>, SourceFile)],
    languages: &[String],
    default_language: &str,
    decisions: &Decisions,
    diags: &mut Diagnostics,
) -> Option<Draft<'a>> {
    let (doc, front, at) = read_front(original, diags)?;
    let (number, adopted, ok) = number_and_adoption(at, &front, diags)?;
    check_title(at, &front, diags);

    let mut published = BTreeMap::new();
    let dates = (adopted, &mut published);
    original_published(at, &front, default_language, dates, diags);
    let authoritative = authoritative(at, &front, languages, default_language, diags);
    let category = category(at, &front, decisions, diags);
    check_status(at, &front, diags);
    let attachments = attachments(files, at, &front, languages, default_language, diags);

    let mut text = Translations::default();
    text.docs.insert(
        default_language.to_owned(),
        MarkdownDoc {
            file: original.rel.clone(),
            body: doc.body.to_owned(),
            title: front.title.as_ref().map(|t| t.get_ref().clone()),
            description: front.summary.clone(),
            translation: translation_status(at, front.translation.as_ref(), diags),
            front_matter: doc.front_matter_fingerprint(),
        },
    );
    for (lang, file) in set {
        let Some(lang) = lang else { continue };
        let dates = (adopted, &mut published);
        if let Some(d) = translation_doc(original, number, (lang, file), dates, diags) {
            text.docs.insert(lang.clone(), d);
        }
    }
    if !published.contains_key(&authoritative) && text.docs.contains_key(&authoritative) {
        diags.push(
            at.warning(
                front.authoritative.as_ref().map(Spanned::span),
                format!("the authoritative text ({authoritative}) has no publication date"),
            )
            .with_hint("add `published = …` to its file"),
        );
    }
    if !ok {
        return None;
    }
    Some(Draft {
        at,
        number_span: Some(number.span()),
        decision: Decision {
            number: number.get_ref().clone(),
            adopted,
            published,
            session: front.session,
            category,
            tags: front.tags,
            status: DecisionStatus::InForce,
            amends: Vec::new(),
            amended_by: Vec::new(),
            repeals: Vec::new(),
            repealed_by: None,
            authoritative,
            example: front.example,
            attachments,
            text,
        },
        status: front.status,
        amends: front.amends,
        amended_by: front.amended_by,
        repeals: front.repeals,
        repealed_by: front.repealed_by,
    })
}

/// A decision's original split into its document and front matter, with where that begins.
fn read_front<'a>(
    original: &'a SourceFile,
    diags: &mut Diagnostics,
) -> Option<(Document<'a>, Front, At<'a>)> {
    let doc = split_front_matter(original)
        .map_err(|d| diags.push(d))
        .ok()?;
    let front: Front = parse_toml_at(
        &original.rel,
        &original.text,
        doc.front_matter,
        doc.front_matter_offset,
    )
    .map_err(|d| diags.push(d))
    .ok()?;
    let at = At {
        file: original,
        offset: doc.front_matter_offset,
    };
    Some((doc, front, at))
}

/// An error about the whole of `file`, at its beginning.
fn whole_file(file: &SourceFile, message: &str, hint: &str) -> Diagnostic {
    Diagnostic::error(&file.rel, message.to_owned())
        .at(&file.text, 0)
        .with_hint(hint.to_owned())
}

/// A decision's number and adoption date, and whether the number is well formed. `None` when
/// either is missing or the date is not one.
fn number_and_adoption<'f>(
    at: At,
    front: &'f Front,
    diags: &mut Diagnostics,
) -> Option<(&'f Spanned<String>, Date, bool)> {
    let Some(number) = &front.number else {
        diags.push(whole_file(
            at.file,
            "this decision has no `number`",
            "add `number = \"2013-014\"` to the front matter: it is the decision's permanent address",
        ));
        return None;
    };
    let mut ok = true;
    if !is_decision_number(number.get_ref()) {
        diags.push(
            at.error(
                Some(number.span()),
                format!("`{}` is not a decision number", number.get_ref()),
            )
            .with_hint("write the year, a dash and the sequence number, such as \"2013-014\""),
        );
        ok = false;
    }
    let Some(adopted_raw) = &front.adopted else {
        diags.push(whole_file(
            at.file,
            "this decision has no `adopted` date",
            "add `adopted = 2013-02-14` (the date the board adopted it)",
        ));
        return None;
    };
    let adopted = plain_date(at, adopted_raw, diags)?;
    if ok && number.get_ref()[..4] != adopted.year.to_string() {
        diags.push(
            at.error(
                Some(number.span()),
                format!(
                    "the number `{}` does not begin with the year of adoption ({})",
                    number.get_ref(),
                    adopted.year
                ),
            )
            .with_hint("decisions are numbered by the year they were adopted in"),
        );
    }
    Some((number, adopted, ok))
}

/// Checks that a decision has a title, without characters XML cannot hold.
fn check_title(at: At, front: &Front, diags: &mut Diagnostics) {
    if let Some((title, c)) = front
        .title
        .as_ref()
        .and_then(|t| super::xml_invalid_char(t.get_ref()).map(|c| (t, c)))
    {
        diags.push(
            at.error(Some(title.span()), super::xml_invalid_message(c))
                .with_hint("remove it from the title".to_owned()),
        );
    }
    if front
        .title
        .as_ref()
        .is_none_or(|t| t.get_ref().trim().is_empty())
    {
        diags.push(whole_file(
            at.file,
            "this decision has no `title`",
            "add `title = \"…\"` to the front matter",
        ));
    }
}

/// Records the date a decision's text in `lang` was published, in `published`, reporting a
/// date before its adoption.
fn check_published(
    lang: &str,
    (date, span): (Date, Range<usize>),
    (adopted, published): (Date, &mut BTreeMap<String, Date>),
    at: At,
    diags: &mut Diagnostics,
) {
    if date < adopted {
        diags.push(
            at.error(
                Some(span),
                format!("published on {date}, before the decision was adopted ({adopted})"),
            )
            .with_hint(
                "a decision is published on or after the day it is adopted; check both dates",
            ),
        );
    }
    published.insert(lang.to_owned(), date);
}

/// Records the publication date of the original, in the default language.
fn original_published(
    at: At,
    front: &Front,
    default_language: &str,
    dates: (Date, &mut BTreeMap<String, Date>),
    diags: &mut Diagnostics,
) {
    if let Some(p) = &front.published {
        match p.get_ref() {
            toml::Value::Datetime(dt) => {
                let raw = Spanned::new(p.span(), *dt);
                if let Some(d) = plain_date(at, &raw, diags) {
                    check_published(default_language, (d, p.span()), dates, at, diags);
                }
            }
            _ => diags.push(
                at.error(Some(p.span()), "`published` must be a date")
                    .with_hint("write the date this text was published, such as 2013-02-20; each translation gives its own date in its file"),
            ),
        }
    }
}

/// The language of a decision's authoritative text: as written, else Arabic if the site has it,
/// else the default language.
fn authoritative(
    at: At,
    front: &Front,
    languages: &[String],
    default_language: &str,
    diags: &mut Diagnostics,
) -> String {
    let configured = front
        .authoritative
        .as_ref()
        .and_then(|a| content::configured_language(a.get_ref(), languages));
    match (&front.authoritative, configured) {
        (Some(_), Some(code)) => code.to_owned(),
        (Some(a), None) => {
            diags.push(
                at.error(
                    Some(a.span()),
                    format!(
                        "`{}` is not one of the site's languages ({})",
                        a.get_ref(),
                        languages.join(", ")
                    ),
                )
                .with_hint("the authoritative language is normally \"ar\""),
            );
            default_language.to_owned()
        }
        (None, _) if languages.iter().any(|l| l == "ar") => "ar".to_owned(),
        (None, _) => default_language.to_owned(),
    }
}

/// A decision's category, if it names one that `decisions.toml` declares.
fn category(
    at: At,
    front: &Front,
    decisions: &Decisions,
    diags: &mut Diagnostics,
) -> Option<String> {
    match &front.category {
        Some(c) if decisions.category(c.get_ref()).is_some() => Some(c.get_ref().clone()),
        Some(c) => {
            let ids: Vec<&str> = decisions.categories.iter().map(|c| c.id.as_str()).collect();
            let mut d = at.error(
                Some(c.span()),
                format!("the category `{}` is not declared", c.get_ref()),
            );
            d = match closest(c.get_ref(), &ids) {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d.with_hint(format!(
                    "declare it with its label in every language in {SETTINGS_FILE}: [categories.{}]",
                    c.get_ref()
                )),
            };
            diags.push(d);
            None
        }
        None => None,
    }
}

/// Checks that a written `status` is one of the statuses.
fn check_status(at: At, front: &Front, diags: &mut Diagnostics) {
    if let Some(s) = &front.status {
        if DecisionStatus::parse(s.get_ref()).is_none() {
            diags.push(
                at.error(Some(s.span()), format!("unknown status `{}`", s.get_ref()))
                    .with_hint("write \"in-force\", \"amended\" or \"repealed\""),
            );
        }
    }
}

/// A decision's attachments that can be published, each checked, and no two named alike.
fn attachments(
    files: &Files<'_>,
    at: At,
    front: &Front,
    languages: &[String],
    default_language: &str,
    diags: &mut Diagnostics,
) -> Vec<Attachment> {
    let mut attachments = Vec::new();
    for entry in &front.attachments {
        if let Some(title) = &entry.title {
            check_text(at, title, languages, default_language, diags);
        }
        if let Some(a) = attachment(files, at, entry, diags) {
            attachments.push(a);
        }
    }
    let mut names = BTreeSet::new();
    for (a, entry) in attachments.iter().zip(&front.attachments) {
        if !names.insert(a.name.clone()) {
            diags.push(
                at.error(
                    Some(entry.file.span()),
                    format!("two attachments of this decision are named `{}`", a.name),
                )
                .with_hint("rename one of the files"),
            );
        }
    }
    attachments
}

/// One translation of a decision: its text, checked against the original's `number`, with its
/// publication date recorded in `dates`. `None` when its front matter cannot be read.
fn translation_doc(
    original: &SourceFile,
    number: &Spanned<String>,
    (lang, file): (&str, &SourceFile),
    dates: (Date, &mut BTreeMap<String, Date>),
    diags: &mut Diagnostics,
) -> Option<MarkdownDoc> {
    let tdoc = split_front_matter(file).map_err(|d| diags.push(d)).ok()?;
    let tfront = parse_toml_at::<TranslationFront>(
        &file.rel,
        &file.text,
        tdoc.front_matter,
        tdoc.front_matter_offset,
    )
    .map_err(|d| diags.push(d))
    .ok()?;
    let tat = At {
        file,
        offset: tdoc.front_matter_offset,
    };
    if let Some(n) = &tfront.number {
        if n.get_ref() != number.get_ref() {
            diags.push(
                tat.error(
                    Some(n.span()),
                    format!(
                        "this translation says number `{}`, but its original ({}) says `{}`",
                        n.get_ref(),
                        original.rel.display(),
                        number.get_ref()
                    ),
                )
                .with_hint("the number is set in the original; remove it here or make it match"),
            );
        }
    }
    match &tfront.published {
        Some(p) => {
            if let Some(d) = plain_date(tat, p, diags) {
                check_published(lang, (d, p.span()), dates, tat, diags);
            }
        }
        None => diags.push(
            Diagnostic::error(&file.rel, "this translation has no `published` date")
                .at(&file.text, 0)
                .with_hint("add `published = 2013-02-20`, the day this text was made public; leave the file out until it is published"),
        ),
    }
    Some(MarkdownDoc {
        file: file.rel.clone(),
        body: tdoc.body.to_owned(),
        title: tfront.title.as_ref().map(|t| t.get_ref().clone()),
        description: tfront.summary.clone(),
        translation: translation_status(tat, tfront.translation.as_ref(), diags),
        front_matter: tdoc.front_matter_fingerprint(),
    })
}

/// Where an attachment may be: beside the decision, or in a folder under it.
const INSIDE_HINT: &str = "put the file beside the decision (or in a folder under content/decisions/) and write its path relative to the decision, such as \"attachments/2013-003.pdf\"";

/// Reports a problem with an attachment, at its path.
fn attachment_fail<T>(
    at: At,
    entry: &AttachmentEntry,
    message: String,
    hint: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    diags.push(
        at.error(Some(entry.file.span()), message)
            .with_hint(hint.to_owned()),
    );
    None
}

/// Checks an attachment path and its size. The path is relative to the decision's folder and
/// must stay inside it: no absolute paths, no `..`, no symbolic links; the file may be no larger
/// than `max_attachment_mib`.
fn attachment(
    files: &Files<'_>,
    at: At,
    entry: &AttachmentEntry,
    diags: &mut Diagnostics,
) -> Option<Attachment> {
    let root = files.root;
    let written = entry.file.get_ref();
    let path = Path::new(written);
    relative_attachment_path(at, entry, diags)?;
    let dir = at.file.rel.parent().unwrap_or(Path::new(""));
    let rel = dir.join(
        path.components()
            .filter(|c| *c != Component::CurDir)
            .collect::<PathBuf>(),
    );
    let cur = attachment_walk(root, at, entry, &rel, diags)?;
    let meta = match std::fs::metadata(&cur) {
        Ok(m) if m.is_file() => m,
        _ => {
            return attachment_fail(
                at,
                entry,
                format!("the attachment `{written}` is not a file"),
                INSIDE_HINT,
                diags,
            )
        }
    };
    if meta.len() > files.max_attachment_bytes {
        // An error, but the file is listed: it is not reported as a stray as well.
        diags.push(
            at.error(
                Some(entry.file.span()),
                format!(
                    "the attachment `{written}` is {}, more than the {} an attachment may be",
                    mib(meta.len()),
                    mib(files.max_attachment_bytes)
                ),
            )
            .with_hint("make the file smaller (split it, or compress its images), or raise the limit with max_attachment_mib in content/site.toml"),
        );
    }
    let inside = match (cur.canonicalize(), root.canonicalize()) {
        (Ok(file), Ok(root)) => file.starts_with(root.join(DECISIONS_DIR)),
        _ => false,
    };
    if !inside {
        return attachment_fail(
            at,
            entry,
            format!("the attachment `{written}` is outside content/decisions/"),
            INSIDE_HINT,
            diags,
        );
    }
    let (name, media_type) = attachment_name(at, entry, diags)?;
    Some(Attachment {
        source: rel,
        name,
        title: entry.title.clone(),
        size: meta.len(),
        media_type,
    })
}

/// Checks that an attachment path is written relative to the decision and stays below it.
fn relative_attachment_path(
    at: At,
    entry: &AttachmentEntry,
    diags: &mut Diagnostics,
) -> Option<()> {
    let written = entry.file.get_ref();
    let path = Path::new(written);
    if written.trim().is_empty() {
        return attachment_fail(
            at,
            entry,
            "the attachment path is empty".into(),
            INSIDE_HINT,
            diags,
        );
    }
    if path.is_absolute()
        || written.starts_with('/')
        || written.starts_with('\\')
        || written.contains(':')
    {
        return attachment_fail(
            at,
            entry,
            format!("the attachment `{written}` is an absolute path; attachments must be inside the site"),
            INSIDE_HINT,
            diags,
        );
    }
    if written.contains('\\')
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return attachment_fail(
            at,
            entry,
            format!("the attachment `{written}` leaves the decision's folder (`..`)"),
            INSIDE_HINT,
            diags,
        );
    }
    Some(())
}

/// Walks an attachment's path from the decision's folder down, refusing symbolic links at every
/// step, and gives the file's path under `root` (`rel` is its path for messages).
fn attachment_walk(
    root: &Path,
    at: At,
    entry: &AttachmentEntry,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    let written = entry.file.get_ref();
    let dir = at.file.rel.parent().unwrap_or(Path::new(""));
    let mut cur = root.join(dir);
    for c in Path::new(written).components() {
        if let Component::Normal(part) = c {
            cur.push(part);
            match std::fs::symlink_metadata(&cur) {
                Ok(m) if m.file_type().is_symlink() => {
                    return attachment_fail(
                        at,
                        entry,
                        format!("the attachment `{written}` is (or goes through) a symbolic link"),
                        "copy the file into content/decisions/ instead of linking to it",
                        diags,
                    );
                }
                Ok(_) => {}
                Err(_) => {
                    return attachment_fail(
                        at,
                        entry,
                        format!(
                            "the attachment `{written}` does not exist ({} is missing)",
                            rel.display()
                        ),
                        "check the file name; the path is relative to the decision's file",
                        diags,
                    );
                }
            }
        }
    }
    Some(cur)
}

/// An attachment's file name, if it can be used in a web address, and its media type, if it is
/// one that may be published.
fn attachment_name(
    at: At,
    entry: &AttachmentEntry,
    diags: &mut Diagnostics,
) -> Option<(String, &'static str)> {
    let name = Path::new(entry.file.get_ref())
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    if !is_safe_id(&name) {
        return attachment_fail(
            at,
            entry,
            format!("the file name `{name}` cannot be used in a web address"),
            "rename the file with letters, digits, `.`, `-` and `_` only",
            diags,
        );
    }
    let ext = Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let Some((_, media_type)) = MEDIA_TYPES.iter().find(|(e, _)| *e == ext) else {
        let known: Vec<&str> = MEDIA_TYPES.iter().map(|(e, _)| *e).collect();
        return attachment_fail(
            at,
            entry,
            format!("`.{ext}` files cannot be published as attachments"),
            &format!("use one of: {}", known.join(", ")),
            diags,
        );
    };
    Some((name, *media_type))
}

/// A size in MiB for messages: `16 MiB`, `16.5 MiB`.
fn mib(bytes: u64) -> String {
    let whole = bytes / (1024 * 1024);
    if bytes % (1024 * 1024) == 0 {
        format!("{whole} MiB")
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Reports every circle of amendments and repeals (2013-001 amends 2013-002, which amends
/// 2013-003, which amends 2013-001): no decision can be changed by one it changed itself. One
/// error per circle, at its first link, naming each link with the place it is written.
fn report_circles(links: &[(&Edge, &str)], drafts: &[Draft], diags: &mut Diagnostics) {
    // The first written link between each pair, in a stable order.
    let mut next: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (i, (e, _)) in links.iter().enumerate() {
        next.entry(&e.from).or_default().entry(&e.to).or_insert(i);
    }
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for group in strongly_connected(&next) {
        let Some(start) = group.iter().copied().find(|n| !reported.contains(n)) else {
            continue;
        };
        let Some(circle) = shortest_circle(start, &next, &group) else {
            continue;
        };
        reported.extend(group.iter().copied());
        let place = |i: usize| {
            let (e, verb) = links[i];
            let at = drafts[e.written_by].at;
            let pos = Position::of_offset(&at.file.text, e.span.start + at.offset);
            format!(
                "{} {verb} {} ({}:{}:{})",
                e.from,
                e.to,
                at.file.rel.display(),
                pos.line,
                pos.column
            )
        };
        let chain: Vec<String> = circle.iter().map(|&i| place(i)).collect();
        let first = links[circle[0]].0;
        diags.push(
            drafts[first.written_by]
                .at
                .error(
                    Some(first.span.clone()),
                    format!(
                        "these decisions amend or repeal each other in a circle: {}",
                        chain.join(", ")
                    ),
                )
                .with_hint("a decision can only change one adopted before it: remove the link that closes the circle"),
        );
    }
}

/// The groups of decisions (two or more) that can each be reached from any other by following
/// links: where the circles are. Kosaraju's two passes, without recursion.
fn strongly_connected<'a>(next: &BTreeMap<&'a str, BTreeMap<&'a str, usize>>) -> Vec<Vec<&'a str>> {
    let mut back: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, tos) in next {
        for to in tos.keys() {
            back.entry(to).or_default().push(from);
        }
    }
    // First pass: the order in which depth-first walks finish.
    let mut finished: Vec<&str> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for &root in next.keys() {
        if !seen.insert(root) {
            continue;
        }
        let mut stack = vec![(root, next[root].keys().copied().collect::<Vec<_>>())];
        while let Some((node, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(n) if seen.insert(n) => {
                    let after = next
                        .get(n)
                        .map(|t| t.keys().copied().collect())
                        .unwrap_or_default();
                    stack.push((n, after));
                }
                Some(_) => {}
                None => {
                    finished.push(node);
                    stack.pop();
                }
            }
        }
    }
    // Second pass: against the links, latest finished first; each walk is one group.
    let mut groups = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    for &root in finished.iter().rev() {
        if !placed.insert(root) {
            continue;
        }
        let (mut group, mut todo) = (vec![root], vec![root]);
        while let Some(n) = todo.pop() {
            for &m in back.get(n).into_iter().flatten() {
                if placed.insert(m) {
                    group.push(m);
                    todo.push(m);
                }
            }
        }
        if group.len() > 1 {
            group.sort_unstable();
            groups.push(group);
        }
    }
    groups.sort();
    groups
}

/// The shortest circle from `start` back to it inside `group`, as the links it follows.
fn shortest_circle(
    start: &str,
    next: &BTreeMap<&str, BTreeMap<&str, usize>>,
    group: &[&str],
) -> Option<Vec<usize>> {
    let mut came_by: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for (&m, &link) in next.get(n).into_iter().flatten() {
            if !group.contains(&m) || came_by.contains_key(m) {
                continue;
            }
            came_by.insert(m, (n, link));
            if m == start {
                let mut circle = vec![link];
                let mut at = n;
                while at != start {
                    let (prev, l) = came_by[at];
                    circle.push(l);
                    at = prev;
                }
                circle.reverse();
                return Some(circle);
            }
            queue.push_back(m);
        }
    }
    None
}

/// One side of a link between two decisions, as written.
struct Edge {
    from: String,
    to: String,
    /// The decision whose front matter wrote it, and where.
    written_by: usize,
    span: Range<usize>,
}

/// Repeals by the repealed decision's number: the repealing one, who wrote it, and where.
type Repeals = BTreeMap<String, (String, usize, Range<usize>)>;

/// Resolves `amends`/`amended_by` and `repeals`/`repealed_by` both ways, checks them, and derives
/// each decision's status.
fn resolve_links(drafts: &mut [Draft], diags: &mut Diagnostics) {
    let index: BTreeMap<String, usize> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.decision.number.clone(), i))
        .collect();
    let (amend_edges, repeal_edges) = link_edges(drafts, &index, diags);

    // A side that is written must agree with the other side.
    link_conflicts(
        &amend_edges,
        ("amends", "amended_by"),
        drafts,
        &index,
        diags,
    );
    link_conflicts(
        &repeal_edges,
        ("repeals", "repealed_by"),
        drafts,
        &index,
        diags,
    );

    let mut amends: BTreeSet<(String, String)> = BTreeSet::new();
    for e in &amend_edges {
        amends.insert((e.from.clone(), e.to.clone()));
    }
    let repeals = repeals_once(&repeal_edges, drafts, diags);
    check_link_order(drafts, &amend_edges, &repeals, diags);
    let links: Vec<(&Edge, &str)> = amend_edges
        .iter()
        .map(|e| (e, "amends"))
        .chain(repeal_edges.iter().map(|e| (e, "repeals")))
        .collect();
    report_circles(&links, drafts, diags);
    derive_links(drafts, &amends, &repeals, diags);
}

/// Every link the decisions write, as edges `from` amends/repeals `to` whichever side wrote it:
/// the amendments, then the repeals. Links to no decision (or to itself) are reported.
fn link_edges(
    drafts: &[Draft],
    index: &BTreeMap<String, usize>,
    diags: &mut Diagnostics,
) -> (Vec<Edge>, Vec<Edge>) {
    let numbers: Vec<&str> = index.keys().map(String::as_str).collect();
    let mut amend_edges: Vec<Edge> = Vec::new();
    let mut repeal_edges: Vec<Edge> = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let me = &d.decision.number;
        let refer = |target: &Spanned<String>, field: &str, diags: &mut Diagnostics| {
            refers(d, target, field, (index, &numbers), diags)
        };
        let edge = |from: &String, to: &String, span: Range<usize>| Edge {
            from: from.clone(),
            to: to.clone(),
            written_by: i,
            span,
        };
        for t in d.amends.iter().flat_map(|l| l.get_ref()) {
            if refer(t, "amends", diags) {
                amend_edges.push(edge(me, t.get_ref(), t.span()));
            }
        }
        for s in d.amended_by.iter().flat_map(|l| l.get_ref()) {
            if refer(s, "amended_by", diags) {
                amend_edges.push(edge(s.get_ref(), me, s.span()));
            }
        }
        for t in d.repeals.iter().flat_map(|l| l.get_ref()) {
            if refer(t, "repeals", diags) {
                repeal_edges.push(edge(me, t.get_ref(), t.span()));
            }
        }
        if let Some(s) = &d.repealed_by {
            if refer(s, "repealed_by", diags) {
                repeal_edges.push(edge(s.get_ref(), me, s.span()));
            }
        }
    }
    (amend_edges, repeal_edges)
}

/// Does `target`, written in `d`'s `field`, name another decision of `index`? Reports it if not.
fn refers(
    d: &Draft,
    target: &Spanned<String>,
    field: &str,
    (index, numbers): (&BTreeMap<String, usize>, &[&str]),
    diags: &mut Diagnostics,
) -> bool {
    let me = &d.decision.number;
    let t = target.get_ref();
    if t == me {
        diags.push(d.at.error(
            Some(target.span()),
            format!("decision {me} cannot name itself in `{field}`"),
        ));
        return false;
    }
    if index.contains_key(t) {
        return true;
    }
    let mut diag = d.at.error(
        Some(target.span()),
        format!("`{field}` names decision {t}, which does not exist"),
    );
    diag = match closest(t, numbers) {
        Some(near) => diag.with_hint(format!("did you mean {near}?")),
        None => diag.with_hint("check the number, or add the decision to content/decisions/"),
    };
    diags.push(diag);
    false
}

/// Reports each of `edges` whose other side (`forward` or `backward` field) is written but does
/// not list it.
fn link_conflicts(
    edges: &[Edge],
    (forward, backward): (&str, &str),
    drafts: &[Draft],
    index: &BTreeMap<String, usize>,
    diags: &mut Diagnostics,
) {
    for e in edges {
        let (other, other_field, other_side) = if drafts[e.written_by].decision.number == e.from {
            (index[&e.to], backward, &e.from)
        } else {
            (index[&e.from], forward, &e.to)
        };
        let o = &drafts[other];
        let Some(list) = written_links(o, other_field) else {
            continue;
        };
        if !list.contains(&other_side) {
            let span = match other_field {
                "amends" => o.amends.as_ref().map(Spanned::span),
                "amended_by" => o.amended_by.as_ref().map(Spanned::span),
                "repeals" => o.repeals.as_ref().map(Spanned::span),
                _ => o.repealed_by.as_ref().map(Spanned::span),
            };
            let writer = &drafts[e.written_by];
            diags.push(
                o.at.error(
                    span,
                    format!(
                        "{} ({}) links it to this decision, but `{other_field}` here does not list {other_side}",
                        writer.decision.number,
                        writer.at.file.rel.display(),
                    ),
                )
                .with_hint("write each link on one side only (the other side is derived), or make both sides agree"),
            );
        }
    }
}

/// The decisions `o` lists in its link `field`, if it writes that field.
fn written_links<'a>(o: &'a Draft, field: &str) -> Option<Vec<&'a String>> {
    match field {
        "amends" => o
            .amends
            .as_ref()
            .map(|l| l.get_ref().iter().map(|s| s.get_ref()).collect()),
        "amended_by" => o
            .amended_by
            .as_ref()
            .map(|l| l.get_ref().iter().map(|s| s.get_ref()).collect()),
        "repeals" => o
            .repeals
            .as_ref()
            .map(|l| l.get_ref().iter().map(|s| s.get_ref()).collect()),
        _ => o.repealed_by.as_ref().map(|s| vec![s.get_ref()]),
    }
}

/// The repeals of `edges`, keeping the first of each decision and reporting the others.
fn repeals_once(edges: &[Edge], drafts: &[Draft], diags: &mut Diagnostics) -> Repeals {
    let mut repeals: Repeals = BTreeMap::new();
    for e in edges {
        match repeals.get(&e.to) {
            Some((other, _, _)) if *other != e.from => {
                diags.push(
                    drafts[e.written_by]
                        .at
                        .error(
                            Some(e.span.clone()),
                            format!(
                                "decision {} is repealed both by {other} and by {}",
                                e.to, e.from
                            ),
                        )
                        .with_hint("a decision can be repealed only once; keep the earlier repeal"),
                );
            }
            Some(_) => {}
            None => {
                repeals.insert(e.to.clone(), (e.from.clone(), e.written_by, e.span.clone()));
            }
        }
    }
    repeals
}

/// Checks that a decision only changes one adopted before it: amendments, then repeals.
fn check_link_order(
    drafts: &[Draft],
    amend_edges: &[Edge],
    repeals: &Repeals,
    diags: &mut Diagnostics,
) {
    let adopted: BTreeMap<String, Date> = drafts
        .iter()
        .map(|d| (d.decision.number.clone(), d.decision.adopted))
        .collect();
    let mut check_order = |from: &str,
                           to: &str,
                           verb: &str,
                           written_by: usize,
                           span: &Range<usize>| {
        if adopted[from] < adopted[to] {
            diags.push(
                drafts[written_by]
                    .at
                    .error(
                        Some(span.clone()),
                        format!(
                            "decision {from} (adopted {}) cannot {verb} decision {to}, adopted later ({})",
                            adopted[from], adopted[to]
                        ),
                    )
                    .with_hint("check the numbers and the adoption dates"),
            );
        }
    };
    for e in amend_edges {
        check_order(&e.from, &e.to, "amend", e.written_by, &e.span);
    }
    for (to, (from, w, span)) in repeals {
        check_order(from, to, "repeal", *w, span);
    }
}

/// Sets each decision's links both ways and its status, derived from them.
fn derive_links(
    drafts: &mut [Draft],
    amends: &BTreeSet<(String, String)>,
    repeals: &Repeals,
    diags: &mut Diagnostics,
) {
    for d in drafts.iter_mut() {
        let me = d.decision.number.clone();
        d.decision.amends = amends
            .iter()
            .filter(|(f, _)| *f == me)
            .map(|(_, t)| t.clone())
            .collect();
        d.decision.amended_by = amends
            .iter()
            .filter(|(_, t)| *t == me)
            .map(|(f, _)| f.clone())
            .collect();
        d.decision.repeals = repeals
            .iter()
            .filter(|(_, (f, _, _))| *f == me)
            .map(|(t, _)| t.clone())
            .collect();
        d.decision.repealed_by = repeals.get(&me).map(|(f, _, _)| f.clone());
        let derived = if d.decision.repealed_by.is_some() {
            DecisionStatus::Repealed
        } else if !d.decision.amended_by.is_empty() {
            DecisionStatus::Amended
        } else {
            DecisionStatus::InForce
        };
        check_written_status(d, derived, diags);
        d.decision.status = derived;
    }
}

/// Reports a `status` written in `d` that disagrees with the one `derived` from its links.
fn check_written_status(d: &Draft, derived: DecisionStatus, diags: &mut Diagnostics) {
    let Some(s) = &d.status else { return };
    let Some(written) = DecisionStatus::parse(s.get_ref()) else {
        return;
    };
    if written == derived {
        return;
    }
    let why = match derived {
        DecisionStatus::Repealed => format!(
            "decision {} repeals it",
            d.decision.repealed_by.as_deref().unwrap_or_default()
        ),
        DecisionStatus::Amended => {
            format!("decision {} amends it", d.decision.amended_by.join(", "))
        }
        DecisionStatus::InForce => "no decision amends or repeals it".to_owned(),
    };
    diags.push(
        d.at.error(
            Some(s.span()),
            format!("the status is `{}`, but {why}", written.as_str()),
        )
        .with_hint(match written {
            DecisionStatus::Repealed => "name the repealing decision with `repealed_by = \"…\"`, or remove `status` (it is derived from the links)",
            DecisionStatus::Amended => "name the amending decision with `amended_by = [\"…\"]`, or remove `status` (it is derived from the links)",
            DecisionStatus::InForce => "remove `status`: it is derived from the links",
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circles_are_found_whatever_their_shape() {
        let pairs = [
            ("a", "b"),
            ("b", "c"),
            ("c", "a"),
            ("c", "d"),
            ("d", "e"),
            ("f", "g"),
            ("g", "f"),
            ("g", "h"),
            ("h", "g"),
        ];
        let mut next: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for (i, (from, to)) in pairs.iter().enumerate() {
            next.entry(from).or_default().insert(to, i);
        }
        let groups = strongly_connected(&next);
        assert_eq!(groups, [vec!["a", "b", "c"], vec!["f", "g", "h"]]);
        assert_eq!(shortest_circle("a", &next, &groups[0]), Some(vec![0, 1, 2]));
        assert_eq!(shortest_circle("f", &next, &groups[1]), Some(vec![5, 6]));
        assert_eq!(shortest_circle("d", &next, &["d", "e"]), None);
        // A long chain is walked without recursion.
        let names: Vec<String> = (0..20_000).map(|i| format!("{i:05}")).collect();
        let mut chain: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for (i, w) in names.windows(2).enumerate() {
            chain.entry(&w[0]).or_default().insert(&w[1], i);
        }
        assert!(strongly_connected(&chain).is_empty());
        chain
            .entry(&names[19_999])
            .or_default()
            .insert(&names[0], 20_000);
        assert_eq!(strongly_connected(&chain)[0].len(), 20_000);
    }

    #[test]
    fn decision_numbers() {
        assert!(is_decision_number("2013-014"));
        assert!(is_decision_number("2013-0140"));
        assert!(!is_decision_number("2013-14"));
        assert!(!is_decision_number("13-014"));
        assert!(!is_decision_number("2013/014"));
        assert!(!is_decision_number("../x"));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[4]), Some(4.0));
        assert_eq!(median(&[1, 2, 10]), Some(2.0));
        assert_eq!(median(&[1, 2, 3, 10]), Some(2.5));
    }
}
