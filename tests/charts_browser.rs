//! Charts in Chromium: builds the example site and runs `tests/browser/charts.mjs`, which measures
//! where the browser places each chart label (mirrored in Arabic and Sorani, inside the chart) and
//! saves a screenshot of one chart page per language under `tests/browser/screenshots/`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in `tests/browser` (`scripts/test` runs it); without them
//! the test is skipped locally and fails in CI.

mod common;

use std::path::Path;
use std::process::Command;

use common::{repo, TestSite};

#[test]
fn chart_labels_are_mirrored_in_right_to_left_languages() {
    let browser_dir = repo().join("tests/browser");
    let ready = browser_dir.join("node_modules/playwright-core").is_dir()
        && Path::new("/usr/bin/chromium").exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium and tests/browser/node_modules for the chart browser test"
        );
        eprintln!("skipped: install chromium and run `npm ci` in tests/browser");
        return;
    }
    let site = TestSite::example();
    site.build();
    let out = Command::new("node")
        .arg(browser_dir.join("charts.mjs"))
        .arg(site.path("public"))
        .arg(browser_dir.join("screenshots"))
        .current_dir(&browser_dir)
        .output()
        .expect("running node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    for lang in ["en", "ar", "ckb"] {
        assert!(browser_dir
            .join(format!("screenshots/history-2.1.7-{lang}.png"))
            .is_file());
    }
}
