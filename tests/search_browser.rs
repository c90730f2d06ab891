//! Search over a sharded index in Chromium (`tests/browser/shards.mjs`): on a site of 600 pages
//! of prose, whose index comes in several files, the search page finds a page from the last
//! shard and marks the match, though the search page's own list (on several pages) does not
//! hold it.
//!
//! Needs `node`, `/usr/bin/chromium` and `npm ci` in `tests/browser`; without them the test is
//! skipped locally and fails in CI.

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
        && Path::new("/usr/bin/chromium").exists()
        && Command::new("node").arg("--version").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs node, chromium and tests/browser/node_modules for the search test"
        );
        eprintln!("SKIPPED: install chromium and node, and run `npm ci` in tests/browser");
    }
    ok
}

#[test]
fn the_search_page_finds_pages_in_later_shards() {
    if !ready() {
        return;
    }
    let site = TestSite::fixture("rtl");
    for n in 0..600 {
        site.write(
            &format!("content/pages/report-{n}.md"),
            &format!(
                "+++\ntitle = \"Field report {n}\"\n+++\nPolling stations opened on time; observers \
                 noted finding-{n} in every governorate.\n"
            ),
        );
    }
    let out = site.run(&["build", "--base-url", "https://example.org/shafaf/"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let list = site.read("en/search/index.html");
    // The no-JavaScript list is on several pages; the page searched for is on the third.
    assert!(!list.contains("data-u=\"report-599/\""));
    assert!(site
        .read("en/search/page/3/index.html")
        .contains("data-u=\"report-599/\""));
    let first = site.read("en/search-index.json");
    assert!(
        !first.contains("finding-599"),
        "the last page is in a later shard"
    );
    let server = http::Server::start(&site.path("public"), "/shafaf/");
    let base = format!("{}/shafaf/", server.origin());
    let out = Command::new("node")
        .current_dir(repo().join("tests/browser"))
        .args(["shards.mjs", &base, "FINDING-599", "report-599/"])
        .output()
        .expect("running node");
    let text = format!("{}{}", common::stdout(&out), common::stderr(&out));
    assert!(out.status.success(), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
}
