//! `shafaf check`: everything `build` does except writing; reports every problem at once.

use anyhow::Result;

use crate::cli::{CheckArgs, Format};
use crate::diagnostic::{ContentErrors, Diagnostic, Diagnostics};
use crate::i18n::{coverage, UiStrings};
use crate::render::RenderOptions;

/// The outcome of a check: the problems found, and whether the command should fail.
pub struct CheckReport {
    /// Errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the command should exit with status 1.
    pub failed: bool,
}

/// Checks the site and prints the findings; returns whether it passed.
pub fn run(args: &CheckArgs) -> Result<bool> {
    let report = check(args)?;
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    match args.format {
        Format::Text => {
            for d in &report.diagnostics {
                println!("{d}\n");
            }
            println!(
                "{errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            );
        }
        Format::Json => {
            let doc = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "ok": !report.failed,
                "diagnostics": report.diagnostics,
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
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

/// Loads, validates and renders the site in memory, and collects what is wrong.
pub fn check(args: &CheckArgs) -> Result<CheckReport> {
    let diagnostics = match super::load_and_render(&args.root.root, &RenderOptions::default()) {
        Ok(built) => {
            let mut found = Diagnostics::new();
            found.extend(built.site.warnings.iter().cloned());
            found.extend(coverage::content_warnings(&built.site));
            if let Ok(ui) = UiStrings::load(&built.site.root, &built.site.config) {
                found.extend(coverage::ui_warnings(&built.site, &ui));
            }
            let mut diagnostics = found.sorted();
            for b in crate::render::links::check_links(&built.files) {
                diagnostics.push(
                    Diagnostic::error(
                        format!("(rendered) {}", b.page),
                        format!("the link `{}` leads nowhere: {}", b.href, b.reason),
                    )
                    .with_hint("fix the link in the Markdown or template that produces this page"),
                );
            }
            diagnostics
        }
        Err(e) => match e.downcast::<ContentErrors>() {
            Ok(content) => content.diagnostics,
            Err(other) => return Err(other),
        },
    };
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let failed = has_errors || (args.deny_warnings && !diagnostics.is_empty());
    Ok(CheckReport {
        diagnostics,
        failed,
    })
}
