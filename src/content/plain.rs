//! Plain words for the TOML mistakes editors make most: a number, list, table, date or `true`
//! written as text, a `%` or thousands separator after a number, a number where a text (an id)
//! is expected, a quote or bracket left open, a key written twice. Each message says what was
//! found, what is expected and the corrected line.

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
    let key = key_before(&whole[line_start..span.start.min(whole.len())])
        .or_else(|| key_of_line(line))
        .unwrap_or("value");
    if let Some(rest) = message.strip_prefix("invalid type: string \"") {
        return text_for_value(rel, whole, rest, key, span.start);
    }
    if let Some(d) = number_for_text(rel, whole, message, key, span.start) {
        return Some(d);
    }
    if message.starts_with("duplicate key") {
        return Some(written_twice(rel, whole, line_start, key));
    }
    let value = whole[span.start..]
        .split(['\n', ',', '}'])
        .next()
        .unwrap_or("")
        .trim();
    if message.starts_with("string values must be quoted") {
        return Some(unquoted(rel, whole, span.start, key, value));
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
    separated_number(rel, whole, line_start, line, key).or_else(|| unclosed(rel, whole, span.start))
}

/// The diagnostic for a text (`rest`: the parser's message after `invalid type: string "`)
/// written where a date, list, table, number or `true`/`false` is expected, at `at`; `None` for
/// another expectation.
fn text_for_value(rel: &Path, whole: &str, rest: &str, key: &str, at: usize) -> Option<Diagnostic> {
    let (text, expected) = rest.split_once("\", expected ")?;
    let (what, fixed) = match expected {
        "a TOML datetime" => ("a date", format!("{key} = {text}")),
        "a sequence" => ("a list", format!("{key} = [\"{text}\"]")),
        "a map" => ("a table", format!("{key} = {{ en = \"{text}\" }}")),
        _ if as_number(text).is_some() => ("a number", format!("{key} = {}", as_number(text)?)),
        e if is_number(e) => (
            "a number",
            format!("a number without quotes, such as {key} = 12"),
        ),
        "a boolean" if matches!(text, "true" | "false") => {
            ("true or false", format!("{key} = {text}"))
        }
        _ => return None,
    };
    let hint = match what {
        "a date" => "dates are written without quotes, as YYYY-MM-DD",
        "a list" => "a list is written in square brackets, even with one item",
        "a number" => "numbers are written without quotes, % signs or thousands separators",
        "true or false" => "true and false are written without quotes",
        _ => "a table is written in braces: a text has one entry per language code, a breakdown one per category",
    };
    let d = Diagnostic::error(
        rel,
        format!("found the text \"{text}\" where {what} is expected: write {fixed}"),
    );
    Some(d.at(whole, at).with_hint(hint))
}

/// The diagnostic for `key` written twice in one table, on the line starting at `line_start`.
fn written_twice(rel: &Path, whole: &str, line_start: usize, key: &str) -> Diagnostic {
    let before: Vec<&str> = whole[..line_start].lines().collect();
    let earlier = before
        .iter()
        .rposition(|l| key_of_line(l) == Some(key) && !l.trim_start().starts_with('#'))
        .map(|i| format!(" (first on line {})", i + 1))
        .unwrap_or_default();
    Diagnostic::error(
        rel,
        format!("`{key}` is written twice in the same table{earlier}: keep one of them"),
    )
    .at(whole, line_start)
    .with_hint("each key may appear once in a table; delete or rename one of the lines")
}

/// The diagnostic for `value`, written without quotes at `at`: a number written with `%` or
/// separators, else a text.
fn unquoted(rel: &Path, whole: &str, at: usize, key: &str, value: &str) -> Diagnostic {
    if let Some(number) = as_number(value) {
        let hint = if value.ends_with('%') {
            "write numbers without a % sign; the page adds it where it belongs"
        } else {
            "write numbers without thousands separators or spaces"
        };
        return Diagnostic::error(
            rel,
            format!("`{value}` is not a number: write {key} = {number}"),
        )
        .at(whole, at)
        .with_hint(hint);
    }
    Diagnostic::error(
        rel,
        format!("found `{value}` where a text in quotes is expected: write {key} = \"{value}\""),
    )
    .at(whole, at)
    .with_hint("texts are written between double quotes")
}

/// The key whose value starts where `before` (its line up to the value) ends: `date` in
/// `baseline = { value = 1000, date = `.
pub(super) fn key_before(before: &str) -> Option<&str> {
    let k = before.trim_end().strip_suffix('=')?.trim_end();
    let start = k
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-')))
        .map_or(0, |i| i + c_len(k, i));
    Some(&k[start..]).filter(|k| !k.is_empty())
}

fn c_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(1, char::len_utf8)
}

/// A number written with thousands separators and no quotes (`target = 5,000`), which the parser
/// reads as a number followed by stray text.
fn separated_number(
    rel: &Path,
    whole: &str,
    line_start: usize,
    line: &str,
    key: &str,
) -> Option<Diagnostic> {
    let (_, value) = line.split_once('=')?;
    let value = value.split('#').next().unwrap_or("").trim();
    if !value.contains([',', ' ']) || value.starts_with(['"', '[', '{']) {
        return None;
    }
    let number = as_number(value)?;
    let at = line_start + line.find(value).unwrap_or(0);
    Some(
        Diagnostic::error(
            rel,
            format!("`{value}` is not a number: write {key} = {number}"),
        )
        .at(whole, at)
        .with_hint("write numbers without thousands separators or spaces"),
    )
}

/// Is `expected` (the parser's word for a wanted type) a kind of number?
fn is_number(expected: &str) -> bool {
    matches!(
        expected,
        "f64" | "f32" | "i64" | "i32" | "i16" | "i8" | "u64" | "u32" | "u16" | "u8" | "usize"
    ) || expected.contains("number")
        || expected.contains("integer")
}

/// A number or `true`/`false` written where a text in quotes is expected (`id = 1.1`).
fn number_for_text(
    rel: &Path,
    whole: &str,
    message: &str,
    key: &str,
    at: usize,
) -> Option<Diagnostic> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    if expected != "a string" {
        return None;
    }
    let (what, value) = found.split_once(" `")?;
    let what = match what {
        "integer" | "floating point" => "the number",
        "boolean" => "",
        _ => return None,
    };
    let value = value.strip_suffix('`')?;
    // The value as written (`1.10` stays `1.10`, where the parser would say 1.1).
    let written = whole[at.min(whole.len())..]
        .split(['\n', ',', '}', '#', ']'])
        .next()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .unwrap_or(value);
    let found = format!("{what} {written}").trim().to_owned();
    Some(
        Diagnostic::error(
            rel,
            format!(
                "found {found} where a text in quotes is expected: write {key} = \"{written}\""
            ),
        )
        .at(whole, at)
        .with_hint(
            "texts, names and ids are written between double quotes, even when they are numbers",
        ),
    )
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
    // The error's own line, whole: a quote left open there is reported at its end.
    let line_start = whole[..at.min(whole.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = whole[line_start..].lines().next().unwrap_or("");
    if let Some(i) = open_quote(line) {
        found = Some((line_start + i, '"'));
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
