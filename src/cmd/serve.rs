//! `shafaf serve`: build into a preview folder, serve it, rebuild and reload on every change.

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::serve::{default_output, serve, ServeOptions};

/// Serves the site until the process is stopped.
pub fn run(args: &ServeArgs) -> Result<()> {
    let root = args.root.root.clone();
    let output = args.output.clone().unwrap_or_else(|| default_output(&root));
    serve(&ServeOptions {
        root,
        output,
        bind: args.bind.clone(),
        port: args.port,
    })
}
