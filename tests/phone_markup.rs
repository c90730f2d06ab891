//! The markup the phone, print and hygiene work relies on, checked in the built HTML of the
//! example site and of fixtures of other shapes (the browser itself is tests/phone_browser.rs).

mod common;

use common::TestSite;

fn html_pages(site: &TestSite) -> Vec<String> {
    site.public_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

#[test]
fn no_page_has_an_inline_style_that_the_csp_would_refuse() {
    for site in [TestSite::example(), TestSite::fixture("minimal")] {
        site.write(
            "content/pages/aligned.md",
            "+++\ntitle = \"Aligned\"\n+++\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
        );
        site.build();
        for page in html_pages(&site) {
            assert!(!site.read(&page).contains(" style="), "{page} has style=");
        }
        let aligned = site.read("en/aligned/index.html");
        assert!(
            aligned.contains("<td class=\"align-end\">2</td>"),
            "{aligned}"
        );
        assert!(aligned.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>"));
    }
}

#[test]
fn titles_keep_angle_brackets_escaped() {
    let site = TestSite::fixture("decisions");
    site.write(
        "content/pages/compare.md",
        "+++\ntitle = \"A < B > C\"\n+++\nText.\n",
    );
    site.build();
    let page = site.read("en/compare/index.html");
    let title = page
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(title.starts_with("A &lt; B &gt; C"), "{title}");
    assert!(
        page.contains("<meta property=\"og:title\" content=\"A &lt; B &gt; C\">"),
        "{page}"
    );
}

#[test]
fn not_found_pages_and_the_language_picker_name_no_alternates() {
    for site in [TestSite::example(), TestSite::fixture("rtl")] {
        site.build();
        for page in ["404.html", "en/404.html", "ar/404.html", "index.html"] {
            let html = site.read(page);
            assert!(
                !html.contains("rel=\"alternate\""),
                "{page} names alternates"
            );
        }
        assert!(site.read("en/404.html").contains("noindex"));
        // Every other page names itself among its alternates, so each pair is reciprocal.
        let about = site.read("en/about/index.html");
        assert!(
            about.contains("hreflang=\"en\" href=\"https://example.org/"),
            "{about}"
        );
    }
}

#[test]
fn pages_have_a_phone_menu_and_a_print_header() {
    for site in [TestSite::example(), TestSite::fixture("opendata")] {
        site.build();
        let home = site.read("ar/index.html");
        assert!(home.contains("<details class=\"menu\">"), "no phone menu");
        assert!(
            home.contains("<p class=\"print-header\">"),
            "no print header"
        );
        let header = home
            .split("<p class=\"print-header\">")
            .nth(1)
            .unwrap()
            .split("</p>")
            .next()
            .unwrap();
        assert!(
            header.contains("<bdi dir=\"ltr\">https://example.org/")
                && header.contains("ar/</bdi>"),
            "{header}"
        );
        // Tables that scroll are labelled, focusable regions.
        assert!(
            home.contains("class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"")
        );
        // The Arabic separator, never a middle dot beside Arabic-Indic digits.
        // (Charts draw their own labels: they are outside this check.)
        let main = home.split("<main").nth(1).unwrap();
        for part in main
            .split("<figure")
            .map(|p| p.rsplit("</figure>").next().unwrap())
        {
            assert!(
                !part.contains(" · "),
                "a middle dot in the Arabic page: {part}"
            );
        }
    }
    let css =
        std::fs::read_to_string(common::repo().join("themes/default/static/style.css")).unwrap();
    for rule in [
        "@media (prefers-color-scheme: dark)",
        "@media print",
        "75ch",
        ".print-header",
    ] {
        assert!(css.contains(rule), "style.css lacks {rule}");
    }
}

#[test]
fn the_home_page_leads_with_what_was_promised_done_and_spent() {
    let site = TestSite::example();
    site.build();
    let home = site.read("en/index.html");
    let glance = home
        .split("id=\"glance\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    for words in [
        "6 outputs",
        "51 indicators",
        "Target reached",
        "US$\u{2069}12.8 million",
        "committed",
        "51.6% of the approved budget",
        "7 months left",
    ] {
        assert!(
            glance.contains(words),
            "the summary lacks {words}: {glance}"
        );
    }
    let ar = site.read("ar/index.html");
    assert!(
        ar.contains("٦ مخرجات") && ar.contains("٥١ مؤشرًا") && ar.contains("المتبقي: ٧ أشهر"),
        "{ar}"
    );
    // The programme description is followed by the list it announces.
    assert!(home.contains(
        "in the following areas:</p>\n\n<ol class=\"objectives\"><li>Institutional framework"
    ));
    // The title names the site once.
    let title = home
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(!title.contains(" · "), "{title}");
}

#[test]
fn the_fallback_notice_names_the_language_shown() {
    let site = TestSite::example();
    site.build();
    // Decision 2013-005 has no Sorani text: its Arabic text is shown, and the notice says so.
    let page = site.read("ckb/decisions/2013-005/index.html");
    let notice = page
        .split("notice-fallback")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(
        notice.contains(r#"<span lang="ar" dir="rtl">العربية</span>"#),
        "{notice}"
    );
    assert!(!notice.contains("ئینگلیزی"), "{notice}");
}
