//! Right-to-left layout in Chromium: builds the example site and runs `tests/browser/rtl.mjs`,
//! which opens the home page and an indicator page in en, ar and ckb at phone width (390 px),
//! checks that ar and ckb are right-to-left documents whose navigation, tables, progress bars and
//! arrows mirror the English layout, and saves screenshots under `tests/browser/screenshots/`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in `tests/browser` (`scripts/test` runs it); without them
//! the test is skipped locally and fails in CI.

mod common;

#[test]
fn arabic_and_sorani_layouts_mirror_at_phone_width() {
    let Some(screenshots) = common::run_browser_check("rtl.mjs") else {
        return;
    };
    for lang in ["ar", "ckb"] {
        for page in ["home", "indicator"] {
            assert!(screenshots.join(format!("rtl-{page}-{lang}.png")).is_file());
        }
    }
}
