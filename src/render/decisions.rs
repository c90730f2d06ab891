//! The board decisions publication: its pages per language (index by year with pages, by
//! category, by status, one page per decision, a timeliness summary), one Atom feed per language,
//! a JSON index of all decisions, and the decisions' attachments.
//!
//! The HTML pages go through the HTML renderer's page jobs (so they share its layout,
//! navigation and notices): [`pages`] lists them. Everything else comes from
//! [`DecisionsRenderer`]. Permalinks are the decision numbers and never change:
//! `/ar/decisions/2013-014/`.

use std::collections::BTreeMap;

use anyhow::Result;
use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::Serialize;

use super::iati::esc as xml;
use super::pages::route::Route;
use super::views::Localizer;
use super::{RenderContext, RenderedFile, Renderer};
use crate::model::{Date, Decision, DecisionStatus, Language, Site};

/// One HTML page of the decisions publication, for the HTML renderer to lay out.
pub(super) struct PageSpec {
    /// Route under the language (`decisions/2013-014/`).
    pub route: String,
    /// Template name.
    pub template: &'static str,
    /// Page title.
    pub title: Value,
    /// Built from a draft translation.
    pub draft: bool,
    /// Template context.
    pub extra: Value,
}

/// Renders the feeds, the JSON index and the attachments of the decisions.
pub struct DecisionsRenderer;

fn ser<T: Serialize>(t: T) -> Value {
    Value::from(Serde(t))
}

/// The route of a decision's page.
pub(crate) fn route(number: &str) -> String {
    Route::decision(number).href()
}

/// Where an attachment is published, from the output root (shared by all languages).
fn attachment_path(number: &str, name: &str) -> String {
    format!("decisions/{number}/{name}")
}

/// Every attachment: where it is published and the file (under the site root) it is copied
/// from. They are not rendered but streamed into the output by its writer, whatever their size.
pub fn attachments(site: &Site) -> Vec<(String, std::path::PathBuf)> {
    let decisions = site.decisions.list.iter();
    decisions
        .flat_map(|d| {
            d.attachments.iter().map(|a| {
                (
                    attachment_path(&d.number, &a.name),
                    site.root.join(&a.source),
                )
            })
        })
        .collect()
}

/// A decision as a link in a list.
#[derive(Serialize)]
struct DecisionLink {
    number: String,
    number_display: String,
    route: String,
    title: Value,
    adopted: String,
    adopted_iso: String,
}

#[derive(Serialize)]
struct Labelled {
    id: String,
    label: Value,
    route: String,
}

#[derive(Serialize)]
struct LanguageVersion {
    code: String,
    name: String,
    dir: &'static str,
    published: Option<String>,
    delay: Option<String>,
    authoritative: bool,
    current: bool,
}

#[derive(Serialize)]
struct AttachmentView {
    path: String,
    name: String,
    title: Value,
    media_type: &'static str,
    kind: String,
    size: String,
}

#[derive(Serialize)]
struct Event {
    date: String,
    date_iso: String,
    text: String,
    decision: Option<DecisionLink>,
}

/// A decision resolved for one language.
#[derive(Serialize)]
struct DecisionView {
    number: String,
    number_display: String,
    route: String,
    title: Value,
    title_plain: String,
    summary: Option<Value>,
    html: Value,
    adopted: String,
    adopted_iso: String,
    session: Option<String>,
    category: Option<Labelled>,
    tags: Vec<String>,
    status: Labelled,
    example: bool,
    authoritative: LanguageVersion,
    /// The text in the page's language is the authoritative one.
    authoritative_here: bool,
    /// Published in the page's language (else the text shown is another language's).
    published_here: bool,
    published: Option<String>,
    versions: Vec<LanguageVersion>,
    amends: Vec<DecisionLink>,
    amended_by: Vec<DecisionLink>,
    repeals: Vec<DecisionLink>,
    repealed_by: Option<DecisionLink>,
    history: Vec<Event>,
    attachments: Vec<AttachmentView>,
    draft: bool,
}

impl Localizer<'_> {
    /// The language this page shows `d` in: its own if the decision has that text, else the
    /// authoritative one ([`Decision::shown_language`]).
    fn decision_language(&self, d: &Decision) -> &Language {
        let code = d.shown_language(&self.lang.code, &self.site.config.default_language);
        self.site
            .config
            .language(code)
            .unwrap_or_else(|| self.site.default_language())
    }

    /// A plain text of `d` (its title or summary) in the page's language, or else marked as
    /// being in the language the decision is shown in.
    fn decision_text(&self, d: &Decision, text: &str, fallback: bool) -> Value {
        if fallback {
            let escaped = minijinja::HtmlEscape(text).to_string();
            Value::from_safe_string(self.fallback_wrap_in(
                self.decision_language(d),
                &escaped,
                false,
            ))
        } else {
            Value::from(text)
        }
    }

    fn decision_title(&self, d: &Decision) -> (Value, String) {
        let shown = &self.decision_language(d).code;
        match d.text.resolve(&self.lang.code, shown) {
            Some((doc, fallback)) => {
                let plain = doc.title.clone().unwrap_or_else(|| d.number.clone());
                (self.decision_text(d, &plain, fallback), plain)
            }
            None => (Value::from(d.number.clone()), d.number.clone()),
        }
    }

    fn decision_link(&self, number: &str) -> Option<DecisionLink> {
        let d = self.site.decisions.get(number)?;
        Some(DecisionLink {
            number: d.number.clone(),
            number_display: self.id(&d.number),
            route: route(&d.number),
            title: self.decision_title(d).0,
            adopted: self.fmt.date(d.adopted),
            adopted_iso: d.adopted.to_string(),
        })
    }

    fn days(&self, n: i64) -> String {
        self.counted("decisions.days", n as f64)
    }

    fn status_label(&self, s: DecisionStatus) -> Labelled {
        Labelled {
            id: s.as_str().to_owned(),
            label: Value::from(self.ui(&format!(
                "decisions.status_{}",
                s.as_str().replace('-', "_")
            ))),
            route: format!("decisions/status/{}/", s.as_str()),
        }
    }

    fn version(&self, d: &Decision, lang: &Language) -> LanguageVersion {
        LanguageVersion {
            code: lang.code.clone(),
            name: lang.name.clone(),
            dir: lang.direction.as_str(),
            published: d.published.get(&lang.code).map(|p| self.fmt.date(*p)),
            delay: d.delay_days(&lang.code).map(|n| self.days(n)),
            authoritative: d.authoritative == lang.code,
            current: lang.code == self.lang.code,
        }
    }

    fn size(&self, bytes: u64) -> String {
        let b = bytes as f64;
        if bytes < 1024 {
            self.counted("decisions.size_bytes", b)
        } else if bytes < 1024 * 1024 {
            self.ui("decisions.size_kb")
                .replace("{n}", &self.fmt.number((b / 1024.0 * 10.0).round() / 10.0))
        } else {
            self.ui("decisions.size_mb").replace(
                "{n}",
                &self.fmt.number((b / 1024.0 / 1024.0 * 10.0).round() / 10.0),
            )
        }
    }

    fn decision(&self, d: &Decision) -> DecisionView {
        let site = self.site;
        let lang = &self.lang.code;
        let doc = self
            .document_or(
                &d.text,
                &format!("d-{}-", d.number),
                self.decision_language(d),
            )
            .expect("validated: a decision has its default-language text");
        let (title, title_plain) = self.decision_title(d);
        let links = |ns: &[String]| -> Vec<DecisionLink> {
            ns.iter().filter_map(|n| self.decision_link(n)).collect()
        };
        let history = self.history(d);
        let authoritative = site
            .config
            .language(&d.authoritative)
            .map(|l| self.version(d, l))
            .expect("validated: the authoritative language is a site language");
        DecisionView {
            number: d.number.clone(),
            number_display: self.id(&d.number),
            route: route(&d.number),
            title,
            title_plain,
            summary: d
                .text
                .resolve(lang, &self.decision_language(d).code)
                .and_then(|(doc, fallback)| {
                    Some(self.decision_text(d, doc.description.as_deref()?, fallback))
                }),
            html: doc.html,
            adopted: self.fmt.date(d.adopted),
            adopted_iso: d.adopted.to_string(),
            session: d.session.as_ref().map(|s| self.id(s)),
            category: d
                .category
                .as_deref()
                .and_then(|c| site.decisions.category(c))
                .map(|c| Labelled {
                    id: c.id.clone(),
                    label: self.text(&c.label),
                    route: format!("decisions/category/{}/", c.id),
                }),
            tags: d.tags.clone(),
            status: self.status_label(d.status),
            example: d.example,
            authoritative_here: d.authoritative == *lang && d.text.docs.contains_key(lang),
            authoritative,
            published_here: d.published.contains_key(lang),
            published: d.published.get(lang).map(|p| self.fmt.date(*p)),
            versions: site
                .config
                .languages
                .iter()
                .map(|l| self.version(d, l))
                .collect(),
            amends: links(&d.amends),
            amended_by: links(&d.amended_by),
            repeals: links(&d.repeals),
            repealed_by: d.repealed_by.as_deref().and_then(|n| self.decision_link(n)),
            history,
            attachments: self.attachment_views(d),
            draft: doc.draft,
        }
    }

    /// The events of `d`'s life, oldest first: its adoption, then the decisions that amended
    /// or repealed it, by their adoption dates.
    fn history(&self, d: &Decision) -> Vec<Event> {
        let site = self.site;
        let mut history = vec![Event {
            date: self.fmt.date(d.adopted),
            date_iso: d.adopted.to_string(),
            text: self.ui("decisions.event_adopted"),
            decision: None,
        }];
        let mut changes: Vec<(Date, &str, &str)> = d
            .amended_by
            .iter()
            .map(|n| (n, "decisions.event_amended"))
            .chain(
                d.repealed_by
                    .iter()
                    .map(|n| (n, "decisions.event_repealed")),
            )
            .filter_map(|(n, key)| site.decisions.get(n).map(|x| (x.adopted, n.as_str(), key)))
            .collect();
        changes.sort();
        for (date, n, key) in changes {
            history.push(Event {
                date: self.fmt.date(date),
                date_iso: date.to_string(),
                text: self.ui(key),
                decision: self.decision_link(n),
            });
        }
        history
    }

    /// The attachments of `d`, as its page lists them.
    fn attachment_views(&self, d: &Decision) -> Vec<AttachmentView> {
        d.attachments
            .iter()
            .map(|a| AttachmentView {
                path: attachment_path(&d.number, &a.name),
                name: a.name.clone(),
                title: a
                    .title
                    .as_ref()
                    .map_or_else(|| Value::from(a.name.clone()), |t| self.text(t)),
                media_type: a.media_type,
                kind: a
                    .name
                    .rsplit_once('.')
                    .map_or(String::new(), |(_, e)| e.to_ascii_uppercase()),
                size: self.size(a.size),
            })
            .collect()
    }

    /// A list entry: the decision's link plus its status and category.
    fn decision_item(&self, v: &DecisionView) -> Value {
        context! {
            number => v.number.as_str(), number_display => v.number_display.as_str(), route => v.route.as_str(),
            title => v.title.clone(), summary => v.summary.clone(), adopted => v.adopted.as_str(),
            adopted_iso => v.adopted_iso.as_str(), status => ser(&v.status), category => ser(&v.category),
            example => v.example, published_here => v.published_here,
        }
    }

    /// Decisions (newest first) grouped by year of adoption, from their list entries.
    fn by_year(&self, list: &[&Decision], items: &BTreeMap<&str, Value>) -> Vec<Value> {
        let mut groups: Vec<(i32, Vec<Value>)> = Vec::new();
        for d in list {
            let item = items.get(d.number.as_str()).cloned().unwrap_or_default();
            match groups.last_mut() {
                Some((y, entries)) if *y == d.adopted.year => entries.push(item),
                _ => groups.push((d.adopted.year, vec![item])),
            }
        }
        groups
            .into_iter()
            .map(|(y, decisions)| context! { year => y, year_display => self.id(&y.to_string()), decisions })
            .collect()
    }
}

/// The route of index page `n` (1-based).
fn index_route(n: usize) -> String {
    list_route("decisions/", n)
}

/// Decisions on one page of a category's or a status's list, and rows on one page of the
/// timeliness table; the index pages hold the site's `page_size`.
pub(crate) const LIST_PER_PAGE: usize = 100;

/// The route of page `n` (1-based) of the list at `route`.
fn list_route(route: &str, n: usize) -> String {
    if n <= 1 {
        route.to_owned()
    } else {
        format!("{route}page/{n}/")
    }
}

/// The links between the `count` pages of the list at `route`, on page `n`.
fn pager(l: &Localizer<'_>, route: &str, (n, count): (usize, usize)) -> Value {
    let pages: Vec<Value> = (1..=count)
        .map(|k| context! { n => l.id(&k.to_string()), route => list_route(route, k), current => k == n })
        .collect();
    context! {
        pages, count,
        prev => (n > 1).then(|| list_route(route, n - 1)),
        next => (n < count).then(|| list_route(route, n + 1)),
    }
}

/// `title`, and for page `n` > 1 of `count`, "page n of count" after it.
fn paged_title(l: &Localizer<'_>, title: &str, (n, count): (usize, usize)) -> String {
    if n == 1 {
        return title.to_owned();
    }
    let page = l.ui("decisions.page_n");
    let page = page
        .replace("{n}", &l.id(&n.to_string()))
        .replace("{count}", &l.id(&count.to_string()));
    format!("{title} — {page}")
}

/// What every list page of the decisions publication shows beside its decisions: the entries to
/// list them by, and the filter links.
struct Lists<'a> {
    /// Each decision's list entry, by number.
    items: &'a BTreeMap<&'a str, Value>,
    /// The links to the categories, statuses, feed and timeliness page.
    filters: &'a Value,
}

/// Every decisions page in the language of `l`; none when the site has no decisions.
pub(super) fn pages(l: &Localizer<'_>) -> Vec<PageSpec> {
    let site = l.site;
    let all: Vec<&Decision> = site.decisions.list.iter().collect();
    if all.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let views: Vec<DecisionView> = all.iter().map(|d| l.decision(d)).collect();
    let items: BTreeMap<&str, Value> = views
        .iter()
        .map(|v| (v.number.as_str(), l.decision_item(v)))
        .collect();
    let examples = all.iter().any(|d| d.example);
    let categories = used_categories(l, &all);
    let statuses: Vec<Labelled> = DecisionStatus::ALL
        .into_iter()
        .map(|s| l.status_label(s))
        .collect();
    let filters = context! {
        categories => ser(&categories),
        statuses => ser(&statuses),
        feed => "decisions/feed.xml",
        timeliness => "decisions/timeliness/",
        examples,
    };
    let lists = Lists {
        items: &items,
        filters: &filters,
    };
    out.extend(index_pages(l, &all, &lists));
    out.extend(category_pages(l, &all, &categories, &lists));
    out.extend(status_pages(l, &all, &statuses, &lists));
    out.extend(views.into_iter().map(|view| decision_spec(l, view)));
    out.extend(timeliness_pages(l, &all, filters));
    out
}

/// The categories at least one of the decisions `all` is in, in the site's order.
fn used_categories(l: &Localizer<'_>, all: &[&Decision]) -> Vec<Labelled> {
    l.site
        .decisions
        .categories
        .iter()
        .filter(|c| {
            all.iter()
                .any(|d| d.category.as_deref() == Some(c.id.as_str()))
        })
        .map(|c| Labelled {
            id: c.id.clone(),
            label: l.text(&c.label),
            route: format!("decisions/category/{}/", c.id),
        })
        .collect()
}

/// The index, newest first, grouped by year, in pages of the site's `page_size`.
fn index_pages(l: &Localizer<'_>, all: &[&Decision], lists: &Lists<'_>) -> Vec<PageSpec> {
    let title = l.ui("decisions.title");
    let size = l.site.decisions.page_size.max(1);
    let chunks: Vec<&[&Decision]> = all.chunks(size).collect();
    let count = chunks.len();
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            PageSpec {
                route: index_route(n),
                template: "decisions/index.html",
                title: Value::from(paged_title(l, &title, (n, count))),
                draft: false,
                extra: context! {
                    heading => title.clone(),
                    years => l.by_year(chunk, lists.items),
                    pager => pager(l, "decisions/", (n, count)),
                    filters => lists.filters.clone(),
                    total => l.id(&all.len().to_string()),
                },
            }
        })
        .collect()
}

/// The pages listing the decisions of each category in `categories`.
fn category_pages(
    l: &Localizer<'_>,
    all: &[&Decision],
    categories: &[Labelled],
    lists: &Lists<'_>,
) -> Vec<PageSpec> {
    let mut out = Vec::new();
    for c in categories {
        let list: Vec<&Decision> = all
            .iter()
            .copied()
            .filter(|d| d.category.as_deref() == Some(c.id.as_str()))
            .collect();
        let label = l
            .site
            .decisions
            .category(&c.id)
            .map_or_else(|| c.id.clone(), |x| l.plain(&x.label));
        let heading = l
            .ui("decisions.category_title")
            .replace("{category}", &label);
        out.extend(filtered_pages(l, &c.route, heading, &list, lists));
    }
    out
}

/// The pages listing the decisions of each status in `statuses`.
fn status_pages(
    l: &Localizer<'_>,
    all: &[&Decision],
    statuses: &[Labelled],
    lists: &Lists<'_>,
) -> Vec<PageSpec> {
    let mut out = Vec::new();
    for s in statuses {
        let list: Vec<&Decision> = all
            .iter()
            .copied()
            .filter(|d| d.status.as_str() == s.id)
            .collect();
        let heading = l
            .ui("decisions.status_title")
            .replace("{status}", &s.label.to_string());
        out.extend(filtered_pages(l, &s.route, heading, &list, lists));
    }
    out
}

/// The pages at `route` listing the decisions `list` of one category or one status,
/// [`LIST_PER_PAGE`] a page (one empty page when there are none).
fn filtered_pages(
    l: &Localizer<'_>,
    route: &str,
    heading: String,
    list: &[&Decision],
    lists: &Lists<'_>,
) -> Vec<PageSpec> {
    let mut chunks: Vec<&[&Decision]> = list.chunks(LIST_PER_PAGE).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let count = chunks.len();
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            PageSpec {
                route: list_route(route, n),
                template: "decisions/index.html",
                title: Value::from(paged_title(l, &heading, (n, count))),
                draft: false,
                extra: context! {
                    heading => heading.clone(),
                    years => l.by_year(chunk, lists.items),
                    pager => (count > 1).then(|| pager(l, route, (n, count))),
                    filters => lists.filters.clone(),
                    total => l.id(&list.len().to_string()),
                },
            }
        })
        .collect()
}

/// The page of decision `d`, made alone (for a partial build).
pub(super) fn decision_page(l: &Localizer<'_>, d: &Decision) -> PageSpec {
    decision_spec(l, l.decision(d))
}

/// The page of the decision `view` shows.
fn decision_spec(l: &Localizer<'_>, view: DecisionView) -> PageSpec {
    let title = format!(
        "{} {} — {}",
        l.ui("decisions.decision"),
        view.number_display,
        view.title_plain
    );
    PageSpec {
        route: view.route.clone(),
        template: "decisions/decision.html",
        title: Value::from(title),
        draft: view.draft,
        extra: context! { decision => ser(view) },
    }
}

/// The timeliness figures for the page of indicator `id`, when `decisions.toml` names it.
pub(super) fn indicator_note(l: &Localizer<'_>, id: &str) -> Value {
    let site = l.site;
    if site.decisions.indicator.as_deref() != Some(id) || site.decisions.list.is_empty() {
        return Value::from(());
    }
    let t = site.decision_timeliness();
    let languages: Vec<Value> = t
        .languages
        .iter()
        .filter(|x| x.lang != site.config.default_language)
        .filter_map(|x| {
            let lang = site.config.language(&x.lang)?;
            Some(context! {
                code => lang.code.as_str(), name => lang.name.as_str(), dir => lang.direction.as_str(),
                share => l.ui("decisions.share_of")
                    .replace("{published}", &l.fmt.number(x.published as f64))
                    .replace("{total}", &l.fmt.number(t.total as f64)),
                percent => l.fmt.percent((x.percent * 10.0).round() / 10.0),
                median => x.median_delay_days.map(|m| l.counted("decisions.days", m)),
            })
        })
        .collect();
    context! { languages, examples => t.examples > 0, route => "decisions/timeliness/" }
}

/// The timeliness page: each language's figures, and a row for each decision,
/// [`LIST_PER_PAGE`] rows a page (the figures on the first).
fn timeliness_pages(l: &Localizer<'_>, all: &[&Decision], filters: Value) -> Vec<PageSpec> {
    let site = l.site;
    let t = site.decision_timeliness();
    let languages: Vec<Value> = t
        .languages
        .iter()
        .filter_map(|x| {
            let lang = site.config.language(&x.lang)?;
            Some(context! {
                code => lang.code.as_str(), name => lang.name.as_str(), dir => lang.direction.as_str(),
                published => l.fmt.number(x.published as f64),
                total => l.fmt.number(t.total as f64),
                percent => l.fmt.percent((x.percent * 10.0).round() / 10.0),
                percent_value => x.percent,
                median => x.median_delay_days.map(|m| l.counted("decisions.days", m)),
                max => x.max_delay_days.map(|m| l.days(m)),
            })
        })
        .collect();
    let route = "decisions/timeliness/";
    let title = l.ui("decisions.timeliness_title");
    let chunks: Vec<&[&Decision]> = all.chunks(LIST_PER_PAGE).collect();
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            PageSpec {
                route: list_route(route, n),
                template: "decisions/timeliness.html",
                title: Value::from(paged_title(l, &title, (n, count))),
                draft: false,
                extra: context! {
                    languages => if n == 1 { languages.clone() } else { Vec::new() },
                    later => n > 1,
                    rows => timeliness_rows(l, chunk),
                    pager => (count > 1).then(|| pager(l, route, (n, count))),
                    total => l.fmt.number(t.total as f64),
                    examples => t.examples > 0,
                    filters => filters.clone(),
                    site_languages => site.config.languages.iter().map(|x| context! { code => x.code.as_str(), name => x.name.as_str(), dir => x.direction.as_str() }).collect::<Vec<_>>(),
                },
            }
        })
        .collect()
}

/// The timeliness table's rows for the decisions `list`: when each language's text was
/// published.
fn timeliness_rows(l: &Localizer<'_>, list: &[&Decision]) -> Vec<Value> {
    list.iter()
        .map(|d| {
            let versions: Vec<LanguageVersion> = l
                .site
                .config
                .languages
                .iter()
                .map(|lang| l.version(d, lang))
                .collect();
            context! { decision => ser(l.decision_link(&d.number)), versions => ser(versions) }
        })
        .collect()
}

impl Renderer for DecisionsRenderer {
    fn name(&self) -> &'static str {
        "decisions"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        let site = ctx.site;
        if site.decisions.list.is_empty() {
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        for lang in &site.config.languages {
            let l = Localizer::new(site, lang, &ctx.theme.ui);
            files.push(RenderedFile::text(
                format!("{}/decisions/feed.xml", lang.code),
                atom_feed(&l, &ctx.base_url),
            ));
        }
        files.push(RenderedFile::text(
            "data/decisions.json",
            json_index(site, &ctx.base_url)?,
        ));
        Ok(files)
    }
}

/// A date as an RFC 3339 timestamp at midnight UTC.
fn timestamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// The Atom feed (RFC 4287) of decisions published in `l`'s language, newest publication first.
/// Its `updated` is the latest publication date, so rebuilding gives the same bytes.
fn atom_feed(l: &Localizer<'_>, base_url: &str) -> String {
    let site = l.site;
    let lang = &l.lang.code;
    let mut entries: Vec<(&Decision, Date)> = site
        .decisions
        .list
        .iter()
        .filter_map(|d| d.published.get(lang).map(|p| (d, *p)))
        .collect();
    entries.sort_by(|a, b| (b.1, &b.0.number).cmp(&(a.1, &a.0.number)));
    let updated = entries
        .iter()
        .map(|(_, p)| *p)
        .max()
        .or_else(|| site.decisions.list.iter().map(|d| d.adopted).max())
        .map(timestamp)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
    let site_title = l.plain(&site.config.title);
    let feed_url = format!("{base_url}{lang}/decisions/feed.xml");
    let index_url = format!("{base_url}{lang}/decisions/");
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(lang)
    ));
    out.push_str(&format!(
        "  <title>{} · {}</title>\n",
        xml(&l.ui("decisions.title")),
        xml(&site_title)
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml(&feed_url)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&feed_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&index_url)
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&site_title)
    ));
    for (d, published) in entries {
        out.push_str(&feed_entry(l, base_url, d, published));
    }
    out.push_str("</feed>\n");
    out
}

/// The feed's `<entry>` for decision `d`, published in `l`'s language on `published`.
fn feed_entry(l: &Localizer<'_>, base_url: &str, d: &Decision, published: Date) -> String {
    let lang = &l.lang.code;
    let url = format!("{base_url}{lang}/{}", route(&d.number));
    let (_, title) = l.decision_title(d);
    let summary = feed_summary(l, d);
    let mut entry_title = format!("{} — {title}", l.id(&d.number));
    if d.example {
        entry_title = format!("{} {entry_title}", l.ui("decisions.example_tag"));
    }
    let mut out = String::new();
    out.push_str("  <entry>\n");
    out.push_str(&format!("    <title>{}</title>\n", xml(&entry_title)));
    out.push_str(&format!("    <id>{}</id>\n", xml(&url)));
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&url)
    ));
    out.push_str(&format!(
        "    <published>{}</published>\n",
        timestamp(published)
    ));
    out.push_str(&format!(
        "    <updated>{}</updated>\n",
        timestamp(published)
    ));
    if let Some(c) = d
        .category
        .as_deref()
        .and_then(|c| l.site.decisions.category(c))
    {
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            xml(&c.id),
            xml(&l.plain(&c.label))
        ));
    }
    out.push_str(&format!(
        "    <summary type=\"text\">{}</summary>\n",
        xml(&summary)
    ));
    out.push_str("  </entry>\n");
    out
}

/// The feed entry's summary of `d`: the example banner when it is one, when it was adopted and
/// its status, then its description in `l`'s language.
fn feed_summary(l: &Localizer<'_>, d: &Decision) -> String {
    let mut summary = String::new();
    if d.example {
        summary.push_str(&l.ui("decisions.example_banner"));
        summary.push(' ');
    }
    summary.push_str(
        &l.ui("decisions.feed_summary")
            .replace("{adopted}", &l.fmt.date(d.adopted))
            .replace(
                "{status}",
                &l.ui(&format!(
                    "decisions.status_{}",
                    d.status.as_str().replace('-', "_")
                )),
            ),
    );
    if let Some(s) = d
        .text
        .docs
        .get(&l.lang.code)
        .and_then(|doc| doc.description.as_deref())
    {
        summary.push(' ');
        summary.push_str(s);
    }
    summary
}

#[derive(Serialize)]
struct JsonDecision<'a> {
    number: &'a str,
    example: bool,
    adopted: String,
    session: Option<&'a str>,
    category: Option<&'a str>,
    tags: &'a [String],
    status: DecisionStatus,
    authoritative: &'a str,
    amends: &'a [String],
    amended_by: &'a [String],
    repeals: &'a [String],
    repealed_by: Option<&'a str>,
    title: BTreeMap<&'a str, &'a str>,
    published: BTreeMap<&'a str, String>,
    delay_days: BTreeMap<&'a str, i64>,
    urls: BTreeMap<&'a str, String>,
    attachments: Vec<JsonAttachment<'a>>,
}

#[derive(Serialize)]
struct JsonAttachment<'a> {
    name: &'a str,
    media_type: &'a str,
    size: u64,
    url: String,
}

/// `data/decisions.json`: every decision's metadata, with machine values (ISO dates, numbers).
fn json_index(site: &Site, base_url: &str) -> Result<String> {
    let decisions: Vec<JsonDecision> = site
        .decisions
        .list
        .iter()
        .map(|d| JsonDecision {
            number: &d.number,
            example: d.example,
            adopted: d.adopted.to_string(),
            session: d.session.as_deref(),
            category: d.category.as_deref(),
            tags: &d.tags,
            status: d.status,
            authoritative: &d.authoritative,
            amends: &d.amends,
            amended_by: &d.amended_by,
            repeals: &d.repeals,
            repealed_by: d.repealed_by.as_deref(),
            title: d
                .text
                .docs
                .iter()
                .filter_map(|(l, doc)| doc.title.as_deref().map(|t| (l.as_str(), t)))
                .collect(),
            published: d
                .published
                .iter()
                .map(|(l, p)| (l.as_str(), p.to_string()))
                .collect(),
            delay_days: d
                .published
                .keys()
                .filter_map(|l| d.delay_days(l).map(|n| (l.as_str(), n)))
                .collect(),
            urls: site
                .config
                .languages
                .iter()
                .map(|l| {
                    (
                        l.code.as_str(),
                        format!("{base_url}{}/{}", l.code, route(&d.number)),
                    )
                })
                .collect(),
            attachments: d
                .attachments
                .iter()
                .map(|a| JsonAttachment {
                    name: &a.name,
                    media_type: a.media_type,
                    size: a.size,
                    url: format!("{base_url}{}", attachment_path(&d.number, &a.name)),
                })
                .collect(),
        })
        .collect();
    let doc = serde_json::json!({
        "decisions": decisions,
        "timeliness": site.decision_timeliness(),
    });
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}
