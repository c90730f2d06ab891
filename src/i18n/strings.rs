//! Interface strings: one TOML file per language in the theme (`themes/NAME/i18n/LANG.toml`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::theme::ThemeFiles;
use crate::content::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::model::Config;

/// The theme's interface strings for every configured language, with fallback to the default.
#[derive(Debug, Clone, Default)]
pub struct UiStrings {
    default: String,
    default_dir: String,
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

impl UiStrings {
    /// Loads the interface strings of the site's theme (the built-in one overlaid with
    /// `themes/THEME/`) for each language of `config`; see [`UiStrings::from_theme`].
    pub fn load(root: &Path, config: &Config) -> Result<UiStrings, Vec<Diagnostic>> {
        let files = ThemeFiles::load(root, &config.theme)?;
        UiStrings::from_theme(&files, config)
    }

    /// Reads `i18n/LANG.toml` of the theme for each language of `config`: the built-in file's
    /// keys, replaced key by key by those of the site's own file at the same path. The default
    /// language's strings are required; others may be missing or partial (the default
    /// language's strings stand in, marked with its language and direction).
    pub fn from_theme(files: &ThemeFiles, config: &Config) -> Result<UiStrings, Vec<Diagnostic>> {
        let mut strings = BTreeMap::new();
        let mut problems = Vec::new();
        for lang in &config.languages {
            let path = format!("i18n/{}.toml", lang.code);
            let theme = read_layers(files, &path, &mut problems);
            if let (Some(t), true) = (&theme, lang.code == config.default_language) {
                problems.extend(unknown_wording(config, t));
            }
            let found = overlay_wording(theme, config, &lang.code);
            if let Some(flat) = found {
                strings.insert(lang.code.clone(), flat);
            } else if lang.code == config.default_language {
                let rel = Path::new("themes").join(&config.theme).join(&path);
                problems.push(
                    Diagnostic::error(
                        &rel,
                        "the theme has no interface strings for the default language",
                    )
                    .with_hint(format!(
                        "write them there: `shafaf theme strings {}` makes the file with every key \
                         to translate from the built-in English",
                        lang.code
                    )),
                );
            }
        }
        if problems.is_empty() {
            let default_dir = config
                .languages
                .iter()
                .find(|l| l.code == config.default_language)
                .map_or("ltr", |l| l.direction.as_str());
            Ok(UiStrings {
                default: config.default_language.clone(),
                default_dir: default_dir.to_owned(),
                strings,
            })
        } else {
            Err(problems)
        }
    }

    /// The string `key` in `lang`, falling back to the default language. The flag says whether
    /// it fell back.
    pub fn get(&self, lang: &str, key: &str) -> Option<(&str, bool)> {
        if let Some(s) = self.strings.get(lang).and_then(|t| t.get(key)) {
            return Some((s, false));
        }
        self.strings
            .get(&self.default)
            .and_then(|t| t.get(key))
            .map(|s| (s.as_str(), lang != self.default))
    }

    /// The counted string `key` for the count `n` (as shown, in any digits): the plural form of
    /// `n` in `lang` under CLDR rules (`key.few`), else its `key.other`, else the default
    /// language's form for `n`, else a plain string `key`. See [`super::plurals`].
    pub fn counted(&self, lang: &str, key: &str, n: &str) -> Option<(&str, bool)> {
        let plain = super::plurals::plain_count(n);
        for (code, fell_back) in [(lang, false), (self.default.as_str(), lang != self.default)] {
            let Some(table) = self.strings.get(code) else {
                continue;
            };
            let category = plain
                .as_deref()
                .map_or("other", |p| super::plurals::category(code, p));
            for form in [category, "other"] {
                if let Some(s) = table.get(&format!("{key}.{form}")) {
                    return Some((s, fell_back));
                }
            }
            // A language whose nouns do not change with the count may give one plain string.
            if let Some(s) = table.get(key) {
                return Some((s, fell_back));
            }
        }
        None
    }

    /// Only the strings of `lang` (as the default language), for a file to translate them from.
    pub fn of_language(files: &ThemeFiles, lang: &str) -> Result<UiStrings, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let found = read_layers(files, &format!("i18n/{lang}.toml"), &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(UiStrings {
            default: lang.to_owned(),
            default_dir: String::new(),
            strings: found.into_iter().map(|f| (lang.to_owned(), f)).collect(),
        })
    }

    /// The default language's code and direction, which mark a string shown in its stead.
    pub fn fallback_marks(&self) -> (&str, &str) {
        (&self.default, &self.default_dir)
    }

    /// Every key of the default language with its text, sorted (for a file to translate).
    pub fn default_strings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.strings
            .get(&self.default)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Keys present in the default language but missing in `lang`.
    pub fn missing(&self, lang: &str) -> Vec<&str> {
        let Some(default) = self.strings.get(&self.default) else {
            return Vec::new();
        };
        let have: std::collections::BTreeSet<&str> = self
            .strings
            .get(lang)
            .map(|h| h.keys().map(|k| super::plurals::counted_key(k)).collect())
            .unwrap_or_default();
        let mut out: Vec<&str> = default
            .keys()
            .map(|k| super::plurals::counted_key(k))
            .filter(|k| !have.contains(k))
            .collect();
        out.dedup();
        out
    }
}

/// The theme's strings of `lang` with the site's own `[wording]` in that language over them.
/// A language without a strings file gets a table when the site words some keys in it.
fn overlay_wording(
    found: Option<BTreeMap<String, String>>,
    config: &Config,
    lang: &str,
) -> Option<BTreeMap<String, String>> {
    let own: Vec<(&String, &str)> = config
        .wording
        .iter()
        .filter_map(|(k, t)| t.get(lang).map(|s| (k, s)))
        .collect();
    if own.is_empty() {
        return found;
    }
    let mut flat = found.unwrap_or_default();
    for (k, s) in own {
        flat.insert(k.clone(), s.to_owned());
    }
    Some(flat)
}

/// An error for each `[wording]` key of `site.toml` that is not an interface string of the
/// theme (a typo would otherwise be silently ignored).
fn unknown_wording(config: &Config, default: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let keys: Vec<&str> = default.keys().map(String::as_str).collect();
    config
        .wording
        .keys()
        .filter(|k| !keys.contains(&k.as_str()) && !default.contains_key(&format!("{k}.other")))
        .map(|k| {
            let hint = match crate::diagnostic::closest(k, &keys) {
                Some(near) => format!(
                    "did you mean `{near}`? `shafaf theme strings {}` lists every key",
                    config.default_language
                ),
                None => format!(
                    "`shafaf theme strings {}` lists every key",
                    config.default_language
                ),
            };
            Diagnostic::error(
                "content/site.toml",
                format!("`[wording]` names `{k}`, which is not an interface string of the theme"),
            )
            .with_hint(hint)
        })
        .collect()
}

/// The keys of every layer of the strings file at `path` (built-in first, then the site's), or
/// `None` when there is no such file.
fn read_layers(
    files: &ThemeFiles,
    path: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<String, String>> {
    let mut flat = BTreeMap::new();
    let mut found = false;
    for file in files.layers(path) {
        found = true;
        let table = SourceFile::decode(&file.rel, file.bytes.to_vec())
            .and_then(|f| f.parse_toml::<toml::Table>());
        match table {
            Ok(table) => flatten("", &table, &mut flat),
            Err(d) => problems.push(d),
        }
    }
    found.then_some(flat)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}
