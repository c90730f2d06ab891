//! The bad-input corpus: hostile or broken content gives a clear error naming the file (and the
//! line and column where there is one) or a correct page — never a panic, a hang or unbounded
//! memory — and never writes outside the site.

mod common;

use std::time::{Duration, Instant};

use common::{stderr, stdout, TestSite};

/// Builds, expecting failure with exit code 1 and no panic; returns standard error.
fn build_fails(site: &TestSite) -> String {
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "the build should fail: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Runs `check`, expecting success; returns its report.
fn check_passes(site: &TestSite) -> String {
    let out = site.run(&["check"]);
    let report = stdout(&out);
    assert!(
        out.status.success(),
        "check should pass: {report}{}",
        stderr(&out)
    );
    report
}

#[test]
fn wrong_types_name_the_field_and_position() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/programme.toml",
        "duration_months = 36",
        "duration_months = \"three years\"",
    );
    let err = build_fails(&site);
    assert!(err.contains("error: content/programme.toml:4:19:"), "{err}");
    assert!(
        err.contains("found the text \"three years\" where a number is expected: write a number without quotes, such as duration_months = 12"),
        "{err}"
    );
}

#[test]
fn duplicate_ids_are_errors() {
    let site = TestSite::fixture("minimal");
    let results = std::fs::read_to_string(site.path("content/results.toml")).unwrap();
    site.write(
        "content/results.toml",
        &format!(
            "{results}\n[[indicators]]\nid = \"1.1.2\"\noutput = \"1.1\"\nkind = \"count\"\ntitle = {{ en = \"Again\" }}\n"
        ),
    );
    let err = build_fails(&site);
    assert!(
        err.contains("the indicator id `1.1.2` is used twice"),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_give_a_correct_site() {
    let site = TestSite::fixture("minimal");
    for rel in ["content/results.toml", "content/periods/2013-Q1/1.1.md"] {
        let text = std::fs::read_to_string(site.path(rel)).unwrap();
        site.write(rel, &format!("\u{feff}{}", text.replace('\n', "\r\n")));
    }
    site.build();
    let page = site.read("en/indicators/1.1.2/index.html");
    assert!(page.contains("Number of people trained"), "{page}");
    let period = site.read("en/periods/2013-Q1/index.html");
    assert!(period.contains("<em>workshop</em>"), "{period}");
    assert!(!period.contains('\u{feff}'));
}

#[test]
fn crlf_files_report_the_right_line_and_column() {
    let site = TestSite::fixture("minimal");
    let text = std::fs::read_to_string(site.path("content/results.toml")).unwrap();
    site.write(
        "content/results.toml",
        &text
            .replace("target = 340", "target = = 340")
            .replace('\n', "\r\n"),
    );
    let err = build_fails(&site);
    assert!(err.contains("error: content/results.toml:37:10:"), "{err}");
}

#[test]
fn empty_files_are_reported() {
    let site = TestSite::fixture("minimal");
    site.write("content/periods/2013-Q1/period.toml", "");
    site.write("content/pages/empty.md", "");
    let err = build_fails(&site);
    assert!(
        err.contains("content/periods/2013-Q1/period.toml")
            && err.contains("missing field `label`"),
        "{err}"
    );
    assert!(err.contains("content/pages/empty.md"), "{err}");
}

#[test]
fn a_huge_markdown_file_is_refused_without_reading_it_all() {
    let site = TestSite::fixture("minimal");
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(20) + "\n\n";
    let mut text = String::from("+++\ntitle = \"Huge\"\n+++\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&paragraph);
    }
    site.write("content/pages/huge.md", &text);
    let err = build_fails(&site);
    assert!(
        err.contains("error: content/pages/huge.md: this file is larger than 16 MiB"),
        "{err}"
    );
}

#[test]
fn markdown_nested_ten_thousand_deep_renders_in_bounded_time() {
    let site = TestSite::fixture("minimal");
    let quotes = format!("+++\ntitle = \"Deep\"\n+++\n{}deep\n", "> ".repeat(10_000));
    site.write("content/pages/deep.md", &quotes);
    site.write(
        "content/pages/lists.md",
        &format!("+++\ntitle = \"Lists\"\n+++\n{}x\n", "- ".repeat(10_000)),
    );
    let brackets = format!(
        "+++\ntitle = \"Brackets\"\n+++\n{}x{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    site.write("content/pages/brackets.md", &brackets);
    let started = Instant::now();
    site.build();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "deep nesting must not make the build crawl: {:?}",
        started.elapsed()
    );
    assert!(site.read("en/deep/index.html").contains("deep"));
    assert!(site.read("en/lists/index.html").contains("<li>"));
}

#[test]
fn an_unknown_language_code_is_named() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/results.toml",
        "title = { en = \"Number of people trained\" }",
        "title = { en = \"Number of people trained\", fr = \"Nombre\" }",
    );
    let err = build_fails(&site);
    assert!(
        err.contains("`fr` is not one of the site's languages (en, ar)"),
        "{err}"
    );
    let site = TestSite::fixture("minimal");
    site.edit("content/site.toml", "code = \"ar\"", "code = \"../ar\"");
    let err = build_fails(&site);
    assert!(err.contains("content/site.toml:"), "{err}");
    assert!(err.contains("../ar"), "{err}");
}

#[test]
fn bidi_overrides_and_zero_width_characters_are_flagged() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/results.toml",
        "title = { en = \"Number of people trained\" }",
        "title = { en = \"Number of people \u{202e}deniart\u{202c}\" }",
    );
    site.edit(
        "content/pages/about.md",
        "title = \"About\"",
        "title = \"Ab\u{200b}out\"",
    );
    let err = check_passes(&site);
    assert!(
        err.contains("warning: content/results.toml:")
            && err.contains("invisible character U+202E"),
        "{err}"
    );
    assert!(
        err.contains("warning: content/pages/about.md:") && err.contains("U+200B"),
        "{err}"
    );
    assert!(
        err.contains("Number of people <U+202E>deniart<U+202C>") && !err.contains('\u{202e}'),
        "the quoted line shows the characters by name: {err}"
    );
    let deny = site.run(&["check", "--deny-warnings"]);
    assert_eq!(deny.status.code(), Some(1));

    // Kurdish and Persian spelling needs the zero-width non-joiner: not flagged.
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/results.toml",
        "title = { en = \"Number of people trained\" }",
        "title = { en = \"Number of people trained\", ar = \"ژمارەی\u{200c}خەڵک\" }",
    );
    let err = check_passes(&site);
    assert!(!err.contains("invisible character"), "{err}");

    let site = TestSite::fixture("minimal");
    site.edit(
        "content/results.toml",
        "id = \"1.1.2\"",
        "id = \"1.1.\u{202e}2\"",
    );
    let err = build_fails(&site);
    assert!(
        err.contains("contains the invisible character U+202E"),
        "{err}"
    );
}

#[test]
fn hostile_names_cannot_lead_outside_the_site() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/site.toml",
        "base_url",
        "theme = \"../../outside\"\nbase_url",
    );
    let err = build_fails(&site);
    assert!(err.contains("is not a theme folder name"), "{err}");

    let site = TestSite::fixture("minimal");
    site.write(
        "content/periods/x%2f..%2f..%2fescape/period.toml",
        "label = { en = \"x\" }\nstart = 2012-01-01\nend = 2012-12-31\n",
    );
    let err = build_fails(&site);
    assert!(err.contains("escape"), "{err}");
    assert!(!site.root.parent().unwrap().join("escape").exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let site = TestSite::fixture("minimal");
    let outside = site.root.parent().unwrap().join("secret.md");
    std::fs::write(&outside, "+++\ntitle = \"Secret\"\n+++\nsecret text\n").unwrap();
    std::os::unix::fs::symlink(&outside, site.path("content/pages/secret.md")).unwrap();
    let err = build_fails(&site);
    assert!(
        err.contains("content/pages/secret.md: symbolic links are not followed"),
        "{err}"
    );
}

#[test]
fn raw_html_is_sanitized_and_script_urls_refused() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/evil.md",
        "+++\ntitle = \"Evil\"\n+++\nHello <b onmouseover=\"steal()\">bold</b> \
         <script>steal()</script> [click](javascript:steal()) \
         <a href=\"javascript:steal()\">x</a> <img src=\"data:,\" onerror=\"steal()\">\n",
    );
    site.build();
    let page = site.read("en/evil/index.html");
    let body = &page[page.find("<main").unwrap()..];
    for bad in ["steal()", "onmouseover", "onerror", "javascript:"] {
        assert!(!body.contains(bad), "{bad} reached the page: {body}");
    }
    assert!(body.contains("<b>bold</b>"), "{body}");

    // A trusted site keeps its HTML, on the editor's explicit word.
    site.edit(
        "content/site.toml",
        "base_url",
        "raw_html = \"trusted\"\nbase_url",
    );
    site.build();
    assert!(site.read("en/evil/index.html").contains("onmouseover"));

    site.edit(
        "content/site.toml",
        "raw_html = \"trusted\"",
        "raw_html = \"everything\"",
    );
    let err = build_fails(&site);
    assert!(
        err.contains("`everything` is not a way to handle raw HTML"),
        "{err}"
    );
}

#[test]
fn every_page_forbids_inline_script_and_third_party_requests() {
    let site = TestSite::example();
    site.build();
    let mut pages = 0;
    for rel in site.public_files() {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = site.read(&rel);
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self';"),
            "{rel} has no Content-Security-Policy"
        );
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{rel} has an inline script: {tag}");
        }
        for attr in ["src=\"http", "href=\"//", "src=\"//", "url(http"] {
            assert!(
                !html.contains(attr),
                "{rel} loads a third-party resource ({attr})"
            );
        }
    }
    assert!(pages > 100);
}

#[test]
fn unicode_page_names_are_normalized_and_percent_encoded() {
    let site = TestSite::fixture("minimal");
    // "café" written decomposed (e + U+0301), as macOS stores names.
    site.write(
        "content/pages/cafe\u{301}.md",
        "+++\ntitle = \"Café\"\n+++\nSee [the Arabic page](../حول/).\n",
    );
    site.write("content/pages/حول.md", "+++\ntitle = \"حول\"\n+++\nText.\n");
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    site.build();
    let files = site.public_files();
    assert!(
        files.contains(&"en/caf\u{e9}/index.html".to_owned()),
        "{files:?}"
    );
    assert!(files.contains(&"en/حول/index.html".to_owned()), "{files:?}");
    let home = site.read("en/index.html");
    assert!(home.contains("href=\"../en/caf%C3%A9/\""), "{home}");
    assert!(
        home.contains("href=\"../en/%D8%AD%D9%88%D9%84/\""),
        "{home}"
    );
    let page = site.read("en/caf\u{e9}/index.html");
    assert!(
        page.contains("hreflang=\"ar\" href=\"https://example.org/ar/caf%C3%A9/\""),
        "{page}"
    );
}
