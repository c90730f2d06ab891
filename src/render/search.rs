//! Search: a small prebuilt index per language and the rules that make Arabic and Sorani
//! queries match however they are typed.
//!
//! Readers type Arabic and Kurdish with whatever keyboard they have: `ك` for `ک`, `ي` for `ی`,
//! `ه` for `ة`, with or without harakat, with Arabic-Indic or Latin digits. Both the query and
//! the indexed text are folded with one table, [`FOLD`], which the index carries to the browser
//! script (`themes/default/static/search.js`), so the two sides cannot drift apart.
//!
//! The index (`LANG/search-index.json`, then `LANG/search/shard-N.json` as the site grows) lists
//! every page of the language: its route, title, id, a short text and its prose. Each file is
//! kept under [`SHARD_BYTES`], and the prose of all pages together under [`BODY_BUDGET`], so no
//! download grows with the site: the script searches the first file at once and each further one
//! as it arrives. The search page (`LANG/search/`) is a plain list of links to the same pages,
//! which the script filters; without JavaScript it stays a list.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::markdown;
use super::pages::route::Route;
use super::views::Localizer;
use super::{strip_tags, RenderContext, RenderedFile, Renderer};
use crate::model::{Language, Translations};

/// Characters folded (or, mapped to `""`, removed) before matching, as (from, to).
pub const FOLD: &[(char, &str)] = &[
    // Alef forms → bare alef.
    ('أ', "ا"),
    ('إ', "ا"),
    ('آ', "ا"),
    ('ٱ', "ا"),
    // Taa marbuta → haa; Sorani ە (ae) and ھ (heh doachashmee) → haa.
    ('ة', "ه"),
    ('ە', "ه"),
    ('ھ', "ه"),
    // Alef maqsura and Farsi/Sorani yeh → Arabic yeh.
    ('ى', "ي"),
    ('ی', "ي"),
    // Keheh (Sorani, Persian) → Arabic kaf.
    ('ک', "ك"),
    // Tatweel, harakat and other Arabic marks, zero-width joiners: removed.
    ('\u{0640}', ""),
    ('\u{064B}', ""),
    ('\u{064C}', ""),
    ('\u{064D}', ""),
    ('\u{064E}', ""),
    ('\u{064F}', ""),
    ('\u{0650}', ""),
    ('\u{0651}', ""),
    ('\u{0652}', ""),
    ('\u{0653}', ""),
    ('\u{0654}', ""),
    ('\u{0655}', ""),
    ('\u{0656}', ""),
    ('\u{0657}', ""),
    ('\u{0658}', ""),
    ('\u{0670}', ""),
    ('\u{200C}', ""),
    ('\u{200D}', ""),
    ('\u{200E}', ""),
    ('\u{200F}', ""),
    // Arabic-Indic and Persian digits → Latin; Arabic separators → Latin ones.
    ('٠', "0"),
    ('١', "1"),
    ('٢', "2"),
    ('٣', "3"),
    ('٤', "4"),
    ('٥', "5"),
    ('٦', "6"),
    ('٧', "7"),
    ('٨', "8"),
    ('٩', "9"),
    ('۰', "0"),
    ('۱', "1"),
    ('۲', "2"),
    ('۳', "3"),
    ('۴', "4"),
    ('۵', "5"),
    ('۶', "6"),
    ('۷', "7"),
    ('۸', "8"),
    ('۹', "9"),
    ('٫', "."),
    ('٬', ","),
    ('٪', "%"),
];

/// Folds `text` for matching: lower case, [`FOLD`] applied, runs of white space made one space.
/// `search.js` does exactly this with the table from the index.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match FOLD.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One page in the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Route under the language root (`indicators/1.1.9/`).
    pub u: String,
    /// Title, plain text.
    pub t: String,
    /// Id shown with the title, when the page has one (`1.1.9`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub i: String,
    /// A short text: the first words of the page's prose, or its context.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub x: String,
    /// The page's searchable prose (narratives, decision text, notes), plain text, at most
    /// [`BODY_CHARS`] characters: only in the index, never on the no-JavaScript list.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b: String,
}

/// The most prose indexed for one page.
pub const BODY_CHARS: usize = 1500;

/// The most prose indexed for one language, in characters, so that the index stays within about
/// 150 KB compressed however large the site: past it, each page's share is cut evenly.
pub const BODY_BUDGET: usize = 300_000;

/// The characters of one page's prose, and whether it has any (1 or 0).
fn prose_size_of(b: &str) -> (usize, usize) {
    (b.chars().count(), usize::from(!b.is_empty()))
}

/// The characters of prose of all `pages`, and how many of them have some.
fn prose_size(pages: &[Entry]) -> (usize, usize) {
    pages
        .iter()
        .map(|p| prose_size_of(&p.b))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// How many characters of prose each page keeps, given the pages' prose size: `None` when it
/// all fits in [`BODY_BUDGET`], else the same share for each page with prose.
fn share((total, with_body): (usize, usize)) -> Option<usize> {
    (total > BODY_BUDGET).then(|| BODY_BUDGET / with_body.max(1))
}

/// Cuts the pages' prose to [`BODY_BUDGET`] in all, the same share for each page.
fn fit_budget(pages: &mut [Entry]) {
    let Some(share) = share(prose_size(pages)) else {
        return;
    };
    for p in pages.iter_mut() {
        if p.b.chars().count() > share {
            p.b = p.b.chars().take(share).collect();
        }
    }
}

/// Plain text of Markdown in the page's language (else the default language's).
fn doc_text(l: &Localizer<'_>, text: &crate::model::Translations, lang: &str) -> String {
    text.resolve(lang, &l.site.config.default_language)
        .map(|(d, _)| {
            // In the page's digits, as the page shows the same prose; only as much of it as
            // the index keeps (see `body`).
            let localize = |s: &str| l.fmt.digits(s);
            markdown::plain_start(&d.body, &localize, BODY_CHARS)
        })
        .unwrap_or_default()
}

/// Joins texts into one body of at most [`BODY_CHARS`] characters, white space collapsed. The
/// texts are taken (and made) only until the body is full.
fn body<I: IntoIterator<Item = String>>(parts: I) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for part in parts {
        for word in part.split_whitespace() {
            if chars >= BODY_CHARS {
                return out.chars().take(BODY_CHARS).collect();
            }
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(word);
            chars += word.chars().count();
        }
    }
    out.chars().take(BODY_CHARS).collect()
}

/// At most `n` characters of `s`, cut at a word, with an ellipsis when cut.
fn excerpt(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        return s;
    }
    let cut: String = s.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// Each language's index as the last run made it (every page's entry, its prose not yet cut to
/// the budget), kept by a caller that renders parts of the site again (`serve`): a partial build
/// re-reads only the prose of the pages it redoes, and writes the index only if that changes it.
#[derive(Debug, Default)]
pub struct KeptIndex(Mutex<HashMap<String, Kept>>);

/// One language's kept index.
#[derive(Debug)]
struct Kept {
    pages: Vec<Entry>,
    /// Where each page's entry is in `pages`, by route.
    at: HashMap<String, usize>,
    /// The characters of prose of all the pages, and how many pages have some.
    prose: (usize, usize),
}

impl KeptIndex {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn keep(&self, lang: &str, pages: &[Entry]) {
        let at = pages
            .iter()
            .enumerate()
            .map(|(n, p)| (p.u.clone(), n))
            .collect();
        let kept = Kept {
            pages: pages.to_vec(),
            at,
            prose: prose_size(pages),
        };
        self.lock().insert(lang.to_owned(), kept);
    }
}

/// What each indicator, output and period is told about across the periods, newest first:
/// gathered in one pass, so that indexing stays linear in the size of the site.
#[derive(Default)]
pub struct Told<'s> {
    by_output: HashMap<&'s str, Vec<&'s Translations>>,
    by_indicator: HashMap<&'s str, Vec<&'s Translations>>,
    notes: HashMap<&'s str, Vec<&'s crate::model::Text>>,
}

impl<'s> Told<'s> {
    /// Gathers it from the site.
    pub fn new(site: &'s crate::model::Site) -> Told<'s> {
        Told::gather(site, |_| true, |_| true)
    }

    /// Gathers only what is told about the outputs and indicators whose pages are in `routes`
    /// (for a partial build).
    fn about(site: &'s crate::model::Site, routes: &BTreeSet<Route>) -> Told<'s> {
        let (mut outputs, mut indicators) = (HashSet::new(), HashSet::new());
        for route in routes {
            match route {
                Route::Output(id) => outputs.insert(id.as_str()),
                Route::Indicator(id) => indicators.insert(id.as_str()),
                _ => false,
            };
        }
        Told::gather(site, |o| outputs.contains(o), |i| indicators.contains(i))
    }

    /// Gathers what is told about the outputs and indicators for which `output` and
    /// `indicator` hold.
    fn gather(
        site: &'s crate::model::Site,
        output: impl Fn(&str) -> bool,
        indicator: impl Fn(&str) -> bool,
    ) -> Told<'s> {
        let mut told = Told::default();
        for p in site.periods.iter().rev() {
            for n in &p.narratives {
                if let Some(o) = n.output.as_deref().filter(|o| output(o)) {
                    told.by_output.entry(o).or_default().push(&n.text);
                }
                if let Some(i) = n.indicator.as_deref().filter(|i| indicator(i)) {
                    told.by_indicator.entry(i).or_default().push(&n.text);
                }
            }
            for v in p.values.iter().filter(|v| indicator(&v.indicator)) {
                told.notes.entry(&v.indicator).or_default().extend(&v.notes);
            }
        }
        told
    }
}

/// The prose indexed for the page of an output, an indicator or a period, the pages that
/// narratives are about (`None` for other pages).
fn told_prose(l: &Localizer<'_>, told: &Told<'_>, route: &Route) -> Option<String> {
    let code = l.lang.code.as_str();
    let texts = |ts: Option<&Vec<&Translations>>| {
        body(ts.into_iter().flatten().map(|t| doc_text(l, t, code)))
    };
    Some(match route {
        Route::Output(id) => texts(told.by_output.get(id.as_str())),
        Route::Indicator(id) => {
            let notes = told.notes.get(id.as_str()).into_iter().flatten();
            let narrated = texts(told.by_indicator.get(id.as_str()));
            body(std::iter::once(narrated).chain(notes.map(|t| l.plain(t))))
        }
        Route::Period(id) => {
            let p = l.site.period(id)?;
            let whole = p
                .narratives
                .iter()
                .filter(|n| n.output.is_none() && n.indicator.is_none());
            body(
                whole
                    .map(|n| doc_text(l, &n.text, code))
                    .chain(p.notes.iter().map(|t| l.plain(t))),
            )
        }
        // Pages whose entries carry no prose (see `entries`).
        Route::Home | Route::Results | Route::Funds | Route::Beneficiaries | Route::Periods => {
            String::new()
        }
        _ => return None,
    })
}

/// Every page of one language, in the site's order, for the index and the search page; with
/// their prose (`b`) for the index (when `told` is given), without for the page, which does not
/// show it.
pub fn entries(l: &Localizer<'_>, told: Option<&Told<'_>>) -> Vec<Entry> {
    let mut e = Entries {
        l,
        told,
        out: Vec::new(),
    };
    e.results();
    e.reports();
    e.publications();
    e.out
}

/// The entries of one language, as [`entries`] adds them.
struct Entries<'a, 's> {
    l: &'a Localizer<'s>,
    /// What narratives and notes tell, when the entries carry their prose.
    told: Option<&'a Told<'a>>,
    out: Vec<Entry>,
}

impl Entries<'_, '_> {
    /// Adds the entry of the page at `route`: title `t`, id `i`, excerpt `x`, and its prose
    /// (from what is told about it, else from `b`) when the entries carry prose.
    fn add(&mut self, route: Route, t: String, i: &str, x: String, b: &dyn Fn() -> String) {
        let b = match self.told {
            Some(told) => told_prose(self.l, told, &route).unwrap_or_else(b),
            None => String::new(),
        };
        self.out.push(Entry {
            u: route.href(),
            t,
            i: i.to_owned(),
            x,
            b,
        });
    }

    /// Adds the entry of a page with only a title: no id, no excerpt, no prose of its own.
    fn titled(&mut self, route: Route, t: String) {
        self.add(route, t, "", String::new(), &String::new);
    }

    /// The home page, the results page, and each output's and indicator's page.
    fn results(&mut self) {
        let l = self.l;
        let site = l.site;
        self.titled(Route::Home, l.plain(&site.config.title));
        self.titled(Route::Results, l.ui("results.title"));
        for o in &site.results.outputs {
            let (t, x) = output_heading(l, o);
            self.add(Route::Output(o.id.clone()), t, &o.id, x, &String::new);
        }
        for i in &site.results.indicators {
            let (t, x) = indicator_heading(l, i);
            self.add(Route::Indicator(i.id.clone()), t, &i.id, x, &String::new);
        }
    }

    /// The funds, beneficiaries and periods pages, and each period's page.
    fn reports(&mut self) {
        let l = self.l;
        self.titled(Route::Funds, l.ui("funds.title"));
        self.titled(Route::Beneficiaries, l.ui("beneficiaries.title"));
        self.titled(Route::Periods, l.ui("periods.title"));
        for p in &l.site.periods {
            let title = format!("{} — {}", l.ui("period.label"), l.plain(&p.label));
            self.add(
                Route::Period(p.id.clone()),
                title,
                &p.id,
                String::new(),
                &String::new,
            );
        }
    }

    /// The static pages, the decisions (their index, then each one) and the open data page.
    fn publications(&mut self) {
        let l = self.l;
        let site = l.site;
        // Made by the functions that also make them alone, for a partial build.
        let prose = self.told.is_some();
        let documents = site
            .pages
            .iter()
            .filter_map(|p| document_entry(l, p, prose));
        self.out.extend(documents);
        if !site.decisions.list.is_empty() {
            let first = Route::Decisions("decisions/".into());
            self.titled(first, l.ui("decisions.title"));
        }
        let decisions = site
            .decisions
            .list
            .iter()
            .map(|d| decision_entry(l, d, prose));
        self.out.extend(decisions);
        self.titled(Route::OpenData, l.ui("opendata.title"));
    }
}

/// The entry of the static page `p`, with its prose when `prose` is set; `None` when it has
/// no version to show in the language.
fn document_entry(l: &Localizer<'_>, p: &crate::model::Page, prose: bool) -> Option<Entry> {
    let doc = l.document(&p.text, "s-")?;
    let text = doc.description.clone().unwrap_or_else(|| {
        let md = p
            .text
            .resolve(&l.lang.code, &l.site.config.default_language)
            .map(|(d, _)| d.body.as_str())
            .unwrap_or_default();
        strip_tags(&markdown::to_html(md, "s-", markdown::RawHtml::Sanitize))
    });
    Some(Entry {
        u: Route::Document(p.slug.clone()).href(),
        t: doc.title_plain.clone().unwrap_or_else(|| p.slug.clone()),
        i: String::new(),
        x: excerpt(&l.fmt.digits(&text), 160),
        b: if prose {
            body([doc_text(l, &p.text, &l.lang.code)])
        } else {
            String::new()
        },
    })
}

/// The entry of the decision `d`, with its prose when `prose` is set.
fn decision_entry(l: &Localizer<'_>, d: &crate::model::Decision, prose: bool) -> Entry {
    let shown = d.shown_language(&l.lang.code, &l.site.config.default_language);
    let (title, summary) = d
        .text
        .resolve(&l.lang.code, shown)
        .map(|(doc, _)| {
            (
                doc.title.as_deref().unwrap_or_default(),
                doc.description.as_deref().unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    Entry {
        u: Route::decision(&d.number).href(),
        t: format!(
            "{} {} — {}",
            l.ui("decisions.decision"),
            l.id(&d.number),
            title
        ),
        i: d.number.clone(),
        x: excerpt(summary, 160),
        b: if prose {
            body([doc_text(l, &d.text, shown)])
        } else {
            String::new()
        },
    }
}

/// Where the entry of an output's or an indicator's page stands in every language's
/// [`entries`]: after the home and results pages, the outputs, then the indicators, in the
/// framework's order (as [`Entries::results`] adds them).
pub(crate) fn framework_position(site: &crate::model::Site, route: &Route) -> Option<usize> {
    let r = &site.results;
    match route {
        Route::Output(id) => r.outputs.iter().position(|o| &o.id == id).map(|n| 2 + n),
        Route::Indicator(id) => {
            let n = r.indicators.iter().position(|i| &i.id == id)?;
            Some(2 + r.outputs.len() + n)
        }
        _ => None,
    }
}

/// The title and excerpt of the entry of an output's or an indicator's page at `route`.
fn framework_heading(l: &Localizer<'_>, route: &Route) -> Option<(String, String)> {
    match route {
        Route::Output(id) => Some(output_heading(l, l.site.output(id)?)),
        Route::Indicator(id) => Some(indicator_heading(l, l.site.indicator(id)?)),
        _ => None,
    }
}

/// The title and excerpt of an output's entry: "Output 1.1 — its title", no excerpt.
fn output_heading(l: &Localizer<'_>, o: &crate::model::Output) -> (String, String) {
    let title = format!(
        "{} {} — {}",
        l.ui("output.label"),
        l.id(&o.id),
        l.plain(&o.title)
    );
    (title, String::new())
}

/// The title and excerpt of an indicator's entry: "Indicator 1.1.1 — its title", and the
/// start of its progress-table wording, if it has one.
fn indicator_heading(l: &Localizer<'_>, i: &crate::model::Indicator) -> (String, String) {
    let title = format!(
        "{} {} — {}",
        l.ui("indicator.label"),
        l.id(&i.id),
        l.plain(&i.title)
    );
    let short = i.reported_title.as_ref().map(|t| excerpt(&l.plain(t), 120));
    (title, short.unwrap_or_default())
}

/// The entry of the page at `route` made afresh, when the kept index's `kept` can be patched
/// with it: `None` for a page whose entry cannot be made alone.
fn entry_again(l: &Localizer<'_>, told: &Told<'_>, route: &Route, kept: &Entry) -> Option<Entry> {
    let site = l.site;
    match route {
        Route::Document(slug) => {
            let page = site.pages.iter().find(|p| &p.slug == slug)?;
            document_entry(l, page, true)
        }
        Route::Decisions(_) => {
            let href = route.href();
            let list = &site.decisions.list;
            let d = list
                .iter()
                .find(|d| Route::decision(&d.number).href() == href)?;
            Some(decision_entry(l, d, true))
        }
        Route::Output(_) | Route::Indicator(_) => {
            let (t, x) = framework_heading(l, route)?;
            let b = told_prose(l, told, route)?;
            Some(Entry {
                t,
                x,
                b,
                ..kept.clone()
            })
        }
        _ => Some(Entry {
            b: told_prose(l, told, route)?,
            ..kept.clone()
        }),
    }
}

/// Writes `LANG/search-index.json` and its further shards for every language.
pub struct SearchRenderer;

impl Renderer for SearchRenderer {
    fn name(&self) -> &'static str {
        "search"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        // A partial build patches the kept index with what is told about its pages alone; the
        // whole site's is gathered only if a language's index has to be made afresh.
        let about = ctx.scope.routes().map(|routes| {
            let told = Told::about(ctx.site, &routes);
            (routes, told)
        });
        let all = OnceLock::new();
        ctx.site
            .config
            .languages
            .par_iter()
            .map(|lang| index_files(ctx, lang, about.as_ref(), &all))
            .collect::<Result<Vec<_>>>()
            .map(|files| files.into_iter().flatten().collect())
    }
}

/// The CLDR plural category of every count from 0 to `max`, as runs `[first count, category]`,
/// and the forms of `search.results` for those categories: the script says "1 matching page"
/// with the same rules (ICU4X) as the pages.
fn counted_forms(
    ctx: &RenderContext<'_>,
    lang: &Language,
    max: usize,
) -> (
    Vec<(usize, &'static str)>,
    serde_json::Map<String, serde_json::Value>,
) {
    let mut runs: Vec<(usize, &'static str)> = Vec::new();
    let mut forms = serde_json::Map::new();
    for n in 0..=max {
        let category = crate::i18n::plurals::category(&lang.code, &n.to_string());
        if runs.last().is_none_or(|(_, c)| *c != category) {
            runs.push((n, category));
        }
        if !forms.contains_key(category) {
            if let Some((text, _)) =
                ctx.theme
                    .ui
                    .counted(&lang.code, "search.results", &n.to_string())
            {
                forms.insert(category.to_owned(), json!(text));
            }
        }
    }
    (runs, forms)
}

/// The most a file of the index may weigh, uncompressed (about a fifth of it gzipped).
pub const SHARD_BYTES: usize = 96 * 1024;

/// `pages` cut, in order, into runs whose JSON stays under `limit` bytes (a page heavier than
/// that alone makes a run of its own).
fn shards(pages: Vec<Entry>, limit: usize) -> Result<Vec<Vec<Entry>>> {
    let mut out: Vec<Vec<Entry>> = vec![Vec::new()];
    let mut size = 0;
    for page in pages {
        let n = serde_json::to_vec(&page)?.len() + 1;
        let last = out.last_mut().expect("one shard at least");
        if size + n > limit && !last.is_empty() {
            out.push(Vec::new());
            size = 0;
        }
        size += n;
        out.last_mut().expect("one shard at least").push(page);
    }
    Ok(out)
}

/// The route of shard `n` (from 1) of a language's index, from the language's folder.
fn shard_route(n: usize) -> String {
    format!("search/shard-{n}.json")
}

/// The files of `lang`'s index: made in full, or, in a partial build with the last run's index
/// kept, none when the pages it redoes leave the index as it was.
fn index_files<'s>(
    ctx: &RenderContext<'s>,
    lang: &Language,
    about: Option<&(BTreeSet<Route>, Told<'_>)>,
    all: &OnceLock<Told<'s>>,
) -> Result<Vec<RenderedFile>> {
    let l = Localizer::new(ctx.site, lang, &ctx.theme.ui);
    if let (Some((routes, told)), Some(kept)) = (about, &ctx.kept_index) {
        if let Some(pages) = patched(kept, &l, told, routes) {
            return match pages {
                Some(pages) => write_index(ctx, lang, pages),
                None => Ok(Vec::new()),
            };
        }
    }
    let told = all.get_or_init(|| Told::new(ctx.site));
    let pages = entries(&l, Some(told));
    if let Some(kept) = &ctx.kept_index {
        kept.keep(&lang.code, &pages);
    }
    write_index(ctx, lang, pages)
}

/// The kept index of `l`'s language with the prose of the pages at `routes` read again: `None`
/// when there is no kept index (or a page whose prose it cannot read alone), `Some(None)` when
/// the index files come out the same as the last run's.
fn patched(
    kept: &KeptIndex,
    l: &Localizer<'_>,
    told: &Told<'_>,
    routes: &BTreeSet<Route>,
) -> Option<Option<Vec<Entry>>> {
    let mut all = kept.lock();
    let kept = all.get_mut(&l.lang.code)?;
    let before = share(kept.prose);
    let mut changed = Vec::new();
    for route in routes {
        let Some(&n) = kept.at.get(&route.href()) else {
            continue;
        };
        let entry = entry_again(l, told, route, &kept.pages[n])?;
        if entry != kept.pages[n] {
            let (new, old) = (prose_size_of(&entry.b), prose_size_of(&kept.pages[n].b));
            kept.prose = (kept.prose.0 + new.0 - old.0, kept.prose.1 + new.1 - old.1);
            changed.push((n, std::mem::replace(&mut kept.pages[n], entry)));
        }
    }
    let after = share(kept.prose);
    let cut = |b: &str, share: Option<usize>| -> String {
        b.chars().take(share.unwrap_or(usize::MAX)).collect()
    };
    let same = before == after
        && changed.iter().all(|(n, old)| {
            let new = &kept.pages[*n];
            (&old.t, &old.i, &old.x) == (&new.t, &new.i, &new.x)
                && cut(&old.b, before) == cut(&new.b, after)
        });
    Some((!same).then(|| kept.pages.clone()))
}

/// Writes `lang`'s index of `pages` (their prose cut to the budget) in files of bounded size.
fn write_index(
    ctx: &RenderContext<'_>,
    lang: &Language,
    mut pages: Vec<Entry>,
) -> Result<Vec<RenderedFile>> {
    let fold: serde_json::Map<String, serde_json::Value> = FOLD
        .iter()
        .map(|(from, to)| (from.to_string(), json!(to)))
        .collect();
    fit_budget(&mut pages);
    let (plural, results) = counted_forms(ctx, lang, pages.len());
    // The first file also carries the folding table and the plural forms (a few KB).
    let mut runs = shards(pages, SHARD_BYTES - 8 * 1024)?.into_iter();
    let first = runs.next().unwrap_or_default();
    let rest: Vec<Vec<Entry>> = runs.collect();
    let more: Vec<String> = (1..=rest.len()).map(shard_route).collect();
    let json_file = |path: String, doc: serde_json::Value| -> Result<RenderedFile> {
        let mut bytes = serde_json::to_vec(&doc)?;
        bytes.push(b'\n');
        Ok(RenderedFile { path, bytes })
    };
    let mut files = vec![json_file(
        format!("{}/search-index.json", lang.code),
        json!({ "lang": lang.code, "fold": fold, "plural": plural, "results": results, "pages": first, "more": more }),
    )?];
    for (n, pages) in rest.into_iter().enumerate() {
        files.push(json_file(
            format!("{}/{}", lang.code, shard_route(n + 1)),
            json!({ "pages": pages }),
        )?);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alef_forms_taa_marbuta_and_alef_maqsura_fold() {
        assert_eq!(normalize("أإآٱ"), "اااا");
        assert_eq!(normalize("المفوضية"), normalize("المفوضيه"));
        assert_eq!(normalize("مستوى"), normalize("مستوي"));
        assert_eq!(normalize("إنتخابات"), normalize("انتخابات"));
    }

    #[test]
    fn harakat_and_tatweel_are_removed() {
        assert_eq!(normalize("الْمُفَوَّضِيَّةُ"), normalize("المفوضية"));
        assert_eq!(normalize("انتـــخابات"), "انتخابات");
    }

    #[test]
    fn digits_become_latin() {
        assert_eq!(normalize("١٫١٫٩"), "1.1.9");
        assert_eq!(normalize("۱۲۳"), "123");
        assert_eq!(normalize("٥٦٪"), "56%");
    }

    #[test]
    fn sorani_letters_match_arabic_keyboards() {
        // کۆمیسیۆن typed with Arabic kaf and yeh.
        assert_eq!(normalize("کۆمیسیۆن"), normalize("كۆميسيۆن"));
        // ە typed as ه.
        assert_eq!(normalize("هەڵبژاردن"), normalize("ههڵبژاردن"));
        assert_eq!(normalize("ھەولێر"), normalize("هەولێر"));
    }

    #[test]
    fn latin_is_lower_cased_and_spaces_collapse() {
        assert_eq!(normalize("  Voter   Registration "), "voter registration");
    }

    #[test]
    fn prose_is_cut_evenly_to_the_budget() {
        let page = |b: &str| Entry {
            u: String::new(),
            t: String::new(),
            i: String::new(),
            x: String::new(),
            b: b.to_owned(),
        };
        let mut small = vec![page("short"), page("")];
        fit_budget(&mut small);
        assert_eq!(small[0].b, "short");
        let long = "x".repeat(BODY_CHARS);
        let mut many: Vec<Entry> = (0..1000).map(|_| page(&long)).collect();
        fit_budget(&mut many);
        let total: usize = many.iter().map(|p| p.b.len()).sum();
        assert!(total <= BODY_BUDGET, "{total}");
        assert_eq!(many[0].b.len(), BODY_BUDGET / 1000);
    }

    #[test]
    fn shards_stay_under_their_limit_and_keep_every_page_in_order() {
        let page = |n: usize| Entry {
            u: format!("p{n}/"),
            t: "t".repeat(40),
            i: String::new(),
            x: String::new(),
            b: "b".repeat(n % 300),
        };
        let pages: Vec<Entry> = (0..500).map(page).collect();
        let runs = shards(pages, 4096).unwrap();
        assert!(runs.len() > 10, "{}", runs.len());
        for run in &runs {
            assert!(serde_json::to_vec(run).unwrap().len() <= 4096);
        }
        let routes: Vec<String> = runs.iter().flatten().map(|p| p.u.clone()).collect();
        assert_eq!(
            routes,
            (0..500).map(|n| format!("p{n}/")).collect::<Vec<_>>()
        );
        assert_eq!(shards(vec![page(1)], 4096).unwrap().len(), 1);
        assert_eq!(shards(Vec::new(), 4096).unwrap(), vec![Vec::<Entry>::new()]);
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("one two three", 8), "one two…");
        assert_eq!(excerpt("short", 8), "short");
    }
}
