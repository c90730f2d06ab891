//! The built-in theme speaks for no one: the example's proper names and its report's own terms
//! live in its content (`[wording]` of site.toml, `alignments` of programme.toml), and another
//! site gets generic words or its own.

mod common;

use std::fs;
use std::path::Path;

use common::{repo, stdout, TestSite};

/// Every text file under `dir`, with its path.
fn files(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if let Ok(text) = fs::read_to_string(&path) {
            out.push((path.display().to_string(), text));
        }
    }
}

/// Does `name` occur in `text` as a whole word (not inside a longer Latin word)?
fn has_word(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        !latin(before) && !latin(after)
    })
}

/// The example's proper names and its organisation's terms, each taken from content/: the
/// acronyms of its organisations, plus the names and terms its texts use.
fn example_names() -> Vec<String> {
    let mut content = Vec::new();
    files(&repo().join("content"), &mut content);
    let all: String = content.iter().map(|(_, t)| t.as_str()).collect();
    let programme = fs::read_to_string(repo().join("content/programme.toml")).unwrap();
    let mut names: Vec<String> = programme
        .lines()
        .filter_map(|l| l.strip_prefix("acronym = \""))
        .map(|l| l.trim_end_matches('"').to_owned())
        .collect();
    assert!(names.len() >= 3, "no organisations found: {names:?}");
    for word in [
        "Iraq",
        "Iraqi",
        "Baghdad",
        "Commissioners",
        "Board of Commissioners",
        "Electoral Commission",
        "UNDAF",
        "United Nations",
        "Lead agency",
        "progress table",
        "العراق",
        "مجلس المفوضين",
        "المفوضية",
        "عێراق",
        "کۆمیسیاران",
        "کۆمیسیۆن",
    ] {
        assert!(all.contains(word), "`{word}` is not in content/ any more");
        names.push(word.to_owned());
    }
    names
}

#[test]
fn the_built_in_theme_names_none_of_the_example_s_proper_names() {
    let names = example_names();
    let mut theme = Vec::new();
    files(&repo().join("themes/default"), &mut theme);
    assert!(theme.len() > 10, "the theme has {} files", theme.len());
    let mut hits = Vec::new();
    for (path, text) in &theme {
        for (n, line) in text.lines().enumerate() {
            for name in &names {
                if has_word(line, name) {
                    hits.push(format!("{path}:{}: `{name}` in {line}", n + 1));
                }
            }
        }
    }
    assert!(hits.is_empty(), "{}", hits.join("\n"));
}

#[test]
fn a_site_without_wording_gets_generic_words_and_its_own_when_it_gives_them() {
    let water = TestSite::fixture("water");
    water.build();
    let output = water.read("en/outputs/1.1/index.html");
    assert!(output.contains("Lead organisation</dt>"), "{output}");
    let decisions_free = water.read("ar/outputs/1.1/index.html");
    assert!(decisions_free.contains("الجهة القائدة</dt>"));

    // The same site words it its own way, in each language it gives.
    let own = TestSite::fixture("water");
    let site = fs::read_to_string(own.path("content/site.toml")).unwrap();
    own.write(
        "content/site.toml",
        &format!("{site}\n[wording]\n\"output.lead\" = {{ en = \"Lead utility\", ar = \"المرفق القائد\" }}\n"),
    );
    own.build();
    assert!(own
        .read("en/outputs/1.1/index.html")
        .contains("Lead utility</dt>"));
    assert!(own
        .read("ar/outputs/1.1/index.html")
        .contains("المرفق القائد</dt>"));

    // The example keeps its report's terms, from its content.
    let example = TestSite::example();
    example.build();
    let en = example.read("en/outputs/1.1/index.html");
    assert!(en.contains("Lead agency</dt>"), "{en}");
    let indicator = example.read("en/indicators/1.3.2/index.html");
    assert!(indicator.contains("Worded in the progress table as"));
    let decisions = example.read("ar/decisions/index.html");
    assert!(decisions.contains("قرارات مجلس المفوضين"));
}

#[test]
fn a_misspelt_wording_key_is_an_error_with_the_likely_key() {
    let site = TestSite::fixture("minimal");
    let text = fs::read_to_string(site.path("content/site.toml")).unwrap();
    site.write(
        "content/site.toml",
        &format!("{text}\n[wording]\n\"output.laed\" = {{ en = \"Lead\" }}\n"),
    );
    let out = site.run(&["check"]);
    assert!(!out.status.success());
    let report = stdout(&out);
    assert!(
        report.contains("error: content/site.toml: `[wording]` names `output.laed`, which is not an interface string of the theme"),
        "{report}"
    );
    assert!(report.contains("did you mean `output.lead`?"), "{report}");
}

#[test]
fn alignments_are_listed_with_their_own_labels() {
    let water = TestSite::fixture("water");
    water.build();
    let results = water.read("en/results/index.html");
    assert!(results.contains("<dt>National water strategy</dt><dd>Aligned with the national water strategy, goal 2: safe water for every household.</dd>"), "{results}");
    assert!(results.contains("<dt>Sustainable development target</dt><dd>6.1: safe and affordable drinking water for all.</dd>"));
    let ar = water.read("ar/results/index.html");
    assert!(ar.contains("<dt>الاستراتيجية الوطنية للمياه</dt>"));

    let example = TestSite::example();
    example.build();
    let results = example.read("en/results/index.html");
    assert!(results.contains("<dt>UNDAF outcome</dt><dd>UNDAF (links with UNDAF but only after project was initiated): Outcome 1"), "{results}");
}

#[test]
fn the_old_undaf_outcome_is_read_with_a_warning_that_deny_warnings_fails() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/programme.toml",
        "title = ",
        "undaf_outcome = { en = \"Outcome 2 of the framework.\" }\ntitle = ",
    );
    let out = site.run(&["check"]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("warning: content/programme.toml:1:17: `undaf_outcome` is the old name of an entry of `alignments`"),
        "{report}"
    );
    let strict = site.run(&["check", "--deny-warnings"]);
    assert!(!strict.status.success());
    site.build();
    let results = site.read("en/results/index.html");
    assert!(
        results.contains("<dt>Alignment</dt><dd>Outcome 2 of the framework.</dd>"),
        "{results}"
    );
}

#[test]
fn the_data_dictionary_describes_each_breakdown_by_its_own_name() {
    let water = TestSite::fixture("water");
    water.build();
    let page = water.read("en/data/index.html");
    assert!(page.contains("governorate_CATEGORY"), "{page}");
    assert!(page.contains("The actual for each category of the breakdown by Governorate, one column each: governorate_basra (Basra) · governorate_najaf (Najaf) · governorate_anbar (Anbar)."), "{page}");
    let csv = water.read("data/dictionary.csv");
    assert!(csv.contains("governorate_CATEGORY,number,"), "{csv}");
    assert!(!page.contains("(sex)") && !csv.contains("sex"));

    let example = TestSite::example();
    example.build();
    let page = example.read("en/data/index.html");
    assert!(
        page.contains("breakdown by Sex, one column each: sex_male (Male) · sex_female (Female).")
    );
    assert!(page.contains("breakdown by Technical test, one column each: test_test-1 (Test 1)"));
    assert!(!page.contains("governorate"));
}

#[test]
fn the_data_dictionary_of_a_language_without_strings_is_marked_as_the_default_language() {
    let site = TestSite::fixture("fourlang");
    site.build();
    let page = site.read("syr/data/index.html");
    let row = page
        .lines()
        .find(|l| l.contains("<code dir=\"ltr\">period_start</code>"))
        .unwrap_or_else(|| panic!("no dictionary row:\n{page}"));
    assert!(
        row.contains("<span lang=\"en\" dir=\"ltr\">First day of the period"),
        "{row}"
    );
}
