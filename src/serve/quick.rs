//! Quick rebuilds: an edit of the text of a narrative, a static page or a decision, of the
//! figures and notes of a period's `period.toml`, or of the words of the outputs and indicators
//! in `results.toml`, re-renders only the pages (and data files) that show what it changed, and
//! replaces them in the serve folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{hidden, render_options, report, report_diagnostics, Preview, ServeOptions};
use crate::diagnostic::{ContentErrors, Diagnostic};
use crate::model::{
    period_file, Decisions, FigureChange, FrameworkChange, Narrative, Page, Period, Results, Site,
    DECISIONS_DIR, RESULTS_FILE,
};
use crate::output::update_in_place;
use crate::render::charts::SharedModel;
use crate::render::data::KeptParts;
use crate::render::pages::{showing_figures, showing_words, Route, Shown};
use crate::render::search::KeptIndex;
use crate::render::{render, Part, RenderOptions, Scope};

/// What a changed file holds, for a quick rebuild.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Edit {
    /// A language version of a narrative: by its period's id and its key.
    Narrative(String, String),
    /// The `period.toml` of the period with this id.
    Figures(String),
    /// A language version of the static page with this slug.
    Document(String),
    /// A decision's Markdown file (or a new one).
    Decision(PathBuf),
    /// The settings of the decisions publication.
    DecisionSettings,
    /// The results framework, `results.toml`. Last in the order edits are read again in: when
    /// it changes a target, it reads every period again, in place of any read before it.
    Framework,
}

/// The files among `changed` (paths relative to the site root) with what each holds, if
/// they are all files a quick rebuild can follow (see [`Edit`]); `None` if the change needs a
/// full rebuild.
pub(super) fn edits(
    preview: &Preview,
    changed: &BTreeSet<PathBuf>,
) -> Option<BTreeMap<PathBuf, Edit>> {
    let mut edited = BTreeMap::new();
    for rel in changed {
        let path = preview.site.root.join(rel);
        if hidden(rel) {
            continue;
        }
        if path.is_dir() {
            // A folder made, or renamed into place: what it holds is new to the site.
            return None;
        }
        let exists = path.is_file();
        let known = preview.files.contains(rel) || preview.files.iter().any(|f| f.starts_with(rel));
        if !exists && !known {
            // A temporary file that came and went.
            continue;
        }
        if !exists {
            return None;
        }
        edited.insert(rel.clone(), edit_of(preview, rel)?);
    }
    Some(edited)
}

/// What the content file `rel` holds, if a quick rebuild can follow its edit.
fn edit_of(preview: &Preview, rel: &Path) -> Option<Edit> {
    let site = &preview.site;
    if rel == Path::new(RESULTS_FILE) {
        return Some(Edit::Framework);
    }
    if let Some(p) = site.periods.iter().find(|p| period_file(&p.id) == rel) {
        return Some(Edit::Figures(p.id.clone()));
    }
    if let Some(page) = site.page_in_file(rel) {
        return Some(Edit::Document(page.slug.clone()));
    }
    if rel.starts_with(DECISIONS_DIR) {
        // An attachment is copied as it is: a change to one is rebuilt in full.
        return match rel.extension().and_then(|e| e.to_str()) {
            Some("md") => Some(Edit::Decision(rel.to_path_buf())),
            Some("toml") => Some(Edit::DecisionSettings),
            _ => None,
        };
    }
    let (period, narrative) = site.narrative_in_file(rel)?;
    Some(Edit::Narrative(period.id.clone(), narrative.key.clone()))
}

/// The edits read again: the new narratives, pages, decisions and periods, each with the
/// warnings about its files, and what in them changed.
#[derive(Default)]
struct Reread {
    narratives: Vec<(String, Narrative, Vec<Diagnostic>)>,
    pages: Vec<(Page, Vec<Diagnostic>)>,
    decisions: Option<(Decisions, Vec<Diagnostic>, Vec<String>)>,
    periods: Vec<(Period, Vec<Diagnostic>, FigureChange)>,
    framework: Option<(Results, Vec<Diagnostic>, FrameworkChange)>,
}

/// Reads the edited files again. `Ok(None)` when an edit needs a full rebuild (front matter
/// changed, or more than a period's figures and notes); `Err` with every problem found in them.
fn reread(preview: &Preview, edited: &BTreeMap<PathBuf, Edit>) -> Result<Option<Reread>, String> {
    let mut errors = Vec::new();
    let mut out = Reread::default();
    let mut quick = |outcome| match outcome {
        Ok(quick) => quick,
        Err(ContentErrors { diagnostics }) => {
            errors.extend(diagnostics);
            true
        }
    };
    for edit in edited.values().collect::<BTreeSet<_>>() {
        if !quick(reread_one(&preview.site, edit, &mut out)) {
            return Ok(None);
        }
    }
    if !quick(reread_decisions(&preview.site, edited, &mut out)) {
        return Ok(None);
    }
    if errors.is_empty() {
        Ok(Some(out))
    } else {
        Err(report_diagnostics(errors))
    }
}

/// Reads the files of `edit` again into `out`: `Ok(false)` when the edit needs a full rebuild.
fn reread_one(site: &Site, edit: &Edit, out: &mut Reread) -> Result<bool, ContentErrors> {
    match edit {
        Edit::Narrative(period, key) => {
            let (new, warnings) = site.reload_narrative(period, key)?;
            let old = site
                .period(period)
                .and_then(|p| p.narratives.iter().find(|n| &n.key == key));
            let quick = old.is_some_and(|old| old.differs_only_in_text(&new));
            out.narratives.push((period.clone(), new, warnings));
            Ok(quick)
        }
        Edit::Figures(period) => {
            let (new, warnings) = site.reload_period(period)?;
            let change = site.period(period).and_then(|old| old.figure_change(&new));
            let quick = change.is_some();
            out.periods.extend(change.map(|c| (new, warnings, c)));
            Ok(quick)
        }
        Edit::Document(slug) => {
            let (new, warnings) = site.reload_page(slug)?;
            let old = site.pages.iter().find(|p| &p.slug == slug);
            let quick = old.is_some_and(|old| old.differs_only_in_text(&new));
            out.pages.push((new, warnings));
            Ok(quick)
        }
        Edit::Framework => {
            let (new, warnings) = site.reload_results()?;
            let Some(change) = site.results.change(&new) else {
                return Ok(false);
            };
            if !change.figures.is_empty() && !reassess(site, &new, out)? {
                return Ok(false);
            }
            out.framework = Some((new, warnings, change));
            Ok(true)
        }
        // Read together, below.
        Edit::Decision(_) | Edit::DecisionSettings => Ok(true),
    }
}

/// Reads every period again into `out` (in place of any read before), its values assessed
/// against `results`, the framework as edited: `Ok(false)` when a period changes more than its
/// figures (see [`Period::figure_change`]).
fn reassess(site: &Site, results: &Results, out: &mut Reread) -> Result<bool, ContentErrors> {
    use rayon::prelude::*;
    let read: Vec<_> = site
        .periods
        .par_iter()
        .map(|old| site.reload_period_against(&old.id, results))
        .collect();
    let mut periods = Vec::new();
    let mut errors = Vec::new();
    for (old, read) in site.periods.iter().zip(read) {
        match read {
            Ok((new, warnings)) => match old.figure_change(&new) {
                Some(change) => periods.push((new, warnings, change)),
                None => return Ok(false),
            },
            Err(ContentErrors { diagnostics }) => errors.extend(diagnostics),
        }
    }
    if !errors.is_empty() {
        return Err(ContentErrors {
            diagnostics: errors,
        });
    }
    out.periods = periods;
    Ok(true)
}

/// Reads the edited decision files again into `out`: only those files when they are all
/// decisions' Markdown files, else the whole publication; `Ok(false)` when more than their
/// texts changed.
fn reread_decisions(
    site: &Site,
    edited: &BTreeMap<PathBuf, Edit>,
    out: &mut Reread,
) -> Result<bool, ContentErrors> {
    let files: Vec<&Path> = edited
        .values()
        .filter_map(|e| match e {
            Edit::Decision(rel) => Some(rel.as_path()),
            _ => None,
        })
        .collect();
    let settings = edited.values().any(|e| *e == Edit::DecisionSettings);
    if files.is_empty() && !settings {
        return Ok(true);
    }
    let texts = if settings {
        None
    } else {
        site.reload_decision_texts(&files)?
    };
    let (new, warnings) = match texts {
        Some(read) => read,
        None => site.reload_decisions()?,
    };
    let changed = site.decisions.text_changes(&new);
    let quick = changed.is_some();
    out.decisions = changed.map(|c| (new, warnings, c));
    Ok(quick)
}

/// What a quick rebuild replaced in the model, to put back if it fails.
struct Undo {
    narratives: Vec<(String, Narrative)>,
    pages: Vec<Page>,
    decisions: Option<Decisions>,
    periods: Vec<Period>,
    framework: Option<Results>,
    warnings: Vec<Diagnostic>,
    /// The charts' figures of the periods replaced.
    figures: Vec<Period>,
}

impl Undo {
    /// Puts back what was replaced: the periods first, which carry the narratives along.
    fn apply(self, preview: &mut Preview) {
        let site = &mut preview.site;
        if let Some(results) = self.framework {
            SharedModel::replace_results(&mut preview.figures, &results);
            site.replace_results(results, Vec::new());
        }
        for period in self.periods {
            site.replace_period(period, Vec::new());
        }
        for (period, old) in self.narratives {
            site.replace_narrative(&period, old);
        }
        for page in self.pages {
            site.replace_page(page);
        }
        if let Some(decisions) = self.decisions {
            site.replace_decisions(decisions);
        }
        site.warnings = self.warnings;
        for period in &self.figures {
            SharedModel::replace_period(&mut preview.figures, period);
        }
        // The kept index and dataset parts now hold the unserved edit: the next change makes
        // them afresh.
        preview.index = Arc::new(KeptIndex::default());
        preview.parts = Arc::new(KeptParts::default());
    }
}

/// Puts what was read again into the model, and returns the scope of the rebuild and what it
/// replaced.
fn apply(preview: &mut Preview, reread: Reread) -> (Scope, Undo) {
    let site = &mut preview.site;
    let mut routes = BTreeSet::new();
    let mut lists = BTreeSet::new();
    let mut undo = Undo {
        narratives: Vec::new(),
        pages: Vec::new(),
        decisions: None,
        periods: Vec::new(),
        framework: None,
        warnings: site.warnings.clone(),
        figures: Vec::new(),
    };
    for (period, narrative, warnings) in reread.narratives {
        routes.extend(Route::showing(&narrative, &period));
        site.replace_warnings(|f| narrative.text.files().any(|x| x == f), warnings);
        let old = site.replace_narrative(&period, narrative);
        undo.narratives.extend(old.map(|old| (period, old)));
    }
    for (page, warnings) in reread.pages {
        routes.insert(Route::Document(page.slug.clone()));
        if page.text.docs.values().any(|d| d.description.is_none()) {
            // The search page lists the page with the first words of its text.
            lists.insert(Route::Search);
        }
        site.replace_warnings(|f| page.text.files().any(|x| x == f), warnings);
        undo.pages.extend(site.replace_page(page));
    }
    if let Some((decisions, warnings, numbers)) = reread.decisions {
        routes.extend(numbers.iter().map(|n| Route::decision(n)));
        site.replace_warnings(|f| f.starts_with(DECISIONS_DIR), warnings);
        undo.decisions = Some(site.replace_decisions(decisions));
    }
    let mut shown = Shown {
        pages: routes,
        lists,
    };
    if reread.periods.is_empty() && reread.framework.is_none() {
        return (Scope::Routes(shown), undo);
    }
    let mut indicators = BTreeSet::new();
    if let Some((results, warnings, change)) = reread.framework {
        SharedModel::replace_results(&mut preview.figures, &results);
        undo.framework = Some(site.replace_results(results, warnings).0);
        let (words, of) = showing_words(site, &change);
        shown.extend(words);
        indicators.extend(of);
    }
    for (period, warnings, change) in reread.periods {
        shown.extend(showing_figures(site, &period.id, &change));
        indicators.extend(change.indicators);
        let figures = SharedModel::replace_period(&mut preview.figures, &period);
        undo.figures.extend(figures);
        undo.periods
            .extend(site.replace_period(period, warnings).map(|(p, _)| p));
    }
    (Scope::Figures { shown, indicators }, undo)
}

/// Re-renders only the pages (and data files) showing what `edited` changed and replaces them
/// in the serve folder. After a figure edit the pages are written first and `tell` is called
/// (the browser reloads them) before the data files, which at scale take longer, are made.
/// `Ok(None)` when the change turns out to need a full rebuild.
pub(super) fn rebuild(
    options: &ServeOptions,
    base_url: &str,
    preview: &mut Preview,
    edited: &BTreeMap<PathBuf, Edit>,
    tell: &dyn Fn(),
) -> Result<Option<usize>, String> {
    let started = std::time::Instant::now();
    let Some(reread) = reread(preview, edited)? else {
        return Ok(None);
    };
    timing("read again", started);
    let (scope, undo) = apply(preview, reread);
    timing("model updated", started);
    // A text edit redoes pages only; a figure edit its data files too, after the pages.
    let pages = match write_part(options, base_url, preview, &scope, Part::Pages) {
        Ok(Some(written)) => written,
        Ok(None) => return Ok(None),
        Err(e) => {
            // Back to the model of the pages still served; the next change tries again.
            undo.apply(preview);
            return Err(report(&e));
        }
    };
    timing("pages written", started);
    if !matches!(scope, Scope::Figures { .. }) {
        return Ok(Some(pages));
    }
    tell();
    match write_part(options, base_url, preview, &scope, Part::Data) {
        Ok(Some(data)) => {
            timing("data written", started);
            Ok(Some(pages + data))
        }
        // The new pages are served already: a full rebuild makes the data files agree again,
        // or reports why it cannot.
        Ok(None) | Err(_) => Ok(None),
    }
}

/// Renders `part` of what `scope` makes and replaces those files in the serve folder; returns
/// how many it wrote. `Ok(None)` when a page has a broken link (the full rebuild reports it
/// where it was written).
fn write_part(
    options: &ServeOptions,
    base_url: &str,
    preview: &mut Preview,
    scope: &Scope,
    part: Part,
) -> anyhow::Result<Option<usize>> {
    let files = render(
        &preview.site,
        &preview.theme,
        &RenderOptions {
            part,
            ..render_options(
                base_url,
                scope.clone(),
                (&preview.figures, &preview.index, &preview.parts),
            )
        },
    )?;
    for f in &files {
        preview.links.add(f);
    }
    let paths = files.iter().map(|f| f.path.clone()).collect();
    if !preview.links.broken_links(Some(&paths)).is_empty() {
        return Ok(None);
    }
    update_in_place(&options.output, &files).map(Some)
}

/// Prints how long the quick rebuild has taken so far, with `SHAFAF_TIMINGS` set.
fn timing(step: &str, started: std::time::Instant) {
    if std::env::var_os("SHAFAF_TIMINGS").is_some() {
        eprintln!(
            "timings: {step} after {:.3} s",
            started.elapsed().as_secs_f64()
        );
    }
}
