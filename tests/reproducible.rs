//! Reproducible builds: the same content gives byte-identical output whatever the order in which
//! the file system lists files, the number of threads, the clock and the time zone.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::TestSite;

/// Rewrites every file under `dir` in reverse name order, so that file systems which list files
/// in creation order list them differently from the original copy.
fn recreate_in_reverse_order(dir: &Path) {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let contents: Vec<_> = files.iter().map(|f| fs::read(f).unwrap()).collect();
    fs::remove_dir_all(dir).unwrap();
    for (file, bytes) in files.iter().zip(contents).rev() {
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, bytes).unwrap();
    }
}

fn build_with(site: &TestSite, env: &[(&str, &str)]) {
    let out = Command::new(env!("CARGO_BIN_EXE_shafaf"))
        .args(["build", "--root"])
        .arg(&site.root)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn snapshot(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.public_files()
        .into_iter()
        .map(|rel| {
            let bytes = fs::read(site.root.join("public").join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let first = TestSite::example();
    build_with(
        &first,
        &[
            ("RAYON_NUM_THREADS", "1"),
            ("SOURCE_DATE_EPOCH", "0"),
            ("TZ", "UTC"),
        ],
    );

    let second = TestSite::example();
    recreate_in_reverse_order(&second.root.join("content"));
    recreate_in_reverse_order(&second.root.join("themes"));
    build_with(
        &second,
        &[
            ("RAYON_NUM_THREADS", "7"),
            ("SOURCE_DATE_EPOCH", "1893456000"),
            ("TZ", "Asia/Baghdad"),
        ],
    );

    let (a, b) = (snapshot(&first), snapshot(&second));
    assert!(a.len() > 100, "the example site has many files");
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (rel, bytes) in &a {
        assert!(bytes == &b[rel], "{rel} differs between the two builds");
    }

    // Rebuilding in place changes nothing either.
    build_with(&second, &[("RAYON_NUM_THREADS", "2")]);
    assert!(snapshot(&second) == b, "a rebuild in place is identical");
}
