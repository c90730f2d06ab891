//! The drawing layer: a chart is first laid out as a [`Sketch`] of simple shapes in left-to-right
//! coordinates, then drawn with plotters' SVG backend, mirrored for right-to-left languages, and
//! finished with what plotters cannot write (title, description, role, language, direction).
//!
//! Keeping the layout separate from the drawing makes mirroring one transformation, tested once,
//! rather than a concern of every chart.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn color(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    /// Relative luminance as defined by WCAG 2.
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

    /// WCAG 2 contrast ratio between two colours (1 to 21).
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

/// A piece of text drawn in a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The words.
    pub text: String,
    /// Whether the words are in a right-to-left language (isolated with U+2067 … U+2069).
    pub rtl: bool,
}

/// A shape in left-to-right layout coordinates (x grows towards the end of the line).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle, optionally outlined.
    Rect {
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        fill: Rgb,
        stroke: Option<Rgb>,
    },
    /// A straight line.
    Line {
        x1: i32,
        y1: i32,
        x2: i32,
        y2: i32,
        color: Rgb,
        width: u32,
    },
    /// A circle, filled or outlined.
    Circle {
        x: i32,
        y: i32,
        r: i32,
        fill: Option<Rgb>,
        stroke: Rgb,
    },
    /// A line of text, vertically centred on y.
    Text {
        x: i32,
        y: i32,
        anchor: Anchor,
        label: Label,
        size: FontSize,
        color: Rgb,
        bold: bool,
    },
}

/// The two text sizes of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontSize {
    /// Labels and values.
    Normal,
    /// Axis ends and notes.
    Small,
}

impl FontSize {
    fn px(self) -> u32 {
        match self {
            FontSize::Normal => 14,
            FontSize::Small => 12,
        }
    }

    /// The size plotters is given: it writes `size / 1.24` into the SVG, which is undone later.
    fn plotters(self) -> f64 {
        f64::from(self.px()) * 1.24
    }
}

/// A chart laid out left to right, before drawing.
#[derive(Debug, Clone, Default)]
pub struct Sketch {
    /// Width of the drawing, in SVG user units.
    pub width: i32,
    /// Height of the drawing.
    pub height: i32,
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
    /// A sketch of the given size.
    pub fn new(width: i32, height: i32) -> Sketch {
        Sketch {
            width,
            height,
            shapes: Vec::new(),
        }
    }

    /// Adds a filled rectangle.
    pub fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, fill: Rgb) {
        self.shapes.push(Shape::Rect {
            x,
            y,
            w: w.max(0),
            h,
            fill,
            stroke: None,
        });
    }

    /// Adds a filled, outlined rectangle.
    pub fn outlined(&mut self, x: i32, y: i32, w: i32, h: i32, fill: Rgb, stroke: Rgb) {
        self.shapes.push(Shape::Rect {
            x,
            y,
            w: w.max(0),
            h,
            fill,
            stroke: Some(stroke),
        });
    }

    /// Adds a line.
    pub fn line(&mut self, (x1, y1): (i32, i32), (x2, y2): (i32, i32), color: Rgb, width: u32) {
        self.shapes.push(Shape::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
        });
    }

    /// Adds a circle.
    pub fn circle(&mut self, x: i32, y: i32, r: i32, fill: Option<Rgb>, stroke: Rgb) {
        self.shapes.push(Shape::Circle {
            x,
            y,
            r,
            fill,
            stroke,
        });
    }

    /// Adds a line of text.
    pub fn text(&mut self, x: i32, y: i32, anchor: Anchor, label: Label, size: FontSize) {
        self.shapes.push(Shape::Text {
            x,
            y,
            anchor,
            label,
            size,
            color: palette::INK,
            bold: false,
        });
    }

    /// Adds a line of bold text.
    pub fn bold(&mut self, x: i32, y: i32, anchor: Anchor, label: Label) {
        self.shapes.push(Shape::Text {
            x,
            y,
            anchor,
            label,
            size: FontSize::Normal,
            color: palette::INK,
            bold: true,
        });
    }

    /// Adds a line of secondary text.
    pub fn muted(&mut self, x: i32, y: i32, anchor: Anchor, label: Label) {
        self.shapes.push(Shape::Text {
            x,
            y,
            anchor,
            label,
            size: FontSize::Small,
            color: palette::MUTED,
            bold: false,
        });
    }

    /// The sketch mirrored left to right, for right-to-left pages: bars that started at the left
    /// edge start at the right one, and labels anchored at their start stay anchored at their start.
    pub fn mirrored(&self) -> Sketch {
        let w = self.width;
        let shapes = self
            .shapes
            .iter()
            .map(|s| match s.clone() {
                Shape::Rect {
                    x,
                    y,
                    w: rw,
                    h,
                    fill,
                    stroke,
                } => Shape::Rect {
                    x: w - x - rw,
                    y,
                    w: rw,
                    h,
                    fill,
                    stroke,
                },
                Shape::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                } => Shape::Line {
                    x1: w - x1,
                    y1,
                    x2: w - x2,
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
                    x: w - x,
                    y,
                    r,
                    fill,
                    stroke,
                },
                Shape::Text {
                    x,
                    y,
                    anchor,
                    label,
                    size,
                    color,
                    bold,
                } => Shape::Text {
                    x: w - x,
                    y,
                    anchor: match anchor {
                        Anchor::Start => Anchor::End,
                        Anchor::Middle => Anchor::Middle,
                        Anchor::End => Anchor::Start,
                    },
                    label,
                    size,
                    color,
                    bold,
                },
            })
            .collect();
        Sketch {
            width: w,
            height: self.height,
            shapes,
        }
    }

    /// Draws the sketch with plotters and finishes the SVG: mirrored when `meta.rtl`, with
    /// `role="img"`, `<title>`, `<desc>`, the page's language and a left-to-right `direction`
    /// (an inherited `rtl` would flip every text anchor).
    pub fn to_svg(&self, meta: &Meta<'_>) -> Result<String, String> {
        let sketch = if meta.rtl {
            self.mirrored()
        } else {
            self.clone()
        };
        let raw = sketch.draw().map_err(|e| format!("drawing a chart: {e}"))?;
        Ok(finish(&raw, &sketch, meta))
    }

    /// Draws the sketch as a decorative SVG (`aria-hidden`), for glyphs whose figure is printed
    /// beside them.
    pub fn to_decorative_svg(&self, rtl: bool) -> Result<String, String> {
        let sketch = if rtl { self.mirrored() } else { self.clone() };
        let raw = sketch.draw().map_err(|e| format!("drawing a glyph: {e}"))?;
        let body = tidy(raw.split_once(">\n").map_or("", |(_, rest)| rest));
        Ok(format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
aria-hidden=\"true\" focusable=\"false\" class=\"chart-glyph\">{body}",
            w = sketch.width,
            h = sketch.height
        ))
    }

    fn draw(&self) -> Result<String, Box<dyn std::error::Error>> {
        let mut out = String::new();
        {
            let size = (
                u32::try_from(self.width).unwrap_or(1),
                u32::try_from(self.height).unwrap_or(1),
            );
            let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
            for shape in &self.shapes {
                match shape {
                    Shape::Rect {
                        x,
                        y,
                        w,
                        h,
                        fill,
                        stroke,
                    } => {
                        let corners = [(*x, *y), (x + w, y + h)];
                        root.draw(&Rectangle::new(corners, fill.color().filled()))?;
                        if let Some(stroke) = stroke {
                            root.draw(&Rectangle::new(corners, stroke.color().stroke_width(1)))?;
                        }
                    }
                    Shape::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        color,
                        width,
                    } => {
                        root.draw(&PathElement::new(
                            vec![(*x1, *y1), (*x2, *y2)],
                            color.color().stroke_width(*width),
                        ))?;
                    }
                    Shape::Circle {
                        x,
                        y,
                        r,
                        fill,
                        stroke,
                    } => {
                        if let Some(fill) = fill {
                            root.draw(&Circle::new((*x, *y), *r, fill.color().filled()))?;
                        }
                        root.draw(&Circle::new((*x, *y), *r, stroke.color().stroke_width(2)))?;
                    }
                    Shape::Text {
                        x,
                        y,
                        anchor,
                        label,
                        size,
                        color,
                        bold,
                    } => {
                        let h = match anchor {
                            Anchor::Start => HPos::Left,
                            Anchor::Middle => HPos::Center,
                            Anchor::End => HPos::Right,
                        };
                        let font = FontDesc::new(
                            FontFamily::SansSerif,
                            size.plotters(),
                            if *bold {
                                FontStyle::Bold
                            } else {
                                FontStyle::Normal
                            },
                        );
                        let rgb = color.color();
                        let style = TextStyle::from(font)
                            .color(&rgb)
                            .pos(Pos::new(h, VPos::Center));
                        let text = clean(&label.text);
                        let text = if label.rtl {
                            format!("\u{2067}{text}\u{2069}")
                        } else {
                            text
                        };
                        root.draw(&Text::new(text, (*x, *y), style))?;
                    }
                }
            }
            root.present()?;
        }
        Ok(out)
    }
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

/// Removes what plotters repeats on every element, and its line breaks.
fn tidy(body: &str) -> String {
    let mut body = body
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\"", "")
        .replace(" x=\"0\" y=\"0\"", "")
        .replace(" font-family=\"sans-serif\"", "")
        .replace(">\n", ">")
        .replace("\n</", "</");
    for size in [FontSize::Normal, FontSize::Small] {
        body = body.replace(
            &format!(" font-size=\"{}\"", size.plotters() / 1.24),
            &format!(" font-size=\"{}\"", size.px()),
        );
    }
    body
}

/// Replaces plotters' opening tag with ours, and removes what every element repeats.
fn finish(raw: &str, sketch: &Sketch, meta: &Meta<'_>) -> String {
    let body = tidy(raw.split_once(">\n").map_or("", |(_, rest)| rest));
    let lang = escape(meta.lang);

    let id = escape(meta.id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xml:lang=\"{lang}\" direction=\"ltr\" \
font-family=\"inherit\" class=\"chart-svg\"><title id=\"{id}-t\">{title}</title>\
<desc id=\"{id}-d\">{desc}</desc>{body}",
        w = sketch.width,
        h = sketch.height,
        title = escape(meta.title),
        desc = escape(meta.desc),
    )
}

#[cfg(test)]
mod tests {
    use super::palette::{BLUE, INK, MUTED, PAPER, SERIES, TRACK};
    use super::{Anchor, FontSize, Label, Meta, Rgb, Shape, Sketch};

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
    fn mirroring_moves_bars_to_the_right_edge_and_flips_anchors() {
        let mut s = Sketch::new(100, 20);
        s.rect(0, 0, 30, 10, BLUE);
        s.text(35, 5, Anchor::Start, label("x", false), FontSize::Normal);
        s.line((10, 0), (10, 20), INK, 2);
        let m = s.mirrored();
        assert_eq!(
            m.shapes[0],
            Shape::Rect {
                x: 70,
                y: 0,
                w: 30,
                h: 10,
                fill: BLUE,
                stroke: None
            }
        );
        match &m.shapes[1] {
            Shape::Text { x, anchor, .. } => assert_eq!((*x, *anchor), (65, Anchor::End)),
            other => panic!("{other:?}"),
        }
        match &m.shapes[2] {
            Shape::Line { x1, x2, .. } => assert_eq!((*x1, *x2), (90, 90)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_svg_describes_itself_and_isolates_rtl_labels() {
        let mut s = Sketch::new(100, 20);
        s.rect(0, 0, 30, 10, BLUE);
        s.text(35, 5, Anchor::Start, label("٧٢٫٥٪", true), FontSize::Normal);
        let svg = s.to_svg(&meta(true)).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("direction"), Some("ltr"));
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
        assert_eq!(text.attribute("x"), Some("65"));
        assert_eq!(text.attribute("font-size"), Some("14"));
        let rect = root.children().find(|n| n.has_tag_name("rect")).unwrap();
        assert_eq!(rect.attribute("x"), Some("70"));
        assert!(!svg.contains('\n'));
    }

    #[test]
    fn markup_and_control_characters_in_content_stay_text() {
        let mut s = Sketch::new(100, 20);
        s.text(
            5,
            5,
            Anchor::Start,
            label("<b>A & \u{1}B\n</b>", false),
            FontSize::Normal,
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
    fn drawing_is_deterministic() {
        let mut s = Sketch::new(120, 40);
        s.outlined(2, 2, 50, 10, TRACK, MUTED);
        s.circle(60, 20, 6, Some(BLUE), INK);
        s.bold(5, 30, Anchor::Middle, label("Target 340", false));
        let a = s.to_svg(&meta(false)).unwrap();
        let b = s.to_svg(&meta(false)).unwrap();
        assert_eq!(a, b);
        assert!(roxmltree::Document::parse(&a).is_ok());
        assert!(a.contains("font-weight=\"bold\""));
    }
}
