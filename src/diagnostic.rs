//! Problems found in a site's content, each tied to a place an editor can open.
//!
//! Every stage reports user errors as [`Diagnostic`]s rather than bailing out, so that one run of
//! `shafaf check` lists everything that is wrong, sorted by file and line.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built correctly until this is fixed.
    Error,
    /// The site builds, but a reader may be misled (for example figures that disagree).
    Warning,
}

/// A position in a file, 1-based, counted in characters as an editor shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1, in Unicode scalar values.
    pub column: usize,
}

impl Position {
    /// The line and column of byte `offset` in `text` (clamped to the text's end).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// One problem, with where it is, what is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// Where in the file; `None` when the problem concerns the whole file.
    pub position: Option<Position>,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub hint: Option<String>,
    /// The offending source line, for a caret under the column.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the problem at byte `offset` of the file's `text`, keeping the line for display.
    pub fn at(mut self, text: &str, offset: usize) -> Diagnostic {
        let position = Position::of_offset(text, offset);
        self.source_line = text.lines().nth(position.line - 1).map(str::to_owned);
        self.position = Some(position);
        self
    }

    /// Places the problem at the start of `span` when there is one.
    pub fn at_span(self, text: &str, span: Option<std::ops::Range<usize>>) -> Diagnostic {
        match span {
            Some(span) => self.at(text, span.start),
            None => self,
        }
    }

    /// Adds advice on what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Is this an error (as opposed to a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Makes `file` relative to `root` when it lies under it.
    pub fn relative_to(mut self, root: &Path) -> Diagnostic {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        self
    }

    /// The sort key: file, then line and column, errors before warnings.
    fn sort_key(&self) -> (&Path, Option<Position>, Severity, &str) {
        (&self.file, self.position, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.file.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(line), Some(p)) = (&self.source_line, self.position) {
            let number = p.line.to_string();
            let pad = " ".repeat(number.len());
            // Invisible and direction-changing characters are shown by name, so the quoted
            // line reads as it is stored, not reordered by the terminal.
            let mut shown = String::with_capacity(line.len());
            let mut indent = String::new();
            for (i, c) in line.chars().enumerate() {
                let piece = if is_invisible_control(c) {
                    format!("<U+{:04X}>", u32::from(c))
                } else {
                    c.to_string()
                };
                if i + 1 < p.column {
                    let blank = if c == '\t' { '\t' } else { ' ' };
                    indent.extend(std::iter::repeat_n(blank, piece.chars().count()));
                }
                shown.push_str(&piece);
            }
            write!(f, "\n{pad} |\n{number} | {shown}\n{pad} | {indent}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Is `c` a character a terminal would not show, or would use to reorder the text around it?
fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A collection of problems, kept sorted, that can be turned into a single error.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

/// The errors sorted by file, line and column, then the warnings likewise: the order in which an
/// editor should read them.
pub fn errors_then_warnings(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(Diagnostic::is_error);
    let sorted = |items: Vec<Diagnostic>| Diagnostics { items }.sorted();
    let mut out = sorted(errors);
    out.extend(sorted(warnings));
    out
}

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records several problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Are there any errors (warnings do not count)?
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The problems, sorted by file, line and column.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    /// The problems in the order they were found.
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The error returned when content has problems: carries all of them, sorted.
#[derive(Debug)]
pub struct ContentErrors {
    /// Every problem found, errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        write!(
            f,
            "{errors} error{} in the content; nothing was written",
            if errors == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for ContentErrors {}

/// The key written at the start of a TOML line (`percent` in `percent = "44%"`), if any.
pub fn key_of_line(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_start_matches('{').trim();
    let key = key.rsplit([',', '{']).next().unwrap_or(key).trim();
    (!key.is_empty() && !key.contains(['[', '"', ' '])).then_some(key)
}

/// A number written as text the way people write it (`44%`, `1,200`, ` 12.5 `), as TOML wants
/// it (`44`, `1200`, `12.5`); `None` when the text is not such a number.
pub fn as_number(text: &str) -> Option<String> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let ok = !cleaned.is_empty()
        && cleaned.parse::<f64>().is_ok_and(f64::is_finite)
        && cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    ok.then_some(cleaned)
}

/// The candidate closest to `word` by edit distance (a swap of two neighbouring letters counts
/// as one edit), if it is close enough to be a likely typo. Among equally close candidates, one
/// of the same length, then one sharing a longer start with `word`, is preferred: `2013-050`
/// suggests `2013-005`, `laed` suggests `lead`.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    candidates
        .iter()
        .map(|c| {
            let n = c.chars().count();
            let prefix = word
                .chars()
                .zip(c.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (
                edit_distance(word, c),
                n.abs_diff(len),
                usize::MAX - prefix,
                *c,
                n,
            )
        })
        .filter(|(d, _, _, _, n)| *d > 0 && *d <= ((*n).max(3) / 3).max(1))
        .min()
        .map(|(_, _, _, c, _)| c)
}

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each count one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows: Vec<Vec<usize>> = vec![(0..=b.len()).collect()];
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let prev = &rows[i - 1];
            let mut d = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1]))
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            cur[j] = d;
        }
        rows.push(cur);
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "a = 1\nتitle = 2\n";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        let offset = text.find("itle").unwrap();
        assert_eq!(
            Position::of_offset(text, offset),
            Position { line: 2, column: 2 }
        );
        assert_eq!(Position::of_offset(text, 10_000).line, 3);
    }

    #[test]
    fn display_shows_the_line_with_a_caret_and_a_hint() {
        let text = "title = 1\nbad = 2\n";
        let d = Diagnostic::error("site.toml", "unknown field `bad`")
            .at(text, 10)
            .with_hint("remove it");
        let shown = d.to_string();
        assert!(
            shown.starts_with("error: site.toml:2:1: unknown field `bad`"),
            "{shown}"
        );
        assert!(shown.contains("2 | bad = 2"), "{shown}");
        assert!(shown.contains("  | ^"), "{shown}");
        assert!(shown.ends_with("= hint: remove it"), "{shown}");
    }

    #[test]
    fn suggestions_count_swaps_and_prefer_same_length_and_start() {
        assert_eq!(closest("laed", &["label", "lead", "with"]), Some("lead"));
        assert_eq!(
            closest("2013-050", &["2013-001", "2013-005", "2013-002"]),
            Some("2013-005")
        );
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(closest("zzz", &["lead"]), None);
    }

    #[test]
    fn sorted_orders_by_file_then_line() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b.toml", "x").at("a\nb\n", 2));
        ds.push(Diagnostic::warning("a.toml", "y"));
        ds.push(Diagnostic::error("b.toml", "z").at("a\nb\n", 0));
        let sorted = ds.sorted();
        let order: Vec<_> = sorted.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["y", "z", "x"]);
    }
}
