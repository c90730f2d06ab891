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
    assert!(xml.contains("<narrative xml:lang=\"ku\">"));
    assert!(!xml.contains("xml:lang=\"ckb\""));
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

/// The Python with pyIATI (PyPI `pyIATI`: the IATI 2.03 codelists and standard ruleset) that
/// `tests/iati_rules/validate.py` runs with: `SHAFAF_IATI_PYTHON`, else `python3`. Outside CI a
/// missing pyIATI skips the test, with the reason printed; in CI it fails it.
fn iati_python() -> Option<String> {
    let python = std::env::var("SHAFAF_IATI_PYTHON").unwrap_or_else(|_| "python3".into());
    let found = Command::new(&python)
        .args(["-c", "import iati.validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "pyIATI is required in CI: .ci/run installs it (SHAFAF_IATI_PYTHON={python})"
        );
        eprintln!("SKIPPED: pyIATI is not installed (see .ci/run)");
        return None;
    }
    Some(python)
}

/// Checks the built IATI file against the IATI 2.03 codelists, the standard ruleset and the
/// IATI Validator's rules that the ruleset lacks: it must have no error.
fn check_rules(python: &str, site: &TestSite) {
    let out = Command::new(python)
        .arg(common::repo().join("tests/iati_rules/validate.py"))
        .arg(site.path("public/data/iati-activities.xml"))
        .output()
        .expect("running validate.py");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.trim_end().ends_with("\n0 errors")
            || report.trim() == "0 errors",
        "the IATI file breaks the codelists or rules:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sum of the transactions of each type per receiving organisation (its first narrative;
/// `-` where there is no receiver, that is the reporting organisation's own).
fn transaction_sums(xml: &str) -> std::collections::BTreeMap<(String, String), f64> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut sums = std::collections::BTreeMap::new();
    for tx in doc.descendants().filter(|n| n.has_tag_name("transaction")) {
        let child = |name: &str| tx.children().find(|c| c.has_tag_name(name));
        let code = child("transaction-type")
            .unwrap()
            .attribute("code")
            .unwrap();
        let value: f64 = child("value").unwrap().text().unwrap().parse().unwrap();
        let receiver = child("receiver-org")
            .and_then(|r| r.children().find(|c| c.has_tag_name("narrative")))
            .and_then(|n| n.text())
            .unwrap_or("-");
        *sums
            .entry((receiver.to_owned(), code.to_owned()))
            .or_insert(0.0) += value;
    }
    sums
}

fn assert_sums(xml: &str, expected: &[(&str, &str, f64)]) {
    let sums = transaction_sums(xml);
    assert_eq!(sums.len(), expected.len(), "{sums:?}");
    for (org, code, total) in expected {
        let sum = sums[&((*org).to_owned(), (*code).to_owned())];
        assert!(
            (sum - total).abs() < 0.005,
            "{org}: type {code} transactions add up to {sum}, not the latest total {total}"
        );
    }
}

#[test]
fn the_example_sites_iati_file_passes_the_codelists_and_rules() {
    let Some(python) = iati_python() else { return };
    let s = TestSite::example();
    s.build();
    check_rules(&python, &s);
    let xml = s.read("data/iati-activities.xml");
    assert!(xml.contains("<iati-identifier>XM-DAC-41114-"));
    assert!(xml.contains("<reporting-org ref=\"XM-DAC-41114\" type=\"40\">"));
    assert!(xml.contains("<recipient-country code=\"IQ\"/>"));
    assert!(xml.contains("<sector code=\"15151\" vocabulary=\"1\" percentage=\"100\"/>"));
    // Sums of the transactions are the latest totals of period 2013-Q1; UNDP reports its own
    // funds (no receiver: it does not pay itself), UNOPS's are received by UNOPS.
    assert_sums(
        &xml,
        &[
            ("-", "2", 5_848_841.07),
            ("-", "3", 5_594_796.22),
            (
                "United Nations Office for Project Services",
                "2",
                6_975_973.74,
            ),
            (
                "United Nations Office for Project Services",
                "3",
                6_716_550.71,
            ),
        ],
    );
    // The 2010 figures predate the programme (18 October 2010): no result period of 2010.
    assert!(!xml.contains("<period-start iso-date=\"2010-01-01\"/>"));
    // A word target of a count is no <target> but a comment.
    assert!(xml.contains("<narrative xml:lang=\"en\">Target: tbd by IHEC</narrative>"));
}

/// What a command printed, on either stream.
fn printed(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned() + &common::stdout(out)
}

#[test]
fn a_euro_site_with_quarters_and_syriac_passes_the_codelists_and_rules() {
    let s = TestSite::fixture("iati");
    s.build();
    if have_xmllint() {
        validate(&s);
    }
    let Some(python) = iati_python() else { return };
    check_rules(&python, &s);
    let xml = s.read("data/iati-activities.xml");
    assert!(xml.contains("default-currency=\"EUR\""));
    // Syriac has no ISO 639-1 code: left out; French is written as `fr`.
    assert!(!xml.contains("syr") && !xml.contains("ܡܝܐ"), "{xml}");
    assert!(
        xml.contains("<narrative xml:lang=\"fr\">Eau et assainissement des villages</narrative>")
    );
    assert!(xml.contains("<iati-identifier>GB-COH-09876543-water-2024</iati-identifier>"));
    assert!(xml.contains("<activity-date type=\"2\" iso-date=\"2024-01-08\"/>"));
    assert!(xml.contains("<recipient-region code=\"289\" vocabulary=\"1\"/>"));
    assert!(xml.contains("<sector code=\"14031\" vocabulary=\"1\" percentage=\"40\"/>"));
    assert!(xml.contains("<participating-org ref=\"GB-CHC-1234567\" type=\"60\" role=\"1\">"));
    // Each quarter's change becomes a transaction, a fall too; they add up to Q3's totals.
    assert!(xml.contains("<value value-date=\"2024-06-30\">500000.5</value>"));
    assert!(xml.contains("<value value-date=\"2024-09-30\">-100000.25</value>"));
    assert_sums(
        &xml,
        &[
            ("AquaAid", "2", 1_400_000.25),
            ("AquaAid", "3", 900_000.35),
            ("District water office", "2", 80_000.0),
            ("District water office", "3", 45_000.0),
        ],
    );
    // Funds go from the funder to the implementer.
    assert_eq!(
        xml.matches("<provider-org ref=\"GB-CHC-1234567\"").count(),
        10
    );
    // The 2023 measurement predates the programme: no result period.
    assert!(!xml.contains("iso-date=\"2023-01-01\""));
    // The milestone's word target is qualitative; the percentage's is no <target>.
    assert!(xml.contains("<indicator measure=\"5\" ascending=\"1\">"));
    let access = &xml[xml
        .find("<indicator measure=\"2\" ascending=\"1\">")
        .unwrap()..];
    let access = &access[..access.find("</indicator>").unwrap()];
    assert!(!access.contains("<target"), "{access}");
    assert!(access
        .contains("<narrative xml:lang=\"en\">Target: to be set by the directorate</narrative>"));
    // A breakdown that does not add up (25 + 34 ≠ 61) carries its note.
    assert!(xml.contains(
        "<narrative xml:lang=\"en\">Two caretakers&apos; sex was not recorded.</narrative>"
    ));
}

#[test]
fn check_warns_of_what_the_iati_registry_needs() {
    let s = TestSite::fixture("iati");
    let out = s.run(&["check"]);
    let err = printed(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning: content/site.toml:18:8: `syr` has no ISO 639-1 code: its texts are left out of the IATI file"), "{err}");
    assert!(
        err.contains(
            "warning: content/programme.toml:31:6: the organisation `district` has no iati_ref"
        ),
        "{err}"
    );
    assert!(
        !err.contains("no sector") && !err.contains("no recipient"),
        "{err}"
    );

    s.edit(
        "content/programme.toml",
        "recipient_regions = [\"289\"]\n",
        "",
    );
    s.edit("content/programme.toml", "sectors = [\n  { code = \"14030\", percentage = 60 },\n  { code = \"14031\", vocabulary = \"1\", percentage = 40 },\n]\n", "");
    let out = s.run(&["check", "--deny-warnings"]);
    let err = printed(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "warning: content/programme.toml:1:1: the IATI file has no recipient country or region"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning: content/programme.toml:1:1: the IATI file has no sector"),
        "{err}"
    );

    // Wrong codes are errors at their place.
    s.edit(
        "content/programme.toml",
        "iati_type = \"21\"",
        "iati_type = \"99\"",
    );
    s.edit(
        "content/site.toml",
        "code = \"syr\"",
        "code = \"syr\"\niati_lang = \"syr\"",
    );
    let out = s.run(&["check"]);
    let err = printed(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/programme.toml:")
            && err.contains("`99` is not on the IATI Organisation Type codelist"),
        "{err}"
    );
    assert!(
        err.contains("error: content/site.toml:19:13: `syr` is not on the IATI Language codelist"),
        "{err}"
    );
}
