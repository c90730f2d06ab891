//! Browser tests: the example site served over HTTP on loopback, checked in headless Chromium
//! with axe-core (WCAG 2.1 A/AA) and keyboard use (`tests/browser/a11y.mjs`), and the search
//! script's folding checked against the Rust side (`tests/browser/search.test.mjs`).
//!
//! They need `node`, Debian's `/usr/bin/chromium` and `npm ci` in `tests/browser/` (scripts/test
//! runs it). Outside CI a missing tool skips them with the reason printed; in CI (`CI` set) a
//! missing tool fails them.

mod common;
#[path = "common/http.rs"]
mod http;

use std::path::Path;
use std::process::Command;

use common::{repo, TestSite};

/// Is everything the browser tests need installed? Prints why not, and fails in CI.
fn tools(need_browser: bool) -> bool {
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node");
    }
    if need_browser {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        if !Path::new(&chromium).exists() {
            missing.push("chromium (Debian package)");
        }
        for module in ["playwright-core", "axe-core"] {
            if !repo()
                .join("tests/browser/node_modules")
                .join(module)
                .is_dir()
            {
                missing.push("tests/browser/node_modules (run `npm ci` in tests/browser)");
                break;
            }
        }
    }
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the browser tests need {} in CI",
        missing.join(", ")
    );
    eprintln!("SKIPPED: {} not installed", missing.join(", "));
    false
}

fn run_node(args: &[&str]) -> (bool, String) {
    let out = Command::new("node")
        .current_dir(repo().join("tests/browser"))
        .args(args)
        .output()
        .expect("running node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// One page of each type, in every language.
fn page_paths() -> Vec<String> {
    let mut paths = vec![String::new()];
    for lang in ["en", "ar", "ckb"] {
        for route in [
            "",
            "results/",
            "outputs/1.1/",
            "indicators/1.1.9/",
            "indicators/3.1.1/",
            "funds/",
            "beneficiaries/",
            "periods/",
            "periods/2013-Q1/",
            "about/",
            "data/",
            "search/",
            "404.html",
        ] {
            paths.push(format!("{lang}/{route}"));
        }
    }
    paths
}

#[test]
fn every_page_type_is_accessible_in_every_language() {
    if !tools(true) {
        return;
    }
    let site = TestSite::example();
    let out = site.run(&["build", "--base-url", "https://example.org/shafaf/"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    // Served under the example's base path, so that the 404 pages' root-relative links work.
    let server = http::Server::start(&site.path("public"), "/shafaf/");
    let base = format!("{}/shafaf/", server.origin());
    let paths = page_paths();
    for p in &paths {
        let (status, _) = http::get(&format!("{base}{p}"));
        assert_eq!(status, 200, "{p} is not served");
    }
    let mut args = vec!["a11y.mjs", base.as_str()];
    args.extend(paths.iter().map(String::as_str));
    let (ok, out) = run_node(&args);
    println!("{out}");
    assert!(ok, "accessibility problems:\n{out}");
}

#[test]
fn the_search_script_folds_like_the_index() {
    if !tools(false) {
        return;
    }
    let site = TestSite::fixture("opendata");
    site.build();
    let samples = [
        "أإآٱ",
        "المفوضية",
        "مستوى",
        "الْمُفَوَّضِيَّةُ",
        "انتـــخابات",
        "١٫١٫٩",
        "۱۲۳",
        "٥٦٪",
        "کۆمیسیۆنی باڵای سەربەخۆی هەڵبژاردنەکان",
        "ھەولێر",
        "  Voter   REGISTRATION ",
        "Indicator 1.1.9 — Number of personnel",
        "نعم",
        "زن\u{200C}ها",
    ];
    let cases: Vec<(String, String)> = samples
        .iter()
        .map(|s| ((*s).to_owned(), shafaf::render::search::normalize(s)))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let cases_path = dir.path().join("cases.json");
    std::fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
    let script = site.path("public/assets/search.js");
    let index = site.path("public/ar/search-index.json");
    let (ok, out) = run_node(&[
        "search.test.mjs",
        &script.to_string_lossy(),
        &index.to_string_lossy(),
        &cases_path.to_string_lossy(),
    ]);
    assert!(ok, "search.js and the Rust index fold differently:\n{out}");
}
