//! `shafaf init [DIR]`: writes a new site that passes `shafaf check` and builds at once — the
//! site settings with its languages, a programme, a results framework with one output and one
//! indicator, one reporting period, one page, a `.gitignore` and CI workflows that publish to
//! GitHub Pages and GitLab Pages. The theme is built into the binary, so none is copied.
//!
//! A language Shafaf has no interface strings for gets `themes/default/i18n/LANG.toml` with every
//! key to translate (see [`strings_file`]); until then its pages show the default language's
//! strings, marked as such.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cli::InitArgs;
use crate::content::theme::ThemeFiles;
use crate::i18n::UiStrings;

/// What Shafaf knows of a language without being told: its name, direction, digits, locale
/// and the starter site's texts in it.
struct Preset {
    code: &'static str,
    name: &'static str,
    rtl: bool,
    digits: Option<&'static str>,
    locale: Option<&'static str>,
    texts: [&'static str; 7],
}

/// Site title, programme, organisation, output, indicator, page title and page text.
const PRESETS: &[Preset] = &[
    Preset {
        code: "en",
        name: "English",
        rtl: false,
        digits: None,
        locale: None,
        texts: [
            "Our results",
            "Our programme",
            "Our organisation",
            "First output",
            "Number of people trained",
            "About",
            "What this site reports, who publishes it and how to reach them.",
        ],
    },
    Preset {
        code: "ar",
        name: "العربية",
        rtl: true,
        digits: Some("arab"),
        locale: Some("ar-IQ"),
        texts: [
            "نتائجنا",
            "برنامجنا",
            "منظمتنا",
            "المخرج الأول",
            "عدد الأشخاص المدرَّبين",
            "حول الموقع",
            "ما يعرضه هذا الموقع، ومن ينشره، وكيف يمكن التواصل معهم.",
        ],
    },
    Preset {
        code: "ckb",
        name: "کوردی",
        rtl: true,
        digits: Some("arab"),
        locale: Some("ckb"),
        texts: [
            "ئەنجامەکانمان",
            "بەرنامەکەمان",
            "ڕێکخراوەکەمان",
            "دەرەنجامی یەکەم",
            "ژمارەی ئەو کەسانەی ڕاهێنانیان پێکراوە",
            "دەربارە",
            "ئەم ماڵپەڕە چی دەخاتە ڕوو، کێ بڵاوی دەکاتەوە و چۆن پەیوەندییان پێوە بکرێت.",
        ],
    },
];

/// Languages written right to left, for codes without a preset.
const RTL_CODES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// One language of the new site.
struct Lang {
    code: String,
    preset: Option<&'static Preset>,
}

impl Lang {
    fn new(code: &str) -> Lang {
        Lang {
            code: code.to_owned(),
            preset: PRESETS.iter().find(|p| p.code == code),
        }
    }

    fn entry(&self) -> String {
        let mut out = format!("\n[[languages]]\ncode = \"{}\"\n", self.code);
        match self.preset {
            Some(p) => {
                out.push_str(&format!("name = \"{}\"\n", p.name));
                if p.rtl {
                    out.push_str("direction = \"rtl\"\n");
                }
                if let Some(d) = p.digits {
                    out.push_str(&format!("digits = \"{d}\"\n"));
                }
                if let Some(l) = p.locale {
                    out.push_str(&format!("locale = \"{l}\"\n"));
                }
            }
            None => {
                out.push_str(&format!(
                    "name = \"{}\"   # the language's name in the language itself\n",
                    self.code
                ));
                if RTL_CODES.contains(&self.code.as_str()) {
                    out.push_str("direction = \"rtl\"\n");
                }
            }
        }
        out
    }
}

/// The starter site's texts as `{ en = "…", ar = "…" }`, in the languages that have them.
fn text(langs: &[Lang], index: usize) -> String {
    let parts: Vec<String> = langs
        .iter()
        .filter_map(|l| {
            let t = l.preset?.texts[index];
            Some(format!("{} = {}", l.code, toml::Value::String(t.into())))
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// Writes the new site and lists its files.
pub fn run(args: &InitArgs) -> Result<()> {
    let codes: Vec<String> = if args.languages.is_empty() {
        vec!["en".into(), "ar".into(), "ckb".into()]
    } else {
        args.languages.clone()
    };
    for code in &codes {
        if !is_language_code(code) {
            bail!("`{code}` is not a language code: write it as `en`, `ar`, `syr` or `pt-BR`");
        }
    }
    let langs: Vec<Lang> = codes.iter().map(|c| Lang::new(c)).collect();
    if langs[0].preset.is_none() {
        bail!(
            "the first language, `{}`, is the site's default and needs the built-in interface \
             strings: start with en, ar or ckb and add `{}` after it",
            langs[0].code,
            langs[0].code
        );
    }
    let files = site_files(&langs)?;
    let dir = &args.dir;
    for (rel, _) in &files {
        if dir.join(rel).exists() {
            bail!(
                "{} already exists; `shafaf init` only writes into a new or empty site folder",
                dir.join(rel).display()
            );
        }
    }
    for (rel, contents) in &files {
        write_new(&dir.join(rel), contents)?;
        println!("created {}", dir.join(rel).display());
    }
    println!(
        "next: `shafaf serve --root {}` to preview it, then edit content/ (docs/editors.md)",
        dir.display()
    );
    Ok(())
}

fn write_new(path: &Path, contents: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

/// Could `s` be a language code (`en`, `syr`, `pt-BR`)?
fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Every file of the new site, as (path under the site folder, contents).
fn site_files(langs: &[Lang]) -> Result<Vec<(PathBuf, String)>> {
    let default = &langs[0].code;
    let year = super::new::today()[..4].to_owned();
    let mut site = format!(
        "# The site: its address, languages and title. docs/content.md lists every field.\nbase_url = \"https://example.org/\"   # where the site will be published\ndefault_language = \"{default}\"\ntitle = {}\n",
        text(langs, 0)
    );
    for l in langs {
        site.push_str(&l.entry());
    }
    let mut files = vec![
        (PathBuf::from("content/site.toml"), site),
        (PathBuf::from("content/programme.toml"), programme(langs, &year)),
        (PathBuf::from("content/results.toml"), results(langs)),
        (
            PathBuf::from(format!("content/periods/{year}/period.toml")),
            format!(
                "# One reporting period: the figures reported for it, as reported.\nlabel = {{ {} }}\nstart = {year}-01-01\nend = {year}-12-31\n\n[[values]]\nindicator = \"1.1.1\"\nactual = 0   # the number reached so far: replace it with yours\n",
                langs.iter().map(|l| format!("{} = \"{year}\"", l.code)).collect::<Vec<_>>().join(", ")
            ),
        ),
        (PathBuf::from(".gitignore"), "/public\n/.public.shafaf-*\n/.shafaf-bin\n".into()),
        (PathBuf::from(".github/workflows/pages.yml"), with_version(GITHUB_WORKFLOW)),
        (PathBuf::from(".gitlab-ci.yml"), with_version(GITLAB_CI)),
    ];
    for (i, l) in langs.iter().enumerate() {
        let Some(p) = l.preset else { continue };
        let name = if i == 0 {
            "about.md".to_owned()
        } else {
            format!("about.{}.md", l.code)
        };
        files.push((
            PathBuf::from("content/pages").join(name),
            format!(
                "+++\ntitle = {}\n+++\n\n{}\n",
                toml::Value::String(p.texts[5].into()),
                p.texts[6]
            ),
        ));
    }
    let builtin = ThemeFiles::builtin();
    for l in langs.iter().filter(|l| l.preset.is_none()) {
        files.push((
            PathBuf::from(format!("themes/default/i18n/{}.toml", l.code)),
            strings_file(&builtin, default, &l.code)?,
        ));
    }
    Ok(files)
}

fn programme(langs: &[Lang], year: &str) -> String {
    let end: u32 = year.parse::<u32>().unwrap_or(2026) + 2;
    format!(
        "# The programme the site reports on.\ntitle = {}\nstart_date = {year}-01-01\ncompletion_date = {end}-12-31\nduration_months = 36\n\n[[organisations]]\nid = \"org\"\nacronym = \"ORG\"\nname = {}\nrole = \"agency\"\n",
        text(langs, 1),
        text(langs, 2)
    )
}

fn results(langs: &[Lang]) -> String {
    format!(
        "# The results framework: outputs and the indicators that measure them.\n[[programme_outputs]]\nid = \"1\"\ntitle = {}\n\n[[outputs]]\nid = \"1.1\"\nprogramme_output = \"1\"\nlead = \"org\"\ntitle = {}\n\n[[indicators]]\nid = \"1.1.1\"\noutput = \"1.1\"\nkind = \"count\"\ntitle = {}\ntarget = 100\n",
        text(langs, 3),
        text(langs, 3),
        text(langs, 4)
    )
}

/// A strings file for `lang`: every key of the default language's built-in strings, commented
/// out under its table with the text to translate, so that `check` lists each key as missing
/// until its line is translated and uncommented.
pub fn strings_file(files: &ThemeFiles, default: &str, lang: &str) -> Result<String> {
    let ui = UiStrings::of_language(files, default)
        .map_err(|p| anyhow::anyhow!("the theme's {default} strings do not load: {}", p[0]))?;
    let mut out = format!(
        "# Interface strings in `{lang}`. Translate a line, then remove its `#`.\n# Keep the {{names}} in braces as they are. `shafaf check` lists the keys still missing.\n"
    );
    let mut sections: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = Default::default();
    for (key, value) in ui.default_strings() {
        let (section, name) = key.rsplit_once('.').unwrap_or(("", key));
        sections.entry(section).or_default().push((name, value));
    }
    for (section, entries) in sections {
        if !section.is_empty() {
            out.push_str(&format!("\n[{section}]\n"));
        }
        for (name, value) in entries {
            out.push_str(&format!(
                "# {name} = {}\n",
                toml::Value::String(value.into())
            ));
        }
    }
    Ok(out)
}

/// A CI file with the version of this binary, which the pipeline installs.
fn with_version(template: &str) -> String {
    template.replace("@SHAFAF_VERSION@", env!("CARGO_PKG_VERSION"))
}

/// The CI workflow that builds the site and publishes it to GitHub Pages.
const GITHUB_WORKFLOW: &str = include_str!("init/github-pages.yml");
/// The CI pipeline that builds the site and publishes it to GitLab Pages.
const GITLAB_CI: &str = include_str!("init/gitlab-ci.yml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_are_checked() {
        assert!(is_language_code("syr"));
        assert!(is_language_code("pt-BR"));
        assert!(!is_language_code("Syriac"));
        assert!(!is_language_code("e"));
    }

    #[test]
    fn the_strings_file_has_every_key_commented_out() {
        let file = strings_file(&ThemeFiles::builtin(), "en", "syr").unwrap();
        let table: toml::Table = file.parse().unwrap();
        fn no_strings(t: &toml::Table) -> bool {
            t.values().all(|v| v.as_table().is_some_and(no_strings))
        }
        assert!(no_strings(&table), "{file}");
        assert!(file.contains("\n[nav]\n"), "{file}");
        assert!(file.contains("# skip = "), "{file}");
    }
}
