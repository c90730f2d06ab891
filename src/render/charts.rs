//! The `charts` object of the templates: templates call charts by name
//! (`{{ charts.progress(indicator.id) }}`), and each call draws that chart with
//! [`crate::charts::Painter`] in the page's language, inside the parallel page rendering.

use std::fmt;
use std::sync::Arc;

use minijinja::value::{Object, Value};
use minijinja::{Error, ErrorKind, State};

use crate::charts::{kinds, Chart, Painter};
use crate::i18n::{Formatter, UiStrings};
use crate::model::{Direction, Site};

/// The charts of one language, as a template object.
pub struct ChartsObject {
    site: Arc<Site>,
    ui: Arc<UiStrings>,
    lang: String,
    /// Built once per language: formatters may carry locale data that is costly to load.
    fmt: Option<Formatter>,
}

impl fmt::Debug for ChartsObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<charts in {}>", self.lang)
    }
}

impl ChartsObject {
    /// The charts of `site` in the language `lang`.
    pub fn new(site: Arc<Site>, ui: Arc<UiStrings>, lang: &str) -> ChartsObject {
        let fmt = site.config.language(lang).map(Formatter::new);
        ChartsObject {
            site,
            ui,
            lang: lang.to_owned(),
            fmt,
        }
    }
}

fn html(chart: Option<Result<Chart, String>>) -> Result<Value, Error> {
    match chart {
        None => Ok(Value::from(())),
        Some(Ok(c)) => Ok(Value::from_safe_string(c.to_html())),
        Some(Err(e)) => Err(Error::new(ErrorKind::InvalidOperation, e)),
    }
}

fn arg<'v>(args: &'v [Value], method: &str) -> Result<&'v Value, Error> {
    args.first().ok_or_else(|| {
        Error::new(
            ErrorKind::MissingArgument,
            format!("charts.{method}() needs an argument"),
        )
    })
}

fn id_arg(args: &[Value], method: &str) -> Result<String, Error> {
    Ok(arg(args, method)?.to_string())
}

impl Object for ChartsObject {
    fn call_method(
        self: &Arc<Self>,
        _state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        let site = &*self.site;
        let (Some(lang), Some(fmt)) = (site.config.language(&self.lang), &self.fmt) else {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("no language `{}`", self.lang),
            ));
        };
        let p = Painter::with_formatter(site, lang, &self.ui, fmt.clone());
        let current = site.current_period();
        match method {
            "progress" | "split" | "history" => {
                let id = id_arg(args, method)?;
                let Some(i) = site.indicator(&id) else {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("charts.{method}(): no indicator `{id}`"),
                    ));
                };
                let value = current.and_then(|c| c.value(&i.id));
                html(match method {
                    "progress" => Some(p.progress(i, value)),
                    "split" => value.and_then(|v| p.split(i, v)),
                    _ => p.history(i),
                })
            }
            "outputs" => html(current.map(|c| p.outputs(c))),
            "output" => {
                let id = id_arg(args, method)?;
                let o = site.output(&id).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidOperation,
                        format!("charts.output(): no output `{id}`"),
                    )
                })?;
                html(current.map(|c| p.output(o, c)))
            }
            "funds" => html(current.and_then(|c| p.funds(c))),
            "people" => html(current.and_then(|c| p.people(c))),
            "glyph" => {
                let Some(n) = arg(args, method)?
                    .as_i64()
                    .map(|n| n as f64)
                    .or_else(|| f64::try_from(arg(args, method).ok()?.clone()).ok())
                else {
                    return Ok(Value::from(()));
                };
                kinds::glyph(n, lang.direction == Direction::Rtl)
                    .map(Value::from_safe_string)
                    .map_err(|e| Error::new(ErrorKind::InvalidOperation, e))
            }
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }
}
