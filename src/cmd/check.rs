//! `shafaf check`: everything `build` does except writing; reports every problem at once.
//!
//! Problems come from loading (syntax, schema, references, consistency), from the theme, from the
//! links written in Markdown (reported at their source) and from the rendered pages' links and
//! anchors. They are listed errors first, then warnings, each sorted by file, line and column.
//! `--format json` prints the same list as one JSON document whose schema is documented in
//! `docs/editors.md` and versioned by its `schema` field.

use std::sync::{Arc, Mutex};

use anyhow::Result;
use serde_json::json;

use crate::cli::{CheckArgs, Format};
use crate::diagnostic::{errors_then_warnings, ContentErrors, Diagnostic};
use crate::i18n::{coverage, UiStrings};
use crate::model::Site;
use crate::render::charts::SharedModel;
use crate::render::links::LinkIndex;
use crate::render::RenderOptions;

/// The version of the JSON output's schema; raised when a field changes meaning or goes away.
pub const JSON_SCHEMA: u32 = 1;

/// The outcome of a check: the problems found, and whether the command should fail.
pub struct CheckReport {
    /// Errors (sorted by file and line), then warnings (sorted the same way).
    pub diagnostics: Vec<Diagnostic>,
    /// True when the command should exit with status 1.
    pub failed: bool,
}

impl CheckReport {
    /// How many errors there are.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The report as text for people: every problem, then a count.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&format!("{d}\n\n"));
        }
        let (errors, warnings) = (self.errors(), self.warnings());
        out.push_str(&format!(
            "{errors} error{}, {warnings} warning{}\n",
            plural(errors),
            plural(warnings)
        ));
        out
    }

    /// The report as the JSON document of `--format json` (schema [`JSON_SCHEMA`]).
    pub fn to_json(&self) -> serde_json::Value {
        let diagnostics: Vec<serde_json::Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                json!({
                    "severity": d.severity,
                    "file": d.file.to_string_lossy().replace('\\', "/"),
                    "position": d.position.map(|p| json!({ "line": p.line, "column": p.column })),
                    "message": d.message,
                    "hint": d.hint,
                })
            })
            .collect();
        json!({
            "schema": JSON_SCHEMA,
            "ok": !self.failed,
            "errors": self.errors(),
            "warnings": self.warnings(),
            "diagnostics": diagnostics,
        })
    }
}

/// Checks the site and prints the findings; returns whether it passed.
pub fn run(args: &CheckArgs) -> Result<bool> {
    let report = check(args)?;
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report.to_json())?),
    }
    Ok(!report.failed)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Loads, validates and renders the site (writing nothing), and collects what is wrong.
pub fn check(args: &CheckArgs) -> Result<CheckReport> {
    let diagnostics = diagnose(&args.root.root)?;
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let failed = has_errors || (args.deny_warnings && !diagnostics.is_empty());
    Ok(CheckReport {
        diagnostics,
        failed,
    })
}

/// Every problem of the site under `root`: errors first, then warnings, each sorted by file and
/// line. Only failures that are not the content's (such as an unreadable folder) are `Err`.
pub fn diagnose(root: &std::path::Path) -> Result<Vec<Diagnostic>> {
    let found = match load_and_scan(root) {
        Ok((site, index)) => {
            let mut diagnostics = site.warnings.clone();
            if let Ok(ui) = UiStrings::load(&site.root, &site.config) {
                diagnostics.extend(coverage::ui_warnings(&site, &ui));
            }
            diagnostics.extend(crate::render::source_links::diagnostics(&site, &index));
            diagnostics
        }
        Err(e) => match e.downcast::<ContentErrors>() {
            Ok(content) => content.diagnostics,
            Err(other) => return Err(other),
        },
    };
    Ok(errors_then_warnings(found))
}

/// Loads, validates and renders the site as `build` does, without writing: each file is read
/// for its links as it is made, so memory holds the model and the link index, not the site.
fn load_and_scan(root: &std::path::Path) -> Result<(Arc<Site>, LinkIndex)> {
    let (site, theme) = crate::render::load(root)?;
    let site = Arc::new(site);
    let index = Mutex::new(LinkIndex::default());
    let options = RenderOptions {
        figures: Some(SharedModel::share(site.clone())),
        ..RenderOptions::default()
    };
    crate::render::render_to(&site, &theme, &options, &|f| {
        LinkIndex::add_shared(&index, &f);
        Ok(())
    })?;
    let mut index = index.into_inner().unwrap_or_else(|p| p.into_inner());
    index.add_copies(&crate::render::attachments(&site));
    Ok((site, index))
}
