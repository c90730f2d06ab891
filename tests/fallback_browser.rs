//! A language configured only in `site.toml` (Syriac, right to left, without interface strings)
//! in Chromium: builds `tests/fixtures/fourlang` (en, ar, ckb, syr) with the built-in theme and
//! runs `tests/browser/fallback.mjs`, which checks that every English string shown on the Syriac
//! pages carries `lang="en"` and is laid out left to right, never reordered inside the
//! right-to-left flow.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in `tests/browser`; skipped locally without them,
//! failing in CI.

mod common;

use common::TestSite;

#[test]
fn fallback_strings_on_a_configured_rtl_language_are_marked_ltr() {
    let site = TestSite::fixture_alone("fourlang");
    let Some(screenshots) = common::run_browser_check_on(&site, "fallback.mjs") else {
        return;
    };
    assert!(screenshots.join("fallback-homesyr.png").is_file());
}
