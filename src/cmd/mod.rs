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

/// Loads the site under `root`, validates it, and loads its theme.
///
/// Content and theme problems come back as [`ContentErrors`] holding every diagnostic.
pub fn load(root: &Path) -> Result<(Site, Theme)> {
    let site = Site::load(root)?;
    let theme = Theme::load(&site).map_err(|problems| {
        let mut diagnostics: Vec<Diagnostic> = site.warnings.clone();
        diagnostics.extend(problems);
        ContentErrors { diagnostics }
    })?;
    Ok((site, theme))
}

/// Loads the site under `root`, validates it and renders every file in memory.
///
/// Content and theme problems come back as [`ContentErrors`] holding every diagnostic.
pub fn load_and_render(root: &Path, options: &RenderOptions) -> Result<Built> {
    let (site, theme) = load(root)?;
    let files = render::render(&site, &theme, options)?;
    Ok(Built { site, files })
}
