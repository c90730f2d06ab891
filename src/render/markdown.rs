//! Markdown to HTML, the same way for narratives, pages and Markdown fields in TOML.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// Renders Markdown to HTML. Raw HTML in the source is shown as text, not passed through, so
/// content cannot inject markup; footnote ids are prefixed with `prefix` so that several
/// documents on one page (and the page's own ids) never clash.
pub fn to_html(markdown: &str, prefix: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let prefixed =
        |label: CowStr<'_>| -> CowStr<'static> { CowStr::from(format!("{prefix}fn-{label}")) };
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::FootnoteReference(label) => Event::FootnoteReference(prefixed(label)),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(prefixed(label)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_unsafe_url(&dest_url) => Event::Start(Tag::Link {
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
        }) if is_unsafe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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
        );
        assert!(html.contains("<p>A <em>b</em></p>"));
        assert!(html.contains("<li>one</li>"));
        assert!(html.contains("<td>1</td>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("<script>alert(1)</script>\n\nHi <b>there</b>", "x-");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn footnote_ids_are_prefixed() {
        let html = to_html("Text[^1]\n\n[^1]: Note.\n", "n11-");
        assert!(html.contains("href=\"#n11-fn-1\""), "{html}");
        assert!(html.contains("id=\"n11-fn-1\""), "{html}");
    }

    #[test]
    fn script_links_are_neutralised() {
        let html = to_html("[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))", "p-");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }
}
