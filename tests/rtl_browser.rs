//! Right-to-left layout in Chromium: builds the example site and runs `tests/browser/rtl.mjs`,
//! which opens the home page and an indicator page in en, ar and ckb at phone width (390 px),
//! checks that ar and ckb are right-to-left documents whose navigation, tables, progress bars and
//! arrows mirror the English layout, and saves screenshots under `tests/browser/screenshots/`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in `tests/browser` (`scripts/test` runs it); without them
//! the test is skipped locally and fails in CI.

mod common;

use std::path::Path;
use std::process::Command;

use common::{repo, TestSite};

#[test]
fn arabic_and_sorani_layouts_mirror_at_phone_width() {
    let browser_dir = repo().join("tests/browser");
    let ready = browser_dir.join("node_modules/playwright-core").is_dir()
        && Path::new("/usr/bin/chromium").exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium and tests/browser/node_modules for the right-to-left browser test"
        );
        eprintln!("skipped: install chromium and run `npm ci` in tests/browser");
        return;
    }
    let site = TestSite::example();
    site.build();
    let out = Command::new("node")
        .arg(browser_dir.join("rtl.mjs"))
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
    for lang in ["ar", "ckb"] {
        for page in ["home", "indicator"] {
            assert!(browser_dir
                .join(format!("screenshots/rtl-{page}-{lang}.png"))
                .is_file());
        }
    }
}
