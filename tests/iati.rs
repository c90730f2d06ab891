//! The IATI export validates against the IATI 2.03 activity schema and carries the results
//! framework, funds and narratives in every language.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::TestSite;

/// The IATI activity schema in `shared/iati-schemas/` beside the repository (`../shared`; for a
/// git worktree nested deeper, the nearest ancestor folder that has `shared/`).
fn schema() -> PathBuf {
    let rel = "shared/iati-schemas/iati-activities-schema.xsd";
    common::repo()
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(rel))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("the IATI schemas must be in ../{rel}"))
}

/// Is `xmllint` installed? Outside CI a missing tool skips the test, with the reason printed;
/// in CI (`CI` set) it fails it.
fn have_xmllint() -> bool {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is required in CI (Debian package libxml2-utils)"
        );
        eprintln!("SKIPPED: xmllint is not installed (apt-get install libxml2-utils)");
    }
    found
}

fn validate(site: &TestSite) -> String {
    let file = site.path("public/data/iati-activities.xml");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema())
        .arg(&file)
        .output()
        .expect("running xmllint");
    assert!(
        out.status.success(),
        "the IATI file does not validate:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site.read("data/iati-activities.xml")
}

#[test]
fn the_example_site_exports_a_valid_iati_activity() {
    if !have_xmllint() {
        return;
    }
    let s = TestSite::example();
    s.build();
    let xml = validate(&s);
    assert!(xml.contains("<iati-activities version=\"2.03\""));
    // Dates of the programme, planned start and end.
    assert!(xml.contains("<activity-date type=\"1\" iso-date=\"2010-10-18\"/>"));
    assert!(xml.contains("<activity-date type=\"3\" iso-date=\"2013-10-17\"/>"));
    // Commitment and disbursement per organisation, dated at the period's end, in USD.
    assert!(xml.contains("default-currency=\"USD\""));
    assert!(xml.contains("<value value-date=\"2013-03-31\">5848841.07</value>"));
    assert!(xml.contains("<value value-date=\"2013-03-31\">6716550.71</value>"));
    // The totals are not transactions (they would count the money twice).
    assert!(!xml.contains(">12824814.81<"));
    // Results: every output, every indicator, figures broken down by sex.
    assert_eq!(xml.matches("<result type=\"1\">").count(), 6);
    let results = std::fs::read_to_string(s.path("content/results.toml")).unwrap();
    assert_eq!(
        xml.matches("<indicator measure=").count(),
        results.matches("[[indicators]]").count()
    );
    assert!(xml.contains("<dimension name=\"sex\" value=\"female\"/>"));
    assert!(xml.contains("<narrative xml:lang=\"ar\">"));
    assert!(xml.contains("<narrative xml:lang=\"ckb\">"));
}

#[test]
fn a_fixture_with_words_for_figures_validates_and_rebuilds_identically() {
    if !have_xmllint() {
        return;
    }
    let s = TestSite::fixture("opendata");
    s.build();
    let xml = validate(&s);
    // A target given as a word is a comment with the word's label in every language.
    assert!(
        xml.contains("<narrative xml:lang=\"ar\">نعم</narrative>"),
        "{xml}"
    );
    assert!(xml.contains("<actual value=\"468\">"));
    assert!(xml.contains("<narrative xml:lang=\"ar\">المخرج ١.١</narrative>"));
    s.build();
    assert_eq!(s.read("data/iati-activities.xml"), xml);
}
