//! `shafaf serve`: build into a preview folder, serve it, rebuild and reload on every change.

use anyhow::{Context as _, Result};

use crate::cli::ServeArgs;
use crate::serve::{private_folder, serve, ServeOptions};

/// Serves the site until the process is stopped. Without `--output` the site is built into a
/// private temporary folder, removed when the server is stopped with Ctrl-C (SIGINT) or
/// SIGTERM; a folder given with `--output` is left in place.
pub fn run(args: &ServeArgs) -> Result<()> {
    let root = args.root.root.clone();
    let (output, private) = match &args.output {
        Some(dir) => (dir.clone(), None),
        None => {
            let private = private_folder()?;
            (private.path().join("site"), Some(private.keep()))
        }
    };
    let remove = private.clone();
    ctrlc::set_handler(move || {
        if let Some(dir) = &remove {
            let _ = std::fs::remove_dir_all(dir);
        }
        std::process::exit(0);
    })
    .context("cannot set up the stop signal handler")?;
    let served = serve(&ServeOptions {
        root,
        output,
        bind: args.bind.clone(),
        port: args.port,
    });
    if let Some(dir) = &private {
        let _ = std::fs::remove_dir_all(dir);
    }
    served
}
