//! `shafaf theme eject|strings`: copies the built-in theme out of the binary, whole or as one
//! strings file to translate. A site needs neither: the built-in theme is used as it is, and any
//! single file placed under `themes/default/` takes the place of the built-in one.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::cli::{ThemeAction, ThemeArgs};
use crate::content::theme::{ThemeFiles, BUILTIN};

/// Runs the theme action.
pub fn run(args: &ThemeArgs) -> Result<()> {
    let root = &args.root;
    match &args.action {
        ThemeAction::Eject => eject(root),
        ThemeAction::Strings { lang, from } => strings(root, lang, from),
    }
}

/// Writes every built-in file missing under `themes/default/`; keeps those already there.
fn eject(root: &Path) -> Result<()> {
    let dir = root.join("themes/default");
    let (mut written, mut kept) = (0, 0);
    for (path, bytes) in BUILTIN {
        let target = dir.join(path);
        if target.exists() {
            kept += 1;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
        written += 1;
    }
    println!(
        "wrote {written} files of the built-in theme to {}{}",
        dir.display(),
        if kept > 0 {
            format!(" ({kept} already there were kept)")
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Writes `themes/default/i18n/LANG.toml` with every key of `from`'s strings, to translate.
fn strings(root: &Path, lang: &str, from: &str) -> Result<()> {
    let rel = format!("themes/default/i18n/{lang}.toml");
    let path = root.join(&rel);
    if path.exists() {
        bail!("{rel} already exists; `shafaf check` lists the keys it still lacks");
    }
    let files = ThemeFiles::load(root, "default").map_err(|p| anyhow::anyhow!("{}", p[0]))?;
    let text = super::init::strings_file(&files, from, lang)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    println!("created {rel}: translate each line and remove its `#`");
    Ok(())
}
