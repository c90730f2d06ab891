//! A theme: templates, interface strings and static files under `themes/NAME/`.

use std::path::Path;
use std::sync::Arc;

use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, State, Value};

use crate::content::theme::ThemeFiles;
use crate::content::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::i18n::UiStrings;
use crate::model::Site;

/// A loaded theme, shared read-only by all rendering threads.
pub struct Theme {
    /// The template environment, with Shafaf's functions registered.
    pub env: Environment<'static>,
    /// Interface strings.
    pub ui: Arc<UiStrings>,
    /// Static files to copy, as (path under `assets/`, bytes).
    pub static_files: Vec<(String, Vec<u8>)>,
}

impl Theme {
    /// Loads the site's theme: the built-in one with any file of `themes/THEME/` in its place
    /// (see [`ThemeFiles`]): every template (compiled once), the interface strings and the
    /// static files. Template syntax errors are reported with their line.
    pub fn load(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
        let files = ThemeFiles::load(&site.root, &site.config.theme)?;
        let mut problems = Vec::new();
        let ui = match UiStrings::from_theme(&files, &site.config) {
            Ok(ui) => Arc::new(ui),
            Err(p) => {
                problems.extend(p);
                Arc::new(UiStrings::default())
            }
        };
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_formatter(html_formatter);
        for (name, file) in files.under("templates") {
            match SourceFile::decode(&file.rel, file.bytes.to_vec()) {
                Ok(source) => {
                    if let Err(e) = env.add_template_owned(name.to_owned(), source.text.clone()) {
                        problems.push(template_diagnostic(&file.rel, &source.text, &e));
                    }
                }
                Err(d) => problems.push(d),
            }
        }
        register_functions(&mut env, ui.clone());
        let mut static_files: Vec<(String, Vec<u8>)> = files
            .under("static")
            .map(|(name, file)| (name.to_owned(), file.bytes.to_vec()))
            .collect();
        fingerprint_assets(&mut env, &mut static_files);
        if problems.is_empty() {
            Ok(Theme {
                env,
                ui,
                static_files,
            })
        } else {
            Err(problems)
        }
    }
}

/// A template error as a diagnostic at the template's line.
pub fn template_diagnostic(rel: &Path, text: &str, e: &Error) -> Diagnostic {
    let mut d = Diagnostic::error(
        rel,
        format!(
            "template error: {}",
            e.detail().unwrap_or(&e.kind().to_string())
        ),
    );
    if let Some(line) = e.line() {
        let offset: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        d = d.at(text, offset);
    }
    d
}

/// Prints values into templates: HTML-escapes unsafe strings (without escaping `/`, which keeps
/// URLs readable and pages small) and prints `none` as nothing.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    if value.is_safe() || !matches!(state.auto_escape(), minijinja::AutoEscape::Html) {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.to_string();
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    out.write_str(&escaped)
        .map_err(|e| Error::new(ErrorKind::WriteFailure, "writing the page").with_source(e))
}

/// The language code of the page being rendered.
fn page_lang(state: &State) -> String {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Percent-encodes what may not stand in a URL path as it is (non-ASCII letters of a Unicode
/// page name, spaces, quotes, angle brackets), leaving ASCII separators and existing escapes.
pub fn url_path(route: &str) -> String {
    let mut out = String::with_capacity(route.len());
    for b in route.bytes() {
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'`' | b'\\' | b'^' | b'{' | b'}' | b'|'
            )
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Registers Shafaf's template filters and functions (its `striptags` replaces minijinja's).
fn register_functions(env: &mut Environment<'static>, ui: Arc<UiStrings>) {
    // urlpath: a route made safe for an href (for addresses built without link()).
    env.add_filter("urlpath", |route: &str| url_path(route));
    register_strings(env, ui);
    register_text_filters(env);
    register_links(env);
}

/// Registers `t` and `ta`, the interface strings in the page's language.
fn register_strings(env: &mut Environment<'static>, ui: Arc<UiStrings>) {
    // t("key", name=value…): an interface string in the page's language, with {name} filled
    // in. A string the page's language lacks is the default language's, returned as HTML inside
    // <span lang dir> so that it is read and ordered as what it is. For attributes, use ta().
    let strings = ui.clone();
    env.add_function(
        "t",
        move |state: &State, key: &str, kwargs: Kwargs| -> Result<Value, Error> {
            let (text, fell_back) = interface_string(&strings, state, key, kwargs)?;
            if !fell_back {
                return Ok(text);
            }
            let (lang, dir) = strings.fallback_marks();
            let inner = if text.is_safe() {
                text.to_string()
            } else {
                minijinja::HtmlEscape(&text.to_string()).to_string()
            };
            Ok(Value::from_safe_string(format!(
                "<span lang=\"{lang}\" dir=\"{dir}\">{inner}</span>"
            )))
        },
    );
    // ta("key", name=value…): the same string as plain text, for attributes (aria-label,
    // title); a string in the default language's stead is wrapped in Unicode isolates.
    env.add_function(
        "ta",
        move |state: &State, key: &str, kwargs: Kwargs| -> Result<Value, Error> {
            let (text, fell_back) = interface_string(&ui, state, key, kwargs)?;
            let plain = strip_tags(&text.to_string());
            Ok(Value::from(if fell_back {
                crate::i18n::isolate(&plain)
            } else {
                plain
            }))
        },
    );
}

/// Registers `striptags` and `isolate`, for text in attributes and titles.
fn register_text_filters(env: &mut Environment<'static>) {
    // x|striptags: the plain text of an HTML value (for attributes and <title>). Plain text
    // stays as it is: "A < B > C" holds no tag to remove.
    env.add_filter("striptags", |v: Value| -> String {
        if v.is_safe() {
            strip_tags(&v.to_string())
        } else {
            v.to_string()
        }
    });
    // x|isolate: on right-to-left pages, plain text wrapped in Unicode isolates (U+2068 …
    // U+2069), for places where <bdi> is impossible (<title>, attributes); as is elsewhere.
    env.add_filter("isolate", |state: &State, v: Value| -> String {
        let text = v.to_string();
        match state.lookup("dir") {
            Some(dir) if dir.as_str() == Some("rtl") => crate::i18n::isolate(&text),
            _ => text,
        }
    });
}

/// Registers `link`, `link_in` and `asset`, the relative URLs of pages and static files.
fn register_links(env: &mut Environment<'static>) {
    // link("indicators/1.1.9/"): a relative URL to a page in the current language.
    env.add_function("link", |state: &State, route: &str| -> String {
        let root = state
            .lookup("root")
            .map(|v| v.to_string())
            .unwrap_or_default();
        format!("{root}{}/{}", page_lang(state), url_path(route))
    });
    // link_in("ar", "indicators/1.1.9/"): a relative URL to a page in another language.
    env.add_function(
        "link_in",
        |state: &State, lang: &str, route: &str| -> String {
            let root = state
                .lookup("root")
                .map(|v| v.to_string())
                .unwrap_or_default();
            format!("{root}{lang}/{}", url_path(route))
        },
    );
    // asset("style.css"): a relative URL to a static file.
    env.add_function("asset", |state: &State, name: &str| -> String {
        let root = state
            .lookup("root")
            .map(|v| v.to_string())
            .unwrap_or_default();
        format!("{root}assets/{name}")
    });
}

/// The string `key` in the page's language (else the default language's, with `true`), with
/// `{name}` filled in from `kwargs`. An argument that is HTML (a text marked as falling back to
/// another language) keeps its markup: the string is then escaped and returned as HTML.
fn interface_string(
    ui: &UiStrings,
    state: &State,
    key: &str,
    kwargs: Kwargs,
) -> Result<(Value, bool), Error> {
    let lang = page_lang(state);
    // A count `n` picks the plural form of a counted string (see i18n::plurals).
    let count: Option<Value> = kwargs.get("n").ok();
    let found = match &count {
        Some(n) => ui.counted(&lang, key, &n.to_string()),
        None => ui.get(&lang, key),
    };
    let Some((text, fell_back)) = found else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("the interface string `{key}` is not defined in the theme's i18n files"),
        ));
    };
    let mut args = Vec::new();
    for name in kwargs.args() {
        let v: Value = kwargs.get(name)?;
        args.push((name, v));
    }
    kwargs.assert_all_used()?;
    let html = args.iter().any(|(_, v)| v.is_safe());
    let mut out = if html {
        minijinja::HtmlEscape(text).to_string()
    } else {
        text.to_owned()
    };
    for (name, v) in args {
        let value = if html && !v.is_safe() {
            minijinja::HtmlEscape(&v.to_string()).to_string()
        } else {
            v.to_string()
        };
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    let value = if html {
        Value::from_safe_string(out)
    } else {
        Value::from(out)
    };
    Ok((value, fell_back))
}

/// Extensions of the static files given content-hashed names.
const FINGERPRINTED: &[&str] = &["css", "js", "mjs", "svg", "woff", "woff2", "ttf", "otf"];

/// `name.HASH.ext`: the name with the first 10 hex digits of the FNV-1a hash of `bytes`.
pub fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let hash = format!("{h:016x}");
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", &hash[..10]),
        None => format!("{name}.{}", &hash[..10]),
    }
}

/// Gives stylesheets, scripts, images and fonts content-hashed copies (`style.1a2b3c4d5e.css`)
/// and makes `asset()` link to them, so a CDN may cache them for ever and a changed file gets a
/// new address: no reader sees stale styles. The plain-named copies stay, for anything that
/// links to them directly.
fn fingerprint_assets(env: &mut Environment<'static>, static_files: &mut Vec<(String, Vec<u8>)>) {
    let mut names = std::collections::BTreeMap::new();
    let mut copies = Vec::new();
    for (name, bytes) in static_files.iter() {
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        if FINGERPRINTED.contains(&ext) {
            let hashed = fingerprinted_name(name, bytes);
            names.insert(name.clone(), hashed.clone());
            copies.push((hashed, bytes.clone()));
        }
    }
    static_files.extend(copies);
    // asset("style.css"): a relative URL to a static file, under its content-hashed name.
    env.add_function("asset", move |state: &State, name: &str| -> String {
        let root = state
            .lookup("root")
            .map(|v| v.to_string())
            .unwrap_or_default();
        let name = names.get(name).map_or(name, String::as_str);
        format!("{root}assets/{name}")
    });
}

/// Removes HTML tags from `html` and decodes the entities our escaping produces.
pub fn strip_tags(html: &str) -> String {
    let mut text = Untagged {
        text: String::with_capacity(html.len()),
        in_tag: false,
    };
    text.push(html);
    decode_entities(text.text)
}

/// The text outside tags of HTML given in pieces, entities not yet decoded: [`strip_tags`]
/// gives it the whole page, the search index as much as it needs.
#[derive(Debug, Default)]
pub(crate) struct Untagged {
    /// The text so far.
    pub text: String,
    in_tag: bool,
}

impl Untagged {
    /// Adds the text outside tags of the next piece of HTML.
    pub fn push(&mut self, html: &str) {
        for c in html.chars() {
            match c {
                '<' => self.in_tag = true,
                '>' if self.in_tag => self.in_tag = false,
                c if !self.in_tag => self.text.push(c),
                _ => {}
            }
        }
    }
}

/// `text` with the entities that Markdown and templates write decoded.
pub(crate) fn decode_entities(text: String) -> String {
    if !text.contains('&') {
        return text;
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::strip_tags;

    #[test]
    fn fingerprints_change_with_the_content() {
        let a = super::fingerprinted_name("style.css", b"a{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style..css".len() + 10
        );
        assert_eq!(a, super::fingerprinted_name("style.css", b"a{}"));
        assert_ne!(a, super::fingerprinted_name("style.css", b"b{}"));
    }

    #[test]
    fn strip_tags_keeps_the_words() {
        assert_eq!(strip_tags("<span lang=\"en\">A &amp; B</span>"), "A & B");
        assert_eq!(strip_tags("plain"), "plain");
    }
}
