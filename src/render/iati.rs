//! The programme as an IATI 2.03 activity file (`data/iati-activities.xml`).
//!
//! Aid transparency tools (d-portal, the IATI datastore, donors' dashboards) read the IATI
//! Standard, not our pages. This renderer maps the model onto one `iati-activity` as far as the
//! data goes and no further: what the content does not say (registered organisation identifiers,
//! recipient country, sectors, budget, baselines) is left out, never made up. `docs/open-data.md`
//! lists what is missing and how identifiers are formed.
//!
//! Identifiers: the content has no registered IATI organisation identifiers, so every `ref` is
//! built from the site's own prefix, [`site_prefix`] (its base URL's host and path), which a
//! publisher replaces with their registered prefix before publishing to the IATI Registry.

use anyhow::Result;

use super::data::{DATA_DIR, IATI_FILE};
use super::{strip_tags, RenderContext, RenderedFile, Renderer};
use crate::i18n::machine_number;
use crate::model::{Figure, Indicator, Kind, Role, Site, Text, Trend};

/// Writes `data/iati-activities.xml`.
pub struct IatiRenderer;

impl Renderer for IatiRenderer {
    fn name(&self) -> &'static str {
        "iati"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        Ok(vec![RenderedFile::text(
            format!("{DATA_DIR}/{IATI_FILE}"),
            activity_file(ctx.site, &ctx.base_url, &ctx.theme.ui),
        )])
    }
}

/// The site's own identifier prefix: the base URL without scheme, every run of characters other
/// than letters and digits made one `-` (`https://example.org/shafaf/` → `example-org-shafaf`).
pub fn site_prefix(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let mut out = String::new();
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "shafaf".into()
    } else {
        out
    }
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Writer of indented XML.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn line(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn open(&mut self, s: &str) {
        self.line(&format!("<{s}>"));
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(&format!("</{name}>"));
    }

    /// One `narrative` per site language the text is written in, in the site's language order.
    fn narratives(&mut self, site: &Site, t: &Text, plain: fn(&str) -> String) {
        for lang in &site.config.languages {
            if let Some(s) = t.get(&lang.code) {
                let s = plain(s);
                self.line(&format!(
                    "<narrative xml:lang=\"{}\">{}</narrative>",
                    esc(&lang.code),
                    esc(s.trim())
                ));
            }
        }
    }

    /// `<name>` holding the narratives of `t`.
    fn text_element(&mut self, name: &str, attrs: &str, site: &Site, t: &Text) {
        self.open(&format!("{name}{attrs}"));
        self.narratives(site, t, str::to_owned);
        self.close(name);
    }
}

/// Plain text of a Markdown text: rendered, tags removed, white space collapsed.
fn markdown_plain(s: &str) -> String {
    strip_tags(&super::markdown::to_html(
        s,
        "iati-",
        super::markdown::RawHtml::Sanitize,
    ))
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

/// A text whose every language is an interface string with `{name}` filled in.
fn ui_text(
    site: &Site,
    ui: &crate::i18n::UiStrings,
    key: &str,
    fill: &dyn Fn(&str, &str) -> String,
) -> Text {
    let d = &site.config.default_language;
    let mut t = Text::single(d, fill(d, ui.get(d, key).map_or(key, |(s, _)| s)));
    for lang in &site.config.languages {
        if let Some((s, false)) = ui.get(&lang.code, key) {
            t.insert(&lang.code, fill(&lang.code, s));
        }
    }
    t
}

/// The IATI indicator measure code: 1 unit, 2 percentage, 5 qualitative.
fn measure(kind: Kind) -> &'static str {
    match kind {
        Kind::Count | Kind::Money => "1",
        Kind::Percentage => "2",
        Kind::Milestone => "5",
    }
}

/// A figure as a `target` or `actual` element: a number as `value`, a term as a comment with
/// the term's label.
fn figure_element(x: &mut Xml, site: &Site, name: &str, f: &Figure, dims: &[(String, String)]) {
    let dims_xml = |x: &mut Xml| {
        for (d, c) in dims {
            x.line(&format!(
                "<dimension name=\"{}\" value=\"{}\"/>",
                esc(d),
                esc(c)
            ));
        }
    };
    match f {
        Figure::Number(n) if dims.is_empty() => {
            x.line(&format!("<{name} value=\"{}\"/>", n.as_str()));
        }
        Figure::Number(n) => {
            x.open(&format!("{name} value=\"{}\"", n.as_str()));
            dims_xml(x);
            x.close(name);
        }
        Figure::Term(t) => {
            x.open(name);
            dims_xml(x);
            let label = site.term(t).map_or_else(
                || Text::single(&site.config.default_language, t),
                |t| t.label.clone(),
            );
            x.text_element("comment", "", site, &label);
            x.close(name);
        }
    }
}

fn indicator_element(x: &mut Xml, site: &Site, i: &Indicator) {
    // `ascending`: whether a higher figure is better (false for `direction = "decrease"`).
    let ascending = if i.direction == Trend::Decrease {
        "0"
    } else {
        "1"
    };
    x.open(&format!(
        "indicator measure=\"{}\" ascending=\"{ascending}\"",
        measure(i.kind)
    ));
    x.text_element("title", "", site, &i.title);
    if let Some(rt) = &i.reported_title {
        x.text_element("description", "", site, rt);
    }
    // IATI requires a baseline's year: a baseline without a date is left out here.
    if let Some((b, date)) = i.baseline.as_ref().and_then(|b| b.date.map(|d| (b, d))) {
        let value = b
            .value
            .exact()
            .map(|n| format!(" value=\"{}\"", n.as_str()))
            .unwrap_or_default();
        x.line(&format!(
            "<baseline year=\"{}\" iso-date=\"{date}\"{value}/>",
            date.year
        ));
    }
    let dimension = i.disaggregation.as_deref().unwrap_or_default();
    for (p, v) in site.history(&i.id) {
        x.open("period");
        x.line(&format!("<period-start iso-date=\"{}\"/>", p.start));
        x.line(&format!("<period-end iso-date=\"{}\"/>", p.end));
        if let Some(t) = v.target.as_ref().or(i.target.as_ref()) {
            figure_element(x, site, "target", t, &[]);
        }
        if let Some(a) = &v.actual {
            figure_element(x, site, "actual", a, &[]);
        }
        for (c, n) in &v.breakdown {
            figure_element(
                x,
                site,
                "actual",
                &Figure::Number(n.clone()),
                &[(dimension.to_owned(), c.clone())],
            );
        }
        x.close("period");
    }
    x.close("indicator");
}

/// The whole activity file.
pub fn activity_file(site: &Site, base_url: &str, ui: &crate::i18n::UiStrings) -> String {
    let prefix = site_prefix(base_url);
    let org_ref = |id: &str| format!("{prefix}-org-{id}");
    let p = &site.programme;
    let d = &site.config.default_language;
    let mut x = Xml {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        depth: 0,
    };
    x.line(&format!(
        "<!-- Generated by Shafaf from {}. Identifiers use this site's own prefix ({prefix}), not registered IATI identifiers: see docs/open-data.md. -->",
        esc(base_url)
    ));
    x.open(&format!(
        "iati-activities version=\"2.03\" linked-data-default=\"{}\"",
        esc(base_url)
    ));
    x.open(&format!(
        "iati-activity xml:lang=\"{}\" default-currency=\"{}\"",
        esc(d),
        esc(&p.currency)
    ));
    x.line(&format!(
        "<iati-identifier>{}</iati-identifier>",
        esc(&format!("{prefix}-programme"))
    ));
    // The reporting organisation: the lead participating agency (the first one listed), which
    // writes the progress report the site publishes.
    let reporter = p
        .organisations
        .iter()
        .find(|o| o.role == Role::Agency)
        .or_else(|| p.organisations.first());
    match reporter {
        Some(o) => {
            x.open(&format!(
                "reporting-org ref=\"{}\" type=\"{}\"",
                esc(&org_ref(&o.id)),
                org_type(o.role)
            ));
            x.narratives(site, &o.name, str::to_owned);
            x.close("reporting-org");
        }
        None => {
            x.open(&format!(
                "reporting-org ref=\"{}\" type=\"90\"",
                esc(&prefix)
            ));
            x.narratives(site, &site.config.title, str::to_owned);
            x.close("reporting-org");
        }
    }
    x.text_element("title", "", site, &p.title);
    let description = p.description.as_ref().unwrap_or(&p.title);
    x.open("description type=\"1\"");
    x.narratives(site, description, markdown_plain);
    x.close("description");
    if let Some(o) = &p.immediate_objective {
        x.text_element("description", " type=\"2\"", site, o);
    }
    for o in &p.organisations {
        // 4 = Implementing: the participating UN organisations lead outputs and spend the funds;
        // the national partner implements with them. Other organisations have no IATI role.
        if matches!(o.role, Role::Agency | Role::Partner) {
            x.open(&format!(
                "participating-org ref=\"{}\" type=\"{}\" role=\"4\"",
                esc(&org_ref(&o.id)),
                org_type(o.role)
            ));
            x.narratives(site, &o.name, str::to_owned);
            x.close("participating-org");
        }
    }
    if !p
        .organisations
        .iter()
        .any(|o| matches!(o.role, Role::Agency | Role::Partner))
    {
        x.line(&format!(
            "<participating-org ref=\"{}\" role=\"4\"/>",
            esc(&prefix)
        ));
    }
    // 2 = Implementation; 3 = Finalisation once the latest period reaches the completion date.
    let current = site.current_period();
    let status = match (current, p.completion_date) {
        (Some(c), Some(end)) if c.end >= end => "3",
        _ => "2",
    };
    x.line(&format!("<activity-status code=\"{status}\"/>"));
    let mut dated = false;
    if let Some(s) = p.start_date {
        x.line(&format!("<activity-date type=\"1\" iso-date=\"{s}\"/>"));
        dated = true;
    }
    if let Some(e) = p.completion_date {
        x.line(&format!("<activity-date type=\"3\" iso-date=\"{e}\"/>"));
        dated = true;
    }
    if !dated {
        if let Some(first) = site.periods.first() {
            x.line(&format!(
                "<activity-date type=\"2\" iso-date=\"{}\"/>",
                first.start
            ));
        }
    }
    // The approved budget (type 1 original, status 2 committed), from the latest total funds
    // row that gives one, over the programme's dates.
    let approved = site
        .periods
        .iter()
        .rev()
        .flat_map(|p| p.funds.iter().filter(|f| f.organisation.is_none()))
        .find_map(|f| f.approved);
    if let (Some(amount), Some(start), Some(end)) = (approved, p.start_date, p.completion_date) {
        x.open("budget type=\"1\" status=\"2\"");
        x.line(&format!("<period-start iso-date=\"{start}\"/>"));
        x.line(&format!("<period-end iso-date=\"{end}\"/>"));
        x.line(&format!(
            "<value value-date=\"{}\">{}</value>",
            p.approval_date.unwrap_or(start),
            machine_number(amount)
        ));
        x.close("budget");
    }
    // Transactions: the cumulative amounts committed (2) and disbursed (3) per organisation as
    // reported, dated at the end of the period that reports them. Totals are left out: they are
    // the sum of the organisations' rows.
    for period in &site.periods {
        for f in period.funds.iter().filter(|f| f.organisation.is_some()) {
            let org = f
                .organisation
                .as_deref()
                .and_then(|id| site.organisation(id));
            let name = |lang: &str| {
                org.map_or_else(String::new, |o| o.name.resolve(lang, d).text.to_owned())
            };
            for (code, key, amount) in [
                ("2", "opendata.iati_committed", f.committed),
                ("3", "opendata.iati_disbursed", f.disbursed),
            ] {
                let Some(amount) = amount else { continue };
                x.open("transaction");
                x.line(&format!("<transaction-type code=\"{code}\"/>"));
                x.line(&format!("<transaction-date iso-date=\"{}\"/>", period.end));
                x.line(&format!(
                    "<value value-date=\"{}\">{}</value>",
                    period.end,
                    machine_number(amount)
                ));
                let text = ui_text(site, ui, key, &|lang, s| {
                    s.replace("{organisation}", &name(lang))
                        .replace("{period}", period.label.resolve(lang, d).text)
                });
                x.text_element("description", "", site, &text);
                if let Some(o) = org {
                    x.open(&format!(
                        "receiver-org ref=\"{}\" type=\"{}\"",
                        esc(&org_ref(&o.id)),
                        org_type(o.role)
                    ));
                    x.narratives(site, &o.name, str::to_owned);
                    x.close("receiver-org");
                }
                x.close("transaction");
            }
        }
    }
    for o in &site.results.outputs {
        let indicators: Vec<&Indicator> = site.indicators_of(&o.id).collect();
        if indicators.is_empty() {
            continue;
        }
        // 1 = Output.
        x.open("result type=\"1\"");
        x.text_element("title", "", site, &o.title);
        for i in indicators {
            indicator_element(&mut x, site, i);
        }
        x.close("result");
    }
    x.close("iati-activity");
    x.close("iati-activities");
    x.out
}

/// IATI organisation type: 40 multilateral for participating UN organisations (what the
/// content's `agency` means); 90 other for the rest, whose type the content does not say.
fn org_type(role: Role) -> &'static str {
    match role {
        Role::Agency => "40",
        Role::Partner | Role::Other => "90",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_come_from_the_base_url() {
        assert_eq!(
            site_prefix("https://example.org/shafaf/"),
            "example-org-shafaf"
        );
        assert_eq!(site_prefix("http://Example.org/"), "example-org");
        assert_eq!(site_prefix(""), "shafaf");
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(esc("a < b & \"c\"\u{1}"), "a &lt; b &amp; &quot;c&quot;");
    }
}
