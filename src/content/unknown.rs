//! Plain words for a key the schema does not know: which table it is in, the fields that table
//! accepts and, when one is close, the corrected line with the editor's own value.

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{closest, Diagnostic};

/// The longest corrected line shown whole; a longer value is shortened to `key = …`.
const MAX_SHOWN: usize = 72;

/// The diagnostic for the parser's `unknown field `x`, expected one of …` `message` (at `span`
/// of `whole`, the key), or `None` for any other message.
pub fn explain(
    rel: &Path,
    whole: &str,
    message: &str,
    span: Option<Range<usize>>,
) -> Option<Diagnostic> {
    if !message.starts_with("unknown field") {
        return None;
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (field, expected) = quoted.split_first()?;
    let suggestion = closest(field, expected);
    let place = span
        .as_ref()
        .map_or_else(|| "this file".to_owned(), |s| place_of(rel, whole, s.start));
    let fields = if expected.is_empty() {
        "it takes no fields".to_owned()
    } else {
        format!("its fields: {}", expected.join(", "))
    };
    let fix = match (suggestion, &span) {
        (Some(s), Some(span)) => format!("write {}", corrected(whole, span, s)),
        (Some(s), None) => format!("write {s} instead"),
        (None, _) => "correct the name or delete the line".to_owned(),
    };
    let hint = match suggestion {
        Some(s) => {
            format!("did you mean `{s}`? docs/content.md lists the fields each file accepts")
        }
        None => "check the spelling; docs/content.md lists the fields each file accepts".into(),
    };
    let d = Diagnostic::error(
        rel,
        format!("`{field}` is not a field of {place} ({fields}): {fix}"),
    );
    Some(d.at_span(whole, span).with_hint(hint))
}

/// `key = value` as written at `span` (the key) with the key replaced by `to`; a value that
/// goes on past the line (a list, a long text) is shortened.
fn corrected(whole: &str, span: &Range<usize>, to: &str) -> String {
    let rest = &whole[span.end.min(whole.len())..];
    let line = rest.lines().next().unwrap_or("");
    let (end, open) = value_end(line);
    let value = line[..end].trim_end();
    let shown = format!("{to}{value}{}", closers(&open));
    if shown.chars().count() <= MAX_SHOWN && value.trim_start().starts_with('=') {
        shown
    } else {
        format!("{to} = …")
    }
}

/// Where the value after a key on `line` ends (a `,` or `}` closing the inline table it is in,
/// a comment, or the line's end), and the brackets and quote still open there.
fn value_end(line: &str) -> (usize, Vec<char>) {
    let mut open: Vec<char> = Vec::new();
    for (i, c) in line.char_indices() {
        let in_string = open.last() == Some(&'"');
        match c {
            '"' if in_string => {
                open.pop();
            }
            '"' => open.push('"'),
            _ if in_string => {}
            '#' => return (i, open),
            '[' | '{' => open.push(c),
            ']' | '}' if !open.is_empty() => {
                open.pop();
            }
            ',' | '}' if open.is_empty() => return (i, open),
            _ => {}
        }
    }
    (line.len(), open)
}

/// ` … ]` for a value whose `[` (or `{`, or quote) stays open past its line.
fn closers(open: &[char]) -> String {
    if open.is_empty() {
        return String::new();
    }
    let close: String = open
        .iter()
        .rev()
        .map(|c| match c {
            '[' => ']',
            '{' => '}',
            _ => '"',
        })
        .collect();
    format!(" … {close}")
}

/// The table the key at byte `at` is in, in words: `the `yes` table` (inline), its header as
/// written (`[[outputs]]`, `[units.days]`), or the file (or its front matter) at the top.
fn place_of(rel: &Path, whole: &str, at: usize) -> String {
    let at = at.min(whole.len());
    let line_start = whole[..at].rfind('\n').map_or(0, |i| i + 1);
    if let Some(place) = inline_table(&whole[line_start..at]) {
        return place;
    }
    let header = whole[..line_start].lines().rev().find_map(header_of);
    match header {
        Some(h) => h.to_owned(),
        None if rel.extension().is_some_and(|e| e == "md") => "the front matter".into(),
        None => rel
            .file_name()
            .map_or_else(|| "this file".into(), |n| n.to_string_lossy().into_owned()),
    }
}

/// `the `KEY` table` when `before` (the line up to the key) leaves an inline `{` open, or
/// `this table` when that brace has no key (an item of a list of tables).
fn inline_table(before: &str) -> Option<String> {
    let mut braces = Vec::new();
    let mut in_string = false;
    for (i, c) in before.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '{' if !in_string => braces.push(i),
            '}' if !in_string => {
                braces.pop();
            }
            _ => {}
        }
    }
    let brace = *braces.last()?;
    let key = super::plain::key_before(&before[..brace]);
    Some(key.map_or_else(|| "this table".into(), |k| format!("the `{k}` table")))
}

/// `[name]` or `[[name]]` when `line` is a table header (not a line of a list spanning lines).
fn header_of(line: &str) -> Option<&str> {
    let t = line.trim();
    if !t.starts_with('[') {
        return None;
    }
    let end = t.rfind(']')? + 1;
    let (header, after) = t.split_at(end);
    let name = header.trim_matches(['[', ']']).trim();
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | ' '));
    let rest = after.trim_start();
    (bare && (rest.is_empty() || rest.starts_with('#'))).then_some(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "unknown field `laed`, expected one of `id`, `lead`, `title`";

    fn message(rel: &str, whole: &str, key: &str) -> String {
        let start = whole.find(key).unwrap();
        let span = Some(start..start + key.len());
        let d = explain(Path::new(rel), whole, MESSAGE, span).unwrap();
        d.message
    }

    #[test]
    fn names_the_table_and_writes_the_line_with_the_value() {
        let toml = "[[outputs]]\nid = \"1\"\nlaed = \"undp\" # agency\n";
        assert_eq!(
            message("results.toml", toml, "laed"),
            "`laed` is not a field of [[outputs]] (its fields: id, lead, title): write lead = \"undp\""
        );
    }

    #[test]
    fn an_inline_table_a_top_level_key_and_front_matter_are_named() {
        let inline = "[terms]\nyes = { title = \"x\", laed = 3 }\n";
        assert_eq!(
            message("r.toml", inline, "laed"),
            "`laed` is not a field of the `yes` table (its fields: id, lead, title): write lead = 3"
        );
        assert!(message("site.toml", "laed = 1\n", "laed").contains("a field of site.toml ("));
        assert!(message("a.md", "laed = 1\n", "laed").contains("of the front matter ("));
        let listed = "[x]\nitems = [\n  { id = \"a\", laed = [1, 2] },\n]\n";
        assert!(message("r.toml", listed, "laed").contains("of this table (its fields"));
    }

    #[test]
    fn a_value_going_on_past_its_line_is_shortened() {
        assert!(
            message("r.toml", "laed = [\n  \"a\",\n]\n", "laed").ends_with("write lead = [ … ]")
        );
        let long = format!("laed = \"{}\"\n", "x".repeat(80));
        assert!(message("r.toml", &long, "laed").ends_with("write lead = …"));
    }

    #[test]
    fn no_close_field_lists_them_and_points_to_the_docs() {
        let whole = "[[outputs]]\nxyzzy = 1\n";
        let d = explain(
            Path::new("r.toml"),
            whole,
            "unknown field `xyzzy`, expected one of `id`, `lead`",
            Some(12..17),
        )
        .unwrap();
        assert_eq!(
            d.message,
            "`xyzzy` is not a field of [[outputs]] (its fields: id, lead): correct the name or delete the line"
        );
        assert!(d.hint.unwrap().contains("docs/content.md"));
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((2, 1)));
    }
}
