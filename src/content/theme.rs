//! The files of a site's theme: the default theme built into the binary, with any file the site
//! places at the same path under `themes/NAME/` taking its place (as mdBook does).
//!
//! A site needs no `themes/` folder at all; one that wants another stylesheet or template puts
//! that single file under `themes/default/` (or `themes/NAME/` with `theme = "NAME"`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::walk;
use crate::diagnostic::Diagnostic;

/// The default theme's files, embedded at build time: `(path under the theme, bytes)`, sorted.
pub static BUILTIN: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));

/// The name of the built-in theme.
pub const BUILTIN_NAME: &str = "default";

/// One file of the theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Where it comes from, as shown in diagnostics: `themes/NAME/PATH` for the site's own file,
    /// `(built-in theme)/PATH` for the embedded one.
    pub rel: PathBuf,
    /// Its contents.
    pub bytes: Cow<'static, [u8]>,
}

impl ThemeFile {
    /// Is this the site's own file rather than the built-in one?
    pub fn is_site_file(&self) -> bool {
        self.rel.starts_with("themes")
    }
}

/// The built-in file and the site's file at one path, either of which may be missing.
#[derive(Debug, Clone, Default)]
struct Layers {
    builtin: Option<ThemeFile>,
    site: Option<ThemeFile>,
}

/// Every file of the theme, by path under the theme folder (`templates/base.html`).
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    files: BTreeMap<String, Layers>,
}

impl ThemeFiles {
    /// The built-in theme overlaid with `themes/NAME/` under `root`. A theme other than the
    /// built-in one must exist as a folder (a misspelt name is reported, not ignored).
    pub fn load(root: &Path, name: &str) -> Result<ThemeFiles, Vec<Diagnostic>> {
        let dir = Path::new("themes").join(name);
        if name != BUILTIN_NAME && !root.join(&dir).is_dir() {
            return Err(vec![Diagnostic::error(
                "content/site.toml",
                format!("the theme `{name}` does not exist"),
            )
            .with_hint(format!(
                "create {} holding the files that differ from the built-in theme, or remove \
                 `theme` from site.toml to use the built-in one",
                dir.display()
            ))]);
        }
        let mut files = ThemeFiles::builtin();
        let (paths, mut problems) = walk(root, &dir.to_string_lossy());
        for rel in paths {
            let name = rel
                .strip_prefix(&dir)
                .unwrap_or(&rel)
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(root.join(&rel)) {
                Ok(bytes) => {
                    files.files.entry(name).or_default().site = Some(ThemeFile {
                        rel,
                        bytes: Cow::Owned(bytes),
                    });
                }
                Err(e) => problems.push(Diagnostic::error(
                    &rel,
                    format!("cannot read this file: {e}"),
                )),
            }
        }
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(problems)
        }
    }

    /// The built-in theme alone.
    pub fn builtin() -> ThemeFiles {
        let files = BUILTIN
            .iter()
            .map(|(path, bytes)| {
                let file = ThemeFile {
                    rel: Path::new("(built-in theme)").join(path),
                    bytes: Cow::Borrowed(*bytes),
                };
                let layers = Layers {
                    builtin: Some(file),
                    site: None,
                };
                ((*path).to_owned(), layers)
            })
            .collect();
        ThemeFiles { files }
    }

    /// The file at `path`: the site's own if it has one, else the built-in one.
    pub fn get(&self, path: &str) -> Option<&ThemeFile> {
        let layers = self.files.get(path)?;
        layers.site.as_ref().or(layers.builtin.as_ref())
    }

    /// The built-in file at `path`, then the site's, for files read key by key (strings).
    pub fn layers(&self, path: &str) -> impl Iterator<Item = &ThemeFile> {
        self.files
            .get(path)
            .into_iter()
            .flat_map(|l| l.builtin.iter().chain(l.site.iter()))
    }

    /// The files under `dir/` (such as `templates`), as (path under `dir`, file), sorted.
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> {
        self.files.keys().filter_map(move |path| {
            let name = path.strip_prefix(dir)?.strip_prefix('/')?;
            Some((name, self.get(path)?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_theme_has_templates_strings_and_styles() {
        let files = ThemeFiles::builtin();
        for path in ["templates/base.html", "i18n/en.toml", "static/style.css"] {
            assert!(files.get(path).is_some(), "{path} is not built in");
        }
    }

    #[test]
    fn a_site_file_takes_the_place_of_the_builtin_one() {
        let dir = tempfile::tempdir().unwrap();
        let css = dir.path().join("themes/default/static/style.css");
        std::fs::create_dir_all(css.parent().unwrap()).unwrap();
        std::fs::write(&css, "body{}").unwrap();
        let files = ThemeFiles::load(dir.path(), "default").unwrap();
        let file = files.get("static/style.css").unwrap();
        assert_eq!(&*file.bytes, b"body{}");
        assert!(file.is_site_file());
        assert!(!files.get("templates/base.html").unwrap().is_site_file());
        assert_eq!(files.layers("static/style.css").count(), 2);
    }

    #[test]
    fn a_missing_named_theme_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let problems = ThemeFiles::load(dir.path(), "house").unwrap_err();
        assert_eq!(problems[0].message, "the theme `house` does not exist");
        assert!(ThemeFiles::load(dir.path(), "default").is_ok());
    }
}
