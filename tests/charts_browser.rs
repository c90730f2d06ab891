//! Charts in Chromium: builds the example site and runs `tests/browser/charts.mjs`, which measures
//! where the browser places each chart label (mirrored in Arabic and Sorani, inside the chart) and
//! saves a screenshot of one chart page per language under `tests/browser/screenshots/`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in `tests/browser` (`scripts/test` runs it); without them
//! the test is skipped locally and fails in CI.

mod common;

#[test]
fn chart_labels_are_mirrored_in_right_to_left_languages() {
    let Some(screenshots) = common::run_browser_check("charts.mjs") else {
        return;
    };
    for lang in ["en", "ar", "ckb"] {
        assert!(screenshots
            .join(format!("history-2.1.7-{lang}.png"))
            .is_file());
    }
}
