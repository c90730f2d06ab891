//! Checks the links editors write in Markdown (narratives and pages) against the rendered site,
//! and reports a broken one at the line and column of the Markdown file it was written in.
//!
//! [`super::links`] finds every broken link in the output, but can only name the rendered page;
//! an editor needs the source file. A narrative is shown on several pages (its period, its output
//! or its indicator) and, untranslated, in every language: its links are checked on each.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::links::LinkIndex;
use super::pages::route::Route;
use crate::diagnostic::Diagnostic;
use crate::model::{MarkdownDoc, Site, Translations};

/// A broken link found in a Markdown file.
#[derive(Debug, Clone)]
pub struct SourceLink {
    /// The problem, at the link's position in its Markdown file.
    pub diagnostic: Diagnostic,
    /// The rendered pages where the link is broken, with the link as written, so that the
    /// rendered-output check does not report it a second time.
    pub pages: Vec<(String, String)>,
}

/// One relative link in a Markdown body: its destination and byte offset in the body.
fn relative_links(body: &str) -> Vec<(String, usize)> {
    // Every form of link or image has a `]`, but autolinks (`<…>`): a body with neither has none
    // (most narratives), and is not parsed again.
    if memchr::memchr2(b']', b'<', body.as_bytes()).is_none() {
        return Vec::new();
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if dest.is_empty() || dest.contains(':') || dest.starts_with("//") {
            continue;
        }
        let source = &body[range.clone()];
        let at = source
            .find(&format!("]({dest}"))
            .map_or(range.start, |i| range.start + i + 2);
        out.push((dest.into_string(), at));
    }
    out
}

/// The pages (paths under the output root) showing a document in language `lang`.
fn hosts<'a>(site: &'a Site, lang: &str) -> Vec<(&'a Translations, Vec<String>)> {
    let mut out = Vec::new();
    for page in &site.pages {
        let route = Route::Document(page.slug.clone());
        out.push((&page.text, route.paths(lang, "")));
    }
    for period in &site.periods {
        for n in &period.narratives {
            let pages = Route::showing(n, &period.id)
                .iter()
                .flat_map(|route| route.paths(lang, ""))
                .collect();
            out.push((&n.text, pages));
        }
    }
    out
}

/// Every broken relative link written in the site's Markdown, one diagnostic per link.
pub fn check_source_links(site: &Site, index: &LinkIndex) -> Vec<SourceLink> {
    let default = &site.config.default_language;
    let mut found: Vec<SourceLink> = Vec::new();
    let mut seen: BTreeMap<(PathBuf, usize), usize> = BTreeMap::new();
    for lang in &site.config.languages {
        for (text, pages) in hosts(site, &lang.code) {
            let Some((doc, _)) = text.resolve(&lang.code, default) else {
                continue;
            };
            let links = relative_links(&doc.body);
            if links.is_empty() {
                continue;
            }
            let Some((body_offset, whole)) = body_offset(site, doc) else {
                continue;
            };
            for (href, at) in links {
                for page in pages.iter().filter(|p| index.has_page(p)) {
                    let Some(reason) = index.broken(page, &href) else {
                        continue;
                    };
                    let n = *seen
                        .entry((doc.file.clone(), body_offset + at))
                        .or_insert_with(|| {
                            found.push(SourceLink {
                                diagnostic: Diagnostic::error(
                                    &doc.file,
                                    format!("the link `{href}` leads nowhere: {reason}"),
                                )
                                .at(&whole, body_offset + at)
                                .with_hint(hint(&href, page)),
                                pages: Vec::new(),
                            });
                            found.len() - 1
                        });
                    found[n].pages.push(((*page).clone(), href.clone()));
                }
            }
        }
    }
    found
}

/// Where the body starts in the document's file, and the file's text (read again for positions).
fn body_offset(site: &Site, doc: &MarkdownDoc) -> Option<(usize, String)> {
    let text = std::fs::read_to_string(site.root.join(&doc.file)).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
    text.ends_with(&doc.body)
        .then(|| (text.len() - doc.body.len(), text))
}

/// Advice for a broken link: pages are linked by address, relative to the page showing the link.
fn hint(href: &str, page: &str) -> String {
    let depth = page.matches('/').count().saturating_sub(1);
    let up = "../".repeat(depth);
    let file = href
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    match file.strip_suffix(".md") {
        Some(stem) => {
            let name = stem.rsplit('/').next().unwrap_or(stem);
            let name = name.split('.').next().unwrap_or(name);
            format!("link to the page's address, not its file: from this page, `{up}{name}/`")
        }
        None => format!(
            "links are relative to the page's address ({}): from here the results page is `{up}results/`",
            page.trim_end_matches("index.html")
        ),
    }
}

/// Every broken internal link of the rendered site as diagnostics, the same for `build`, `check`
/// and `serve`: links written in Markdown at their source file's line and column, the others
/// at the rendered page. Every one is an error.
pub fn diagnostics(site: &Site, index: &LinkIndex) -> Vec<Diagnostic> {
    let source = check_source_links(site, index);
    let reported: BTreeSet<(String, String)> = source
        .iter()
        .flat_map(|s| s.pages.iter().cloned())
        .collect();
    let mut out: Vec<Diagnostic> = source.into_iter().map(|s| s.diagnostic).collect();
    for b in index.broken_links(None) {
        if reported.contains(&(b.page.clone(), b.href.clone())) {
            continue;
        }
        out.push(
            Diagnostic::error(
                format!("(rendered) {}", b.page),
                format!("the link `{}` leads nowhere: {}", b.href, b.reason),
            )
            .with_hint("fix the link in the Markdown or template that produces this page"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_markdown_files_are_told_the_page_address() {
        assert_eq!(
            hint("../pages/methodology.ar.md", "ar/about/index.html"),
            "link to the page's address, not its file: from this page, `../methodology/`"
        );
        assert!(hint("../resultz/", "en/about/index.html").contains("`../results/`"));
    }

    #[test]
    fn finds_relative_links_and_their_offsets() {
        let body = "See [results](../../results/) and [UN](https://un.org) ![c](chart.svg).\n";
        let links = relative_links(body);
        assert_eq!(
            links,
            vec![
                ("../../results/".to_owned(), body.find("../../").unwrap()),
                ("chart.svg".to_owned(), body.find("chart").unwrap()),
            ]
        );
    }
}
