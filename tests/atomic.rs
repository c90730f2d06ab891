//! A build killed at any moment leaves the previous `public/` whole, and the next build leaves
//! no temporary folders behind.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::TestSite;

#[cfg(unix)]
#[test]
fn killing_a_build_at_any_moment_keeps_a_whole_site() {
    let site = TestSite::example();
    site.build();
    let before = site.read("en/indicators/1.1.9/index.html");
    // Make the next build differ, so a half-written mix would show.
    site.edit(
        "content/results.toml",
        "Number of personnel (male/female), representatives",
        "NUMBER of personnel (male/female), representatives",
    );
    for delay_ms in [0u64, 2, 5, 10, 20, 30, 45, 60, 80, 110, 150, 200] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shafaf"))
            .args(["build", "--root"])
            .arg(&site.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let page = std::fs::read_to_string(site.root.join("public/en/indicators/1.1.9/index.html"))
            .or_else(|_| {
                // Killed between the two renames: the next build restores the previous site.
                site.build();
                std::fs::read_to_string(site.root.join("public/en/indicators/1.1.9/index.html"))
            })
            .unwrap();
        assert!(
            page == before || page.contains("NUMBER of personnel"),
            "after a kill at {delay_ms} ms the page is neither the old nor the new one"
        );
        assert!(site.root.join("public/.shafaf-output").is_file());
        assert!(site.root.join("public/en/index.html").is_file());
    }
    site.build();
    let strays: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("shafaf-") && !n.ends_with("shafaf-spare"))
        .collect();
    assert!(
        strays.is_empty(),
        "temporary folders left behind: {strays:?}"
    );
    assert!(site
        .read("en/indicators/1.1.9/index.html")
        .contains("NUMBER of personnel"));
}
