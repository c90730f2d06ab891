//! Translation coverage: which content is not yet written in each language.
//!
//! A missing translation is not an error (readers see the default language's text, marked as
//! such), but editors need to know what is left. `shafaf check` reports one warning per content
//! file and language, placed at the first untranslated text, and one per interface-string file
//! that lacks keys of the default language.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::i18n::UiStrings;
use crate::model::{Site, Text, TranslationState, TranslationStatus, Translations};

/// The texts of one TOML content file.
struct FileTexts<'a> {
    rel: PathBuf,
    texts: Vec<&'a Text>,
    state: &'a TranslationState,
}

/// Every translatable text of the site, grouped by the TOML file it comes from.
fn toml_texts(site: &Site) -> Vec<FileTexts<'_>> {
    let c = &site.config;
    let mut site_texts: Vec<&Text> = vec![&c.title];
    site_texts.extend(c.description.iter().chain(c.licence.iter()));

    let p = &site.programme;
    let mut programme: Vec<&Text> = vec![&p.title];
    programme.extend(
        [
            &p.description,
            &p.development_goal,
            &p.immediate_objective,
            &p.indirect_beneficiaries,
            &p.employment_generation,
        ]
        .into_iter()
        .flatten(),
    );
    for a in &p.alignments {
        programme.extend(a.label.iter().chain([&a.text]));
    }
    programme.extend(p.objectives.iter().chain(&p.procurement).chain(&p.notes));
    programme.extend(p.organisations.iter().map(|o| &o.name));

    let r = &site.results;
    let mut results: Vec<&Text> = r.terms.values().map(|t| &t.label).collect();
    for d in &r.dimensions {
        results.push(&d.label);
        results.extend(d.categories.iter().map(|c| &c.label));
    }
    results.extend(r.footnotes.iter().map(|f| &f.text));
    for po in &r.programme_outputs {
        results.push(&po.title);
        results.extend(&po.notes);
    }
    for o in &r.outputs {
        results.push(&o.title);
        results.extend(o.reported_title.iter().chain(&o.notes));
    }
    for i in &r.indicators {
        results.push(&i.title);
        results.extend(i.reported_title.iter().chain(&i.notes));
    }

    let mut files = vec![
        FileTexts {
            rel: "content/site.toml".into(),
            texts: site_texts,
            state: &c.translation,
        },
        FileTexts {
            rel: "content/programme.toml".into(),
            texts: programme,
            state: &p.translation,
        },
        FileTexts {
            rel: "content/results.toml".into(),
            texts: results,
            state: &r.translation,
        },
    ];
    for period in &site.periods {
        let mut texts: Vec<&Text> = vec![&period.label];
        texts.extend(period.source.iter().chain(&period.notes));
        texts.extend(period.values.iter().flat_map(|v| &v.notes));
        texts.extend(period.funds.iter().flat_map(|f| &f.notes));
        for b in &period.beneficiaries {
            texts.push(&b.label);
            texts.extend(&b.notes);
        }
        files.push(FileTexts {
            rel: Path::new("content/periods")
                .join(&period.id)
                .join("period.toml"),
            texts,
            state: &period.translation,
        });
    }
    files
}

/// Every Markdown document of the site (narratives and pages), each with all its languages.
fn documents(site: &Site) -> Vec<&Translations> {
    site.periods
        .iter()
        .flat_map(|p| p.narratives.iter().map(|n| &n.text))
        .chain(site.pages.iter().map(|p| &p.text))
        .collect()
}

/// One warning per language whose interface strings lack keys of the default language.
pub fn ui_warnings(site: &Site, ui: &UiStrings) -> Vec<Diagnostic> {
    let default = &site.config.default_language;
    site.config
        .languages
        .iter()
        .filter(|l| &l.code != default)
        .filter_map(|l| {
            let missing = ui.missing(&l.code);
            let first = missing.first()?;
            let rel = Path::new("themes")
                .join(&site.config.theme)
                .join("i18n")
                .join(format!("{}.toml", l.code));
            let exists = site.root.join(&rel).is_file();
            let todo = if exists {
                "translate these keys in this file".to_owned()
            } else {
                format!(
                    "`shafaf theme strings {}` writes this file with every key to translate",
                    l.code
                )
            };
            Some(
                Diagnostic::warning(
                    rel,
                    format!(
                        "{} interface strings have no {} ({}) translation, such as `{first}`",
                        missing.len(),
                        l.name,
                        l.code
                    ),
                )
                .with_hint(format!("{todo}; missing: {}", missing.join(", "))),
            )
        })
        .collect()
}

/// How far one content file is written in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCoverage {
    /// The file, relative to the site root (`content/results.toml`).
    pub file: String,
    /// Texts of the file written in the default language (1 for a Markdown document).
    pub total: usize,
    /// Of those, how many are written in this language.
    pub translated: usize,
    /// The translation status the file declares for this language.
    pub status: Option<TranslationStatus>,
}

/// Every content file's coverage in `lang`, TOML files first, then Markdown documents.
pub fn files(site: &Site, lang: &str) -> Vec<FileCoverage> {
    let mut out = Vec::new();
    each_file(site, lang, |file, total, translated, status| {
        out.push(FileCoverage {
            file: file.to_string_lossy().replace('\\', "/"),
            total,
            translated,
            status,
        });
    });
    out
}

/// Calls `f` with each content file's path, texts in the default language, of those written
/// in `lang`, and declared status, in the order of [`files`].
fn each_file(
    site: &Site,
    lang: &str,
    mut f: impl FnMut(&Path, usize, usize, Option<TranslationStatus>),
) {
    let default = &site.config.default_language;
    for file in toml_texts(site) {
        let needed = file.texts.iter().filter(|t| t.get(default).is_some());
        let (total, translated) = needed.fold((0, 0), |(n, k), t| {
            (n + 1, k + usize::from(t.get(lang).is_some()))
        });
        f(&file.rel, total, translated, file.state.get(lang).copied());
    }
    for doc in documents(site) {
        let Some(original) = doc.docs.get(default) else {
            continue;
        };
        let version = doc.docs.get(lang);
        let status = version.and_then(|d| d.translation);
        f(&original.file, 1, usize::from(version.is_some()), status);
    }
}

/// How much of the site is written in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageCoverage {
    /// Texts of TOML files in the default language.
    pub texts: usize,
    /// Of those, written in this language.
    pub texts_translated: usize,
    /// Markdown documents (narratives, pages).
    pub documents: usize,
    /// Of those, written in this language.
    pub documents_translated: usize,
    /// Files whose translation into this language is declared a draft.
    pub drafts: usize,
}

/// The totals of [`files`] for `lang`.
pub fn summary(site: &Site, lang: &str) -> LanguageCoverage {
    let mut c = LanguageCoverage {
        texts: 0,
        texts_translated: 0,
        documents: 0,
        documents_translated: 0,
        drafts: 0,
    };
    each_file(site, lang, |file, total, translated, status| {
        if file.extension().is_some_and(|e| e == "md") {
            c.documents += total;
            c.documents_translated += translated;
        } else {
            c.texts += total;
            c.texts_translated += translated;
        }
        if status == Some(TranslationStatus::Draft) && translated > 0 {
            c.drafts += 1;
        }
    });
    c
}
