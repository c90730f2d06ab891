//! Exports a spreadsheet or an XML parser reads stay safe whatever the content says: CSV cells
//! a spreadsheet would run are neutralised, characters XML 1.0 cannot hold are errors with
//! file:line:col, and `base_url` must be an absolute http(s) address. On the water and fourlang
//! fixtures, with real builds.

mod common;

use common::{stderr, stdout, TestSite};

/// The title of the first output in `results.toml` (the same in both fixtures' shape).
fn output_title(site: &TestSite) -> String {
    let toml = std::fs::read_to_string(site.path("content/results.toml")).unwrap();
    let line = toml
        .lines()
        .find(|l| l.starts_with("title = { en = \""))
        .unwrap();
    line["title = { en = \"".len()..]
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    for fixture in ["water", "fourlang"] {
        let site = TestSite::fixture(fixture);
        let title = output_title(&site);
        site.edit(
            "content/results.toml",
            &format!("en = \"{title}\""),
            "en = \"=HYPERLINK(\\\"http://x.example\\\",\\\"click\\\")\"",
        );
        site.build();
        let labels = site.read("data/labels.en.csv");
        assert!(
            labels.contains(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\""),
            "{fixture}: {labels}"
        );
        assert!(!labels.contains(",=HYPERLINK"), "{fixture}");
        assert!(!labels.contains(",\"=HYPERLINK"), "{fixture}");
    }
}

#[test]
fn characters_xml_cannot_hold_and_bad_base_urls_are_errors_with_a_position() {
    for fixture in ["water", "fourlang"] {
        let site = TestSite::fixture(fixture);
        site.build();
        let before = site.public_files();
        let toml = std::fs::read_to_string(site.path("content/site.toml")).unwrap();
        let title_line = toml.lines().position(|l| l.starts_with("title")).unwrap() + 1;
        let url_line = toml
            .lines()
            .position(|l| l.starts_with("base_url"))
            .unwrap()
            + 1;
        site.edit(
            "content/site.toml",
            "title = { en = \"",
            "title = { en = \"\u{FFFE}",
        );
        let out = site.run(&["check"]);
        assert!(!out.status.success());
        assert!(
            stdout(&out).contains(&format!("error: content/site.toml:{title_line}:")),
            "{fixture}: {}",
            stdout(&out)
        );
        site.edit("content/site.toml", "\u{FFFE}", "");
        for bad in [
            "https://example.org/\\nDisallow: /",
            "https://example.org/a b/",
            "https://example.org/?q=1",
            "ftp://example.org/",
            "/relative/",
        ] {
            let edited = toml
                .lines()
                .map(|l| {
                    if l.starts_with("base_url") {
                        format!("base_url = \"{bad}\"")
                    } else {
                        l.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            site.write("content/site.toml", &edited);
            for args in [&["check"][..], &["build"][..]] {
                let out = site.run(args);
                let text = format!("{}{}", stdout(&out), stderr(&out));
                assert!(!out.status.success(), "{fixture} {args:?}: {bad} accepted");
                assert!(
                    text.contains(&format!("error: content/site.toml:{url_line}:")),
                    "{fixture} {args:?} {bad}: {text}"
                );
            }
        }
        assert_eq!(site.public_files(), before, "{fixture}: public/ changed");
        assert!(!site.read("robots.txt").contains("Disallow: /\n"));
    }
}
