//! The HTML renderer: the list of pages per language, their contexts, and parallel rendering.

use anyhow::{anyhow, Context as _, Result};
use minijinja::value::Serde;
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;

use super::views::{DocumentView, IndicatorView, Localizer, OutputView, PeriodView};
use super::{RenderContext, RenderedFile, Renderer};
use crate::model::{Indicator, Kind, Language, Narrative, Period};

/// Renders every HTML page of the site, and copies the theme's static files to `assets/`.
pub struct HtmlRenderer;

/// One page to render: where it goes, with which template and context.
struct Job {
    path: String,
    template: &'static str,
    ctx: Value,
    /// The page's language, when it has one (not the root language picker).
    lang: Option<String>,
}

/// A page whose context is made only when it is rendered.
type LazyJob<'a> = Box<dyn Fn() -> Job + Send + Sync + 'a>;

/// Marker in `base.html` replaced by the notice about untranslated text, or removed.
const FALLBACK_MARKER: &str = "<!--shafaf:fallback-notice-->";

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        super::collect(|sink| self.render_to(ctx, sink))
    }

    /// Renders one language at a time and hands each page over as soon as it is made, so that
    /// neither every page's context nor every page's HTML has to be held at once.
    fn render_to(&self, ctx: &RenderContext<'_>, sink: &super::Sink<'_>) -> Result<()> {
        let site = ctx.site;
        let all = ctx.scope.is_all();
        if all {
            sink(render_job(ctx, &language_picker(ctx))?)?;
        }
        // Charts are drawn while pages render (in parallel), from a shared copy of the model's
        // figures (they need no narratives).
        let shared = ctx
            .figures
            .clone()
            .unwrap_or_else(|| super::charts::SharedModel::new(site.figures_only()));
        for lang in &site.config.languages {
            let charts =
                super::charts::ChartsObject::new(shared.clone(), ctx.theme.ui.clone(), &lang.code);
            render_language(ctx, lang, Value::from_object(charts), sink)?;
        }
        for (name, bytes) in ctx.theme.static_files.iter().filter(|_| all) {
            sink(RenderedFile {
                path: format!("assets/{name}"),
                bytes: bytes.clone(),
            })?;
        }
        Ok(())
    }
}

fn render_job(ctx: &RenderContext<'_>, job: &Job) -> Result<RenderedFile> {
    let template = ctx
        .theme
        .env
        .get_template(job.template)
        .with_context(|| format!("the theme has no template `{}`", job.template))?;
    let mut html = template
        .render(&job.ctx)
        .map_err(|e| anyhow!("{}", describe_template_error(&e)))
        .with_context(|| format!("rendering {} with template {}", job.path, job.template))?;
    if let Some(lang) = &job.lang {
        let notice = if lang != &ctx.site.config.default_language && html.contains(" data-fallback")
        {
            fallback_notice(ctx, lang, &html)
        } else {
            String::new()
        };
        html = html.replacen(FALLBACK_MARKER, &notice, 1);
    }
    Ok(RenderedFile::text(job.path.clone(), html))
}

/// "Parts of this page … are shown in LANGUAGE", naming the languages the page's untranslated
/// parts are actually shown in (read from their `lang` attributes).
fn fallback_notice(ctx: &RenderContext<'_>, lang: &str, html: &str) -> String {
    let ui = &ctx.theme.ui;
    let mut shown: Vec<&str> = Vec::new();
    for tag in html.split('<').filter(|t| {
        t.split('>')
            .next()
            .is_some_and(|t| t.contains(" data-fallback"))
    }) {
        if let Some(code) = tag
            .split_once(" lang=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(code, _)| code)
        {
            if !shown.contains(&code) {
                shown.push(code);
            }
        }
    }
    let names: Vec<String> = shown
        .iter()
        .filter_map(|code| ctx.site.config.languages.iter().find(|l| l.code == *code))
        .map(|l| {
            format!(
                "<span lang=\"{}\" dir=\"{}\">{}</span>",
                l.code,
                l.direction.as_str(),
                minijinja::HtmlEscape(&l.name)
            )
        })
        .collect();
    let (text, fell_back) = match ui.get(lang, "fallback.shown_in") {
        Some((t, fell_back)) if !names.is_empty() => (
            minijinja::HtmlEscape(t).to_string().replace(
                "{language}",
                &names.join(ui.get(lang, "punct.sep").map_or(", ", |s| s.0)),
            ),
            fell_back,
        ),
        _ => {
            let (t, fell_back) = ui.get(lang, "notice.fallback").unwrap_or(("", false));
            (minijinja::HtmlEscape(t).to_string(), fell_back)
        }
    };
    // A notice in the default language's stead keeps that language's direction.
    let marks = if fell_back {
        let (lang, dir) = ui.fallback_marks();
        format!(" lang=\"{lang}\" dir=\"{dir}\"")
    } else {
        String::new()
    };
    format!("<p class=\"notice notice-fallback\" role=\"note\"{marks}>{text}</p>")
}

/// A template error with its template name, line and the chain of causes.
fn describe_template_error(e: &minijinja::Error) -> String {
    let mut s = format!("{e}");
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        s = format!("themes/…/templates/{name}:{line}: {s}");
    }
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        s.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    s
}

/// Converts any serializable view into a template value.
fn ser<T: Serialize>(t: T) -> Value {
    Value::from(Serde(t))
}

/// The relative path from a page at `path` back to the output root (`../../`).
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'static str,
    title: String,
}

fn language_picker(ctx: &RenderContext<'_>) -> Job {
    let site = ctx.site;
    let languages: Vec<LanguageLink> = site
        .config
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: &l.code,
            name: &l.name,
            dir: l.direction.as_str(),
            title: site
                .config
                .title
                .resolve(&l.code, &site.config.default_language)
                .text
                .to_owned(),
        })
        .collect();
    let d = site.default_language();
    Job {
        path: "index.html".into(),
        template: "language-picker.html",
        ctx: context! {
            lang => d.code.as_str(),
            default_lang => d.code.as_str(),
            dir => d.direction.as_str(),
            root => "",
            languages => ser(languages),
            base_url => ctx.base_url.as_str(),
            canonical => ctx.base_url.as_str(),
        },
        lang: None,
    }
}

/// The navigation entries of every page in one language.
#[derive(Serialize)]
struct NavItem {
    route: String,
    label: Value,
}

/// Renders every page of one language, handing each to `sink`. Indicator pages, most of the
/// pages at scale, build their contexts inside the parallel step, so they are made, rendered
/// and dropped one by one rather than held all at once.
fn render_language(
    ctx: &RenderContext<'_>,
    lang: &Language,
    charts: Value,
    sink: &super::Sink<'_>,
) -> Result<()> {
    let site = ctx.site;
    let l = Localizer::new(site, lang, &ctx.theme.ui);
    let current = site.current_period();
    let default = site.default_language();

    let pages: Vec<(String, DocumentView, &str)> = site
        .pages
        .iter()
        .filter_map(|p| {
            l.document(&p.text, "page-")
                .map(|d| (p.slug.clone(), d, p.slug.as_str()))
        })
        .collect();
    let mut nav = vec![
        NavItem {
            route: String::new(),
            label: l.ui_html("nav.home"),
        },
        NavItem {
            route: "results/".into(),
            label: l.ui_html("nav.results"),
        },
        NavItem {
            route: "funds/".into(),
            label: l.ui_html("nav.funds"),
        },
        NavItem {
            route: "beneficiaries/".into(),
            label: l.ui_html("nav.beneficiaries"),
        },
        NavItem {
            route: "periods/".into(),
            label: l.ui_html("nav.periods"),
        },
    ];
    if !site.decisions.list.is_empty() {
        nav.push(NavItem {
            route: "decisions/".into(),
            label: l.ui_html("decisions.nav"),
        });
    }
    for (slug, doc, _) in &pages {
        nav.push(NavItem {
            route: format!("{slug}/"),
            label: doc
                .title
                .clone()
                .unwrap_or_else(|| Value::from(slug.as_str())),
        });
    }
    nav.extend(opendata_nav(&l));
    let languages: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|x| context! { code => x.code.as_str(), name => x.name.as_str(), dir => x.direction.as_str() })
        .collect();
    let programme = &site.programme;
    let organisations: Vec<_> = programme
        .organisations
        .iter()
        .filter_map(|o| {
            l.organisation(&o.id)
                .map(|v| context! { org => ser(v), role => ser(o.role) })
        })
        .collect();
    let site_view = context! {
        title => l.text(&site.config.title),
        title_plain => l.plain(&site.config.title),
        description => l.opt_text(site.config.description.as_ref()),
        licence => l.opt_text(site.config.licence.as_ref()),
        nav => ser(nav),
        current_period => ser(current.map(|p| l.period(p))),
        programme => context! {
            title => l.text(&programme.title),
            title_plain => l.plain(&programme.title),
            description => l.markdown_text(programme.description.as_ref(), "programme-"),
            development_goal => l.opt_text(programme.development_goal.as_ref()),
            alignments => programme.alignments.iter().map(|a| context! {
                label => l.opt_text(a.label.as_ref()),
                text => l.text(&a.text),
            }).collect::<Vec<_>>(),
            immediate_objective => l.opt_text(programme.immediate_objective.as_ref()),
            objectives => l.texts(&programme.objectives),
            approval_date => l.date(programme.approval_date),
            start_date => l.date(programme.start_date),
            completion_date => l.date(programme.completion_date),
            duration_months => programme.duration_months.map(|n| l.fmt.number(f64::from(n))),
            currency => programme.currency.as_str(),
            procurement => l.texts(&programme.procurement),
            indirect_beneficiaries => l.opt_text(programme.indirect_beneficiaries.as_ref()),
            employment_generation => l.opt_text(programme.employment_generation.as_ref()),
            notes => l.texts(&programme.notes),
            organisations,
        },
    };
    let base = context! {
        lang => lang.code.as_str(),
        default_lang => default.code.as_str(),
        dir => lang.direction.as_str(),
        language => ser(lang),
        languages,
        site => site_view,
        base_url => ctx.base_url.as_str(),
        charts,
    };
    let job = |route: String,
               template: &'static str,
               title: Value,
               draft: bool,
               extra: Value|
     -> Job {
        let path = format!("{}/{}index.html", lang.code, route);
        let page = context! {
            route => route.as_str(),
            title => title,
            draft => draft,
            canonical => format!("{}{}/{}", ctx.base_url, lang.code, route),
        };
        Job {
            ctx: context! { root => root_of(&path), page, ..context! { ..extra, ..base.clone() } },
            path,
            template,
            lang: Some(lang.code.clone()),
        }
    };
    let results_draft = l.is_draft(&site.results.translation);
    let programme_draft = l.is_draft(&programme.translation);
    let period_draft = current.is_some_and(|p| l.is_draft(&p.translation));

    let output_views = |period: Option<&Period>| -> Vec<OutputView> {
        site.results
            .outputs
            .iter()
            .map(|o| l.output(o, period))
            .collect()
    };
    // Pages outside the scope are skipped before their contexts are made, since the contexts of
    // list pages are what cost at scale.
    let wants = |route: &str| ctx.scope.wants(route);
    let mut jobs = Vec::new();
    // Pages listing many indicators: their contexts are made in the parallel step, one page at
    // a time per thread, rather than all held at once before rendering starts.
    let mut lists: Vec<LazyJob<'_>> = Vec::new();
    let (l, job, output_views) = (&l, &job, &output_views);
    if wants("") {
        lists.push(Box::new(move || {
            let funds: Vec<_> = current
                .map(|p| p.funds.iter().map(|f| l.funds(f)).collect())
                .unwrap_or_default();
            let beneficiaries: Vec<_> = current
                .map(|p| p.beneficiaries.iter().map(|b| l.beneficiaries(b)).collect())
                .unwrap_or_default();
            let summary = summary(l, current);
            job(
                String::new(),
                "home.html",
                l.text(&site.config.title),
                programme_draft || results_draft || period_draft,
                context! { outputs => ser(output_views(current)), funds => ser(funds), beneficiaries => ser(beneficiaries), summary },
            )
        }));
    }

    if wants("results/") {
        lists.push(Box::new(move || {
            let programme_outputs: Vec<Value> = site
                .results
                .programme_outputs
                .iter()
                .map(|po| {
                    let outputs: Vec<Value> = site
                        .outputs_of(&po.id)
                        .map(|o| {
                            let indicators: Vec<IndicatorView> = site.indicators_of(&o.id).map(|i| l.indicator(i, current)).collect();
                            context! { indicators => ser(indicators), ..ser(l.output(o, current)) }
                        })
                        .collect();
                    context! { id => po.id.as_str(), id_display => l.id(&po.id), title => l.text(&po.title), notes => l.texts(&po.notes), outputs }
                })
                .collect();
            let assessed = current.map(|p| assessment_counts(l, p)).unwrap_or_default();
            job(
                "results/".into(),
                "results.html",
                Value::from(l.ui("results.title")),
                results_draft || period_draft || programme_draft,
                context! { programme_outputs, assessed },
            )
        }));
    }

    for o in site
        .results
        .outputs
        .iter()
        .filter(|o| wants(&format!("outputs/{}/", o.id)))
    {
        lists.push(Box::new(move || {
        let indicators: Vec<IndicatorView> = site
            .indicators_of(&o.id)
            .map(|i| l.indicator(i, current))
            .collect();
        let po = site
            .results
            .programme_outputs
            .iter()
            .find(|p| p.id == o.programme_output);
        let narratives: Vec<Value> = site
            .periods
            .iter()
            .rev()
            .flat_map(|p| {
                p.narratives
                    .iter()
                    .filter(|n| n.output.as_deref() == Some(o.id.as_str()))
                    .filter_map(|n| {
                        l.document(&n.text, &format!("n-{}-{}-", p.id, n.key))
                            .map(|d| context! { period => ser(l.period(p)), doc => ser(d) })
                    })
            })
            .collect();
        let view = l.output(o, current);
        let title = Value::from(format!(
            "{} {} — {}",
            l.ui("output.label"),
            view.id_display,
            view.title_plain
        ));
        let narrative_draft = site.periods.iter().any(|p| {
            p.narratives
                .iter()
                .any(|n| n.output.as_deref() == Some(o.id.as_str()) && l.is_draft_doc(&n.text))
        });
        job(
            format!("outputs/{}/", o.id),
            "output.html",
            title,
            results_draft || narrative_draft,
            context! {
                output => ser(view),
                programme_output => po.map(|p| context! { id_display => l.id(&p.id), title => l.text(&p.title) }),
                indicators => ser(indicators),
                narratives,
            },
        )
        }));
    }

    let indicators = &site.results.indicators;
    // Each indicator's narratives, newest period first; their Markdown is rendered with the
    // indicator's page, in parallel, and only for the pages in scope.
    let mut indicator_narratives: std::collections::HashMap<&str, Vec<(&Period, &Narrative)>> =
        std::collections::HashMap::new();
    for p in site.periods.iter().rev() {
        for n in &p.narratives {
            if let Some(id) = n.indicator.as_deref() {
                indicator_narratives.entry(id).or_default().push((p, n));
            }
        }
    }
    let narrative_docs = |id: &str| -> Vec<Value> {
        indicator_narratives
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|(p, n)| {
                let doc = l.document(&n.text, &format!("n-{}-{}-", p.id, n.key))?;
                Some(context! { period => ser(l.period(p)), doc => ser(doc) })
            })
            .collect()
    };
    // Indicators with a draft narrative in this language, found once rather than per page.
    let draft_narratives: std::collections::HashSet<&str> = site
        .periods
        .iter()
        .flat_map(|p| &p.narratives)
        .filter(|n| l.is_draft_doc(&n.text))
        .filter_map(|n| n.indicator.as_deref())
        .collect();
    let indicator_pages = || {
        indicators.par_iter().enumerate().try_for_each(|(n, i)| {
            if !wants(&format!("indicators/{}/", i.id)) {
                return Ok(());
            }
            let prev = n
                .checked_sub(1)
                .and_then(|k| indicators.get(k))
                .map(|x| l.indicator(x, None));
            let next = indicators.get(n + 1).map(|x| l.indicator(x, None));
            let view = l.indicator(i, current);
            let title = Value::from(format!(
                "{} {} — {}",
                l.ui("indicator.label"),
                view.id_display,
                view.title_plain
            ));
            let narrative_draft = draft_narratives.contains(i.id.as_str());
            let page = job(
                format!("indicators/{}/", i.id),
                "indicator.html",
                title,
                results_draft || narrative_draft,
                context! {
                    narratives => narrative_docs(&i.id),
                    decisions_note => super::decisions::indicator_note(l, &i.id),
                    ..indicator_context(l, i, view, prev, next)
                },
            );
            sink(render_job(ctx, &page)?)
        })
    };

    jobs.push(job(
        "funds/".into(),
        "funds.html",
        Value::from(l.ui("funds.title")),
        period_draft,
        context! { funds => ser(funds_rows(l, current)) },
    ));
    jobs.push(job(
        "beneficiaries/".into(),
        "beneficiaries.html",
        Value::from(l.ui("beneficiaries.title")),
        period_draft,
        context! { beneficiaries => ser(current.map(|p| p.beneficiaries.iter().map(|b| l.beneficiaries(b)).collect::<Vec<_>>()).unwrap_or_default()) },
    ));

    let periods: Vec<PeriodView> = site.periods.iter().rev().map(|p| l.period(p)).collect();
    jobs.push(job(
        "periods/".into(),
        "periods.html",
        Value::from(l.ui("periods.title")),
        false,
        context! { periods => ser(periods) },
    ));
    for p in site
        .periods
        .iter()
        .filter(|p| wants(&format!("periods/{}/", p.id)))
    {
        lists.push(Box::new(move || period_job(l, p, job)));
    }
    if wants("translations/") {
        jobs.push(job(
            "translations/".into(),
            "translations.html",
            Value::from(l.ui("translations.title")),
            false,
            super::translations::context(l),
        ));
    }
    if ctx.scope.is_all() {
        for p in super::decisions::pages(l) {
            jobs.push(job(p.route, p.template, p.title, p.draft, p.extra));
        }
        jobs.extend(opendata_jobs(l, job));
        jobs.extend(not_found_jobs(ctx, l, job));
    }
    for (slug, doc, _) in pages {
        let title = doc
            .title
            .clone()
            .unwrap_or_else(|| Value::from(slug.as_str()));
        let draft = doc.draft;
        jobs.push(job(
            format!("{slug}/"),
            "page.html",
            title,
            draft,
            context! { doc => ser(doc) },
        ));
    }
    // The other pages are cheap to describe; those out of scope are dropped here.
    if !ctx.scope.is_all() {
        let prefix = format!("{}/", lang.code);
        jobs.retain(|j| {
            j.path
                .strip_prefix(&prefix)
                .and_then(|p| p.strip_suffix("index.html"))
                .is_some_and(wants)
        });
    }
    let (pages, indicators) = rayon::join(
        || {
            jobs.par_iter()
                .try_for_each(|job| sink(render_job(ctx, job)?))
                .and_then(|()| {
                    lists
                        .par_iter()
                        .try_for_each(|make| sink(render_job(ctx, &make())?))
                })
        },
        indicator_pages,
    );
    pages.and(indicators)
}

/// The "page not found" page of one language, `LANG/404.html` (and `404.html` at the root for
/// the default language). A server shows it at any depth, so its links start at the site's
/// path from `base_url` (`/shafaf/`) instead of being relative.
fn not_found_jobs(
    ctx: &RenderContext<'_>,
    l: &Localizer<'_>,
    job: &dyn Fn(String, &'static str, Value, bool, Value) -> Job,
) -> Vec<Job> {
    let after_scheme = ctx
        .base_url
        .split_once("://")
        .map_or(ctx.base_url.as_str(), |(_, rest)| rest);
    let root = after_scheme
        .find('/')
        .map_or_else(|| "/".to_owned(), |i| after_scheme[i..].to_owned());
    let make = |path: String| {
        let mut j = job(
            String::new(),
            "404.html",
            Value::from(l.ui("notfound.title")),
            false,
            Value::from(()),
        );
        j.ctx = context! { root => root.as_str(), ..j.ctx };
        j.path = path;
        j
    };
    let code = &l.lang.code;
    let mut jobs = vec![make(format!("{code}/404.html"))];
    if *code == l.site.config.default_language {
        jobs.push(make("404.html".into()));
    }
    jobs
}

/// Navigation entries of the open data and search pages.
fn opendata_nav(l: &Localizer<'_>) -> [NavItem; 2] {
    [
        NavItem {
            route: format!("{}/", super::data::DATA_DIR),
            label: l.ui_html("opendata.nav"),
        },
        NavItem {
            route: "search/".into(),
            label: l.ui_html("search.nav"),
        },
    ]
}

/// The open data page and the search page of one language.
fn opendata_jobs(
    l: &Localizer<'_>,
    job: &dyn Fn(String, &'static str, Value, bool, Value) -> Job,
) -> [Job; 2] {
    [
        job(
            format!("{}/", super::data::DATA_DIR),
            "data.html",
            Value::from(l.ui("opendata.title")),
            false,
            super::data::page_context(l),
        ),
        job(
            "search/".into(),
            "search.html",
            Value::from(l.ui("search.title")),
            false,
            context! { pages => ser(super::search::entries(l)) },
        ),
    ]
}

fn funds_rows(l: &Localizer<'_>, current: Option<&Period>) -> Vec<super::views::FundsView> {
    current
        .map(|p| p.funds.iter().map(|f| l.funds(f)).collect())
        .unwrap_or_default()
}

/// Counts for the home page: how many indicators are reported, achieved, flagged.
fn summary(l: &Localizer<'_>, current: Option<&Period>) -> Value {
    let site = l.site;
    let Some(p) = current else {
        return Value::from(());
    };
    let total = site.results.indicators.len();
    let reported = p
        .values
        .iter()
        .filter(|v| v.actual.is_some() || !v.breakdown.is_empty())
        .count();
    let flagged = p.values.iter().filter(|v| !v.flags.is_empty()).count();
    let completed = p
        .values
        .iter()
        .filter(|v| {
            v.percent
                .as_ref()
                .and_then(|f| f.number())
                .is_some_and(|n| n >= 100.0)
                || v.actual
                    .as_ref()
                    .and_then(|f| f.term())
                    .and_then(|t| site.term(t))
                    .and_then(|t| t.stage)
                    == Some(3)
        })
        .count();
    let n = |x: usize| l.fmt.number(x as f64);
    let months_left = site.programme.completion_date.and_then(|end| {
        let months = (i64::from(end.year) * 12 + i64::from(end.month))
            - (i64::from(p.end.year) * 12 + i64::from(p.end.month));
        (months > 0).then(|| l.fmt.number(months as f64))
    });
    context! {
        total => n(total),
        outputs => n(site.results.outputs.len()),
        reported => n(reported),
        flagged => n(flagged),
        completed => n(completed),
        in_progress => n(reported.saturating_sub(completed)),
        not_reported => n(total.saturating_sub(reported)),
        months_left,
        committed => p.funds.iter().find(|f| f.organisation.is_none()).and_then(|f| f.committed).map(|x| rounded_money(l, x)),
        disbursed => p.funds.iter().find(|f| f.organisation.is_none()).and_then(|f| f.disbursed).map(|x| rounded_money(l, x)),
        assessed => assessment_counts(l, p),
    }
}

/// An amount rounded for a headline: `US$12.8 million`, `US$845,000`; exact figures stay on
/// the funds page and in the data files.
fn rounded_money(l: &Localizer<'_>, n: f64) -> String {
    let currency = &l.site.programme.currency;
    if n.abs() >= 1_000_000.0 {
        let millions = l.fmt.number((n / 100_000.0).round() / 10.0);
        let symbol = if currency == "USD" { "US$" } else { currency };
        // The symbol is isolated so that `US$` keeps its order inside a right-to-left sentence.
        l.ui("home_figures.millions")
            .replace("{currency}", &crate::i18n::isolate(symbol))
            .replace("{n}", &millions)
    } else {
        let rounded = (n / 1000.0).round() * 1000.0;
        let exact = l.fmt.money(rounded, currency);
        exact.replace(&l.fmt.fixed(rounded, 2), &l.fmt.number(rounded))
    }
}

/// How many indicators of `p` have each computed assessment (only those with any), for the
/// home and results pages.
fn assessment_counts(l: &Localizer<'_>, p: &Period) -> Vec<Value> {
    crate::model::Assessment::ALL
        .iter()
        .filter_map(|a| {
            let count = p.values.iter().filter(|v| v.assessment == Some(*a)).count();
            (count > 0).then(|| {
                context! {
                    id => a.as_str(),
                    label => l.ui(&format!("assessment.{}", a.as_str())),
                    count => l.fmt.number(count as f64),
                }
            })
        })
        .collect()
}

fn indicator_context(
    l: &Localizer<'_>,
    i: &Indicator,
    view: IndicatorView,
    prev: Option<IndicatorView>,
    next: Option<IndicatorView>,
) -> Value {
    let site = l.site;
    let dimension = i
        .disaggregation
        .as_deref()
        .and_then(|d| site.dimension(d))
        .map(|d| {
            context! {
                label => l.text(&d.label),
                categories => d.categories.iter().map(|c| l.text(&c.label)).collect::<Vec<_>>(),
            }
        });
    let footnotes: Vec<Value> = i
        .footnotes
        .iter()
        .filter_map(|id| site.footnote(id))
        .map(|f| context! { marker => f.marker.as_deref().map(|m| l.id(m)), text => l.text(&f.text) })
        .collect();
    let history: Vec<Value> = site
        .history(&i.id)
        .map(|(p, v)| context! { period => ser(l.period(p)), value => ser(l.value(i, p, v)) })
        .collect();
    let any = |f: fn(&crate::model::Value) -> bool| site.history(&i.id).any(|(_, v)| f(v));
    let output = site
        .output(&i.output)
        .map(|o| l.output(o, site.current_period()));
    let kind_key = match i.kind {
        Kind::Count => "kind.count",
        Kind::Percentage => "kind.percentage",
        Kind::Milestone => "kind.milestone",
        Kind::Money => "kind.money",
    };
    context! {
        indicator => ser(view),
        kind_label => l.ui_html(kind_key),
        dimension,
        footnotes,
        notes => l.texts(&i.notes),
        history,
        period_targets => any(|v| v.target.is_some()),
        computed_percents => any(|v| v.computed_percent.is_some()),
        assessments => any(|v| v.assessment.is_some()),
        output => ser(output),
        prev => ser(prev),
        next => ser(next),
    }
}

fn period_job(
    l: &Localizer<'_>,
    p: &Period,
    job: &dyn Fn(String, &'static str, Value, bool, Value) -> Job,
) -> Job {
    let site = l.site;
    let narratives: Vec<Value> = p
        .narratives
        .iter()
        .filter(|n| n.indicator.is_none())
        .filter_map(|n| {
            let doc = l.document(&n.text, &format!("n-{}-", n.key))?;
            let output = n
                .output
                .as_deref()
                .and_then(|o| site.output(o))
                .map(|o| l.output(o, Some(p)));
            Some(context! { key => n.key.as_str(), doc => ser(doc), output => ser(output) })
        })
        .collect();
    let values: Vec<Value> = site
        .results
        .outputs
        .iter()
        .filter_map(|o| {
            let rows: Vec<IndicatorView> = site
                .indicators_of(&o.id)
                .filter(|i| p.value(&i.id).is_some())
                .map(|i| l.indicator(i, Some(p)))
                .collect();
            (!rows.is_empty())
                .then(|| context! { output => ser(l.output(o, Some(p))), indicators => ser(rows) })
        })
        .collect();
    let view = l.period(p);
    let title = Value::from(format!("{} — {}", l.ui("period.label"), view.label_plain));
    job(
        format!("periods/{}/", p.id),
        "period.html",
        title,
        l.is_draft(&p.translation) || p.narratives.iter().any(|n| l.is_draft_doc(&n.text)),
        context! {
            period => ser(view),
            narratives,
            values,
            notes => l.texts(&p.notes),
            funds => ser(p.funds.iter().map(|f| l.funds(f)).collect::<Vec<_>>()),
            beneficiaries => ser(p.beneficiaries.iter().map(|b| l.beneficiaries(b)).collect::<Vec<_>>()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::root_of;

    #[test]
    fn relative_roots() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("en/index.html"), "../");
        assert_eq!(root_of("en/indicators/1.1.9/index.html"), "../../../");
    }
}
