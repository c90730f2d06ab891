//! Web hygiene for hosts and CDNs: `robots.txt` and precompressed copies of text files.
//!
//! A site read by many is served through a CDN and found through search engines: `robots.txt`
//! points to the sitemap (`render::sitemap`, every page with its alternates); `.gz` and
//! `.br` files beside each text file (with `shafaf build --precompress`) let a server send
//! compressed bytes without compressing on every request.

use std::io::Write as _;

use anyhow::Result;

use super::{RenderContext, RenderedFile, Renderer};

/// Writes `robots.txt` at the output root; `sitemap.xml` is made from every rendered page
/// once all renderers have run (see `render::sitemap`).
pub struct WebRenderer;

impl Renderer for WebRenderer {
    fn name(&self) -> &'static str {
        "web"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        let base = &ctx.base_url;
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
        Ok(vec![RenderedFile::text("robots.txt", robots)])
    }
}

/// Extensions of the files worth compressing.
const TEXT_EXTENSIONS: &[&str] = &[
    "html", "css", "js", "json", "csv", "xml", "svg", "txt", "mjs",
];

/// A gzip (`.gz`) and a Brotli (`.br`) copy of every text file, for servers that send
/// precompressed files (nginx `gzip_static`, CDNs). Deterministic: no timestamps, no names.
pub fn precompressed(files: &[RenderedFile]) -> Result<Vec<RenderedFile>> {
    let mut out = Vec::new();
    for f in files {
        let is_text = f
            .path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| TEXT_EXTENSIONS.contains(&ext));
        if !is_text || f.bytes.len() < 256 {
            continue;
        }
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        gz.write_all(&f.bytes)?;
        out.push(RenderedFile {
            path: format!("{}.gz", f.path),
            bytes: gz.finish()?,
        });
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            w.write_all(&f.bytes)?;
        }
        out.push(RenderedFile {
            path: format!("{}.br", f.path),
            bytes: br,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let text = "<p>شفاف</p>".repeat(100);
        let files = vec![
            RenderedFile::text("en/index.html", text.clone()),
            RenderedFile::text("tiny.css", "a{}"),
            RenderedFile {
                path: "x.png".into(),
                bytes: vec![0; 1000],
            },
        ];
        let out = precompressed(&files).unwrap();
        let paths: Vec<&str> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["en/index.html.gz", "en/index.html.br"]);
        let mut s = String::new();
        flate2::read::GzDecoder::new(&out[0].bytes[..])
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
        let mut s = String::new();
        brotli::Decompressor::new(&out[1].bytes[..], 4096)
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
        assert_eq!(precompressed(&files).unwrap(), out, "deterministic");
    }
}
