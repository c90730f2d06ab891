//! Checks the rendered site's internal links: every relative `href` and `src` must name a file
//! that was rendered, and every `#anchor` an `id` in the target page.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

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

/// The values of the `id`, `href` and `src` attributes in the page `bytes` (double-quoted, as our
/// templates write them), in one pass: the ids, the `href`s and the `src`s. Only the values are
/// read as UTF-8 (a value that is not is skipped), not the whole page again.
fn attribute_values(bytes: &[u8]) -> [Vec<&str>; 3] {
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
        if let Ok(value) = std::str::from_utf8(&bytes[start..start + len]) {
            out[kind].push(value);
        }
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
    html: Option<(Ids, Vec<String>)>,
}

impl ScannedFile {
    /// Reads `file`'s ids and links.
    pub fn new(file: &RenderedFile) -> ScannedFile {
        let html = file.path.ends_with(".html").then(|| {
            let [ids, hrefs, srcs] = attribute_values(&file.bytes);
            let links = hrefs
                .into_iter()
                .chain(srcs)
                .map(|h| unescape(h).into_owned());
            (Ids::new(ids), links.collect())
        });
        ScannedFile {
            path: file.path.clone(),
            html,
        }
    }
}

/// A page's element ids, sorted and without repeats, in one string: at ten thousand indicators
/// half a million ids, which as a set of strings each cost more than three times their text.
#[derive(Debug, Default)]
struct Ids {
    text: Box<str>,
    /// Where each id ends in `text`.
    ends: Box<[u32]>,
}

impl Ids {
    fn new(mut ids: Vec<&str>) -> Ids {
        ids.sort_unstable();
        ids.dedup();
        let mut text = String::with_capacity(ids.iter().map(|id| id.len()).sum());
        let mut ends = Vec::with_capacity(ids.len());
        for id in ids {
            text.push_str(id);
            ends.push(text.len() as u32);
        }
        Ids {
            text: text.into(),
            ends: ends.into(),
        }
    }

    fn get(&self, n: usize) -> &str {
        let start = n.checked_sub(1).map_or(0, |m| self.ends[m] as usize);
        &self.text[start..self.ends[n] as usize]
    }

    fn contains(&self, id: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.get(mid).cmp(id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// What the index knows of one HTML page.
#[derive(Debug)]
struct Page {
    ids: Ids,
    /// The page's links, as numbers of interned hrefs.
    links: Box<[u32]>,
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
    /// The HTML pages, by path.
    pages: BTreeMap<String, Page>,
    /// Every other file.
    others: BTreeSet<String>,
    /// Each href's number.
    hrefs: HashMap<Box<str>, u32>,
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

    /// Records files that are copied, not rendered (the decisions' attachments: output path
    /// and source), so that links to them resolve.
    pub fn add_copies(&mut self, copies: &[(String, std::path::PathBuf)]) {
        for (path, _) in copies {
            self.add(&RenderedFile::text(path.clone(), ""));
        }
    }

    /// Adds `file` to an index that several threads fill at once: the file is read outside
    /// the lock.
    pub fn add_shared(index: &Mutex<LinkIndex>, file: &RenderedFile) {
        let scanned = ScannedFile::new(file);
        index
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(scanned);
    }

    /// Adds a file read with [`ScannedFile::new`].
    pub fn insert(&mut self, file: ScannedFile) {
        let Some((ids, hrefs)) = file.html else {
            self.pages.remove(&file.path);
            self.others.insert(file.path);
            return;
        };
        let links = hrefs.into_iter().map(|h| self.intern(h)).collect();
        self.others.remove(&file.path);
        self.pages.insert(file.path, Page { ids, links });
    }

    fn intern(&mut self, href: String) -> u32 {
        let next = self.hrefs.len() as u32;
        *self.hrefs.entry(href.into_boxed_str()).or_insert(next)
    }

    /// Is there a file at `path` (relative to the output root)?
    pub fn has_page(&self, path: &str) -> bool {
        self.pages.contains_key(path) || self.others.contains(path)
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
        if !self.has_page(&target) {
            return Some(format!("{target} does not exist"));
        }
        let anchor = anchor.filter(|a| !a.is_empty())?;
        let anchor = percent_decode(anchor);
        if self
            .pages
            .get(target.as_str())
            .is_some_and(|p| !p.ids.contains(&anchor))
        {
            return Some(format!("{target} has no element with id \"{anchor}\""));
        }
        None
    }

    /// Every broken internal link of the pages `pages` (every page when `None`), in page order.
    pub fn broken_links(&self, pages: Option<&BTreeSet<String>>) -> Vec<BrokenLink> {
        let mut hrefs = vec![""; self.hrefs.len()];
        for (href, &n) in &self.hrefs {
            hrefs[n as usize] = href;
        }
        // Pages in parallel (millions of links at scale); collected in page order.
        use rayon::prelude::*;
        self.pages
            .par_iter()
            .filter(|(page, _)| pages.is_none_or(|wanted| wanted.contains(*page)))
            .flat_map_iter(|(page, p)| {
                p.links.iter().filter_map(|&n| {
                    let href = hrefs[n as usize];
                    self.broken(page, href).map(|reason| BrokenLink {
                        page: page.clone(),
                        href: href.to_owned(),
                        reason,
                    })
                })
            })
            .collect()
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

    #[test]
    fn every_id_of_a_page_is_found_and_no_other() {
        let ids: Vec<String> = (0..300).map(|n| format!("id-{}", n * 7 % 300)).collect();
        let mut written: Vec<&str> = ids.iter().map(String::as_str).collect();
        written.extend(["id-5", "", "id-5"]);
        let set = Ids::new(written);
        assert!(ids.iter().all(|id| set.contains(id)));
        assert!(set.contains(""));
        for absent in ["id-300", "id-", "id-05", "id-2999", "z"] {
            assert!(!set.contains(absent), "{absent}");
        }
        assert!(!Ids::new(Vec::new()).contains(""));
    }

    #[test]
    fn a_page_added_again_replaces_its_ids_and_links() {
        let mut index = LinkIndex::new(&[
            page(
                "a/index.html",
                r#"<p id="old"></p><a href="../gone/">g</a>"#,
            ),
            page(
                "b/index.html",
                r#"<a href="../a/#old">o</a><a href="../a/#new">n</a>"#,
            ),
        ]);
        let hrefs = |index: &LinkIndex| -> Vec<String> {
            index
                .broken_links(None)
                .into_iter()
                .map(|b| b.href)
                .collect()
        };
        assert_eq!(hrefs(&index), ["../gone/", "../a/#new"]);
        index.add(&page("a/index.html", r#"<p id="new"></p>"#));
        assert_eq!(hrefs(&index), ["../a/#old"]);
    }
}
