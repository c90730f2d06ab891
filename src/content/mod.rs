//! Reading the files of a site: walking `content/`, decoding UTF-8, parsing TOML with positions,
//! splitting Markdown front matter and recognising `NAME.LANG.md` translations.
//!
//! This module knows nothing of what the data means; that is [`crate::model`]'s job. It turns
//! every I/O and syntax problem into a [`Diagnostic`] that names the file, line and column.

mod frontmatter;
mod plain;
pub(crate) mod theme;
mod unknown;

pub use frontmatter::{split_front_matter, Document};

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// The largest content file Shafaf reads (16 MiB). A page bigger than this would be unusable on
/// a phone, and reading it whole (three times, once per language) could exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A text file of the site, read and decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the site root, as shown in diagnostics (`content/site.toml`).
    pub rel: PathBuf,
    /// The file's text, without a leading byte-order mark.
    pub text: String,
}

impl SourceFile {
    /// A file from text already in memory (for tests and generated content).
    pub fn from_text(rel: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            rel: rel.into(),
            text: text.into(),
        }
    }

    /// Reads `rel` under `root`, reporting unreadable or oversized files and invalid UTF-8 with
    /// a position.
    pub fn read(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
        use std::io::Read;
        let cannot =
            |e: std::io::Error| Diagnostic::error(rel, format!("cannot read this file: {e}"));
        let file = std::fs::File::open(root.join(rel)).map_err(cannot)?;
        // Room for the whole file and the byte that tells it grew: the text is kept (Markdown
        // bodies are most of the model), so a buffer grown by doubling would waste up to half.
        let expected = file
            .metadata()
            .map_or(0, |m| m.len().min(MAX_FILE_BYTES) + 1);
        let mut bytes = Vec::with_capacity(expected as usize);
        // Read one byte past the limit, so a file growing while it is read is caught too.
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                rel,
                format!(
                    "this file is larger than {} MiB, the most Shafaf reads",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            )
            .with_hint("split it into several pages, or link to a downloadable file instead"));
        }
        Self::decode(rel, bytes)
    }

    /// The text from byte `from` on (such as the body after the front matter), keeping the
    /// file's own memory rather than copying: at scale the Markdown bodies are most of the model.
    pub fn into_text_from(self, from: usize) -> String {
        let mut text = self.text;
        text.drain(..from.min(text.len()));
        text
    }

    /// Decodes `bytes` as UTF-8, dropping a byte-order mark.
    pub fn decode(rel: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                if let Some(c) = xml_invalid_char(&text) {
                    let at = text.find(c).unwrap_or(0);
                    return Err(Diagnostic::error(rel, xml_invalid_message(c))
                        .at(&text, at)
                        .with_hint(
                            "remove it (it may have come in with text pasted from another program)",
                        ));
                }
                Ok(SourceFile {
                    rel: rel.to_path_buf(),
                    text,
                })
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                Err(Diagnostic::error(
                    rel,
                    format!("this file is not valid UTF-8 (byte 0x{:02x})", bytes[valid]),
                )
                .at(&prefix, valid)
                .with_hint("save the file as UTF-8 in your editor"))
            }
        }
    }

    /// Parses the whole file as TOML into `T`, reporting the first problem with its position.
    pub fn parse_toml<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        parse_toml_at(&self.rel, &self.text, &self.text, 0)
    }

    /// Parses the whole file as TOML into `T`, reporting every unknown field at once (a file
    /// with four misspelt keys needs one run, not four), or the first other problem.
    pub fn parse_toml_all<T: DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        parse_toml_all_at(&self.rel, &self.text, &self.text, 0)
    }
}

/// Parses `toml` (a slice of `whole`, starting at byte `offset`) into `T`; errors carry the
/// position in `whole`, so front matter errors point into the Markdown file.
pub fn parse_toml_at<T: DeserializeOwned>(
    rel: &Path,
    whole: &str,
    toml: &str,
    offset: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(toml).map_err(|e| toml_diagnostic(rel, whole, &e, offset))
}

/// As [`parse_toml_at`], but an unknown field does not hide the next one: each is reported, the
/// document read again without it, until another kind of problem or none is left.
pub fn parse_toml_all_at<T: DeserializeOwned>(
    rel: &Path,
    whole: &str,
    toml: &str,
    offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    let first = match toml::from_str(toml) {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    let mut found = vec![toml_diagnostic(rel, whole, &first, offset)];
    let Ok(mut doc) = toml::de::DeTable::parse(toml) else {
        return Err(found);
    };
    let mut unknown = first
        .span()
        .filter(|_| is_unknown_field(&first))
        .map(|s| (s, suggested_field(first.message())));
    while let Some((span, suggestion)) = unknown.take() {
        if !fix_key_at(doc.get_mut(), &span, suggestion.as_deref()) {
            break;
        }
        let again = T::deserialize(toml::de::Deserializer::from(doc.clone()));
        if let Err(e) = again {
            if is_unknown_field(&e) && e.span().is_some() {
                found.push(toml_diagnostic(rel, whole, &e, offset));
                unknown = e.span().map(|s| (s, suggested_field(e.message())));
            }
        }
    }
    Err(found)
}

fn is_unknown_field(e: &toml::de::Error) -> bool {
    e.message().starts_with("unknown field")
}

/// The field an unknown-field message suggests (`percnt` → `percent`), if one is close.
fn suggested_field(message: &str) -> Option<String> {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (field, expected) = quoted.split_first()?;
    crate::diagnostic::closest(field, expected).map(str::to_owned)
}

/// Renames the key whose span is `span`, in `table` or any table nested in it, to `to` when
/// given and free (so a misspelt required field is not then reported missing), else removes it.
fn fix_key_at(
    table: &mut toml::de::DeTable<'_>,
    span: &std::ops::Range<usize>,
    to: Option<&str>,
) -> bool {
    if let Some(key) = table.keys().find(|k| k.span() == *span).cloned() {
        let value = table.remove(&key);
        let renamed =
            to.map(|t| toml::Spanned::new(span.clone(), std::borrow::Cow::Owned(t.to_owned())));
        if let (Some(new), Some(value)) = (renamed, value) {
            if !table.contains_key(&new) {
                table.insert(new, value);
            }
        }
        return true;
    }
    table
        .iter_mut()
        .any(|(_, v)| fix_key_in_value(v.get_mut(), span, to))
}

fn fix_key_in_value(
    value: &mut toml::de::DeValue<'_>,
    span: &std::ops::Range<usize>,
    to: Option<&str>,
) -> bool {
    match value {
        toml::de::DeValue::Table(t) => fix_key_at(t, span, to),
        toml::de::DeValue::Array(items) => items
            .iter_mut()
            .any(|v| fix_key_in_value(v.get_mut(), span, to)),
        _ => false,
    }
}

/// The diagnostic for a TOML or schema error `e` in `whole` (the TOML starting at `offset`).
fn toml_diagnostic(rel: &Path, whole: &str, e: &toml::de::Error, offset: usize) -> Diagnostic {
    let message = e.message().trim().trim_end_matches('.').to_owned();
    let span = e.span().map(|s| s.start + offset..s.end + offset);
    if let Some(d) = unknown::explain(rel, whole, &message, span.clone())
        .or_else(|| plain::explain(rel, whole, &message, span.clone()))
    {
        return d;
    }
    let hint = hint_for_toml_error(&message);
    let d = Diagnostic::error(rel, message).at_span(whole, span);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// Advice for the TOML and schema errors editors meet most.
fn hint_for_toml_error(message: &str) -> Option<String> {
    if message.starts_with("missing field") {
        Some("add the field; docs/content.md shows an example".into())
    } else if message.starts_with("invalid type") {
        Some("a number is written without quotes, a text with quotes, a date as 2013-03-31".into())
    } else if message.contains("duplicate key") {
        Some("each key may appear once in a table; remove or rename one of them".into())
    } else {
        None
    }
}

/// Lists the files under `root/dir` (recursively, sorted by path), relative to `root`.
///
/// Hidden files and folders (starting with `.`) are skipped. Folders that cannot be read are
/// reported, not skipped silently. A missing `dir` gives an empty list.
pub fn walk(root: &Path, dir: &str) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let base = root.join(dir);
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !base.exists() {
        return (files, problems);
    }
    let walker = walkdir::WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                files.push(rel.to_path_buf());
            }
            Ok(entry) if entry.file_type().is_symlink() => {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                problems.push(
                    Diagnostic::error(
                        rel,
                        "symbolic links are not followed: a link could lead outside the site",
                    )
                    .with_hint("copy the file here instead of linking to it"),
                );
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| base.clone());
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                problems.push(Diagnostic::error(
                    rel,
                    format!("cannot read this folder: {e}"),
                ));
            }
        }
    }
    (files, problems)
}

/// Splits a Markdown file name `NAME.LANG.md` into `("NAME", Some("LANG"))`, or `NAME.md` into
/// `("NAME", None)`. Returns `None` for files that are not Markdown.
pub fn markdown_name(path: &Path) -> Option<(String, Option<String>)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    match stem.rsplit_once('.') {
        Some((base, lang)) if is_language_tag(lang) => {
            Some((base.to_owned(), Some(lang.to_owned())))
        }
        _ => Some((stem.to_owned(), None)),
    }
}

/// Could `s` be a language code as used in file names (`ar`, `ckb`, `pt-BR`, in any case:
/// `EN-gb` is `en-GB` to BCP 47)?
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The site's spelling of the language `code`, compared regardless of case as BCP 47 compares
/// tags: with `en-GB` configured, `en-gb` and `EN-GB` are `en-GB`.
pub fn configured_language<'a>(code: &str, languages: &'a [String]) -> Option<&'a str> {
    languages
        .iter()
        .find(|l| l.eq_ignore_ascii_case(code))
        .map(String::as_str)
}

/// What to do about `code`, which is not written as any of the site's `languages`: use the
/// configured spelling when it is one of them in another case, else configure it or fix it.
pub fn language_hint(code: &str, languages: &[String]) -> String {
    match configured_language(code, languages) {
        Some(c) => format!(
            "write `{c}` as site.toml does: `{code}` is the same language, and each language is written one way throughout the site"
        ),
        None => "add the language to site.toml, or fix the code".to_owned(),
    }
}

/// The first character of `s` that XML 1.0 does not allow (control characters other than tab,
/// line feed and carriage return; U+FFFE and U+FFFF): a feed or an IATI file holding one is
/// ill-formed, so no text of the site may have one.
pub fn xml_invalid_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
    })
}

/// The message for a character found by [`xml_invalid_char`].
pub fn xml_invalid_message(c: char) -> String {
    format!(
        "this text contains the character U+{:04X}, which web feeds and open-data files cannot hold",
        u32::from(c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_names_split_off_the_language() {
        let split = |s: &str| markdown_name(Path::new(s));
        assert_eq!(split("about.md"), Some(("about".into(), None)));
        assert_eq!(
            split("about.ar.md"),
            Some(("about".into(), Some("ar".into())))
        );
        assert_eq!(
            split("1.1.ckb.md"),
            Some(("1.1".into(), Some("ckb".into())))
        );
        assert_eq!(split("1.1.md"), Some(("1.1".into(), None)));
        assert_eq!(
            split("page.EN-gb.md"),
            Some(("page".into(), Some("EN-gb".into())))
        );
        let configured = ["en-GB".to_owned(), "ar".to_owned()];
        assert_eq!(configured_language("EN-gb", &configured), Some("en-GB"));
        assert_eq!(configured_language("AR", &configured), Some("ar"));
        assert_eq!(configured_language("en", &configured), None);
        assert_eq!(split("site.toml"), None);
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_position() {
        let d = SourceFile::decode(Path::new("x.md"), b"ok\nab\xff".to_vec()).unwrap_err();
        assert_eq!(
            d.to_string().lines().next().unwrap(),
            "error: x.md:2:3: this file is not valid UTF-8 (byte 0xff)"
        );
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let f =
            SourceFile::decode(Path::new("x.toml"), "\u{feff}a = 1".as_bytes().to_vec()).unwrap();
        assert_eq!(f.text, "a = 1");
    }

    #[test]
    fn toml_errors_name_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            title: String,
        }
        let f = SourceFile::from_text("site.toml", "title = \"x\"\ntitel = \"y\"\n");
        let d = f.parse_toml::<T>().unwrap_err();
        let p = d.position.unwrap();
        assert_eq!((p.line, p.column), (2, 1));
        assert!(
            d.message
                .starts_with("`titel` is not a field of site.toml (its fields: title)"),
            "{}",
            d.message
        );
        assert!(d.hint.is_some());
    }
}
