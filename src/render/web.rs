//! Web hygiene for hosts and CDNs: `sitemap.xml`, `robots.txt`, and precompressed copies of
//! text files.
//!
//! A site read by many is served through a CDN and found through search engines: the sitemap
//! lists every page of every language with its alternates; `robots.txt` points to it; `.gz` and
//! `.br` files beside each text file (with `shafaf build --precompress`) let a server send
//! compressed bytes without compressing on every request.

use std::io::Write as _;

use anyhow::Result;

use super::search::entries;
use super::views::Localizer;
use super::{RenderContext, RenderedFile, Renderer};

/// Writes `sitemap.xml` and `robots.txt` at the output root.
pub struct WebRenderer;

impl Renderer for WebRenderer {
    fn name(&self) -> &'static str {
        "web"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        let site = ctx.site;
        let base = &ctx.base_url;
        let mut routes: Vec<String> = Vec::new();
        if let Some(lang) = site.config.languages.first() {
            let l = Localizer::new(site, lang, &ctx.theme.ui);
            routes.extend(entries(&l).into_iter().map(|e| e.u));
            routes.push("search/".into());
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        xml.push_str(&format!("<url><loc>{}</loc></url>\n", esc(base)));
        for route in &routes {
            for lang in &site.config.languages {
                xml.push_str(&format!(
                    "<url><loc>{}</loc>",
                    esc(&format!("{base}{}/{route}", lang.code))
                ));
                for alt in &site.config.languages {
                    xml.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        esc(&alt.code),
                        esc(&format!("{base}{}/{route}", alt.code))
                    ));
                }
                xml.push_str("</url>\n");
            }
        }
        xml.push_str("</urlset>\n");
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
        Ok(vec![
            RenderedFile::text("sitemap.xml", xml),
            RenderedFile::text("robots.txt", robots),
        ])
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
