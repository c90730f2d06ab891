//! Views: the model resolved for one language, ready for templates.
//!
//! Every text is resolved here, once per language (a missing translation becomes the default
//! language's text inside an element carrying its own `lang` and `dir`), and every figure is
//! formatted with the language's [`Formatter`]. Templates never do either.

use minijinja::Value;
use serde::Serialize;

use super::markdown;
use super::pages::route::Route;
use crate::i18n::{Formatter, UiStrings};
use crate::model::{
    Assessment, Beneficiaries, Date, Digits, Figure, Flag, Funds, Indicator, Kind, Language,
    Output, Period, Quote, Site, Text, TranslationStatus, Translations, Trend,
};

/// Resolves texts and formats figures for one language.
pub struct Localizer<'a> {
    /// The site.
    pub site: &'a Site,
    /// The language being rendered.
    pub lang: &'a Language,
    /// Its formatter.
    pub fmt: Formatter,
    /// Interface strings.
    pub ui: &'a UiStrings,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

impl<'a> Localizer<'a> {
    /// A localizer for `lang`.
    pub fn new(site: &'a Site, lang: &'a Language, ui: &'a UiStrings) -> Localizer<'a> {
        Localizer {
            site,
            lang,
            fmt: Formatter::new(lang),
            ui,
        }
    }

    fn default_language(&self) -> &Language {
        self.site.default_language()
    }

    /// Wraps HTML in the default language in an element that says so, for a reader of another.
    fn fallback_wrap(&self, html: &str, block: bool) -> String {
        self.fallback_wrap_in(self.default_language(), html, block)
    }

    /// `html` in the language `d`, marked as shown for want of this page's language.
    pub fn fallback_wrap_in(&self, d: &Language, html: &str, block: bool) -> String {
        let tag = if block { "div" } else { "span" };
        format!(
            "<{tag} lang=\"{}\" dir=\"{}\" class=\"fallback\" data-fallback>{html}</{tag}>",
            d.code,
            d.direction.as_str()
        )
    }

    /// A text for this language (a safe HTML string when it falls back). Digits in a text of
    /// this language are written in its digits (`2013` → `٢٠١٣`), like the figures around it.
    pub fn text(&self, t: &Text) -> Value {
        let r = t.resolve(&self.lang.code, &self.site.config.default_language);
        if r.fallback {
            Value::from_safe_string(self.fallback_wrap(&escape(r.text), false))
        } else {
            Value::from(self.fmt.digits(r.text))
        }
    }

    /// A text as plain words, for attributes and titles.
    pub fn plain(&self, t: &Text) -> String {
        let r = t.resolve(&self.lang.code, &self.site.config.default_language);
        if r.fallback {
            r.text.to_owned()
        } else {
            self.fmt.digits(r.text)
        }
    }

    /// An optional text (`none` in templates when absent).
    pub fn opt_text(&self, t: Option<&Text>) -> Value {
        t.map_or(Value::from(()), |t| self.text(t))
    }

    /// A list of texts.
    pub fn texts(&self, ts: &[Text]) -> Vec<Value> {
        ts.iter().map(|t| self.text(t)).collect()
    }

    /// Markdown rendered to HTML; text in this language (not a `fallback`) gets its digits.
    fn markdown(&self, body: &str, prefix: &str, fallback: bool) -> String {
        let raw = self.site.config.raw_html;
        if fallback || self.lang.digits == Digits::Latn {
            markdown::to_html(body, prefix, raw)
        } else {
            markdown::to_html_localized(body, prefix, raw, &|s| self.fmt.digits(s))
        }
    }

    /// A Markdown text from TOML, rendered to HTML.
    pub fn markdown_text(&self, t: Option<&Text>, prefix: &str) -> Value {
        let Some(t) = t else { return Value::from(()) };
        let r = t.resolve(&self.lang.code, &self.site.config.default_language);
        let html = self.markdown(r.text, prefix, r.fallback);
        Value::from_safe_string(if r.fallback {
            self.fallback_wrap(&html, true)
        } else {
            html
        })
    }

    /// A Markdown document in this language (or the default one), rendered to HTML, with its
    /// title and whether it is a draft translation.
    pub fn document(&self, t: &Translations, prefix: &str) -> Option<DocumentView> {
        self.document_or(t, prefix, self.default_language())
    }

    /// A Markdown document in this language, or else in `other` (marked as such).
    pub fn document_or(
        &self,
        t: &Translations,
        prefix: &str,
        other: &Language,
    ) -> Option<DocumentView> {
        let (doc, fallback) = t.resolve(&self.lang.code, &other.code)?;
        let html = self.markdown(&doc.body, prefix, fallback);
        let title = doc.title.as_deref().map(|s| {
            if fallback {
                Value::from_safe_string(self.fallback_wrap_in(other, &escape(s), false))
            } else {
                Value::from(self.fmt.digits(s))
            }
        });
        Some(DocumentView {
            title,
            title_plain: doc.title.clone(),
            description: doc.description.clone(),
            html: Value::from_safe_string(if fallback {
                self.fallback_wrap_in(other, &html, true)
            } else {
                html
            }),
            draft: !fallback && doc.translation == Some(TranslationStatus::Draft),
            fallback,
        })
    }

    /// An interface string.
    pub fn ui(&self, key: &str) -> String {
        self.ui
            .get(&self.lang.code, key)
            .map_or_else(|| key.to_owned(), |(s, _)| s.to_owned())
    }

    /// The counted interface string `key` for `n`, in its CLDR plural form, with `{n}` filled
    /// in the language's digits.
    pub fn counted(&self, key: &str, n: f64) -> String {
        let shown = self.fmt.number(n);
        let text = self
            .ui
            .counted(&self.lang.code, key, &crate::i18n::machine_number(n))
            .map_or_else(|| key.to_owned(), |(s, _)| s.to_owned());
        text.replace("{n}", &shown)
    }

    /// The interface string `key` for HTML text: the string itself, or, when the language lacks
    /// it, the default language's inside `<span lang dir>` so that it keeps its own direction.
    pub fn ui_html(&self, key: &str) -> Value {
        match self.ui.get(&self.lang.code, key) {
            Some((s, true)) => {
                let (lang, dir) = self.ui.fallback_marks();
                Value::from_safe_string(format!(
                    "<span lang=\"{lang}\" dir=\"{dir}\">{}</span>",
                    minijinja::HtmlEscape(s)
                ))
            }
            Some((s, false)) => Value::from(s),
            None => Value::from(key),
        }
    }

    /// An id such as `1.1.9` in the language's digits.
    pub fn id(&self, id: &str) -> String {
        let shown = self.fmt.digits(id);
        if shown == id || !id.contains('-') {
            return shown;
        }
        // Between Arabic-Indic digits a hyphen takes the right-to-left order, and `2013-003`
        // would read `003-2013` even in a left-to-right run: left-to-right marks keep it.
        shown.replace('-', "\u{200E}-\u{200E}")
    }

    /// A date in words.
    pub fn date(&self, d: Option<Date>) -> Option<String> {
        d.map(|d| self.fmt.date(d))
    }

    /// A figure formatted for an indicator of `kind` (percentages get a % sign), with the
    /// digits as written.
    pub fn figure(&self, f: Option<&Figure>, kind: Kind) -> FigureView {
        self.figure_in(f, kind, None)
    }

    /// A figure of indicator `i`: in its currency for money, with its unit beside it.
    pub fn indicator_figure(&self, f: Option<&Figure>, i: &Indicator) -> FigureView {
        let mut view = self.figure_in(f, i.kind, i.currency.as_deref());
        if view.number.is_some() {
            view.unit = self.unit(i);
        }
        view
    }

    /// The label of indicator `i`'s unit, if it has one.
    pub fn unit(&self, i: &Indicator) -> Option<Value> {
        i.unit
            .as_deref()
            .and_then(|u| self.site.unit(u))
            .map(|u| self.text(&u.label))
    }

    fn figure_in(&self, f: Option<&Figure>, kind: Kind, currency: Option<&str>) -> FigureView {
        match f {
            None => FigureView {
                display: Value::from(()),
                number: None,
                term: None,
                stage: None,
                unit: None,
            },
            Some(Figure::Number(n)) => FigureView {
                display: Value::from(match (kind, currency) {
                    (Kind::Percentage, _) => self.fmt.exact_percent(n),
                    (Kind::Money, Some(c)) => self.fmt.exact_money(n, c),
                    _ => self.fmt.exact(n),
                }),
                number: Some(n.value()),
                term: None,
                stage: None,
                unit: None,
            },
            Some(Figure::Term(t)) => {
                let term = self.site.term(t);
                FigureView {
                    display: term
                        .map_or_else(|| Value::from(t.as_str()), |term| self.text(&term.label)),
                    number: None,
                    term: Some(t.clone()),
                    stage: term.and_then(|t| t.stage),
                    unit: None,
                }
            }
        }
    }

    /// A reported percentage (`percent` fields).
    pub fn percent(&self, f: Option<&Figure>) -> FigureView {
        self.figure(f, Kind::Percentage)
    }

    /// The computed assessment, labelled in this language.
    pub fn assessment(&self, a: Option<Assessment>) -> Option<AssessmentView> {
        a.map(|a| AssessmentView {
            id: a.as_str(),
            label: self.ui(&format!("assessment.{}", a.as_str())),
        })
    }

    /// A flag explained in this language, quoting the figures.
    pub fn flag(&self, flag: &Flag) -> String {
        let f = &self.fmt;
        let (key, quotes) = flag.quotes();
        let args = quotes.into_iter().map(|(name, q)| {
            let text = match q {
                Quote::Percent(n) => f.percent(n),
                Quote::Computed(n) => f.computed_percent(n),
                Quote::Number(n) => f.number(n),
                Quote::Field(field) => self.ui(&format!("funds.{field}")),
            };
            (name, text)
        });
        let mut s = self.ui(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), &value);
        }
        s
    }

    /// Flags explained, each saying whether the editors acknowledged it.
    pub fn flags(&self, flags: &[Flag], acknowledged: &[String]) -> Vec<FlagView> {
        flags
            .iter()
            .map(|f| FlagView {
                text: self.flag(f),
                acknowledged: acknowledged.iter().any(|k| k == f.key()),
            })
            .collect()
    }

    /// The view of an organisation by id.
    pub fn organisation(&self, id: &str) -> Option<OrganisationView> {
        self.site.organisation(id).map(|o| OrganisationView {
            id: o.id.clone(),
            acronym: o.acronym.clone(),
            name: self.text(&o.name),
        })
    }

    /// The summary view of an output, with its progress in `period`.
    pub fn output(&self, o: &Output, period: Option<&Period>) -> OutputView {
        OutputView {
            id: o.id.clone(),
            id_display: self.id(&o.id),
            route: Route::Output(o.id.clone()).href(),
            title: self.text(&o.title),
            title_plain: self.plain(&o.title),
            reported_title: self.opt_text(o.reported_title.as_ref()),
            programme_output: o.programme_output.clone(),
            lead: o.lead.as_deref().and_then(|id| self.organisation(id)),
            with: o
                .with
                .iter()
                .filter_map(|id| self.organisation(id))
                .collect(),
            percent: self.percent(period.and_then(|p| p.output_progress.get(&o.id))),
            notes: self.texts(&o.notes),
            indicator_count: self.site.indicators_of(&o.id).count(),
        }
    }

    /// The summary view of an indicator, with its value in `period`.
    pub fn indicator(&self, i: &Indicator, period: Option<&Period>) -> IndicatorView {
        let value = period.and_then(|p| p.value(&i.id));
        IndicatorView {
            id: i.id.clone(),
            id_display: self.id(&i.id),
            route: Route::Indicator(i.id.clone()).href(),
            output: i.output.clone(),
            kind: i.kind,
            title: self.text(&i.title),
            title_plain: self.plain(&i.title),
            reported_title: self.opt_text(i.reported_title.as_ref()),
            target: self.indicator_figure(i.target.as_ref(), i),
            baseline: i.baseline.as_ref().map(|b| BaselineView {
                value: self.indicator_figure(Some(&b.value), i),
                date: self.date(b.date),
                notes: self.texts(&b.notes),
            }),
            direction: i.direction,
            direction_label: self.ui_html(&format!("direction.{}", i.direction.as_str())),
            unit: self.unit(i),
            value: value.zip(period).map(|(v, p)| self.value(i, p, v)),
        }
    }

    /// An indicator's value for one period.
    pub fn value(&self, i: &Indicator, p: &Period, v: &crate::model::Value) -> ValueView {
        let dimension = i
            .disaggregation
            .as_deref()
            .and_then(|d| self.site.dimension(d));
        let breakdown = v
            .breakdown
            .iter()
            .map(|(cat, n)| {
                let label = dimension
                    .and_then(|d| d.categories.iter().find(|c| &c.id == cat))
                    .map_or_else(|| Value::from(cat.as_str()), |c| self.text(&c.label));
                let kind = match i.kind {
                    Kind::Percentage | Kind::Money => i.kind,
                    _ => Kind::Count,
                };
                let mut value = self.figure_in(
                    Some(&Figure::Number(n.clone())),
                    kind,
                    i.currency.as_deref(),
                );
                if kind == Kind::Count {
                    value.unit = self.unit(i);
                }
                PartView {
                    id: cat.clone(),
                    label,
                    value,
                }
            })
            .collect();
        ValueView {
            period: p.id.clone(),
            actual: self.indicator_figure(v.actual.as_ref(), i),
            target: v.target.as_ref().map(|t| self.indicator_figure(Some(t), i)),
            percent: self.percent(v.percent.as_ref()),
            computed_percent: v.computed_percent.map(|n| self.fmt.computed_percent(n)),
            computed_percent_number: v.computed_percent,
            assessment: self.assessment(v.assessment),
            breakdown,
            notes: self.texts(&v.notes),
            flags: self.flags(&v.flags, &v.acknowledged),
        }
    }

    /// A funds row.
    pub fn funds(&self, f: &Funds) -> FundsView {
        let currency = &self.site.programme.currency;
        FundsView {
            organisation: f
                .organisation
                .as_deref()
                .and_then(|id| self.organisation(id)),
            total: f.organisation.is_none(),
            approved: f.approved.map(|n| self.fmt.money(n, currency)),
            approved_number: f.approved,
            committed: f.committed.map(|n| self.fmt.money(n, currency)),
            committed_number: f.committed,
            committed_percent: f.committed_percent.map(|n| self.fmt.percent(n)),
            committed_percent_number: f.committed_percent,
            disbursed: f.disbursed.map(|n| self.fmt.money(n, currency)),
            disbursed_number: f.disbursed,
            disbursed_percent: f.disbursed_percent.map(|n| self.fmt.percent(n)),
            disbursed_percent_number: f.disbursed_percent,
            forecast_final_date: self.date(f.forecast_final_date),
            delay_months: f.delay_months.map(|n| self.fmt.number(n)),
            notes: self.texts(&f.notes),
            flags: self.flags(&f.flags, &f.acknowledged),
        }
    }

    /// A beneficiary group.
    pub fn beneficiaries(&self, b: &Beneficiaries) -> BeneficiaryView {
        BeneficiaryView {
            id: b.id.clone(),
            label: self.text(&b.label),
            target: self.figure(b.target.as_ref(), Kind::Count),
            actual: self.figure(b.actual.as_ref(), Kind::Count),
            percent: self.percent(b.percent.as_ref()),
            notes: self.texts(&b.notes),
            flags: self.flags(&b.flags, &[]),
        }
    }

    /// The summary view of a period.
    pub fn period(&self, p: &Period) -> PeriodView {
        PeriodView {
            id: p.id.clone(),
            id_display: self.id(&p.id),
            route: Route::Period(p.id.clone()).href(),
            label: self.text(&p.label),
            label_plain: self.plain(&p.label),
            start: self.fmt.date(p.start),
            end: self.fmt.date(p.end),
            source: self.opt_text(p.source.as_ref()),
            value_count: self.fmt.number(p.values.len() as f64),
            narrative_count: self.fmt.number(p.narratives.len() as f64),
        }
    }

    /// Is the version of `t` in this language a draft translation? (A fallback to the default
    /// language is not: readers are told about those by the fallback notice.)
    pub fn is_draft_doc(&self, t: &Translations) -> bool {
        self.lang.code != self.site.config.default_language
            && t.docs.get(&self.lang.code).and_then(|d| d.translation)
                == Some(TranslationStatus::Draft)
    }

    /// Is `state` a draft in this language?
    pub fn is_draft(&self, state: &crate::model::TranslationState) -> bool {
        self.lang.code != self.site.config.default_language
            && state.get(&self.lang.code) == Some(&TranslationStatus::Draft)
    }
}

/// A Markdown document resolved for a language.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// Title from front matter.
    pub title: Option<Value>,
    /// Title as plain text.
    pub title_plain: Option<String>,
    /// Description from front matter.
    pub description: Option<String>,
    /// Body HTML.
    pub html: Value,
    /// The translation is marked as a draft.
    pub draft: bool,
    /// The default language stands in for a missing translation.
    pub fallback: bool,
}

/// A figure ready to print.
#[derive(Debug, Serialize)]
pub struct FigureView {
    /// What readers see (`none` when the source left it blank).
    pub display: Value,
    /// The number, for numeric figures.
    pub number: Option<f64>,
    /// The term id, for words.
    pub term: Option<String>,
    /// The term's stage on the milestone scale.
    pub stage: Option<u8>,
    /// The unit's label, shown beside a number (`days`).
    pub unit: Option<Value>,
}

/// A flag explained, and whether the editors know of it.
#[derive(Debug, Serialize)]
pub struct FlagView {
    /// The disagreement in words.
    pub text: String,
    /// The editors acknowledged it and explain it in the notes.
    pub acknowledged: bool,
}

/// A computed assessment.
#[derive(Debug, Serialize)]
pub struct AssessmentView {
    /// `achieved`, `on-track`, `off-track` or `moving-away`.
    pub id: &'static str,
    /// Its label in this language.
    pub label: String,
}

/// An indicator's baseline.
#[derive(Debug, Serialize)]
pub struct BaselineView {
    /// The figure.
    pub value: FigureView,
    /// When it was measured, in words.
    pub date: Option<String>,
    /// Notes.
    pub notes: Vec<Value>,
}

/// An organisation.
#[derive(Debug, Serialize)]
pub struct OrganisationView {
    /// Id.
    pub id: String,
    /// Acronym.
    pub acronym: String,
    /// Name.
    pub name: Value,
}

/// An output, summarised.
#[derive(Debug, Serialize)]
pub struct OutputView {
    /// Id.
    pub id: String,
    /// Id in the language's digits.
    pub id_display: String,
    /// Route under the language prefix.
    pub route: String,
    /// Title.
    pub title: Value,
    /// Title as plain text.
    pub title_plain: String,
    /// Title as in the progress table.
    pub reported_title: Value,
    /// Programme output id.
    pub programme_output: String,
    /// Lead organisation.
    pub lead: Option<OrganisationView>,
    /// Supporting organisations.
    pub with: Vec<OrganisationView>,
    /// % reported for the current period.
    pub percent: FigureView,
    /// Notes.
    pub notes: Vec<Value>,
    /// Number of indicators.
    pub indicator_count: usize,
}

/// An indicator, summarised.
#[derive(Debug, Serialize)]
pub struct IndicatorView {
    /// Id.
    pub id: String,
    /// Id in the language's digits.
    pub id_display: String,
    /// Route under the language prefix.
    pub route: String,
    /// Output id.
    pub output: String,
    /// Kind.
    pub kind: Kind,
    /// Title.
    pub title: Value,
    /// Title as plain text.
    pub title_plain: String,
    /// Title as in the progress table.
    pub reported_title: Value,
    /// Target.
    pub target: FigureView,
    /// Baseline.
    pub baseline: Option<BaselineView>,
    /// Which way it should move.
    pub direction: Trend,
    /// The direction in words (`Lower is better`).
    pub direction_label: Value,
    /// The unit's label.
    pub unit: Option<Value>,
    /// Value in the current period.
    pub value: Option<ValueView>,
}

/// One category's figure.
#[derive(Debug, Serialize)]
pub struct PartView {
    /// Category id.
    pub id: String,
    /// Category label.
    pub label: Value,
    /// Figure.
    pub value: FigureView,
}

/// An indicator's value for a period.
#[derive(Debug, Serialize)]
pub struct ValueView {
    /// Id of the period it is reported for (the indicator page's anchors are per period:
    /// `#flags-2013-Q1`).
    pub period: String,
    /// Actual.
    pub actual: FigureView,
    /// The period's own target, when given.
    pub target: Option<FigureView>,
    /// % of planned as reported.
    pub percent: FigureView,
    /// % of planned computed from the figures, rounded to one decimal.
    pub computed_percent: Option<String>,
    /// The same, as a number.
    pub computed_percent_number: Option<f64>,
    /// The computed progress assessment.
    pub assessment: Option<AssessmentView>,
    /// Breakdown.
    pub breakdown: Vec<PartView>,
    /// Notes.
    pub notes: Vec<Value>,
    /// Inconsistencies, explained.
    pub flags: Vec<FlagView>,
}

/// A funds row.
#[derive(Debug, Serialize)]
pub struct FundsView {
    /// The organisation (none for the total).
    pub organisation: Option<OrganisationView>,
    /// Whether this is the total row.
    pub total: bool,
    /// Approved budget, formatted.
    pub approved: Option<String>,
    /// Approved budget, as a number.
    pub approved_number: Option<f64>,
    /// Committed, formatted.
    pub committed: Option<String>,
    /// Committed, as a number.
    pub committed_number: Option<f64>,
    /// Committed % of approved, formatted.
    pub committed_percent: Option<String>,
    /// Committed % of approved, as a number.
    pub committed_percent_number: Option<f64>,
    /// Disbursed, formatted.
    pub disbursed: Option<String>,
    /// Disbursed, as a number.
    pub disbursed_number: Option<f64>,
    /// Disbursed % of approved, formatted.
    pub disbursed_percent: Option<String>,
    /// Disbursed % of approved, as a number.
    pub disbursed_percent_number: Option<f64>,
    /// Forecast final date.
    pub forecast_final_date: Option<String>,
    /// Delay in months.
    pub delay_months: Option<String>,
    /// Notes.
    pub notes: Vec<Value>,
    /// Inconsistencies.
    pub flags: Vec<FlagView>,
}

/// A beneficiary group.
#[derive(Debug, Serialize)]
pub struct BeneficiaryView {
    /// Id.
    pub id: String,
    /// Label.
    pub label: Value,
    /// Target.
    pub target: FigureView,
    /// Actual.
    pub actual: FigureView,
    /// % of planned.
    pub percent: FigureView,
    /// Notes.
    pub notes: Vec<Value>,
    /// Inconsistencies.
    pub flags: Vec<FlagView>,
}

/// A reporting period, summarised.
#[derive(Debug, Serialize)]
pub struct PeriodView {
    /// Id.
    pub id: String,
    /// Id in the language's digits.
    pub id_display: String,
    /// Route under the language prefix.
    pub route: String,
    /// Label.
    pub label: Value,
    /// Label as plain text.
    pub label_plain: String,
    /// First day, in words.
    pub start: String,
    /// Last day, in words.
    pub end: String,
    /// Source.
    pub source: Value,
    /// How many indicator values it reports.
    pub value_count: String,
    /// How many narratives it has.
    pub narrative_count: String,
}
