//! No page grows with the site: a period with more indicator values than one page holds lists
//! them over several pages, each value on exactly one, with a pager between them; a results
//! framework of many indicators lists its outputs, a hundred a page, with links to their pages;
//! the translations page's table of files and the search page's list go on pages too, and the
//! home page shows the first outputs only; an output of many indicators lists them over pages.

mod common;

use common::TestSite;

/// Values on one page of a period (the renderer's `VALUES_PER_PAGE`).
const PER_PAGE: usize = 100;
/// What any page may weigh at most.
const MAX_PAGE_BYTES: usize = 150 * 1024;

/// Adds `n` count indicators to output `output` and a value for each in period `period`.
fn grow(site: &TestSite, output: &str, period: &str, n: usize) -> Vec<String> {
    let results = "content/results.toml";
    let period_file = format!("content/periods/{period}/period.toml");
    let mut defs = std::fs::read_to_string(site.path(results)).unwrap();
    let mut values = std::fs::read_to_string(site.path(&period_file)).unwrap();
    let mut ids = Vec::new();
    for k in 1..=n {
        let id = format!("{output}.{}", 500 + k);
        defs.push_str(&format!(
            "\n[[indicators]]\nid = \"{id}\"\noutput = \"{output}\"\nkind = \"count\"\n\
             title = {{ en = \"Generated indicator {k}\", ar = \"مؤشر مولد {k}\" }}\n"
        ));
        values.push_str(&format!(
            "\n[[values]]\nindicator = \"{id}\"\nactual = {k}\n"
        ));
        ids.push(id);
    }
    site.write(results, &defs);
    site.write(&period_file, &values);
    ids
}

/// The results framework of the grown site in `lang`: two pages, each output on exactly one,
/// linked rather than listing its indicators.
fn check_results(site: &TestSite, fixture: &str, lang: &str, outputs: &[String], ids: &[String]) {
    let pages = [
        format!("{lang}/results/index.html"),
        format!("{lang}/results/page/2/index.html"),
    ];
    assert!(!site
        .path(&format!("public/{lang}/results/page/3/index.html"))
        .exists());
    let html: Vec<String> = pages.iter().map(|p| site.read(p)).collect();
    for o in outputs {
        let on: Vec<usize> = html
            .iter()
            .map(|h| h.matches(&format!("outputs/{o}/\"")).count())
            .collect();
        assert_eq!(
            on.iter().filter(|c| **c > 0).count(),
            1,
            "{fixture}: output {o} is on exactly one results page: {on:?}"
        );
    }
    for (p, h) in pages.iter().zip(&html) {
        assert!(ids.iter().all(|id| links_to(h, id) == 0), "{fixture}: {p}");
        assert!(
            h.len() <= MAX_PAGE_BYTES,
            "{fixture}: {p} is {} bytes",
            h.len()
        );
    }
    assert!(html[0].contains("rel=\"next\"") && html[0].contains("results/page/2/"));
    // A chart of 150 outputs' progress would outweigh the page; each output has its own bar.
    assert!(!html[0].contains("chart-outputs"), "{fixture}");
    assert!(html[1].contains("rel=\"prev\"") && !html[1].contains("rel=\"next\""));
}

/// Writes an English narrative for each indicator of `ids` in period `period`; returns their
/// files, as the translations page names them.
fn grow_narratives(site: &TestSite, period: &str, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            let file = format!("content/periods/{period}/{id}.md");
            site.write(
                &file,
                &format!("+++\nindicator = \"{id}\"\n+++\nWhat was done for {id}.\n"),
            );
            file
        })
        .collect()
}

/// The Arabic translations page of the grown site lists its files over two pages, each on
/// exactly one; the English (original) one has no table of files, so one page.
fn check_translations(site: &TestSite, fixture: &str, files: &[String]) {
    let pages = [
        "ar/translations/index.html",
        "ar/translations/page/2/index.html",
    ];
    assert!(!site
        .path("public/ar/translations/page/3/index.html")
        .exists());
    assert!(!site
        .path("public/en/translations/page/2/index.html")
        .exists());
    let html: Vec<String> = pages.iter().map(|p| site.read(p)).collect();
    for f in files {
        let on: Vec<usize> = html
            .iter()
            .map(|h| h.matches(&format!("<code>{f}</code>")).count())
            .collect();
        assert_eq!(
            on.iter().sum::<usize>(),
            1,
            "{fixture}: {f} on one page: {on:?}"
        );
    }
    for (p, h) in pages.iter().zip(&html) {
        let rows = h.matches("<tr").count();
        assert!(rows <= 100 + 10, "{fixture}: {p} has {rows} rows");
    }
    assert!(html[0].contains("translations/page/2/") && html[0].contains("rel=\"next\""));
    assert!(html[1].contains("rel=\"prev\"") && !html[1].contains("class=\"translations\""));
}

/// The search page's list of the grown site in `lang`: on two or more pages of at most 200
/// entries, each indicator of `ids` on exactly one, all of them searchable from the first page.
fn check_search(site: &TestSite, fixture: &str, lang: &str, ids: &[String]) {
    let pages: Vec<String> = (1..=5)
        .map(|n| match n {
            1 => format!("{lang}/search/index.html"),
            n => format!("{lang}/search/page/{n}/index.html"),
        })
        .filter(|p| site.path(&format!("public/{p}")).exists())
        .collect();
    assert!(
        pages.len() >= 2,
        "{fixture}: search list on pages {pages:?}"
    );
    let html: Vec<String> = pages.iter().map(|p| site.read(p)).collect();
    for id in ids {
        let on: Vec<usize> = html
            .iter()
            .map(|h| h.matches(&format!("data-u=\"indicators/{id}/\"")).count())
            .collect();
        assert_eq!(
            on.iter().sum::<usize>(),
            1,
            "{fixture}: {id} listed once: {on:?}"
        );
    }
    for (p, h) in pages.iter().zip(&html) {
        let listed = h.matches("<li data-u=").count();
        assert!(listed <= 200, "{fixture}: {p} lists {listed}");
        assert!(
            h.contains("search-index.json"),
            "{fixture}: {p} searches the whole site"
        );
    }
    assert!(html[0].contains("search/page/2/") && html[0].contains("rel=\"next\""));
}

/// The English home page of the grown site, of `total` outputs, shows the first 50 of them and
/// says so; the Arabic one says it in the same place.
fn check_home(site: &TestSite, fixture: &str, total: usize) {
    for lang in ["en", "ar"] {
        let home = site.read(&format!("{lang}/index.html"));
        let table = &home[home.find("<table class=\"outputs\"").unwrap()..];
        let table = &table[..table.find("</table>").unwrap()];
        let rows = table.matches("<th scope=\"row\">").count();
        assert_eq!(rows, 50, "{fixture}: {lang} home lists {rows} outputs");
        assert!(home.contains("<p class=\"more\">"), "{fixture}: {lang}");
        assert!(
            home.len() <= MAX_PAGE_BYTES,
            "{fixture}: {lang} home is {}",
            home.len()
        );
    }
    let en = site.read("en/index.html");
    assert!(
        en.contains(&format!("The first 50 of {total} outputs")),
        "{fixture}"
    );
}

/// The page of output `output`, grown by `ids`, lists its indicators over three pages in `lang`,
/// each on exactly one.
fn check_output(site: &TestSite, fixture: &str, lang: &str, output: &str, ids: &[String]) {
    let route = format!("outputs/{output}/");
    assert!(!site
        .path(&format!("public/{lang}/{route}page/4/index.html"))
        .exists());
    let pages: Vec<String> = (1..=3)
        .map(|n| match n {
            1 => site.read(&format!("{lang}/{route}index.html")),
            n => site.read(&format!("{lang}/{route}page/{n}/index.html")),
        })
        .collect();
    for id in ids {
        let on: Vec<usize> = pages.iter().map(|h| links_to(h, id)).collect();
        assert_eq!(
            on.iter().filter(|c| **c > 0).count(),
            1,
            "{fixture}: {id}: {on:?}"
        );
    }
    for h in &pages {
        assert!(
            h.len() <= MAX_PAGE_BYTES,
            "{fixture}: {route} is {} bytes",
            h.len()
        );
    }
    assert!(pages[1].contains("rel=\"prev\"") && pages[1].contains("rel=\"next\""));
}

/// How many times a link to indicator `id`'s page occurs in `html`.
fn links_to(html: &str, id: &str) -> usize {
    html.matches(&format!("indicators/{id}/\"")).count()
}

fn check(fixture: &str, output: &str, period: &str, lead: &str) {
    let site = TestSite::fixture(fixture);
    let ids = grow(&site, output, period, 230);
    let mut outputs = site.grow_outputs(lead, 150);
    outputs.push(output.to_owned());
    let narratives = grow_narratives(&site, period, &ids[..120]);
    site.build();
    check_translations(&site, fixture, &narratives);
    let results = std::fs::read_to_string(site.path("content/results.toml")).unwrap();
    check_home(&site, fixture, results.matches("[[outputs]]").count());
    for lang in ["en", "ar"] {
        check_results(&site, fixture, lang, &outputs, &ids);
        check_search(&site, fixture, lang, &ids);
        check_output(&site, fixture, lang, output, &ids);
        let pages: Vec<String> = (1..=4)
            .map(|n| match n {
                1 => format!("{lang}/periods/{period}/index.html"),
                n => format!("{lang}/periods/{period}/values/{n}/index.html"),
            })
            .filter(|p| site.path(&format!("public/{p}")).exists())
            .collect();
        assert_eq!(
            pages.len(),
            3,
            "{fixture}: the period's values on 3 pages: {pages:?}"
        );
        let html: Vec<String> = pages.iter().map(|p| site.read(p)).collect();
        for id in &ids {
            let on: Vec<usize> = html.iter().map(|h| links_to(h, id)).collect();
            assert_eq!(
                on.iter().filter(|c| **c > 0).count(),
                1,
                "{fixture}: indicator {id} is on exactly one page of the period: {on:?}"
            );
        }
        for (p, h) in pages.iter().zip(&html) {
            let rows = h.matches("<tr").count();
            assert!(
                rows <= PER_PAGE + 20,
                "{fixture}: {p} has {rows} table rows"
            );
            assert!(
                h.len() <= MAX_PAGE_BYTES,
                "{fixture}: {p} is {} bytes",
                h.len()
            );
        }
        assert!(html[1].contains("rel=\"prev\"") && html[1].contains("rel=\"next\""));
        assert!(html[0].contains("values/2/") && !html[0].contains("rel=\"prev\""));
        assert!(!html[2].contains("rel=\"next\""));
    }
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(&format!("/en/periods/{period}/values/3/</loc>")));
}

#[test]
fn a_long_period_and_a_large_framework_are_split_into_pages_on_the_water_site() {
    check("water", "1.1", "2023-Q3", "wsa");
}

#[test]
fn a_long_period_and_a_large_framework_are_split_into_pages_on_the_minimal_site() {
    check("minimal", "1.1", "2013-Q1", "undp");
}

/// Adds `n` decisions of category `category` to the site, numbered `2099-001` and on.
fn grow_decisions(site: &TestSite, category: &str, n: usize) -> Vec<String> {
    (1..=n)
        .map(|k| {
            let number = format!("2099-{k:03}");
            site.write(
                &format!("content/decisions/{number}.md"),
                &format!(
                    "+++\nnumber = \"{number}\"\ntitle = \"Generated decision {k}\"\n\
                     adopted = 2099-01-01\ncategory = \"{category}\"\n+++\n\nDecided {k}.\n"
                ),
            );
            number
        })
        .collect()
}

/// The pages of the list at `route` (`decisions/timeliness/`) in English: `count` of them.
fn list_pages(site: &TestSite, route: &str, count: usize) -> Vec<String> {
    let page = |n: usize| match n {
        1 => format!("en/{route}index.html"),
        n => format!("en/{route}page/{n}/index.html"),
    };
    assert!(!site.path(&format!("public/{}", page(count + 1))).exists());
    (1..=count).map(|n| site.read(&page(n))).collect()
}

/// Each decision of `numbers` is linked from exactly one of `pages`, which are bounded.
fn each_once(pages: &[String], numbers: &[String], what: &str) {
    for d in numbers {
        let on: Vec<usize> = pages
            .iter()
            .map(|h| h.matches(&format!("decisions/{d}/\"")).count())
            .collect();
        assert_eq!(
            on.iter().filter(|c| **c > 0).count(),
            1,
            "{what}: {d}: {on:?}"
        );
    }
    for h in pages {
        assert!(h.len() <= MAX_PAGE_BYTES, "{what}: {} bytes", h.len());
    }
    assert!(pages[0].contains("rel=\"next\"") && !pages[0].contains("rel=\"prev\""));
}

/// A category of 130 more decisions lists them over two pages, and so does the timeliness
/// table, whose figures by language stay on its first page.
fn check_decisions(site: TestSite, category: &str) {
    let numbers = grow_decisions(&site, category, 130);
    site.build();
    let listed = list_pages(&site, &format!("decisions/category/{category}/"), 2);
    each_once(&listed, &numbers, category);
    let timeliness = list_pages(&site, "decisions/timeliness/", 2);
    each_once(&timeliness, &numbers, "timeliness");
    assert!(timeliness[0].contains("<table class=\"timeliness\">"));
    assert!(!timeliness[1].contains("<table class=\"timeliness\">"));
}

#[test]
fn a_long_list_of_decisions_is_split_into_pages_on_the_decisions_site() {
    check_decisions(TestSite::fixture("decisions"), "observers");
}

#[test]
fn a_long_list_of_decisions_is_split_into_pages_on_the_example_site() {
    check_decisions(TestSite::example(), "complaints");
}
