//! Rendering: the model becomes files in memory. Nothing here touches the output folder.
//!
//! A [`Theme`] holds the compiled templates, interface strings and static files of
//! `themes/NAME/`. Each [`Renderer`] (HTML pages, and later data files or feeds) turns the
//! model into [`RenderedFile`]s; [`render`] runs them all and checks that no two claim a path.

pub(crate) mod charts;
pub(crate) mod data;
mod decisions;
mod html;
pub(crate) mod iati;
pub(crate) mod kept;
pub mod links;
pub(crate) mod markdown;
pub(crate) mod pages;
pub mod search;
pub(crate) mod sitemap;
pub(crate) mod source_links;
pub mod theme;
mod translations;
pub(crate) mod views;
pub(crate) mod web;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use anyhow::{bail, Result};

pub use data::DataRenderer;
pub use decisions::{attachments, DecisionsRenderer};
pub use html::HtmlRenderer;
pub use iati::IatiRenderer;
pub use search::SearchRenderer;
pub use theme::{strip_tags, Theme};
pub use web::WebRenderer;

pub use crate::rendered::RenderedFile;

use crate::diagnostic::ContentErrors;
use crate::model::Site;

/// Settings of one rendering run.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides `base_url` from `site.toml` (for previews and other hosts).
    pub base_url: Option<String>,
    /// Which files to make: all of them, or only some pages (for `serve`'s quick rebuilds).
    pub scope: Scope,
    /// The model's figures for the charts, when the caller keeps them between runs (`serve`);
    /// otherwise copied from the site for the run. They must be the site's own figures.
    pub figures: Option<std::sync::Arc<charts::SharedModel>>,
    /// The search index, when the caller keeps it between runs (`serve`): a partial build then
    /// re-reads only the prose of the pages it redoes.
    pub kept_index: Option<std::sync::Arc<search::KeptIndex>>,
    /// The indicators' parts of the whole-site data files, when the caller keeps them between
    /// runs (`serve`): a partial build then makes only the changed indicators' parts.
    pub kept_parts: Option<std::sync::Arc<data::KeptParts>>,
    /// Which of a partial build's files are made (a full build makes them all).
    pub part: Part,
}

/// Which files of a partial build are made, so that `serve` can write the pages an edit
/// changed, and tell the browser, before it makes the whole-site data files again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Part {
    /// The pages, the search index and the data files the scope wants.
    #[default]
    Everything,
    /// The pages and the search index only.
    Pages,
    /// The data files and the IATI file only.
    Data,
}

/// Which files a rendering run makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every file of the site.
    #[default]
    All,
    /// Only these HTML pages, in every language: what a change to the text shown on those
    /// pages alone has to redo. Data files, feeds, assets and the sitemap are made only with
    /// `All`; the search indexes, which hold the pages' prose, are made with either.
    Routes(pages::Shown),
    /// What a change to some figures has to redo: the pages showing them (see
    /// [`pages::showing_figures`]), the data files of these indicators, the whole dataset, the
    /// IATI file and the search indexes.
    Figures {
        /// The pages.
        shown: pages::Shown,
        /// The indicators whose data files are made.
        indicators: BTreeSet<String>,
    },
}

impl Scope {
    /// Whether the page at `route` is made.
    pub fn wants(&self, route: &pages::Route) -> bool {
        match self {
            Scope::All => true,
            Scope::Routes(shown) => shown.holds(route),
            Scope::Figures { shown, .. } => shown.holds(route),
        }
    }

    /// Whether every file is made.
    pub fn is_all(&self) -> bool {
        *self == Scope::All
    }

    /// Whether every page of the list whose first page is `route` is made.
    pub fn wants_list(&self, route: &pages::Route) -> bool {
        match self {
            Scope::All => true,
            Scope::Routes(shown) | Scope::Figures { shown, .. } => shown.lists.contains(route),
        }
    }

    /// Whether a page after the first of the list whose first page is `first` is made.
    pub fn wants_later(&self, first: &pages::Route) -> bool {
        match self {
            Scope::All => true,
            Scope::Routes(shown) | Scope::Figures { shown, .. } => shown
                .pages
                .iter()
                .any(|r| r != first && r.first_page() == *first),
        }
    }

    /// Whether the data files (for `indicator`, when it is given) are made.
    pub fn wants_data(&self, indicator: Option<&str>) -> bool {
        match self {
            Scope::All => true,
            Scope::Routes(_) => false,
            Scope::Figures { indicators, .. } => indicator.is_none_or(|i| indicators.contains(i)),
        }
    }

    /// The routes of a partial build (of lists, their first pages); `None` for a full one.
    pub fn routes(&self) -> Option<BTreeSet<pages::Route>> {
        match self {
            Scope::All => None,
            Scope::Routes(shown) | Scope::Figures { shown, .. } => {
                Some(shown.pages.union(&shown.lists).cloned().collect())
            }
        }
    }
}

/// Everything a renderer may read.
pub struct RenderContext<'a> {
    /// The model.
    pub site: &'a Site,
    /// The theme.
    pub theme: &'a Theme,
    /// The absolute URL of the site root, ending in `/`.
    pub base_url: String,
    /// Which pages to make.
    pub scope: &'a Scope,
    /// The figures for the charts, if the caller has them already.
    pub figures: Option<std::sync::Arc<charts::SharedModel>>,
    /// The search index of the last run, if the caller keeps it.
    pub kept_index: Option<std::sync::Arc<search::KeptIndex>>,
    /// The kept parts of the data files (see [`RenderOptions::kept_parts`]).
    pub kept_parts: Option<std::sync::Arc<data::KeptParts>>,
}

/// Where rendered files go as they are made (the output's staging folder, or a list). Called
/// from several threads at once.
pub type Sink<'a> = dyn Fn(RenderedFile) -> Result<()> + Sync + 'a;

/// Something that turns the model into files.
pub trait Renderer: Sync {
    /// A short name, for error messages.
    fn name(&self) -> &'static str;
    /// Produces this renderer's files.
    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>>;
    /// Hands this renderer's files to `sink` one by one; renderers of many files override it
    /// so that their files need not all be in memory at once.
    fn render_to(&self, ctx: &RenderContext<'_>, sink: &Sink<'_>) -> Result<()> {
        for f in self.render(ctx)? {
            sink(f)?;
        }
        Ok(())
    }
}

/// Loads the site under `root`, validates it, and loads its theme: all that rendering needs.
///
/// Content and theme problems come back as [`ContentErrors`] holding every diagnostic.
pub fn load(root: &std::path::Path) -> Result<(Site, Theme)> {
    let site = Site::load(root)?;
    let theme = Theme::load(&site).map_err(|problems| {
        let mut diagnostics = site.warnings.clone();
        diagnostics.extend(problems);
        ContentErrors { diagnostics }
    })?;
    Ok((site, theme))
}

/// Collects the files that `produce` hands to its sink (from any thread), in no particular order.
pub fn collect(produce: impl FnOnce(&Sink<'_>) -> Result<()>) -> Result<Vec<RenderedFile>> {
    let files = Mutex::new(Vec::new());
    produce(&|f| {
        files.lock().unwrap_or_else(|p| p.into_inner()).push(f);
        Ok(())
    })?;
    Ok(files.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Runs every renderer over the site and returns all files, sorted by path.
pub fn render(site: &Site, theme: &Theme, options: &RenderOptions) -> Result<Vec<RenderedFile>> {
    let mut files = collect(|sink| render_to(site, theme, options, sink))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Runs every renderer over the site, handing each file to `sink` as soon as it is made (in no
/// particular order), then the sitemap of them all. Two renderers producing the same path is an
/// error.
pub fn render_to(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    sink: &Sink<'_>,
) -> Result<()> {
    let base_url = match &options.base_url {
        Some(u) if u.ends_with('/') => u.clone(),
        Some(u) => format!("{u}/"),
        None => site.config.base_url.clone(),
    };
    let ctx = RenderContext {
        site,
        theme,
        base_url,
        scope: &options.scope,
        figures: options.figures.clone(),
        kept_index: options.kept_index.clone(),
        kept_parts: options.kept_parts.clone(),
    };
    let renderers: Vec<Box<dyn Renderer>> = if options.scope.is_all() {
        vec![
            Box::new(HtmlRenderer),
            Box::new(DecisionsRenderer),
            Box::new(DataRenderer),
            Box::new(SearchRenderer),
            Box::new(IatiRenderer),
            Box::new(WebRenderer),
        ]
    } else if options.scope.wants_data(None) {
        let pages: Vec<Box<dyn Renderer>> = vec![Box::new(HtmlRenderer), Box::new(SearchRenderer)];
        let data: Vec<Box<dyn Renderer>> = vec![Box::new(DataRenderer), Box::new(IatiRenderer)];
        match options.part {
            Part::Everything => pages.into_iter().chain(data).collect(),
            Part::Pages => pages,
            Part::Data => data,
        }
    } else if options.part == Part::Data {
        Vec::new()
    } else {
        // The search index holds the pages' prose, so it follows any change to their text.
        vec![Box::new(HtmlRenderer), Box::new(SearchRenderer)]
    };
    // Which renderer made each path: small, and enough to refuse duplicates and to list pages.
    let made: Mutex<BTreeMap<String, &'static str>> = Mutex::new(BTreeMap::new());
    let timings = std::env::var_os("SHAFAF_TIMINGS").is_some();
    let run = |r: &dyn Renderer| {
        let started = std::time::Instant::now();
        let name = r.name();
        r.render_to(&ctx, &|f: RenderedFile| {
            {
                let mut made = made.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(other) = made.get(&f.path) {
                    bail!("two renderers ({other} and {name}) both produce {}", f.path);
                }
                made.insert(f.path.clone(), name);
            }
            sink(f)
        })?;
        if timings {
            eprintln!(
                "timings: renderer {name} {:.3} s",
                started.elapsed().as_secs_f64()
            );
        }
        Ok(())
    };
    if !options.scope.is_all() {
        // A few files each: the renderers side by side, so the slowest alone sets the time.
        use rayon::prelude::*;
        return renderers.par_iter().try_for_each(|r| run(r.as_ref()));
    }
    // One renderer at a time (each runs in parallel itself), so that their files are not all
    // in memory at once.
    renderers.iter().try_for_each(|r| run(r.as_ref()))?;
    let made = made.into_inner().unwrap_or_else(|p| p.into_inner());
    for map in sitemap::sitemap(site, &ctx.base_url, made.keys().map(String::as_str)) {
        if !made.contains_key(&map.path) {
            sink(map)?;
        }
    }
    Ok(())
}
