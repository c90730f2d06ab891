//! Checks the rendered site's internal links: every relative `href` and `src` must name a file
//! that was rendered, and every `#anchor` an `id` in the target page.

use std::collections::{BTreeMap, BTreeSet};

use super::RenderedFile;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link.
    pub page: String,
    /// The link as written.
    pub href: String,
    /// Why it is broken.
    pub reason: String,
}

/// Values of every `name="…"` attribute in `html` (double-quoted, as our templates write them).
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

/// Decodes `%XX` escapes in a URL path.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `href` relative to the page at `page` into a file path under the output root.
fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || href.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// The files and element ids of a rendered site, for resolving links against it.
pub struct LinkIndex<'a> {
    all: BTreeSet<&'a str>,
    html: BTreeMap<&'a str, &'a str>,
    ids: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> LinkIndex<'a> {
    /// Indexes every file and every HTML page's `id`s.
    pub fn new(files: &'a [RenderedFile]) -> LinkIndex<'a> {
        let html: BTreeMap<&str, &str> = files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .filter_map(|f| {
                std::str::from_utf8(&f.bytes)
                    .ok()
                    .map(|s| (f.path.as_str(), s))
            })
            .collect();
        let ids = html
            .iter()
            .map(|(p, h)| (*p, attribute_values(h, "id").into_iter().collect()))
            .collect();
        LinkIndex {
            all: files.iter().map(|f| f.path.as_str()).collect(),
            html,
            ids,
        }
    }

    /// Is there a file at `path` (relative to the output root)?
    pub fn has_page(&self, path: &str) -> bool {
        self.all.contains(path)
    }

    /// Why `href`, on the page at `page`, leads nowhere; `None` when it resolves (or is external).
    pub fn broken(&self, page: &str, href: &str) -> Option<String> {
        // Root-relative links (only the 404 pages have them: they are served at any depth)
        // depend on where the site is hosted; tests check them behind a server.
        if href.contains(':') || href.starts_with('/') {
            return None;
        }
        let (path_part, anchor) = match href.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (href, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        let target = if path_part.is_empty() {
            page.to_owned()
        } else {
            match resolve(page, &percent_decode(path_part)) {
                Some(t) => t,
                None => return Some("leads above the site root".into()),
            }
        };
        if !self.all.contains(target.as_str()) {
            return Some(format!("{target} does not exist"));
        }
        let anchor = anchor.filter(|a| !a.is_empty())?;
        let anchor = percent_decode(anchor);
        if self
            .ids
            .get(target.as_str())
            .is_some_and(|set| !set.contains(anchor.as_str()))
        {
            return Some(format!("{target} has no element with id \"{anchor}\""));
        }
        None
    }
}

/// Every broken internal link in `files`, in page order.
pub fn check_links(files: &[RenderedFile]) -> Vec<BrokenLink> {
    let index = LinkIndex::new(files);
    let mut broken = Vec::new();
    for (page, text) in &index.html {
        for href in attribute_values(text, "href")
            .into_iter()
            .chain(attribute_values(text, "src"))
        {
            let href = unescape(href);
            if let Some(reason) = index.broken(page, &href) {
                broken.push(BrokenLink {
                    page: (*page).to_owned(),
                    href,
                    reason,
                });
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> RenderedFile {
        RenderedFile::text(path, html)
    }

    #[test]
    fn resolves_relative_directory_links() {
        assert_eq!(
            resolve("en/indicators/1.1.9/index.html", "../../results/").as_deref(),
            Some("en/results/index.html")
        );
        assert_eq!(
            resolve("en/index.html", "../assets/style.css").as_deref(),
            Some("assets/style.css")
        );
        assert_eq!(resolve("index.html", "../x"), None);
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files = [
            page(
                "en/index.html",
                r##"<a href="results/">r</a> <a href="results/#po-1">a</a> <a href="results/#nope">b</a> <a href="missing/">m</a> <a href="https://example.org/">x</a> <a href="#top">t</a><p id="top"></p>"##,
            ),
            page("en/results/index.html", r#"<h2 id="po-1"></h2>"#),
        ];
        let broken = check_links(&files);
        let hrefs: Vec<&str> = broken.iter().map(|b| b.href.as_str()).collect();
        assert_eq!(hrefs, ["results/#nope", "missing/"]);
    }
}
