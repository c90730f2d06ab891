//! Charts of progress, drawn at build time as small inline SVG.
//!
//! Citizens should see progress at a glance without JavaScript and on slow links, so every chart
//! is drawn here, once, straight to SVG (plotters draws the lines of plots over time), in the
//! page's language and digits, mirrored for right-to-left languages, sized for any width with
//! text as large as the page's, and shipped inside the page together with a sentence that says
//! what it shows and an HTML table of the same figures. This stage reads the model and
//! [`crate::i18n`]; the renderer only places the result.
//!
//! [`Painter`] has one method per chart kind (see [`kinds`]); each returns a [`Chart`]: its
//! sentence, the SVG and its table, turned into markup by [`Chart::to_html`].

pub(crate) mod kinds;
pub(crate) mod layout;
pub(crate) mod svg;

use crate::i18n::{Formatter, UiStrings};
use crate::model::{Direction, Figure, Kind, Language, Site, Text};

use svg::{escape, Meta, Sketch};

/// Draws charts for one language of a site.
pub struct Painter<'a> {
    /// The site.
    pub site: &'a Site,
    /// The language charts are drawn in.
    pub lang: &'a Language,
    /// Its number formatter (the same as the pages').
    pub fmt: Formatter,
    /// Interface strings.
    pub ui: &'a UiStrings,
}

/// A table of the figures a chart shows, for screen readers and for copying.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Caption.
    pub caption: String,
    /// Column headings.
    pub head: Vec<String>,
    /// Rows; the first cell of each is its heading.
    pub rows: Vec<Vec<String>>,
}

/// A finished chart: what it shows in one sentence, the SVG and the table of its figures.
#[derive(Debug, Clone)]
pub struct Chart {
    /// What kind of chart it is (`progress`, `funds`, …), used as a CSS class.
    pub kind: &'static str,
    /// What the chart shows, in one sentence ("717 in 2013, up from 154 in 2011."); also the
    /// start of the SVG's description.
    pub takeaway: String,
    /// The `<svg>` element; empty when there is nothing to draw and the sentence says why.
    pub svg: String,
    /// The same figures as a table.
    pub table: Table,
    /// The summary of the `<details>` holding the table.
    pub summary: String,
}

impl Chart {
    /// The chart as HTML: a `<figure>` captioned with its sentence, with the SVG and, in
    /// `<details>`, the table; only the sentence when there is nothing to draw.
    pub fn to_html(&self) -> String {
        if self.svg.is_empty() {
            return format!(
                "<p class=\"chart-words chart-{}\">{}</p>",
                self.kind,
                escape(&self.takeaway)
            );
        }
        let t = &self.table;
        let mut html = format!(
            "<figure class=\"chart chart-{}\"><figcaption class=\"chart-takeaway\">{}</figcaption>{}<details class=\"chart-data\"><summary>{}</summary><div class=\"table-scroll\"><table><caption>{}</caption><thead><tr>",
            self.kind,
            escape(&self.takeaway),
            self.svg,
            escape(&self.summary),
            escape(&t.caption)
        );
        for h in &t.head {
            html.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
        }
        html.push_str("</tr></thead><tbody>");
        for row in &t.rows {
            html.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    html.push_str(&format!("<th scope=\"row\">{}</th>", escape(cell)));
                } else {
                    html.push_str(&format!(
                        "<td class=\"num\"><bdi>{}</bdi></td>",
                        escape(cell)
                    ));
                }
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></div></details></figure>");
        html
    }
}

impl<'a> Painter<'a> {
    /// A painter for `lang`.
    pub fn new(site: &'a Site, lang: &'a Language, ui: &'a UiStrings) -> Painter<'a> {
        Painter {
            site,
            lang,
            fmt: Formatter::new(lang),
            ui,
        }
    }

    /// A painter for `lang` with a formatter made for it already.
    pub fn with_formatter(
        site: &'a Site,
        lang: &'a Language,
        ui: &'a UiStrings,
        fmt: Formatter,
    ) -> Painter<'a> {
        Painter {
            site,
            lang,
            fmt,
            ui,
        }
    }

    /// Whether charts mirror (right-to-left language).
    pub fn rtl(&self) -> bool {
        self.lang.direction == Direction::Rtl
    }

    /// An interface string of the `chart` table (or any key), with `{name}` placeholders filled.
    pub fn t(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self
            .ui
            .get(&self.lang.code, key)
            .map_or_else(|| key.to_owned(), |(s, _)| s.to_owned());
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A text of the content in this language (or the default one), with this language's
    /// digits when it is in this language (as the pages write it).
    pub fn text(&self, t: &Text) -> String {
        let r = t.resolve(&self.lang.code, &self.site.config.default_language);
        if r.fallback {
            r.text.to_owned()
        } else {
            self.fmt.digits(r.text)
        }
    }

    /// A counted interface string: the plural form for `n` (as shown) in this language, with
    /// `{n}` and the other placeholders filled.
    pub fn tn(&self, key: &str, n: &str, args: &[(&str, &str)]) -> String {
        let mut s = self
            .ui
            .counted(&self.lang.code, key, n)
            .map_or_else(|| key.to_owned(), |(s, _)| s.to_owned())
            .replace("{n}", n);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A figure as printed on the pages: number (with % for percentages) or the term's label.
    pub fn figure(&self, f: Option<&Figure>, kind: Kind) -> String {
        match f {
            None => self.t("chart.blank", &[]),
            Some(Figure::Number(n)) if kind == Kind::Percentage => self.fmt.exact_percent(n),
            Some(Figure::Number(n)) => self.fmt.exact(n),
            Some(Figure::Term(t)) => self
                .site
                .term(t)
                .map_or_else(|| t.clone(), |term| self.text(&term.label)),
        }
    }

    /// A figure of indicator `i` as on its page: in its currency for money, with its unit.
    pub fn indicator_figure(&self, f: Option<&Figure>, i: &crate::model::Indicator) -> String {
        match (f, i.kind, i.currency.as_deref()) {
            (Some(Figure::Number(n)), Kind::Money, Some(c)) => self.fmt.exact_money(n, c),
            (Some(Figure::Number(_)), _, _) => {
                let unit = i.unit.as_deref().and_then(|u| self.site.unit(u));
                let shown = self.figure(f, i.kind);
                match unit {
                    Some(u) => format!("{shown} {}", self.text(&u.label)),
                    None => shown,
                }
            }
            _ => self.figure(f, i.kind),
        }
    }

    /// A chart of words only: there is nothing to draw, and `takeaway` says why.
    fn words(&self, kind: &'static str, takeaway: String) -> Chart {
        Chart {
            kind,
            takeaway,
            svg: String::new(),
            table: Table::default(),
            summary: String::new(),
        }
    }

    /// Finishes a sketch into a chart; its description starts with the takeaway.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        kind: &'static str,
        subject: &str,
        sketch: &Sketch,
        title: &str,
        takeaway: &str,
        desc: &str,
        table: Table,
    ) -> Result<Chart, String> {
        let id = format!(
            "chart-{kind}{}{}",
            if subject.is_empty() { "" } else { "-" },
            subject.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        let svg = sketch.to_svg(&Meta {
            id: &id,
            lang: &self.lang.code,
            rtl: self.rtl(),
            title,
            desc: &format!("{takeaway} {desc}"),
        })?;
        Ok(Chart {
            kind,
            takeaway: takeaway.to_owned(),
            svg,
            table,
            summary: self.t("chart.table", &[]),
        })
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A site made for chart tests: `tests/fixtures/charts`.
    use std::path::PathBuf;

    use crate::i18n::UiStrings;
    use crate::model::Site;

    /// The chart fixture site and the default theme's strings.
    pub fn fixture() -> (Site, UiStrings) {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let site =
            Site::load(&repo.join("tests/fixtures/charts")).expect("the chart fixture loads");
        let ui = UiStrings::load(&repo, &site.config).expect("the default theme's strings load");
        (site, ui)
    }
}
