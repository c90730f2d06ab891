//! Open data: the files a reuser downloads, what they hold, and the pages that link to them.

mod common;

use common::TestSite;

fn site() -> TestSite {
    let s = TestSite::fixture("opendata");
    s.build();
    s
}

#[test]
fn each_indicator_has_a_csv_with_every_period_in_machine_numbers() {
    let s = site();
    let csv = s.read("data/indicators/1.1.2.csv");
    assert_eq!(
        csv,
        "indicator,period,period_start,period_end,target,target_term,actual,actual_term,percent,percent_term,sex_male,sex_female,notes\r\n\
         1.1.2,2012,2012-01-01,2012-12-31,340,,154,,,,112,42,\r\n\
         1.1.2,2013-Q1,2013-01-01,2013-03-31,340,,498,,100,,468,28,\"Counted twice, \"\"roughly\"\"\"\r\n"
    );
    // A word instead of a number goes to the _term column, the number column stays empty.
    let csv = s.read("data/indicators/1.1.1.csv");
    assert!(
        csv.contains("\r\n1.1.1,2013-Q1,2013-01-01,2013-03-31,,yes,,initiated,8,,"),
        "{csv}"
    );
}

#[test]
fn each_indicator_has_json_with_all_languages_and_the_licence() {
    let s = site();
    let v: serde_json::Value = serde_json::from_str(&s.read("data/indicators/1.1.2.json")).unwrap();
    assert_eq!(v["indicator"], "1.1.2");
    assert_eq!(v["target"], 340);
    assert_eq!(v["disaggregation"], "sex");
    let periods = v["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[1]["period"], "2013-Q1");
    assert_eq!(periods[1]["actual"], 498);
    assert_eq!(periods[1]["breakdown"]["female"], 28);
    assert_eq!(periods[1]["notes"][0]["ar"], "عُدّ مرتين");
    assert_eq!(
        v["licence"]["en"],
        "Open data under CC BY 4.0, from the fixture's report."
    );
    let v: serde_json::Value = serde_json::from_str(&s.read("data/indicators/1.1.1.json")).unwrap();
    assert_eq!(v["target"]["term"], "yes");
}

#[test]
fn the_whole_dataset_has_one_record_per_figure() {
    let s = site();
    let csv = s.read("data/shafaf-data.csv");
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("record,period,period_start,period_end,subject,output,measure,dimension,category,value,term,date")
    );
    for row in [
        "indicator,,,,1.1.2,1.1,target,,,340,,",
        "indicator,2013-Q1,2013-01-01,2013-03-31,1.1.2,1.1,actual,,,498,,",
        "indicator,2013-Q1,2013-01-01,2013-03-31,1.1.2,1.1,actual,sex,female,28,,",
        "indicator,2012,2012-01-01,2012-12-31,1.1.2,1.1,actual,sex,male,112,,",
        "output,2013-Q1,2013-01-01,2013-03-31,1.1,,percent,,,56,,",
        "funds,2013-Q1,2013-01-01,2013-03-31,undp,,committed,,,5848841.07,,",
        "funds,2013-Q1,2013-01-01,2013-03-31,total,,disbursed,,,5594796.22,,",
        "beneficiaries,2013-Q1,2013-01-01,2013-03-31,women,,actual,,,1046.5,,",
    ] {
        assert!(
            csv.contains(&format!("\r\n{row}\r\n")),
            "missing {row}\n{csv}"
        );
    }
    // Numbers are machine numbers even though Arabic and Sorani write Arabic-Indic digits.
    assert!(!csv.contains(['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩', '٫', '٬']));

    let v: serde_json::Value = serde_json::from_str(&s.read("data/shafaf-data.json")).unwrap();
    for key in [
        "indicators",
        "outputs",
        "funds",
        "beneficiaries",
        "periods",
        "terms",
    ] {
        assert!(v[key].is_array() || v[key].is_object(), "{key} missing");
    }
    assert_eq!(v["funds"][0]["committed"], 5848841.07);
    assert_eq!(v["outputs"][0]["percent"]["2013-Q1"], 56);
    assert_eq!(v["licence"]["ar"], "بيانات مفتوحة بموجب رخصة CC BY 4.0.");
}

#[test]
fn codes_have_labels_per_language_and_columns_a_dictionary() {
    let s = site();
    let ar = s.read("data/labels.ar.csv");
    assert!(ar.starts_with("kind,code,label\r\n"));
    assert!(ar.contains("\r\noutput,1.1,المخرج ١.١\r\n"), "{ar}");
    assert!(ar.contains("\r\nterm,yes,نعم\r\n"));
    let en = s.read("data/labels.en.csv");
    assert!(en.contains("\r\ncategory,female,Female\r\n"));
    assert!(en.contains("\r\nmeasure,committed,Committed\r\n"));
    // Sorani has no interface strings in the fixture: labels fall back, the file still exists.
    assert!(s
        .read("data/labels.ckb.csv")
        .contains("\r\nindicator,1.1.2,"));

    let dict = s.read("data/dictionary.csv");
    assert!(dict.starts_with("file,column,type,description\r\n"));
    for col in ["record", "value", "term", "measure"] {
        let row = dict
            .lines()
            .find(|l| l.starts_with(&format!("shafaf-data.csv,{col},")))
            .unwrap_or_else(|| panic!("no dictionary row for {col}"));
        assert!(
            row.len() > format!("shafaf-data.csv,{col},code,").len() + 10,
            "{row}"
        );
    }
    assert!(s.read("data/licence.txt").contains("[ar] بيانات مفتوحة"));
}

#[test]
fn pages_link_to_their_data() {
    let s = site();
    let page = s.read("en/indicators/1.1.2/index.html");
    assert!(page.contains("href=\"../../../data/indicators/1.1.2.csv\""));
    assert!(page.contains("href=\"../../../data/indicators/1.1.2.json\""));
    for p in [
        "en/index.html",
        "ar/funds/index.html",
        "ckb/results/index.html",
    ] {
        let html = s.read(p);
        assert!(html.contains("data/shafaf-data.csv\""), "{p}");
        assert!(html.contains("data/shafaf-data.json\""), "{p}");
    }
    let data = s.read("ar/data/index.html");
    assert!(
        data.contains("بيانات مفتوحة بموجب رخصة"),
        "licence on the data page"
    );
    assert!(data.contains("href=\"../../data/labels.ckb.csv\""));
    assert!(data.contains("<caption>"));
}

#[test]
fn rebuilds_are_byte_identical() {
    let s = site();
    let first: Vec<(String, String)> = s
        .public_files()
        .into_iter()
        .filter(|f| f.starts_with("data/") || f.ends_with("search-index.json"))
        .map(|f| {
            let t = s.read(&f);
            (f, t)
        })
        .collect();
    s.build();
    for (f, t) in first {
        assert_eq!(s.read(&f), t, "{f} changed between builds");
    }
}

#[test]
fn the_whole_dataset_carries_the_board_decisions_metadata() {
    let s = TestSite::example();
    s.build();
    let csv = s.read("data/shafaf-data.csv");
    for row in [
        "decision,,,,2013-004,,adopted,,,,,2013-02-21\r\n",
        // Published in Kurdish seven days after adoption: the delay is computed, not typed.
        "decision,,,,2013-004,,published,language,ckb,7,,2013-02-28\r\n",
        "decision,,,,2013-002,,status,,,,repealed,\r\n",
    ] {
        assert!(csv.contains(row), "missing {row:?}");
    }
    // 2013-005 has no Kurdish text: no publication row for it.
    assert!(!csv.contains("decision,,,,2013-005,,published,language,ckb"));
    let json: serde_json::Value = serde_json::from_str(&s.read("data/shafaf-data.json")).unwrap();
    let decisions = json["decisions"].as_array().expect("a decisions section");
    assert_eq!(decisions.len(), 7);
    let d = decisions
        .iter()
        .find(|d| d["number"] == "2013-001")
        .unwrap();
    assert_eq!(d["amended_by"], serde_json::json!(["2013-004"]));
    assert_eq!(d["example"], true);
    let labels = s.read("data/labels.en.csv");
    assert!(
        labels.contains("record,decision,Board decision"),
        "{labels}"
    );
}

#[test]
fn board_decisions_are_found_by_search_in_every_language() {
    let s = TestSite::example();
    s.build();
    for (lang, word) in [("en", "Decision"), ("ar", "القرار"), ("ckb", "بڕیار")] {
        let index: serde_json::Value =
            serde_json::from_str(&s.read(&format!("{lang}/search-index.json"))).unwrap();
        let entry = index["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["u"] == "decisions/2013-004/")
            .unwrap_or_else(|| panic!("{lang}: decision 2013-004 is not in the search index"));
        assert!(entry["t"].as_str().unwrap().contains(word), "{entry}");
        // Without JavaScript the search page lists it as a plain link.
        let page = s.read(&format!("{lang}/search/index.html"));
        assert!(
            page.contains(&format!("href=\"../../{lang}/decisions/2013-004/\"")),
            "{lang}"
        );
    }
}
