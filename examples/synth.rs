//! Writes a synthetic Shafaf site of any size, for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example synth -- --indicators 10000 --decisions 1000 --out /tmp/synth
//! ```
//!
//! N indicators are spread over outputs (10 per output, 10 outputs per programme output), each
//! with 8 quarterly periods of history broken down by sex, and a narrative of about 400 words
//! with a table in the latest period, in English, Arabic and Sorani Kurdish. M decisions are
//! written in all three languages. With `--hugo DIR` it also writes a Hugo site with the same
//! number of indicator pages and the same Markdown text, for side-by-side timing.
//! The output depends only on the arguments and `--seed`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len() as u64) as usize]
    }
}

const EN: &[&str] = &[
    "the",
    "commission",
    "staff",
    "training",
    "workshop",
    "electoral",
    "process",
    "voter",
    "registration",
    "office",
    "governorate",
    "capacity",
    "support",
    "public",
    "outreach",
    "data",
    "centre",
    "report",
    "quarter",
    "results",
    "activity",
    "participants",
    "procedures",
    "review",
    "framework",
    "legal",
    "transparency",
    "accountability",
    "system",
    "upgrade",
    "management",
    "department",
    "national",
    "technical",
    "assessment",
    "plan",
    "completed",
];
const AR: &[&str] = &[
    "المفوضية",
    "الموظفين",
    "التدريب",
    "ورشة",
    "الانتخابية",
    "العملية",
    "الناخبين",
    "تسجيل",
    "مكتب",
    "المحافظة",
    "القدرات",
    "دعم",
    "التوعية",
    "البيانات",
    "مركز",
    "التقرير",
    "الربع",
    "النتائج",
    "النشاط",
    "المشاركين",
    "الإجراءات",
    "مراجعة",
    "الإطار",
    "القانوني",
    "الشفافية",
    "المساءلة",
    "النظام",
    "تحديث",
    "الإدارة",
    "القسم",
];
const CKB: &[&str] = &[
    "کۆمیسیۆن",
    "فەرمانبەران",
    "ڕاهێنان",
    "وۆرکشۆپ",
    "هەڵبژاردن",
    "پرۆسە",
    "دەنگدەران",
    "تۆمارکردن",
    "نووسینگە",
    "پارێزگا",
    "توانا",
    "پشتگیری",
    "ڕاگەیاندن",
    "داتا",
    "سەنتەر",
    "ڕاپۆرت",
    "چارەک",
    "ئەنجامەکان",
    "چالاکی",
    "بەشداربووان",
    "ڕێکارەکان",
    "پێداچوونەوە",
    "چوارچێوە",
    "یاسایی",
    "ڕوونی",
    "لێپرسینەوە",
    "سیستەم",
    "نوێکردنەوە",
];

struct Args {
    indicators: usize,
    decisions: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        indicators: 1000,
        decisions: 100,
        out: PathBuf::from("synth-site"),
        hugo: None,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--indicators" => {
                args.indicators = value()?.parse().map_err(|e| format!("--indicators: {e}"))?
            }
            "--decisions" => {
                args.decisions = value()?.parse().map_err(|e| format!("--decisions: {e}"))?
            }
            "--out" => args.out = PathBuf::from(value()?),
            "--hugo" => args.hugo = Some(PathBuf::from(value()?)),
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "-h" | "--help" => {
                return Err(
                    "usage: synth --indicators N --decisions M --out DIR [--hugo DIR] [--seed S]"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("creating {}: {e}", parent.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

fn sentence(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(words));
    }
    s
}

/// About 400 words in paragraphs, with a Markdown table of figures.
fn narrative(rng: &mut Rng, words: &[&str], id: &str) -> String {
    let mut s = String::new();
    for _ in 0..4 {
        let _ = writeln!(s, "{}.\n", sentence(rng, words, 90));
    }
    let _ = writeln!(s, "| {id} | 1 | 2 | 3 |\n|---|---:|---:|---:|");
    for _ in 0..3 {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            rng.pick(words),
            rng.below(500),
            rng.below(500),
            rng.below(500)
        );
    }
    let _ = writeln!(s, "\n{}.", sentence(rng, words, 30));
    s
}

const PERIODS: [(&str, &str, &str); 8] = [
    ("2011-Q1", "2011-01-01", "2011-03-31"),
    ("2011-Q2", "2011-04-01", "2011-06-30"),
    ("2011-Q3", "2011-07-01", "2011-09-30"),
    ("2011-Q4", "2011-10-01", "2011-12-31"),
    ("2012-Q1", "2012-01-01", "2012-03-31"),
    ("2012-Q2", "2012-04-01", "2012-06-30"),
    ("2012-Q3", "2012-07-01", "2012-09-30"),
    ("2012-Q4", "2012-10-01", "2012-12-31"),
];

fn indicator_id(i: usize) -> (String, String, String) {
    let output = i / 10;
    let po = output / 10 + 1;
    let o = output % 10 + 1;
    (
        po.to_string(),
        format!("{po}.{o}"),
        format!("{po}.{o}.{}", i % 10 + 1),
    )
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut rng = Rng(args.seed);
    let c = args.out.join("content");
    if c.exists() {
        fs::remove_dir_all(&c).expect("removing the previous synthetic content");
    }
    write(
        &c.join("site.toml"),
        "base_url = \"https://example.org/\"\ndefault_language = \"en\"\ntitle = { en = \"Synthetic site\", ar = \"موقع تجريبي\", ckb = \"ماڵپەڕی تاقیکاری\" }\n\n\
         [[languages]]\ncode = \"en\"\nname = \"English\"\n\n\
         [[languages]]\ncode = \"ar\"\nname = \"العربية\"\ndirection = \"rtl\"\ndigits = \"arab\"\nlocale = \"ar-IQ\"\n\n\
         [[languages]]\ncode = \"ckb\"\nname = \"کوردی\"\ndirection = \"rtl\"\ndigits = \"arab\"\nlocale = \"ckb\"\n",
    );
    write(
        &c.join("programme.toml"),
        "title = { en = \"Synthetic programme\", ar = \"برنامج تجريبي\", ckb = \"بەرنامەی تاقیکاری\" }\nstart_date = 2011-01-01\ncompletion_date = 2012-12-31\n\n\
         [[organisations]]\nid = \"undp\"\nacronym = \"UNDP\"\nname = { en = \"United Nations Development Programme\", ar = \"برنامج الأمم المتحدة الإنمائي\", ckb = \"بەرنامەی پەرەپێدانی نەتەوە یەکگرتووەکان\" }\nrole = \"agency\"\n",
    );

    let mut results = String::from(
        "[[dimensions]]\nid = \"sex\"\nlabel = { en = \"Sex\", ar = \"الجنس\", ckb = \"ڕەگەز\" }\nsums_to_total = true\ncategories = [\n  { id = \"male\", label = { en = \"Male\", ar = \"ذكور\", ckb = \"نێر\" } },\n  { id = \"female\", label = { en = \"Female\", ar = \"إناث\", ckb = \"مێ\" } },\n]\n\n",
    );
    let outputs = args.indicators.div_ceil(10);
    for po in 0..outputs.div_ceil(10) {
        let _ = writeln!(results, "[[programme_outputs]]\nid = \"{}\"\ntitle = {{ en = \"Programme output {}\", ar = \"المخرج البرنامجي {}\", ckb = \"دەرئەنجامی بەرنامە {}\" }}\n", po + 1, po + 1, po + 1, po + 1);
    }
    for o in 0..outputs {
        let (po, oid, _) = indicator_id(o * 10);
        let _ = writeln!(results, "[[outputs]]\nid = \"{oid}\"\nprogramme_output = \"{po}\"\nlead = \"undp\"\ntitle = {{ en = \"{}\", ar = \"{}\", ckb = \"{}\" }}\n", sentence(&mut rng, EN, 8), sentence(&mut rng, AR, 8), sentence(&mut rng, CKB, 8));
    }
    let mut targets = Vec::with_capacity(args.indicators);
    for i in 0..args.indicators {
        let (_, oid, id) = indicator_id(i);
        let target = 100 + rng.below(900);
        targets.push(target);
        let _ = writeln!(results, "[[indicators]]\nid = \"{id}\"\noutput = \"{oid}\"\nkind = \"count\"\ndisaggregation = \"sex\"\ntarget = {target}\ntitle = {{ en = \"Number of {}\", ar = \"عدد {}\", ckb = \"ژمارەی {}\" }}\n", sentence(&mut rng, EN, 10), sentence(&mut rng, AR, 10), sentence(&mut rng, CKB, 10));
    }
    write(&c.join("results.toml"), &results);

    for (p, (pid, start, end)) in PERIODS.iter().enumerate() {
        let mut s = format!("label = {{ en = \"{pid}\", ar = \"{pid}\", ckb = \"{pid}\" }}\nstart = {start}\nend = {end}\n\n");
        for o in 0..outputs {
            let (_, oid, _) = indicator_id(o * 10);
            let _ = writeln!(
                s,
                "[[outputs]]\noutput = \"{oid}\"\npercent = {}\n",
                10 * (p + 1) + rng.below(10) as usize
            );
        }
        for (i, target) in targets.iter().enumerate() {
            let (_, _, id) = indicator_id(i);
            let male = rng.below(*target);
            let female = rng.below(*target / 2 + 1);
            let actual = male + female;
            let percent = (actual as f64 / *target as f64 * 100.0).round();
            let _ = writeln!(s, "[[values]]\nindicator = \"{id}\"\nactual = {actual}\nbreakdown = {{ male = {male}, female = {female} }}\npercent = {percent}\n");
        }
        write(&c.join("periods").join(pid).join("period.toml"), &s);
    }

    let latest = c.join("periods").join(PERIODS[7].0);
    let hugo = args.hugo.as_deref();
    for i in 0..args.indicators {
        let (_, _, id) = indicator_id(i);
        for (lang, words) in [("en", EN), ("ar", AR), ("ckb", CKB)] {
            let body = narrative(&mut rng, words, &id);
            let suffix = if lang == "en" {
                String::new()
            } else {
                format!(".{lang}")
            };
            let translation = if lang == "en" {
                ""
            } else {
                "translation = \"draft\"\n"
            };
            write(
                &latest.join(format!("ind-{id}{suffix}.md")),
                &format!("+++\nindicator = \"{id}\"\n{translation}+++\n\n{body}"),
            );
            if let Some(h) = hugo {
                write(
                    &h.join("content")
                        .join(lang)
                        .join("indicators")
                        .join(format!("{id}.md")),
                    &format!("+++\ntitle = \"{id}\"\n+++\n\n{body}"),
                );
            }
        }
    }

    if args.decisions > 0 {
        write(
            &c.join("decisions").join("decisions.toml"),
            "page_size = 20\n\n[categories.general]\nlabel = { en = \"General\", ar = \"عام\", ckb = \"گشتی\" }\n",
        );
    }
    for d in 0..args.decisions {
        let number = format!("{}-{:03}", 2010 + d / 500, d % 500 + 1);
        let day = d % 28 + 1;
        let month = d / 28 % 12 + 1;
        let year = 2010 + d / 500;
        for (lang, words) in [("en", EN), ("ar", AR), ("ckb", CKB)] {
            let published = format!("{year}-{month:02}-{:02}", (day + 2).min(28));
            let (name, front) = if lang == "en" {
                (
                    format!("{number}.md"),
                    format!(
                        "number = \"{number}\"\ntitle = \"{}\"\nadopted = {year}-{month:02}-{day:02}\npublished = {published}\ncategory = \"general\"\nexample = true\n",
                        sentence(&mut rng, words, 8)
                    ),
                )
            } else {
                (
                    format!("{number}.{lang}.md"),
                    format!(
                        "title = \"{}\"\npublished = {published}\ntranslation = \"draft\"\n",
                        sentence(&mut rng, words, 8)
                    ),
                )
            };
            let text = format!("+++\n{front}+++\n\n{}\n", sentence(&mut rng, words, 120));
            write(&c.join("decisions").join(name), &text);
        }
    }

    if let Some(h) = hugo {
        write(
            &h.join("hugo.toml"),
            "baseURL = \"https://example.org/\"\ntitle = \"Synthetic site\"\ndefaultContentLanguage = \"en\"\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n\n\
             [languages.en]\ncontentDir = \"content/en\"\nlanguageName = \"English\"\nweight = 1\n\
             [languages.ar]\ncontentDir = \"content/ar\"\nlanguageName = \"العربية\"\nlanguageDirection = \"rtl\"\nweight = 2\n\
             [languages.ckb]\ncontentDir = \"content/ckb\"\nlanguageName = \"کوردی\"\nlanguageDirection = \"rtl\"\nweight = 3\n",
        );
        write(
            &h.join("layouts/_default/baseof.html"),
            "<!DOCTYPE html>\n<html lang=\"{{ .Site.Language.Lang }}\" dir=\"{{ .Site.Language.LanguageDirection | default \"ltr\" }}\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
        );
        write(
            &h.join("layouts/_default/single.html"),
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
        );
        write(&h.join("layouts/_default/list.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n");
    }
    eprintln!(
        "wrote a synthetic site with {} indicators, {} outputs, {} periods and {} decisions into {}",
        args.indicators,
        outputs,
        PERIODS.len(),
        args.decisions,
        args.out.display()
    );
}
