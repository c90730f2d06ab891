//! Plain words for the TOML mistakes editors make most: a number, list, table or date written as
//! text, a `%` after a number, a quote or bracket left open, a key written twice. Each message
//! says what was found, what is expected and the corrected line.

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{as_number, key_of_line, Diagnostic};

/// The diagnostic for `message` (the TOML parser's) in plain words, when it is a known mistake.
pub fn explain(
    rel: &Path,
    whole: &str,
    message: &str,
    span: Option<Range<usize>>,
) -> Option<Diagnostic> {
    let span = span?;
    let line_start = whole[..span.start.min(whole.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = whole[line_start..].lines().next().unwrap_or("");
    let key = key_of_line(line).unwrap_or("value");
    if let Some(rest) = message.strip_prefix("invalid type: string \"") {
        let (text, expected) = rest.split_once("\", expected ")?;
        let (what, fixed) = match expected {
            "a TOML datetime" => ("a date", format!("{key} = {text}")),
            "a sequence" => ("a list", format!("{key} = [\"{text}\"]")),
            "a map" => ("a table", format!("{key} = {{ en = \"{text}\" }}")),
            _ if as_number(text).is_some() => ("a number", format!("{key} = {}", as_number(text)?)),
            _ => return None,
        };
        let hint = match what {
            "a date" => "dates are written without quotes, as YYYY-MM-DD",
            "a list" => "a list is written in square brackets, even with one item",
            _ => "a table is written in braces: a text has one entry per language code, a breakdown one per category",
        };
        let d = Diagnostic::error(
            rel,
            format!("found the text \"{text}\" where {what} is expected: write {fixed}"),
        );
        return Some(d.at(whole, span.start).with_hint(hint));
    }
    if message.starts_with("duplicate key") {
        let before: Vec<&str> = whole[..line_start].lines().collect();
        let earlier = before
            .iter()
            .rposition(|l| key_of_line(l) == Some(key) && !l.trim_start().starts_with('#'))
            .map(|i| format!(" (first on line {})", i + 1))
            .unwrap_or_default();
        return Some(
            Diagnostic::error(
                rel,
                format!("`{key}` is written twice in the same table{earlier}: keep one of them"),
            )
            .at(whole, line_start)
            .with_hint("each key may appear once in a table; delete or rename one of the lines"),
        );
    }
    let value = whole[span.start..]
        .split(['\n', ',', '}'])
        .next()
        .unwrap_or("")
        .trim();
    if message.starts_with("string values must be quoted") {
        if let Some(number) = value.strip_suffix('%').and_then(as_number) {
            return Some(
                Diagnostic::error(
                    rel,
                    format!("`{value}` is not a number: write {key} = {number}"),
                )
                .at(whole, span.start)
                .with_hint("write numbers without a % sign; the page adds it where it belongs"),
            );
        }
        return Some(
            Diagnostic::error(
                rel,
                format!(
                    "found `{value}` where a text in quotes is expected: write {key} = \"{value}\""
                ),
            )
            .at(whole, span.start)
            .with_hint("texts are written between double quotes"),
        );
    }
    if message.contains("array") {
        if let Some(pos) = open_list(whole, span.start) {
            return Some(
                Diagnostic::error(
                    rel,
                    "this bracket `[` is not closed: add `]` where the list ends",
                )
                .at(whole, pos)
                .with_hint("a list may span lines, but it ends with `]` before the next [table]"),
            );
        }
    }
    unclosed(rel, whole, span.start)
}

/// The `[` of a list still open at byte `at` (lists may span lines; a `[table]` header line is
/// not one), if any.
fn open_list(whole: &str, at: usize) -> Option<usize> {
    let mut stack: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in whole[..at.min(whole.len())].split_inclusive('\n') {
        if stack.is_empty() && line.trim_start().starts_with('[') {
            offset += line.len();
            continue;
        }
        let mut in_string = false;
        for (i, c) in line.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                '[' if !in_string => stack.push(offset + i),
                ']' if !in_string => {
                    stack.pop();
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    stack.first().copied()
}

/// An unclosed quote or bracket on the lines up to the error (which the parser reports later, as
/// something else), pointed at where it opens.
fn unclosed(rel: &Path, whole: &str, at: usize) -> Option<Diagnostic> {
    let upto = whole[..at.min(whole.len())].rfind('\n').map_or(at, |i| i);
    let mut offset = 0;
    let mut found = None;
    for line in whole[..upto].split_inclusive('\n') {
        if let Some(i) = open_quote(line) {
            found = Some((offset + i, '"'));
        } else if let Some((i, c)) = open_bracket(line) {
            found = Some((offset + i, c));
        }
        offset += line.len();
    }
    let line = whole[at.min(whole.len())..].lines().next().unwrap_or("");
    if let Some(i) = open_quote(line) {
        found = Some((at + i, '"'));
    }
    let (pos, c) = found?;
    let (what, close) = match c {
        '"' => ("quote", "\""),
        _ => ("brace `{`", "}"),
    };
    Some(
        Diagnostic::error(
            rel,
            format!("this {what} is not closed: add `{close}` where the value ends"),
        )
        .at(whole, pos)
        .with_hint("every opening quote, bracket and brace needs its closing one on the same line"),
    )
}

/// The byte index of a double quote left open on `line` (ignoring comments and escapes).
fn open_quote(line: &str) -> Option<usize> {
    if line.contains("\"\"\"") || line.contains("'''") {
        return None;
    }
    let mut open = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if open.is_some() => escaped = !escaped,
            '"' if !escaped => open = if open.is_some() { None } else { Some(i) },
            '#' if open.is_none() => break,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    open
}

/// An inline table's `{` left open on `line` (lists may span lines, tables may not).
fn open_bracket(line: &str) -> Option<(usize, char)> {
    let t = line.trim_start();
    if t.starts_with('[') || t.starts_with('#') {
        return None;
    }
    let mut stack = Vec::new();
    let mut in_string = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => break,
            '{' if !in_string => stack.push(i),
            '}' if !in_string => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.first().map(|i| (*i, '{'))
}
