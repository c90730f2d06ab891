//! One module per subcommand, each with a `run` entry function; and the pipeline they share.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;

use std::path::Path;

use anyhow::Result;

use crate::diagnostic::{ContentErrors, Diagnostic};
use crate::model::Site;
use crate::render::{self, RenderOptions, RenderedFile, Theme};

/// A site loaded, validated and rendered in memory.
pub struct Built {
    /// The model.
    pub site: Site,
    /// Every output file.
    pub files: Vec<RenderedFile>,
}

/// Loads the site under `root`, validates it and renders every file in memory.
///
/// Content and theme problems come back as [`ContentErrors`] holding every diagnostic.
pub fn load_and_render(root: &Path, options: &RenderOptions) -> Result<Built> {
    let started = std::time::Instant::now();
    let site = Site::load(root)?;
    let loaded = started.elapsed();
    let theme = Theme::load(&site).map_err(|problems| {
        let mut diagnostics: Vec<Diagnostic> = site.warnings.clone();
        diagnostics.extend(problems);
        ContentErrors { diagnostics }
    })?;
    let files = render::render(&site, &theme, options)?;
    if std::env::var_os("SHAFAF_TIMINGS").is_some() {
        eprintln!(
            "timings: load {:.3} s, theme and render {:.3} s",
            loaded.as_secs_f64(),
            (started.elapsed() - loaded).as_secs_f64()
        );
    }
    Ok(Built { site, files })
}
