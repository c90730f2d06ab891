//! Page names that would collide with built-in pages and files, or with each other once
//! normalized, are errors in `check`, `build` and `new`, naming the files; the previous
//! `public/` is left alone.

mod common;

use common::{stderr, stdout, TestSite};

const PAGE: &str = "+++\ntitle = \"Colliding\"\n+++\n\nText.\n";

fn refused(site: &TestSite, file: &str, expect: &[&str]) {
    site.build();
    let before = site.public_files();
    site.write(file, PAGE);
    for args in [&["check", "--deny-warnings"][..], &["build"][..]] {
        let out = site.run(args);
        let err = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!out.status.success(), "{args:?} {file} accepted:\n{err}");
        for e in expect {
            assert!(err.contains(e), "{args:?} {file}: no {e:?} in\n{err}");
        }
    }
    assert_eq!(site.public_files(), before, "{file}: public/ changed");
    std::fs::remove_file(site.path(file)).unwrap();
}

#[test]
fn pages_named_like_built_in_pages_and_files_are_errors() {
    for fixture in ["minimal", "rtl"] {
        let site = TestSite::fixture(fixture);
        for (file, name) in [
            ("content/pages/404.md", "404"),
            ("content/pages/index.html.md", "index.html"),
            ("content/pages/Search.md", "Search"),
            ("content/pages/decisions.md", "decisions"),
        ] {
            refused(
                &site,
                file,
                &[
                    file,
                    &format!("the page name `{name}` is taken by a built-in page"),
                ],
            );
        }
    }
}

#[test]
fn two_page_names_equal_once_normalized_are_an_error_naming_both() {
    for fixture in ["minimal", "rtl"] {
        let site = TestSite::fixture(fixture);
        site.write("content/pages/caf\u{e9}.md", PAGE);
        refused(
            &site,
            "content/pages/cafe\u{301}.md",
            &[
                "content/pages/caf\u{e9}.md",
                "content/pages/cafe\u{301}.md",
                "would be one page",
            ],
        );
    }
}

#[test]
fn new_refuses_reserved_page_names() {
    let site = TestSite::fixture("minimal");
    for name in [
        "404",
        "404.html",
        "index.html",
        "INDEX",
        "sitemap.xml",
        "search",
    ] {
        let out = site.run(&["new", "page", name]);
        assert!(!out.status.success(), "new page {name} accepted");
        assert!(
            stderr(&out).contains("taken by a built-in page"),
            "{}",
            stderr(&out)
        );
        assert!(!site.path(&format!("content/pages/{name}.md")).exists());
    }
    assert!(site.run(&["new", "page", "history"]).status.success());
}
