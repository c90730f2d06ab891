//! Building the model from content files: parse each file, then check every reference, text
//! and figure in one pass, collecting all problems.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::consistency::{assess, funds_flags, percent_of_planned, total_flags, value_flags, Plan};
use super::ids::{deceptive_char, is_safe_id, is_safe_slug, xml_invalid_char, xml_invalid_message};
use super::raw::{self, RawDate, RawFigure, Ref, Translation};
use super::*;
use crate::content::{self, markdown_name, parse_toml_all_at, split_front_matter, SourceFile};
use crate::diagnostic::{ContentErrors, Diagnostic, Diagnostics, Position};

mod iati;

/// Ids that references are checked against.
trait IdLookup {
    /// Is `id` among them?
    fn has(&self, id: &str) -> bool;
    /// All of them, in order (for "did you mean").
    fn all(&self) -> &[&str];
}

impl IdLookup for [&str] {
    fn has(&self, id: &str) -> bool {
        self.contains(&id)
    }
    fn all(&self) -> &[&str] {
        self
    }
}

/// Ids with their positions beside the list: a period of ten thousand values checks ten
/// thousand references, which a list would make quadratic.
struct IdIndex<'a> {
    list: Vec<&'a str>,
    position: HashMap<String, usize>,
}

impl<'a> IdIndex<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> IdIndex<'a> {
        let list: Vec<&str> = ids.collect();
        IdIndex {
            position: position_by_id(list.iter().copied()),
            list,
        }
    }

    /// The position of `id` in the list, in constant time.
    fn position(&self, id: &str) -> Option<usize> {
        self.position.get(id).copied()
    }
}

impl IdLookup for IdIndex<'_> {
    fn has(&self, id: &str) -> bool {
        self.position.contains_key(id)
    }
    fn all(&self) -> &[&str] {
        &self.list
    }
}

impl Site {
    /// Loads and validates the site under `root` (the folder holding `content/`).
    ///
    /// Returns the model, with any warnings in [`Site::warnings`], or every error and warning
    /// found, sorted by file and line.
    pub fn load(root: &Path) -> Result<Site, ContentErrors> {
        let mut loader = Loader::default();
        let site = loader.load(root);
        loader.report_untranslated();
        match site {
            Some(mut site) if !loader.diags.has_errors() => {
                site.warnings = loader.diags.sorted();
                Ok(site)
            }
            _ => Err(ContentErrors {
                diagnostics: loader.diags.sorted(),
            }),
        }
    }
}

impl Site {
    /// Reads the files of the narrative `key` of the period `period` again, as [`Site::load`]
    /// reads them (the same checks and messages), and returns the narrative they now hold with
    /// the files' warnings; or every error found in them. Only the files the model already
    /// knows for the narrative are read: a translation added or removed needs a full load.
    pub fn reload_narrative(
        &self,
        period: &str,
        key: &str,
    ) -> Result<(Narrative, Vec<Diagnostic>), ContentErrors> {
        let text = self
            .period(period)
            .and_then(|p| p.narratives.iter().find(|n| n.key == key))
            .map(|n| &n.text);
        let output_ids: Vec<&str> = self.results.outputs.iter().map(|o| o.id.as_str()).collect();
        let index = IdIndex::new(self.results.indicators.iter().map(|i| i.id.as_str()));
        let known = Known::of(&self.config);
        self.reload_markdown(
            text,
            &format!("content/periods/{period}"),
            key,
            |l, files| {
                l.narratives(files, &output_ids, &index, &known)
                    .into_iter()
                    .find(|n| n.key == key)
            },
        )
    }

    /// Reads the files of the static page `slug` again, as [`Site::load`] reads them, and
    /// returns the page they now hold with the files' warnings; or every error found in them.
    /// As with [`Site::reload_narrative`], only the files the model knows are read.
    pub fn reload_page(&self, slug: &str) -> Result<(Page, Vec<Diagnostic>), ContentErrors> {
        let text = self.pages.iter().find(|p| p.slug == slug).map(|p| &p.text);
        let known = Known::of(&self.config);
        self.reload_markdown(text, "content/pages", slug, |l, files| {
            l.pages(files, &known).into_iter().find(|p| p.slug == slug)
        })
    }

    /// Reads the known files of `text` again and makes of them what `read` makes; `name` in
    /// `dir` is what the error says is gone when it makes nothing.
    fn reload_markdown<T>(
        &self,
        text: Option<&Translations>,
        dir: &str,
        name: &str,
        read: impl FnOnce(&mut Loader, Vec<SourceFile>) -> Option<T>,
    ) -> Result<(T, Vec<Diagnostic>), ContentErrors> {
        let mut loader = Loader::default();
        let rels: Vec<&Path> = text.into_iter().flat_map(|t| t.files()).collect();
        let files: Vec<SourceFile> = rels
            .iter()
            .filter_map(|rel| loader.ok(SourceFile::read(&self.root, rel)))
            .collect();
        for f in &files {
            loader.diags.extend(placeholder_warnings(&f.rel, &f.text));
        }
        let made = read(&mut loader, files);
        match made {
            Some(made) if !loader.diags.has_errors() => Ok((made, loader.diags.sorted())),
            _ => {
                if !loader.diags.has_errors() {
                    loader.diags.push(Diagnostic::error(
                        dir,
                        format!("`{name}` is no longer there"),
                    ));
                }
                Err(ContentErrors {
                    diagnostics: loader.diags.sorted(),
                })
            }
        }
    }

    /// Reads the decision files `rels` (Markdown files of the model's decisions) again and
    /// returns the publication with their new text and the warnings about the publication's
    /// files; `Ok(None)` when one is not a decision's file or its front matter changed (a full
    /// reading is needed); or every error found in them.
    pub fn reload_decision_texts(
        &self,
        rels: &[&Path],
    ) -> Result<Option<(Decisions, Vec<Diagnostic>)>, ContentErrors> {
        let mut loader = Loader::default();
        let mut decisions = self.decisions.clone();
        for rel in rels {
            let Some(file) = loader.ok(SourceFile::read(&self.root, rel)) else {
                continue;
            };
            let Some(doc) = loader.ok(split_front_matter(&file)) else {
                continue;
            };
            let slot = decisions
                .list
                .iter_mut()
                .flat_map(|d| d.text.docs.values_mut())
                .find(|d| d.file == *rel);
            match slot {
                Some(slot) if slot.front_matter == doc.front_matter_fingerprint() => {
                    slot.body = doc.body.to_owned();
                }
                _ => return Ok(None),
            }
            loader.diags.extend(placeholders_in(&self.root, rel));
        }
        if loader.diags.has_errors() {
            return Err(ContentErrors {
                diagnostics: loader.diags.sorted(),
            });
        }
        // The front matter is as it was: so are the warnings about it.
        let kept = self.warnings.iter().filter(|d| {
            d.file.starts_with(super::decisions::DECISIONS_DIR)
                && !(rels.contains(&d.file.as_path()) && d.message.starts_with(PLACEHOLDER))
        });
        kept.cloned().for_each(|d| loader.diags.push(d));
        Ok(Some((decisions, loader.diags.sorted())))
    }

    /// Reads `content/decisions/` again, as [`Site::load`] reads it (the same checks and
    /// messages), and returns the publication it now holds with the warnings about its files;
    /// or every error and warning found in them.
    pub fn reload_decisions(&self) -> Result<(Decisions, Vec<Diagnostic>), ContentErrors> {
        let mut loader = Loader::default();
        let known = Known::of(&self.config);
        let indicator_ids: Vec<&str> = self
            .results
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        let decisions = super::decisions::load(
            &self.root,
            &known.languages,
            &known.default_language,
            &indicator_ids,
            self.config.max_attachment_bytes,
            &mut loader.diags,
        );
        loader.diags.extend(decision_placeholders(&self.root));
        if loader.diags.has_errors() {
            return Err(ContentErrors {
                diagnostics: loader.diags.sorted(),
            });
        }
        Ok((decisions, loader.diags.sorted()))
    }
}

impl Site {
    /// Reads `content/periods/ID/period.toml` of the period `id` again, as [`Site::load`]
    /// reads it (the same checks and messages), and returns the period it now holds, without
    /// narratives (see [`Site::replace_period`]), with the file's warnings; or every error and
    /// warning found in it. Nothing else is read: the rest of the site is taken as it is.
    pub fn reload_period(&self, id: &str) -> Result<(Period, Vec<Diagnostic>), ContentErrors> {
        self.reload_period_against(id, &self.results)
    }

    /// Reads the period `id` again as [`Site::reload_period`] does, checking and assessing its
    /// values against `results` (a fresh reading of `results.toml`) rather than the model's.
    pub fn reload_period_against(
        &self,
        id: &str,
        results: &Results,
    ) -> Result<(Period, Vec<Diagnostic>), ContentErrors> {
        let mut loader = Loader::default();
        let known = Known::of_site(self);
        let rel = period_file(id);
        let file = loader.read(&self.root, &rel.to_string_lossy());
        if let Some(f) = &file {
            loader.diags.extend(placeholder_warnings(&f.rel, &f.text));
        }
        let period = loader.period(id, file, Vec::new(), results, &known);
        loader.report_untranslated();
        match period {
            Some(p) if !loader.diags.has_errors() => Ok((p, loader.diags.sorted())),
            _ => Err(ContentErrors {
                diagnostics: loader.diags.sorted(),
            }),
        }
    }
}

impl Site {
    /// Reads `content/results.toml` again, as [`Site::load`] reads it (the same checks and
    /// messages), and returns the framework it now holds with the file's warnings; or every
    /// error and warning found in it. Nothing else is read: the periods are taken as they are,
    /// so the caller keeps the framework only when its figures and ids are unchanged
    /// ([`Results::change`]).
    pub fn reload_results(&self) -> Result<(Results, Vec<Diagnostic>), ContentErrors> {
        let mut loader = Loader::default();
        let mut known = Known::of_site(self);
        let file = loader.read(&self.root, RESULTS_FILE);
        let results = file.as_ref().and_then(|f| {
            loader.diags.extend(placeholder_warnings(&f.rel, &f.text));
            let raw = loader.all(f.parse_toml_all::<raw::ResultsFile>())?;
            Some(loader.results(Src { file: f, offset: 0 }, raw, &mut known))
        });
        loader.report_untranslated();
        match results {
            Some(r) if !loader.diags.has_errors() => Ok((r, loader.diags.sorted())),
            _ => Err(ContentErrors {
                diagnostics: loader.diags.sorted(),
            }),
        }
    }
}

/// Where a TOML value lives: its file and the offset of its TOML within the file.
#[derive(Clone, Copy)]
struct Src<'a> {
    file: &'a SourceFile,
    offset: usize,
}

impl Src<'_> {
    fn at(&self, d: Diagnostic, span: Option<Range<usize>>) -> Diagnostic {
        let offset = self.offset;
        d.at_span(
            &self.file.text,
            span.map(|s| s.start + offset..s.end + offset),
        )
    }

    fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Diagnostic {
        self.at(Diagnostic::error(&self.file.rel, message), span)
    }

    fn warning(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Diagnostic {
        self.at(Diagnostic::warning(&self.file.rel, message), span)
    }
}

#[derive(Default)]
struct Loader {
    diags: Diagnostics,
    /// Per file and language: how many texts lack a translation, and a warning at the first.
    untranslated: BTreeMap<(PathBuf, String), (usize, Diagnostic)>,
    /// What the IATI file will lack, reported only if the site describes itself for IATI.
    iati_pending: Vec<Diagnostic>,
}

/// The ids an indicator may refer to: outputs, dimensions, footnotes and units.
struct IndicatorRefs<'a> {
    outputs: &'a [&'a str],
    dimensions: &'a [&'a str],
    footnotes: &'a [&'a str],
    units: &'a [&'a str],
}

/// What references are checked against.
#[derive(Default)]
struct Known {
    languages: Vec<String>,
    default_language: String,
    organisations: BTreeSet<String>,
    terms: BTreeSet<String>,
    /// The programme's start and completion dates, which periods should lie within.
    programme_dates: (Option<Date>, Option<Date>),
    /// The programme's currency, the default of money indicators.
    currency: String,
    /// Whether programme.toml loaded: without it, organisation references cannot be checked
    /// and would only be follow-on errors.
    programme_loaded: bool,
}

/// What a narrative is about, from its default-language file's front matter.
#[derive(Default)]
struct NarrativeAbout {
    output: Option<String>,
    indicator: Option<String>,
    weight: Option<i64>,
}

impl Known {
    /// What the site's configuration tells: its languages; the rest is learnt while loading.
    fn of(config: &Config) -> Known {
        Known {
            languages: config.languages.iter().map(|l| l.code.clone()).collect(),
            default_language: config.default_language.clone(),
            ..Known::default()
        }
    }
}

impl Known {
    /// What a loaded site knows: as [`Loader::load`] learns it from the site's files.
    fn of_site(site: &Site) -> Known {
        let programme = &site.programme;
        Known {
            organisations: programme
                .organisations
                .iter()
                .map(|o| o.id.clone())
                .collect(),
            terms: site.results.terms.keys().cloned().collect(),
            programme_dates: (programme.start_date, programme.completion_date),
            currency: programme.currency.clone(),
            programme_loaded: true,
            ..Known::of(&site.config)
        }
    }
}

impl Loader {
    fn read(&mut self, root: &Path, rel: &str) -> Option<SourceFile> {
        let rel = PathBuf::from(rel);
        if !root.join(&rel).is_file() {
            self.diags.push(
                Diagnostic::error(&rel, "this file is missing")
                    .with_hint("every site needs content/site.toml, content/programme.toml and content/results.toml; see docs/content.md"),
            );
            return None;
        }
        self.ok(SourceFile::read(root, &rel))
    }

    fn ok<T>(&mut self, r: Result<T, Diagnostic>) -> Option<T> {
        r.map_err(|d| self.diags.push(d)).ok()
    }

    fn all<T>(&mut self, r: Result<T, Vec<Diagnostic>>) -> Option<T> {
        r.map_err(|ds| self.diags.extend(ds)).ok()
    }

    fn load(&mut self, root: &Path) -> Option<Site> {
        let site_file = self.read(root, "content/site.toml");
        let programme_file = self.read(root, "content/programme.toml");
        let results_file = self.read(root, RESULTS_FILE);

        let site_raw: Option<raw::SiteFile> = site_file
            .as_ref()
            .and_then(|f| self.all(f.parse_toml_all()));
        let programme_raw: Option<raw::ProgrammeFile> = programme_file
            .as_ref()
            .and_then(|f| self.all(f.parse_toml_all()));
        let results_raw: Option<raw::ResultsFile> = results_file
            .as_ref()
            .and_then(|f| self.all(f.parse_toml_all()));

        let (period_files, page_files) = self.list_content(root);
        let read = [&site_file, &programme_file, &results_file];
        let periods_read = period_files
            .iter()
            .flat_map(|(_, toml, md)| toml.iter().chain(md));
        let all_read: Vec<&SourceFile> = read
            .into_iter()
            .flatten()
            .chain(periods_read)
            .chain(&page_files)
            .collect();
        self.placeholders(root, &all_read);

        let config = match (&site_file, site_raw) {
            (Some(f), Some(raw)) => self.config(Src { file: f, offset: 0 }, raw),
            _ => None,
        };
        let syntax_only = |this: &mut Self| {
            // What periods refer to is missing: report their syntax errors only, to avoid a
            // cascade of follow-on errors.
            for (_, toml, _) in &period_files {
                if let Some(f) = toml {
                    let _ = this.all(f.parse_toml_all::<raw::PeriodFile>());
                }
            }
        };
        let Some(config) = config else {
            syntax_only(self);
            return None;
        };
        let mut known = Known::of(&config);

        let programme = match (&programme_file, programme_raw) {
            (Some(f), Some(raw)) => {
                Some(self.programme(Src { file: f, offset: 0 }, raw, &mut known))
            }
            _ => None,
        };
        let results = match (&results_file, results_raw) {
            (Some(f), Some(raw)) => Some(self.results(Src { file: f, offset: 0 }, raw, &mut known)),
            _ => None,
        };
        let (Some(programme), Some(results)) = (programme, results) else {
            syntax_only(self);
            return None;
        };
        let mut periods = self.periods(period_files, &results, &known);
        periods.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
        let mut pages = self.pages(page_files, &known);
        pages.sort_by(|a, b| (a.weight, &a.slug).cmp(&(b.weight, &b.slug)));
        let indicator_ids: Vec<&str> = results.indicators.iter().map(|i| i.id.as_str()).collect();
        let decisions = super::decisions::load(
            root,
            &known.languages,
            &known.default_language,
            &indicator_ids,
            config.max_attachment_bytes,
            &mut self.diags,
        );

        Some(Site::assemble(
            root.to_path_buf(),
            config,
            programme,
            results,
            periods,
            pages,
            decisions,
        ))
    }

    /// Finds period folders and page files. Returns, per period, its id, its `period.toml` and its
    /// narratives; and the page files.
    #[allow(clippy::type_complexity)]
    fn list_content(
        &mut self,
        root: &Path,
    ) -> (
        Vec<(String, Option<SourceFile>, Vec<SourceFile>)>,
        Vec<SourceFile>,
    ) {
        let (files, problems) = content::walk(root, "content");
        self.diags.extend(problems);
        let mut periods: BTreeMap<String, (Option<SourceFile>, Vec<SourceFile>)> = BTreeMap::new();
        let mut pages = Vec::new();
        let mut read = ReadAhead::of(root, &files);
        for rel in files {
            let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
            match parts.as_slice() {
                ["content", "site.toml" | "programme.toml" | "results.toml"] => {}
                ["content", "periods", id, name] => {
                    if !is_safe_id(id) {
                        self.diags.push(
                            Diagnostic::error(
                                &rel,
                                format!(
                                    "the period folder name `{id}` cannot be used in a web address"
                                ),
                            )
                            .with_hint(
                                "use letters, digits, `.`, `-` and `_` only, for example `2013-Q1`",
                            ),
                        );
                        continue;
                    }
                    let entry = periods.entry((*id).to_owned()).or_default();
                    if *name == "period.toml" {
                        entry.0 = self.ok(read.take(&rel));
                    } else if name.ends_with(".md") {
                        if let Some(f) = self.ok(read.take(&rel)) {
                            entry.1.push(f);
                        }
                    } else {
                        self.unexpected(&rel);
                    }
                }
                ["content", "pages", name] if name.ends_with(".md") => {
                    if let Some(f) = self.ok(read.take(&rel)) {
                        pages.push(f);
                    }
                }
                ["content", "decisions", ..] => {}
                _ => self.unexpected(&rel),
            }
        }
        let periods = periods
            .into_iter()
            .filter_map(|(id, (toml, md))| {
                if toml.is_none() && md.is_empty() {
                    return None;
                }
                if toml.is_none() {
                    let rel = period_file(&id);
                    self.diags.push(
                        Diagnostic::error(rel, "this period has narratives but no period.toml")
                            .with_hint("add period.toml with the period's label, start and end"),
                    );
                }
                Some((id, toml, md))
            })
            .collect();
        (periods, pages)
    }

    /// Warns on each placeholder `shafaf new` left in a content file: a value followed by
    /// `# placeholder`, or `<!-- placeholder -->` in Markdown. `read` are the files already
    /// read; the decisions' files are read here. (Unreadable files are reported where they are
    /// read.)
    fn placeholders(&mut self, root: &Path, read: &[&SourceFile]) {
        use rayon::prelude::*;
        let (in_read, in_decisions): (Vec<_>, _) = rayon::join(
            || {
                read.par_iter()
                    .map(|f| placeholder_warnings(&f.rel, &f.text))
                    .collect()
            },
            || decision_placeholders(root),
        );
        self.diags.extend(in_read.into_iter().flatten());
        self.diags.extend(in_decisions);
    }

    /// Loads the periods on every core, each with a loader of its own, and gathers what their
    /// loaders found in the periods' order.
    fn periods(
        &mut self,
        files: Vec<(String, Option<SourceFile>, Vec<SourceFile>)>,
        results: &Results,
        known: &Known,
    ) -> Vec<Period> {
        use rayon::prelude::*;
        let loaded: Vec<(Option<Period>, Loader)> = files
            .into_par_iter()
            .map(|(id, toml, narratives)| {
                let mut loader = Loader::default();
                let period = loader.period(&id, toml, narratives, results, known);
                (period, loader)
            })
            .collect();
        let mut periods = Vec::with_capacity(loaded.len());
        for (period, loader) in loaded {
            self.absorb(loader);
            periods.extend(period);
        }
        periods
    }

    /// Takes in what another loader found.
    fn absorb(&mut self, other: Loader) {
        self.diags.extend(other.diags);
        self.untranslated.extend(other.untranslated);
        self.iati_pending.extend(other.iati_pending);
    }

    fn unexpected(&mut self, rel: &Path) {
        self.diags.push(
            Diagnostic::warning(
                rel,
                "this file is not part of the content format and is ignored",
            )
            .with_hint("see docs/content.md for where each kind of file goes"),
        );
    }

    /// Reads and checks the site settings: languages, default language, address, theme, texts and
    /// how raw HTML is handled.
    fn config(&mut self, src: Src, raw: raw::SiteFile) -> Option<Config> {
        let languages = self.languages(src, raw.languages);
        if languages.is_empty() {
            self.diags.push(
                Diagnostic::error(&src.file.rel, "no languages are configured")
                    .with_hint("add at least one [[languages]] entry"),
            );
            return None;
        }
        let default_language = self.default_language(src, &raw.default_language, &languages)?;
        let base_url = raw.base_url.get_ref().trim().to_owned();
        if let Err(message) = check_base_url(&base_url) {
            self.diags.push(
                src.error(Some(raw.base_url.span()), message)
                    .with_hint("write the full address, e.g. \"https://example.org/\""),
            );
        }
        let theme = raw.theme.get_ref().clone();
        if !is_safe_id(&theme) {
            self.diags.push(
                src.error(
                    Some(raw.theme.span()),
                    format!("`{theme}` is not a theme folder name"),
                )
                .with_hint("name a folder under themes/, such as \"default\""),
            );
        }
        let known = Known {
            languages: languages.iter().map(|l| l.code.clone()).collect(),
            default_language: default_language.clone(),
            ..Known::default()
        };
        self.text(src, &raw.title, &known);
        self.opt_text(src, raw.description.as_ref(), &known);
        self.opt_text(src, raw.licence.as_ref(), &known);
        let translation = self.translation(src, &raw.translation, &known);
        let wording = raw
            .wording
            .into_iter()
            .map(|(k, t)| {
                self.text(src, &t, &known);
                (k.into_inner(), t)
            })
            .collect();
        let raw_html = self.raw_html(src, raw.raw_html.as_ref());
        let max_attachment_bytes = self.max_attachment_bytes(src, raw.max_attachment_mib.as_ref());
        Some(Config {
            raw_html,
            max_attachment_bytes,
            base_url: if base_url.ends_with('/') {
                base_url
            } else {
                format!("{base_url}/")
            },
            default_language,
            theme,
            title: raw.title,
            description: raw.description,
            licence: raw.licence,
            languages,
            translation,
            wording,
        })
    }

    /// The site's languages, leaving out those whose code is not one or is listed already.
    fn languages(&mut self, src: Src, entries: Vec<raw::LanguageEntry>) -> Vec<Language> {
        let mut languages = Vec::new();
        // By lower-case code, as BCP 47 compares tags: `en-GB` and `en-gb` are one language.
        let mut seen: BTreeMap<String, (String, Range<usize>)> = BTreeMap::new();
        for entry in entries {
            if !self.new_language_code(src, &entry.code, &mut seen) {
                continue;
            }
            let code = entry.code.get_ref().clone();
            let direction = self.text_direction(src, entry.direction.as_ref());
            let digits = self.digits(src, entry.digits.as_ref(), &code);
            let locale = self.locale(src, entry.locale, &code);
            let iati_lang = self.iati_lang(src, &entry.code, entry.iati_lang.as_ref());
            languages.push(Language {
                locale,
                code,
                name: entry.name,
                direction,
                digits,
                iati_lang,
            });
        }
        languages
    }

    /// Is `code` a language code not `seen` before (whatever its case)? Records it if so, and
    /// reports it if not.
    fn new_language_code(
        &mut self,
        src: Src,
        code: &Spanned<String>,
        seen: &mut BTreeMap<String, (String, Range<usize>)>,
    ) -> bool {
        let span = code.span();
        let code = code.get_ref();
        if !is_language_code(code) {
            self.diags.push(
                src.error(Some(span), format!("`{code}` is not a language code"))
                    .with_hint("use a BCP 47 code such as `en`, `ar` or `ckb`"),
            );
            return false;
        }
        if let Some((first, first_span)) = seen.get(&code.to_ascii_lowercase()) {
            let message = if first == code {
                format!("the language `{code}` is listed twice")
            } else {
                let at = Position::of_offset(&src.file.text, first_span.start + src.offset);
                format!(
                    "the language `{code}` is `{first}` (line {}, column {}) again: language codes are the same whatever their case",
                    at.line, at.column
                )
            };
            self.diags.push(
                src.error(Some(span), message)
                    .with_hint("keep one [[languages]] entry for each language"),
            );
            return false;
        }
        seen.insert(code.to_ascii_lowercase(), (code.clone(), span));
        true
    }

    /// A language's writing direction, left to right unless it says `rtl`.
    fn text_direction(&mut self, src: Src, raw: Option<&Spanned<String>>) -> Direction {
        match raw.map(|d| (d.get_ref().as_str(), d.span())) {
            None | Some(("ltr", _)) => Direction::Ltr,
            Some(("rtl", _)) => Direction::Rtl,
            Some((other, span)) => {
                self.diags.push(
                    src.error(Some(span), format!("unknown direction `{other}`"))
                        .with_hint("write `ltr` or `rtl`"),
                );
                Direction::Ltr
            }
        }
    }

    /// The digits a language writes numbers with, by default those usual for its `code`.
    fn digits(&mut self, src: Src, raw: Option<&Spanned<String>>, code: &str) -> Digits {
        match raw.map(|d| (d.get_ref().as_str(), d.span())) {
            None => default_digits(code),
            Some(("latn", _)) => Digits::Latn,
            Some(("arab", _)) => Digits::Arab,
            Some((other, span)) => {
                self.diags.push(
                    src.error(Some(span), format!("unknown digit system `{other}`"))
                        .with_hint("write `latn` (0123) or `arab` (٠١٢٣)"),
                );
                Digits::Latn
            }
        }
    }

    /// The locale a language formats numbers and dates in, by default its `code`; one that is
    /// not a CLDR locale is warned of.
    fn locale(&mut self, src: Src, raw: Option<Spanned<String>>, code: &str) -> String {
        match raw {
            Some(l) => {
                let tag = l.get_ref().trim().replace('_', "-");
                if tag.parse::<icu_locale::Locale>().is_err() || tag.starts_with("und") {
                    self.diags.push(
                        src.warning(
                            Some(l.span()),
                            format!(
                                "`{}` is not a CLDR locale: numbers and dates fall back to \
                                 the language code `{code}` (or to `en`)",
                                l.get_ref()
                            ),
                        )
                        .with_hint("write a BCP 47 locale such as `ar-IQ`, `ckb` or `en-GB`"),
                    );
                }
                l.into_inner()
            }
            None => code.to_owned(),
        }
    }

    /// The default language, spelled as [[languages]] does (written in another case, it is still
    /// that language); `None` when it is not among them.
    fn default_language(
        &mut self,
        src: Src,
        raw: &Spanned<String>,
        languages: &[Language],
    ) -> Option<String> {
        let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
        let Some(default_language) =
            content::configured_language(raw.get_ref(), &codes).map(str::to_owned)
        else {
            let default_language = raw.get_ref();
            self.diags.push(
                src.error(
                    Some(raw.span()),
                    format!(
                        "the default language `{default_language}` is not among the [[languages]]"
                    ),
                )
                .with_hint("add it to [[languages]] or choose one of them"),
            );
            return None;
        };
        Some(default_language)
    }

    /// How raw HTML in Markdown is handled: sanitized unless `raw_html` says otherwise.
    fn raw_html(&mut self, src: Src, raw: Option<&Spanned<String>>) -> RawHtml {
        match raw.map(|r| (r.get_ref().as_str(), r.span())) {
            None | Some(("sanitize", _)) => RawHtml::Sanitize,
            Some(("escape", _)) => RawHtml::Escape,
            Some(("trusted", _)) => RawHtml::Trusted,
            Some((other, span)) => {
                self.diags.push(
                    src.error(
                        Some(span),
                        format!("`{other}` is not a way to handle raw HTML"),
                    )
                    .with_hint(
                        "write raw_html = \"sanitize\" (the default), \"escape\" or \"trusted\"",
                    ),
                );
                RawHtml::Sanitize
            }
        }
    }

    /// `max_attachment_mib` in bytes: a whole number of MiB, at least 1; by default the limit of
    /// every other content file.
    fn max_attachment_bytes(&mut self, src: Src, mib: Option<&Spanned<i64>>) -> u64 {
        let Some(mib) = mib else {
            return content::MAX_FILE_BYTES;
        };
        match u64::try_from(*mib.get_ref()) {
            Ok(n @ 1..=1_048_576) => n * 1024 * 1024,
            _ => {
                self.diags.push(
                    src.error(
                        Some(mib.span()),
                        format!(
                            "max_attachment_mib = {} is not a size Shafaf can use",
                            mib.get_ref()
                        ),
                    )
                    .with_hint("write a whole number of MiB from 1 to 1048576 (1 TiB), such as max_attachment_mib = 64"),
                );
                content::MAX_FILE_BYTES
            }
        }
    }

    /// Checks that a text's languages are configured and that the default language is there.
    fn text(&mut self, src: Src, text: &Text, known: &Known) {
        for lang in text.languages() {
            if let Some(c) = text.get(lang).and_then(xml_invalid_char) {
                self.diags.push(
                    src.error(text.key_span(lang), xml_invalid_message(c))
                        .with_hint(
                            "remove it (it may have come in with text pasted from another program)",
                        ),
                );
            }
            if let Some(c) = text.get(lang).and_then(deceptive_char) {
                self.diags.push(
                    src.warning(
                        text.key_span(lang),
                        format!(
                            "this text contains the invisible character U+{:04X}, which can make it read differently from what it says",
                            u32::from(c)
                        ),
                    )
                    .with_hint("remove it; to keep numbers or Latin words in order inside Arabic text, the site isolates them itself"),
                );
            }
            if !known.languages.iter().any(|l| l == lang) {
                self.diags.push(
                    src.error(
                        text.key_span(lang),
                        format!(
                            "`{lang}` is not one of the site's languages ({})",
                            known.languages.join(", ")
                        ),
                    )
                    .with_hint(content::language_hint(lang, &known.languages)),
                );
            }
        }
        self.note_untranslated(src, text, known);
        if text.get(&known.default_language).is_none() {
            self.diags.push(
                src.error(
                    text.span(),
                    format!(
                        "this text has no version in the default language (`{}`)",
                        known.default_language
                    ),
                )
                .with_hint(format!(
                    "add `{} = \"…\"` to the table",
                    known.default_language
                )),
            );
        }
    }

    /// Records the languages `text` is missing in, for one warning per file and language.
    fn note_untranslated(&mut self, src: Src, text: &Text, known: &Known) {
        if text.get(&known.default_language).is_none() {
            return;
        }
        for lang in &known.languages {
            if text.get(lang).is_none() {
                self.untranslated
                    .entry((src.file.rel.clone(), lang.clone()))
                    .or_insert_with(|| (0, src.warning(text.span(), String::new())))
                    .0 += 1;
            }
        }
    }

    /// Turns the missing translations recorded while loading into warnings, one per file and
    /// language, placed at the first untranslated text.
    fn report_untranslated(&mut self) {
        for ((_, lang), (count, d)) in std::mem::take(&mut self.untranslated) {
            let (texts, are) = if count == 1 {
                ("text", "is")
            } else {
                ("texts", "are")
            };
            self.diags.push(
                Diagnostic {
                    message: format!(
                        "{count} {texts} in this file {are} not translated into `{lang}`; the first is here"
                    ),
                    ..d
                }
                .with_hint(format!(
                    "add `{lang} = \"…\"` to each text; until then `{lang}` readers see the default language, with a notice"
                )),
            );
        }
    }

    fn opt_text(&mut self, src: Src, text: Option<&Text>, known: &Known) {
        if let Some(t) = text {
            self.text(src, t, known);
        }
    }

    fn texts(&mut self, src: Src, texts: &[Text], known: &Known) {
        for t in texts {
            self.text(src, t, known);
        }
    }

    fn translation(&mut self, src: Src, raw: &Translation, known: &Known) -> TranslationState {
        let mut state = TranslationState::new();
        for (lang, status) in raw {
            if !known.languages.iter().any(|l| l == lang) {
                self.diags.push(
                    src.error(
                        Some(status.span()),
                        format!("`{lang}` is not one of the site's languages"),
                    )
                    .with_hint(content::language_hint(lang, &known.languages)),
                );
            }
            if let Some(s) = self.translation_status(src, status) {
                state.insert(lang.clone(), s);
            }
        }
        state
    }

    fn translation_status(
        &mut self,
        src: Src,
        status: &Spanned<String>,
    ) -> Option<TranslationStatus> {
        match status.get_ref().as_str() {
            "draft" => Some(TranslationStatus::Draft),
            "reviewed" => Some(TranslationStatus::Reviewed),
            other => {
                self.diags.push(
                    src.error(
                        Some(status.span()),
                        format!("unknown translation status `{other}`"),
                    )
                    .with_hint("write \"draft\" or \"reviewed\""),
                );
                None
            }
        }
    }

    fn date(&mut self, src: Src, raw: &RawDate) -> Option<Date> {
        let dt = raw.get_ref();
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => Some(Date {
                year: i32::from(d.year),
                month: d.month,
                day: d.day,
            }),
            _ => {
                self.diags.push(
                    src.error(Some(raw.span()), format!("`{dt}` is not a plain date"))
                        .with_hint("write a date without time, such as 2013-03-31"),
                );
                None
            }
        }
    }

    fn opt_date(&mut self, src: Src, raw: Option<&RawDate>) -> Option<Date> {
        raw.and_then(|d| self.date(src, d))
    }

    fn figure(&mut self, src: Src, raw: &RawFigure, known: &Known) -> Option<Figure> {
        match raw.get_ref() {
            toml::Value::Integer(_) | toml::Value::Float(_) => {
                self.number(src, raw).map(Figure::Number)
            }
            toml::Value::String(s) if known.terms.contains(s) => Some(Figure::Term(s.clone())),
            toml::Value::String(s) if crate::diagnostic::as_number(s).is_some() => {
                self.diags.push(number_as_text(
                    src.error(Some(raw.span()), String::new()),
                    s,
                ));
                None
            }
            toml::Value::String(s) => {
                let terms: Vec<&str> = known.terms.iter().map(String::as_str).collect();
                let mut d = src.error(
                    Some(raw.span()),
                    format!("`{s}` is not a number, nor a term of results.toml"),
                );
                d = match closest(s, &terms) {
                    Some(c) => d.with_hint(format!("did you mean `{c}`? Terms are defined under [terms] in content/results.toml")),
                    None => d.with_hint(format!("write a number, or one of: {}", terms.join(", "))),
                };
                self.diags.push(d);
                None
            }
            other => {
                self.diags.push(
                    src.error(
                        Some(raw.span()),
                        format!("expected a number or a term, found {}", other.type_str()),
                    )
                    .with_hint("write a number such as 340 or 12.5, or a term such as \"yes\""),
                );
                None
            }
        }
    }

    /// An indicator's `direction` (`increase` unless given).
    fn direction(&mut self, src: Src, raw: Option<&Spanned<String>>) -> Trend {
        match raw.map(|d| (d, d.get_ref().as_str())) {
            None | Some((_, "increase")) => Trend::Increase,
            Some((_, "decrease")) => Trend::Decrease,
            Some((_, "maintain")) => Trend::Maintain,
            Some((d, other)) => {
                self.diags.push(
                    src.error(Some(d.span()), format!("unknown direction `{other}`"))
                        .with_hint("write \"increase\", \"decrease\" or \"maintain\""),
                );
                Trend::Increase
            }
        }
    }

    /// A money indicator's currency: as given, else the programme's; none for other kinds.
    fn currency(
        &mut self,
        src: Src,
        kind: Kind,
        raw: Option<&Spanned<String>>,
        known: &Known,
    ) -> Option<String> {
        match (kind, raw) {
            (Kind::Money, None) => Some(known.currency.clone()),
            (Kind::Money, Some(c)) if is_currency_code(c.get_ref()) => Some(c.get_ref().clone()),
            (Kind::Money, Some(c)) => {
                self.diags.push(
                    src.error(
                        Some(c.span()),
                        format!("`{}` is not a currency code", c.get_ref()),
                    )
                    .with_hint("write an ISO 4217 code in capitals, such as \"EUR\" or \"USD\""),
                );
                None
            }
            (_, Some(c)) => {
                self.diags.push(
                    src.error(Some(c.span()), "only a money indicator has a currency")
                        .with_hint("add `kind = \"money\"`, or remove `currency`"),
                );
                None
            }
            (_, None) => None,
        }
    }

    /// A TOML number with the digits as written in the file (`12.50`, not `12.5`).
    fn number(&mut self, src: Src, raw: &RawFigure) -> Option<Number> {
        let span = raw.span();
        let literal = src
            .file
            .text
            .get(span.start + src.offset..span.end + src.offset);
        let value = match raw.get_ref() {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        };
        match (literal.and_then(Number::parse), value) {
            (Some(n), _) => Some(n),
            (None, Some(v)) if v.is_finite() => Some(Number::from_f64(v)),
            _ => {
                self.diags.push(
                    src.error(Some(span), "this number cannot be used as a figure")
                        .with_hint("write a plain decimal number such as 340 or 12.5"),
                );
                None
            }
        }
    }

    fn opt_figure(&mut self, src: Src, raw: Option<&RawFigure>, known: &Known) -> Option<Figure> {
        raw.and_then(|f| self.figure(src, f, known))
    }

    /// Checks that `r` names one of `ids`; `what` says what kind of thing it should be.
    fn reference(
        &mut self,
        src: Src,
        r: &Ref,
        ids: &(impl IdLookup + ?Sized),
        what: &str,
        defined_in: &str,
    ) -> bool {
        if ids.has(r.get_ref()) {
            return true;
        }
        let mut d = src.error(
            Some(r.span()),
            format!("there is no {what} `{}`", r.get_ref()),
        );
        d = match closest(r.get_ref(), ids.all()) {
            Some(c) => d.with_hint(format!(
                "did you mean `{c}`? {what}s are defined in {defined_in}"
            )),
            None => d.with_hint(format!("{what}s are defined in {defined_in}")),
        };
        self.diags.push(d);
        false
    }

    /// Checks an id for uniqueness and URL safety.
    fn id(&mut self, src: Src, id: &Ref, seen: &mut BTreeSet<String>, what: &str) {
        if let Some(c) = deceptive_char(id.get_ref()) {
            self.diags.push(
                src.error(
                    Some(id.span()),
                    format!(
                        "the {what} id {:?} contains the invisible character U+{:04X}",
                        id.get_ref(),
                        u32::from(c)
                    ),
                )
                .with_hint("retype the id; use letters, digits, `.`, `-` and `_` only"),
            );
        } else if !is_safe_id(id.get_ref()) {
            self.diags.push(
                src.error(
                    Some(id.span()),
                    format!(
                        "the {what} id `{}` cannot be used in a web address",
                        id.get_ref()
                    ),
                )
                .with_hint("use letters, digits, `.`, `-` and `_` only"),
            );
        }
        if !seen.insert(id.get_ref().clone()) {
            self.diags.push(
                src.error(
                    Some(id.span()),
                    format!("the {what} id `{}` is used twice", id.get_ref()),
                )
                .with_hint("each id must be unique"),
            );
        }
    }

    /// The programme's `alignments`, with the old `undaf_outcome` (reported as deprecated) first.
    fn alignments(
        &mut self,
        src: Src,
        raw: &mut raw::ProgrammeFile,
        known: &Known,
    ) -> Vec<Alignment> {
        let mut out = Vec::new();
        if let Some(old) = raw.undaf_outcome.take() {
            self.diags.push(
                src.warning(old.span(), "`undaf_outcome` is the old name of an entry of `alignments`")
                    .with_hint("write it as [[alignments]] with label = { en = \"…\" } (what it aligns to) and text = { … } (the text it has now)"),
            );
            self.text(src, &old, known);
            out.push(Alignment {
                label: None,
                text: old,
            });
        }
        for a in std::mem::take(&mut raw.alignments) {
            if let Some(label) = &a.label {
                self.text(src, label, known);
            }
            self.text(src, &a.text, known);
            out.push(Alignment {
                label: a.label,
                text: a.text,
            });
        }
        out
    }

    /// Reads and checks the programme: its texts, organisations, dates, currency and IATI data.
    fn programme(&mut self, src: Src, mut raw: raw::ProgrammeFile, known: &mut Known) -> Programme {
        for t in [
            &raw.description,
            &raw.development_goal,
            &raw.immediate_objective,
            &raw.indirect_beneficiaries,
            &raw.employment_generation,
        ]
        .into_iter()
        .flatten()
        {
            self.text(src, t, known);
        }
        self.text(src, &raw.title, known);
        let alignments = self.alignments(src, &mut raw, known);
        self.texts(src, &raw.objectives, known);
        self.texts(src, &raw.procurement, known);
        self.texts(src, &raw.notes, known);
        let organisations = self.organisations(src, std::mem::take(&mut raw.organisations), known);
        let (approval_date, start_date, completion_date) = self.programme_dates(src, &raw);
        known.programme_dates = (start_date, completion_date);
        known.programme_loaded = true;
        known.currency = raw.currency.clone();
        if raw.currency.len() != 3 || !raw.currency.chars().all(|c| c.is_ascii_uppercase()) {
            self.diags.push(
                Diagnostic::error(
                    &src.file.rel,
                    format!("`{}` is not an ISO 4217 currency code", raw.currency),
                )
                .with_hint("write a three-letter code such as \"USD\""),
            );
        }
        let translation = self.translation(src, &raw.translation, known);
        let iati = self.programme_iati(src, &raw, &organisations);
        Programme {
            title: raw.title,
            description: raw.description,
            development_goal: raw.development_goal,
            alignments,
            immediate_objective: raw.immediate_objective,
            objectives: raw.objectives,
            approval_date,
            start_date,
            completion_date,
            duration_months: raw.duration_months,
            currency: raw.currency,
            procurement: raw.procurement,
            indirect_beneficiaries: raw.indirect_beneficiaries,
            employment_generation: raw.employment_generation,
            notes: raw.notes,
            organisations,
            translation,
            iati_identifier: iati.identifier,
            recipient_countries: iati.countries,
            recipient_regions: iati.regions,
            sectors: iati.sectors,
            actual_start_date: self.opt_date(src, raw.actual_start_date.as_ref()),
            actual_completion_date: self.opt_date(src, raw.actual_completion_date.as_ref()),
        }
    }

    /// The programme's organisations, their ids then known to references.
    fn organisations(
        &mut self,
        src: Src,
        entries: Vec<raw::OrganisationEntry>,
        known: &mut Known,
    ) -> Vec<Organisation> {
        let mut seen = BTreeSet::new();
        let mut organisations = Vec::new();
        for o in entries {
            self.id(src, &o.id, &mut seen, "organisation");
            self.text(src, &o.name, known);
            let role = self.role(src, &o.role);
            let (iati_ref, iati_type) = self.organisation_iati(src, &o, role);
            organisations.push(Organisation {
                id: o.id.into_inner(),
                acronym: o.acronym,
                name: o.name,
                role,
                iati_ref,
                iati_type,
            });
        }
        known.organisations = seen;
        organisations
    }

    /// An organisation's role; an unknown one is reported and read as `other`.
    fn role(&mut self, src: Src, raw: &Spanned<String>) -> Role {
        match raw.get_ref().as_str() {
            "agency" => Role::Agency,
            "partner" => Role::Partner,
            "other" => Role::Other,
            "funding" => Role::Funding,
            other => {
                self.diags.push(
                    src.error(Some(raw.span()), format!("unknown role `{other}`"))
                        .with_hint("write \"agency\", \"partner\", \"funding\" or \"other\""),
                );
                Role::Other
            }
        }
    }

    /// The programme's approval, start and completion dates, warned of when out of order.
    fn programme_dates(
        &mut self,
        src: Src,
        raw: &raw::ProgrammeFile,
    ) -> (Option<Date>, Option<Date>, Option<Date>) {
        let approval_date = self.opt_date(src, raw.approval_date.as_ref());
        let start_date = self.opt_date(src, raw.start_date.as_ref());
        let completion_date = self.opt_date(src, raw.completion_date.as_ref());
        if let (Some(s), Some(c), Some(span)) = (
            start_date,
            completion_date,
            raw.completion_date.as_ref().map(|d| d.span()),
        ) {
            if c < s {
                self.diags.push(src.warning(
                    Some(span),
                    format!("the completion date {c} is before the start date {s}"),
                ));
            }
        }
        if let (Some(a), Some(s), Some(span)) = (
            approval_date,
            start_date,
            raw.start_date.as_ref().map(|d| d.span()),
        ) {
            if s < a {
                self.diags.push(src.warning(
                    Some(span),
                    format!("the start date {s} is before the approval date {a}"),
                ));
            }
        }
        (approval_date, start_date, completion_date)
    }

    /// Reads and checks the results framework: units, terms, dimensions, footnotes, programme
    /// outputs, outputs and indicators.
    fn results(&mut self, src: Src, raw: raw::ResultsFile, known: &mut Known) -> Results {
        let units = self.units(src, raw.units, known);
        let terms = self.terms(src, raw.terms, known);
        known.terms = terms.keys().cloned().collect();
        let dimensions = self.dimensions(src, raw.dimensions, known);
        let footnotes = self.footnotes(src, raw.footnotes, known);
        let programme_outputs = self.programme_outputs(src, raw.programme_outputs, known);
        let po_ids: Vec<&str> = programme_outputs.iter().map(|p| p.id.as_str()).collect();
        let outputs = self.outputs(src, raw.outputs, &po_ids, known);

        let output_ids: Vec<&str> = outputs.iter().map(|o| o.id.as_str()).collect();
        let dim_ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
        let foot_ids: Vec<&str> = footnotes.iter().map(|f| f.id.as_str()).collect();
        let unit_ids: Vec<&str> = units.keys().map(String::as_str).collect();
        let ids = IndicatorRefs {
            outputs: &output_ids,
            dimensions: &dim_ids,
            footnotes: &foot_ids,
            units: &unit_ids,
        };
        let mut seen = BTreeSet::new();
        let mut indicators = Vec::new();
        for i in raw.indicators {
            indicators.push(self.indicator(src, i, &mut seen, &ids, known));
        }
        let translation = self.translation(src, &raw.translation, known);
        Results {
            units,
            terms,
            dimensions,
            footnotes,
            programme_outputs,
            outputs,
            indicators,
            translation,
        }
    }

    /// The units figures are counted in, by id.
    fn units(
        &mut self,
        src: Src,
        raw: BTreeMap<Spanned<String>, raw::UnitEntry>,
        known: &Known,
    ) -> BTreeMap<String, Unit> {
        let mut units = BTreeMap::new();
        for (id, u) in raw {
            self.text(src, &u.label, known);
            let id = id.into_inner();
            units.insert(id.clone(), Unit { id, label: u.label });
        }
        units
    }

    /// The terms milestones are reported in, by id, with their stages checked.
    fn terms(
        &mut self,
        src: Src,
        raw: BTreeMap<Spanned<String>, raw::TermEntry>,
        known: &Known,
    ) -> BTreeMap<String, Term> {
        let mut terms = BTreeMap::new();
        for (id, t) in raw {
            self.text(src, &t.label, known);
            let stage = match &t.stage {
                Some(s) if (0..=3).contains(s.get_ref()) => Some(*s.get_ref() as u8),
                Some(s) => {
                    self.diags.push(
                        src.error(
                            Some(s.span()),
                            format!("stage {} is out of range", s.get_ref()),
                        )
                        .with_hint("stages run from 0 (not yet initiated) to 3 (completed)"),
                    );
                    None
                }
                None => None,
            };
            let id = id.into_inner();
            terms.insert(
                id.clone(),
                Term {
                    id,
                    label: t.label,
                    stage,
                },
            );
        }
        terms
    }

    /// The dimensions values are broken down by, with their categories.
    fn dimensions(
        &mut self,
        src: Src,
        raw: Vec<raw::DimensionEntry>,
        known: &Known,
    ) -> Vec<Dimension> {
        let mut seen = BTreeSet::new();
        let mut dimensions = Vec::new();
        for d in raw {
            self.id(src, &d.id, &mut seen, "dimension");
            self.text(src, &d.label, known);
            let mut cats = BTreeSet::new();
            let categories = d
                .categories
                .into_iter()
                .map(|c| {
                    self.id(src, &c.id, &mut cats, "category");
                    self.text(src, &c.label, known);
                    Category {
                        id: c.id.into_inner(),
                        label: c.label,
                    }
                })
                .collect();
            dimensions.push(Dimension {
                id: d.id.into_inner(),
                label: d.label,
                sums_to_total: d.sums_to_total,
                categories,
            });
        }
        dimensions
    }

    /// The footnotes indicators may refer to.
    fn footnotes(
        &mut self,
        src: Src,
        raw: Vec<raw::FootnoteEntry>,
        known: &Known,
    ) -> Vec<Footnote> {
        let mut seen = BTreeSet::new();
        raw.into_iter()
            .map(|f| {
                self.id(src, &f.id, &mut seen, "footnote");
                self.text(src, &f.text, known);
                Footnote {
                    id: f.id.into_inner(),
                    marker: f.marker,
                    text: f.text,
                }
            })
            .collect()
    }

    /// The programme outputs, the top level of the framework.
    fn programme_outputs(
        &mut self,
        src: Src,
        raw: Vec<raw::ProgrammeOutputEntry>,
        known: &Known,
    ) -> Vec<ProgrammeOutput> {
        let mut seen = BTreeSet::new();
        raw.into_iter()
            .map(|p| {
                self.id(src, &p.id, &mut seen, "programme output");
                self.text(src, &p.title, known);
                self.texts(src, &p.notes, known);
                ProgrammeOutput {
                    id: p.id.into_inner(),
                    title: p.title,
                    notes: p.notes,
                }
            })
            .collect()
    }

    /// The outputs, each under one of the programme outputs `po_ids`, with their organisations.
    fn outputs(
        &mut self,
        src: Src,
        raw: Vec<raw::OutputEntry>,
        po_ids: &[&str],
        known: &Known,
    ) -> Vec<Output> {
        let org_ids: Vec<String> = known.organisations.iter().cloned().collect();
        let org_ids: Vec<&str> = org_ids.iter().map(String::as_str).collect();
        let mut seen = BTreeSet::new();
        let mut outputs = Vec::new();
        for o in raw {
            self.id(src, &o.id, &mut seen, "output");
            self.reference(
                src,
                &o.programme_output,
                po_ids,
                "programme output",
                "content/results.toml",
            );
            for r in o.lead.iter().chain(&o.with) {
                if known.programme_loaded {
                    self.reference(
                        src,
                        r,
                        &org_ids[..],
                        "organisation",
                        "content/programme.toml",
                    );
                }
            }
            self.text(src, &o.title, known);
            self.opt_text(src, o.reported_title.as_ref(), known);
            self.texts(src, &o.notes, known);
            outputs.push(Output {
                id: o.id.into_inner(),
                programme_output: o.programme_output.into_inner(),
                lead: o.lead.map(Spanned::into_inner),
                with: o.with.into_iter().map(Spanned::into_inner).collect(),
                title: o.title,
                reported_title: o.reported_title,
                notes: o.notes,
            });
        }
        outputs
    }

    /// One indicator, its references checked against `ids` (`seen` holds the ids read so far).
    fn indicator(
        &mut self,
        src: Src,
        i: raw::IndicatorEntry,
        seen: &mut BTreeSet<String>,
        ids: &IndicatorRefs<'_>,
        known: &Known,
    ) -> Indicator {
        self.id(src, &i.id, seen, "indicator");
        self.reference(
            src,
            &i.output,
            ids.outputs,
            "output",
            "content/results.toml",
        );
        if let Some(d) = &i.disaggregation {
            self.reference(src, d, ids.dimensions, "dimension", "content/results.toml");
        }
        for f in &i.footnotes {
            self.reference(src, f, ids.footnotes, "footnote", "content/results.toml");
        }
        let kind = self.indicator_kind(src, &i.kind);
        let direction = self.direction(src, i.direction.as_ref());
        if let Some(u) = &i.unit {
            self.reference(src, u, ids.units, "unit", "[units] of content/results.toml");
        }
        let currency = self.currency(src, kind, i.currency.as_ref(), known);
        let baseline = i.baseline.as_ref().and_then(|b| {
            self.texts(src, &b.notes, known);
            Some(Baseline {
                value: self.figure(src, &b.value, known)?,
                date: self.opt_date(src, b.date.as_ref()),
                notes: b.notes.clone(),
            })
        });
        self.text(src, &i.title, known);
        self.opt_text(src, i.reported_title.as_ref(), known);
        self.texts(src, &i.notes, known);
        let target = self.opt_figure(src, i.target.as_ref(), known);
        Indicator {
            id: i.id.into_inner(),
            output: i.output.into_inner(),
            kind,
            title: i.title,
            reported_title: i.reported_title,
            disaggregation: i.disaggregation.map(Spanned::into_inner),
            target,
            baseline,
            direction,
            unit: i.unit.map(Spanned::into_inner),
            currency,
            footnotes: i.footnotes.into_iter().map(Spanned::into_inner).collect(),
            notes: i.notes,
        }
    }

    /// An indicator's kind; an unknown one is reported and read as a count.
    fn indicator_kind(&mut self, src: Src, raw: &Spanned<String>) -> Kind {
        match raw.get_ref().as_str() {
            "count" => Kind::Count,
            "percentage" => Kind::Percentage,
            "milestone" => Kind::Milestone,
            "money" => Kind::Money,
            other => {
                self.diags.push(
                    src.error(
                        Some(raw.span()),
                        format!("unknown indicator kind `{other}`"),
                    )
                    .with_hint("write \"count\", \"percentage\", \"money\" or \"milestone\""),
                );
                Kind::Count
            }
        }
    }

    fn period(
        &mut self,
        id: &str,
        toml: Option<SourceFile>,
        narratives: Vec<SourceFile>,
        results: &Results,
        known: &Known,
    ) -> Option<Period> {
        let file = toml?;
        let raw: raw::PeriodFile = self.all(file.parse_toml_all())?;
        let src = Src {
            file: &file,
            offset: 0,
        };
        self.text(src, &raw.label, known);
        self.opt_text(src, raw.source.as_ref(), known);
        self.texts(src, &raw.notes, known);
        let (start, end) = self.period_dates(src, &raw, known);
        let output_ids = IdIndex::new(results.outputs.iter().map(|o| o.id.as_str()));
        let indicator_index = IdIndex::new(results.indicators.iter().map(|i| i.id.as_str()));
        let org_ids: Vec<&str> = known.organisations.iter().map(String::as_str).collect();

        let output_progress = self.output_progress(src, &raw, &output_ids, known);
        let index = (results, &indicator_index);
        let values = self.values(src, &raw, index, end, known);
        let funds = self.funds(src, &raw, &org_ids, known);
        let beneficiaries = self.beneficiaries(src, &raw, known);

        let translation = self.translation(src, &raw.translation, known);
        let narratives = self.narratives(narratives, output_ids.all(), &indicator_index, known);
        let value_index = position_by_id(values.iter().map(|v| v.indicator.as_str()));
        Some(Period {
            value_index,
            id: id.to_owned(),
            label: raw.label,
            start: start?,
            end: end?,
            source: raw.source,
            notes: raw.notes,
            output_progress,
            values,
            funds,
            beneficiaries,
            narratives,
            translation,
        })
    }

    /// A period's dates, checked against each other and the programme's.
    fn period_dates(
        &mut self,
        src: Src,
        raw: &raw::PeriodFile,
        known: &Known,
    ) -> (Option<Date>, Option<Date>) {
        let start = self.date(src, &raw.start);
        let end = self.date(src, &raw.end);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                self.diags.push(
                    src.error(
                        Some(raw.end.span()),
                        format!("the period ends ({e}) before it starts ({s})"),
                    )
                    .with_hint("swap start and end"),
                );
            }
        }
        if let (Some(e), (Some(first), _)) = (end, known.programme_dates) {
            if e < first {
                self.diags.push(
                    src.warning(
                        Some(raw.end.span()),
                        format!(
                            "the period ends ({e}) before the programme's start date ({first})"
                        ),
                    )
                    .with_hint("check the date against start_date in content/programme.toml"),
                );
            }
        }
        if let (Some(s), (_, Some(last))) = (start, known.programme_dates) {
            if s > last {
                self.diags.push(src.warning(
                    Some(raw.start.span()),
                    format!("the period starts ({s}) after the programme's completion date ({last})"),
                ).with_hint("check the date against completion_date in content/programme.toml"));
            }
        }
        (start, end)
    }

    /// A period's progress per output.
    fn output_progress(
        &mut self,
        src: Src,
        raw: &raw::PeriodFile,
        output_ids: &IdIndex<'_>,
        known: &Known,
    ) -> BTreeMap<String, Figure> {
        let mut output_progress = BTreeMap::new();
        for o in &raw.outputs {
            if self.reference(src, &o.output, output_ids, "output", "content/results.toml") {
                if let Some(f) = self.figure(src, &o.percent, known) {
                    if output_progress
                        .insert(o.output.get_ref().clone(), f)
                        .is_some()
                    {
                        self.diags.push(src.error(
                            Some(o.output.span()),
                            format!(
                                "output `{}` has two entries in this period",
                                o.output.get_ref()
                            ),
                        ));
                    }
                }
            }
        }
        output_progress
    }

    /// A period's indicator values, in the framework's order, with their flags and
    /// assessments (`end` is the period's last day).
    fn values(
        &mut self,
        src: Src,
        raw: &raw::PeriodFile,
        (results, indicator_index): (&Results, &IdIndex<'_>),
        end: Option<Date>,
        known: &Known,
    ) -> Vec<Value> {
        let mut values = Vec::new();
        let mut seen = BTreeSet::new();
        for v in &raw.values {
            if !self.reference(
                src,
                &v.indicator,
                indicator_index,
                "indicator",
                "content/results.toml",
            ) {
                continue;
            }
            if !seen.insert(v.indicator.get_ref().clone()) {
                self.diags.push(
                    src.error(
                        Some(v.indicator.span()),
                        format!(
                            "indicator `{}` has two values in this period",
                            v.indicator.get_ref()
                        ),
                    )
                    .with_hint("merge them into one [[values]] entry"),
                );
                continue;
            }
            let at = indicator_index.position(v.indicator.get_ref());
            let indicator = &results.indicators[at.expect("checked above")];
            values.push(self.value(src, v, (indicator, results), end, known));
        }
        values.sort_by_key(|v| indicator_index.position.get(&v.indicator).copied());
        values
    }

    /// The value `v` of `indicator` in a period, with its flags (a warning for each one not
    /// acknowledged) and its assessment (`end` is the period's last day).
    fn value(
        &mut self,
        src: Src,
        v: &raw::ValueEntry,
        (indicator, results): (&Indicator, &Results),
        end: Option<Date>,
        known: &Known,
    ) -> Value {
        self.texts(src, &v.notes, known);
        let actual = self.opt_figure(src, v.actual.as_ref(), known);
        let target = self.opt_figure(src, v.target.as_ref(), known);
        let percent = self.opt_figure(src, v.percent.as_ref(), known);
        let breakdown = self.breakdown(src, v, indicator, results);
        let dimension = indicator
            .disaggregation
            .as_deref()
            .and_then(|d| results.dimensions.iter().find(|x| x.id == d));
        let parts: Vec<f64> = breakdown.iter().map(|(_, n)| n.value()).collect();
        let parts = dimension.filter(|d| d.sums_to_total).map(|_| &parts[..]);
        let plan = Plan {
            kind: indicator.kind,
            direction: indicator.direction,
            baseline: indicator.baseline.as_ref().and_then(|b| b.value.number()),
            target: target
                .as_ref()
                .or(indicator.target.as_ref())
                .and_then(Figure::number),
        };
        let flags = value_flags(&plan, actual.as_ref(), percent.as_ref(), parts);
        let acked = self.acknowledged(src, &v.acknowledge, &flags, !v.notes.is_empty());
        for f in flags.iter().filter(|f| !acked.contains(f.key())) {
            self.diags.push(src.warning(Some(v.indicator.span()), format!("indicator {}: {}", indicator.id, f.describe())).with_hint(format!("the reported figures are published as they are and flagged on the page; explain the difference in `notes` and add `acknowledge = [\"{}\"]`", f.key())));
        }
        let a = actual.as_ref().and_then(Figure::number);
        // A period that ends by the baseline's date is where progress is measured from.
        let before_baseline = indicator
            .baseline
            .as_ref()
            .and_then(|b| b.date)
            .zip(end)
            .is_some_and(|(b, e)| e <= b);
        let expected = expected_share(&plan, indicator, end, known.programme_dates)
            .filter(|_| !before_baseline);
        Value {
            indicator: indicator.id.clone(),
            computed_percent: a.and_then(|a| percent_of_planned(&plan, a)),
            assessment: a.and_then(|a| assess(&plan, a, expected)),
            actual,
            target,
            breakdown,
            percent,
            notes: v.notes.clone(),
            flags,
            acknowledged: acked.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    /// A period's funds per organisation, then the total, with their flags.
    fn funds(
        &mut self,
        src: Src,
        raw: &raw::PeriodFile,
        org_ids: &[&str],
        known: &Known,
    ) -> Vec<Funds> {
        let mut funds = Vec::new();
        let mut total = None;
        let mut funds_entries = Vec::new();
        let mut total_entry = None;
        for f in &raw.funds {
            self.texts(src, &f.notes, known);
            let organisation = match (&f.organisation, f.total) {
                (Some(r), false) => {
                    self.reference(src, r, org_ids, "organisation", "content/programme.toml");
                    Some(r.get_ref().clone())
                }
                (None, true) => None,
                (Some(r), true) => {
                    self.diags.push(
                        src.error(
                            Some(r.span()),
                            "a funds entry is either an organisation's or the total, not both",
                        )
                        .with_hint("remove `organisation` or `total = true`"),
                    );
                    continue;
                }
                (None, false) => {
                    self.diags.push(
                        Diagnostic::error(&src.file.rel, "a [[funds]] entry names no organisation")
                            .with_hint(
                                "add `organisation = \"…\"`, or `total = true` for the total",
                            ),
                    );
                    continue;
                }
            };
            let mut row = Funds {
                organisation,
                approved: f.approved.as_ref().map(|a| *a.get_ref()),
                acknowledged: Vec::new(),
                committed: f.committed.as_ref().map(|c| *c.get_ref()),
                committed_percent: f.committed_percent,
                disbursed: f.disbursed.as_ref().map(|d| *d.get_ref()),
                disbursed_percent: f.disbursed_percent,
                forecast_final_date: self.opt_date(src, f.forecast_final_date.as_ref()),
                delay_months: f.delay_months,
                notes: f.notes.clone(),
                flags: Vec::new(),
            };
            if row.organisation.is_none() {
                total = Some(row);
                total_entry = Some(f);
            } else {
                row.flags = funds_flags(&row);
                funds.push(row);
                funds_entries.push(f);
            }
        }
        if let Some(mut t) = total {
            let rows: Vec<&Funds> = funds.iter().collect();
            t.flags = total_flags(&t, &rows);
            funds.push(t);
            funds_entries.extend(total_entry);
        }
        self.funds_acknowledged(src, &mut funds, funds_entries);
        funds
    }

    /// Applies the `acknowledge` lists of a period's funds `entries` to their `rows`, and warns
    /// of each flag left unacknowledged.
    fn funds_acknowledged(&mut self, src: Src, rows: &mut [Funds], entries: Vec<&raw::FundsEntry>) {
        for (row, entry) in rows.iter_mut().zip(entries) {
            let acked =
                self.acknowledged(src, &entry.acknowledge, &row.flags, !entry.notes.is_empty());
            row.acknowledged = acked.iter().map(|k| (*k).to_owned()).collect();
            for flag in row.flags.iter().filter(|f| !acked.contains(f.key())) {
                let who = row.organisation.as_deref().unwrap_or("total");
                let at = match flag {
                    Flag::TotalDiffers { field, .. } | Flag::ShareDiffers { field, .. }
                        if field == "committed" =>
                    {
                        &entry.committed
                    }
                    _ => &entry.disbursed,
                };
                self.diags.push(
                    src.warning(
                        at.as_ref().map(Spanned::span),
                        format!("funds ({who}): {}", flag.describe()),
                    )
                    .with_hint(format!(
                        "the reported figures are published as they are; explain the difference in `notes` and add `acknowledge = [\"{}\"]`",
                        flag.key()
                    )),
                );
            }
        }
    }

    /// A period's groups of beneficiaries, with their flags.
    fn beneficiaries(
        &mut self,
        src: Src,
        raw: &raw::PeriodFile,
        known: &Known,
    ) -> Vec<Beneficiaries> {
        let mut seen = BTreeSet::new();
        let mut beneficiaries = Vec::new();
        for b in &raw.beneficiaries {
            self.id(src, &b.id, &mut seen, "beneficiary group");
            self.text(src, &b.label, known);
            self.texts(src, &b.notes, known);
            let target = self.opt_figure(src, b.target.as_ref(), known);
            let actual = self.opt_figure(src, b.actual.as_ref(), known);
            let percent = self.opt_figure(src, b.percent.as_ref(), known);
            let plan = Plan {
                kind: Kind::Count,
                direction: Trend::Increase,
                baseline: None,
                target: target.as_ref().and_then(Figure::number),
            };
            let flags = value_flags(&plan, actual.as_ref(), percent.as_ref(), None);
            let acked = self.acknowledged(src, &b.acknowledge, &flags, !b.notes.is_empty());
            for f in flags.iter().filter(|f| !acked.contains(f.key())) {
                self.diags.push(src.warning(
                    Some(b.id.span()),
                    format!("beneficiaries {}: {}", b.id.get_ref(), f.describe()),
                ));
            }
            beneficiaries.push(Beneficiaries {
                id: b.id.get_ref().clone(),
                label: b.label.clone(),
                target,
                actual,
                percent,
                notes: b.notes.clone(),
                flags,
            });
        }
        beneficiaries
    }

    /// Checks an `acknowledge` list against the flags actually raised, and returns the keys of
    /// the flags whose warnings it silences. An acknowledgement needs a note, and one that no
    /// longer matches a flag is reported so that stale lists do not hide future problems.
    fn acknowledged(
        &mut self,
        src: Src,
        list: &[Spanned<String>],
        flags: &[Flag],
        has_notes: bool,
    ) -> BTreeSet<&'static str> {
        let mut acked = BTreeSet::new();
        for a in list {
            let Some(key) = Flag::KEYS.iter().find(|k| **k == a.get_ref()) else {
                let mut d = src.error(
                    Some(a.span()),
                    format!(
                        "`{}` is not a kind of flag that can be acknowledged",
                        a.get_ref()
                    ),
                );
                d = match closest(a.get_ref(), &Flag::KEYS) {
                    Some(c) => d.with_hint(format!("did you mean `{c}`?")),
                    None => d.with_hint(format!("write one of: {}", Flag::KEYS.join(", "))),
                };
                self.diags.push(d);
                continue;
            };
            if !flags.iter().any(|f| f.key() == *key) {
                self.diags.push(
                    src.warning(
                        Some(a.span()),
                        format!("`{key}` is acknowledged, but these figures raise no such flag"),
                    )
                    .with_hint("remove it from `acknowledge`"),
                );
            } else if !has_notes {
                self.diags.push(
                    src.warning(
                        Some(a.span()),
                        format!("`{key}` is acknowledged without a note explaining it"),
                    )
                    .with_hint("add `notes = [{ en = \"…\" }]` saying why the figures disagree"),
                );
            } else {
                acked.insert(*key);
            }
        }
        acked
    }

    fn breakdown(
        &mut self,
        src: Src,
        v: &raw::ValueEntry,
        indicator: &Indicator,
        results: &Results,
    ) -> Vec<(String, Number)> {
        if v.breakdown.is_empty() {
            return Vec::new();
        }
        let Some(dimension) = indicator
            .disaggregation
            .as_deref()
            .and_then(|d| results.dimensions.iter().find(|x| x.id == d))
        else {
            let first = v.breakdown.keys().next().map(Spanned::span);
            self.diags.push(src.error(first, format!("indicator {} has no `disaggregation`, so its value cannot be broken down", indicator.id)).with_hint("add `disaggregation = \"sex\"` (or another dimension) to the indicator in results.toml"));
            return Vec::new();
        };
        let cat_ids: Vec<&str> = dimension.categories.iter().map(|c| c.id.as_str()).collect();
        for k in v.breakdown.keys() {
            if !cat_ids.contains(&k.get_ref().as_str()) {
                let mut d = src.error(
                    Some(k.span()),
                    format!(
                        "`{}` is not a category of the dimension `{}` ({})",
                        k.get_ref(),
                        dimension.id,
                        cat_ids.join(", ")
                    ),
                );
                if let Some(c) = closest(k.get_ref(), &cat_ids) {
                    d = d.with_hint(format!("did you mean `{c}`?"));
                }
                self.diags.push(d);
            }
        }
        let mut numbers = BTreeMap::new();
        for (k, value) in &v.breakdown {
            let number = match value.get_ref() {
                toml::Value::Integer(_) | toml::Value::Float(_) => self.number(src, value),
                _ => {
                    self.diags.push(
                        src.error(Some(value.span()), "a breakdown figure must be a number")
                            .with_hint("write the figure for this category, such as 185"),
                    );
                    None
                }
            };
            match number {
                Some(n) if n.value() < 0.0 => self
                    .diags
                    .push(src.error(Some(value.span()), "a breakdown figure cannot be negative")),
                Some(n) => {
                    numbers.insert(k.get_ref().clone(), n);
                }
                None => {}
            }
        }
        dimension
            .categories
            .iter()
            .filter_map(|c| numbers.remove(&c.id).map(|n| (c.id.clone(), n)))
            .collect()
    }

    /// Groups Markdown files by name into translations and checks their front matter.
    fn markdown_sets(
        &mut self,
        files: Vec<SourceFile>,
        known: &Known,
    ) -> BTreeMap<String, Vec<(Option<String>, SourceFile)>> {
        let mut sets: BTreeMap<String, Vec<(Option<String>, SourceFile)>> = BTreeMap::new();
        for f in files {
            let Some((name, lang)) = self.markdown_file_name(&f, known) else {
                continue;
            };
            let set = sets.entry(name.clone()).or_default();
            if let Some((_, first)) = set.iter().find(|(l, _)| *l == lang) {
                // Two file names that differ only in how their letters are encoded (NFC and
                // NFD), or in the case of their language code: both would be the same page.
                self.diags.push(
                    Diagnostic::error(
                        &f.rel,
                        format!(
                            "this file and {} have the same name {name:?}{} once their letters are normalized and language codes compared regardless of case, so they would be one page",
                            first.rel.display(),
                            lang.as_ref().map(|l| format!(" and language `{l}`")).unwrap_or_default()
                        ),
                    )
                    .with_hint("keep one of the two files and delete the other"),
                );
                continue;
            }
            set.push((lang, f));
        }
        self.untranslated_texts(&sets, known);
        for (name, set) in &sets {
            if !set.iter().any(|(l, _)| l.is_none()) {
                let rel = &set[0].1.rel;
                self.diags.push(
                    Diagnostic::error(
                        rel,
                        format!("this translation has no default-language original ({name}.md)"),
                    )
                    .with_hint(format!("add {name}.md in the default language")),
                );
            }
        }
        sets
    }

    /// A Markdown file's name (normalized to NFC) and translation language, as its file name
    /// gives them; `None` when the language is not a translation language of the site or the
    /// name cannot be used in a web address.
    fn markdown_file_name(
        &mut self,
        f: &SourceFile,
        known: &Known,
    ) -> Option<(String, Option<String>)> {
        let (name, lang) = markdown_name(&f.rel)?;
        // `about.en-gb.md` is the `en-GB` translation: file names may be typed in any case.
        let lang = lang
            .map(|l| content::configured_language(&l, &known.languages).map_or(l, str::to_owned));
        if let Some(l) = &lang {
            if !known.languages.contains(l) {
                self.diags.push(
                    Diagnostic::error(
                        &f.rel,
                        format!(
                            "`{l}` in the file name is not one of the site's languages ({})",
                            known.languages.join(", ")
                        ),
                    )
                    .with_hint("name translations NAME.LANG.md with a configured language code"),
                );
                return None;
            }
            if *l == known.default_language {
                self.diags.push(
                    Diagnostic::error(
                        &f.rel,
                        format!(
                            "`{l}` is the default language: this file should be named {name}.md"
                        ),
                    )
                    .with_hint("rename the file without the language code"),
                );
                return None;
            }
        }
        // The same name may reach us composed (NFC) or decomposed (NFD, as macOS writes
        // it): one page, one address.
        let name: String =
            unicode_normalization::UnicodeNormalization::nfc(name.as_str()).collect();
        if !is_safe_slug(&name) {
            self.diags.push(
                Diagnostic::error(
                    &f.rel,
                    format!("the file name {name:?} cannot be used in a web address"),
                )
                .with_hint("use letters, digits, `.`, `-` and `_` only"),
            );
            return None;
        }
        Some((name, lang))
    }

    /// Warns of each original text of `sets` not translated into one of the site's languages.
    fn untranslated_texts(
        &mut self,
        sets: &BTreeMap<String, Vec<(Option<String>, SourceFile)>>,
        known: &Known,
    ) {
        for set in sets.values() {
            let Some((_, original)) = set.iter().find(|(l, _)| l.is_none()) else {
                continue;
            };
            for lang in known
                .languages
                .iter()
                .filter(|l| **l != known.default_language)
            {
                if !set.iter().any(|(l, _)| l.as_ref() == Some(lang)) {
                    let (dir, name) = (original.rel.parent(), markdown_name(&original.rel));
                    let name = name.map(|(n, _)| n).unwrap_or_default();
                    let translation = dir.map_or_else(
                        || format!("{name}.{lang}.md"),
                        |d| d.join(format!("{name}.{lang}.md")).display().to_string(),
                    );
                    self.diags.push(
                        Diagnostic::warning(
                            &original.rel,
                            format!("this text is not translated into `{lang}`"),
                        )
                        .with_hint(format!(
                            "add {translation}; until then `{lang}` readers see the default language, with a notice"
                        )),
                    );
                }
            }
        }
    }

    fn narratives(
        &mut self,
        files: Vec<SourceFile>,
        output_ids: &[&str],
        indicator_ids: &(impl IdLookup + ?Sized),
        known: &Known,
    ) -> Vec<Narrative> {
        let mut out = Vec::new();
        for (key, set) in self.markdown_sets(files, known) {
            let mut text = Translations::default();
            let mut about = NarrativeAbout::default();
            for (lang, file) in set {
                let ids = (output_ids, indicator_ids);
                if let Some(a) = self.narrative_file(lang, file, ids, known, &mut text) {
                    about = a;
                }
            }
            if text.docs.contains_key(&known.default_language) {
                let NarrativeAbout {
                    output,
                    indicator,
                    weight,
                } = about;
                let weight = weight.unwrap_or_else(|| {
                    output
                        .as_deref()
                        .and_then(|o| output_ids.iter().position(|x| *x == o))
                        .map_or(50, |p| 10 + p as i64)
                });
                out.push(Narrative {
                    key,
                    output,
                    indicator,
                    weight,
                    text,
                });
            }
        }
        out.sort_by(|a, b| (a.weight, &a.key).cmp(&(b.weight, &b.key)));
        out
    }

    /// Reads the `lang` text of a narrative (`None`: the default language's) from `file` into
    /// `text`, checking the output and indicator it names; for the default language's, returns
    /// what the narrative is about. `None` when the file cannot be read.
    fn narrative_file(
        &mut self,
        lang: Option<String>,
        file: SourceFile,
        (output_ids, indicator_ids): (&[&str], &(impl IdLookup + ?Sized)),
        known: &Known,
        text: &mut Translations,
    ) -> Option<NarrativeAbout> {
        let doc = self.ok(split_front_matter(&file))?;
        // The body is the end of the file: kept in the file's memory, not copied.
        let body_start = file.text.len() - doc.body.len();
        let front_matter = doc.front_matter_fingerprint();
        let front = self.all(parse_toml_all_at::<raw::NarrativeFront>(
            &file.rel,
            &file.text,
            doc.front_matter,
            doc.front_matter_offset,
        ))?;
        let src = Src {
            file: &file,
            offset: doc.front_matter_offset,
        };
        if let Some(o) = &front.output {
            self.reference(src, o, output_ids, "output", "content/results.toml");
        }
        if let Some(i) = &front.indicator {
            self.reference(src, i, indicator_ids, "indicator", "content/results.toml");
        }
        let translation = front
            .translation
            .as_ref()
            .and_then(|t| self.translation_status(src, t));
        let about = lang.is_none().then(|| self.narrative_about(&file, &front));
        let lang = lang.unwrap_or_else(|| known.default_language.clone());
        let rel = file.rel.clone();
        text.docs.insert(
            lang,
            MarkdownDoc {
                file: rel,
                body: file.into_text_from(body_start),
                title: front.title,
                description: None,
                translation,
                front_matter,
            },
        );
        about
    }

    /// What the narrative whose default-language file is `file` is about, from its front
    /// matter; an error when it names nothing.
    fn narrative_about(
        &mut self,
        file: &SourceFile,
        front: &raw::NarrativeFront,
    ) -> NarrativeAbout {
        let about = NarrativeAbout {
            output: front.output.as_ref().map(|o| o.get_ref().clone()),
            indicator: front.indicator.as_ref().map(|i| i.get_ref().clone()),
            weight: front.weight,
        };
        if about.output.is_none() && about.indicator.is_none() && front.title.is_none() {
            self.diags.push(
                Diagnostic::error(
                    &file.rel,
                    "this narrative names no `output`, `indicator` or `title`",
                )
                .with_hint("add `output = \"1.1\"` or `title = \"…\"` to the front matter"),
            );
        }
        about
    }

    fn pages(&mut self, files: Vec<SourceFile>, known: &Known) -> Vec<Page> {
        let mut out = Vec::new();
        for (slug, set) in self.markdown_sets(files, known) {
            if is_reserved_page_name(&slug) {
                self.diags.push(
                    Diagnostic::error(
                        &set[0].1.rel,
                        format!("the page name `{slug}` is taken by a built-in page"),
                    )
                    .with_hint(format!(
                        "rename the file; reserved names are: {}",
                        RESERVED_SLUGS.join(", ")
                    )),
                );
                continue;
            }
            let mut text = Translations::default();
            let mut weight = 0;
            for (lang, file) in &set {
                let Some(doc) = self.ok(split_front_matter(file)) else {
                    continue;
                };
                let Some(front) = self.all(parse_toml_all_at::<raw::PageFront>(
                    &file.rel,
                    &file.text,
                    doc.front_matter,
                    doc.front_matter_offset,
                )) else {
                    continue;
                };
                let src = Src {
                    file,
                    offset: doc.front_matter_offset,
                };
                let translation = front
                    .translation
                    .as_ref()
                    .and_then(|t| self.translation_status(src, t));
                if front.title.get_ref().trim().is_empty() {
                    self.diags
                        .push(src.error(Some(front.title.span()), "the page title is empty"));
                }
                if let Some(c) = deceptive_char(front.title.get_ref()) {
                    self.diags.push(
                        src.warning(
                            Some(front.title.span()),
                            format!(
                                "the title contains the invisible character U+{:04X}, which can make it read differently from what it says",
                                u32::from(c)
                            ),
                        )
                        .with_hint("remove it"),
                    );
                }
                if lang.is_none() {
                    weight = front.weight;
                }
                let lang = lang
                    .clone()
                    .unwrap_or_else(|| known.default_language.clone());
                text.docs.insert(
                    lang,
                    MarkdownDoc {
                        file: file.rel.clone(),
                        body: doc.body.to_owned(),
                        title: Some(front.title.into_inner()),
                        description: front.description,
                        translation,
                        front_matter: doc.front_matter_fingerprint(),
                    },
                );
            }
            if text.docs.contains_key(&known.default_language) {
                out.push(Page { slug, weight, text });
            }
        }
        out
    }
}

/// How the warning of a placeholder left by `shafaf new` begins.
const PLACEHOLDER: &str = "a placeholder from `shafaf new`";

/// Page names used by built-in pages, which static pages may not take.
pub const RESERVED_SLUGS: &[&str] = &[
    "results",
    "outputs",
    "indicators",
    "funds",
    "beneficiaries",
    "periods",
    "decisions",
    "assets",
    "data",
    "search",
    "translations",
    "index",
    "404",
    "sitemap",
    "robots",
    "search-index",
    "feed",
    "iati-activities",
];

/// The warnings about the placeholders `shafaf new` left in the content file `rel`, whose
/// text is `text` (Markdown and TOML files only).
fn placeholder_warnings(rel: &Path, text: &str) -> Vec<Diagnostic> {
    let Some(markdown) = placeholder_kind(rel) else {
        return Vec::new();
    };
    placeholder_marks(text, markdown)
        .into_iter()
        .map(|(offset, comment)| {
            let message = if comment {
                format!("{PLACEHOLDER} is still here: write the text, then delete `<!-- placeholder -->`")
            } else {
                format!("{PLACEHOLDER} is still here: write the real value, then delete `# placeholder` from the line")
            };
            Diagnostic::warning(rel, message).at(text, offset).with_hint(
                "until then the page would publish the scaffold's words and figures; `check --deny-warnings` fails on it",
            )
        })
        .collect()
}

/// The warnings about the placeholders in the content file `rel`, read again (none for a
/// file that is neither Markdown nor TOML, or that cannot be read: that is reported where it is
/// read for the model).
fn placeholders_in(root: &Path, rel: &Path) -> Vec<Diagnostic> {
    if placeholder_kind(rel).is_none() {
        return Vec::new();
    }
    std::fs::read_to_string(root.join(rel))
        .map(|text| placeholder_warnings(rel, &text))
        .unwrap_or_default()
}

/// The warnings about the placeholders in the decisions' Markdown and TOML files, read on
/// every core.
fn decision_placeholders(root: &Path) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let (files, _) = content::walk(root, DECISIONS_DIR);
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|rel| placeholders_in(root, rel))
        .collect();
    found.into_iter().flatten().collect()
}

/// Whether the content file `rel` may hold placeholders as Markdown (`true`) or TOML
/// (`false`); `None` for any other file, which is never read for them (attachments can be
/// large).
fn placeholder_kind(rel: &Path) -> Option<bool> {
    match rel.extension().and_then(|e| e.to_str()) {
        Some("md") => Some(true),
        Some("toml") => Some(false),
        _ => None,
    }
}

/// The content files of a walk read ahead, on every core, for [`Loader::list_content`].
struct ReadAhead<'a> {
    root: &'a Path,
    files: BTreeMap<PathBuf, Result<SourceFile, Diagnostic>>,
}

impl<'a> ReadAhead<'a> {
    /// Reads the Markdown files and `period.toml`s among `files` (paths below `root`).
    fn of(root: &'a Path, files: &[PathBuf]) -> ReadAhead<'a> {
        use rayon::prelude::*;
        let wanted = |rel: &&PathBuf| {
            let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let top = rel.iter().nth(1).and_then(|p| p.to_str());
            matches!(top, Some("periods" | "pages"))
                && (name.ends_with(".md") || name == "period.toml")
        };
        let files = files
            .par_iter()
            .filter(wanted)
            .map(|rel| (rel.clone(), SourceFile::read(root, rel)))
            .collect();
        ReadAhead { root, files }
    }

    /// The file `rel`, read ahead or (if it was not) read now.
    fn take(&mut self, rel: &Path) -> Result<SourceFile, Diagnostic> {
        self.files
            .remove(rel)
            .unwrap_or_else(|| SourceFile::read(self.root, rel))
    }
}

/// The byte offsets of the placeholder marks in `text`, each with whether it is the Markdown
/// comment form: a line's value followed by `# placeholder`, or `<!-- placeholder -->`.
fn placeholder_marks(text: &str, markdown: bool) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if markdown && line.trim() == "<!-- placeholder -->" {
            out.push((offset, true));
        } else if let Some(i) = line.find(" # placeholder") {
            if !line[..i].trim().is_empty() {
                out.push((offset, false));
            }
        }
        offset += line.len();
    }
    out
}

/// Whether a static page may not be named `name` because a built-in page or file owns it (or
/// would share its address): a name of [`RESERVED_SLUGS`], in any case, alone or followed by an
/// extension (`index.html`, `404.html`, `sitemap.xml`). Used by the loader and `shafaf new`.
pub fn is_reserved_page_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    RESERVED_SLUGS.contains(&lower.as_str()) || RESERVED_SLUGS.contains(&stem)
}

/// Is `s` a plausible BCP 47 language tag?
/// The share of the way from baseline to target a value should have covered by the end of
/// its period: what the period's target asks for where one is given, else the share of the
/// programme's time elapsed (from its start and completion dates).
fn expected_share(
    plan: &Plan,
    indicator: &Indicator,
    end: Option<Date>,
    (start, completion): (Option<Date>, Option<Date>),
) -> Option<f64> {
    let overall = indicator.target.as_ref().and_then(Figure::number);
    if let (Some(b), Some(t), Some(pt)) = (plan.baseline, overall, plan.target) {
        if t != b && overall != plan.target {
            return Some(((pt - b) / (t - b)).clamp(0.0, 1.0));
        }
    }
    let (s, c, e) = (start?, completion?, end?);
    let length = (c.days_since_epoch() - s.days_since_epoch()) as f64;
    (length > 0.0)
        .then(|| ((e.days_since_epoch() - s.days_since_epoch()) as f64 / length).clamp(0.0, 1.0))
}

/// Three capital letters, as ISO 4217 codes are written.
fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

pub use crate::diagnostic::closest;

/// The digits of a language whose `site.toml` entry does not say: Arabic-Indic (٠١٢٣) for
/// Arabic and Sorani Kurdish, whose readers in Iraq expect them, Latin digits otherwise.
fn default_digits(code: &str) -> Digits {
    match code.split('-').next() {
        Some("ar" | "ckb") => Digits::Arab,
        _ => Digits::Latn,
    }
}

/// "found the text "44%" where a number is expected: write percent = 44", at the figure.
fn number_as_text(d: Diagnostic, text: &str) -> Diagnostic {
    let number = crate::diagnostic::as_number(text).unwrap_or_default();
    let key = d
        .source_line
        .as_deref()
        .and_then(crate::diagnostic::key_of_line)
        .unwrap_or("value")
        .to_owned();
    Diagnostic {
        message: format!(
            "found the text \"{text}\" where a number is expected: write {key} = {number}"
        ),
        ..d
    }
    .with_hint("write numbers without quotes, % signs or thousands separators")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_likely_typos_only() {
        assert_eq!(closest("1.1.99", &["1.1.9", "1.2.9"]), Some("1.1.9"));
        assert_eq!(
            closest("initated", &["initiated", "completed"]),
            Some("initiated")
        );
        assert_eq!(closest("zzz", &["initiated"]), None);
    }

    #[test]
    fn language_codes() {
        assert!(is_language_code("ckb"));
        assert!(is_language_code("pt-BR"));
        assert!(!is_language_code("Arabic"));
        assert!(!is_language_code("../x"));
    }
}
