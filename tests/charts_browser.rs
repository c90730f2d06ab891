//! Charts in Chromium: builds the example site and runs `tests/browser/charts.mjs`, which measures
//! where the browser places each chart's text and bars at 360 and 1280 px (mirrored in Arabic and
//! Sorani, inside the chart, overlapping nothing, as large on a phone as on a desktop) and saves
//! screenshots of the charts per language and width under `tests/browser/screenshots/`.
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
        for width in [360, 1280] {
            for chart in ["indicators-2-1-7", "outputs-1-1"] {
                let shot = format!("chart-{chart}-{lang}-{width}.png");
                assert!(screenshots.join(&shot).is_file(), "no screenshot {shot}");
            }
        }
    }
}
