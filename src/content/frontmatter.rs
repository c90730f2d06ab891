//! Front matter: the TOML between `+++` lines at the top of a Markdown file.

use crate::diagnostic::Diagnostic;

use super::SourceFile;

/// A Markdown file split into its front matter and its body.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The TOML between the `+++` lines (empty when the file has none).
    pub front_matter: &'a str,
    /// Byte offset of the front matter in the file, for error positions.
    pub front_matter_offset: usize,
    /// The Markdown after the closing `+++` line.
    pub body: &'a str,
}

impl Document<'_> {
    /// A fingerprint of the front matter (and where it sits in the file): two readings of a
    /// file with the same fingerprint differ at most in their bodies.
    pub fn front_matter_fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (self.front_matter, self.front_matter_offset).hash(&mut h);
        h.finish()
    }
}

/// Splits `file` into front matter and body. A file that opens a `+++` block without closing it
/// is an error; a file without a `+++` first line has empty front matter.
pub fn split_front_matter(file: &SourceFile) -> Result<Document<'_>, Diagnostic> {
    let text = file.text.as_str();
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Ok(Document {
            front_matter: "",
            front_matter_offset: 0,
            body: text,
        });
    }
    let mut pos = first_line_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Ok(Document {
                front_matter: &text[first_line_end..pos],
                front_matter_offset: first_line_end,
                body: &text[end..],
            });
        }
        pos = end;
    }
    Err(Diagnostic::error(
        &file.rel,
        "the front matter opened by `+++` is never closed",
    )
    .at(text, 0)
    .with_hint("end the front matter with a line holding only `+++`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let f = SourceFile::from_text("a.md", "+++\ntitle = \"A\"\n+++\n\nBody\n");
        let doc = split_front_matter(&f).unwrap();
        assert_eq!(doc.front_matter, "title = \"A\"\n");
        assert_eq!(doc.front_matter_offset, 4);
        assert_eq!(doc.body, "\nBody\n");
    }

    #[test]
    fn accepts_crlf_line_ends() {
        let f = SourceFile::from_text("a.md", "+++\r\ntitle = \"A\"\r\n+++\r\nBody");
        let doc = split_front_matter(&f).unwrap();
        assert_eq!(doc.front_matter, "title = \"A\"\r\n");
        assert_eq!(doc.body, "Body");
    }

    #[test]
    fn no_front_matter_is_fine() {
        let f = SourceFile::from_text("a.md", "# Hello\n");
        assert_eq!(split_front_matter(&f).unwrap().body, "# Hello\n");
    }

    #[test]
    fn an_unclosed_block_is_an_error() {
        let f = SourceFile::from_text("a.md", "+++\ntitle = 1\n");
        let d = split_front_matter(&f).unwrap_err();
        assert!(d
            .to_string()
            .starts_with("error: a.md:1:1: the front matter"));
    }
}
