//! Quick rebuilds: an edit of narrative text, or of the figures and notes of a period's
//! `period.toml`, re-renders only the pages (and data files) that show what it changed, and
//! replaces them in the serve folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{hidden, render_options, report, report_diagnostics, Preview, ServeOptions};
use crate::diagnostic::{ContentErrors, Diagnostic};
use crate::model::{period_file, FigureChange, Narrative, Period};
use crate::output::update_in_place;
use crate::render::charts::SharedModel;
use crate::render::pages::{showing_figures, Route, Shown};
use crate::render::search::KeptIndex;
use crate::render::{render, Scope};

/// What a changed file holds, for a quick rebuild.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Edit {
    /// A language version of a narrative: by its period's id and its key.
    Narrative(String, String),
    /// The `period.toml` of the period with this id.
    Figures(String),
}

/// The files among `changed` (paths relative to the site root) with what each holds, if
/// edits to narrative text or to periods' figures are all that changed; `None` if the change
/// needs a full rebuild.
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

/// What the known content file `rel` holds, if a quick rebuild can follow its edit.
fn edit_of(preview: &Preview, rel: &Path) -> Option<Edit> {
    if let Some(p) = preview
        .site
        .periods
        .iter()
        .find(|p| period_file(&p.id) == rel)
    {
        return Some(Edit::Figures(p.id.clone()));
    }
    let (period, narrative) = preview.site.narrative_in_file(rel)?;
    Some(Edit::Narrative(period.id.clone(), narrative.key.clone()))
}

/// The edits read again: the new narratives and periods, with their periods' changes.
#[derive(Default)]
struct Reread {
    narratives: Vec<(String, Narrative)>,
    periods: Vec<(Period, Vec<Diagnostic>, FigureChange)>,
}

/// Reads the edited files again. `Ok(None)` when an edit needs a full rebuild (a narrative's
/// front matter changed, or more than a period's figures and notes); `Err` with every problem
/// found in them.
fn reread(preview: &Preview, edited: &BTreeMap<PathBuf, Edit>) -> Result<Option<Reread>, String> {
    let site = &preview.site;
    let mut errors = Vec::new();
    let mut out = Reread::default();
    for edit in edited.values().collect::<BTreeSet<_>>() {
        match edit {
            Edit::Narrative(period, key) => match site.reload_narrative(period, key) {
                Ok(new) => {
                    let old = site
                        .period(period)
                        .and_then(|p| p.narratives.iter().find(|n| &n.key == key));
                    if !old.is_some_and(|old| old.differs_only_in_text(&new)) {
                        return Ok(None);
                    }
                    out.narratives.push((period.clone(), new));
                }
                Err(e) => errors.extend(e.diagnostics),
            },
            Edit::Figures(period) => match site.reload_period(period) {
                Ok((new, warnings)) => {
                    let change = site.period(period).and_then(|old| old.figure_change(&new));
                    let Some(change) = change else {
                        return Ok(None);
                    };
                    out.periods.push((new, warnings, change));
                }
                Err(ContentErrors { diagnostics }) => errors.extend(diagnostics),
            },
        }
    }
    if errors.is_empty() {
        Ok(Some(out))
    } else {
        Err(report_diagnostics(errors))
    }
}

/// What a quick rebuild replaced in the model, to put back if it fails.
struct Undo {
    narratives: Vec<(String, Narrative)>,
    periods: Vec<(Period, Vec<Diagnostic>)>,
    figures: Arc<SharedModel>,
}

impl Undo {
    /// Puts back what was replaced: the periods first, which carry the narratives along.
    fn apply(self, preview: &mut Preview) {
        for (period, warnings) in self.periods {
            preview.site.replace_period(period, warnings);
        }
        for (period, old) in self.narratives {
            preview.site.replace_narrative(&period, old);
        }
        preview.figures = self.figures;
        // The kept index now holds the unserved edit: the next change makes it afresh.
        preview.index = Arc::new(KeptIndex::default());
    }
}

/// Puts what was read again into the model, and returns the scope of the rebuild and what it
/// replaced.
fn apply(preview: &mut Preview, reread: Reread) -> (Scope, Undo) {
    let mut routes = BTreeSet::new();
    let mut shown = Shown::default();
    let mut indicators = BTreeSet::new();
    let mut undo = Undo {
        narratives: Vec::new(),
        periods: Vec::new(),
        figures: Arc::clone(&preview.figures),
    };
    let figures = !reread.periods.is_empty();
    for (period, narrative) in reread.narratives {
        routes.extend(Route::showing(&narrative, &period));
        let old = preview.site.replace_narrative(&period, narrative);
        undo.narratives.extend(old.map(|old| (period, old)));
    }
    for (period, warnings, change) in reread.periods {
        shown.extend(showing_figures(&preview.site, &period.id, &change));
        indicators.extend(change.indicators);
        undo.periods
            .extend(preview.site.replace_period(period, warnings));
    }
    if !figures {
        return (Scope::Routes(routes), undo);
    }
    preview.figures = SharedModel::new(preview.site.figures_only());
    shown.pages.extend(routes);
    (Scope::Figures { shown, indicators }, undo)
}

/// Re-renders only the pages (and data files) showing what `edited` changed and replaces them
/// in the serve folder. `Ok(None)` when the change turns out to need a full rebuild.
pub(super) fn rebuild(
    options: &ServeOptions,
    base_url: &str,
    preview: &mut Preview,
    edited: &BTreeMap<PathBuf, Edit>,
) -> Result<Option<usize>, String> {
    let started = std::time::Instant::now();
    let Some(reread) = reread(preview, edited)? else {
        return Ok(None);
    };
    timing("read again", started);
    let (scope, undo) = apply(preview, reread);
    timing("model updated", started);
    let rendered = render(
        &preview.site,
        &preview.theme,
        &render_options(base_url, scope, (&preview.figures, &preview.index)),
    );
    if let Ok(files) = &rendered {
        for f in files {
            preview.links.add(f);
        }
        let pages = files.iter().map(|f| f.path.clone()).collect();
        if !preview.links.broken_links(Some(&pages)).is_empty() {
            // A link the edit broke: the full rebuild reports it where it was written.
            return Ok(None);
        }
    }
    let outcome = rendered.and_then(|files| update_in_place(&options.output, &files));
    match outcome {
        Ok(written) => Ok(Some(written)),
        Err(e) => {
            // Back to the model of the pages still served; the next change tries again.
            undo.apply(preview);
            Err(report(&e))
        }
    }
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
