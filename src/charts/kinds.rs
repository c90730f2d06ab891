//! One function per chart kind, over typed model data: indicator progress (numeric and
//! milestone), breakdown (e.g. male/female), history over time, outputs overview, one output's
//! indicators, funds, people, and the small progress glyph for tables.
//!
//! Figures are drawn as reported. A target that is a word or left blank is never drawn as zero:
//! with nothing to measure against there is no chart, and the words say so. A bar's length and
//! the figure printed with it are always the same figure. Each chart opens with one sentence that
//! says what it shows ([`Chart::takeaway`]).

use super::layout::{pct, width_pct, wrap, Column, Row, LINE};
use super::svg::{palette, Anchor, Ink, Plot, Series, Shape, Sketch};
use super::{Chart, Painter, Table};
use crate::model::{Figure, Flag, Indicator, Kind, Output, Period, Trend, Value};

fn max_of(values: impl IntoIterator<Item = f64>) -> f64 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

/// The figures of a numeric progress chart, on one scale.
struct Scale {
    target: Option<f64>,
    actual: Option<f64>,
    baseline: Option<f64>,
    max: f64,
}

impl Painter<'_> {
    /// The indicator's id in the page's digits.
    fn id(&self, id: &str) -> String {
        self.fmt.digits(id)
    }

    /// A count in the page's digits.
    fn count(&self, n: usize) -> String {
        self.fmt.number(n as f64)
    }

    /// "1.1.10 Percentage of participants…": the id and the start of the title, as a bar's name.
    fn short_name(&self, id: &str, title: &crate::model::Text) -> String {
        format!("{} {}", self.id(id), self.text(title))
    }

    /// Progress of an indicator in one period: actual against target with the reported %, or
    /// for milestones the status on the scale not yet initiated → completed. Without a number
    /// to measure against, the chart is words only.
    pub fn progress(&self, i: &Indicator, v: Option<&Value>) -> Result<Chart, String> {
        let id = self.id(&i.id);
        let target = self.indicator_figure(i.target.as_ref(), i);
        let actual = v.map_or_else(
            || self.t("chart.not_reported", &[]),
            |v| self.indicator_figure(v.actual.as_ref(), i),
        );
        let percent = v
            .and_then(|v| v.percent.as_ref())
            .map(|p| self.figure(Some(p), Kind::Percentage));
        let computed = v.into_iter().flat_map(|v| &v.flags).find_map(|f| match f {
            Flag::PercentDiffers { computed, .. } => {
                Some(self.fmt.percent((computed * 10.0).round() / 10.0))
            }
            _ => None,
        });
        let desc = self.progress_desc(i, &target, &actual, percent.as_deref(), computed.as_deref());
        let table = Table {
            caption: self.t("chart.progress_caption", &[("id", &id)]),
            head: vec![
                self.t("chart.indicator", &[]),
                self.t("table.target", &[]),
                self.t("table.actual", &[]),
                self.t("table.percent", &[]),
            ],
            rows: vec![vec![
                id.clone(),
                target.clone(),
                actual.clone(),
                percent
                    .clone()
                    .unwrap_or_else(|| self.t("chart.blank", &[])),
            ]],
        };
        let title = self.t("chart.progress_title", &[("id", &id)]);
        if i.kind == Kind::Milestone {
            let (sketch, takeaway) =
                self.milestone_sketch(i, v, &target, &actual, percent.as_deref());
            return self.finish("progress", &i.id, &sketch, &title, &takeaway, &desc, table);
        }
        let Some(scale) = self.scale(i, v) else {
            return Ok(self.words("progress", self.no_chart(i, &target, &actual)));
        };
        let takeaway = self.progress_takeaway(i, &scale, &target, &actual);
        let sketch =
            self.numeric_sketch(i, &scale, v, &target, &actual, percent.as_deref(), computed);
        self.finish("progress", &i.id, &sketch, &title, &takeaway, &desc, table)
    }

    fn progress_desc(
        &self,
        i: &Indicator,
        target: &str,
        actual: &str,
        percent: Option<&str>,
        computed: Option<&str>,
    ) -> String {
        let mut desc = vec![
            match &i.target {
                None => self.t("chart.no_target", &[]),
                Some(_) => self.t("chart.desc_target", &[("target", target)]),
            },
            self.t("chart.desc_actual", &[("actual", actual)]),
        ];
        if let Some(p) = percent {
            desc.push(self.t("chart.desc_percent", &[("percent", p)]));
        }
        if let Some(b) = &i.baseline {
            let baseline = self.indicator_figure(Some(&b.value), i);
            desc.push(self.t("chart.desc_baseline", &[("baseline", &baseline)]));
        }
        if i.direction == Trend::Decrease {
            desc.push(self.t("chart.lower_is_better", &[]) + ".");
        }
        if let Some(c) = computed {
            desc.push(self.t("chart.desc_differs", &[("computed", c)]));
        }
        desc.join(" ")
    }

    /// The scale of a numeric chart: none without a number to measure against.
    fn scale(&self, i: &Indicator, v: Option<&Value>) -> Option<Scale> {
        let t = v
            .and_then(|v| v.target.as_ref())
            .or(i.target.as_ref())
            .and_then(Figure::number)?;
        let a = v.and_then(|v| v.actual.as_ref()).and_then(Figure::number);
        let b = i.baseline.as_ref().and_then(|b| b.value.number());
        // For a decrease the bar is the way covered from the baseline down towards the target:
        // a value short of the target never draws past it. Without a baseline the way is
        // unknown and no bar is drawn.
        let (t, a, b) = match (i.direction == Trend::Decrease, b) {
            (false, _) => (t, a, b),
            (true, Some(b)) => (b - t, a.map(|a| (b - a).max(0.0)), None),
            (true, None) => return None,
        };
        let floor = if i.kind == Kind::Percentage && i.direction != Trend::Decrease {
            100.0
        } else {
            0.0
        };
        let max = max_of([floor, t, a.unwrap_or(0.0), b.unwrap_or(0.0)]);
        Some(Scale {
            target: Some(t),
            actual: a,
            baseline: b,
            max,
        })
    }

    /// Why an indicator has no chart, and its actual, in a sentence.
    fn no_chart(&self, i: &Indicator, target: &str, actual: &str) -> String {
        let down = i.direction == Trend::Decrease;
        match &i.target {
            None => self.t("takeaway.no_chart_no_target", &[("actual", actual)]),
            Some(t) if down && t.number().is_some() => self.t(
                "takeaway.no_chart_no_baseline",
                &[("target", target), ("actual", actual)],
            ),
            Some(_) => self.t(
                "takeaway.no_chart_word",
                &[("target", target), ("actual", actual)],
            ),
        }
    }

    fn progress_takeaway(&self, i: &Indicator, s: &Scale, target: &str, actual: &str) -> String {
        let (Some(a), Some(t)) = (s.actual, s.target) else {
            return self.t("takeaway.progress_none", &[("target", target)]);
        };
        let key = if i.direction == Trend::Decrease {
            "takeaway.progress_down"
        } else if a > t {
            "takeaway.progress_past"
        } else if a == t {
            "takeaway.progress_met"
        } else {
            "takeaway.progress_short"
        };
        self.t(key, &[("actual", actual), ("target", target)])
    }

    /// "63% of planned, as reported", or "% of planned: n/a" for a word.
    fn percent_label(&self, v: Option<&Value>, shown: &str) -> String {
        let numeric = v
            .and_then(|v| v.percent.as_ref())
            .and_then(Figure::number)
            .is_some();
        let key = if numeric {
            "chart.percent_label"
        } else {
            "chart.percent_word"
        };
        self.t(key, &[("percent", shown)])
    }

    #[allow(clippy::too_many_arguments)]
    fn numeric_sketch(
        &self,
        i: &Indicator,
        scale: &Scale,
        v: Option<&Value>,
        target: &str,
        actual: &str,
        percent: Option<&str>,
        computed: Option<String>,
    ) -> Sketch {
        let mut c = Column::new(self.rtl());
        c.para(
            &self.t("chart.actual_label", &[("actual", actual)]),
            Ink::Bold,
            2,
        );
        if let Some(p) = percent {
            c.para(&self.percent_label(v, p), Ink::Normal, 2);
        }
        let y = c.y;
        let s = &mut c.sketch;
        s.rect(0.0, 100.0, y + 0.15, 1.2, palette::TRACK);
        if let Some(a) = scale.actual {
            let w = if a > 0.0 {
                pct(a, scale.max).max(0.6)
            } else {
                0.6
            };
            s.rect(0.0, w, y + 0.35, 0.8, palette::BLUE);
        }
        if let Some(b) = scale.baseline.filter(|b| *b > 0.0) {
            let bx = pct(b, scale.max);
            s.line((bx, y), (bx, y + 1.5), palette::MUTED, 2);
        }
        let mx = scale.target.map_or(100.0, |t| pct(t, scale.max));
        s.line((mx, y - 0.1), (mx, y + 1.6), palette::INK, 2);
        c.gap(LINE + 0.1);
        let label = self.t("chart.target_label", &[("target", target)]);
        // The target's name under its marker, kept inside the chart.
        let (x, anchor) = if mx + width_pct(&label) <= 100.0 {
            (mx, Anchor::Start)
        } else if mx - width_pct(&label) >= 0.0 {
            (mx, Anchor::End)
        } else {
            (0.0, Anchor::Start)
        };
        c.line_at(x, anchor, &label, Ink::Normal);
        if let Some(b) = &i.baseline {
            let baseline = self.indicator_figure(Some(&b.value), i);
            c.para(
                &self.t("takeaway.legend_baseline", &[("baseline", &baseline)]),
                Ink::Muted,
                2,
            );
        }
        if let Some(computed) = computed {
            c.para(
                &format!(
                    "⚠ {}",
                    self.t("chart.desc_differs", &[("computed", &computed)])
                ),
                Ink::Muted,
                3,
            );
        }
        if i.direction == Trend::Decrease {
            c.para(
                &format!("↓ {}", self.t("chart.way_from_baseline", &[])),
                Ink::Muted,
                3,
            );
        }
        c.finish()
    }

    fn milestone_sketch(
        &self,
        i: &Indicator,
        v: Option<&Value>,
        target: &str,
        actual: &str,
        percent: Option<&str>,
    ) -> (Sketch, String) {
        let stage = v
            .and_then(|v| v.actual.as_ref())
            .and_then(Figure::term)
            .and_then(|t| self.site.term(t))
            .and_then(|t| t.stage)
            .map(|s| i32::from(s.min(3)));
        let mut c = Column::new(self.rtl());
        c.para(
            &self.t("chart.reported_label", &[("actual", actual)]),
            Ink::Bold,
            2,
        );
        let target_text = match &i.target {
            None => self.t("chart.no_target", &[]),
            Some(_) => self.t("chart.target_label", &[("target", target)]),
        };
        c.para(&target_text, Ink::Normal, 2);
        if let Some(p) = percent {
            c.para(&self.percent_label(v, p), Ink::Normal, 2);
        }
        let cx = |k: i32| 12.5 + 25.0 * f64::from(k);
        let y = c.y + 0.9;
        c.sketch.line((cx(0), y), (cx(3), y), palette::MUTED, 2);
        if let Some(st) = stage.filter(|st| *st > 0) {
            c.sketch.line((cx(0), y), (cx(st), y), palette::BLUE, 4);
        }
        let mut names_end = y;
        for k in 0..4 {
            let done = stage.is_some_and(|st| k <= st);
            let current = stage == Some(k);
            let stroke = if current {
                palette::INK
            } else if done {
                palette::BLUE
            } else {
                palette::MUTED
            };
            let fill = if done { palette::BLUE } else { palette::PAPER };
            c.sketch.circle(
                (cx(k), y),
                if current { 0.55 } else { 0.4 },
                Some(fill),
                stroke,
            );
            let name = self.t(&format!("chart.stage{k}"), &[]);
            let ink = if current { Ink::Bold } else { Ink::Muted };
            // Each stage has a quarter of the width: its name wraps to fit it.
            for (n, line) in wrap(&name, 11, 3).iter().enumerate() {
                let ly = y + 1.9 + LINE * n as f64;
                c.sketch.text(cx(k), ly, Anchor::Middle, c.label(line), ink);
                names_end = names_end.max(ly);
            }
        }
        c.y = names_end + 0.5;
        let takeaway = match stage {
            Some(st) => self.t(
                "takeaway.milestone",
                &[
                    ("stage", &self.t(&format!("chart.stage{st}"), &[])),
                    ("n", &self.count(st as usize + 1)),
                    ("total", &self.count(4)),
                ],
            ),
            None => self.t("takeaway.milestone_none", &[("actual", actual)]),
        };
        (c.finish(), takeaway)
    }

    /// The breakdown of an indicator's actual: one bar per category (male, female…) on one
    /// scale. `None` without a breakdown.
    pub fn split(&self, i: &Indicator, v: &Value) -> Option<Result<Chart, String>> {
        let dim = self.site.dimension(i.disaggregation.as_deref()?)?;
        if v.breakdown.is_empty() {
            return None;
        }
        let id = self.id(&i.id);
        let kind = if i.kind == Kind::Percentage {
            Kind::Percentage
        } else {
            Kind::Count
        };
        let parts: Vec<(String, f64, String)> = v
            .breakdown
            .iter()
            .map(|(cat, n)| {
                let label = dim
                    .categories
                    .iter()
                    .find(|c| &c.id == cat)
                    .map_or_else(|| cat.clone(), |c| self.text(&c.label));
                (
                    label,
                    n.value(),
                    self.figure(Some(&Figure::Number(n.clone())), kind),
                )
            })
            .collect();
        let dim_label = self.text(&dim.label);
        let table = Table {
            caption: self.t(
                "chart.split_caption",
                &[("id", &id), ("dimension", &dim_label)],
            ),
            head: vec![dim_label.clone(), self.t("table.actual", &[])],
            rows: parts
                .iter()
                .map(|(l, _, f)| vec![l.clone(), f.clone()])
                .collect(),
        };
        let desc = parts
            .iter()
            .map(|(l, _, f)| format!("{l}: {f}"))
            .collect::<Vec<_>>()
            .join(self.list_separator());
        let largest = parts
            .iter()
            .filter(|p| p.1.is_finite())
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        let takeaway = self.t(
            "takeaway.split",
            &[("label", &largest.0), ("part", &largest.2)],
        );
        let rows: Vec<Row> = parts
            .iter()
            .enumerate()
            .map(|(k, (l, n, f))| Row {
                label: Some(l.clone()),
                bar: Some(*n),
                value: f.clone(),
                color: palette::SERIES[k % palette::SERIES.len()],
                marker: None,
            })
            .collect();
        let track = (kind == Kind::Percentage).then_some(100.0);
        let max = max_of(parts.iter().map(|p| p.1)).max(track.unwrap_or(0.0));
        let mut c = Column::new(self.rtl());
        c.bar_rows(&rows, max, track);
        let title = self.t(
            "chart.split_title",
            &[("id", &id), ("dimension", &dim_label)],
        );
        Some(self.finish("split", &i.id, &c.finish(), &title, &takeaway, &desc, table))
    }

    /// An indicator's actual over the reporting periods (`points`, oldest first, as
    /// [`crate::model::Site::history`] gives them), drawn over time with its target, its
    /// baseline and each period's own target: `None` with fewer than two reported values.
    pub fn history(
        &self,
        i: &Indicator,
        points: &[(&Period, &Value)],
    ) -> Option<Result<Chart, String>> {
        let numbers: Vec<f64> = points
            .iter()
            .filter_map(|(_, v)| v.actual.as_ref().and_then(Figure::number))
            .collect();
        if points.len() < 2 || numbers.is_empty() {
            return None;
        }
        let id = self.id(&i.id);
        let mut table_rows = Vec::new();
        let mut desc = Vec::new();
        if let Some(base) = &i.baseline {
            let value = self.indicator_figure(Some(&base.value), i);
            let label = self.t("chart.baseline", &[]);
            desc.push(format!("{label}: {value}"));
            table_rows.push(vec![label, value, self.t("chart.blank", &[])]);
        }
        for (p, v) in points {
            let label = self.text(&p.label);
            let actual = self.indicator_figure(v.actual.as_ref(), i);
            let percent = v
                .percent
                .as_ref()
                .map(|f| self.figure(Some(f), Kind::Percentage));
            desc.push(format!("{label}: {actual}"));
            table_rows.push(vec![
                label,
                actual,
                percent.unwrap_or_else(|| self.t("chart.blank", &[])),
            ]);
        }
        let mut desc = desc.join(self.list_separator());
        if i.direction == Trend::Decrease {
            desc.push_str(". ");
            desc.push_str(&self.t("chart.lower_is_better", &[]));
        }
        if let Some(t) = i.target.as_ref().filter(|t| t.number().is_some()) {
            desc.push_str(". ");
            desc.push_str(&self.t(
                "chart.desc_target",
                &[("target", &self.indicator_figure(Some(t), i))],
            ));
        }
        let table = Table {
            caption: self.t("chart.history_caption", &[("id", &id)]),
            head: vec![
                self.t("table.period", &[]),
                self.t("table.actual", &[]),
                self.t("table.percent", &[]),
            ],
            rows: table_rows,
        };
        let takeaway = self.history_takeaway(i, points);
        let sketch = self.history_sketch(i, points);
        let title = self.t("chart.history_title", &[("id", &id)]);
        Some(self.finish("history", &i.id, &sketch, &title, &takeaway, &desc, table))
    }

    /// "717 in January–March 2013, up from 154 in 2011": the last two reported numbers.
    fn history_takeaway(&self, i: &Indicator, points: &[(&Period, &Value)]) -> String {
        let reported: Vec<(&Period, &Value, f64)> = points
            .iter()
            .filter_map(|(p, v)| Some((*p, *v, v.actual.as_ref().and_then(Figure::number)?)))
            .collect();
        let shown = |p: &Period, v: &Value| {
            (
                self.indicator_figure(v.actual.as_ref(), i),
                self.text(&p.label),
            )
        };
        match reported.as_slice() {
            [.., (p0, v0, a0), (p1, v1, a1)] => {
                let key = if a1 > a0 {
                    "takeaway.history_up"
                } else if a1 < a0 {
                    "takeaway.history_down"
                } else {
                    "takeaway.history_same"
                };
                let ((actual, period), (previous, before)) = (shown(p1, v1), shown(p0, v0));
                self.t(
                    key,
                    &[
                        ("actual", &actual),
                        ("period", &period),
                        ("previous", &previous),
                        ("before", &before),
                    ],
                )
            }
            [(p, v, _)] => {
                let (actual, period) = shown(p, v);
                self.t(
                    "takeaway.history_one",
                    &[("actual", &actual), ("period", &period)],
                )
            }
            [] => String::new(),
        }
    }

    /// The plot over time: x by each period's end date, y from zero to the largest figure.
    fn history_sketch(&self, i: &Indicator, points: &[(&Period, &Value)]) -> Sketch {
        let t = i.target.as_ref().and_then(Figure::number);
        let b = i.baseline.as_ref().and_then(|b| b.value.number());
        let period_targets: Vec<Option<f64>> = points
            .iter()
            .map(|(_, v)| v.target.as_ref().and_then(Figure::number))
            .collect();
        let max = history_max(i, points, &period_targets);
        let mut c = Column::new(self.rtl());
        self.history_legend(&mut c, i, period_targets.iter().any(Option::is_some));
        let days: Vec<f64> = points.iter().map(|(p, _)| day(&p.end)).collect();
        let (d0, d1) = (days[0], days[days.len() - 1]);
        // Points from 6 % to 94 % of the width, so that their circles stay inside.
        let fx = |d: f64| {
            if d1 > d0 {
                0.06 + 0.88 * (d - d0) / (d1 - d0)
            } else {
                0.5
            }
        };
        let fy = |v: f64| 1.0 - pct(v, max) / 100.0;
        let plot_y = c.y + LINE;
        let mut plot = Plot {
            y: plot_y,
            h: 7.0,
            series: vec![level(1.0, palette::MUTED, 1)],
        };
        plot.series
            .extend(b.map(|b| level(fy(b), palette::MUTED, 2)));
        plot.series.extend(t.map(|t| level(fy(t), palette::INK, 2)));
        let actual: Vec<(usize, f64, f64)> = points
            .iter()
            .enumerate()
            .filter_map(|(k, (_, v))| {
                Some((
                    k,
                    fx(days[k]),
                    fy(v.actual.as_ref().and_then(Figure::number)?),
                ))
            })
            .collect();
        plot.series.push(Series {
            points: actual.iter().map(|(_, x, y)| (*x, *y)).collect(),
            color: palette::BLUE,
            width: 3,
        });
        let at = |x: f64, y: f64| plot.at(x, y);
        let mut marks = Sketch::new();
        for (k, pt) in period_targets.iter().enumerate() {
            if let Some(pt) = pt {
                marks.circle(at(fx(days[k]), fy(*pt)), 0.4, None, palette::INK);
            }
        }
        self.history_points(&mut marks, i, points, &actual, &at);
        let axis_y = plot_y + plot.h + 1.3;
        let xs: Vec<f64> = days.iter().map(|d| at(fx(*d), 1.0).0).collect();
        let lines = self.history_axis(&mut marks, points, &xs, axis_y);
        c.sketch.shapes.push(Shape::Plot(plot));
        c.sketch.shapes.extend(
            marks
                .shapes
                .into_iter()
                .map(|s| localize_shape(s, self.rtl())),
        );
        c.y = axis_y + LINE * (lines - 1) as f64 + 0.5;
        c.finish()
    }

    /// The reported figures on the plot: a circle at each of `actual`'s points (the index in
    /// `points`, and where on the plot), labelled with the figure where the label finds room.
    fn history_points(
        &self,
        marks: &mut Sketch,
        i: &Indicator,
        points: &[(&Period, &Value)],
        actual: &[(usize, f64, f64)],
        at: &dyn Fn(f64, f64) -> (f64, f64),
    ) {
        let mut taken: Vec<(f64, f64)> = Vec::new();
        for (k, x, y) in actual {
            let (px, py) = at(*x, *y);
            marks.circle((px, py), 0.35, Some(palette::BLUE), palette::BLUE);
            let value = self.indicator_figure(points[*k].1.actual.as_ref(), i);
            self.place_label(marks, &mut taken, px, py - 0.6, &value, Ink::Bold);
        }
    }

    /// The legend above the plot: what its lines and circles are.
    fn history_legend(&self, c: &mut Column, i: &Indicator, period_targets: bool) {
        if let Some(t) = &i.target.as_ref().filter(|t| t.number().is_some()) {
            let target = self.indicator_figure(Some(t), i);
            c.para(
                &self.t("takeaway.legend_target", &[("target", &target)]),
                Ink::Normal,
                2,
            );
        }
        if let Some(base) = i.baseline.as_ref().filter(|b| b.value.number().is_some()) {
            let baseline = self.indicator_figure(Some(&base.value), i);
            c.para(
                &self.t("takeaway.legend_baseline", &[("baseline", &baseline)]),
                Ink::Muted,
                2,
            );
        }
        if period_targets {
            c.para(
                &self.t("takeaway.legend_period_targets", &[]),
                Ink::Muted,
                2,
            );
        }
        if i.direction == Trend::Decrease {
            c.para(
                &format!("↓ {}", self.t("chart.lower_is_better", &[])),
                Ink::Muted,
                2,
            );
        }
    }

    /// The periods' names under the axis at `xs` %, wrapped on two lines; the latest and the
    /// first come first when there is not room for all. How many lines they take.
    fn history_axis(
        &self,
        marks: &mut Sketch,
        points: &[(&Period, &Value)],
        xs: &[f64],
        axis_y: f64,
    ) -> usize {
        // Periods under the axis, wrapped on two lines; the latest and the first come first
        // when there is not room for all.
        let mut taken = Vec::new();
        let last = points.len() - 1;
        let mut lines = 1;
        for k in std::iter::once(last).chain(0..last) {
            let px = xs[k];
            let name = wrap(&self.text(&points[k].0.label), 14, 2);
            let widest = name
                .iter()
                .max_by_key(|l| super::layout::visible(l))
                .cloned()
                .unwrap_or_default();
            if self.place_label(marks, &mut taken, px, axis_y, &widest, Ink::Normal) {
                lines = lines.max(name.len());
                let placed = marks.shapes.pop();
                if let Some(Shape::Text { x, anchor, .. }) = placed {
                    for (n, line) in name.iter().enumerate() {
                        let label = crate::charts::svg::Label {
                            text: line.clone(),
                            rtl: false,
                        };
                        marks.text(x, axis_y + LINE * n as f64, anchor, label, Ink::Normal);
                    }
                }
            }
        }
        lines
    }

    /// A label centred on `x` % (kept inside the chart), unless it would overlap one already
    /// placed on the same line (`taken`: their spans in %): the table has every figure. Whether
    /// it was placed (as the sketch's last shape).
    fn place_label(
        &self,
        s: &mut Sketch,
        taken: &mut Vec<(f64, f64)>,
        x: f64,
        y: f64,
        text: &str,
        ink: Ink,
    ) -> bool {
        let w = width_pct(text);
        let (from, anchor) = if x - w / 2.0 < 0.0 {
            (0.0, Anchor::Start)
        } else if x + w / 2.0 > 100.0 {
            (100.0 - w, Anchor::End)
        } else {
            (x - w / 2.0, Anchor::Middle)
        };
        let span = (from, from + w);
        if taken
            .iter()
            .any(|(a, b)| span.0 < b + 2.0 && *a < span.1 + 2.0)
        {
            return false;
        }
        taken.push(span);
        let x = match anchor {
            Anchor::Start => 0.0,
            Anchor::End => 100.0,
            Anchor::Middle => x,
        };
        s.text(
            x,
            y,
            anchor,
            crate::charts::svg::Label {
                text: text.to_owned(),
                rtl: false,
            },
            ink,
        );
        true
    }

    /// Every output's reported % side by side, for `period`.
    pub fn outputs(&self, period: &Period) -> Result<Chart, String> {
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        let mut desc = Vec::new();
        for o in &self.site.results.outputs {
            let id = self.id(&o.id);
            let f = period.output_progress.get(&o.id);
            let value = self.figure(f, Kind::Percentage);
            desc.push(format!("{id}: {value}"));
            table_rows.push(vec![format!("{id} {}", self.text(&o.title)), value.clone()]);
            rows.push(Row {
                label: Some(self.short_name(&o.id, &o.title)),
                bar: f.and_then(Figure::number),
                value,
                color: palette::BLUE,
                marker: None,
            });
        }
        let max = max_of(rows.iter().filter_map(|r| r.bar).chain([100.0]));
        let table = Table {
            caption: self.t("home.outputs_caption", &[]),
            head: vec![
                self.t("table.output", &[]),
                self.t("table.percent_reported", &[]),
            ],
            rows: table_rows,
        };
        let takeaway = self.done_takeaway("takeaway.outputs", &rows);
        let mut c = Column::new(self.rtl());
        c.bar_rows(&rows, max, Some(100.0));
        self.finish(
            "outputs",
            &period.id,
            &c.finish(),
            &self.t("chart.outputs_title", &[]),
            &takeaway,
            &desc.join(self.list_separator()),
            table,
        )
    }

    /// "3 of 11 indicators at 100% or more", counted with the language's plural forms.
    fn done_takeaway(&self, key: &str, rows: &[Row]) -> String {
        let done = rows
            .iter()
            .filter(|r| r.bar.is_some_and(|b| b >= 100.0))
            .count();
        let count = self.count(rows.len());
        self.tn(key, &count, &[("done", &self.count(done))])
    }

    /// The reported % of planned of every indicator of output `output`, for `period`; an
    /// indicator without a reported % has no bar, and its words say what was reported.
    pub fn output(&self, output: &Output, period: &Period) -> Result<Chart, String> {
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        let mut desc = Vec::new();
        for i in self.site.indicators_of(&output.id) {
            let id = self.id(&i.id);
            let v = period.value(&i.id);
            let f = v.and_then(|v| v.percent.as_ref());
            let (value, shown) = match (f, v) {
                (Some(f), _) => {
                    let p = self.figure(Some(f), Kind::Percentage);
                    (p.clone(), p)
                }
                (None, Some(v)) => {
                    let actual = self.indicator_figure(v.actual.as_ref(), i);
                    let words = self.t("takeaway.no_percent", &[("actual", &actual)]);
                    (actual, words)
                }
                (None, None) => {
                    let words = self.t("chart.not_reported", &[]);
                    (words.clone(), words)
                }
            };
            desc.push(format!("{id}: {shown}"));
            table_rows.push(vec![format!("{id} {}", self.text(&i.title)), value]);
            rows.push(Row {
                label: Some(self.short_name(&i.id, &i.title)),
                bar: f.and_then(Figure::number),
                value: shown,
                color: palette::BLUE,
                marker: None,
            });
        }
        let oid = self.id(&output.id);
        let max = max_of(rows.iter().filter_map(|r| r.bar).chain([100.0]));
        let table = Table {
            caption: self.t("output.indicators_caption", &[("id", &oid)]),
            head: vec![self.t("table.id", &[]), self.t("table.percent", &[])],
            rows: table_rows,
        };
        let takeaway = self.done_takeaway("takeaway.output", &rows);
        let mut c = Column::new(self.rtl());
        c.bar_rows(&rows, max, Some(100.0));
        self.finish(
            "output",
            &output.id,
            &c.finish(),
            &self.t("chart.output_title", &[("id", &oid)]),
            &takeaway,
            &desc.join(self.list_separator()),
            table,
        )
    }

    /// Committed and disbursed per organisation and in total, as the % of the approved budget
    /// the report gives; the approved amounts are named where the content gives them (none
    /// are derived).
    pub fn funds(&self, period: &Period) -> Option<Result<Chart, String>> {
        if period.funds.is_empty() {
            return None;
        }
        let lines = self.funds_lines(period);
        let max = max_of(lines.rows.iter().filter_map(|r| r.bar).chain([100.0]));
        let scale = self.funds_scale(period);
        let mut c = Column::new(self.rtl());
        c.para(&scale, Ink::Muted, 4);
        c.gap(0.3);
        c.bar_rows(&lines.rows, max, Some(100.0));
        let mut desc = lines.desc.join(". ");
        desc.push_str(". ");
        desc.push_str(&scale);
        let table = Table {
            caption: self.t("funds.caption", &[]),
            head: vec![
                self.t("funds.organisation", &[]),
                self.t("funds.committed", &[]),
                self.t("funds.committed_percent", &[]),
                self.t("funds.disbursed", &[]),
                self.t("funds.disbursed_percent", &[]),
            ],
            rows: lines.table_rows,
        };
        let takeaway = self.funds_takeaway(period);
        Some(self.finish(
            "funds",
            &period.id,
            &c.finish(),
            &self.t("chart.funds_title", &[]),
            &takeaway,
            &desc,
            table,
        ))
    }

    /// The funds chart's bars (committed and disbursed for each organisation and the total),
    /// with what its description and table say of each.
    fn funds_lines(&self, period: &Period) -> BarLines {
        let currency = &self.site.programme.currency;
        let mut lines = BarLines::default();
        let blank = self.t("chart.blank", &[]);
        let money = |n: Option<f64>| n.map(|n| self.fmt.money(n, currency));
        // Amounts mix a Latin symbol with the page's digits: isolated, they keep their order.
        let shown = |n: Option<f64>| money(n).map(|m| crate::i18n::isolate(&m));
        let pct_of = |n: Option<f64>| n.map(|n| self.fmt.percent(n));
        for f in &period.funds {
            let name = match &f.organisation {
                Some(id) => self
                    .site
                    .organisation(id)
                    .map_or_else(|| id.clone(), |o| o.acronym.clone()),
                None => self.t("funds.total", &[]),
            };
            let mut line = Vec::new();
            for (k, (key, amount, percent, color)) in [
                ("committed", f.committed, f.committed_percent, palette::BLUE),
                (
                    "disbursed",
                    f.disbursed,
                    f.disbursed_percent,
                    palette::GREEN,
                ),
            ]
            .into_iter()
            .enumerate()
            {
                let what = self.t(&format!("funds.{key}"), &[]);
                let value = match (pct_of(percent), shown(amount)) {
                    (Some(p), Some(m)) => format!("{what} {p}{dot}{m}", dot = self.dot()),
                    (Some(p), None) => format!("{what} {p}"),
                    (None, Some(m)) => format!("{what} {m}"),
                    (None, None) => format!("{what} {blank}"),
                };
                line.push(value.clone());
                lines.rows.push(Row {
                    label: (k == 0).then(|| name.clone()),
                    bar: percent,
                    value,
                    color,
                    marker: None,
                });
            }
            if let Some(a) = shown(f.approved) {
                line.insert(0, format!("{} {a}", self.t("funds.approved", &[])));
            }
            lines
                .desc
                .push(format!("{name}: {}", line.join(self.list_separator())));
            lines.table_rows.push(vec![
                name,
                money(f.committed).unwrap_or_else(|| blank.clone()),
                pct_of(f.committed_percent).unwrap_or_else(|| blank.clone()),
                money(f.disbursed).unwrap_or_else(|| blank.clone()),
                pct_of(f.disbursed_percent).unwrap_or_else(|| blank.clone()),
            ]);
        }
        lines
    }

    /// What the bars of the funds chart measure.
    fn funds_scale(&self, period: &Period) -> String {
        let currency = &self.site.programme.currency;
        match period.funds.iter().find(|f| f.organisation.is_none()) {
            Some(total) if total.approved.is_some() => {
                let approved = total.approved.map(|n| self.fmt.money(n, currency));
                self.t(
                    "chart.funds_scale_approved",
                    &[(
                        "approved",
                        &crate::i18n::isolate(&approved.unwrap_or_default()),
                    )],
                )
            }
            _ if period.funds.iter().any(|f| f.approved.is_some()) => {
                self.t("chart.funds_scale_some", &[])
            }
            _ => self.t("chart.funds_scale", &[]),
        }
    }

    /// "In total, 51.6% of the approved budget is committed and 40% disbursed."
    fn funds_takeaway(&self, period: &Period) -> String {
        let total = period
            .funds
            .iter()
            .find(|f| f.organisation.is_none())
            .or_else(|| period.funds.first());
        let blank = self.t("chart.blank", &[]);
        let p = |n: Option<f64>| n.map_or_else(|| blank.clone(), |n| self.fmt.percent(n));
        match total {
            Some(f) if f.committed_percent.is_some() || f.disbursed_percent.is_some() => self.t(
                "takeaway.funds",
                &[
                    ("committed", &p(f.committed_percent)),
                    ("disbursed", &p(f.disbursed_percent)),
                ],
            ),
            _ => self.t("takeaway.funds_none", &[]),
        }
    }

    /// Direct beneficiaries (men, women): actual against target, with the reported %.
    pub fn people(&self, period: &Period) -> Option<Result<Chart, String>> {
        if period.beneficiaries.is_empty() {
            return None;
        }
        let (lines, reached) = self.people_lines(period);
        let max = max_of(lines.rows.iter().flat_map(|r| [r.bar, r.marker]).flatten());
        let table = Table {
            caption: self.t("beneficiaries.caption", &[]),
            head: vec![
                self.t("beneficiaries.group", &[]),
                self.t("table.target", &[]),
                self.t("table.actual", &[]),
                self.t("table.percent", &[]),
            ],
            rows: lines.table_rows,
        };
        let mut desc = lines.desc.join(". ");
        desc.push_str(". ");
        desc.push_str(&self.t("chart.marker_is_target", &[]));
        let takeaway = if reached.is_empty() {
            self.t("takeaway.people_none", &[])
        } else {
            self.t(
                "takeaway.people",
                &[("list", &reached.join(self.list_separator()))],
            )
        };
        let mut c = Column::new(self.rtl());
        c.para(&self.t("chart.marker_is_target", &[]), Ink::Muted, 3);
        c.gap(0.3);
        c.bar_rows(&lines.rows, max, None);
        Some(self.finish(
            "people",
            &period.id,
            &c.finish(),
            &self.t("chart.people_title", &[]),
            &takeaway,
            &desc,
            table,
        ))
    }

    /// The beneficiaries chart's bars, one for each group, with what its description and table
    /// say of each; and "GROUP PERCENT" for each group with a reported %.
    fn people_lines(&self, period: &Period) -> (BarLines, Vec<String>) {
        let mut lines = BarLines::default();
        let mut reached = Vec::new();
        for (k, b) in period.beneficiaries.iter().enumerate() {
            let label = self.text(&b.label);
            let target = self.figure(b.target.as_ref(), Kind::Count);
            let actual = self.figure(b.actual.as_ref(), Kind::Count);
            let percent = self.figure(b.percent.as_ref(), Kind::Percentage);
            let t = b.target.as_ref().and_then(Figure::number);
            let mut value = match (t, &b.target) {
                (Some(_), _) => self.t(
                    "chart.of_target",
                    &[("actual", &actual), ("target", &target)],
                ),
                (None, Some(_)) => format!(
                    "{actual}{}{}",
                    self.dot(),
                    self.t("chart.target_label", &[("target", &target)])
                ),
                (None, None) => format!(
                    "{actual}{}{}",
                    self.dot(),
                    self.t("chart.no_target_short", &[])
                ),
            };
            if b.percent.as_ref().and_then(Figure::number).is_some() {
                value = format!("{value}{}{percent}", self.dot());
                reached.push(format!("{label} {percent}"));
            }
            lines.desc.push(format!("{label}: {value}"));
            lines
                .table_rows
                .push(vec![label.clone(), target, actual, percent]);
            let bar = b.actual.as_ref().and_then(Figure::number);
            lines.rows.push(Row {
                label: Some(label),
                bar,
                value,
                color: palette::SERIES[k % palette::SERIES.len()],
                marker: t.filter(|_| bar.is_some()),
            });
        }
        (lines, reached)
    }

    /// The separator between two figures of one item: a middle dot, which beside Arabic-Indic
    /// digits reads as the digit zero, so the Arabic comma in right-to-left languages.
    fn dot(&self) -> &'static str {
        if self.rtl() {
            "، "
        } else {
            " · "
        }
    }

    /// The separator between items of a list in a description (the Arabic comma in Arabic script).
    fn list_separator(&self) -> &'static str {
        if self.rtl() {
            "، "
        } else {
            "; "
        }
    }
}

/// The top of the history plot: 5 % above the largest of its figures, targets and baseline
/// (and of 100 for a percentage).
fn history_max(i: &Indicator, points: &[(&Period, &Value)], period_targets: &[Option<f64>]) -> f64 {
    let t = i.target.as_ref().and_then(Figure::number);
    let b = i.baseline.as_ref().and_then(|b| b.value.number());
    let floor = if i.kind == Kind::Percentage {
        100.0
    } else {
        0.0
    };
    max_of(
        points
            .iter()
            .filter_map(|(_, v)| v.actual.as_ref().and_then(Figure::number))
            .chain(period_targets.iter().flatten().copied())
            .chain([floor, t.unwrap_or(0.0), b.unwrap_or(0.0)]),
    ) * 1.05
}

/// A bar chart's rows, with what its description and its table say of each.
#[derive(Default)]
struct BarLines {
    rows: Vec<Row>,
    table_rows: Vec<Vec<String>>,
    desc: Vec<String>,
}

/// A level across the whole plot (`y` as a fraction of its height, from the top).
fn level(y: f64, color: crate::charts::svg::Rgb, width: u32) -> Series {
    Series {
        points: vec![(0.0, y), (1.0, y)],
        color,
        width,
    }
}

/// A date as a count of days, to space periods over time.
fn day(d: &crate::model::Date) -> f64 {
    d.days_since_epoch() as f64
}

/// A shape whose text is marked as right to left when the page is.
fn localize_shape(mut s: Shape, rtl: bool) -> Shape {
    if let Shape::Text { label, .. } = &mut s {
        label.rtl = rtl;
    }
    s
}

/// Width of the progress glyph, in CSS pixels.
pub const GLYPH_WIDTH: i32 = 60;

/// How much of the glyph `percent` fills (0 to [`GLYPH_WIDTH`]; above 100 % fills it all).
pub fn glyph_fill(percent: f64) -> i32 {
    (pct(percent.max(0.0), 100.0) / 100.0 * f64::from(GLYPH_WIDTH)).round() as i32
}

/// A small progress bar for tables and lists: a decorative `<svg>` (`aria-hidden`, the figure is
/// printed beside it) filled to `fill` pixels from the start edge (see [`glyph_fill`]): glyphs
/// are few, so callers may keep all of them.
pub fn glyph_filled(fill: i32, rtl: bool) -> String {
    let (w, h) = (GLYPH_WIDTH, 10);
    let fill = fill.clamp(0, w);
    let bar = if fill > 0 {
        let x = if rtl { w - fill } else { 0 };
        format!(
            "<rect x=\"{x}\" width=\"{fill}\" height=\"{h}\" fill=\"{}\"/>",
            palette::BLUE.hex()
        )
    } else {
        String::new()
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
aria-hidden=\"true\" focusable=\"false\" class=\"chart-glyph\"><rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>{bar}</svg>",
        palette::TRACK.hex()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testing::fixture;
    use crate::i18n::UiStrings;
    use crate::model::Site;

    const BLUE: &str = "#0072B2";

    fn painter<'a>(site: &'a Site, ui: &'a UiStrings, lang: &str) -> Painter<'a> {
        Painter::new(site, site.config.language(lang).unwrap(), ui)
    }

    fn current(site: &Site) -> &Period {
        site.current_period().unwrap()
    }

    fn progress(site: &Site, ui: &UiStrings, lang: &str, id: &str) -> Chart {
        let p = painter(site, ui, lang);
        let i = site.indicator(id).unwrap();
        p.progress(i, current(site).value(id)).unwrap()
    }

    /// (x, width) in % of every rect filled with `fill`.
    fn rects(svg: &str, fill: &str) -> Vec<(f64, f64)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(fill))
            .map(|n| {
                let a = |k| {
                    let v = n.attribute(k).unwrap_or("0");
                    v.trim_end_matches('%').parse::<f64>().unwrap()
                };
                (a("x"), a("width"))
            })
            .collect()
    }

    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").to_owned())
            .collect()
    }

    fn desc(svg: &str) -> String {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let d = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        d.text().unwrap().to_owned()
    }

    #[test]
    fn a_capped_percentage_is_shown_as_reported_with_the_computed_one() {
        let (site, ui) = fixture();
        let c = progress(&site, &ui, "en", "1.1.2");
        let d = desc(&c.svg);
        assert!(d.starts_with(&c.takeaway), "{d}");
        assert_eq!(c.takeaway, "498, past the target of 340.");
        assert!(d.contains("Target: 340."), "{d}");
        assert!(d.contains("100% of planned, as reported"), "{d}");
        assert!(d.contains("146.5%"), "{d}");
        // 498 is past the target: the bar fills the scale and the target marker sits at 340/498.
        assert_eq!(rects(&c.svg, BLUE), vec![(0.0, 100.0)]);
        assert!(c.svg.contains(&format!(
            "x1=\"{}%\"",
            crate::charts::svg::num(pct(340.0, 498.0))
        )));
        let html = c.to_html();
        assert!(html.contains("<figcaption class=\"chart-takeaway\">498, past"));
        assert!(html.contains("<td class=\"num\"><bdi>498</bdi></td>"));
    }

    #[test]
    fn without_a_number_to_measure_against_there_is_no_chart_and_words_say_so() {
        let (site, ui) = fixture();
        let tbd = progress(&site, &ui, "en", "1.1.3");
        assert!(tbd.svg.is_empty(), "no chart without a numeric target");
        assert!(
            tbd.takeaway.contains("“tbd by IHEC”, not a number"),
            "{}",
            tbd.takeaway
        );
        assert!(tbd
            .to_html()
            .starts_with("<p class=\"chart-words chart-progress\">No chart"));
        let blank = progress(&site, &ui, "en", "1.1.4");
        assert!(blank.svg.is_empty());
        assert!(
            blank.takeaway.contains("sets no target"),
            "{}",
            blank.takeaway
        );
        let ar = progress(&site, &ui, "ar", "1.1.3");
        assert!(ar.takeaway.starts_with("لا رسم بياني"), "{}", ar.takeaway);
    }

    #[test]
    fn milestones_show_their_stage() {
        let (site, ui) = fixture();
        let c = progress(&site, &ui, "en", "1.1.1");
        let doc = roxmltree::Document::parse(&c.svg).unwrap();
        let filled = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some(BLUE))
            .count();
        assert_eq!(filled, 2, "not yet initiated and initiated are passed");
        let t = texts(&c.svg);
        assert!(t.contains(&"Reported: Initiated".to_owned()), "{t:?}");
        assert!(
            t.contains(&"25% of planned, as reported".to_owned()),
            "{t:?}"
        );
        assert!(t.contains(&"Target: Yes".to_owned()), "{t:?}");
        assert_eq!(c.takeaway, "Initiated: stage 2 of 4.");
    }

    #[test]
    fn bars_carry_names_and_a_bar_shows_the_figure_printed_with_it() {
        let (site, ui) = fixture();
        let p = painter(&site, &ui, "en");
        let outputs = p.outputs(current(&site)).unwrap();
        let t = texts(&outputs.svg);
        assert!(t.iter().any(|l| l == "1.1 Output one one"), "{t:?}");
        let o = p
            .output(site.output("1.1").unwrap(), current(&site))
            .unwrap();
        let t = texts(&o.svg);
        assert!(
            t.iter().any(|l| l.starts_with("1.1.2 Number of people")),
            "{t:?}"
        );
        // 1.1.3 reports no % of planned: its row prints why and has no bar.
        assert!(
            t.iter().any(|l| l.starts_with("no % of planned reported")),
            "{t:?}"
        );
        let bars = rects(&o.svg, BLUE).len();
        let with_percent = site
            .indicators_of("1.1")
            .filter(|i| {
                current(&site)
                    .value(&i.id)
                    .and_then(|v| v.percent.as_ref())
                    .and_then(Figure::number)
                    .is_some()
            })
            .count();
        assert_eq!(bars, with_percent);
        assert!(o
            .takeaway
            .ends_with("indicators reported at 100% of planned or more."));
    }

    #[test]
    fn right_to_left_bars_grow_from_the_right_edge() {
        let (site, ui) = fixture();
        let period = current(&site);
        let en = painter(&site, &ui, "en").outputs(period).unwrap();
        let ar = painter(&site, &ui, "ar").outputs(period).unwrap();
        let (en_bars, ar_bars) = (rects(&en.svg, BLUE), rects(&ar.svg, BLUE));
        assert_eq!(en_bars.len(), 2);
        assert_eq!(en_bars.len(), ar_bars.len());
        for ((ex, ew), (ax, aw)) in en_bars.iter().zip(&ar_bars) {
            assert_eq!(*ex, 0.0, "LTR bars start at the left edge");
            assert_eq!(ew, aw);
            assert!(
                (ax + aw - 100.0).abs() < 0.01,
                "RTL bars start at the right"
            );
        }
        let doc = roxmltree::Document::parse(&ar.svg).unwrap();
        let first = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
        assert_eq!(first.attribute("text-anchor"), Some("end"));
        assert_eq!(first.attribute("x"), Some("100%"));
    }

    #[test]
    fn arabic_charts_use_arabic_digits_and_isolate_every_label() {
        let (site, ui) = fixture();
        let period = current(&site);
        let p = painter(&site, &ui, "ar");
        let i = site.indicator("1.1.2").unwrap();
        let charts = [
            p.outputs(period).unwrap(),
            p.progress(i, period.value("1.1.2")).unwrap(),
            p.split(i, period.value("1.1.2").unwrap()).unwrap().unwrap(),
            p.history(i, &site.history("1.1.2").collect::<Vec<_>>())
                .unwrap()
                .unwrap(),
            p.people(period).unwrap().unwrap(),
            p.output(site.output("1.1").unwrap(), period).unwrap(),
        ];
        for c in &charts {
            let doc = roxmltree::Document::parse(&c.svg).unwrap();
            let root = doc.root_element();
            assert_eq!(
                root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                Some("ar")
            );
            assert_eq!(root.attribute("direction"), Some("ltr"));
            assert!(
                !c.takeaway.chars().any(|c| c.is_ascii_digit()),
                "{}",
                c.takeaway
            );
            for t in texts(&c.svg) {
                assert!(
                    t.starts_with('\u{2067}') && t.ends_with('\u{2069}'),
                    "{} label not isolated: {t:?}",
                    c.kind
                );
                // Words in English stand in for missing Arabic interface strings; figures do not.
                assert!(
                    !t.chars().any(|c| c.is_ascii_digit()),
                    "{} label with Latin digits: {t:?}",
                    c.kind
                );
            }
        }
        let outputs = texts(&charts[0].svg);
        assert!(
            outputs.contains(&"\u{2067}٧٢٫٥٪\u{2069}".to_owned()),
            "{outputs:?}"
        );
        assert!(
            outputs.iter().any(|l| l.starts_with("\u{2067}١.٢ ")),
            "{outputs:?}"
        );
    }

    #[test]
    fn breakdown_history_people_and_funds() {
        let (site, ui) = fixture();
        let period = current(&site);
        let p = painter(&site, &ui, "en");
        let i = site.indicator("1.1.2").unwrap();
        let split = p.split(i, period.value("1.1.2").unwrap()).unwrap().unwrap();
        let segs = rects(&split.svg, BLUE);
        assert_eq!(segs[0], (0.0, 100.0), "male 468 is the longest bar");
        assert!(desc(&split.svg).ends_with("Male: 468; Female: 30"));
        assert_eq!(split.takeaway, "The largest part is Male: 468.");

        let history = p
            .history(i, &site.history("1.1.2").collect::<Vec<_>>())
            .unwrap()
            .unwrap();
        assert_eq!(history.table.rows.len(), 2);
        assert_eq!(
            history.takeaway,
            "498 in January–March 2013, up from 154 in 2012."
        );
        assert!(desc(&history.svg).ends_with("2012: 154; January–March 2013: 498. Target: 340."));
        let doc = roxmltree::Document::parse(&history.svg).unwrap();
        let lines = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .count();
        assert_eq!(lines, 3, "axis, target and actual, drawn by plotters");
        assert!(texts(&history.svg).contains(&"Dark line: the target, 340".to_owned()));
        let once: Vec<_> = site.history("1.1.3").collect();
        assert_eq!(once.len(), 1);
        assert!(p.history(site.indicator("1.1.3").unwrap(), &once).is_none());

        let people = p.people(period).unwrap().unwrap();
        let d = desc(&people.svg);
        assert!(d.contains("Men: 1,459 of 1,471 · 99%"), "{d}");
        assert!(d.contains("Women: 120 · Target: tbd by IHEC."), "{d}");
        assert_eq!(
            people.takeaway,
            "Reached, as a share of the target: Men 99%."
        );

        let funds = p.funds(period).unwrap().unwrap();
        let d = desc(&funds.svg);
        assert!(
            d.contains("UNDP: Committed 41% · \u{2068}US$5,848,841.07\u{2069}"),
            "{d}"
        );
        assert!(d.contains("does not print the approved amounts"), "{d}");
        // One committed bar per row group, drawn to the reported % of approved.
        let committed = rects(&funds.svg, BLUE);
        assert_eq!(committed.len(), 3);
        assert_eq!(committed[0], (0.0, 41.0));
    }

    #[test]
    fn charts_are_byte_identical_when_drawn_again() {
        let (site, ui) = fixture();
        let period = current(&site);
        let draw = || {
            let p = painter(&site, &ui, "ar");
            let i = site.indicator("1.1.2").unwrap();
            [
                p.progress(i, period.value("1.1.2")).unwrap().to_html(),
                p.funds(period).unwrap().unwrap().to_html(),
                p.history(i, &site.history("1.1.2").collect::<Vec<_>>())
                    .unwrap()
                    .unwrap()
                    .to_html(),
                p.output(site.output("1.1").unwrap(), period)
                    .unwrap()
                    .to_html(),
            ]
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn the_glyph_fills_from_the_start_edge() {
        let ltr = glyph_filled(glyph_fill(25.0), false);
        let rtl = glyph_filled(glyph_fill(25.0), true);
        let px = |svg: &str| -> Vec<(f64, f64)> { rects(svg, BLUE) };
        assert_eq!(px(&ltr), vec![(0.0, 15.0)]);
        assert_eq!(px(&rtl), vec![(45.0, 15.0)]);
        assert_eq!(
            px(&glyph_filled(glyph_fill(146.5), false)),
            vec![(0.0, 60.0)]
        );
        assert!(px(&glyph_filled(glyph_fill(0.0), false)).is_empty());
        assert!(ltr.contains("aria-hidden=\"true\""));
    }
}
