//! Markdown to HTML, the same way for narratives, pages and Markdown fields in TOML.
//!
//! Raw HTML inside Markdown is where content could inject script into a citizen's browser, so
//! it is sanitized by default ([`RawHtml`], set by `raw_html` in `site.toml`).

use std::cell::Cell;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::theme::{decode_entities, Untagged};

pub use crate::model::RawHtml;

/// Renders Markdown to HTML. Raw HTML in the source is handled as `raw` says: sanitized (the
/// default: only harmless tags and attributes survive), shown as text, or trusted. Links with
/// script URLs are neutralised in every mode except trusted; footnote ids are prefixed with
/// `prefix` so that several documents on one page (and the page's own ids) never clash.
pub fn to_html(markdown: &str, prefix: &str, raw: RawHtml) -> String {
    render(markdown, prefix, raw, None)
}

/// As [`to_html`], with `localize` applied to the document's prose (not to code, URLs or raw
/// HTML): the pages of a language written in Arabic-Indic digits pass a digit converter, so
/// that "2013" in a narrative reads "٢٠١٣" like the figures around it.
pub fn to_html_localized(
    markdown: &str,
    prefix: &str,
    raw: RawHtml,
    localize: &dyn Fn(&str) -> String,
) -> String {
    render(markdown, prefix, raw, Some(localize))
}

fn render(
    markdown: &str,
    prefix: &str,
    raw: RawHtml,
    localize: Option<&dyn Fn(&str) -> String>,
) -> String {
    let saw_raw_html = Cell::new(false);
    let events = events(markdown, prefix, raw, localize, &saw_raw_html);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    let out = alignment_classes(out);
    let out = if saw_raw_html.get() && raw == RawHtml::Sanitize {
        sanitize(&out)
    } else {
        out
    };
    scrolling_tables(out)
}

/// The start of the plain text of `markdown` (as `strip_tags` of [`to_html_localized`] with
/// sanitized raw HTML gives it): at least `enough` characters once white space is collapsed,
/// or all of it. Rendering stops there, for the search index, which keeps only the start of
/// each page's prose; a document with raw HTML (which sanitizing may change) is rendered whole.
pub fn plain_start(markdown: &str, localize: &dyn Fn(&str) -> String, enough: usize) -> String {
    let whole = || {
        super::strip_tags(&to_html_localized(
            markdown,
            "s-",
            RawHtml::Sanitize,
            localize,
        ))
    };
    let saw_raw_html = Cell::new(false);
    let mut sink = PlainText {
        text: Untagged::default(),
        // Entities and white space only shorten the text: twice as much is nearly always enough.
        stop_at: 2 * enough + 64,
        stopped: false,
    };
    let events = events(
        markdown,
        "s-",
        RawHtml::Sanitize,
        Some(localize),
        &saw_raw_html,
    );
    let finished = html::write_html_fmt(&mut sink, events).is_ok();
    if saw_raw_html.get() {
        return whole();
    }
    let text = decode_entities(sink.text.text);
    if finished
        || text
            .split_whitespace()
            .map(|w| w.chars().count() + 1)
            .sum::<usize>()
            > enough
    {
        text
    } else {
        whole()
    }
}

/// Keeps the text outside tags of the HTML written to it, as `strip_tags` does, and refuses
/// more once it holds `stop_at` bytes (so that only whole writes are kept).
struct PlainText {
    text: Untagged,
    stop_at: usize,
    stopped: bool,
}

impl std::fmt::Write for PlainText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.stopped {
            return Err(std::fmt::Error);
        }
        self.text.push(s);
        self.stopped = self.text.text.len() >= self.stop_at;
        Ok(())
    }
}

/// The document's events as every rendering sees them: prose localized, footnote labels
/// prefixed, script URLs neutralised and raw HTML shown as text when `raw` says so; `saw_raw_html`
/// is set when raw HTML passes through (to be sanitized after).
fn events<'a>(
    markdown: &'a str,
    prefix: &'a str,
    raw: RawHtml,
    localize: Option<&'a dyn Fn(&str) -> String>,
    saw_raw_html: &'a Cell<bool>,
) -> impl Iterator<Item = Event<'a>> + 'a {
    let mut in_code_block = false;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let prefixed =
        move |label: CowStr<'_>| -> CowStr<'static> { CowStr::from(format!("{prefix}fn-{label}")) };
    Parser::new_ext(markdown, options).map(move |event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            in_code_block = true;
            Event::Start(Tag::CodeBlock(kind))
        }
        Event::End(TagEnd::CodeBlock) => {
            in_code_block = false;
            Event::End(TagEnd::CodeBlock)
        }
        Event::Text(text) if !in_code_block => match localize {
            Some(localize) => Event::Text(CowStr::from(localize(&text))),
            None => Event::Text(text),
        },
        Event::Html(html) | Event::InlineHtml(html) if raw == RawHtml::Escape => Event::Text(html),
        Event::Html(html) => {
            saw_raw_html.set(true);
            Event::Html(html)
        }
        Event::InlineHtml(html) => {
            saw_raw_html.set(true);
            Event::InlineHtml(html)
        }
        Event::FootnoteReference(label) => Event::FootnoteReference(prefixed(label)),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(prefixed(label)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if raw != RawHtml::Trusted && is_unsafe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if raw != RawHtml::Trusted && is_unsafe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        other => other,
    })
}

/// Table cell alignment (`---:`) as classes (`align-end`), not inline `style`, which the site's
/// Content-Security-Policy refuses. Left and right become start and end, so that a column
/// aligned to the right in an English table is aligned to the left in an Arabic one.
fn alignment_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    let mut out = html;
    for (style, class) in [("left", "start"), ("center", "center"), ("right", "end")] {
        for cell in ["th", "td"] {
            out = out.replace(
                &format!("<{cell} style=\"text-align: {style}\">"),
                &format!("<{cell} class=\"align-{class}\">"),
            );
        }
    }
    out
}

/// Wraps each table in a box that scrolls sideways on its own and can be reached with the
/// keyboard, so that a wide table never makes the whole page scroll on a phone.
fn scrolling_tables(html: String) -> String {
    if !html.contains("<table") {
        return html;
    }
    html.replace(
        "<table>",
        "<div class=\"table-scroll\" tabindex=\"0\"><table>",
    )
    .replace("</table>", "</table></div>")
}

/// Keeps the harmless part of an HTML fragment: ammonia's allow-list of tags and attributes,
/// plus what Markdown itself produces (footnote classes and ids, table cell alignment classes).
/// Script, event handlers, `style`, forms, frames and script URLs are removed.
fn sanitize(html: &str) -> String {
    const ALIGN_CLASSES: [&str; 3] = ["align-start", "align-center", "align-end"];
    ammonia::Builder::default()
        .add_tag_attributes("div", ["id"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("th", ALIGN_CLASSES)
        .add_allowed_classes("td", ALIGN_CLASSES)
        .link_rel(None)
        .clean(html)
        .to_string()
}

/// Does `url` use a scheme that could run script (`javascript:`, `vbscript:`, `data:`)?
pub fn is_unsafe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_paragraphs_lists_and_tables() {
        let html = to_html(
            "A *b*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "x-",
            RawHtml::Sanitize,
        );
        assert!(html.contains("<p>A <em>b</em></p>"));
        assert!(html.contains("<li>one</li>"));
        assert!(html.contains("<td>1</td>"));
    }

    #[test]
    fn raw_html_can_be_shown_as_text() {
        let html = to_html(
            "<script>alert(1)</script>\n\nHi <b>there</b>",
            "x-",
            RawHtml::Escape,
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn raw_html_is_sanitized_by_default() {
        let source = "<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b> \
             <a href=\"javascript:alert(1)\">a</a> <img src=x onerror=alert(1)>\n\n\
             <iframe src=\"https://evil.example/\"></iframe><span style=\"position:fixed\">s</span>\n\n\
             Text[^1]\n\n[^1]: Note.\n\n| a |\n|:-:|\n| 1 |\n";
        let html = to_html(source, "x-", RawHtml::Sanitize);
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onclick",
            "javascript:",
            "onerror",
            "<iframe",
            "position:fixed",
        ] {
            assert!(!lower.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("<b>there</b>"), "{html}");
        assert!(html.contains("id=\"x-fn-1\""), "{html}");
        assert!(html.contains("class=\"footnote-reference\""), "{html}");
        assert!(html.contains("class=\"align-center\""), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn table_alignment_is_a_class_and_tables_scroll_in_their_own_box() {
        let html = to_html(
            "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
            "x-",
            RawHtml::Sanitize,
        );
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<td class=\"align-start\">1</td>"), "{html}");
        assert!(html.contains("<td class=\"align-center\">2</td>"), "{html}");
        assert!(html.contains("<th class=\"align-end\">c</th>"), "{html}");
        assert!(
            html.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>")
                && html.contains("</table></div>"),
            "{html}"
        );
    }

    #[test]
    fn trusted_sites_keep_their_raw_html() {
        let html = to_html("<div class=\"box\">Hi</div>", "x-", RawHtml::Trusted);
        assert!(html.contains("<div class=\"box\">Hi</div>"), "{html}");
    }

    #[test]
    fn markdown_without_raw_html_is_left_as_rendered() {
        let source = "A *b* [c](../c/)\n";
        assert_eq!(
            to_html(source, "x-", RawHtml::Sanitize),
            to_html(source, "x-", RawHtml::Escape)
        );
    }

    #[test]
    fn prose_is_localized_but_code_and_urls_are_not() {
        let to_x = |t: &str| t.replace('2', "٢");
        let html = to_html_localized(
            "In 2013, see [page 2](../p2/) and `v2`.\n\n```\nx = 2\n```\n",
            "x-",
            RawHtml::Sanitize,
            &to_x,
        );
        assert!(html.contains("In ٢013"), "{html}");
        assert!(html.contains("page ٢</a>"), "{html}");
        assert!(html.contains("href=\"../p2/\""), "{html}");
        assert!(html.contains("<code>v2</code>"), "{html}");
        assert!(html.contains("x = 2"), "{html}");
    }

    #[test]
    fn footnote_ids_are_prefixed() {
        let html = to_html("Text[^1]\n\n[^1]: Note.\n", "n11-", RawHtml::Sanitize);
        assert!(html.contains("href=\"#n11-fn-1\""), "{html}");
        assert!(html.contains("id=\"n11-fn-1\""), "{html}");
    }

    #[test]
    fn script_links_are_neutralised() {
        let html = to_html(
            "[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))",
            "p-",
            RawHtml::Sanitize,
        );
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn the_start_of_the_plain_text_is_that_of_the_whole_page() {
        let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let long = "Word &amp; <em>more</em> words, 2013. ".repeat(40);
        let docs = [
            format!("{long}\n\n| a | b |\n|:--|--:|\n| 1 &lt; 2 | x |\n\n{long}"),
            format!("Text[^1] & more.\n\n[^1]: A note.\n\n{long}"),
            format!("![alt text](c.svg) `code <b>` and\n\n```\n<pre> & 1\n```\n\n{long}"),
            format!("Raw <b onclick=\"x()\">bold</b> <script>alert(1)</script> {long}"),
            "Short & plain.".to_owned(),
            String::new(),
        ];
        let digits = |s: &str| s.replace('2', "٢");
        for doc in &docs {
            let whole = collapse(&crate::render::strip_tags(&to_html_localized(
                doc,
                "s-",
                RawHtml::Sanitize,
                &digits,
            )));
            for enough in [1, 10, 100, 1500] {
                let start = collapse(&plain_start(doc, &digits, enough));
                assert!(whole.starts_with(&start), "{doc:?} at {enough}: {start:?}");
                assert!(
                    start.chars().count() >= enough || start == whole,
                    "{doc:?}: only {start:?} for {enough}"
                );
            }
        }
    }
}
