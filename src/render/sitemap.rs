//! `sitemap.xml`: the root and every page in every language, with its language alternates.
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

/// The sitemap of the site's pages (the `paths` under `LANG/…/index.html`) at `base_url`.
pub fn sitemap<'a>(
    site: &Site,
    base_url: &str,
    paths: impl IntoIterator<Item = &'a str>,
) -> RenderedFile {
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
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // The root page, where readers pick a language.
    out.push_str(&format!("<url><loc>{}</loc></url>\n", xml(base_url)));
    for (route, present) in &routes {
        // Languages in site.toml's order, for a stable and readable file.
        let present: Vec<&str> = languages
            .iter()
            .copied()
            .filter(|l| present.contains(l))
            .collect();
        for lang in &present {
            out.push_str(&format!("<url><loc>{}</loc>", url(lang, route)));
            for alt in &present {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>",
                    url(alt, route)
                ));
            }
            if present.contains(&default) {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    url(default, route)
                ));
            }
            out.push_str("</url>\n");
        }
    }
    out.push_str("</urlset>\n");
    RenderedFile::text("sitemap.xml", out)
}

#[cfg(test)]
mod tests {
    use super::encode_path;

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
