//! A second organisation of another shape than the example (`tests/fixtures/water`): baselines,
//! directions, units, money in EUR, period targets, approved budgets, exact figures, computed
//! assessments and a breakdown by governorate.

mod common;

use std::process::Command;

use common::{repo, stderr, stdout, TestSite};

fn built() -> TestSite {
    let site = TestSite::fixture("water");
    site.build();
    site
}

/// The text of an HTML fragment: tags dropped, whitespace collapsed.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The facts list at the top of an indicator page, as words.
fn facts(page: &str) -> String {
    let start = page.find(r#"<dl class="facts">"#).expect("facts");
    let end = start + page[start..].find("</dl>").unwrap();
    words(&page[start..end])
}

#[test]
fn it_passes_check_with_only_the_translation_it_lacks() {
    let site = TestSite::fixture("water");
    let out = site.run(&["check"]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}");
    assert!(report.ends_with("0 errors, 1 warning\n"), "{report}");
    assert!(
        report.contains("1.2.md: this text is not translated into `ar`"),
        "{report}"
    );
    // With the translation added, it passes --deny-warnings: every flag is acknowledged.
    site.write(
        "content/periods/2023-Q3/1.2.ar.md",
        "+++\noutput = \"1.2\"\n+++\nتُنشر قرارات الإحالة الآن خلال شهر.\n",
    );
    let out = site.run(&["check", "--deny-warnings"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn a_decreasing_indicator_is_measured_from_its_baseline() {
    let site = built();
    let en = facts(&site.read("en/indicators/1.2.1/index.html"));
    for fact in [
        "Unit days",
        "Direction ↓ Lower is better",
        "Baseline 60 days (31 December 2022)",
        "Target 20 days",
        "Actual (July–September 2023) 24 days",
        "% of planned 90%",
        "% of planned (computed) 90%",
        "Assessment (computed) On track",
    ] {
        assert!(en.contains(fact), "{fact:?} in {en}");
    }
    let ar = facts(&site.read("ar/indicators/1.2.1/index.html"));
    for fact in [
        "الاتجاه ↓ الأدنى أفضل",
        "خط الأساس ٦٠ يوماً (٣١ كانون الأول ٢٠٢٢)",
        "٢٠ يوماً",
        "٢٤ يوماً",
        "٪ من المخطط (محسوبة) ٩٠٪",
        "التقييم (محسوب) على المسار",
    ] {
        assert!(ar.contains(fact), "{fact:?} in {ar}");
    }
    // The progress chart draws the way covered from 60 towards 20, not 24 ÷ 20 = 120 %.
    let page = site.read("en/indicators/1.2.1/index.html");
    assert!(
        page.contains("↓ Lower is better"),
        "a visible cue in the chart"
    );
    assert!(!page.contains("Figures disagree"));
}

#[test]
fn a_decrease_without_a_baseline_is_never_called_a_disagreement() {
    let site = built();
    let page = site.read("en/indicators/1.2.2/index.html");
    assert!(!page.contains("Figures disagree"), "{}", facts(&page));
    assert!(!page.contains("(computed)</dt>"), "no % can be computed");
    assert!(page.contains("without a baseline there is no way to measure from"));
}

#[test]
fn figures_keep_the_digits_the_editor_wrote() {
    let site = built();
    let chlorine = site.read("en/indicators/1.1.3/index.html");
    assert!(chlorine.contains("3.125"), "not 3.12");
    assert!(chlorine.contains("0.250"), "not 0.25");
    assert!(chlorine.contains("0.125"));
    assert!(site
        .read("ar/indicators/1.1.3/index.html")
        .contains("٣٫١٢٥"));
    let litres = site.read("en/indicators/1.1.4/index.html");
    assert!(litres.contains("9,007,199,254,740,993"), "not …992");
    let csv = site.read("data/indicators/1.1.3.csv");
    assert!(csv.contains("3.125") && csv.contains("0.250"), "{csv}");
    let data = site.read("data/shafaf-data.csv");
    assert!(data.contains(",9007199254740993,"), "exact in the data");
}

#[test]
fn money_is_formatted_by_cldr_in_each_language() {
    let site = built();
    let en = site.read("en/indicators/1.2.3/index.html");
    assert!(en.contains("€42,337,500.43"), "{}", facts(&en));
    assert!(!en.contains("EUR42"));
    let ar = site.read("ar/indicators/1.2.3/index.html");
    assert!(ar.contains("٤٢٬٣٣٧٬٥٠٠٫٤٣\u{a0}€"), "{}", facts(&ar));
    let funds = site.read("en/funds/index.html");
    assert!(funds.contains("Approved budget"));
    assert!(funds.contains("€14,265,000.00"));
}

#[test]
fn period_targets_and_older_flags_are_first_class() {
    let site = built();
    let page = site.read("en/indicators/1.1.1/index.html");
    // The period targets are in the history table and on the chart.
    assert!(page.contains("Target for the period"));
    for target in ["2,000", "3,000", "4,000"] {
        assert!(page.contains(target), "{target}");
    }
    // Flagged only in 2023-Q1, an older period: its flag and note keep an anchor.
    assert!(page.contains(r#"id="flags-2023-Q1""#));
    assert!(page.contains("Anbar&#39;s return was late"));
    assert!(page.contains("Known to the editors"), "acknowledged");
    let q1 = site.read("en/periods/2023-Q1/index.html");
    assert!(q1.contains("indicators/1.1.1/#flags-2023-Q1"));
    // A period's page gives that period's target.
    let q2 = words(&site.read("en/periods/2023-Q2/index.html"));
    assert!(
        q2.contains("Households connected 3,000 households 2,600 households"),
        "{q2}"
    );
    // The period target is what that period's % is measured against: 3,900 of 4,000.
    assert!(words(&page).contains("97.5%"));
}

#[test]
fn computed_assessments_are_counted_and_labelled() {
    let site = built();
    let results = site.read("en/results/index.html");
    assert!(results.contains("Indicators by computed assessment"));
    assert!(results.contains("On track"));
    assert!(results.contains("computed by this site"));
    let home = site.read("en/index.html");
    assert!(home.contains("On track <span class=\"computed\">(computed)</span>"));
    // The maintained indicator is on track while at or above its target.
    let samples = facts(&site.read("en/indicators/1.1.2/index.html"));
    assert!(
        samples.contains("Assessment (computed) On track"),
        "{samples}"
    );
    assert!(samples.contains("Keep at or above the target"));
}

#[test]
fn the_programme_texts_are_published() {
    let site = built();
    let results = site.read("en/results/index.html");
    for text in [
        "Every household in the three governorates has safe water at home.",
        "The water directorates deliver and procure faster and more openly.",
        "Connect five thousand households.",
        "The figures come from the directorates",
    ] {
        assert!(results.contains(text), "{text}");
    }
}

#[test]
fn a_breakdown_by_governorate_reads_naturally() {
    let site = built();
    let page = site.read("en/indicators/1.1.1/index.html");
    assert!(page.contains("Actual by Governorate"));
    assert!(page.contains("Basra"));
    let dictionary = site.read("data/dictionary.csv");
    assert!(!dictionary.contains("(sex)"), "{dictionary}");
    assert!(!dictionary.contains("male"), "{dictionary}");
}

#[test]
fn check_compares_shares_with_the_approved_budget() {
    let site = TestSite::fixture("water");
    site.edit(
        "content/periods/2023-Q3/period.toml",
        "disbursed_percent = 25",
        "disbursed_percent = 40",
    );
    let out = site.run(&["check"]);
    let report = stdout(&out);
    assert!(
        report.contains("the reported disbursed % of approved (40%) differs from disbursed ÷ approved (1066250 ÷ 4265000 = 25%)"),
        "{report}"
    );
}

/// Is `xmllint` installed? Outside CI a missing tool skips the test; in CI it fails it.
fn have_xmllint() -> bool {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is required in CI"
        );
        eprintln!("SKIPPED: xmllint is not installed");
    }
    found
}

#[test]
fn the_iati_export_has_baselines_directions_and_the_budget_and_validates() {
    let site = built();
    let xml = site.read("data/iati-activities.xml");
    let start = xml
        .find("<indicator measure=\"1\" ascending=\"0\"")
        .expect("{xml}");
    let end = start + xml[start..].find("</indicator>").unwrap();
    let indicator = &xml[start..end];
    assert!(indicator.contains("Days to publish procurement awards"));
    assert!(indicator.contains(r#"<baseline year="2022" iso-date="2022-12-31" value="60"/>"#));
    assert!(indicator.contains(r#"<actual value="24"/>"#));
    assert!(xml.contains("<budget type=\"1\" status=\"2\">"));
    assert!(xml.contains(">14265000</value>"));
    if !have_xmllint() {
        return;
    }
    let rel = "shared/iati-schemas/iati-activities-schema.xsd";
    let schema = repo()
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(rel))
        .find(|p| p.is_file())
        .expect("the IATI schemas beside the repository");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(site.path("public/data/iati-activities.xml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A sentinel word for text number `n`: letters only, so that no language's digits change it;
/// `n` in base 16 with the letters a–p between `zqx` and `z`, so that no sentinel is part of
/// another.
fn sentinel(n: usize) -> String {
    let mut s = String::from("zqx");
    let mut n = n;
    loop {
        s.push((b'a' + (n % 16) as u8) as char);
        n /= 16;
        if n == 0 {
            s.push('z');
            break s;
        }
    }
}

/// Replaces every translatable text (a table keyed by the site's languages) under `value` with
/// sentinels, collecting them with where they came from.
fn plant(value: &mut toml::Value, path: &str, planted: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(t) => {
            let is_text = !t.is_empty()
                && t.iter()
                    .all(|(k, v)| ["en", "ar"].contains(&k.as_str()) && v.is_str());
            if is_text && !path.ends_with(".translation") {
                for (lang, v) in t.iter_mut() {
                    let s = sentinel(planted.len());
                    planted.push((s.clone(), format!("{path}.{lang}")));
                    *v = toml::Value::String(s);
                }
                return;
            }
            for (k, v) in t.iter_mut() {
                plant(v, &format!("{path}.{k}"), planted);
            }
        }
        toml::Value::Array(a) => {
            for (n, v) in a.iter_mut().enumerate() {
                plant(v, &format!("{path}[{n}]"), planted);
            }
        }
        _ => {}
    }
}

#[test]
fn every_text_field_reaches_a_page_or_the_data_files() {
    let site = TestSite::fixture("water");
    let files = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| e.path().to_path_buf())
        .collect::<Vec<_>>();
    let mut planted = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut value: toml::Value = toml::from_str(&text).unwrap();
        let name = file.strip_prefix(&site.root).unwrap().display().to_string();
        plant(&mut value, &name, &mut planted);
        std::fs::write(file, toml::to_string(&value).unwrap()).unwrap();
    }
    assert!(planted.len() > 80, "{} texts planted", planted.len());
    site.build();
    let mut published = String::new();
    let (mut pages, mut data) = (String::new(), String::new());
    for rel in site.public_files() {
        let text = std::fs::read_to_string(site.path("public").join(&rel)).unwrap_or_default();
        if rel.ends_with(".html") {
            pages.push_str(&text);
        } else {
            data.push_str(&text);
        }
    }
    published.push_str(&pages);
    published.push_str(&data);
    let missing: Vec<&String> = planted
        .iter()
        .filter(|(s, _)| !published.contains(s.as_str()))
        .map(|(_, from)| from)
        .collect();
    assert!(missing.is_empty(), "published nowhere: {missing:#?}");
    // Texts readers see are on a page, not only in the data files; the site's own title and
    // the like are on every page.
    let data_only: Vec<&String> = planted
        .iter()
        .filter(|(s, _)| !pages.contains(s.as_str()))
        .map(|(_, from)| from)
        .collect();
    assert!(data_only.is_empty(), "on no page: {data_only:#?}");
}
