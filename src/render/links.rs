//! Checks the rendered site's internal links: every relative `href` and `src` must name a file
//! that was rendered, and every `#anchor` an `id` in the target page.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::RenderedFile;
use crate::model::Site;

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

/// The values of the `id`, `href` and `src` attributes in `html` (double-quoted, as our
/// templates write them), in one pass: the ids, the `href`s and the `src`s.
fn attribute_values(html: &str) -> [Vec<&str>; 3] {
    let bytes = html.as_bytes();
    let mut out: [Vec<&str>; 3] = Default::default();
    let mut after = 0;
    for eq in memchr::memmem::find_iter(bytes, b"=\"") {
        let before = &bytes[..eq];
        let kind = if before.ends_with(b" id") {
            0
        } else if before.ends_with(b" href") {
            1
        } else if before.ends_with(b" src") {
            2
        } else {
            continue;
        };
        let start = eq + 2;
        if eq < after {
            continue;
        }
        let Some(len) = memchr::memchr(b'"', &bytes[start..]) else {
            break;
        };
        out[kind].push(&html[start..start + len]);
        after = start + len;
    }
    out
}

/// `s` with the entities our templates write in attributes decoded.
fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    s.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .into()
}

/// What [`LinkIndex`] keeps of one rendered file, read from it without the index at hand (so
/// that threads can read their pages at once and only add them in turn).
#[derive(Debug)]
pub struct ScannedFile {
    path: String,
    /// The page's ids and links, for HTML pages.
    html: Option<(BTreeSet<String>, Vec<String>)>,
}

impl ScannedFile {
    /// Reads `file`'s ids and links.
    pub fn new(file: &RenderedFile) -> ScannedFile {
        let html = file
            .path
            .ends_with(".html")
            .then(|| std::str::from_utf8(&file.bytes).ok())
            .flatten()
            .map(|html| {
                let [ids, hrefs, srcs] = attribute_values(html);
                let ids = ids.into_iter().map(str::to_owned).collect();
                let links = hrefs
                    .into_iter()
                    .chain(srcs)
                    .map(|h| unescape(h).into_owned());
                (ids, links.collect())
            });
        ScannedFile {
            path: file.path.clone(),
            html,
        }
    }
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

/// The files, element ids and links of a rendered site, for resolving links against it. Built
/// from the files in memory ([`LinkIndex::new`]) or one file at a time as a build writes them
/// ([`LinkIndex::add`]), so that `build`, `check` and `serve` make the same check. Links are
/// kept interned: at ten thousand indicators most pages repeat the same navigation links.
#[derive(Debug, Default)]
pub struct LinkIndex {
    all: BTreeSet<String>,
    ids: BTreeMap<String, BTreeSet<String>>,
    /// Each HTML page's links, as indices into `hrefs`.
    links: BTreeMap<String, Vec<u32>>,
    hrefs: Vec<String>,
    href_ids: HashMap<String, u32>,
}

impl LinkIndex {
    /// Indexes every file, and every HTML page's `id`s and links.
    pub fn new(files: &[RenderedFile]) -> LinkIndex {
        let mut index = LinkIndex::default();
        for f in files {
            index.add(f);
        }
        index
    }

    /// Adds one rendered file (replacing what was known of a file at the same path).
    pub fn add(&mut self, file: &RenderedFile) {
        self.insert(ScannedFile::new(file));
    }

    /// Records the decisions' attachments, so that links to them resolve although they are
    /// copied, not rendered.
    pub fn add_attachments(&mut self, site: &Site) {
        for (path, _) in super::attachments(site) {
            self.add(&RenderedFile::text(path, ""));
        }
    }

    /// Adds a file read with [`ScannedFile::new`].
    pub fn insert(&mut self, file: ScannedFile) {
        self.all.insert(file.path.clone());
        let Some((ids, hrefs)) = file.html else {
            return;
        };
        self.ids.insert(file.path.clone(), ids);
        let mut links = Vec::with_capacity(hrefs.len());
        for href in hrefs {
            let n = match self.href_ids.get(&href) {
                Some(&n) => n,
                None => {
                    let n = self.hrefs.len() as u32;
                    self.href_ids.insert(href.clone(), n);
                    self.hrefs.push(href);
                    n
                }
            };
            links.push(n);
        }
        self.links.insert(file.path, links);
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

    /// Every broken internal link of the pages `pages` (every page when `None`), in page order.
    pub fn broken_links(&self, pages: Option<&BTreeSet<String>>) -> Vec<BrokenLink> {
        let mut broken = Vec::new();
        for (page, links) in &self.links {
            if pages.is_some_and(|p| !p.contains(page)) {
                continue;
            }
            for &n in links {
                let href = &self.hrefs[n as usize];
                if let Some(reason) = self.broken(page, href) {
                    broken.push(BrokenLink {
                        page: page.clone(),
                        href: href.clone(),
                        reason,
                    });
                }
            }
        }
        broken
    }
}

/// Every broken internal link in `files`, in page order.
pub fn check_links(files: &[RenderedFile]) -> Vec<BrokenLink> {
    LinkIndex::new(files).broken_links(None)
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
