//! Charts in the built example site: every indicator, output, funds and beneficiaries page carries
//! its chart and the table of its figures in every language; every chart is well-formed SVG that
//! names its language; right-to-left charts use the page's digits; rebuilds are byte-identical.

mod common;

use common::TestSite;
use shafaf::model::{Direction, Site};

const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// Every outermost `<svg>…</svg>` of a page (a chart's plot is an `<svg>` inside it).
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut at) = (0, 0, 0);
    while let Some(next) = html[at..]
        .find("<svg")
        .map(|i| (i, true))
        .into_iter()
        .chain(html[at..].find("</svg>").map(|i| (i, false)))
        .min_by_key(|(i, _)| *i)
    {
        let (i, open) = next;
        let pos = at + i;
        if open {
            if depth == 0 {
                start = pos;
            }
            depth += 1;
            at = pos + 4;
        } else {
            depth -= 1;
            at = pos + "</svg>".len();
            if depth == 0 {
                out.push(&html[start..at]);
            }
        }
    }
    out
}

/// The `<figure>` holding the chart whose SVG id prefix is `id`.
fn figure<'a>(html: &'a str, id: &str, page: &str) -> &'a str {
    let at = html
        .find(&format!("aria-labelledby=\"{id}-t {id}-d\""))
        .unwrap_or_else(|| panic!("{page}: no chart {id}"));
    let start = html[..at]
        .rfind("<figure class=\"chart")
        .unwrap_or_else(|| panic!("{page}: chart {id} outside a figure"));
    let end = html[at..].find("</figure>").expect("closed figure") + at;
    &html[start..end]
}

/// Checks one chart: well-formed, described, in the page's language, with its table.
fn check_chart(html: &str, id: &str, lang: &str, page: &str) {
    let fig = figure(html, id, page);
    let svg = svgs(fig)[0];
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{page}: chart {id} is not well-formed XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"), "{page} {id}");
    assert_eq!(root.attribute((XML, "lang")), Some(lang), "{page} {id}");
    assert_eq!(root.attribute("direction"), Some("ltr"), "{page} {id}");
    let caption = fig
        .split_once("<figcaption class=\"chart-takeaway\">")
        .and_then(|(_, rest)| rest.split_once("</figcaption>"))
        .map(|(c, _)| c)
        .unwrap_or_else(|| panic!("{page}: chart {id} has no takeaway"));
    assert!(
        !caption.trim().is_empty(),
        "{page}: chart {id}: empty takeaway"
    );
    if lang != "en" {
        assert!(
            !caption.chars().any(|c| c.is_ascii_digit()),
            "{page}: {id}: takeaway {caption:?} in Latin digits"
        );
    }
    assert_eq!(root.attribute("viewBox"), None, "{page}: {id} is scaled");
    for tag in ["title", "desc"] {
        let node = root
            .children()
            .find(|n| n.has_tag_name(tag))
            .unwrap_or_else(|| panic!("{page}: chart {id} has no <{tag}>"));
        assert!(
            !node.text().unwrap_or("").trim().is_empty(),
            "{page}: chart {id} has an empty <{tag}>"
        );
    }
    assert!(
        svg.len() < 8 * 1024,
        "{page}: chart {id} is {} bytes",
        svg.len()
    );
    assert!(
        fig.contains("<details class=\"chart-data\">") && fig.contains("<table>"),
        "{page}: chart {id} has no table of its figures"
    );
    if lang != "en" {
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let text = t.text().unwrap_or("");
            assert!(
                text.starts_with('\u{2067}') && text.ends_with('\u{2069}'),
                "{page}: {id}: label {text:?} is not isolated"
            );
        }
    }
}

#[test]
fn every_chart_page_carries_its_chart_and_table_in_every_language() {
    let site = TestSite::example();
    site.build();
    let model = Site::load(&site.root).expect("the example site loads");
    let current = model.current_period().expect("a current period");
    let mut checked = 0;
    let mut words = 0;
    for lang in &model.config.languages {
        let l = lang.code.as_str();
        for i in &model.results.indicators {
            let page = format!("{l}/indicators/{}/index.html", i.id);
            let html = site.read(&page);
            let slug = i.id.replace('.', "-");
            if html.contains("<p class=\"chart-words chart-progress\">") {
                // Nothing to measure against: words instead of an empty chart.
                assert!(
                    i.target.as_ref().and_then(|t| t.number()).is_none() || i.baseline.is_none(),
                    "{page}: a numeric target, yet no chart"
                );
                words += 1;
            } else {
                check_chart(&html, &format!("chart-progress-{slug}"), l, &page);
            }
            if model.history(&i.id).count() >= 2 {
                check_chart(&html, &format!("chart-history-{slug}"), l, &page);
            }
            if current
                .value(&i.id)
                .is_some_and(|v| !v.breakdown.is_empty())
            {
                check_chart(&html, &format!("chart-split-{slug}"), l, &page);
            }
            checked += 1;
        }
        for o in &model.results.outputs {
            let page = format!("{l}/outputs/{}/index.html", o.id);
            let slug = o.id.replace('.', "-");
            check_chart(&site.read(&page), &format!("chart-output-{slug}"), l, &page);
        }
        let period = current.id.replace('.', "-");
        // The home page shows the outputs once, as its table with a bar in each row (their
        // chart is on the results page).
        for (page, kind) in [
            ("index.html", "funds"),
            ("index.html", "people"),
            ("results/index.html", "outputs"),
            ("funds/index.html", "funds"),
            ("beneficiaries/index.html", "people"),
        ] {
            let page = format!("{l}/{page}");
            check_chart(
                &site.read(&page),
                &format!("chart-{kind}-{period}"),
                l,
                &page,
            );
        }
    }
    assert_eq!(checked, 3 * model.results.indicators.len());
    assert!(
        words > 0,
        "the example's word targets (2.1.7: tbd) have no chart"
    );
    assert!(site
        .read("en/indicators/2.1.7/index.html")
        .contains("No chart: the target is “tbd by IHEC”"));
    // The two indicators the report gives 2010, 2011 and 2013 figures for.
    assert!(site
        .read("en/indicators/2.1.7/index.html")
        .contains("chart-history-2-1-7-t"));
    assert!(site
        .read("ar/indicators/2.1.6/index.html")
        .contains("chart-history-2-1-6-t"));
}

#[test]
fn right_to_left_charts_use_the_pages_digits_and_grow_from_the_right() {
    let site = TestSite::example();
    site.build();
    let model = Site::load(&site.root).expect("the example site loads");
    for lang in model
        .config
        .languages
        .iter()
        .filter(|l| l.direction == Direction::Rtl)
    {
        let page = format!("{}/results/index.html", lang.code);
        let html = site.read(&page);
        let fig = figure(&html, "chart-outputs-2013-Q1", &page);
        let doc = roxmltree::Document::parse(svgs(fig)[0]).unwrap();
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.len() >= 2 * model.results.outputs.len(), "{texts:?}");
        for t in &texts {
            assert!(
                !t.chars().any(|c| c.is_ascii_digit()),
                "{page}: {t:?} is not in the page's digits"
            );
        }
        assert!(texts.iter().any(|t| t.contains("٥٦٪")), "{texts:?}");
        let bars: Vec<(f64, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#0072B2"))
            .map(|n| {
                let a = |k| {
                    let v = n.attribute(k).unwrap_or("0");
                    v.trim_end_matches('%').parse::<f64>().unwrap()
                };
                (a("x"), a("width"))
            })
            .collect();
        assert_eq!(bars.len(), model.results.outputs.len());
        assert!(
            bars.iter().all(|(x, w)| (x + w - 100.0).abs() < 0.01),
            "{page}: bars do not start at the right edge: {bars:?}"
        );
    }
}

#[test]
fn pages_with_charts_stay_light_and_rebuild_byte_identical() {
    let site = TestSite::example();
    site.build();
    let first: Vec<(String, Vec<u8>)> = site
        .public_files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.path("public").join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    site.build();
    for (f, bytes) in &first {
        let again = std::fs::read(site.path("public").join(f)).unwrap();
        assert!(&again == bytes, "{f} differs between two builds");
    }
    let mut sizes: Vec<usize> = first
        .iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(_, b)| b.len())
        .collect();
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2];
    let max = *sizes.last().unwrap();
    assert!(median < 60 * 1024, "median page {median} bytes");
    assert!(max < 150 * 1024, "largest page {max} bytes");
}
