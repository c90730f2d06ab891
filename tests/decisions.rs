//! The board decisions publication, built from `tests/fixtures/decisions` with the real binary:
//! pages per language, ordering and pagination, links both ways, status and category pages,
//! Atom feeds read by a real parser, the JSON index, timeliness figures, and bad input.

mod common;

use common::{stdout, TestSite};
use shafaf::model::{DecisionStatus, Site};
use shafaf::render::links::check_links;
use shafaf::render::RenderedFile;

const LANGS: [&str; 3] = ["en", "ar", "ckb"];

fn built() -> TestSite {
    let site = TestSite::fixture("decisions");
    site.build();
    site
}

/// The positions of `needles` in `page`, asserting each occurs.
fn positions(page: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            page.find(n)
                .unwrap_or_else(|| panic!("{n:?} is not on the page"))
        })
        .collect()
}

/// The links to decision pages on a list page, in order.
fn listed(page: &str) -> Vec<String> {
    let main = &page[page.find("<main").unwrap()..];
    main.split("class=\"decision-item")
        .skip(1)
        .map(|item| {
            let start = item.find("decisions/").unwrap() + "decisions/".len();
            item[start..start + 8].to_owned()
        })
        .collect()
}

/// "not a real decision", as the example banner says it in `lang`.
fn not_real(lang: &str) -> &'static str {
    match lang {
        "ar" => "ليس قرارًا حقيقيًا",
        "ckb" => "بڕیارێکی ڕاستەقینە نییە",
        _ => "not a real decision",
    }
}

#[test]
fn every_decision_page_is_built_in_every_language_with_the_example_banner() {
    let site = built();
    for lang in LANGS {
        for n in [
            "2012-009", "2013-001", "2013-002", "2013-003", "2013-004", "2013-005", "2013-006",
            "2013-007",
        ] {
            let page = site.read(&format!("{lang}/decisions/{n}/index.html"));
            assert!(
                page.contains("notice-example") && page.contains(not_real(lang)),
                "{lang}/{n} has no example banner"
            );
            assert!(page.contains(&format!("https://example.org/{lang}/decisions/{n}/")));
        }
        let index = site.read(&format!("{lang}/decisions/index.html"));
        assert!(index.contains("notice-example"), "{lang} index");
        // The navigation of every page leads to the decisions.
        let home = site.read(&format!("{lang}/index.html"));
        assert!(
            home.contains("href=\"../en/decisions/\"")
                || home.contains(&format!("href=\"../{lang}/decisions/\""))
        );
    }
}

#[test]
fn the_index_is_newest_first_grouped_by_year_and_paginated() {
    let site = built();
    // page_size = 3 in the fixture's decisions.toml: 8 decisions make 3 pages.
    let p1 = site.read("en/decisions/index.html");
    let p2 = site.read("en/decisions/page/2/index.html");
    let p3 = site.read("en/decisions/page/3/index.html");
    assert_eq!(listed(&p1), ["2013-007", "2013-006", "2013-005"]);
    assert_eq!(listed(&p2), ["2013-004", "2013-003", "2013-002"]);
    assert_eq!(listed(&p3), ["2013-001", "2012-009"]);
    assert!(!site.path("public/en/decisions/page/4").exists());
    assert!(!site.path("public/en/decisions/page/1").exists());
    // Pager links between the pages.
    assert!(
        p1.contains("href=\"../../en/decisions/page/2/\" rel=\"next\""),
        "{p1}"
    );
    assert!(p2.contains("href=\"../../../../en/decisions/\" rel=\"prev\""));
    assert!(p2.contains("href=\"../../../../en/decisions/page/3/\" rel=\"next\""));
    assert!(!p3.contains("rel=\"next\""));
    // The last page holds two years, 2013 before 2012.
    let years = positions(&p3, &["id=\"year-2013\"", "id=\"year-2012\"", "2012-009"]);
    assert!(years[0] < years[1] && years[1] < years[2]);
    assert!(!p1.contains("id=\"year-2012\""));
    // In Arabic the years and numbers are in Arabic-Indic digits.
    let ar = site.read("ar/decisions/page/3/index.html");
    // The hyphen carries left-to-right marks, so that the number keeps its order (٢٠١٢ first).
    assert!(ar.contains("<bdi>٢٠١٢</bdi>") && ar.contains("٢٠١٢\u{200E}-\u{200E}٠٠٩"));
}

#[test]
fn amendments_and_repeals_link_both_ways_and_set_the_status() {
    let site = built();
    // 2013-004 writes `amends = ["2013-001"]`; 2013-001's side is derived.
    let amended = site.read("en/decisions/2013-001/index.html");
    let amending = site.read("en/decisions/2013-004/index.html");
    assert!(
        amended.contains("<dd class=\"amended-by\"><a href=\"../../../en/decisions/2013-004/\">")
    );
    assert!(amending.contains("<dd class=\"amends\"><a href=\"../../../en/decisions/2013-001/\">"));
    assert!(amended.contains("class=\"status status-amended\">Amended</a>"));
    // 2013-002 writes `repealed_by = "2013-006"`; 2013-006's `repeals` is derived.
    let repealed = site.read("en/decisions/2013-002/index.html");
    let repealing = site.read("en/decisions/2013-006/index.html");
    assert!(
        repealed.contains("<dd class=\"repealed-by\"><a href=\"../../../en/decisions/2013-006/\">")
    );
    assert!(
        repealing.contains("<dd class=\"repeals\"><a href=\"../../../en/decisions/2013-002/\">")
    );
    assert!(repealed.contains("class=\"status status-repealed\">Repealed</a>"));
    assert!(repealing.contains("class=\"status status-in-force\">In force</a>"));
    // The status history dates each change with the changing decision's adoption.
    let h = &repealed[repealed.find("decision-history").unwrap()..];
    let order = positions(
        h,
        &[
            "2013-01-24",
            "Adopted",
            "2013-03-21",
            "Repealed by decision",
        ],
    );
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{h}");

    let model = Site::load(&site.root).unwrap();
    let d = model.decisions.get("2013-001").unwrap();
    assert_eq!(d.amended_by, ["2013-004"]);
    assert_eq!(d.status, DecisionStatus::Amended);
    assert_eq!(
        model.decisions.get("2013-006").unwrap().repeals,
        ["2013-002"]
    );
}

#[test]
fn status_and_category_pages_list_the_right_decisions() {
    let site = built();
    assert_eq!(
        listed(&site.read("en/decisions/status/repealed/index.html")),
        ["2013-002"]
    );
    assert_eq!(
        listed(&site.read("en/decisions/status/amended/index.html")),
        ["2013-001"]
    );
    assert_eq!(
        listed(&site.read("en/decisions/status/in-force/index.html")),
        ["2013-007", "2013-006", "2013-005", "2013-004", "2013-003", "2012-009"]
    );
    assert_eq!(
        listed(&site.read("en/decisions/category/voter-registration/index.html")),
        ["2013-003", "2012-009"]
    );
    let ckb = site.read("ckb/decisions/category/observers/index.html");
    assert_eq!(listed(&ckb), ["2013-006", "2013-002"]);
    assert!(ckb.contains("چاودێران و بریکاران"));
    // Categories without decisions get no page.
    assert!(site.path("public/en/decisions/category/staffing").exists());
}

#[test]
fn each_decision_names_its_authoritative_text_and_its_other_languages() {
    let site = built();
    let en = site.read("en/decisions/2013-003/index.html");
    assert!(en.contains("authoritative text of this decision is the one in"));
    assert!(en.contains("<a href=\"../../../ar/decisions/2013-003/\" hreflang=\"ar\""));
    assert!(en.contains("<a href=\"../../../ckb/decisions/2013-003/\" hreflang=\"ckb\""));
    let ar = site.read("ar/decisions/2013-003/index.html");
    assert!(ar.contains("هذا هو النص المعتمد للقرار."));
    assert!(ar.contains("نشر قائمة مراكز الاقتراع"));
    // 2013-005 has no Kurdish text: the Kurdish page says so and shows the authoritative
    // Arabic text, marked as Arabic, not the English one.
    let ckb = site.read("ckb/decisions/2013-005/index.html");
    assert!(ckb.contains("notice-unpublished"));
    assert!(
        ckb.contains("<div lang=\"ar\" dir=\"rtl\" class=\"fallback\" data-fallback>"),
        "{ckb}"
    );
    assert!(ckb.contains("قرر مجلس المفوضين أن تُقدَّم الشكاوى"));
    assert!(ckb.contains("إجراءات الشكاوى يوم الاقتراع"));
    assert!(
        !ckb.contains("Procedure for complaints on polling day"),
        "{ckb}"
    );
    assert!(ckb.contains("<span aria-current=\"true\" lang=\"ckb\" dir=\"rtl\">کوردی</span>\n<span class=\"meta\">بڵاو نەکراوەتەوە</span>"));
    assert!(!site
        .read("ar/decisions/2013-005/index.html")
        .contains("notice-unpublished"));
}

#[test]
fn attachments_are_published_with_their_size_and_type() {
    let site = built();
    let source =
        std::fs::read(site.path("content/decisions/attachments/2013-003-polling-centres.pdf"))
            .unwrap();
    let published =
        std::fs::read(site.path("public/decisions/2013-003/2013-003-polling-centres.pdf")).unwrap();
    assert_eq!(source, published);
    assert!(source.starts_with(b"%PDF-"));
    let page = site.read("en/decisions/2013-003/index.html");
    assert!(page.contains(
        "<a href=\"../../../decisions/2013-003/2013-003-polling-centres.pdf\" type=\"application/pdf\">List of polling centres (scan)</a>"
    ));
    assert!(page.contains(&format!(
        "<bdi>PDF</bdi>, <bdi>{} bytes</bdi>",
        source.len()
    )));

    // Every link of every page, attachments and feeds included, resolves.
    let files: Vec<RenderedFile> = site
        .public_files()
        .into_iter()
        .map(|p| RenderedFile {
            bytes: std::fs::read(site.path("public").join(&p)).unwrap(),
            path: p,
        })
        .collect();
    let broken = check_links(&files);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_atom_feeds_are_read_by_a_feed_parser() {
    let site = built();
    for (lang, count) in [("en", 8), ("ar", 8), ("ckb", 6)] {
        let xml = site.read(&format!("{lang}/decisions/feed.xml"));
        let feed =
            feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{lang} feed: {e}"));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert_eq!(feed.entries.len(), count, "{lang}");
        assert_eq!(
            feed.id,
            format!("https://example.org/{lang}/decisions/feed.xml")
        );
        // Newest publication first; the feed's updated is the latest publication.
        let published: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.published.unwrap().to_rfc3339())
            .collect();
        let mut sorted = published.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(published, sorted);
        assert_eq!(feed.updated.unwrap().to_rfc3339(), published[0]);
        for e in &feed.entries {
            assert!(e.links[0]
                .href
                .starts_with(&format!("https://example.org/{lang}/decisions/20")));
            assert!(e.summary.as_ref().unwrap().content.contains(not_real(lang)));
        }
    }
    let ckb = feed_rs::parser::parse(site.read("ckb/decisions/feed.xml").as_bytes()).unwrap();
    let first = &ckb.entries[0];
    assert_eq!(first.id, "https://example.org/ckb/decisions/2013-007/");
    assert_eq!(
        first.published.unwrap().to_rfc3339(),
        "2013-04-15T00:00:00+00:00"
    );
    assert!(first
        .title
        .as_ref()
        .unwrap()
        .content
        .contains("هاوسەنگیی ڕەگەزی"));
    // 2013-005 and 2012-009 were never published in Kurdish: not announced in its feed.
    assert!(!ckb
        .entries
        .iter()
        .any(|e| e.id.contains("2013-005") || e.id.contains("2012-009")));
}

#[test]
fn the_json_index_lists_every_decision_with_machine_values() {
    let site = built();
    let json: serde_json::Value = serde_json::from_str(&site.read("data/decisions.json")).unwrap();
    let list = json["decisions"].as_array().unwrap();
    let numbers: Vec<&str> = list.iter().map(|d| d["number"].as_str().unwrap()).collect();
    assert_eq!(
        numbers,
        [
            "2013-007", "2013-006", "2013-005", "2013-004", "2013-003", "2013-002", "2013-001",
            "2012-009"
        ]
    );
    let d1 = &list[6];
    assert_eq!(d1["status"], "amended");
    assert_eq!(d1["amended_by"], serde_json::json!(["2013-004"]));
    assert_eq!(d1["adopted"], "2013-01-10");
    assert_eq!(d1["published"]["ckb"], "2013-01-17");
    assert_eq!(d1["delay_days"]["ckb"], 7);
    assert_eq!(d1["example"], true);
    assert_eq!(
        d1["urls"]["ar"],
        "https://example.org/ar/decisions/2013-001/"
    );
    let d5 = &list[2];
    assert!(d5["published"].get("ckb").is_none());
    let d3 = &list[4];
    assert_eq!(d3["attachments"][0]["media_type"], "application/pdf");
    assert_eq!(
        d3["attachments"][0]["url"],
        "https://example.org/decisions/2013-003/2013-003-polling-centres.pdf"
    );
    assert_eq!(json["timeliness"]["total"], 8);
}

#[test]
fn timeliness_is_computed_from_the_dates() {
    let site = built();
    let model = Site::load(&site.root).unwrap();
    let t = model.decision_timeliness();
    assert_eq!((t.total, t.examples), (8, 8));
    let ar = t.language("ar").unwrap();
    // Delays in Arabic: 1, 1, 1, 2, 2, 2, 3, 3 days.
    assert_eq!((ar.published, ar.percent), (8, 100.0));
    assert_eq!(ar.median_delay_days, Some(2.0));
    let ckb = t.language("ckb").unwrap();
    // In Kurdish: 6 of 8 published, after 5, 7, 7, 11, 14 and 17 days.
    assert_eq!((ckb.published, ckb.percent), (6, 75.0));
    assert_eq!(ckb.median_delay_days, Some(9.0));
    assert_eq!(ckb.max_delay_days, Some(17));
    // In English: 4, 4, 4, 5, 6, 7, 7, 10 days.
    assert_eq!(t.language("en").unwrap().median_delay_days, Some(5.5));
    assert_eq!(model.decisions.published_in_all(&["ar", "ckb"]), 6);

    let page = site.read("en/decisions/timeliness/index.html");
    let row = &page[page.find("<tr data-lang=\"ckb\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("6 of 8")
            && row.contains("<bdi>75%</bdi>")
            && row.contains("<bdi>9 days</bdi>"),
        "{row}"
    );
    let ar_page = site.read("ar/decisions/timeliness/index.html");
    assert!(ar_page.contains("<bdi>٧٥٪</bdi>"));
    assert!(page.contains("computed from the example decisions"));
}

#[test]
fn rebuilding_gives_identical_bytes() {
    let site = built();
    let first: Vec<(String, String)> = site
        .public_files()
        .into_iter()
        .filter(|p| p.contains("decisions"))
        .map(|p| {
            let text = site.read(&p);
            (p, text)
        })
        .collect();
    site.build();
    for (p, text) in first {
        assert_eq!(site.read(&p), text, "{p} changed");
    }
}

/// Runs `check` and returns its error output, asserting that it failed.
fn check_fails(site: &TestSite) -> String {
    let out = site.run(&["check"]);
    assert!(!out.status.success(), "check passed");
    stdout(&out)
}

#[test]
fn an_unknown_amended_decision_is_reported_with_its_position() {
    let site = TestSite::fixture("decisions");
    site.edit(
        "content/decisions/2013-004.md",
        "amends = [\"2013-001\"]",
        "amends = [\"2013-010\"]",
    );
    let err = check_fails(&site);
    assert!(
        err.contains("error: content/decisions/2013-004.md:12:11: `amends` names decision 2013-010, which does not exist"),
        "{err}"
    );
    assert!(err.contains("did you mean 2013-001?"), "{err}");
}

#[test]
fn a_duplicate_number_is_reported() {
    let site = TestSite::fixture("decisions");
    let text = std::fs::read_to_string(site.path("content/decisions/2013-007.md")).unwrap();
    site.write("content/decisions/2013-008.md", &text);
    let err = check_fails(&site);
    assert!(
        err.contains("error: content/decisions/2013-008.md:2:10: the decision number `2013-007` is already used by content/decisions/2013-007.md"),
        "{err}"
    );
}

#[test]
fn publication_before_adoption_is_reported() {
    let site = TestSite::fixture("decisions");
    site.edit(
        "content/decisions/2013-006.ckb.md",
        "published = 2013-04-04",
        "published = 2013-03-01",
    );
    let err = check_fails(&site);
    assert!(
        err.contains("error: content/decisions/2013-006.ckb.md:4:13: published on 2013-03-01, before the decision was adopted (2013-03-21)"),
        "{err}"
    );
}

#[test]
fn attachments_outside_the_site_are_refused() {
    let site = TestSite::fixture("decisions");
    let rel = "content/decisions/2013-003.md";
    let original = "file = \"attachments/2013-003-polling-centres.pdf\"";
    site.edit(rel, original, "file = \"../../content/site.toml\"");
    let err = check_fails(&site);
    assert!(
        err.contains("error: content/decisions/2013-003.md:14:8: the attachment `../../content/site.toml` leaves the decision's folder (`..`)"),
        "{err}"
    );

    site.edit(
        rel,
        "file = \"../../content/site.toml\"",
        "file = \"/etc/hostname\"",
    );
    let err = check_fails(&site);
    assert!(
        err.contains("the attachment `/etc/hostname` is an absolute path"),
        "{err}"
    );

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            "/etc/hostname",
            site.path("content/decisions/attachments/link.txt"),
        )
        .unwrap();
        site.edit(
            rel,
            "file = \"/etc/hostname\"",
            "file = \"attachments/link.txt\"",
        );
        let err = check_fails(&site);
        assert!(
            err.contains(
                "the attachment `attachments/link.txt` is (or goes through) a symbolic link"
            ),
            "{err}"
        );
    }

    site.edit(
        rel,
        "file = \"attachments/link.txt\"",
        "file = \"attachments/missing.pdf\"",
    );
    let err = check_fails(&site);
    assert!(
        err.contains("the attachment `attachments/missing.pdf` does not exist"),
        "{err}"
    );
}

#[test]
fn a_written_side_that_disagrees_is_reported() {
    let site = TestSite::fixture("decisions");
    // 2013-004 says it amends 2013-001, but 2013-001 now says only 2013-007 amends it.
    site.edit(
        "content/decisions/2013-001.md",
        "status = \"amended\"",
        "amended_by = [\"2013-007\"]",
    );
    let err = check_fails(&site);
    assert!(
        err.contains("error: content/decisions/2013-001.md:12:14: 2013-004 (content/decisions/2013-004.md) links it to this decision, but `amended_by` here does not list 2013-004"),
        "{err}"
    );

    let site = TestSite::fixture("decisions");
    site.edit(
        "content/decisions/2013-007.md",
        "example = true",
        "example = true\nstatus = \"repealed\"",
    );
    let err = check_fails(&site);
    assert!(
        err.contains("content/decisions/2013-007.md:12:10: the status is `repealed`, but no decision amends or repeals it"),
        "{err}"
    );
}

#[test]
fn the_indicator_named_in_decisions_toml_shows_the_computed_figures() {
    let site = built();
    let page = site.read("en/indicators/1.1.2/index.html");
    let note = &page[page.find("class=\"decisions-note\"").expect("no note")..];
    assert!(note.contains("<li data-lang=\"ckb\"><span lang=\"ckb\" dir=\"rtl\">کوردی</span>: 6 of 8 (<bdi>75%</bdi>) · Median delay <bdi>9 days</bdi></li>"), "{note}");
    assert!(note.contains("computed from the example decisions"));
    assert!(!site
        .read("en/indicators/1.1.1/index.html")
        .contains("decisions-note"));

    let site = TestSite::fixture("decisions");
    site.edit(
        "content/decisions/decisions.toml",
        "indicator = \"1.1.2\"",
        "indicator = \"1.1.22\"",
    );
    let err = check_fails(&site);
    assert!(
        err.contains("error: content/decisions/decisions.toml:3:13: `indicator` names 1.1.22, which is not an indicator of results.toml"),
        "{err}"
    );
}

/// Prints `page` to PDF with Chromium, or `None` (with the reason printed) when Chromium is
/// not installed outside CI.
fn print_to_pdf(site: &TestSite, page: &str) -> Option<Vec<u8>> {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the print test: /usr/bin/chromium is missing"
        );
        eprintln!("skipping the print test: /usr/bin/chromium is not installed");
        return None;
    }
    let pdf = site.path("print.pdf");
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!(
            "file://{}",
            site.path("public").join(page).display()
        ))
        .output()
        .expect("running chromium");
    assert!(pdf.exists(), "chromium printed nothing: {}", stdout(&out));
    Some(std::fs::read(pdf).unwrap())
}

#[test]
fn a_decision_prints_on_a4() {
    let site = built();
    let Some(pdf) = print_to_pdf(&site, "en/decisions/2013-003/index.html") else {
        return;
    };
    let text = String::from_utf8_lossy(&pdf);
    // The print stylesheet's `@page { size: A4 }`: 210 × 297 mm is 595 × 842 points
    // (Chromium's default would be US Letter, 612 × 792).
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(i, _)| &text[i + 11..i + 11 + text[i + 11..].find(']').unwrap()])
        .collect();
    assert!(!boxes.is_empty());
    for b in &boxes {
        let n: Vec<f64> = b.split_whitespace().map(|x| x.parse().unwrap()).collect();
        assert!(
            (n[2] - 595.3).abs() < 1.0 && (n[3] - 841.9).abs() < 1.0,
            "not A4: {b}"
        );
    }
    // A short decision, without the site's header and navigation, fits on one page.
    assert_eq!(boxes.len(), 1, "{} pages", boxes.len());
    // The printed page carries its number, date, status and address.
    let page = site.read("en/decisions/2013-003/index.html");
    let print = &page[page.find("print-address").unwrap()..];
    assert!(print.contains("https://example.org/en/decisions/2013-003/"));
}

#[test]
fn other_mistakes_are_reported_each_with_a_hint() {
    let site = TestSite::fixture("decisions");
    // A second repeal of 2013-002, an unknown category, a bad status, a Kurdish text without
    // its publication date, and a file no decision lists.
    site.edit(
        "content/decisions/2013-007.md",
        "example = true",
        "example = true\nrepeals = [\"2013-002\"]",
    );
    site.edit(
        "content/decisions/2013-005.md",
        "category = \"complaints\"",
        "category = \"complaint\"",
    );
    site.edit(
        "content/decisions/2013-003.md",
        "example = true",
        "example = true\nstatus = \"valid\"",
    );
    site.edit(
        "content/decisions/2013-004.ckb.md",
        "published = 2013-02-28\n",
        "",
    );
    site.write("content/decisions/attachments/stray.pdf", "%PDF-1.4\n");
    let err = check_fails(&site);
    for expected in [
        "content/decisions/2013-007.md:12:12: decision 2013-002 is repealed both by 2013-006 and by 2013-007",
        "content/decisions/2013-005.md:8:12: the category `complaint` is not declared",
        "did you mean `complaints`?",
        "content/decisions/2013-003.md:12:10: unknown status `valid`",
        "content/decisions/2013-004.ckb.md:1:1: this translation has no `published` date",
        "warning: content/decisions/attachments/stray.pdf: no decision lists this file among its attachments",
    ] {
        assert!(err.contains(expected), "{expected:?} not in\n{err}");
    }
}
