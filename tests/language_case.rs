//! Language codes are compared regardless of case, as BCP 47 compares tags: one language listed
//! twice in two cases is an error naming both entries; a translation file named in another case
//! (`about.PT-br.md`) is that language's translation, published under the configured spelling;
//! a text key or status written in another case is an error saying the spelling to use. On the
//! water and fourlang fixtures, each given a language with a region subtag.

mod common;

use common::{stderr, stdout, TestSite};

/// A fixture with `pt-BR` added to its languages; returns it and the line of that `code`.
fn with_pt_br(fixture: &str) -> (TestSite, usize) {
    let site = TestSite::fixture(fixture);
    let toml = std::fs::read_to_string(site.path("content/site.toml")).unwrap();
    let line = toml.lines().count() + 3;
    site.write(
        "content/site.toml",
        &format!("{toml}\n[[languages]]\ncode = \"pt-BR\"\nname = \"Português\"\n"),
    );
    (site, line)
}

/// Asserts `check` and `build` both fail with every text in `expected`, leaving `public/`.
fn refused(site: &TestSite, expected: &[&str]) {
    let before = site.public_files();
    for args in [&["check"][..], &["build"][..]] {
        let out = site.run(args);
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!out.status.success(), "{args:?} accepted it:\n{text}");
        for e in expected {
            assert!(text.contains(e), "{args:?}: no {e:?} in\n{text}");
        }
    }
    assert_eq!(site.public_files(), before, "public/ changed");
}

#[test]
fn one_language_listed_in_two_cases_is_an_error_naming_both() {
    for fixture in ["water", "fourlang"] {
        let (site, line) = with_pt_br(fixture);
        site.build();
        let toml = std::fs::read_to_string(site.path("content/site.toml")).unwrap();
        site.write(
            "content/site.toml",
            &format!("{toml}\n[[languages]]\ncode = \"pt-br\"\nname = \"Português (again)\"\n"),
        );
        let again = line + 4;
        refused(
            &site,
            &[&format!(
                "error: content/site.toml:{again}:8: the language `pt-br` is `pt-BR` (line {line}, column 8) again: language codes are the same whatever their case"
            )],
        );
    }
}

#[test]
fn a_translation_file_named_in_another_case_is_that_language() {
    for fixture in ["water", "fourlang"] {
        let (site, _) = with_pt_br(fixture);
        site.write(
            "content/pages/about.PT-br.md",
            "+++\ntitle = \"Sobre\"\nweight = 10\n+++\nUm sítio de teste.\n",
        );
        // The default language may be written in another case too.
        site.edit(
            "content/site.toml",
            "default_language = \"en\"",
            "default_language = \"EN\"",
        );
        site.build();
        let page = site.read("pt-BR/about/index.html");
        assert!(page.contains("Um sítio de teste."), "{fixture}");
        assert!(site.read("en/about/index.html").contains("lang=\"en\""));
        assert!(!site.path("public/PT-br").exists() && !site.path("public/EN").exists());

        // Two files that differ only in the case of their language code are one page.
        site.write(
            "content/pages/about.pt-br.md",
            "+++\ntitle = \"Sobre\"\nweight = 10\n+++\nOutro texto.\n",
        );
        refused(
            &site,
            &[
                "content/pages/about.PT-br.md",
                "content/pages/about.pt-br.md",
                "language `pt-BR`",
                "would be one page",
            ],
        );
    }
}

#[test]
fn a_text_key_in_another_case_is_an_error_giving_the_spelling() {
    for fixture in ["water", "fourlang"] {
        let (site, _) = with_pt_br(fixture);
        site.build();
        let toml = std::fs::read_to_string(site.path("content/site.toml")).unwrap();
        let title = toml.lines().position(|l| l.starts_with("title")).unwrap() + 1;
        site.edit(
            "content/site.toml",
            "title = { en",
            "title = { pt-br = \"Resultados\", en",
        );
        refused(
            &site,
            &[
                &format!(
                    "error: content/site.toml:{title}:11: `pt-br` is not one of the site's languages"
                ),
                "write `pt-BR` as site.toml does: `pt-br` is the same language",
            ],
        );
    }
}

#[test]
fn a_decision_translation_named_in_another_case_is_that_language() {
    let site = TestSite::fixture("decisions");
    let ar = site.path("content/decisions/2013-001.ar.md");
    std::fs::rename(&ar, site.path("content/decisions/2013-001.AR.md")).unwrap();
    site.edit(
        "content/decisions/2013-001.md",
        "authoritative = \"ar\"",
        "authoritative = \"AR\"",
    );
    site.build();
    let page = site.read("ar/decisions/2013-001/index.html");
    assert!(
        page.contains("الجدول الزمني لانتخابات مجالس المحافظات"),
        "{page}"
    );

    std::fs::write(
        &ar,
        std::fs::read(site.path("content/decisions/2013-001.AR.md")).unwrap(),
    )
    .unwrap();
    refused(
        &site,
        &[
            "content/decisions/2013-001.AR.md",
            "content/decisions/2013-001.ar.md",
            "are both the `ar` text of one decision",
        ],
    );
}
