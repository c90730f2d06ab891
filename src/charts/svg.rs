//! The drawing layer: a chart is first laid out as a [`Sketch`] of simple shapes in left-to-right
//! coordinates, then written straight to SVG, mirrored for right-to-left languages, with its
//! title, description, role, language and direction.
//!
//! Charts are drawn for any width: across, positions are percentages of the chart's width; down,
//! they are in `em` of the chart's text, whose size the style sheet sets in `rem`. So a chart fills
//! its column on a phone and on a desktop, its text is as large as the page's (never scaled down
//! with the drawing) and grows with the reader's text size, and the drawing grows with it.
//! Keeping the layout separate from the drawing makes mirroring one transformation, tested once.
//! Plotters draws the lines of a plot over time ([`Plot`]), in a box of its own.

use std::fmt::Write as _;

use plotters::prelude::*;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn color(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// Relative luminance as defined by WCAG 2 (for [`Rgb::contrast`]).
    #[cfg(test)]
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG 2 contrast ratio between two colours (1 to 21), checked for the palette by tests.
    #[cfg(test)]
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

/// The colours of every chart. Series colours come from the Okabe–Ito palette, which stays
/// distinguishable with the common colour-vision deficiencies; every series is also labelled
/// directly, so colour is never the only cue.
pub mod palette {
    use super::Rgb;

    /// Background of the charts.
    pub const PAPER: Rgb = Rgb(0xFF, 0xFF, 0xFF);
    /// Main text (the theme's ink).
    pub const INK: Rgb = Rgb(0x1B, 0x1F, 0x24);
    /// Secondary text and outlines (the theme's muted ink).
    pub const MUTED: Rgb = Rgb(0x4A, 0x53, 0x60);
    /// The track a bar runs along (the scale up to 100 % or to the target).
    pub const TRACK: Rgb = Rgb(0xE8, 0xEC, 0xF1);
    /// Okabe–Ito blue: the main series (actual, committed, first category).
    pub const BLUE: Rgb = Rgb(0x00, 0x72, 0xB2);
    /// Okabe–Ito vermillion: the second category (female).
    pub const VERMILLION: Rgb = Rgb(0xD5, 0x5E, 0x00);
    /// Okabe–Ito bluish green: the second series (disbursed).
    pub const GREEN: Rgb = Rgb(0x00, 0x9E, 0x73);
    /// Okabe–Ito reddish purple: a third category.
    pub const PURPLE: Rgb = Rgb(0xCC, 0x79, 0xA7);
    /// Colours for the categories of a breakdown, in order.
    pub const SERIES: [Rgb; 4] = [BLUE, VERMILLION, GREEN, PURPLE];
}

/// Where a label sits relative to its x coordinate, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The label starts at x (left in LTR, right in RTL).
    Start,
    /// The label is centred on x.
    Middle,
    /// The label ends at x.
    End,
}

impl Anchor {
    fn flipped(self) -> Anchor {
        match self {
            Anchor::Start => Anchor::End,
            Anchor::Middle => Anchor::Middle,
            Anchor::End => Anchor::Start,
        }
    }

    fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A piece of text drawn in a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The words.
    pub text: String,
    /// Whether the words are in a right-to-left language (isolated with U+2067 … U+2069).
    pub rtl: bool,
}

/// How a line of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Labels and values.
    Normal,
    /// The headline figure.
    Bold,
    /// Notes and legends.
    Muted,
    /// A value printed inside its (dark) bar.
    OnBar,
}

/// A line of a [`Plot`], in fractions of the plot's box (x across from the start edge, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The points.
    pub points: Vec<(f64, f64)>,
    /// Its colour.
    pub color: Rgb,
    /// Its width in CSS pixels.
    pub width: u32,
}

/// Lines drawn by plotters in a box across the chart's whole width, `y` to `y + h` em down.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// Top, in em.
    pub y: f64,
    /// Height, in em.
    pub h: f64,
    /// The lines, painted in order.
    pub series: Vec<Series>,
}

impl Plot {
    /// Where the point (`fx`, `fy`) of the box is in the chart: (% across, em down).
    pub fn at(&self, fx: f64, fy: f64) -> (f64, f64) {
        (fx * 100.0, self.y + fy * self.h)
    }
}

/// A shape in left-to-right layout coordinates: x in % of the width (growing towards the end of
/// the line), y in em from the top.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle.
    Rect {
        x: f64,
        w: f64,
        y: f64,
        h: f64,
        fill: Rgb,
    },
    /// A straight line.
    Line {
        x1: f64,
        x2: f64,
        y1: f64,
        y2: f64,
        color: Rgb,
        width: u32,
    },
    /// A circle, filled or outlined (radius in em).
    Circle {
        x: f64,
        y: f64,
        r: f64,
        fill: Option<Rgb>,
        stroke: Rgb,
    },
    /// A line of text with its baseline at y, moved `dx` em along the line (towards its end).
    Text {
        x: f64,
        dx: f64,
        y: f64,
        anchor: Anchor,
        label: Label,
        ink: Ink,
    },
    /// Lines drawn by plotters.
    Plot(Plot),
}

/// A chart laid out left to right, before drawing.
#[derive(Debug, Clone, Default)]
pub struct Sketch {
    /// Height of the drawing, in em.
    pub height: f64,
    /// Shapes, painted in order.
    pub shapes: Vec<Shape>,
}

/// What the finished SVG says about itself.
pub struct Meta<'a> {
    /// Element id prefix, unique within the page.
    pub id: &'a str,
    /// The page's language code.
    pub lang: &'a str,
    /// Mirror the layout (right-to-left page).
    pub rtl: bool,
    /// Short title (`<title>`).
    pub title: &'a str,
    /// Longer description with the figures (`<desc>`).
    pub desc: &'a str,
}

impl Sketch {
    /// An empty sketch.
    pub fn new() -> Sketch {
        Sketch::default()
    }

    /// Adds a filled rectangle (`x`, `w` in %; `y`, `h` in em).
    pub fn rect(&mut self, x: f64, w: f64, y: f64, h: f64, fill: Rgb) {
        self.shapes.push(Shape::Rect {
            x,
            w: w.max(0.0),
            y,
            h,
            fill,
        });
    }

    /// Adds a line from (`x1` %, `y1` em) to (`x2` %, `y2` em).
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), color: Rgb, width: u32) {
        self.shapes.push(Shape::Line {
            x1,
            x2,
            y1,
            y2,
            color,
            width,
        });
    }

    /// Adds a circle.
    pub fn circle(&mut self, (x, y): (f64, f64), r: f64, fill: Option<Rgb>, stroke: Rgb) {
        self.shapes.push(Shape::Circle {
            x,
            y,
            r,
            fill,
            stroke,
        });
    }

    /// Adds a line of text with its baseline at `y` em.
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, label: Label, ink: Ink) {
        self.text_at(x, 0.0, y, anchor, label, ink);
    }

    /// Adds a line of text moved `dx` em along the line from `x` %.
    pub fn text_at(&mut self, x: f64, dx: f64, y: f64, anchor: Anchor, label: Label, ink: Ink) {
        self.shapes.push(Shape::Text {
            x,
            dx,
            y,
            anchor,
            label,
            ink,
        });
    }

    /// The sketch mirrored left to right, for right-to-left pages: bars that started at the left
    /// edge start at the right one, and labels anchored at their start stay anchored at their start.
    pub fn mirrored(&self) -> Sketch {
        let shapes = self.shapes.iter().map(|s| mirror(s.clone())).collect();
        Sketch {
            height: self.height,
            shapes,
        }
    }

    /// The finished SVG: mirrored when `meta.rtl`, with `role="img"`, `<title>`, `<desc>`, the
    /// page's language and a left-to-right `direction` (an inherited `rtl` would flip every
    /// text anchor).
    pub fn to_svg(&self, meta: &Meta<'_>) -> Result<String, String> {
        let sketch = if meta.rtl {
            self.mirrored()
        } else {
            self.clone()
        };
        let id = escape(meta.id);
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"{h}em\" \
role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xml:lang=\"{lang}\" direction=\"ltr\" \
class=\"chart-svg\"><title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
            h = num(sketch.height),
            lang = escape(meta.lang),
            title = escape(meta.title),
            desc = escape(meta.desc),
        );
        for shape in &sketch.shapes {
            write_shape(&mut out, shape)?;
        }
        out.push_str("</svg>");
        Ok(out)
    }
}

fn mirror(shape: Shape) -> Shape {
    let flip = |x: f64| 100.0 - x;
    match shape {
        Shape::Rect { x, w, y, h, fill } => Shape::Rect {
            x: flip(x + w),
            w,
            y,
            h,
            fill,
        },
        Shape::Line {
            x1,
            x2,
            y1,
            y2,
            color,
            width,
        } => Shape::Line {
            x1: flip(x1),
            x2: flip(x2),
            y1,
            y2,
            color,
            width,
        },
        Shape::Circle {
            x,
            y,
            r,
            fill,
            stroke,
        } => Shape::Circle {
            x: flip(x),
            y,
            r,
            fill,
            stroke,
        },
        Shape::Text {
            x,
            dx,
            y,
            anchor,
            label,
            ink,
        } => Shape::Text {
            x: flip(x),
            dx: -dx,
            y,
            anchor: anchor.flipped(),
            label,
            ink,
        },
        Shape::Plot(p) => Shape::Plot(Plot {
            series: p
                .series
                .into_iter()
                .map(|s| Series {
                    points: s.points.into_iter().map(|(x, y)| (1.0 - x, y)).collect(),
                    ..s
                })
                .collect(),
            ..p
        }),
    }
}

/// A length as SVG writes it: at most two decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{:.2}", if r == 0.0 { 0.0 } else { r });
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn write_shape(out: &mut String, shape: &Shape) -> Result<(), String> {
    let e = |_| "writing a chart".to_owned();
    match shape {
        Shape::Rect { x, w, y, h, fill } => {
            write!(
                out,
                "<rect x=\"{}%\" y=\"{}em\" width=\"{}%\" height=\"{}em\" fill=\"{}\"/>",
                num(*x),
                num(*y),
                num(*w),
                num(*h),
                fill.hex()
            )
            .map_err(e)?;
        }
        Shape::Line {
            x1,
            x2,
            y1,
            y2,
            color,
            width,
        } => write!(
            out,
            "<line x1=\"{}%\" y1=\"{}em\" x2=\"{}%\" y2=\"{}em\" stroke=\"{}\" stroke-width=\"{width}\"/>",
            num(*x1),
            num(*y1),
            num(*x2),
            num(*y2),
            color.hex()
        )
        .map_err(e)?,
        Shape::Circle {
            x,
            y,
            r,
            fill,
            stroke,
        } => write!(
            out,
            "<circle cx=\"{}%\" cy=\"{}em\" r=\"{}em\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>",
            num(*x),
            num(*y),
            num(*r),
            fill.map_or_else(|| palette::PAPER.hex(), Rgb::hex),
            stroke.hex()
        )
        .map_err(e)?,
        Shape::Text {
            x,
            dx,
            y,
            anchor,
            label,
            ink,
        } => write_text(out, (*x, *dx, *y), *anchor, label, *ink).map_err(e)?,
        Shape::Plot(p) => write_plot(out, p)?,
    }
    Ok(())
}

fn write_text(
    out: &mut String,
    (x, dx, y): (f64, f64, f64),
    anchor: Anchor,
    label: &Label,
    ink: Ink,
) -> std::fmt::Result {
    let text = escape(&clean(&label.text));
    let text = if label.rtl {
        format!("\u{2067}{text}\u{2069}")
    } else {
        text
    };
    let (fill, weight) = match ink {
        Ink::Normal => (palette::INK, ""),
        Ink::Bold => (palette::INK, " font-weight=\"bold\""),
        Ink::Muted => (palette::MUTED, ""),
        Ink::OnBar => (palette::PAPER, " font-weight=\"bold\""),
    };
    write!(out, "<text x=\"{}%\" y=\"{}em\"", num(x), num(y))?;
    if dx != 0.0 {
        write!(out, " dx=\"{}em\"", num(dx))?;
    }
    write!(
        out,
        " text-anchor=\"{}\" fill=\"{}\"{weight}>{text}</text>",
        anchor.svg(),
        fill.hex()
    )
}

/// Resolution of a plot's box: plotters draws on whole pixels.
const PLOT_UNITS: u32 = 1000;

/// The lines of a plot, drawn by plotters on a 1000 × 1000 box that the SVG stretches over the
/// chart's width and the plot's height (the lines keep their width: `vector-effect` in the
/// style sheet).
fn write_plot(out: &mut String, plot: &Plot) -> Result<(), String> {
    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (PLOT_UNITS, PLOT_UNITS)).into_drawing_area();
        let units = f64::from(PLOT_UNITS);
        for s in &plot.series {
            let points: Vec<(i32, i32)> = s
                .points
                .iter()
                .map(|(x, y)| ((x * units).round() as i32, (y * units).round() as i32))
                .collect();
            root.draw(&PathElement::new(
                points,
                s.color.color().stroke_width(s.width),
            ))
            .map_err(|e| format!("drawing a chart: {e}"))?;
        }
        root.present()
            .map_err(|e| format!("drawing a chart: {e}"))?;
    }
    let body = raw
        .split_once(">\n")
        .map_or("", |(_, rest)| rest)
        .trim_end()
        .trim_end_matches("</svg>");
    write!(
        out,
        "<svg y=\"{}em\" width=\"100%\" height=\"{}em\" viewBox=\"0 0 {PLOT_UNITS} {PLOT_UNITS}\" \
preserveAspectRatio=\"none\" class=\"chart-plot\">{}</svg>",
        num(plot.y),
        num(plot.h),
        body.replace(" opacity=\"1\"", "").replace('\n', "")
    )
    .map_err(|_| "writing a chart".to_owned())
}

/// A label's text on one line, without control characters (which XML forbids).
fn clean(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes text for XML and HTML; control characters (which XML forbids) become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if c.is_control() => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::palette::{BLUE, INK, MUTED, PAPER, SERIES, TRACK};
    use super::{num, Anchor, Ink, Label, Meta, Plot, Rgb, Series, Shape, Sketch};

    fn label(s: &str, rtl: bool) -> Label {
        Label {
            text: s.into(),
            rtl,
        }
    }

    fn meta(rtl: bool) -> Meta<'static> {
        Meta {
            id: "c",
            lang: if rtl { "ar" } else { "en" },
            rtl,
            title: "T <1>",
            desc: "D & d",
        }
    }

    #[test]
    fn text_contrast_meets_wcag_aa() {
        for ink in [INK, MUTED] {
            assert!(
                ink.contrast(PAPER) >= 4.5,
                "{ink:?}: {}",
                ink.contrast(PAPER)
            );
            assert!(ink.contrast(TRACK) >= 4.5, "{ink:?} on the track");
        }
        assert!(PAPER.contrast(BLUE) >= 4.5, "values printed inside a bar");
    }

    #[test]
    fn series_colours_stand_out_from_the_paper() {
        // WCAG 1.4.11: graphical objects need 3:1 against what is next to them.
        for c in SERIES.iter().take(3) {
            assert!(c.contrast(PAPER) >= 3.0, "{c:?}: {}", c.contrast(PAPER));
        }
        assert!((INK.contrast(PAPER) - 16.56).abs() < 0.01);
        assert!((Rgb(0, 0, 0).contrast(PAPER) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn lengths_are_short_and_stable() {
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(-0.001), "0");
    }

    #[test]
    fn mirroring_moves_bars_to_the_right_edge_and_flips_anchors() {
        let mut s = Sketch::new();
        s.rect(0.0, 30.0, 0.0, 1.0, BLUE);
        s.text_at(
            30.0,
            0.4,
            1.0,
            Anchor::Start,
            label("x", false),
            Ink::Normal,
        );
        s.line((10.0, 0.0), (10.0, 2.0), INK, 2);
        s.shapes.push(Shape::Plot(Plot {
            y: 0.0,
            h: 1.0,
            series: vec![Series {
                points: vec![(0.25, 0.5)],
                color: BLUE,
                width: 2,
            }],
        }));
        let m = s.mirrored();
        assert_eq!(
            m.shapes[0],
            Shape::Rect {
                x: 70.0,
                w: 30.0,
                y: 0.0,
                h: 1.0,
                fill: BLUE,
            }
        );
        match &m.shapes[1] {
            Shape::Text { x, dx, anchor, .. } => {
                assert_eq!((*x, *dx, *anchor), (70.0, -0.4, Anchor::End));
            }
            other => panic!("{other:?}"),
        }
        match &m.shapes[2] {
            Shape::Line { x1, x2, .. } => assert_eq!((*x1, *x2), (90.0, 90.0)),
            other => panic!("{other:?}"),
        }
        match &m.shapes[3] {
            Shape::Plot(p) => assert_eq!(p.series[0].points, vec![(0.75, 0.5)]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_svg_describes_itself_sizes_in_em_and_isolates_rtl_labels() {
        let mut s = Sketch::new();
        s.height = 3.0;
        s.rect(0.0, 30.0, 0.5, 1.0, BLUE);
        s.text_at(
            30.0,
            0.4,
            1.0,
            Anchor::Start,
            label("٧٢٫٥٪", true),
            Ink::Normal,
        );
        let svg = s.to_svg(&meta(true)).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("direction"), Some("ltr"));
        assert_eq!(root.attribute("width"), Some("100%"));
        assert_eq!(root.attribute("height"), Some("3em"));
        assert_eq!(root.attribute("viewBox"), None, "nothing scales the text");
        assert_eq!(
            root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("ar")
        );
        let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("T <1>"));
        let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap();
        assert_eq!(desc.text(), Some("D & d"));
        let text = root.children().find(|n| n.has_tag_name("text")).unwrap();
        assert_eq!(text.text(), Some("\u{2067}٧٢٫٥٪\u{2069}"));
        assert_eq!(text.attribute("text-anchor"), Some("end"));
        assert_eq!(text.attribute("x"), Some("70%"));
        assert_eq!(text.attribute("dx"), Some("-0.4em"));
        assert_eq!(
            text.attribute("font-size"),
            None,
            "text is sized by the style sheet"
        );
        assert_eq!(text.attribute("font-family"), None, "the page's font");
        let rect = root.children().find(|n| n.has_tag_name("rect")).unwrap();
        assert_eq!(rect.attribute("x"), Some("70%"));
        assert!(!svg.contains('\n'));
    }

    #[test]
    fn markup_and_control_characters_in_content_stay_text() {
        let mut s = Sketch::new();
        s.text(
            5.0,
            1.0,
            Anchor::Start,
            label("<b>A & \u{1}B\n</b>", false),
            Ink::Normal,
        );
        let m = Meta {
            title: "x\u{7}<script>",
            ..meta(false)
        };
        let svg = s.to_svg(&m).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let text = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
        assert_eq!(text.text(), Some("<b>A & B </b>"));
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("x <script>"));
    }

    #[test]
    fn plots_are_drawn_by_plotters_in_a_stretched_box_and_deterministically() {
        let mut s = Sketch::new();
        s.rect(2.0, 50.0, 0.0, 1.0, TRACK);
        s.circle((60.0, 2.0), 0.3, Some(BLUE), INK);
        s.text(
            5.0,
            3.0,
            Anchor::Middle,
            label("Target 340", false),
            Ink::Bold,
        );
        s.shapes.push(Shape::Plot(Plot {
            y: 1.0,
            h: 4.0,
            series: vec![Series {
                points: vec![(0.0, 1.0), (0.5, 0.25), (1.0, 0.0)],
                color: BLUE,
                width: 3,
            }],
        }));
        let a = s.to_svg(&meta(false)).unwrap();
        let b = s.to_svg(&meta(false)).unwrap();
        assert_eq!(a, b);
        let doc = roxmltree::Document::parse(&a).unwrap();
        let plot = doc
            .descendants()
            .filter(|n| n.has_tag_name("svg"))
            .nth(1)
            .unwrap();
        assert_eq!(plot.attribute("preserveAspectRatio"), Some("none"));
        let line = plot
            .descendants()
            .find(|n| n.has_tag_name("polyline"))
            .unwrap();
        assert_eq!(
            line.attribute("points").map(str::trim),
            Some("0,1000 500,250 1000,0")
        );
        assert!(a.contains("font-weight=\"bold\""));
    }
}
