//! `shafaf new decision|period|page NAME`: scaffolds the files of a new decision, reporting
//! period or page, in every language of the site, so that an editor starts from files that
//! already pass `shafaf check` and only has to replace the placeholders.
//!
//! Translations are created marked `draft`, so readers see the translation notice until a
//! fluent reader reviews them. Existing files are never overwritten.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cli::{NewArgs, NewKind};
use crate::model::{is_decision_number, is_safe_id, RESERVED_SLUGS};

/// The languages of a site, read leniently from `content/site.toml`.
struct Languages {
    default: String,
    others: Vec<String>,
}

impl Languages {
    fn read(root: &Path) -> Result<Languages> {
        let path = root.join("content/site.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {} (is --root the site folder?)", path.display()))?;
        let value: toml::Table = text.parse().map_err(|e| {
            anyhow::anyhow!("content/site.toml is not valid TOML; run `shafaf check`: {e}")
        })?;
        let default = value
            .get("default_language")
            .and_then(toml::Value::as_str)
            .context("content/site.toml has no default_language; run `shafaf check`")?
            .to_owned();
        let others = value
            .get("languages")
            .and_then(toml::Value::as_array)
            .map(|ls| {
                ls.iter()
                    .filter_map(|l| l.get("code").and_then(toml::Value::as_str))
                    .filter(|c| *c != default)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Languages { default, others })
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Creates the files and lists them.
pub fn run(args: &NewArgs) -> Result<()> {
    let root = &args.root.root;
    let name = args.name.as_str();
    if !is_safe_id(name) {
        bail!(
            "`{name}` cannot be used in a web address: use letters, digits, `.`, `-` and `_` only"
        );
    }
    if is_device_name(name) {
        bail!("`{name}` is a reserved device name on Windows (a file named so cannot be opened there): choose another name");
    }
    let languages = Languages::read(root)?;
    let files = match args.kind {
        NewKind::Page => page(&languages, name)?,
        NewKind::Period => period(&languages, name, &Latest::read(root)?),
        NewKind::Decision => {
            if !is_decision_number(name) {
                bail!(
                    "`{name}` is not a decision number, which `shafaf check` would refuse: write the year, a dash and a sequence of three to six digits, such as {}",
                    decision_number_like(name)
                );
            }
            decision(&languages, name, adoption_date(name, &today()))
        }
    };
    for (rel, _) in &files {
        if root.join(rel).exists() {
            bail!("{} already exists; nothing was created", rel.display());
        }
    }
    for (rel, text) in &files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("created {}", rel.display());
    }
    println!(
        "replace the placeholders, then run `shafaf check` (or `shafaf serve` to watch the page)"
    );
    Ok(())
}

fn page(languages: &Languages, name: &str) -> Result<Vec<(PathBuf, String)>> {
    if crate::model::is_reserved_page_name(name) {
        bail!(
            "the page name `{name}` is taken by a built-in page; reserved names are: {}",
            RESERVED_SLUGS.join(", ")
        );
    }
    let title = toml_string(&title_case(name));
    let mut files = vec![(
        PathBuf::from(format!("content/pages/{name}.md")),
        format!(
            "+++\ntitle = {title}\n# description = \"One sentence for search engines and link previews.\"\nweight = 50   # order in the navigation, lowest first\n+++\n\n<!-- placeholder -->\nWrite the page here, in Markdown.\n"
        ),
    )];
    for l in &languages.others {
        files.push((
            PathBuf::from(format!("content/pages/{name}.{l}.md")),
            format!(
                "+++\ntitle = {title}   {PLACEHOLDER}: translate the title\ntranslation = \"draft\"   # \"reviewed\" once a fluent reader has checked it\n+++\n\n<!-- placeholder -->\nTranslate the page here.\n"
            ),
        ));
    }
    Ok(files)
}

/// The mark `shafaf new` puts after each value an editor must replace; `shafaf check` warns on
/// every one left, so that a scaffold is never published unnoticed.
pub const PLACEHOLDER: &str = "# placeholder";

/// What the latest period (by end date) of a site reported, for the next one to start from, and
/// the indicators of the results framework.
#[derive(Default)]
struct Latest {
    id: Option<String>,
    period: toml::Table,
    indicators: Vec<(String, Option<toml::Value>)>,
}

impl Latest {
    fn read(root: &Path) -> Result<Latest> {
        let mut latest = Latest::default();
        let mut best: Option<(String, String)> = None;
        let dir = root.join("content/periods");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let id = entry.file_name().to_string_lossy().into_owned();
                let Some(table) = read_table(&entry.path().join("period.toml")) else {
                    continue;
                };
                let end = table
                    .get("end")
                    .map(toml::Value::to_string)
                    .unwrap_or_default();
                if best.as_ref().is_none_or(|b| (&end, &id) > (&b.0, &b.1)) {
                    best = Some((end, id.clone()));
                    latest.id = Some(id);
                    latest.period = table;
                }
            }
        }
        let results = read_table(&root.join("content/results.toml")).unwrap_or_default();
        latest.indicators = tables(&results, "indicators")
            .filter_map(|i| {
                let id = i.get("id")?.as_str()?.to_owned();
                Some((id, i.get("target").cloned()))
            })
            .collect();
        Ok(latest)
    }
}

/// A TOML file as a table, or `None` when it is missing or not valid (`check` reports that).
fn read_table(path: &Path) -> Option<toml::Table> {
    std::fs::read_to_string(path).ok()?.parse().ok()
}

/// The tables of the array `key` of `t`.
fn tables<'a>(t: &'a toml::Table, key: &str) -> impl Iterator<Item = &'a toml::Table> {
    t.get(key)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
}

/// `key = VALUE` for the entries of `t` that have `key`.
fn carried(t: &toml::Table, key: &str) -> Option<String> {
    t.get(key).map(|v| format!("{key} = {v}\n"))
}

fn period(languages: &Languages, name: &str, latest: &Latest) -> Vec<(PathBuf, String)> {
    let d = &languages.default;
    let (start, end, label, mark) = match period_dates(name) {
        Some((s, e, l)) => (s, e, l, ""),
        None => {
            let t = today();
            (
                t.clone(),
                t,
                name.to_owned(),
                "   # placeholder: the period's label and dates",
            )
        }
    };
    let from = latest
        .id
        .as_deref()
        .map_or(String::new(), |id| format!(", carried over from {id}"));
    let mut text = format!(
        "# Reporting period {name}: what was reported for it, as reported. See docs/content.md.\n\
         # Each line marked `{PLACEHOLDER}` holds a value to replace (then delete the mark);\n\
         # `shafaf check` warns on every mark left. Texts are in {d} only: `check` lists the\n\
         # languages each still needs.\n\
         label = {{ {d} = {} }}{mark}\nstart = {start}{mark}\nend = {end}{mark}\n\
         source = {{ {d} = \"The report for {label}\" }}   {PLACEHOLDER}: the document the figures come from\n",
        toml_string(&label)
    );
    let p = &latest.period;
    for o in tables(p, "outputs") {
        let Some(id) = o.get("output").and_then(toml::Value::as_str) else {
            continue;
        };
        text.push_str(&format!(
            "\n[[outputs]]\noutput = {}\npercent = 0   {PLACEHOLDER}: the output's overall % as reported for this period\n",
            toml_string(id)
        ));
    }
    text.push_str(&values(p, latest, &from));
    for f in tables(p, "funds") {
        text.push_str("\n[[funds]]\n");
        let who = carried(f, "organisation").or_else(|| carried(f, "total"));
        text.push_str(&who.unwrap_or_default());
        text.push_str(&carried(f, "approved").unwrap_or_default());
        text.push_str(&format!(
            "committed = 0   {PLACEHOLDER}: committed as of the end of this period\n\
             disbursed = 0   {PLACEHOLDER}: disbursed as of the end of this period\n"
        ));
    }
    for b in tables(p, "beneficiaries") {
        let Some(id) = b.get("id").and_then(toml::Value::as_str) else {
            continue;
        };
        let label = b
            .get("label")
            .and_then(|l| l.get(d.as_str()))
            .and_then(toml::Value::as_str)
            .unwrap_or(id);
        text.push_str(&format!(
            "\n[[beneficiaries]]\nid = {}   {PLACEHOLDER}: add actual = … as reported for this period\nlabel = {{ {d} = {} }}\n{}",
            toml_string(id),
            toml_string(label),
            carried(b, "target").unwrap_or_default()
        ));
    }
    vec![(
        PathBuf::from(format!("content/periods/{name}/period.toml")),
        text,
    )]
}

/// One `[[values]]` entry per indicator: those of the latest period in its order, with the
/// target it gave, then any other indicator of the results framework; each without an actual.
fn values(period: &toml::Table, latest: &Latest, from: &str) -> String {
    let mut ids: Vec<(String, Option<toml::Value>)> = tables(period, "values")
        .filter_map(|v| {
            let id = v.get("indicator")?.as_str()?.to_owned();
            Some((id, v.get("target").cloned()))
        })
        .collect();
    for (id, _) in &latest.indicators {
        if !ids.iter().any(|(i, _)| i == id) {
            ids.push((id.clone(), None));
        }
    }
    let mut text = String::new();
    for (id, target) in ids {
        text.push_str(&format!(
            "\n[[values]]\nindicator = {}   {PLACEHOLDER}: add actual = … (and percent = …) as reported, or delete this entry\n",
            toml_string(&id)
        ));
        match target {
            Some(t) => text.push_str(&format!(
                "target = {t}   # the target for this period{from}\n"
            )),
            None => {
                let overall = latest.indicators.iter().find(|(i, _)| *i == id);
                if let Some((_, Some(t))) = overall {
                    text.push_str(&format!("# the indicator's target (results.toml): {t}\n"));
                }
            }
        }
    }
    text
}

fn decision(languages: &Languages, number: &str, adopted: String) -> Vec<(PathBuf, String)> {
    let title = toml_string(&format!("Decision {number}"));
    let authoritative = if languages.others.iter().any(|l| l == "ar") {
        "ar"
    } else {
        languages.default.as_str()
    };
    let mut files = vec![(
        PathBuf::from(format!("content/decisions/{number}.md")),
        format!(
            "+++\nnumber = {}\ntitle = {title}   {PLACEHOLDER}: the decision's title\nsummary = \"One sentence on what was decided.\"   {PLACEHOLDER}\nadopted = {adopted}   {PLACEHOLDER}: the day it was adopted\npublished = {adopted}   {PLACEHOLDER}: the day it was made public in this language\n# session = \"2013/07\"   # the board session\n# category = \"…\"   # one of the [categories] of content/decisions/decisions.toml\ntags = []\nstatus = \"in-force\"   # in-force | amended | repealed\n# amends = [\"2013-001\"]   # numbers of the decisions this one amends\nauthoritative = \"{authoritative}\"   # the language whose text is authoritative\nexample = false   # true for an illustrative decision: every page then says so\n+++\n\n<!-- placeholder -->\nWrite the decision here, in Markdown.\n",
            toml_string(number)
        ),
    )];
    for l in &languages.others {
        files.push((
            PathBuf::from(format!("content/decisions/{number}.{l}.md")),
            format!(
                "+++\ntitle = {title}   {PLACEHOLDER}: translate the title\npublished = {adopted}   {PLACEHOLDER}: the day it was made public in this language, or delete this file until it is\ntranslation = \"draft\"   # \"reviewed\" once a fluent reader has checked it\n+++\n\n<!-- placeholder -->\nTranslate the decision here.\n"
            ),
        ));
    }
    files
}

/// A decision number like `name` (`2013-09` → `2013-009`), for the message refusing it.
fn decision_number_like(name: &str) -> String {
    match name.split_once(['-', '/', '_']) {
        Some((year, seq)) if year.len() == 4 && seq.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{year}-{:0>3}", seq.trim_start_matches('0').max("0"))
        }
        _ => "2013-014".to_owned(),
    }
}

/// A placeholder adoption date: today, unless the number begins with another year (decisions
/// are numbered by the year of adoption), then the first day of that year.
fn adoption_date(number: &str, today: &str) -> String {
    match number.get(..5) {
        Some(prefix)
            if prefix.ends_with('-')
                && prefix[..4].bytes().all(|b| b.is_ascii_digit())
                && !today.starts_with(prefix) =>
        {
            format!("{}01-01", prefix)
        }
        _ => today.to_owned(),
    }
}

/// Is `name` (before any `.`) a name Windows reserves for a device (`con`, `nul`, `com1`…)?
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

/// `about-us` → `About us`.
fn title_case(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// First and last day and an English label for period ids such as `2013`, `2013-Q2`, `2013-05`.
fn period_dates(name: &str) -> Option<(String, String, String)> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (year, rest) = name.split_once('-').unwrap_or((name, ""));
    let y: i32 = year.parse().ok().filter(|y| (1000..=9999).contains(y))?;
    let (first, last) = match rest {
        "" => (1, 12),
        q if q.len() == 2 && q.starts_with(['Q', 'q']) => {
            let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n))?;
            (n * 3 - 2, n * 3)
        }
        m => {
            let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            (m, m)
        }
    };
    let label = match (rest, first == last) {
        ("", _) => y.to_string(),
        (_, true) => format!("{} {y}", MONTHS[first as usize - 1]),
        _ => format!(
            "{}–{} {y}",
            MONTHS[first as usize - 1],
            MONTHS[last as usize - 1]
        ),
    };
    Some((
        format!("{y:04}-{first:02}-01"),
        format!("{y:04}-{last:02}-{:02}", days_in_month(y, last)),
        label,
    ))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_ids_give_their_dates() {
        assert_eq!(
            period_dates("2013-Q2"),
            Some((
                "2013-04-01".into(),
                "2013-06-30".into(),
                "April–June 2013".into()
            ))
        );
        assert_eq!(
            period_dates("2012-02"),
            Some((
                "2012-02-01".into(),
                "2012-02-29".into(),
                "February 2012".into()
            ))
        );
        assert_eq!(
            period_dates("2011"),
            Some(("2011-01-01".into(), "2011-12-31".into(), "2011".into()))
        );
        assert_eq!(period_dates("spring"), None);
        assert_eq!(period_dates("2013-Q5"), None);
    }

    #[test]
    fn decisions_are_adopted_in_the_year_they_are_numbered_by() {
        assert_eq!(adoption_date("2013-015", "2026-11-25"), "2013-01-01");
        assert_eq!(adoption_date("2026-001", "2026-11-25"), "2026-11-25");
        assert_eq!(adoption_date("x", "2026-11-25"), "2026-11-25");
    }

    #[test]
    fn device_names_are_refused() {
        for name in ["con", "NUL", "aux.md", "com1", "lpt9"] {
            assert!(is_device_name(name), "{name}");
        }
        for name in ["console", "com0", "2013-001", "about"] {
            assert!(!is_device_name(name), "{name}");
        }
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(15_795), (2013, 3, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
