//! The registry of HTML pages: every page of a language, each with its typed [`Route`], its
//! template and how its title, draft flag and context are made. Routes are spelled here and
//! only here; navigation, links, the sitemap and `serve` read them from this list. A new page
//! kind is one function below, one template and its strings.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::Serialize;

pub(crate) mod route;

pub use route::Route;

use super::views::{IndicatorView, Localizer, OutputView, PeriodView};
use super::Scope;
use crate::i18n::UiStrings;
use crate::model::{
    FigureChange, FrameworkChange, Indicator, Kind, Language, Narrative, Period, Site,
};

/// What a page shows, made when it is rendered.
pub(crate) struct Page {
    /// The page title.
    pub title: Value,
    /// Whether any of it comes from a draft translation.
    pub draft: bool,
    /// The template context of this page kind.
    pub extra: Value,
}

/// The recipe for a [`Page`]; called in the parallel step, so a list page's context is made,
/// rendered and dropped there rather than held with every other.
type Make<'a> = Box<dyn Fn() -> Page + Send + Sync + 'a>;

/// One page of the registry.
pub(crate) struct PageSpec<'a> {
    /// Where it goes.
    pub route: Route,
    /// The template drawing it.
    pub template: &'static str,
    /// Its label in the navigation, for the pages listed there.
    pub nav: Option<Value>,
    make: Make<'a>,
}

impl<'a> PageSpec<'a> {
    fn new(
        route: Route,
        template: &'static str,
        make: impl Fn() -> Page + Send + Sync + 'a,
    ) -> Self {
        PageSpec {
            route,
            template,
            nav: None,
            make: Box::new(make),
        }
    }

    fn in_nav(mut self, label: Value) -> Self {
        self.nav = Some(label);
        self
    }

    /// Makes the page's title, draft flag and context.
    pub fn make(&self) -> Page {
        (self.make)()
    }
}

/// Which pages a run may make: every page, or those of the lists whose first pages a partial
/// build names (see [`Route::first_page`]). Lists of pages it cannot want are not even laid out.
pub(crate) struct Wanted(Option<HashSet<Route>>);

impl Wanted {
    /// The pages `scope` may make.
    pub fn of(scope: &Scope) -> Wanted {
        Wanted(
            scope
                .routes()
                .map(|routes| routes.iter().map(Route::first_page).collect()),
        )
    }

    /// Whether a page of the list whose first page is `first` may be made; `first` is made
    /// only in a partial build, so that a full one spends nothing on asking.
    fn may(&self, first: impl FnOnce() -> Route) -> bool {
        self.0
            .as_ref()
            .is_none_or(|firsts| firsts.contains(&first()))
    }
}

/// What the pages of every language share: facts about the site found once per run, for the
/// pages the run may make (a partial build needs few).
pub(crate) struct SiteCx<'a> {
    site: &'a Site,
    /// The pages the run may make.
    wanted: Wanted,
    /// Each indicator's narratives, newest period first.
    indicator_narratives: HashMap<&'a str, Vec<(&'a Period, &'a Narrative)>>,
    /// Each period's rows of values (in the framework's order), by the period's position;
    /// empty for a period whose pages the run does not make.
    period_rows: Vec<Vec<Row<'a>>>,
}

impl<'a> SiteCx<'a> {
    /// Gathers them from `site`, for the pages `scope` may make.
    pub fn new(site: &'a Site, scope: &Scope) -> SiteCx<'a> {
        let wanted = Wanted::of(scope);
        let (indicator_narratives, period_rows) = rayon::join(
            || indicator_narratives(site, &wanted),
            || period_rows(site, &wanted),
        );
        SiteCx {
            site,
            wanted,
            indicator_narratives,
            period_rows,
        }
    }
}

/// The narratives of each indicator whose page may be made, newest period first.
fn indicator_narratives<'a>(
    site: &'a Site,
    wanted: &Wanted,
) -> HashMap<&'a str, Vec<(&'a Period, &'a Narrative)>> {
    let mut out: HashMap<&str, Vec<(&Period, &Narrative)>> = HashMap::new();
    for p in site.periods.iter().rev() {
        for n in &p.narratives {
            let Some(id) = n.indicator.as_deref() else {
                continue;
            };
            if wanted.may(|| Route::Indicator(id.to_owned())) {
                out.entry(id).or_default().push((p, n));
            }
        }
    }
    out
}

/// Each period's rows of values, in the framework's order; none for a period whose pages
/// may not be made.
fn period_rows<'a>(site: &'a Site, wanted: &Wanted) -> Vec<Vec<Row<'a>>> {
    use rayon::prelude::*;
    let framework: Vec<Row<'_>> = framework(site).collect();
    site.periods
        .par_iter()
        .map(|p| {
            if !wanted.may(|| Route::Period(p.id.clone())) {
                return Vec::new();
            }
            let rows = framework.iter().filter(|(_, i)| p.value(&i.id).is_some());
            rows.copied().collect()
        })
        .collect()
}

/// What the pages of one language share: the localizer and facts found once per language.
pub(crate) struct LangCx<'a> {
    /// The localizer of the language.
    pub l: Localizer<'a>,
    /// What every language shares.
    shared: &'a SiteCx<'a>,
    current: Option<&'a Period>,
    results_draft: bool,
    programme_draft: bool,
    period_draft: bool,
    /// Indicators with a draft narrative in this language.
    draft_narratives: HashSet<&'a str>,
}

impl<'a> LangCx<'a> {
    /// Gathers what the pages of `lang` share.
    pub fn new(shared: &'a SiteCx<'a>, lang: &'a Language, ui: &'a UiStrings) -> LangCx<'a> {
        let site = shared.site;
        let l = Localizer::new(site, lang, ui);
        let current = site.current_period();
        let draft_narratives = site
            .periods
            .iter()
            .flat_map(|p| &p.narratives)
            .filter_map(|n| Some((n.indicator.as_deref()?, n)))
            .filter(|(id, _)| shared.wanted.may(|| Route::Indicator((*id).to_owned())))
            .filter(|(_, n)| l.is_draft_doc(&n.text))
            .map(|(id, _)| id)
            .collect();
        LangCx {
            results_draft: l.is_draft(&site.results.translation),
            programme_draft: l.is_draft(&site.programme.translation),
            period_draft: current.is_some_and(|p| l.is_draft(&p.translation)),
            l,
            shared,
            current,
            draft_narratives,
        }
    }
}

/// Every page of the language of `cx` that `scope` may make, the navigation's pages first, in
/// its order. The decisions publication's pages and the search page's list are listed only in
/// full builds (they are made only then), but for the pages of decisions `scope` wants; their
/// first pages stay in the navigation either way.
/// The pages of long lists that show figures are listed when figures are redone.
pub(crate) fn pages<'a>(cx: &'a LangCx<'a>, scope: &Scope) -> Vec<PageSpec<'a>> {
    let figures = scope.wants_data(None);
    let mut results = results(cx);
    let later_results = results.split_off(1);
    let mut out = vec![home(cx)];
    out.extend(results);
    out.extend([funds(cx), beneficiaries(cx), periods(cx)]);
    out.extend(decisions(cx, scope));
    out.extend(documents(cx));
    out.push(open_data(cx));
    let mut search = search(
        cx,
        scope.wants_list(&Route::Search) || scope.wants_later(&Route::Search),
    );
    let later_search = search.split_off(1);
    out.extend(search);
    out.extend(outputs(cx, figures));
    out.extend(indicators(cx));
    out.extend(period_pages(cx));
    out.extend(later_results);
    out.extend(later_search);
    out.extend(translations(cx, scope.wants_list(&Route::Translations)));
    out.push(not_found(cx));
    out
}

/// Pages to make again: some by their own routes, some whole lists by their first routes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// Single pages.
    pub pages: BTreeSet<Route>,
    /// Lists, every page of which is made (see [`Route::first_page`]).
    pub lists: BTreeSet<Route>,
}

impl Shown {
    /// Whether the page at `route` is among them.
    pub fn holds(&self, route: &Route) -> bool {
        self.pages.contains(route) || self.lists.contains(&route.first_page())
    }

    /// Adds the pages of `other`.
    pub fn extend(&mut self, other: Shown) {
        self.pages.extend(other.pages);
        self.lists.extend(other.lists);
    }
}

/// The pages showing the figures of the period `period` that `change` changed: the period's
/// first page and those of its values pages listing a changed indicator, the list of periods,
/// the changed indicators' pages, and the translations page when a text changed (its
/// translations are counted there); and, when it is the current period, the pages showing the
/// current figures: the home page, the results framework, funds, beneficiaries and the pages
/// of the outputs whose progress or indicators changed.
pub fn showing_figures(site: &Site, period: &str, change: &FigureChange) -> Shown {
    let mut shown = Shown::default();
    let Some(p) = site.period(period) else {
        return shown;
    };
    shown
        .pages
        .extend([Route::Period(p.id.clone()), Route::Periods]);
    shown
        .pages
        .extend(values_pages(site, p, &change.indicators));
    shown
        .pages
        .extend(change.indicators.iter().cloned().map(Route::Indicator));
    if change.texts {
        shown.lists.insert(Route::Translations);
    }
    if site.current_period().is_some_and(|c| c.id == p.id) {
        shown
            .pages
            .extend([Route::Home, Route::Funds, Route::Beneficiaries]);
        let of_indicators = change
            .indicators
            .iter()
            .filter_map(|i| site.indicator(i))
            .map(|i| i.output.clone());
        let outputs: BTreeSet<String> = change
            .outputs
            .iter()
            .cloned()
            .chain(of_indicators)
            .collect();
        // The framework's first page counts the assessments; a later one shows its outputs.
        shown.pages.insert(Route::Results);
        shown.pages.extend(results_pages(site, &outputs));
        shown.lists.extend(outputs.into_iter().map(Route::Output));
    }
    shown
}

/// The pages showing the words of the outputs and indicators that `change` changed, and the
/// indicators whose data files hold them (an output's words are in its indicators' records):
/// each indicator's page and its neighbours' (a theme may name it beside their links to it), the pages of its output and of
/// the results framework listing it, the values pages of every period listing it; for an
/// output, the home page, the framework's first page (its chart names every output) and each
/// period's first page (a narrative may be about it); the search page listing it, and the
/// translations page.
pub fn showing_words(site: &Site, change: &FrameworkChange) -> (Shown, BTreeSet<String>) {
    let all = &site.results.indicators;
    let touched =
        |i: &Indicator| change.indicators.contains(&i.id) || change.outputs.contains(&i.output);
    let mut shown = Shown::default();
    let mut indicators = BTreeSet::new();
    let mut outputs = change.outputs.clone();
    for (n, i) in all.iter().enumerate().filter(|(_, i)| touched(i)) {
        let neighbours = [n.checked_sub(1), Some(n), Some(n + 1)];
        let routes = neighbours.into_iter().flatten().filter_map(|k| all.get(k));
        shown
            .pages
            .extend(routes.map(|x| Route::Indicator(x.id.clone())));
        indicators.insert(i.id.clone());
        outputs.insert(i.output.clone());
    }
    for p in &site.periods {
        shown.pages.extend(values_pages(site, p, &indicators));
        if !change.outputs.is_empty() {
            shown.pages.insert(Route::Period(p.id.clone()));
        }
    }
    if !change.outputs.is_empty() {
        shown.pages.extend([Route::Home, Route::Results]);
    }
    shown.pages.extend(results_pages(site, &outputs));
    // The search page lists each output and indicator by its title.
    let titled = change.outputs.iter().map(|o| Route::Output(o.clone()));
    let titled = titled.chain(indicators.iter().map(|i| Route::Indicator(i.clone())));
    let positions = titled.filter_map(|r| super::search::framework_position(site, &r));
    let search = positions.map(|k| Route::paged(Route::Search, k / SEARCH_PER_PAGE + 1));
    shown.pages.extend(search.collect::<Vec<_>>());
    shown.lists.extend(outputs.into_iter().map(Route::Output));
    // Its counts of translated texts: the summary, and results.toml's row among the TOML
    // files at the head of the table, both on the first page.
    shown.pages.insert(Route::Translations);
    (shown, indicators)
}

/// The outputs the results framework lists, in its order, and whether it lists them
/// compactly (each with its number of indicators, in pages of [`OUTPUTS_PER_PAGE`]).
fn results_outputs(site: &Site) -> (Vec<&crate::model::Output>, bool) {
    let outputs = site
        .results
        .programme_outputs
        .iter()
        .flat_map(|po| site.outputs_of(&po.id))
        .collect();
    (
        outputs,
        site.results.indicators.len() > RESULTS_MAX_INDICATORS,
    )
}

/// The routes of the results framework's pages listing any of `outputs`.
fn results_pages(site: &Site, outputs: &BTreeSet<String>) -> BTreeSet<Route> {
    let (listed, compact) = results_outputs(site);
    listed
        .iter()
        .enumerate()
        .filter(|(_, o)| outputs.contains(&o.id))
        .map(|(k, _)| {
            Route::paged(
                Route::Results,
                if compact { k / OUTPUTS_PER_PAGE + 1 } else { 1 },
            )
        })
        .collect()
}

/// The routes of the pages of `p`'s values listing any of `indicators`.
fn values_pages(site: &Site, p: &Period, indicators: &BTreeSet<String>) -> BTreeSet<Route> {
    framework(site)
        .filter(|(_, i)| p.value(&i.id).is_some())
        .enumerate()
        .filter(|(_, (_, i))| indicators.contains(&i.id))
        .map(|(k, _)| values_route(p, k / VALUES_PER_PAGE + 1))
        .collect()
}

/// Every output with each of its indicators, in the framework's order.
fn framework(site: &Site) -> impl Iterator<Item = Row<'_>> {
    let outputs = site.results.outputs.iter();
    outputs.flat_map(move |o| site.indicators_of(&o.id).map(move |i| (o, i)))
}

/// Converts any serializable view into a template value.
fn ser<T: Serialize>(t: T) -> Value {
    Value::from(Serde(t))
}

fn home<'a>(cx: &'a LangCx<'a>) -> PageSpec<'a> {
    let (l, current) = (&cx.l, cx.current);
    PageSpec::new(Route::Home, "home.html", move || {
        let funds: Vec<_> = current
            .map(|p| p.funds.iter().map(|f| l.funds(f)).collect())
            .unwrap_or_default();
        let beneficiaries: Vec<_> = current
            .map(|p| p.beneficiaries.iter().map(|b| l.beneficiaries(b)).collect())
            .unwrap_or_default();
        Page {
            title: l.text(&l.site.config.title),
            draft: cx.programme_draft || cx.results_draft || cx.period_draft,
            extra: context! {
                funds => ser(funds),
                beneficiaries => ser(beneficiaries),
                summary => summary(l, current),
                ..home_outputs(l, current)
            },
        }
    })
    .in_nav(l.ui_html("nav.home"))
}

/// Outputs in the home page's table at most; the results framework lists them all.
pub(crate) const HOME_OUTPUTS: usize = 50;

/// The home page's table of outputs: the first [`HOME_OUTPUTS`], and when there are more, how
/// many are shown of how many.
fn home_outputs(l: &Localizer<'_>, current: Option<&Period>) -> Value {
    let all = &l.site.results.outputs;
    let outputs: Vec<OutputView> = all
        .iter()
        .take(HOME_OUTPUTS)
        .map(|o| l.output(o, current))
        .collect();
    let n = |x: usize| l.fmt.number(x as f64);
    context! {
        outputs => ser(outputs),
        outputs_total => (all.len() > HOME_OUTPUTS).then(|| n(all.len())),
        outputs_shown => n(HOME_OUTPUTS),
    }
}

/// Past this many indicators the results framework lists each output with its number of
/// indicators and a link to the output's page, which lists them, rather than every indicator.
pub(crate) const RESULTS_MAX_INDICATORS: usize = 100;

/// Outputs on one page of a results framework listed that way.
pub(crate) const OUTPUTS_PER_PAGE: usize = 100;

/// The results framework: one page, or past [`RESULTS_MAX_INDICATORS`] its outputs without
/// their indicators, [`OUTPUTS_PER_PAGE`] a page.
fn results<'a>(cx: &'a LangCx<'a>) -> Vec<PageSpec<'a>> {
    let (outputs, compact) = results_outputs(cx.l.site);
    // A chart of every output's progress, while they are few enough to draw in one.
    let chart = outputs.len() <= OUTPUTS_PER_PAGE;
    let chunks = if compact {
        chunked(&outputs, OUTPUTS_PER_PAGE)
    } else {
        vec![outputs]
    };
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(k, outs)| {
            let n = k + 1;
            let spec = PageSpec::new(Route::paged(Route::Results, n), "results.html", move || {
                results_page(cx, &outs, (compact, chart), (n, count))
            });
            match n {
                1 => spec.in_nav(cx.l.ui_html("nav.results")),
                _ => spec,
            }
        })
        .collect()
}

/// `items` in pieces of at most `size`; one empty piece when there are none.
fn chunked<T: Clone>(items: &[T], size: usize) -> Vec<Vec<T>> {
    if items.is_empty() {
        vec![Vec::new()]
    } else {
        items.chunks(size).map(<[T]>::to_vec).collect()
    }
}

/// Page `n` of `count` of the results framework, showing `outs`; when `compact`, each output
/// with its number of indicators rather than their table; with the outputs' `chart` or not.
fn results_page(
    cx: &LangCx<'_>,
    outs: &[&crate::model::Output],
    (compact, chart): (bool, bool),
    (n, count): (usize, usize),
) -> Page {
    let (l, current) = (&cx.l, cx.current);
    let site = l.site;
    let output = |o: &crate::model::Output| {
        let view = ser(l.output(o, current));
        if compact {
            let k = site.indicators_of(&o.id).count();
            context! { indicator_count => l.fmt.number(k as f64), ..view }
        } else {
            let indicators: Vec<IndicatorView> = site
                .indicators_of(&o.id)
                .map(|i| l.indicator(i, current))
                .collect();
            context! { indicators => ser(indicators), ..view }
        }
    };
    let programme_outputs: Vec<Value> = site
        .results
        .programme_outputs
        .iter()
        .filter_map(|po| {
            let outputs: Vec<Value> = outs
                .iter()
                .filter(|o| o.programme_output == po.id)
                .map(|o| output(o))
                .collect();
            (!compact || !outputs.is_empty()).then(|| {
                context! { id => po.id.as_str(), id_display => l.id(&po.id), title => l.text(&po.title), notes => l.texts(&po.notes), outputs }
            })
        })
        .collect();
    let assessed = current.map(|p| assessment_counts(l, p)).unwrap_or_default();
    Page {
        title: Value::from(paged_title(l, l.ui("results.title"), (n, count))),
        draft: cx.results_draft || cx.period_draft || cx.programme_draft,
        extra: context! {
            programme_outputs,
            assessed,
            compact,
            chart,
            later => n > 1,
            pager => pager(l, (n, count), |k| Route::paged(Route::Results, k)),
        },
    }
}

/// `title`, and for page `n` > 1 of `count`, "page n of count" after it.
fn paged_title(l: &Localizer<'_>, title: String, (n, count): (usize, usize)) -> String {
    if n == 1 {
        return title;
    }
    let page = l.ui("pager.page_n").replace("{n}", &l.id(&n.to_string()));
    format!(
        "{title} — {}",
        page.replace("{count}", &l.id(&count.to_string()))
    )
}

/// The links between the `count` pages of a list, on page `n`, page `k` at `route(k)`; none
/// for a list on one page.
fn pager(
    l: &Localizer<'_>,
    (n, count): (usize, usize),
    route: impl Fn(usize) -> Route,
) -> Option<Value> {
    (count > 1).then(|| {
        let href = |k: usize| route(k).href();
        let pages: Vec<Value> = (1..=count)
            .map(|k| context! { n => l.id(&k.to_string()), route => href(k), current => k == n })
            .collect();
        context! { pages, count, prev => (n > 1).then(|| href(n - 1)), next => (n < count).then(|| href(n + 1)) }
    })
}

fn funds<'a>(cx: &'a LangCx<'a>) -> PageSpec<'a> {
    let l = &cx.l;
    PageSpec::new(Route::Funds, "funds.html", move || Page {
        title: Value::from(l.ui("funds.title")),
        draft: cx.period_draft,
        extra: context! { funds => ser(funds_rows(l, cx.current)) },
    })
    .in_nav(l.ui_html("nav.funds"))
}

fn beneficiaries<'a>(cx: &'a LangCx<'a>) -> PageSpec<'a> {
    let l = &cx.l;
    PageSpec::new(Route::Beneficiaries, "beneficiaries.html", move || {
        let rows: Vec<_> = cx
            .current
            .map(|p| p.beneficiaries.iter().map(|b| l.beneficiaries(b)).collect())
            .unwrap_or_default();
        Page {
            title: Value::from(l.ui("beneficiaries.title")),
            draft: cx.period_draft,
            extra: context! { beneficiaries => ser(rows) },
        }
    })
    .in_nav(l.ui_html("nav.beneficiaries"))
}

fn periods<'a>(cx: &'a LangCx<'a>) -> PageSpec<'a> {
    let l = &cx.l;
    PageSpec::new(Route::Periods, "periods.html", move || {
        let periods: Vec<PeriodView> = l.site.periods.iter().rev().map(|p| l.period(p)).collect();
        Page {
            title: Value::from(l.ui("periods.title")),
            draft: false,
            extra: context! { periods => ser(periods) },
        }
    })
    .in_nav(l.ui_html("nav.periods"))
}

/// The decisions publication's pages, made by its own module; only its index when not `all`.
fn decisions<'a>(cx: &'a LangCx<'a>, scope: &Scope) -> Vec<PageSpec<'a>> {
    let l = &cx.l;
    if l.site.decisions.list.is_empty() {
        return Vec::new();
    }
    let index = Route::Decisions("decisions/".into());
    let publication = |p: super::decisions::PageSpec| {
        let route = Route::Decisions(p.route);
        let nav = (route == index).then(|| l.ui_html("decisions.nav"));
        let (title, draft, extra) = (p.title, p.draft, p.extra);
        let spec = PageSpec::new(route, p.template, move || Page {
            title: title.clone(),
            draft,
            extra: extra.clone(),
        });
        PageSpec { nav, ..spec }
    };
    if scope.is_all() {
        return super::decisions::pages(l)
            .into_iter()
            .map(publication)
            .collect();
    }
    let route = index.href();
    let make = move || {
        let p = super::decisions::pages(l)
            .into_iter()
            .find(|p| p.route == route);
        let p = p.expect("the decisions publication has an index page");
        Page {
            title: p.title,
            draft: p.draft,
            extra: p.extra,
        }
    };
    let spec = PageSpec::new(index.clone(), "decisions/index.html", make);
    let mut out = vec![spec.in_nav(l.ui_html("decisions.nav"))];
    // A decision's own page, made alone when its text changed.
    let wanted = l.site.decisions.list.iter();
    let wanted = wanted.filter(|d| scope.wants(&Route::decision(&d.number)));
    out.extend(wanted.map(|d| publication(super::decisions::decision_page(l, d))));
    out
}

/// The pages of `content/pages/`.
fn documents<'a>(cx: &'a LangCx<'a>) -> Vec<PageSpec<'a>> {
    let l = &cx.l;
    l.site
        .pages
        .iter()
        .filter_map(|p| {
            let doc = l.document(&p.text, "page-")?;
            let title = doc
                .title
                .clone()
                .unwrap_or_else(|| Value::from(p.slug.as_str()));
            let nav = title.clone();
            let make = move || Page {
                title: title.clone(),
                draft: doc.draft,
                extra: context! { doc => ser(&doc) },
            };
            Some(PageSpec::new(Route::Document(p.slug.clone()), "page.html", make).in_nav(nav))
        })
        .collect()
}

fn open_data<'a>(cx: &'a LangCx<'a>) -> PageSpec<'a> {
    let l = &cx.l;
    PageSpec::new(Route::OpenData, "data.html", move || Page {
        title: Value::from(l.ui("opendata.title")),
        draft: false,
        extra: super::data::page_context(l),
    })
    .in_nav(l.ui_html("opendata.nav"))
}

/// Pages listed on one page of the search page's list (what readers without JavaScript see;
/// with it, the search covers every page, from the index).
pub(crate) const SEARCH_PER_PAGE: usize = 200;

/// The search page; past [`SEARCH_PER_PAGE`] pages of the site, its list continues on pages
/// of its own.
fn search<'a>(cx: &'a LangCx<'a>, all: bool) -> Vec<PageSpec<'a>> {
    let l = &cx.l;
    let mut pages = list_pages(
        Route::Search,
        "search.html",
        (SEARCH_PER_PAGE, all),
        move || super::search::entries(l, None),
        move |entries, (n, count)| Page {
            title: Value::from(paged_title(l, l.ui("search.title"), (n, count))),
            draft: false,
            extra: context! {
                pages => ser(entries),
                pager => pager(l, (n, count), |k| Route::paged(Route::Search, k)),
            },
        },
    );
    let first = pages.remove(0).in_nav(l.ui_html("search.nav"));
    pages.insert(0, first);
    pages
}

/// Rows of the translations page's table of files on one page.
pub(crate) const TRANSLATION_FILES_PER_PAGE: usize = 100;

/// The translations page; past [`TRANSLATION_FILES_PER_PAGE`] files, the rest of its table of
/// files on pages of their own (the default language's page has no such table).
fn translations<'a>(cx: &'a LangCx<'a>, all: bool) -> Vec<PageSpec<'a>> {
    let l = &cx.l;
    let original = l.lang.code == l.site.config.default_language;
    let files = move || {
        if original {
            Vec::new()
        } else {
            super::translations::files(l)
        }
    };
    list_pages(
        Route::Translations,
        "translations.html",
        (TRANSLATION_FILES_PER_PAGE, all),
        files,
        move |rows, (n, count)| {
            let extra = super::translations::context(l, rows, n > 1);
            let route = |k| Route::paged(Route::Translations, k);
            Page {
                title: Value::from(paged_title(l, l.ui("translations.title"), (n, count))),
                draft: false,
                extra: context! { pager => pager(l, (n, count), route), ..extra },
            }
        },
    )
}

/// How one page of a list is made from its items, given its number and the number of pages.
type ListPage<'a, T> = Arc<dyn Fn(&[T], (usize, usize)) -> Page + Send + Sync + 'a>;

/// The pages of a list, `per` items a page: `base`, then `base` `page/N/`. In a full build
/// (`all`) the items are gathered here, to know how many pages there are; otherwise only the
/// first page is listed, for the navigation, gathering them if it is made.
fn list_pages<'a, T: Clone + Send + Sync + 'a>(
    base: Route,
    template: &'static str,
    (per, all): (usize, bool),
    items: impl Fn() -> Vec<T> + Send + Sync + 'a,
    page: impl Fn(&[T], (usize, usize)) -> Page + Send + Sync + 'a,
) -> Vec<PageSpec<'a>> {
    let page: ListPage<'a, T> = Arc::new(page);
    if !all {
        let make = move || {
            let chunks = chunked(&items(), per);
            page(&chunks[0], (1, chunks.len()))
        };
        return vec![PageSpec::new(base, template, make)];
    }
    let chunks = chunked(&items(), per);
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(k, rows)| {
            let (n, page) = (k + 1, Arc::clone(&page));
            let make = move || page(&rows, (n, count));
            PageSpec::new(Route::paged(base.clone(), n), template, make)
        })
        .collect()
}

/// The "page not found" page; its links start at the site's path (see [`Route::paths`]).
fn not_found<'a>(cx: &'a LangCx<'a>) -> PageSpec<'a> {
    let l = &cx.l;
    PageSpec::new(Route::NotFound, "404.html", move || Page {
        title: Value::from(l.ui("notfound.title")),
        draft: false,
        extra: Value::from(()),
    })
}

/// Each output's page; past [`VALUES_PER_PAGE`] indicators, the rest on pages of their own.
fn outputs<'a>(cx: &'a LangCx<'a>, all: bool) -> impl Iterator<Item = PageSpec<'a>> {
    let site = cx.l.site;
    let wanted = |o: &&crate::model::Output| cx.shared.wanted.may(|| Route::Output(o.id.clone()));
    site.results
        .outputs
        .iter()
        .filter(wanted)
        .flat_map(move |o| {
            list_pages(
                Route::Output(o.id.clone()),
                "output.html",
                (VALUES_PER_PAGE, all),
                move || site.indicators_of(&o.id).collect(),
                move |rows, at| output_page(cx, o, rows, at),
            )
        })
}

/// Page `n` of `count` of output `o`'s page, listing its indicators `rows`; the first also
/// holds its narratives, and when it is the only one, the chart of its indicators.
fn output_page(
    cx: &LangCx<'_>,
    o: &crate::model::Output,
    rows: &[&Indicator],
    (n, count): (usize, usize),
) -> Page {
    let (l, current) = (&cx.l, cx.current);
    let site = l.site;
    let indicators: Vec<IndicatorView> = rows.iter().map(|i| l.indicator(i, current)).collect();
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
    let title = format!(
        "{} {} — {}",
        l.ui("output.label"),
        view.id_display,
        view.title_plain
    );
    let narrative_draft = site.periods.iter().any(|p| {
        p.narratives
            .iter()
            .any(|n| n.output.as_deref() == Some(o.id.as_str()) && l.is_draft_doc(&n.text))
    });
    let route = |k| Route::paged(Route::Output(o.id.clone()), k);
    Page {
        title: Value::from(paged_title(l, title, (n, count))),
        draft: cx.results_draft || narrative_draft,
        extra: context! {
            output => ser(view),
            programme_output => po.map(|p| context! { id_display => l.id(&p.id), title => l.text(&p.title) }),
            indicators => ser(indicators),
            narratives => if n == 1 { narratives } else { Vec::new() },
            chart => count == 1,
            pager => pager(l, (n, count), route),
        },
    }
}

fn indicators<'a>(cx: &'a LangCx<'a>) -> impl Iterator<Item = PageSpec<'a>> {
    let all = &cx.l.site.results.indicators;
    let wanted =
        |(_, i): &(usize, &Indicator)| cx.shared.wanted.may(|| Route::Indicator(i.id.clone()));
    all.iter().enumerate().filter(wanted).map(move |(n, i)| {
        PageSpec::new(
            Route::Indicator(i.id.clone()),
            "indicator.html",
            move || indicator_page(cx, n, i),
        )
    })
}

/// The page of the `n`th indicator `i`, with links to its neighbours.
fn indicator_page(cx: &LangCx<'_>, n: usize, i: &Indicator) -> Page {
    let (l, current) = (&cx.l, cx.current);
    let all = &l.site.results.indicators;
    let prev = n
        .checked_sub(1)
        .and_then(|k| all.get(k))
        .map(|x| l.indicator(x, None));
    let next = all.get(n + 1).map(|x| l.indicator(x, None));
    let view = l.indicator(i, current);
    let title = Value::from(format!(
        "{} {} — {}",
        l.ui("indicator.label"),
        view.id_display,
        view.title_plain
    ));
    let narratives: Vec<Value> = cx
        .shared
        .indicator_narratives
        .get(i.id.as_str())
        .into_iter()
        .flatten()
        .filter_map(|(p, n)| {
            let doc = l.document(&n.text, &format!("n-{}-{}-", p.id, n.key))?;
            Some(context! { period => ser(l.period(p)), doc => ser(doc) })
        })
        .collect();
    Page {
        title,
        draft: cx.results_draft || cx.draft_narratives.contains(i.id.as_str()),
        extra: context! {
            narratives,
            decisions_note => super::decisions::indicator_note(l, &i.id),
            ..indicator_context(l, i, view, prev, next)
        },
    }
}

/// At most this many indicator values on one page of a period: a period of ten thousand
/// values is split into pages of them rather than growing with the site.
pub(crate) const VALUES_PER_PAGE: usize = 100;

/// An output and one of its indicators with a value in the period being shown.
type Row<'a> = (&'a crate::model::Output, &'a Indicator);

/// Each period's page, with its values; past [`VALUES_PER_PAGE`] values, the rest on pages of
/// their own.
fn period_pages<'a>(cx: &'a LangCx<'a>) -> impl Iterator<Item = PageSpec<'a>> {
    let site = cx.l.site;
    site.periods
        .iter()
        .zip(&cx.shared.period_rows)
        .filter(|(p, _)| cx.shared.wanted.may(|| Route::Period(p.id.clone())))
        .flat_map(move |(p, rows)| {
            let chunks: Vec<Vec<Row<'a>>> = if rows.is_empty() {
                vec![Vec::new()]
            } else {
                rows.chunks(VALUES_PER_PAGE).map(<[_]>::to_vec).collect()
            };
            let count = chunks.len();
            chunks.into_iter().enumerate().map(move |(k, rows)| {
                let n = k + 1;
                PageSpec::new(values_route(p, n), "period.html", move || {
                    period_page(&cx.l, p, &rows, (n, count))
                })
            })
        })
}

/// The route of page `n` of the values of `p`.
fn values_route(p: &Period, n: usize) -> Route {
    if n == 1 {
        Route::Period(p.id.clone())
    } else {
        Route::PeriodValues(p.id.clone(), n)
    }
}

/// Page `n` of `count` of period `p`, showing the values in `rows`; the first page also holds
/// the period's narratives, notes, funds and beneficiaries.
fn period_page(
    l: &Localizer<'_>,
    p: &Period,
    rows: &[Row<'_>],
    (n, count): (usize, usize),
) -> Page {
    let first = n == 1;
    let view = l.period(p);
    let mut title = format!("{} — {}", l.ui("period.label"), view.label_plain);
    if !first {
        let page = l.ui("period.page_n");
        let page = page.replace("{n}", &l.id(&n.to_string()));
        title = format!(
            "{title} — {}",
            page.replace("{count}", &l.id(&count.to_string()))
        );
    }
    let pager = pager(l, (n, count), |k| values_route(p, k));
    let all = |v: Vec<Value>| if first { v } else { Vec::new() };
    Page {
        title: Value::from(title),
        draft: l.is_draft(&p.translation) || p.narratives.iter().any(|n| l.is_draft_doc(&n.text)),
        extra: context! {
            period => ser(view),
            narratives => all(period_narratives(l, p)),
            values => value_groups(l, p, rows),
            notes => all(l.texts(&p.notes)),
            funds => all(p.funds.iter().map(|f| ser(l.funds(f))).collect()),
            beneficiaries => all(p.beneficiaries.iter().map(|b| ser(l.beneficiaries(b))).collect()),
            pager,
        },
    }
}

/// The narratives of `p` that belong to no indicator.
fn period_narratives(l: &Localizer<'_>, p: &Period) -> Vec<Value> {
    p.narratives
        .iter()
        .filter(|n| n.indicator.is_none())
        .filter_map(|n| {
            let doc = l.document(&n.text, &format!("n-{}-", n.key))?;
            let output = n
                .output
                .as_deref()
                .and_then(|o| l.site.output(o))
                .map(|o| l.output(o, Some(p)));
            Some(context! { key => n.key.as_str(), doc => ser(doc), output => ser(output) })
        })
        .collect()
}

/// `rows` grouped by output, in their order.
fn value_groups(l: &Localizer<'_>, p: &Period, rows: &[Row<'_>]) -> Vec<Value> {
    rows.chunk_by(|a, b| a.0.id == b.0.id)
        .map(|group| {
            let indicators: Vec<IndicatorView> =
                group.iter().map(|(_, i)| l.indicator(i, Some(p))).collect();
            context! { output => ser(l.output(group[0].0, Some(p))), indicators => ser(indicators) }
        })
        .collect()
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
