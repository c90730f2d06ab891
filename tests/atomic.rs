//! A build killed at any moment leaves the previous `public/` whole, and the next build leaves
//! no temporary folders behind.

mod common;

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
        let mut child = site.spawn(&["build"], &[]);
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
        .filter(|n| {
            n.contains("shafaf-") && !n.ends_with("shafaf-spare") && !n.ends_with("shafaf-lock")
        })
        .collect();
    assert!(
        strays.is_empty(),
        "temporary folders left behind: {strays:?}"
    );
    assert!(site
        .read("en/indicators/1.1.9/index.html")
        .contains("NUMBER of personnel"));
}

/// Names beside the output that a finished build must not leave (all but the spare and lock).
fn strays(root: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("shafaf-") && !n.ends_with("shafaf-spare") && !n.ends_with("shafaf-lock")
        })
        .collect()
}

fn two_builds_at_once(site: &TestSite, rounds: usize) {
    site.build();
    let whole = common::files_under(&site.root.join("public"));
    for round in 0..rounds {
        let (a, b) = (site.spawn(&["build"], &[]), site.spawn(&["build"], &[]));
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            common::files_under(&site.root.join("public")) == whole,
            "round {round}: the output is not the whole site"
        );
        assert_eq!(strays(&site.root), Vec::<String>::new(), "round {round}");
    }
}

#[test]
fn two_builds_into_one_folder_at_once_always_leave_the_whole_site() {
    two_builds_at_once(&TestSite::fixture("minimal"), 20);
    two_builds_at_once(&TestSite::fixture("decisions"), 5);
}

/// Starts a build that stops at `point` of its swap (the debug-build fault-injection switch),
/// waits until it is there and kills it with SIGKILL.
#[cfg(unix)]
fn kill_build_at(site: &TestSite, point: &str, swap: &str) {
    use std::io::{BufRead, BufReader};
    let mut child = site.spawn(
        &["build"],
        &[
            ("SHAFAF_DEBUG_PAUSE", point.as_ref()),
            ("SHAFAF_DEBUG_SWAP", swap.as_ref()),
        ],
    );
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let reached = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l == format!("shafaf debug: paused at {point}"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reached, "the build never reached {point}");
}

#[cfg(unix)]
fn killed_during_the_swap(site: &TestSite, page: &str, from: (&str, &str), to: &str) {
    site.build();
    let old = common::files_under(&site.root.join("public"));
    site.edit(from.0, from.1, to);
    site.build();
    let new = common::files_under(&site.root.join("public"));
    site.edit(from.0, to, from.1);
    assert_ne!(old, new);
    // With the atomic exchange the output is whole, old or new, at every instant.
    for point in ["before-swap", "after-exchange"] {
        kill_build_at(site, point, "exchange");
        let now = common::files_under(&site.root.join("public"));
        assert!(
            now == old || now == new,
            "killed at {point}: not a whole site"
        );
        site.build();
        assert!(site.read(page).contains(from.1), "{point}");
        assert_eq!(strays(&site.root), Vec::<String>::new(), "{point}");
    }
    // Where only two renames exist, a kill between them leaves the previous site aside,
    // whole, and the next build puts it back before building.
    site.edit(from.0, from.1, to);
    kill_build_at(site, "between-renames", "rename");
    let aside: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains(".shafaf-old-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        common::files_under(&aside[0]) == old,
        "the previous site is whole beside the output"
    );
    site.build();
    assert!(site.read(page).contains(to));
    assert_eq!(strays(&site.root), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_each_instant_of_the_swap_loses_nothing() {
    killed_during_the_swap(
        &TestSite::fixture("minimal"),
        "en/index.html",
        ("content/site.toml", "Minimal"),
        "Tiny",
    );
    killed_during_the_swap(
        &TestSite::fixture("decisions"),
        "en/index.html",
        ("content/site.toml", "Minimal"),
        "Decisions",
    );
}
