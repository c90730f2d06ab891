//! Any bytes as a Markdown file: decoding, front matter splitting, TOML parsing and Markdown
//! rendering must return a result or a diagnostic, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shafaf::content::{split_front_matter, SourceFile};
use shafaf::render::markdown::{to_html, RawHtml};

fuzz_target!(|data: &[u8]| {
    let rel = std::path::Path::new("content/pages/fuzz.md");
    let Ok(file) = SourceFile::decode(rel, data.to_vec()) else {
        return;
    };
    if let Ok(doc) = split_front_matter(&file) {
        let _ = doc.front_matter.parse::<toml::Table>();
        for raw in [RawHtml::Sanitize, RawHtml::Escape] {
            let html = to_html(doc.body, "f-", raw);
            if raw == RawHtml::Sanitize {
                assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
            }
        }
    }
});
