//! `shafaf build`: load, validate, render and write the site.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::diagnostic::{errors_then_warnings, ContentErrors};
use crate::output::{Staging, WriteOptions};
use crate::render::charts::SharedModel;
use crate::render::links::LinkIndex;
use crate::render::{render_to, RenderOptions, RenderedFile};

/// Builds the site and reports where it was written. Pages go to the staging folder as they
/// are rendered, so memory holds the model and the pages in flight, not the whole site.
pub fn run(args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let root = &args.root.root;
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    if let Some(url) = &args.base_url {
        crate::model::check_base_url(url).map_err(|m| anyhow::anyhow!("--base-url: {m}"))?;
    }
    let options = WriteOptions { force: args.force };
    crate::output::check_output_folder(root, &output, options)?;
    let timings = std::env::var_os("SHAFAF_TIMINGS").is_some();
    let (site, theme) = crate::render::load(root)?;
    // Shared with the charts, which draw from it while pages render: no copy of the figures.
    let site = std::sync::Arc::new(site);
    for w in &site.warnings {
        eprintln!("{w}");
    }
    let loaded = started.elapsed();
    let staging = Staging::open(root, &output, options)?;
    let pages = AtomicUsize::new(0);
    let files = AtomicUsize::new(0);
    let links = Mutex::new(LinkIndex::default());
    let write = |f: RenderedFile| -> Result<()> {
        LinkIndex::add_shared(&links, &f);
        if args.precompress {
            for c in crate::render::web::precompressed(std::slice::from_ref(&f))? {
                staging.write(&c)?;
                files.fetch_add(1, Ordering::Relaxed);
            }
        }
        if f.path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        files.fetch_add(1, Ordering::Relaxed);
        staging.write(&f)
    };
    render_to(
        &site,
        &theme,
        &RenderOptions {
            base_url: args.base_url.clone(),
            figures: Some(SharedModel::share(site.clone())),
            ..RenderOptions::default()
        },
        &write,
    )?;
    let attachments = crate::render::attachments(&site);
    let attachment_bytes = staging.publish(&attachments, site.config.max_attachment_bytes)?;
    let rendered = started.elapsed();
    let mut links = links.into_inner().unwrap_or_else(|p| p.into_inner());
    links.add_copies(&attachments);
    let broken = crate::render::source_links::diagnostics(&site, &links);
    if !broken.is_empty() {
        // The staging folder is dropped: the previous output stays as it was.
        return Err(ContentErrors {
            diagnostics: errors_then_warnings(broken),
        }
        .into());
    }
    staging.commit()?;
    if timings {
        eprintln!(
            "timings: load {:.3} s, render and write {:.3} s, commit {:.3} s",
            loaded.as_secs_f64(),
            (rendered - loaded).as_secs_f64(),
            (started.elapsed() - rendered).as_secs_f64()
        );
    }
    eprintln!(
        "built {} pages ({} files{}) in {} languages into {} in {:.2} s; open {}",
        pages.into_inner(),
        files.into_inner() + attachments.len(),
        attachments_summary(attachments.len(), attachment_bytes),
        site.config.languages.len(),
        output.display(),
        started.elapsed().as_secs_f64(),
        output.join("index.html").display()
    );
    Ok(())
}

/// ", 2 attachments of 1.4 MiB" for the summary line; nothing without attachments.
fn attachments_summary(count: usize, bytes: u64) -> String {
    match count {
        0 => String::new(),
        1 => format!(", 1 attachment of {}", size(bytes)),
        n => format!(", {n} attachments of {}", size(bytes)),
    }
}

/// A size as people read it: `920 bytes`, `14.2 KiB`, `3.1 MiB`, `2.0 GiB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_attachments_and_their_bytes() {
        assert_eq!(attachments_summary(0, 0), "");
        assert_eq!(attachments_summary(1, 920), ", 1 attachment of 920 bytes");
        assert_eq!(
            attachments_summary(3, 3 * 1024 * 1024 + 100 * 1024),
            ", 3 attachments of 3.1 MiB"
        );
        assert_eq!(size(5 << 30), "5.0 GiB");
    }
}
