//! Shafaf (شفاف, "transparent") is a static site generator for public transparency reporting.
//!
//! It turns TOML data and Markdown narratives into a static site in several languages, left to
//! right and right to left. Data flows one way:
//!
//! 1. [`content`] reads files under `content/` (TOML with positions, Markdown front matter);
//! 2. [`model`] builds the typed, language-aware [`model::Site`], collecting every problem;
//! 3. [`i18n`] formats numbers and dates and looks up interface strings per language;
//! 4. [`charts`] draws progress charts as small SVG from the model, in each language;
//! 5. [`render`] turns the model into files in memory with the theme's templates, in parallel;
//! 6. [`output`] writes them to a staging folder and swaps it in for the output folder.
//!
//! A file between the last two is a [`rendered::RenderedFile`], defined below both.
//!
//! [`cmd`] holds one entry function per subcommand; [`cli`] parses the command line; [`serve`]
//! is the preview server behind `shafaf serve`.

// Diagnostics are returned on the (cold) error path and carry a source line for display;
// boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod charts;
pub mod cli;
pub mod cmd;
pub mod content;
pub mod diagnostic;
pub mod i18n;
pub mod model;
pub mod output;
pub mod render;
pub mod rendered;
pub mod serve;
