//! One module per subcommand, each with a `run` entry function; and the pipeline they share.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
pub mod theme;

use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;

use crate::model::Site;
use crate::output::Staging;
use crate::render::links::LinkIndex;
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

/// Records the decisions' attachments in `links`, so that links to them resolve although they
/// are copied, not rendered.
pub fn link_attachments(site: &Site, links: &mut LinkIndex) {
    for (path, _) in render::attachments(site) {
        links.add(&RenderedFile::text(path, ""));
    }
}

/// Streams the decisions' attachments into `staging` (never whole in memory, each held to
/// `max_attachment_mib`) and records them in `links`. Returns how many and their total bytes.
pub fn publish_attachments(
    site: &Site,
    staging: &Staging,
    links: &Mutex<LinkIndex>,
) -> Result<(usize, u64)> {
    let attachments = render::attachments(site);
    let mut bytes = 0;
    for (path, source) in &attachments {
        bytes += staging.copy(path, source, site.config.max_attachment_bytes)?;
    }
    link_attachments(site, &mut links.lock().unwrap_or_else(|p| p.into_inner()));
    Ok((attachments.len(), bytes))
}
