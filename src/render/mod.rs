//! Rendering: the model becomes files in memory. Nothing here touches the output folder.
//!
//! A [`Theme`] holds the compiled templates, interface strings and static files of
//! `themes/NAME/`. Each [`Renderer`] (HTML pages, and later data files or feeds) turns the
//! model into [`RenderedFile`]s; [`render`] runs them all and checks that no two claim a path.

pub mod charts;
pub mod data;
mod decisions;
mod html;
pub mod iati;
pub mod links;
pub mod markdown;
pub mod search;
pub mod sitemap;
pub mod source_links;
pub mod theme;
mod translations;
pub mod views;
pub mod web;

use std::collections::BTreeMap;

use anyhow::{bail, Result};

pub use data::DataRenderer;
pub use decisions::DecisionsRenderer;
pub use html::HtmlRenderer;
pub use iati::IatiRenderer;
pub use search::SearchRenderer;
pub use theme::{strip_tags, Theme};
pub use web::WebRenderer;

use crate::model::Site;

/// A file produced by rendering: a path relative to the output root (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Path under the output folder, such as `en/indicators/1.1.9/index.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl RenderedFile {
    /// A file from text.
    pub fn text(path: impl Into<String>, text: impl Into<String>) -> RenderedFile {
        RenderedFile {
            path: path.into(),
            bytes: text.into().into_bytes(),
        }
    }
}

/// Settings of one rendering run.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides `base_url` from `site.toml` (for previews and other hosts).
    pub base_url: Option<String>,
}

/// Everything a renderer may read.
pub struct RenderContext<'a> {
    /// The model.
    pub site: &'a Site,
    /// The theme.
    pub theme: &'a Theme,
    /// The absolute URL of the site root, ending in `/`.
    pub base_url: String,
}

/// Something that turns the model into files.
pub trait Renderer: Sync {
    /// A short name, for error messages.
    fn name(&self) -> &'static str;
    /// Produces this renderer's files.
    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>>;
}

/// Runs every renderer over the site and returns all files, sorted by path.
pub fn render(site: &Site, theme: &Theme, options: &RenderOptions) -> Result<Vec<RenderedFile>> {
    let base_url = match &options.base_url {
        Some(u) if u.ends_with('/') => u.clone(),
        Some(u) => format!("{u}/"),
        None => site.config.base_url.clone(),
    };
    let ctx = RenderContext {
        site,
        theme,
        base_url,
    };
    let renderers: Vec<Box<dyn Renderer>> = vec![
        Box::new(HtmlRenderer),
        Box::new(DecisionsRenderer),
        Box::new(DataRenderer),
        Box::new(SearchRenderer),
        Box::new(IatiRenderer),
        Box::new(WebRenderer),
    ];
    let mut files: BTreeMap<String, (RenderedFile, &'static str)> = BTreeMap::new();
    let timings = std::env::var_os("SHAFAF_TIMINGS").is_some();
    for r in &renderers {
        let started = std::time::Instant::now();
        let rendered = r.render(&ctx)?;
        if timings {
            eprintln!(
                "timings: renderer {} {:.3} s, {} files",
                r.name(),
                started.elapsed().as_secs_f64(),
                rendered.len()
            );
        }
        for f in rendered {
            if let Some((_, other)) = files.get(&f.path) {
                bail!(
                    "two renderers ({other} and {}) both produce {}",
                    r.name(),
                    f.path
                );
            }
            files.insert(f.path.clone(), (f, r.name()));
        }
    }
    let map = sitemap::sitemap(site, &ctx.base_url, files.keys().map(String::as_str));
    if !files.contains_key(&map.path) {
        files.insert(map.path.clone(), (map, "sitemap"));
    }
    Ok(files.into_values().map(|(f, _)| f).collect())
}
