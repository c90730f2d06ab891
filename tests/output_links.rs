//! Real builds beside links: a hard-linked snapshot of `public/` (`cp -al`) is never modified,
//! a symbolic link given as `--output` has the folder it points to updated, and links planted
//! in the recycled build or in a staging-like folder are never written through. On the minimal
//! and water fixtures.

#![cfg(unix)]

mod common;

use std::fs;
use std::path::Path;

use common::TestSite;

/// `cp -al from to`.
fn hard_link_copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().map(|e| e.unwrap()) {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::hard_link(e.path(), &target).unwrap();
        }
    }
}

fn build_to(site: &TestSite, output: &Path) {
    let out = site.run(&["build", "--output", output.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
}

#[test]
fn a_hard_linked_snapshot_of_public_is_never_modified() {
    for (fixture, from) in [("minimal", "Minimal"), ("water", "Water services")] {
        let site = TestSite::fixture(fixture);
        site.build().build();
        let snap = site.path("snapshot");
        hard_link_copy(&site.path("public"), &snap);
        let kept = common::files_under(&snap);
        for to in ["Second", "Third", "Fourth"] {
            site.edit("content/site.toml", from, to);
            site.build();
            assert!(site.read("en/index.html").contains(to), "{fixture}");
            site.edit("content/site.toml", to, from);
        }
        assert!(
            common::files_under(&snap) == kept,
            "{fixture}: the snapshot changed"
        );
    }
}

#[test]
fn a_linked_output_updates_the_folder_it_points_to() {
    for (fixture, from) in [("minimal", "Minimal"), ("water", "Water services")] {
        let site = TestSite::fixture(fixture);
        let webroot = site.path("srv/www");
        fs::create_dir_all(&webroot).unwrap();
        let link = site.path("current");
        std::os::unix::fs::symlink(&webroot, &link).unwrap();
        for to in ["Second", "Third", "Fourth"] {
            site.edit("content/site.toml", from, to);
            build_to(&site, &link);
            assert!(fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink());
            let page = fs::read_to_string(webroot.join("en/index.html")).unwrap();
            assert!(page.contains(to), "{fixture}: the web root was not updated");
            assert!(webroot.join(".shafaf-output").is_file());
            site.edit("content/site.toml", to, from);
        }
    }
}

#[test]
fn links_planted_beside_the_output_are_never_written_through() {
    for fixture in ["minimal", "water"] {
        let site = TestSite::fixture(fixture);
        site.build().build();
        let elsewhere = site.path("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        // The recycled build, and a folder named like a staging folder, hold links.
        let spare = site.path(".public.shafaf-spare");
        fs::remove_dir_all(spare.join("en")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, spare.join("en")).unwrap();
        let planted = site.path(".public.shafaf-tmp-0000000000000000");
        fs::create_dir_all(&planted).unwrap();
        std::os::unix::fs::symlink(&elsewhere, planted.join("ar")).unwrap();
        site.build();
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "{fixture}");
        let en = site.path("public/en");
        assert!(fs::symlink_metadata(&en).unwrap().file_type().is_dir());
        assert!(en.join("index.html").is_file());
    }
}
