//! `shafaf init`, the built-in theme and `shafaf theme`: a new site passes `check` and builds
//! with no theme copied; single files override the built-in ones; a language Shafaf has no
//! strings for gets a file with every key to translate, and `check` lists what is missing.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{stderr, stdout, TestSite};

fn shafaf(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shafaf"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("running shafaf")
}

#[test]
fn a_new_site_passes_check_and_builds_without_a_theme_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = shafaf(&["init", "mysite"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("mysite");
    for f in [
        ".gitignore",
        ".github/workflows/pages.yml",
        ".gitlab-ci.yml",
        "content/site.toml",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    assert!(!site.join("themes").exists(), "init copied a theme");
    let check = shafaf(
        &["check", "--deny-warnings", "--root", "mysite"],
        dir.path(),
    );
    assert!(check.status.success(), "{}", stdout(&check));
    assert_eq!(stdout(&check), "0 errors, 0 warnings\n");
    let build = shafaf(&["build", "--root", "mysite"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    for lang in ["en", "ar", "ckb"] {
        let home = std::fs::read_to_string(site.join(format!("public/{lang}/index.html"))).unwrap();
        assert!(
            home.contains("<link rel=\"stylesheet\""),
            "{lang}: no stylesheet"
        );
    }
    let again = shafaf(&["init", "mysite"], dir.path());
    assert!(!again.status.success(), "init overwrote a site");
}

#[test]
fn a_language_without_strings_gets_a_file_to_translate_and_check_lists_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = shafaf(&["init", "s", "--language", "en,fr,syr"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site_toml = std::fs::read_to_string(dir.path().join("s/content/site.toml")).unwrap();
    assert!(site_toml.contains("code = \"syr\"\nname = \"syr\"   # the language's name in the language itself\ndirection = \"rtl\""), "{site_toml}");
    let strings =
        std::fs::read_to_string(dir.path().join("s/themes/default/i18n/syr.toml")).unwrap();
    assert!(strings.contains("[nav]\n"), "{strings}");
    assert!(strings.contains("# home = \"Home\"\n"), "{strings}");
    let check = shafaf(&["check", "--root", "s"], dir.path());
    assert!(check.status.success(), "{}", stdout(&check));
    let text = stdout(&check);
    assert!(
        text.contains("warning: themes/default/i18n/syr.toml: ")
            && text.contains(" interface strings have no syr (syr) translation"),
        "{text}"
    );
    assert!(text.contains("missing: "), "{text}");
    assert!(text.contains("nav.home"), "{text}");
    assert!(
        text.contains("warning: themes/default/i18n/fr.toml: ")
            && text.contains(" interface strings have no fr (fr) translation"),
        "{text}"
    );
    assert!(
        text.contains("translate these keys in this file; missing: "),
        "{text}"
    );
    // A language configured only in site.toml, with no file: the hint says how to make one.
    let site = TestSite::fixture_alone("fourlang");
    let text = stdout(&site.run(&["check"]));
    assert!(
        text.contains("warning: themes/default/i18n/syr.toml: ")
            && text.contains(" interface strings have no ܣܘܪܝܝܐ (syr) translation"),
        "{text}"
    );
    // The count it gives is the number of keys it lists, and covers the whole interface.
    let count: usize = text
        .split("warning: themes/default/i18n/syr.toml: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count of missing strings");
    let listed = text
        .split("missing: ")
        .last()
        .and_then(|rest| rest.lines().next())
        .map_or(0, |keys| keys.split(", ").count());
    assert_eq!(count, listed, "{text}");
    assert!(count > 300, "{text}");
    assert!(
        text.contains(
            "`shafaf theme strings syr` writes this file with every key to translate; missing: "
        ),
        "{text}"
    );
}

#[test]
fn one_file_under_themes_default_takes_the_place_of_the_builtin_one() {
    let site = TestSite::fixture_alone("fourlang");
    site.write("themes/default/i18n/en.toml", "[nav]\nhome = \"Start\"\n");
    site.write("themes/default/static/style.css", "body{color:#123}\n");
    site.build();
    let home = site.read("en/index.html");
    assert!(
        home.contains(">Start</a>"),
        "the override string is not used"
    );
    assert!(
        home.contains(">Results</a>"),
        "the other built-in strings are lost"
    );
    assert_eq!(site.read("assets/style.css"), "body{color:#123}\n");
}

#[test]
fn eject_copies_the_builtin_theme_and_keeps_files_already_there() {
    let site = TestSite::fixture_alone("fourlang");
    site.write("themes/default/static/style.css", "mine\n");
    let out = site.run(&["theme", "eject"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(1 already there were kept)"),
        "{}",
        stdout(&out)
    );
    assert!(site.path("themes/default/templates/base.html").is_file());
    assert_eq!(
        std::fs::read_to_string(site.path("themes/default/static/style.css")).unwrap(),
        "mine\n"
    );
    site.build();
    let out = site.run(&["theme", "strings", "syr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.path("themes/default/i18n/syr.toml").is_file());
}

#[test]
fn the_ci_files_install_the_version_that_made_the_site_and_cache_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = shafaf(&["init", "mysite"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let version = env!("CARGO_PKG_VERSION");
    for (file, cache) in [
        (".github/workflows/pages.yml", "path: ~/.cargo/bin/shafaf"),
        (".gitlab-ci.yml", "- .shafaf-bin/"),
    ] {
        let text = std::fs::read_to_string(dir.path().join("mysite").join(file)).unwrap();
        assert!(
            text.contains(&format!("SHAFAF_VERSION: \"{version}\"")),
            "{file}: {text}"
        );
        assert!(
            !text.contains("@SHAFAF"),
            "{file}: an unfilled template mark"
        );
        // crates.io by default, or the git repository the documented variable names.
        assert!(
            text.contains("--locked") && text.contains("--version \"=$SHAFAF_VERSION\" shafaf")
        );
        assert!(text.contains("--git \"$SHAFAF_GIT\" --tag \"v$SHAFAF_VERSION\" shafaf"));
        assert!(text.contains(cache), "{file}: no cached binary");
        assert!(
            !text.contains("example.org") && !text.contains("github.com/"),
            "{file}"
        );
    }
}
