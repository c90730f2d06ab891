//! `shafaf build`: load, validate, render and write the site.

use std::time::Instant;

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::output::{write_site, WriteOptions};
use crate::render::RenderOptions;

/// Builds the site and reports where it was written.
pub fn run(args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let root = &args.root.root;
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    crate::output::check_output_folder(root, &output, WriteOptions { force: args.force })?;
    let timings = std::env::var_os("SHAFAF_TIMINGS").is_some();
    let mut built = super::load_and_render(
        root,
        &RenderOptions {
            base_url: args.base_url.clone(),
        },
    )?;
    if args.precompress {
        let compressed = crate::render::web::precompressed(&built.files)?;
        built.files.extend(compressed);
    }
    for w in &built.site.warnings {
        eprintln!("{w}");
    }
    let rendered = started.elapsed();
    write_site(
        root,
        &output,
        &built.files,
        WriteOptions { force: args.force },
    )?;
    if timings {
        eprintln!(
            "timings: load+render {:.3} s, write {:.3} s",
            rendered.as_secs_f64(),
            (started.elapsed() - rendered).as_secs_f64()
        );
    }
    let pages = built
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    eprintln!(
        "built {} pages ({} files) in {} languages into {} in {:.2} s; open {}",
        pages,
        built.files.len(),
        built.site.config.languages.len(),
        output.display(),
        started.elapsed().as_secs_f64(),
        output.join("index.html").display()
    );
    Ok(())
}
