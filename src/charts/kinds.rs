//! One function per chart kind, over typed model data: indicator progress (numeric and
//! milestone), breakdown (male/female split), history, outputs overview, funds, people, and the
//! small progress glyph for tables.
//!
//! Figures are drawn as reported. A target that is a word or left blank is labelled as such and
//! never drawn as zero; a reported percentage that disagrees with actual ÷ target is printed as
//! reported, with the model's flag.

use super::svg::{palette, Anchor, FontSize, Rgb, Sketch};
use super::{Chart, Painter, Table};
use crate::model::{Figure, Flag, Indicator, Kind, Output, Period, Trend, Value};

/// Width of every chart, in SVG user units (it scales down on narrow screens).
const W: i32 = 600;
/// Margin at both ends of a line.
const PAD: i32 = 8;
/// Height of a row of bar charts.
const ROW: i32 = 26;

/// The x of `v` on a scale from `x0` (zero) to `x1` (`max`).
fn scale(v: f64, max: f64, x0: i32, x1: i32) -> i32 {
    if max.is_nan() || max <= 0.0 || !v.is_finite() {
        return x0;
    }
    let f = (v / max).clamp(0.0, 1.0);
    x0 + (f64::from(x1 - x0) * f).round() as i32
}

/// One bar of a bar-rows chart.
struct Row {
    /// Heading at the start of the row (none for a second bar of the same group).
    label: Option<String>,
    /// The bar's value, when it has a number.
    bar: Option<f64>,
    /// The value printed after the bar.
    value: String,
    /// The bar's colour.
    color: Rgb,
    /// A target marked on the row.
    marker: Option<f64>,
}

/// Horizontal bars, one per row, from the start edge; labels at the start, values after the
/// bars. `track` draws the scale's background up to that value (100 % for percentages).
fn bar_rows(
    rows: &[Row],
    max: f64,
    label_w: i32,
    value_w: i32,
    track: Option<f64>,
    top: i32,
) -> Sketch {
    // Room for the longest label (about 8 px a character at 14 px, generous for Arabic script),
    // never more than two fifths of the chart, so translated labels do not run into the bars.
    let longest = rows
        .iter()
        .filter_map(|r| r.label.as_ref())
        .map(|l| l.chars().filter(|c| !is_isolate(*c)).count())
        .max()
        .unwrap_or(0);
    let label_w = label_w.max(longest as i32 * 8 + 8).min(W * 2 / 5);
    let groups = rows.iter().filter(|r| r.label.is_some()).count() as i32;
    let height = top + rows.len() as i32 * ROW + (groups - 1).max(0) * 6 + PAD;
    let mut s = Sketch::new(W, height);
    let (x0, x1) = (PAD + label_w, W - PAD - value_w);
    let mut y = top;
    for (n, row) in rows.iter().enumerate() {
        if n > 0 && row.label.is_some() {
            y += 6;
        }
        let mid = y + ROW / 2;
        if let Some(label) = &row.label {
            s.text(
                PAD,
                mid,
                Anchor::Start,
                super::svg::Label {
                    text: label.clone(),
                    rtl: false,
                },
                FontSize::Normal,
            );
        }
        let track_end = track.map_or(x0, |t| scale(t, max, x0, x1));
        if track.is_some() {
            s.rect(x0, mid - 8, track_end - x0, 16, palette::TRACK);
        }
        let end = row.bar.map_or(x0, |v| scale(v, max, x0, x1));
        if let Some(v) = row.bar {
            // A reported zero still shows a sliver, so that it reads as "zero", not "missing".
            let w = if v > 0.0 { (end - x0).max(2) } else { 2 };
            s.rect(x0, mid - 7, w, 14, row.color);
        }
        // Values follow the bar, the target marker and the track, whichever ends last.
        let mut after = end.max(track_end);
        if let Some(m) = row.marker {
            let mx = scale(m, max, x0, x1);
            s.line((mx, mid - 11), (mx, mid + 11), palette::INK, 2);
            after = after.max(mx);
        }
        s.text(
            after + 6,
            mid,
            Anchor::Start,
            super::svg::Label {
                text: row.value.clone(),
                rtl: false,
            },
            FontSize::Normal,
        );
        y += ROW;
    }
    s
}

/// Is `c` a bidi isolate or mark, which takes no room?
fn is_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Marks every label of a sketch as right to left when the painter's language is.
fn localize(p: &Painter<'_>, mut s: Sketch) -> Sketch {
    for shape in &mut s.shapes {
        if let super::svg::Shape::Text { label, .. } = shape {
            label.rtl = p.rtl();
        }
    }
    s
}

fn max_of(values: impl IntoIterator<Item = f64>) -> f64 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

impl Painter<'_> {
    /// The indicator's id in the page's digits.
    fn id(&self, id: &str) -> String {
        self.fmt.digits(id)
    }

    /// Progress of an indicator in one period: actual against target with the reported %, or
    /// for milestones the status on the scale not yet initiated → completed.
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
        let mut desc = vec![
            match &i.target {
                None => self.t("chart.no_target", &[]),
                Some(_) => self.t("chart.desc_target", &[("target", &target)]),
            },
            self.t("chart.desc_actual", &[("actual", &actual)]),
        ];
        if let Some(p) = &percent {
            desc.push(self.t("chart.desc_percent", &[("percent", p)]));
        }
        if let Some(b) = &i.baseline {
            let baseline = self.indicator_figure(Some(&b.value), i);
            desc.push(self.t("chart.desc_baseline", &[("baseline", &baseline)]));
        }
        if i.direction == Trend::Decrease {
            desc.push(self.t("chart.lower_is_better", &[]) + ".");
        }
        let computed = v.into_iter().flat_map(|v| &v.flags).find_map(|f| match f {
            Flag::PercentDiffers { computed, .. } => {
                Some(self.fmt.percent((computed * 10.0).round() / 10.0))
            }
            _ => None,
        });
        if let Some(c) = &computed {
            desc.push(self.t("chart.desc_differs", &[("computed", c)]));
        }
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
        let sketch = if i.kind == Kind::Milestone {
            self.milestone_sketch(i, v, &target, &actual, percent.as_deref())
        } else {
            self.numeric_sketch(i, v, &target, &actual, percent.as_deref(), computed)
        };
        self.finish(
            "progress",
            &i.id,
            &localize(self, sketch),
            &self.t("chart.progress_title", &[("id", &id)]),
            &desc.join(" "),
            table,
        )
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

    fn numeric_sketch(
        &self,
        i: &Indicator,
        v: Option<&Value>,
        target: &str,
        actual: &str,
        percent: Option<&str>,
        computed: Option<String>,
    ) -> Sketch {
        let t = v
            .and_then(|v| v.target.as_ref())
            .or(i.target.as_ref())
            .and_then(Figure::number);
        let a = v.and_then(|v| v.actual.as_ref()).and_then(Figure::number);
        let b = i.baseline.as_ref().and_then(|b| b.value.number());
        let down = i.direction == Trend::Decrease;
        // For a decrease the bar is the way covered from the baseline down towards the target:
        // a value short of the target never draws past it. Without a baseline the way is
        // unknown and no bar is drawn.
        let (t, a, b) = match (down, b) {
            (false, _) => (t, a, b),
            (true, Some(b)) => (t.map(|t| b - t), a.map(|a| (b - a).max(0.0)), None),
            (true, None) => (None, None, None),
        };
        let floor = if i.kind == Kind::Percentage && !down {
            100.0
        } else {
            0.0
        };
        let max = max_of([floor, t.unwrap_or(0.0), a.unwrap_or(0.0), b.unwrap_or(0.0)]);
        let cue = if down { 20 } else { 0 };
        let height = if computed.is_some() { 96 } else { 76 } + cue;
        let mut s = Sketch::new(W, height);
        let (x0, x1) = (PAD, W - PAD);
        let l = |text: String| self.label(text);
        if down {
            s.muted(
                x0,
                height - 8,
                Anchor::Start,
                l(format!("↓ {}", self.t("chart.lower_is_better", &[]))),
            );
        }
        match t {
            Some(t) => {
                s.rect(x0, 24, x1 - x0, 24, palette::TRACK);
                if let Some(a) = a {
                    let w = if a > 0.0 {
                        (scale(a, max, x0, x1) - x0).max(2)
                    } else {
                        2
                    };
                    s.rect(x0, 28, w, 16, palette::BLUE);
                }
                if let Some(b) = b.filter(|b| *b > 0.0) {
                    let bx = scale(b, max, x0, x1);
                    s.line((bx, 20), (bx, 52), palette::MUTED, 2);
                }
                let mx = scale(t, max, x0, x1);
                s.line((mx, 18), (mx, 54), palette::INK, 2);
                let anchor = if mx > W / 2 {
                    Anchor::End
                } else {
                    Anchor::Start
                };
                s.text(
                    mx,
                    10,
                    anchor,
                    l(self.t("chart.target_label", &[("target", target)])),
                    FontSize::Small,
                );
            }
            None => {
                // Without a number to measure against there is no bar: a full bar would read as
                // "done", an empty one as "nothing". The track says why it is empty.
                s.outlined(x0, 24, x1 - x0, 24, palette::PAPER, palette::MUTED);
                let text = match &i.target {
                    None => self.t("chart.no_target", &[]),
                    Some(_) if down && i.target.as_ref().and_then(Figure::number).is_some() => {
                        self.t("chart.no_baseline", &[("target", target)])
                    }
                    Some(_) => self.t("chart.target_word", &[("target", target)]),
                };
                s.text(x0 + 8, 36, Anchor::Start, l(text), FontSize::Small);
            }
        }
        s.bold(
            x0,
            64,
            Anchor::Start,
            l(self.t("chart.actual_label", &[("actual", actual)])),
        );
        if let Some(p) = percent {
            s.text(
                x1,
                64,
                Anchor::End,
                l(self.percent_label(v, p)),
                FontSize::Normal,
            );
        }
        if let Some(c) = computed {
            s.muted(
                x0,
                86,
                Anchor::Start,
                l(format!(
                    "⚠ {}",
                    self.t("chart.desc_differs", &[("computed", &c)])
                )),
            );
        }
        s
    }

    fn milestone_sketch(
        &self,
        i: &Indicator,
        v: Option<&Value>,
        target: &str,
        actual: &str,
        percent: Option<&str>,
    ) -> Sketch {
        let stage = v
            .and_then(|v| v.actual.as_ref())
            .and_then(Figure::term)
            .and_then(|t| self.site.term(t))
            .and_then(|t| t.stage)
            .map(|s| i32::from(s.min(3)));
        let mut s = Sketch::new(W, 96);
        let (x0, x1) = (PAD, W - PAD);
        let l = |text: String| self.label(text);
        let target_text = match &i.target {
            None => self.t("chart.no_target", &[]),
            Some(_) => self.t("chart.target_label", &[("target", target)]),
        };
        s.text(x0, 10, Anchor::Start, l(target_text), FontSize::Small);
        if let Some(p) = percent {
            s.text(
                x1,
                10,
                Anchor::End,
                l(self.percent_label(v, p)),
                FontSize::Small,
            );
        }
        let margin = 64;
        let cx = |k: i32| x0 + margin + k * (x1 - x0 - 2 * margin) / 3;
        s.line((cx(0), 38), (cx(3), 38), palette::MUTED, 2);
        if let Some(st) = stage {
            if st > 0 {
                s.line((cx(0), 38), (cx(st), 38), palette::BLUE, 4);
            }
        }
        for k in 0..4 {
            let done = stage.is_some_and(|st| k <= st);
            let current = stage == Some(k);
            s.circle(
                cx(k),
                38,
                if current { 10 } else { 7 },
                Some(if done { palette::BLUE } else { palette::PAPER }),
                if current {
                    palette::INK
                } else if done {
                    palette::BLUE
                } else {
                    palette::MUTED
                },
            );
            let name = self.t(&format!("chart.stage{k}"), &[]);
            if current {
                s.bold(cx(k), 62, Anchor::Middle, l(name));
            } else {
                s.muted(cx(k), 62, Anchor::Middle, l(name));
            }
        }
        s.bold(
            x0,
            86,
            Anchor::Start,
            l(self.t("chart.reported_label", &[("actual", actual)])),
        );
        s
    }

    /// The breakdown of an indicator's actual: a split bar (male/female) when the parts add up
    /// to the total, else one bar per category. `None` without a breakdown.
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
        let sum: f64 = parts.iter().map(|(_, n, _)| n.max(0.0)).sum();
        let sketch = if dim.sums_to_total && sum > 0.0 {
            let mut s = Sketch::new(W, 64);
            let (x0, x1) = (PAD, W - PAD);
            let mut acc = 0.0;
            for (k, (_, n, _)) in parts.iter().enumerate() {
                let a = scale(acc, sum, x0, x1);
                acc += n.max(0.0);
                let b = scale(acc, sum, x0, x1);
                let gap = if k > 0 { 2 } else { 0 };
                s.rect(
                    a + gap,
                    6,
                    b - a - gap,
                    24,
                    palette::SERIES[k % palette::SERIES.len()],
                );
            }
            let step = (x1 - x0) / parts.len().max(1) as i32;
            for (k, (l, _, f)) in parts.iter().enumerate() {
                let lx = x0 + k as i32 * step;
                s.rect(lx, 42, 12, 12, palette::SERIES[k % palette::SERIES.len()]);
                s.text(
                    lx + 18,
                    48,
                    Anchor::Start,
                    self.label(format!("{l}: {f}")),
                    FontSize::Normal,
                );
            }
            s
        } else {
            let max = max_of(parts.iter().map(|p| p.1));
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
            localize(
                self,
                bar_rows(&rows, max.max(track.unwrap_or(0.0)), 150, 90, track, 4),
            )
        };
        Some(self.finish(
            "split",
            &i.id,
            &sketch,
            &self.t(
                "chart.split_title",
                &[("id", &id), ("dimension", &dim_label)],
            ),
            &desc,
            table,
        ))
    }

    /// An indicator's actual over the reporting periods (`points`, oldest first, as
    /// [`crate::model::Site::history`] gives them), with its target marked: `None` with fewer
    /// than two reported values.
    pub fn history(
        &self,
        i: &Indicator,
        points: &[(&Period, &Value)],
    ) -> Option<Result<Chart, String>> {
        if points.len() < 2 {
            return None;
        }
        let id = self.id(&i.id);
        let t = i.target.as_ref().and_then(Figure::number);
        let b = i.baseline.as_ref().and_then(|b| b.value.number());
        let floor = if i.kind == Kind::Percentage {
            100.0
        } else {
            0.0
        };
        let max = max_of(
            points
                .iter()
                .flat_map(|(_, v)| [&v.actual, &v.target])
                .filter_map(|f| f.as_ref().and_then(Figure::number))
                .chain([floor, t.unwrap_or(0.0), b.unwrap_or(0.0)]),
        );
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        let mut desc = Vec::new();
        if let (Some(base), Some(n)) = (&i.baseline, b) {
            // The baseline as the first bar, in a muted colour, with the target marked.
            let value = self.indicator_figure(Some(&base.value), i);
            let label = self.t("chart.baseline", &[]);
            desc.push(format!("{label}: {value}"));
            table_rows.push(vec![
                label.clone(),
                value.clone(),
                self.t("chart.blank", &[]),
            ]);
            rows.push(Row {
                label: Some(label),
                bar: Some(n),
                value,
                color: palette::MUTED,
                marker: t,
            });
        }
        for (p, v) in points {
            let label = self.text(&p.label);
            let actual = self.indicator_figure(v.actual.as_ref(), i);
            let percent = v
                .percent
                .as_ref()
                .map(|f| self.figure(Some(f), Kind::Percentage));
            let value = match &percent {
                Some(pc) if v.percent.as_ref().and_then(Figure::number).is_some() => {
                    format!("{actual} · {pc}")
                }
                _ => actual.clone(),
            };
            desc.push(format!("{label}: {actual}"));
            table_rows.push(vec![
                label.clone(),
                actual.clone(),
                percent.unwrap_or_else(|| self.t("chart.blank", &[])),
            ]);
            rows.push(Row {
                label: Some(label),
                bar: v.actual.as_ref().and_then(Figure::number),
                value,
                color: palette::BLUE,
                // The period's own target where it has one: the milestones on the way.
                marker: v.target.as_ref().and_then(Figure::number).or(t),
            });
        }
        let mut desc = desc.join(self.list_separator());
        if i.direction == Trend::Decrease {
            desc.push_str(". ");
            desc.push_str(&self.t("chart.lower_is_better", &[]));
        }
        if t.is_some() {
            desc.push_str(". ");
            desc.push_str(&self.t(
                "chart.desc_target",
                &[("target", &self.indicator_figure(i.target.as_ref(), i))],
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
        let down = i.direction == Trend::Decrease;
        let (rows, max) = match (down, b) {
            // Lower is better: each bar is the way covered from the baseline down towards the
            // (period's) target, so a value that has not reached it never draws past it.
            (true, Some(b)) => {
                let way = |v: f64| (b - v).max(0.0);
                let rows: Vec<Row> = rows
                    .into_iter()
                    .map(|r| Row {
                        bar: r.bar.map(way),
                        marker: r.marker.map(way),
                        ..r
                    })
                    .collect();
                let max = max_of(rows.iter().flat_map(|r| [r.bar, r.marker]).flatten());
                (rows, max)
            }
            _ => (rows, max),
        };
        let mut sketch = bar_rows(&rows, max, 170, 130, None, if down { 22 } else { 4 });
        if down {
            let cue = match b {
                Some(_) => self.t("chart.way_from_baseline", &[]),
                None => self.t("chart.lower_is_better", &[]),
            };
            sketch.muted(PAD, 10, Anchor::Start, self.label(format!("↓ {cue}")));
        }
        let sketch = localize(self, sketch);
        Some(self.finish(
            "history",
            &i.id,
            &sketch,
            &self.t("chart.history_title", &[("id", &id)]),
            &desc,
            table,
        ))
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
                label: Some(id),
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
        let sketch = localize(self, bar_rows(&rows, max, 56, 90, Some(100.0), 4));
        self.finish(
            "outputs",
            &period.id,
            &sketch,
            &self.t("chart.outputs_title", &[]),
            &desc.join(self.list_separator()),
            table,
        )
    }

    /// The reported % of planned of every indicator of output `output`, for `period`; words
    /// (milestone statuses, n/a) are printed without a bar.
    pub fn output(&self, output: &Output, period: &Period) -> Result<Chart, String> {
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        let mut desc = Vec::new();
        for i in self.site.indicators_of(&output.id) {
            let id = self.id(&i.id);
            let v = period.value(&i.id);
            let f = v.and_then(|v| v.percent.as_ref());
            let value = match (f, v) {
                (Some(f), _) => self.figure(Some(f), Kind::Percentage),
                (None, Some(v)) => self.indicator_figure(v.actual.as_ref(), i),
                (None, None) => self.t("chart.not_reported", &[]),
            };
            desc.push(format!("{id}: {value}"));
            table_rows.push(vec![id.clone(), value.clone()]);
            rows.push(Row {
                label: Some(id),
                bar: f.and_then(Figure::number),
                value,
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
        let sketch = localize(self, bar_rows(&rows, max, 64, 150, Some(100.0), 4));
        self.finish(
            "output",
            &output.id,
            &sketch,
            &self.t("chart.output_title", &[("id", &oid)]),
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
        let currency = &self.site.programme.currency;
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        let mut desc = Vec::new();
        let blank = self.t("chart.blank", &[]);
        for f in &period.funds {
            let name = match &f.organisation {
                Some(id) => self
                    .site
                    .organisation(id)
                    .map_or_else(|| id.clone(), |o| o.acronym.clone()),
                None => self.t("funds.total", &[]),
            };
            let money = |n: Option<f64>| n.map(|n| self.fmt.money(n, currency));
            // Amounts mix a Latin symbol with the page's digits: isolated, they keep their order.
            let shown = |n: Option<f64>| money(n).map(|m| crate::i18n::isolate(&m));
            let pct = |n: Option<f64>| n.map(|n| self.fmt.percent(n));
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
                let value = match (pct(percent), shown(amount)) {
                    (Some(p), Some(m)) => format!("{what} {p} · {m}"),
                    (Some(p), None) => format!("{what} {p}"),
                    (None, Some(m)) => format!("{what} {m}"),
                    (None, None) => format!("{what} {blank}"),
                };
                line.push(value.clone());
                rows.push(Row {
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
            desc.push(format!("{name}: {}", line.join(self.list_separator())));
            table_rows.push(vec![
                name,
                money(f.committed).unwrap_or_else(|| blank.clone()),
                pct(f.committed_percent).unwrap_or_else(|| blank.clone()),
                money(f.disbursed).unwrap_or_else(|| blank.clone()),
                pct(f.disbursed_percent).unwrap_or_else(|| blank.clone()),
            ]);
        }
        let max = max_of(rows.iter().filter_map(|r| r.bar).chain([100.0]));
        let mut sketch = bar_rows(&rows, max, 64, 250, Some(100.0), 22);
        // Where the content gives the approved budget, the chart says so, not that it is absent.
        let scale = match period.funds.iter().find(|f| f.organisation.is_none()) {
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
        };
        sketch.muted(PAD, 10, Anchor::Start, self.label(scale.clone()));
        let mut desc = desc.join(". ");
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
            rows: table_rows,
        };
        Some(self.finish(
            "funds",
            &period.id,
            &localize(self, sketch),
            &self.t("chart.funds_title", &[]),
            &desc,
            table,
        ))
    }

    /// Direct beneficiaries (men, women): actual against target, with the reported %.
    pub fn people(&self, period: &Period) -> Option<Result<Chart, String>> {
        if period.beneficiaries.is_empty() {
            return None;
        }
        let mut rows = Vec::new();
        let mut table_rows = Vec::new();
        let mut desc = Vec::new();
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
                    "{actual} · {}",
                    self.t("chart.target_label", &[("target", &target)])
                ),
                (None, None) => format!("{actual} · {}", self.t("chart.no_target_short", &[])),
            };
            if b.percent.as_ref().and_then(Figure::number).is_some() {
                value = format!("{value} · {percent}");
            }
            desc.push(format!("{label}: {value}"));
            table_rows.push(vec![label.clone(), target, actual, percent]);
            rows.push(Row {
                label: Some(label),
                bar: b.actual.as_ref().and_then(Figure::number),
                value,
                color: palette::SERIES[k % palette::SERIES.len()],
                marker: t,
            });
        }
        let max = max_of(rows.iter().flat_map(|r| [r.bar, r.marker]).flatten());
        let table = Table {
            caption: self.t("beneficiaries.caption", &[]),
            head: vec![
                self.t("beneficiaries.group", &[]),
                self.t("table.target", &[]),
                self.t("table.actual", &[]),
                self.t("table.percent", &[]),
            ],
            rows: table_rows,
        };
        let mut desc = desc.join(". ");
        desc.push_str(". ");
        desc.push_str(&self.t("chart.marker_is_target", &[]));
        let mut sketch = bar_rows(&rows, max, 110, 210, None, 22);
        sketch.muted(
            PAD,
            10,
            Anchor::Start,
            self.label(self.t("chart.marker_is_target", &[])),
        );
        Some(self.finish(
            "people",
            &period.id,
            &localize(self, sketch),
            &self.t("chart.people_title", &[]),
            &desc,
            table,
        ))
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

/// Width of the progress glyph, in SVG user units (and CSS pixels).
pub const GLYPH_WIDTH: i32 = 60;

/// How much of the glyph `percent` fills (0 to [`GLYPH_WIDTH`]; above 100 % fills it all).
pub fn glyph_fill(percent: f64) -> i32 {
    scale(percent.max(0.0), 100.0, 0, GLYPH_WIDTH)
}

/// A small progress bar for tables and lists: a decorative `<svg>` (`aria-hidden`, the figure is
/// printed beside it) filled to `percent` (capped at 100) from the start edge.
pub fn glyph(percent: f64, rtl: bool) -> Result<String, String> {
    glyph_filled(glyph_fill(percent), rtl)
}

/// The glyph filled to `fill` units (see [`glyph_fill`]): glyphs are few, so callers may keep
/// all of them.
pub fn glyph_filled(fill: i32, rtl: bool) -> Result<String, String> {
    let (w, h) = (GLYPH_WIDTH, 10);
    let mut s = Sketch::new(w, h);
    s.rect(0, 0, w, h, palette::TRACK);
    if fill > 0 {
        s.rect(0, 0, fill.min(w), h, palette::BLUE);
    }
    s.to_decorative_svg(rtl)
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

    /// (x, width) of every rect filled with `fill`.
    fn rects(svg: &str, fill: &str) -> Vec<(i32, i32)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(fill))
            .map(|n| {
                // SVG's default for a missing x is 0.
                let a = |k| n.attribute(k).unwrap_or("0").parse::<i32>().unwrap();
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
        assert!(d.contains("Target: 340."), "{d}");
        assert!(d.contains("Actual: 498."), "{d}");
        assert!(d.contains("100% of planned, as reported"), "{d}");
        assert!(d.contains("146.5%"), "{d}");
        // 498 is past the target: the bar fills the scale and the target marker sits at 340/498.
        assert_eq!(rects(&c.svg, BLUE), vec![(PAD, W - 2 * PAD)]);
        assert!(c.svg.contains(&format!(
            "points=\"{x},18 {x},54 \"",
            x = scale(340.0, 498.0, PAD, W - PAD)
        )));
        let html = c.to_html();
        assert!(html.contains("<details class=\"chart-data\">"));
        assert!(html.contains("<td class=\"num\"><bdi>498</bdi></td>"));
    }

    #[test]
    fn word_and_blank_targets_are_never_drawn_as_zero() {
        let (site, ui) = fixture();
        let tbd = progress(&site, &ui, "en", "1.1.3");
        assert!(rects(&tbd.svg, BLUE).is_empty(), "no bar without a target");
        assert!(texts(&tbd.svg)
            .iter()
            .any(|t| t.contains("tbd by IHEC") && t.contains("no number")));
        assert!(desc(&tbd.svg).contains("Target: tbd by IHEC."));
        assert!(texts(&tbd.svg).iter().any(|t| t == "% of planned: n/a"));
        let blank = progress(&site, &ui, "en", "1.1.4");
        assert!(desc(&blank.svg).starts_with("No target set in the report."));
        assert!(!texts(&blank.svg).iter().any(|t| t.contains("Target: 0")));
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
            assert_eq!(*ex, PAD + 56, "LTR bars start after the labels");
            assert_eq!(ew, aw);
            assert_eq!(ax + aw, W - PAD - 56, "RTL bars start at the right");
        }
        let doc = roxmltree::Document::parse(&ar.svg).unwrap();
        let labels: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        // The row labels (output ids) are anchored at their start, which is now the right.
        let first = labels[0];
        assert_eq!(first.attribute("text-anchor"), Some("end"));
        assert_eq!(first.attribute("x"), Some(&*(W - PAD).to_string()));
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
        ];
        for c in &charts {
            let doc = roxmltree::Document::parse(&c.svg).unwrap();
            let root = doc.root_element();
            assert_eq!(
                root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                Some("ar")
            );
            assert_eq!(root.attribute("direction"), Some("ltr"));
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
            outputs.contains(&"\u{2067}١.٢\u{2069}".to_owned()),
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
        // male 468 of 498 across the 584-unit bar, then its legend swatch.
        assert_eq!(segs[0], (PAD, scale(468.0, 498.0, PAD, W - PAD) - PAD));
        assert_eq!(desc(&split.svg), "Male: 468; Female: 30");

        let history = p
            .history(i, &site.history("1.1.2").collect::<Vec<_>>())
            .unwrap()
            .unwrap();
        assert_eq!(history.table.rows.len(), 2);
        assert_eq!(
            desc(&history.svg),
            "2012: 154; January–March 2013: 498. Target: 340."
        );
        let once: Vec<_> = site.history("1.1.3").collect();
        assert_eq!(once.len(), 1);
        assert!(p.history(site.indicator("1.1.3").unwrap(), &once).is_none());

        let people = p.people(period).unwrap().unwrap();
        let d = desc(&people.svg);
        assert!(d.contains("Men: 1,459 of 1,471 · 99%"), "{d}");
        assert!(d.contains("Women: 120 · Target: tbd by IHEC."), "{d}");

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
        assert_eq!(
            committed[0].1,
            scale(41.0, 100.0, PAD + 64, W - PAD - 250) - PAD - 64
        );
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
                p.output(site.output("1.1").unwrap(), period)
                    .unwrap()
                    .to_html(),
            ]
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn the_glyph_fills_from_the_start_edge() {
        let ltr = glyph(25.0, false).unwrap();
        let rtl = glyph(25.0, true).unwrap();
        assert_eq!(rects(&ltr, BLUE), vec![(0, 15)]);
        assert_eq!(rects(&rtl, BLUE), vec![(45, 15)]);
        assert_eq!(rects(&glyph(146.5, false).unwrap(), BLUE), vec![(0, 60)]);
        assert!(ltr.contains("aria-hidden=\"true\""));
    }
}
