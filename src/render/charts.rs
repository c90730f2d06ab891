//! The `charts` object of the templates: templates call charts by name
//! (`{{ charts.progress(indicator.id) }}`), and each call draws that chart with
//! [`crate::charts::Painter`] in the page's language, inside the parallel page rendering.

use std::fmt;
use std::sync::Arc;

use minijinja::value::{Object, Value};
use minijinja::{Error, ErrorKind, State};

use crate::charts::{kinds, Chart, Painter};
use crate::i18n::{Formatter, UiStrings};
use crate::model::{Direction, Period, Results, Site};

/// The model's figures, shared by every language's charts: they are drawn while pages render,
/// so they need a `'static` hold on the model. A build shares its whole model
/// ([`SharedModel::share`]); `serve`, which swaps periods between renderings, keeps a copy of
/// the figures alone ([`SharedModel::new`]).
#[derive(Debug, Clone)]
pub struct SharedModel {
    site: Arc<Site>,
}

impl SharedModel {
    /// Shares `site`.
    pub fn new(site: Site) -> Arc<SharedModel> {
        Self::share(Arc::new(site))
    }

    /// Shares a model already shared with the caller, without copying it.
    pub fn share(site: Arc<Site>) -> Arc<SharedModel> {
        Arc::new(SharedModel { site })
    }

    /// Puts the figures of `period` in place of those of the period with the same id (for
    /// `serve`, between two renderings: in place when no rendering holds them) and returns
    /// the ones it replaced.
    pub fn replace_period(model: &mut Arc<SharedModel>, period: &Period) -> Option<Period> {
        let site = Arc::make_mut(&mut Arc::make_mut(model).site);
        site.replace_period(period.figures_only(), Vec::new())
            .map(|(old, _)| old)
    }
}

impl SharedModel {
    /// Puts `results` in place of the results framework (for `serve`, between two
    /// renderings, as [`Site::replace_results`] does) and returns the one it replaced.
    pub fn replace_results(model: &mut Arc<SharedModel>, results: &Results) -> Results {
        let site = Arc::make_mut(&mut Arc::make_mut(model).site);
        site.replace_results(results.clone(), Vec::new()).0
    }
}

/// The charts of one language, as a template object.
pub struct ChartsObject {
    model: Arc<SharedModel>,
    ui: Arc<UiStrings>,
    lang: String,
    /// Built once per language: formatters may carry locale data that is costly to load.
    fmt: Option<Formatter>,
    /// Every progress glyph, by fill (tables print hundreds of them).
    glyphs: Vec<String>,
}

impl fmt::Debug for ChartsObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<charts in {}>", self.lang)
    }
}

impl ChartsObject {
    /// The charts of the model in the language `lang`.
    pub fn new(model: Arc<SharedModel>, ui: Arc<UiStrings>, lang: &str) -> ChartsObject {
        let language = model.site.config.language(lang);
        let fmt = language.map(Formatter::new);
        let rtl = language.is_some_and(|l| l.direction == Direction::Rtl);
        let glyphs = (0..=kinds::GLYPH_WIDTH)
            .map(|fill| kinds::glyph_filled(fill, rtl))
            .collect();
        ChartsObject {
            model,
            ui,
            lang: lang.to_owned(),
            fmt,
            glyphs,
        }
    }
}

impl ChartsObject {
    /// A chart as HTML. When the language lacks the charts' interface strings, the figure is
    /// marked with the default language and direction its words are then in.
    fn html(&self, chart: Option<Result<Chart, String>>) -> Result<Value, Error> {
        match chart {
            None => Ok(Value::from(())),
            Some(Ok(c)) => {
                let mut html = c.to_html();
                if self
                    .ui
                    .get(&self.lang, "chart.table")
                    .is_some_and(|(_, f)| f)
                {
                    let (lang, dir) = self.ui.fallback_marks();
                    let page = format!(" lang=\"{0}\" xml:lang=\"{0}\"", self.lang);
                    html = html
                        .replacen(
                            "<figure ",
                            &format!("<figure lang=\"{lang}\" dir=\"{dir}\" "),
                            1,
                        )
                        .replace(&page, &format!(" lang=\"{lang}\" xml:lang=\"{lang}\""));
                }
                Ok(Value::from_safe_string(html))
            }
            Some(Err(e)) => Err(Error::new(ErrorKind::InvalidOperation, e)),
        }
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
        let model = &*self.model;
        let site = &model.site;
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
                let Some(i) = model.site.indicator(&id) else {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("charts.{method}(): no indicator `{id}`"),
                    ));
                };
                let history: Vec<_> = model.site.history(&i.id).collect();
                let value = current.and_then(|c| {
                    history
                        .iter()
                        .find(|(p, _)| std::ptr::eq(*p, c))
                        .map(|(_, v)| *v)
                });
                self.html(match method {
                    "progress" => Some(p.progress(i, value)),
                    "split" => value.and_then(|v| p.split(i, v)),
                    _ => p.history(i, &history),
                })
            }
            "outputs" => self.html(current.map(|c| p.outputs(c))),
            "output" => {
                let id = id_arg(args, method)?;
                let o = site.output(&id).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidOperation,
                        format!("charts.output(): no output `{id}`"),
                    )
                })?;
                self.html(current.map(|c| p.output(o, c)))
            }
            "funds" => self.html(current.and_then(|c| p.funds(c))),
            "people" => self.html(current.and_then(|c| p.people(c))),
            "glyph" => {
                let n = arg(args, method)?.clone();
                let Ok(n) = f64::try_from(n) else {
                    return Ok(Value::from(()));
                };
                let fill = usize::try_from(kinds::glyph_fill(n)).unwrap_or(0);
                Ok(self
                    .glyphs
                    .get(fill)
                    .map_or_else(|| Value::from(()), |g| Value::from_safe_string(g.clone())))
            }
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }
}
