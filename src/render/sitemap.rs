//! `sitemap.xml`: the root and every page in every language, with its language alternates.
//! Past the sitemaps.org limits (50,000 URLs or 50 MB in one file) the URLs go into numbered
//! files, `sitemap-1.xml`, …, and `sitemap.xml` becomes the index of them.
//!
//! Search engines find each language's version of a page through the `xhtml:link` alternates
//! (the same as the `hreflang` links in each page's head, with `x-default` on the default
//! language). It is built from the rendered files themselves, so pages added by any renderer
//! are listed without this module knowing them.

use std::collections::{BTreeMap, BTreeSet};

use super::RenderedFile;
use crate::model::Site;

/// Percent-encodes a URL path, keeping `/` and the characters URLs allow unescaped.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for XML.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// At most this many URLs in one sitemap file (sitemaps.org).
const MAX_URLS: usize = 50_000;
/// At most this many bytes in one sitemap file (sitemaps.org: 50 MB uncompressed).
const MAX_BYTES: usize = 50 * 1024 * 1024;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
     <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
     xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// The sitemap of the site's pages (the `paths` under `LANG/…/index.html`) at `base_url`:
/// `sitemap.xml`, or when the URLs pass one file's limits, `sitemap.xml` as the index of
/// `sitemap-1.xml`, `sitemap-2.xml`, ….
pub fn sitemap<'a>(
    site: &Site,
    base_url: &str,
    paths: impl IntoIterator<Item = &'a str>,
) -> Vec<RenderedFile> {
    split(
        base_url,
        &entries(site, base_url, paths),
        MAX_URLS,
        MAX_BYTES,
    )
}

/// One `<url>` element per page and language, the root page first.
fn entries<'a>(
    site: &Site,
    base_url: &str,
    paths: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let languages: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    // Route (after the language prefix) → languages it exists in.
    let mut routes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for path in paths {
        let Some((lang, rest)) = path.split_once('/') else {
            continue;
        };
        let Some(route) = rest.strip_suffix("index.html") else {
            continue;
        };
        if let Some(lang) = languages.iter().find(|l| **l == lang) {
            routes.entry(route).or_default().insert(lang);
        }
    }
    let default = site.config.default_language.as_str();
    let url = |lang: &str, route: &str| {
        xml(&format!(
            "{base_url}{}",
            encode_path(&format!("{lang}/{route}"))
        ))
    };
    // The root page, where readers pick a language.
    let mut out = vec![format!("<url><loc>{}</loc></url>\n", xml(base_url))];
    for (route, present) in &routes {
        // Languages in site.toml's order, for a stable and readable file.
        let present: Vec<&str> = languages
            .iter()
            .copied()
            .filter(|l| present.contains(l))
            .collect();
        for lang in &present {
            let mut entry = format!("<url><loc>{}</loc>", url(lang, route));
            for alt in &present {
                entry.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>",
                    url(alt, route)
                ));
            }
            if present.contains(&default) {
                entry.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    url(default, route)
                ));
            }
            entry.push_str("</url>\n");
            out.push(entry);
        }
    }
    out
}

/// `entries` in one `sitemap.xml`, or in files of at most `max_urls` entries and `max_bytes`
/// bytes each with `sitemap.xml` as their index.
fn split(
    base_url: &str,
    entries: &[String],
    max_urls: usize,
    max_bytes: usize,
) -> Vec<RenderedFile> {
    let room = max_bytes - URLSET_OPEN.len() - URLSET_CLOSE.len();
    let mut chunks: Vec<&[String]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (n, e) in entries.iter().enumerate() {
        if n > start && (n - start == max_urls || bytes + e.len() > room) {
            chunks.push(&entries[start..n]);
            (start, bytes) = (n, 0);
        }
        bytes += e.len();
    }
    chunks.push(&entries[start..]);
    let urlset = |chunk: &[String]| format!("{URLSET_OPEN}{}{URLSET_CLOSE}", chunk.concat());
    if chunks.len() == 1 {
        return vec![RenderedFile::text("sitemap.xml", urlset(chunks[0]))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (n, chunk) in chunks.iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml(&format!("{base_url}{name}"))
        ));
        files.push(RenderedFile::text(name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(RenderedFile::text("sitemap.xml", index));
    files
}

#[cfg(test)]
mod tests {
    use super::{encode_path, split, MAX_BYTES, MAX_URLS};

    fn entries(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("<url><loc>https://example.org/en/p/{i}/</loc></url>\n"))
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let files = split("https://example.org/", &entries(3), MAX_URLS, MAX_BYTES);
        assert_eq!(files.len(), 1);
        let text = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(text.contains("<urlset") && text.matches("<url>").count() == 3);
    }

    #[test]
    fn past_the_url_limit_the_sitemap_becomes_an_index() {
        let files = split(
            "https://example.org/",
            &entries(MAX_URLS + 1),
            MAX_URLS,
            MAX_BYTES,
        );
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        let count =
            |f: &super::RenderedFile| String::from_utf8_lossy(&f.bytes).matches("<url>").count();
        assert_eq!((count(&files[0]), count(&files[1])), (MAX_URLS, 1));
        let index = String::from_utf8(files[2].bytes.clone()).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://example.org/sitemap-2.xml</loc>"));
    }

    #[test]
    fn past_the_byte_limit_files_split_at_whole_entries() {
        let all = entries(10);
        let max = super::URLSET_OPEN.len() + super::URLSET_CLOSE.len() + 3 * all[0].len();
        let files = split("https://example.org/", &all, MAX_URLS, max);
        assert_eq!(
            files.len(),
            5,
            "4 files of at most 3 entries, and the index"
        );
        for f in &files[..4] {
            assert!(
                f.bytes.len() <= max,
                "{} is {} bytes",
                f.path,
                f.bytes.len()
            );
        }
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("ar/indicators/1.1.9/"), "ar/indicators/1.1.9/");
        assert_eq!(
            encode_path("ckb/دەربارە/"),
            "ckb/%D8%AF%DB%95%D8%B1%D8%A8%D8%A7%D8%B1%DB%95/"
        );
        assert_eq!(encode_path("en/a b&c/"), "en/a%20b%26c/");
    }
}
