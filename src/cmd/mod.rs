//! One module per subcommand, each with a `run` entry function; and the pipeline they share.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
pub mod theme;

use std::path::Path;

use anyhow::Result;

use crate::model::Site;
use crate::render::{self, RenderOptions, RenderedFile};

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
    let (site, theme) = render::load(root)?;
    let files = render::render(&site, &theme, options)?;
    Ok(Built { site, files })
}
