//! Phones, in Chromium: every page of a built site at 320 and 390 px wide must not scroll
//! sideways, must be axe-clean (WCAG 2.1 A/AA) at 390 px, and must cause no CSP violation or
//! script error, and chart text of 12 px or more at 360 px (`tests/browser/phone.mjs`). Run over the example site, whose home, an indicator,
//! the funds page and a decision are saved as screenshots at 390 px in en, ar and ckb
//! (`tests/browser/screenshots/phone-*.png`), and over the right-to-left fixture.
//!
//! Needs `node`, `/usr/bin/chromium` and `npm ci` in `tests/browser` (`scripts/test` runs it);
//! without them the test is skipped locally and fails in CI.

mod common;
#[path = "common/http.rs"]
mod http;

use std::path::Path;
use std::process::Command;

use common::{repo, TestSite};

fn ready() -> bool {
    let ok = repo()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
        && repo().join("tests/browser/node_modules/axe-core").is_dir()
        && Path::new("/usr/bin/chromium").exists()
        && Command::new("node").arg("--version").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs node, chromium and tests/browser/node_modules for the phone tests"
        );
        eprintln!("SKIPPED: install chromium and node, and run `npm ci` in tests/browser");
    }
    ok
}

/// Builds `site` under a sub-path, serves it on loopback and runs phone.mjs over every page.
fn check_every_page(site: &TestSite, shots: &[&str]) -> String {
    let out = site.run(&["build", "--base-url", "https://example.org/shafaf/"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let server = http::Server::start(&site.path("public"), "/shafaf/");
    let base = format!("{}/shafaf/", server.origin());
    let browser_dir = repo().join("tests/browser");
    let out = Command::new("node")
        .current_dir(&browser_dir)
        .arg("phone.mjs")
        .arg(&base)
        .arg(site.path("public"))
        .arg(browser_dir.join("screenshots"))
        .arg(shots.join(","))
        .output()
        .expect("running node");
    let text = format!("{}{}", common::stdout(&out), common::stderr(&out));
    println!("{text}");
    assert!(out.status.success(), "phone checks failed:\n{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
    assert!(
        text.contains("overflowing at 320 px: 0, at 390 px: 0"),
        "{text}"
    );
    text
}

/// The smallest chart text at 360 px that phone.mjs printed, in CSS px (none without charts).
fn smallest_chart_text(text: &str) -> Option<f64> {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("smallest chart text at 360 px: "))
        .unwrap_or_else(|| panic!("phone.mjs printed no chart text size: {text}"));
    line.split(' ').next().and_then(|n| n.parse().ok())
}

#[test]
fn every_example_page_fits_a_phone_in_every_language() {
    if !ready() {
        return;
    }
    let site = TestSite::example();
    let mut shots = Vec::new();
    for lang in ["en", "ar", "ckb"] {
        for route in ["", "indicators/1.1.9/", "funds/", "decisions/2013-003/"] {
            shots.push(format!("{lang}/{route}"));
        }
    }
    let shots: Vec<&str> = shots.iter().map(String::as_str).collect();
    let text = check_every_page(&site, &shots);
    assert!(text.contains(" pages;"), "{text}");
    let smallest = smallest_chart_text(&text).expect("the example has charts");
    assert!(smallest >= 12.0, "chart text at {smallest} px at 360 px");
    eprintln!("smallest chart text at 360 px: {smallest} px");
    let dir = repo().join("tests/browser/screenshots");
    for name in [
        "en",
        "ar",
        "ckb",
        "ar-funds",
        "ckb-indicators-1-1-9",
        "en-decisions-2013-003",
    ] {
        assert!(
            dir.join(format!("phone-{name}.png")).is_file(),
            "no screenshot {name}"
        );
    }
}

#[test]
fn every_page_of_a_right_to_left_site_fits_a_phone() {
    if !ready() {
        return;
    }
    let text = check_every_page(&TestSite::fixture("rtl"), &[]);
    if let Some(smallest) = smallest_chart_text(&text) {
        assert!(smallest >= 12.0, "chart text at {smallest} px at 360 px");
    }
}
