//! Laying out text and bars for any width: lines of text stacked top to bottom (so a long label
//! never runs into a bar), bars from the start edge in % of the width, and each value placed
//! after its bar, inside it, or on a line of its own, whichever fits on the narrowest screen.

use super::svg::{palette, Anchor, Ink, Label, Rgb, Sketch};

/// Height of a line of chart text, in em.
pub const LINE: f64 = 1.6;
/// Where a line's baseline sits below its top, in em.
const BASELINE: f64 = 1.15;
/// The narrowest width a chart is laid out for, in CSS px: a 320 px screen minus the page's
/// margins and the chart's padding.
const NARROW_PX: f64 = 280.0;
/// The chart text's size at the default text size, in CSS px (`.chart-svg` in the style sheet).
const EM_PX: f64 = 14.0;
/// A generous average advance of a character, in em (Latin, Arabic script, digits).
const CHAR_EM: f64 = 0.6;
/// Characters on a wrapped line: fits the narrowest chart with room for larger text.
pub const WRAP: usize = 34;

/// Is `c` a bidi isolate or mark, which takes no room?
fn is_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Characters of `s` that take room.
pub fn visible(s: &str) -> usize {
    s.chars().filter(|c| !is_isolate(*c)).count()
}

/// About how wide `s` is on the narrowest screen, as a % of the chart's width.
pub fn width_pct(s: &str) -> f64 {
    visible(s) as f64 * CHAR_EM * EM_PX / NARROW_PX * 100.0
}

/// `s` broken into lines of at most `width` characters at spaces (a longer word keeps its line),
/// at most `max` lines, the last one ending in "…" when words were left out.
pub fn wrap(s: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // Open bidi isolates: a line never ends inside one (each line is laid out on its own).
    let mut open = 0i32;
    for word in s.split_whitespace() {
        let inside = open > 0;
        open += word
            .chars()
            .map(|c| match c {
                '\u{2066}'..='\u{2068}' => 1,
                '\u{2069}' => -1,
                _ => 0,
            })
            .sum::<i32>();
        match lines.last_mut() {
            Some(line) if inside || visible(line) + 1 + visible(word) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// A sketch being filled top to bottom.
pub struct Column {
    /// The drawing.
    pub sketch: Sketch,
    /// The top of the next line, in em.
    pub y: f64,
    /// Whether labels are right-to-left text.
    pub rtl: bool,
}

impl Column {
    /// An empty column.
    pub fn new(rtl: bool) -> Column {
        Column {
            sketch: Sketch::new(),
            y: 0.0,
            rtl,
        }
    }

    /// A label in the column's direction.
    pub fn label(&self, text: &str) -> Label {
        Label {
            text: text.to_owned(),
            rtl: self.rtl,
        }
    }

    /// Writes `text` from the start edge, wrapped over as many lines as it needs (at most `max`).
    pub fn para(&mut self, text: &str, ink: Ink, max: usize) {
        for line in wrap(text, WRAP, max) {
            let label = self.label(&line);
            self.sketch
                .text(0.0, self.y + BASELINE, Anchor::Start, label, ink);
            self.y += LINE;
        }
    }

    /// Writes one line of text at `x` % with the given anchor.
    pub fn line_at(&mut self, x: f64, anchor: Anchor, text: &str, ink: Ink) {
        let label = self.label(text);
        self.sketch.text(x, self.y + BASELINE, anchor, label, ink);
        self.y += LINE;
    }

    /// Leaves `em` of space.
    pub fn gap(&mut self, em: f64) {
        self.y += em;
    }

    /// The finished sketch.
    pub fn finish(mut self) -> Sketch {
        self.sketch.height = self.y + 0.3;
        self.sketch
    }
}

/// One bar of a bar-rows chart.
pub struct Row {
    /// Heading above the bar (none for a second bar of the same group).
    pub label: Option<String>,
    /// The bar's value, when it has a number; without one, no bar and no track are drawn.
    pub bar: Option<f64>,
    /// The value printed with the bar: the very figure its length shows.
    pub value: String,
    /// The bar's colour.
    pub color: Rgb,
    /// A target marked on the row.
    pub marker: Option<f64>,
}

/// `v` as a % of the scale up to `max` (0 to 100).
pub fn pct(v: f64, max: f64) -> f64 {
    if max.is_nan() || max <= 0.0 || !v.is_finite() {
        return 0.0;
    }
    (v / max).clamp(0.0, 1.0) * 100.0
}

/// Where a row's value goes.
enum Place {
    After(f64),
    Inside(f64),
    Own,
}

impl Column {
    /// Bars one per row from the start edge on a scale up to `max`, each with its label on the
    /// line(s) above. `track` draws the scale's background up to that value (100 for %).
    pub fn bar_rows(&mut self, rows: &[Row], max: f64, track: Option<f64>) {
        for (n, row) in rows.iter().enumerate() {
            if let Some(label) = &row.label {
                if n > 0 {
                    self.gap(0.5);
                }
                self.para(label, Ink::Normal, 2);
            }
            self.bar_row(row, max, track);
        }
    }

    fn bar_row(&mut self, row: &Row, max: f64, track: Option<f64>) {
        let Some(v) = row.bar else {
            // Nothing to measure: no bar, and the words say why.
            self.para(&row.value, Ink::Muted, 3);
            return;
        };
        let end = pct(v, max);
        let track_end = track.map_or(0.0, |t| pct(t, max));
        let marker = row.marker.map(|m| pct(m, max));
        // Values may sit on the track (ink on the track passes WCAG AA), not across a marker.
        let after = end.max(marker.unwrap_or(0.0));
        let need = width_pct(&row.value) + 3.0;
        let place = if need <= 100.0 - after {
            Place::After(after)
        } else if row.color == palette::BLUE && marker.is_none_or(|m| m <= end) && need <= end {
            Place::Inside(end)
        } else {
            Place::Own
        };
        if matches!(place, Place::Own) {
            self.para(&row.value, Ink::Normal, 3);
        }
        let y = self.y;
        let s = &mut self.sketch;
        if track.is_some() {
            s.rect(0.0, track_end, y + 0.3, 1.0, palette::TRACK);
        }
        // A reported zero still shows a sliver, so that it reads as "zero", not "missing".
        let w = if v > 0.0 { end.max(0.6) } else { 0.6 };
        s.rect(0.0, w, y + 0.4, 0.8, row.color);
        if let Some(m) = marker {
            s.line((m, y + 0.1), (m, y + 1.5), palette::INK, 2);
        }
        let label = Label {
            text: row.value.clone(),
            rtl: self.rtl,
        };
        match place {
            Place::After(x) => s.text_at(x, 0.4, y + BASELINE, Anchor::Start, label, Ink::Normal),
            Place::Inside(x) => s.text_at(x, -0.4, y + BASELINE, Anchor::End, label, Ink::OnBar),
            Place::Own => {}
        }
        self.y += LINE;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_marks_what_it_leaves_out() {
        assert_eq!(wrap("a bb ccc", 4, 3), vec!["a bb", "ccc"]);
        assert_eq!(wrap("a bb ccc dd", 4, 2), vec!["a bb", "ccc…"]);
        assert_eq!(wrap("unbreakable", 4, 2), vec!["unbreakable"]);
        assert!(wrap("", 4, 2).is_empty());
        assert_eq!(
            wrap("a \u{2068}US$ 1\u{2069} b", 3, 3),
            vec!["a", "\u{2068}US$ 1\u{2069}", "b"]
        );
    }

    fn row(bar: f64, value: &str) -> Row {
        Row {
            label: Some("L".into()),
            bar: Some(bar),
            value: value.into(),
            color: palette::BLUE,
            marker: None,
        }
    }

    fn texts(s: &Sketch) -> Vec<(f64, Anchor, Ink)> {
        s.shapes
            .iter()
            .filter_map(|sh| match sh {
                crate::charts::svg::Shape::Text { x, anchor, ink, .. } => Some((*x, *anchor, *ink)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn values_go_after_the_bar_inside_it_or_on_a_line_of_their_own() {
        let mut c = Column::new(false);
        c.bar_rows(&[row(30.0, "30%")], 100.0, Some(100.0));
        assert_eq!(texts(&c.sketch)[1], (30.0, Anchor::Start, Ink::Normal));
        let long = "Committed 41% · US$5,848,841.07";
        let mut c = Column::new(false);
        c.bar_rows(&[row(41.0, long)], 100.0, Some(100.0));
        // Too long for after or inside the bar: on the line above it, from the start edge.
        assert_eq!(texts(&c.sketch)[1], (0.0, Anchor::Start, Ink::Normal));
        let mut c = Column::new(false);
        c.bar_rows(&[row(95.0, "95%")], 100.0, Some(100.0));
        assert_eq!(texts(&c.sketch)[1], (95.0, Anchor::End, Ink::OnBar));
    }

    #[test]
    fn a_row_without_a_number_draws_no_bar() {
        let mut c = Column::new(false);
        c.bar_rows(
            &[Row {
                bar: None,
                ..row(0.0, "not reported")
            }],
            100.0,
            Some(100.0),
        );
        let s = c.finish();
        assert!(s
            .shapes
            .iter()
            .all(|sh| matches!(sh, crate::charts::svg::Shape::Text { .. })));
    }
}
