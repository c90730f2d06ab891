//! Decisions that amend or repeal each other in a circle, or themselves, are errors in `check`
//! and `build` naming every link of the circle with the place it is written; the previous
//! `public/` stays. On the decisions fixture (links among dated decisions, amendments and a
//! repeal mixed) and on the water fixture given decisions adopted on one day.

mod common;

use common::{stderr, stdout, TestSite};

/// Runs `check` and `build`, asserting both fail with every `expected` text, and that
/// `public/` did not change; returns the build's message.
fn refused(site: &TestSite, expected: &[&str]) -> String {
    let before = site.public_files();
    let marker = std::fs::read(site.path("public/en/index.html")).unwrap();
    let mut last = String::new();
    for args in [&["check"][..], &["build"][..]] {
        let out = site.run(args);
        last = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!out.status.success(), "{args:?} accepted it:\n{last}");
        for e in expected {
            assert!(last.contains(e), "{args:?}: no {e:?} in\n{last}");
        }
    }
    assert_eq!(site.public_files(), before);
    assert_eq!(
        std::fs::read(site.path("public/en/index.html")).unwrap(),
        marker
    );
    last
}

#[test]
fn a_circle_of_amendments_and_repeals_names_every_link() {
    let site = TestSite::fixture("decisions");
    site.build();
    // 2013-004 amends 2013-001 already; close a circle through 2013-003, with a repeal.
    site.edit(
        "content/decisions/2013-001.md",
        "status = \"amended\"",
        "status = \"amended\"\namends = [\"2013-003\"]",
    );
    site.edit(
        "content/decisions/2013-003.md",
        "example = true",
        "example = true\nrepeals = [\"2013-004\"]",
    );
    let err = refused(
        &site,
        &["error: content/decisions/2013-001.md:13:11: these decisions amend or repeal each other in a circle: \
           2013-001 amends 2013-003 (content/decisions/2013-001.md:13:11), \
           2013-003 repeals 2013-004 (content/decisions/2013-003.md:12:12), \
           2013-004 amends 2013-001 (content/decisions/2013-004.md:12:11)",
          "remove the link that closes the circle"],
    );
    assert_eq!(
        err.matches("in a circle").count(),
        1,
        "one error per circle:\n{err}"
    );
}

fn decision(number: &str, links: &str) -> String {
    format!(
        "+++\nnumber = \"{number}\"\ntitle = \"Decision {number}\"\nadopted = 2023-10-02\n\
         published = 2023-10-04\n{links}\n+++\n\nThe board decided.\n"
    )
}

#[test]
fn decisions_of_one_day_in_a_circle_and_a_decision_changing_itself_are_errors() {
    let site = TestSite::fixture("water");
    site.build();
    // A amends B, B amends C (written on C's side), C amends A: no date can catch it.
    site.write(
        "content/decisions/2023-001.md",
        &decision("2023-001", "amends = [\"2023-002\"]"),
    );
    site.write("content/decisions/2023-002.md", &decision("2023-002", ""));
    site.write(
        "content/decisions/2023-003.md",
        &decision(
            "2023-003",
            "amended_by = [\"2023-002\"]\namends = [\"2023-001\"]",
        ),
    );
    refused(
        &site,
        &["error: content/decisions/2023-001.md:6:11: these decisions amend or repeal each other in a circle: \
           2023-001 amends 2023-002 (content/decisions/2023-001.md:6:11), \
           2023-002 amends 2023-003 (content/decisions/2023-003.md:6:15), \
           2023-003 amends 2023-001 (content/decisions/2023-003.md:7:11)"],
    );

    // A decision amending or repealing itself.
    site.write(
        "content/decisions/2023-003.md",
        &decision("2023-003", "repeals = [\"2023-003\"]"),
    );
    site.write(
        "content/decisions/2023-001.md",
        &decision("2023-001", "amends = [\"2023-001\"]"),
    );
    refused(
        &site,
        &[
            "error: content/decisions/2023-001.md:6:11: decision 2023-001 cannot name itself in `amends`",
            "error: content/decisions/2023-003.md:6:12: decision 2023-003 cannot name itself in `repeals`",
        ],
    );

    // Without the circle the site builds, and the links are published both ways.
    site.write("content/decisions/2023-001.md", &decision("2023-001", ""));
    site.write(
        "content/decisions/2023-003.md",
        &decision("2023-003", "amends = [\"2023-001\", \"2023-002\"]"),
    );
    site.build();
    let index = site.read("data/decisions.json");
    assert!(index.contains("2023-003"), "{index}");
}
