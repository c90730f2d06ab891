//! Page weight: what a reader on a slow, metered connection downloads for each page of the
//! example site — the HTML plus every stylesheet, script, SVG image and font it loads.
//! The median page must stay under 60 KB and the heaviest under 150 KB.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::TestSite;

const MEDIAN_LIMIT: u64 = 60 * 1024;
const MAX_LIMIT: u64 = 150 * 1024;
/// The path of the base URL the example is built for (the 404 pages link from it).
const BASE_PATH: &str = "/w/";

/// Values of `name="…"` attributes in `html`.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// `url(…)` references in a stylesheet (fonts, images).
fn css_urls(css: &str) -> Vec<String> {
    css.match_indices("url(")
        .filter_map(|(i, _)| {
            let rest = &css[i + 4..];
            rest.find(')')
                .map(|end| rest[..end].trim_matches(['"', '\'', ' ']).to_owned())
        })
        .filter(|u| !u.starts_with("data:"))
        .collect()
}

/// Resolves a relative URL against the file that holds it, inside `public`.
fn resolve(public: &Path, from: &Path, url: &str) -> Option<PathBuf> {
    if url.contains("://") || url.starts_with('#') || url.starts_with("mailto:") {
        return None;
    }
    let url = url.split(['#', '?']).next().unwrap_or("");
    if url.is_empty() {
        return None;
    }
    let (mut p, url) = match url.strip_prefix(BASE_PATH) {
        Some(rest) => (public.to_path_buf(), rest),
        None => (from.parent()?.to_path_buf(), url),
    };
    for part in url.split('/') {
        match part {
            ".." => {
                p.pop();
            }
            "." | "" => {}
            s => p.push(s),
        }
    }
    if p.is_dir() {
        p.push("index.html");
    }
    p.starts_with(public).then_some(p)
}

/// Bytes of a page and everything it loads to render (not the pages and files it links to).
fn page_weight(public: &Path, page: &Path) -> u64 {
    let html = std::fs::read_to_string(page).unwrap();
    let mut loaded = BTreeSet::new();
    let stylesheets = html
        .split("<link ")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .filter(|tag| tag.contains("rel=\"stylesheet\"") || tag.contains("rel=\"preload\""))
        .flat_map(|tag| attributes(tag, "href"));
    for url in stylesheets.chain(attributes(&html, "src")) {
        if let Some(p) = resolve(public, page, url) {
            loaded.insert(p);
        }
    }
    for css in loaded
        .clone()
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "css"))
    {
        let text = std::fs::read_to_string(css).unwrap_or_default();
        for url in css_urls(&text) {
            if let Some(p) = resolve(public, css, &url) {
                loaded.insert(p);
            }
        }
    }
    let mut total = html.len() as u64;
    for p in &loaded {
        let len = std::fs::metadata(p)
            .unwrap_or_else(|e| panic!("{} loads {}: {e}", page.display(), p.display()))
            .len();
        total += len;
    }
    total
}

#[test]
fn pages_are_light() {
    let s = TestSite::example();
    let out = s.run(&[
        "build",
        "--base-url",
        &format!("https://example.org{BASE_PATH}"),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let public = s.path("public");
    let mut weights: Vec<(u64, String)> = s
        .public_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| (page_weight(&public, &public.join(&f)), f))
        .collect();
    assert!(weights.len() > 100, "only {} pages", weights.len());
    weights.sort();
    let median = weights[weights.len() / 2].0;
    let (max, heaviest) = weights.last().cloned().unwrap();
    println!(
        "page weight over {} pages: median {:.1} KB, max {:.1} KB ({heaviest})",
        weights.len(),
        median as f64 / 1024.0,
        max as f64 / 1024.0
    );
    assert!(
        median < MEDIAN_LIMIT,
        "median page weight {median} B is over {MEDIAN_LIMIT} B"
    );
    assert!(
        max < MAX_LIMIT,
        "{heaviest} weighs {max} B, over {MAX_LIMIT} B"
    );
}

#[test]
fn the_search_index_is_small() {
    let s = TestSite::example();
    s.build();
    for lang in ["en", "ar", "ckb"] {
        // The full-text index's budget is what a reader downloads: 150 KB compressed.
        let raw = s.read(&format!("{lang}/search-index.json"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, raw.as_bytes()).unwrap();
        let len = gz.finish().unwrap().len();
        println!(
            "{lang}/search-index.json: {:.1} KB gzipped",
            len as f64 / 1024.0
        );
        assert!(len < 150 * 1024, "{lang} search index is {len} B gzipped");
    }
}

#[test]
fn weights_count_what_a_page_loads() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    std::fs::create_dir_all(public.join("en")).unwrap();
    std::fs::create_dir_all(public.join("assets")).unwrap();
    std::fs::write(
        public.join("assets/style.css"),
        "@font-face{src:url(\"f.woff2\")}",
    )
    .unwrap();
    std::fs::write(public.join("assets/f.woff2"), [0u8; 1000]).unwrap();
    std::fs::write(public.join("assets/s.js"), "x").unwrap();
    let html = "<link rel=\"stylesheet\" href=\"../assets/style.css\"><link rel=\"alternate\" href=\"../x/\"><a href=\"../x/\">x</a><script src=\"../assets/s.js\"></script>";
    std::fs::write(public.join("en/index.html"), html).unwrap();
    let css = "@font-face{src:url(\"f.woff2\")}".len() as u64;
    assert_eq!(
        page_weight(&public, &public.join("en/index.html")),
        html.len() as u64 + css + 1000 + 1
    );
}
