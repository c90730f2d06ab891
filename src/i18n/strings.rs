//! Interface strings: one TOML file per language in the theme (`themes/NAME/i18n/LANG.toml`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::model::Config;

/// The theme's interface strings for every configured language, with fallback to the default.
#[derive(Debug, Clone, Default)]
pub struct UiStrings {
    default: String,
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

impl UiStrings {
    /// Loads `themes/THEME/i18n/LANG.toml` for each language of `config`. The default language's
    /// file is required; others may be missing or partial (the default language stands in).
    pub fn load(root: &Path, config: &Config) -> Result<UiStrings, Vec<Diagnostic>> {
        let mut strings = BTreeMap::new();
        let mut problems = Vec::new();
        for lang in &config.languages {
            let rel = Path::new("themes")
                .join(&config.theme)
                .join("i18n")
                .join(format!("{}.toml", lang.code));
            if !root.join(&rel).is_file() {
                if lang.code == config.default_language {
                    problems.push(
                        Diagnostic::error(
                            &rel,
                            "the theme has no interface strings for the default language",
                        )
                        .with_hint("add this file with the theme's strings"),
                    );
                }
                continue;
            }
            let table = SourceFile::read(root, &rel).and_then(|f| f.parse_toml::<toml::Table>());
            match table {
                Ok(table) => {
                    let mut flat = BTreeMap::new();
                    flatten("", &table, &mut flat);
                    strings.insert(lang.code.clone(), flat);
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(UiStrings {
                default: config.default_language.clone(),
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
