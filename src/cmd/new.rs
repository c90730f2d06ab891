//! `shafaf new decision|period|page NAME`: scaffolds the files of a new decision, reporting
//! period or page, in every language of the site, so that an editor starts from files that
//! already pass `shafaf check` and only has to replace the placeholders.
//!
//! Translations are created marked `draft`, so readers see the translation notice until a
//! fluent reader reviews them. Existing files are never overwritten.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cli::{NewArgs, NewKind};
use crate::model::{is_safe_id, RESERVED_SLUGS};

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

    /// `{ en = "x", ar = "x" }` for every language.
    fn inline_text(&self, text: &str) -> String {
        let quoted = toml_string(text);
        std::iter::once(&self.default)
            .chain(&self.others)
            .map(|l| format!("{l} = {quoted}"))
            .collect::<Vec<_>>()
            .join(", ")
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
        NewKind::Period => period(&languages, name),
        NewKind::Decision => decision(&languages, name, adoption_date(name, &today())),
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
            "+++\ntitle = {title}\n# description = \"One sentence for search engines and link previews.\"\nweight = 50   # order in the navigation, lowest first\n+++\n\nWrite the page here, in Markdown.\n"
        ),
    )];
    for l in &languages.others {
        files.push((
            PathBuf::from(format!("content/pages/{name}.{l}.md")),
            format!(
                "+++\ntitle = {title}   # translate the title\ntranslation = \"draft\"   # \"reviewed\" once a fluent reader has checked it\n+++\n\nTranslate the page here.\n"
            ),
        ));
    }
    Ok(files)
}

fn period(languages: &Languages, name: &str) -> Vec<(PathBuf, String)> {
    let (start, end, label) = period_dates(name).unwrap_or_else(|| {
        let t = today();
        (t.clone(), t, name.to_owned())
    });
    let mut translation = String::new();
    if !languages.others.is_empty() {
        let drafts: Vec<String> = languages
            .others
            .iter()
            .map(|l| format!("{l} = \"draft\""))
            .collect();
        translation = format!(
            "translation = {{ {} }}   # \"reviewed\" once a fluent reader has checked it\n",
            drafts.join(", ")
        );
    }
    let text = format!(
        "# Reporting period {name}: what was reported for it, as reported. See docs/content.md.\nlabel = {{ {} }}   # translate each label\nstart = {start}\nend = {end}\n# source = {{ {} = \"Quarterly progress report, …\" }}\n{translation}\n# One entry per output whose overall % the report gives:\n# [[outputs]]\n# output = \"1.1\"\n# percent = 50\n\n# One entry per indicator the report gives a value for:\n# [[values]]\n# indicator = \"1.1.1\"\n# actual = 10                      # a number or a term of results.toml\n# percent = 50                     # % of planned, as reported\n# notes = [{{ {} = \"…\" }}]\n",
        languages.inline_text(&label),
        languages.default,
        languages.default,
    );
    vec![(
        PathBuf::from(format!("content/periods/{name}/period.toml")),
        text,
    )]
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
            "+++\nnumber = {}\ntitle = {title}   # the decision's title\nsummary = \"One sentence on what was decided.\"\nadopted = {adopted}   # the day the board adopted it: correct it\npublished = {adopted}   # the day it was made public in this language: correct it\n# session = \"2013/07\"   # the board session\n# category = \"…\"   # one of the [categories] of content/decisions/decisions.toml\ntags = []\nstatus = \"in-force\"   # in-force | amended | repealed\n# amends = [\"2013-001\"]   # numbers of the decisions this one amends\nauthoritative = \"{authoritative}\"   # the language whose text is authoritative\nexample = false   # true for an illustrative decision: every page then says so\n+++\n\nWrite the decision here, in Markdown.\n",
            toml_string(number)
        ),
    )];
    for l in &languages.others {
        files.push((
            PathBuf::from(format!("content/decisions/{number}.{l}.md")),
            format!(
                "+++\ntitle = {title}   # translate the title\npublished = {adopted}   # the day it was made public in this language: correct it, or delete this file until it is published\ntranslation = \"draft\"   # \"reviewed\" once a fluent reader has checked it\n+++\n\nTranslate the decision here.\n"
            ),
        ));
    }
    files
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
