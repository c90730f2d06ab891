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
use super::kept::Parts;
use super::{strip_tags, RenderContext, RenderedFile, Renderer};
use crate::i18n::machine_number;
use crate::model::iati::reporting_organisation;
use crate::model::{
    Figure, Funds, Indicator, Kind, Organisation, Period, Role, Site, Text, Trend, Value,
};

/// Writes `data/iati-activities.xml`.
pub struct IatiRenderer;

impl Renderer for IatiRenderer {
    fn name(&self) -> &'static str {
        "iati"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        let (site, ui) = (ctx.site, &ctx.theme.ui);
        let kept = match &ctx.kept_parts {
            Some(k) => Some(
                k.iati
                    .parts(site, ctx.scope, |i| Ok(indicator_part(site, ui, i)))?,
            ),
            None => None,
        };
        Ok(vec![RenderedFile::text(
            format!("{DATA_DIR}/{IATI_FILE}"),
            activity_file(site, &ctx.base_url, ui, kept.as_ref()),
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

    /// One `narrative` per IATI language the text is written in, in the site's language order:
    /// languages without an IATI code are left out, and of two with the same code the first
    /// is written.
    fn narratives(&mut self, site: &Site, t: &Text, plain: fn(&str) -> String) {
        let mut written: Vec<&str> = Vec::new();
        for lang in &site.config.languages {
            let Some(code) = lang.iati_lang.as_deref() else {
                continue;
            };
            if written.contains(&code) {
                continue;
            }
            if let Some(s) = t.get(&lang.code) {
                written.push(code);
                let s = plain(s);
                self.line(&format!(
                    "<narrative xml:lang=\"{}\">{}</narrative>",
                    esc(code),
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

/// A `<comment>` holding the texts `texts`, if there are any.
fn comment(x: &mut Xml, site: &Site, texts: &[Text]) {
    if texts.is_empty() {
        return;
    }
    x.open("comment");
    for t in texts {
        x.narratives(site, t, str::to_owned);
    }
    x.close("comment");
}

/// The label of the term `t` in every language it has.
fn term_label(site: &Site, t: &str) -> Text {
    site.term(t).map_or_else(
        || Text::single(&site.config.default_language, t),
        |t| t.label.clone(),
    )
}

/// A figure as a `target` or `actual` element: a number as `value`, a term as a comment with
/// the term's label; `notes` become a comment too.
fn figure_element(
    x: &mut Xml,
    site: &Site,
    name: &str,
    f: &Figure,
    dims: &[(String, String)],
    notes: &[Text],
) {
    let (attrs, mut texts) = match f {
        Figure::Number(n) => (format!(" value=\"{}\"", n.as_str()), Vec::new()),
        Figure::Term(t) => (String::new(), vec![term_label(site, t)]),
    };
    texts.extend(notes.iter().cloned());
    if dims.is_empty() && texts.is_empty() {
        x.line(&format!("<{name}{attrs}/>"));
        return;
    }
    x.open(&format!("{name}{attrs}"));
    for (d, c) in dims {
        x.line(&format!(
            "<dimension name=\"{}\" value=\"{}\"/>",
            esc(d),
            esc(c)
        ));
    }
    comment(x, site, &texts);
    x.close(name);
}

/// Whether a value's parts fail to add up to its total, where its dimension says they should.
fn parts_differ(site: &Site, i: &Indicator, v: &Value) -> bool {
    let sums = i
        .disaggregation
        .as_deref()
        .and_then(|d| site.dimension(d))
        .is_some_and(|d| d.sums_to_total);
    match (&v.actual, sums && !v.breakdown.is_empty()) {
        (Some(Figure::Number(total)), true) => {
            let sum: f64 = v.breakdown.iter().map(|(_, n)| n.value()).sum();
            (sum - total.value()).abs() > 1e-9
        }
        _ => false,
    }
}

/// One result period: target (when it can be one), actual and breakdown. A word target of a
/// quantitative indicator is no `<target>` (IATI wants a number there) but a comment of the
/// actual, after the interface's "Target:" wording.
fn period_element(
    x: &mut Xml,
    site: &Site,
    ui: &crate::i18n::UiStrings,
    i: &Indicator,
    p: &Period,
    v: &Value,
) {
    x.open("period");
    x.line(&format!("<period-start iso-date=\"{}\"/>", p.start));
    x.line(&format!("<period-end iso-date=\"{}\"/>", p.end));
    let mut notes = Vec::new();
    // The period's own target where it has one (a milestone on the way), else the indicator's.
    match (v.target.as_ref().or(i.target.as_ref()), i.kind) {
        (Some(t), Kind::Milestone) | (Some(t @ Figure::Number(_)), _) => {
            figure_element(x, site, "target", t, &[], &[]);
        }
        (Some(Figure::Term(t)), _) => {
            let label = term_label(site, t);
            let d = &site.config.default_language;
            notes.push(ui_text(
                site,
                ui,
                "opendata.iati_target_words",
                &|lang, s| s.replace("{target}", label.resolve(lang, d).text),
            ));
        }
        (None, _) => {}
    }
    if parts_differ(site, i, v) {
        notes.extend(v.notes.iter().cloned());
    }
    if let Some(a) = &v.actual {
        figure_element(x, site, "actual", a, &[], &notes);
    }
    let dimension = i.disaggregation.as_deref().unwrap_or_default();
    for (c, n) in &v.breakdown {
        let dims = [(dimension.to_owned(), c.clone())];
        figure_element(x, site, "actual", &Figure::Number(n.clone()), &dims, &[]);
    }
    x.close("period");
}

/// An indicator with its periods. Periods that start before the activity do not become result
/// periods: IATI reads such a figure as a baseline, not as a result of the activity.
/// How deep an `indicator` element is in the file (in `iati-activities`, `iati-activity`
/// and `result`).
const INDICATOR_DEPTH: usize = 3;

/// The `indicator` element of `i`, indented for its place in the file.
fn indicator_part(site: &Site, ui: &crate::i18n::UiStrings, i: &Indicator) -> String {
    let mut x = Xml {
        out: String::new(),
        depth: INDICATOR_DEPTH,
    };
    indicator_element(&mut x, site, ui, i);
    x.out
}

fn indicator_element(x: &mut Xml, site: &Site, ui: &crate::i18n::UiStrings, i: &Indicator) {
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
    let start = site.programme.start_date;
    for (p, v) in site.history(&i.id) {
        if start.is_some_and(|s| p.start < s) {
            continue;
        }
        period_element(x, site, ui, i, p, v);
    }
    x.close("indicator");
}

/// The `ref` of an organisation that must have one: its `iati_ref`, else one made from the
/// site's prefix.
fn required_ref(o: &Organisation, prefix: &str) -> String {
    o.iati_ref
        .clone()
        .unwrap_or_else(|| format!("{prefix}-org-{}", o.id))
}

/// `ref` and `type` attributes of an organisation, as far as the content gives them.
fn org_attrs(o: &Organisation) -> String {
    let mut a = String::new();
    if let Some(r) = &o.iati_ref {
        a.push_str(&format!(" ref=\"{}\"", esc(r)));
    }
    a.push_str(&format!(" type=\"{}\"", esc(&org_type(o))));
    a
}

/// An organisation element (`participating-org`, `provider-org`, …) with its name.
fn org_element(x: &mut Xml, site: &Site, name: &str, o: &Organisation, extra: &str) {
    x.open(&format!("{name}{}{extra}", org_attrs(o)));
    x.narratives(site, &o.name, str::to_owned);
    x.close(name);
}

/// The reporting organisation and the activity's identifier.
fn reporting(x: &mut Xml, site: &Site, prefix: &str) {
    let p = &site.programme;
    let reporter = reporting_organisation(&p.organisations);
    let reporter_ref = reporter.map_or_else(|| prefix.to_owned(), |o| required_ref(o, prefix));
    let identifier = p
        .iati_identifier
        .clone()
        .unwrap_or_else(|| format!("{reporter_ref}-{prefix}"));
    x.line(&format!(
        "<iati-identifier>{}</iati-identifier>",
        esc(&identifier)
    ));
    match reporter {
        Some(o) => {
            x.open(&format!(
                "reporting-org ref=\"{}\" type=\"{}\"",
                esc(&reporter_ref),
                esc(&org_type(o))
            ));
            x.narratives(site, &o.name, str::to_owned);
            x.close("reporting-org");
        }
        None => {
            x.open(&format!(
                "reporting-org ref=\"{}\" type=\"90\"",
                esc(prefix)
            ));
            x.narratives(site, &site.config.title, str::to_owned);
            x.close("reporting-org");
        }
    }
}

/// Participating organisations: 1 Funding for funders, 4 Implementing for the participating
/// UN organisations and the national partner. Other organisations have no IATI role.
fn participating(x: &mut Xml, site: &Site, prefix: &str) {
    let mut any = false;
    for o in &site.programme.organisations {
        let role = match o.role {
            Role::Funding => "1",
            Role::Agency | Role::Partner => "4",
            Role::Other => continue,
        };
        org_element(
            x,
            site,
            "participating-org",
            o,
            &format!(" role=\"{role}\""),
        );
        any = true;
    }
    if !any {
        x.line(&format!(
            "<participating-org ref=\"{}\" role=\"4\"/>",
            esc(prefix)
        ));
    }
}

/// Status and dates: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
fn status_and_dates(x: &mut Xml, site: &Site) {
    let p = &site.programme;
    // 2 = Implementation; 3 = Finalisation once the latest period reaches the completion date.
    let status = match (site.current_period(), p.completion_date) {
        _ if p.actual_completion_date.is_some() => "3",
        (Some(c), Some(end)) if c.end >= end => "3",
        _ => "2",
    };
    x.line(&format!("<activity-status code=\"{status}\"/>"));
    let dates = [
        ("1", p.start_date),
        ("2", p.actual_start_date),
        ("3", p.completion_date),
        ("4", p.actual_completion_date),
    ];
    let mut dated = false;
    for (code, date) in dates {
        if let Some(d) = date {
            x.line(&format!(
                "<activity-date type=\"{code}\" iso-date=\"{d}\"/>"
            ));
            dated = true;
        }
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
}

/// Recipient countries and regions, and sectors.
fn classifications(x: &mut Xml, site: &Site) {
    let p = &site.programme;
    for c in &p.recipient_countries {
        x.line(&format!("<recipient-country code=\"{}\"/>", esc(c)));
    }
    for r in &p.recipient_regions {
        x.line(&format!(
            "<recipient-region code=\"{}\" vocabulary=\"1\"/>",
            esc(r)
        ));
    }
    for s in &p.sectors {
        let share = s.percentage.map_or_else(String::new, |n| {
            format!(" percentage=\"{}\"", machine_number(n))
        });
        x.line(&format!(
            "<sector code=\"{}\" vocabulary=\"{}\"{share}/>",
            esc(&s.code),
            esc(&s.vocabulary)
        ));
    }
}

/// Decimal places of `n` as written (`5848841.07` → 2).
fn decimals(n: f64) -> i32 {
    format!("{n}")
        .split_once('.')
        .map_or(0, |(_, f)| f.len() as i32)
}

/// `now - before`, rounded to the decimal places the figures are written with, so that
/// `5848841.07 - 3000000.5` is `2848840.57`, not a binary approximation of it.
pub fn difference(now: f64, before: f64) -> f64 {
    let scale = 10f64.powi(decimals(now).max(decimals(before)).min(9));
    ((now - before) * scale).round() / scale
}

/// What one organisation's cumulative figures changed by in each period, oldest first:
/// `(period, committed change, disbursed change)`, each `None` where it did not change.
fn changes<'a>(site: &'a Site, org: &str) -> Vec<(&'a Period, Option<f64>, Option<f64>)> {
    let mut before = (0.0, 0.0);
    let mut out = Vec::new();
    for period in &site.periods {
        let Some(f) = period
            .funds
            .iter()
            .find(|f: &&Funds| f.organisation.as_deref() == Some(org))
        else {
            continue;
        };
        let step = |now: Option<f64>, prev: &mut f64| {
            let now = now?;
            let d = difference(now, *prev);
            *prev = now;
            (d != 0.0).then_some(d)
        };
        let committed = step(f.committed, &mut before.0);
        let disbursed = step(f.disbursed, &mut before.1);
        out.push((period, committed, disbursed));
    }
    out
}

/// Transactions: what each organisation committed (2) and disbursed (3) during each period,
/// the change in its reported cumulative totals, dated at the period's end, so that adding up
/// the transactions gives the latest totals. The provider is the funding organisation; the
/// receiver the organisation whose funds they are, unless that would make an organisation
/// pay itself. Totals over organisations are left out: they would count the money twice.
fn transactions(x: &mut Xml, site: &Site, ui: &crate::i18n::UiStrings) {
    let p = &site.programme;
    let funder = p.organisations.iter().find(|o| o.role == Role::Funding);
    let reporter = reporting_organisation(&p.organisations);
    for org in &p.organisations {
        let payer = funder.or(reporter).map(|o| o.id.as_str());
        let receiver = (payer != Some(org.id.as_str())).then_some(org);
        for (period, committed, disbursed) in changes(site, &org.id) {
            for (code, key, amount) in [
                ("2", "opendata.iati_committed", committed),
                ("3", "opendata.iati_disbursed", disbursed),
            ] {
                let Some(amount) = amount else { continue };
                let tx = Transaction {
                    code,
                    key,
                    amount,
                    period,
                    org,
                };
                transaction(x, site, ui, &tx, funder, receiver);
            }
        }
    }
}

/// One transaction to write.
struct Transaction<'a> {
    code: &'a str,
    key: &'a str,
    amount: f64,
    period: &'a Period,
    org: &'a Organisation,
}

fn transaction(
    x: &mut Xml,
    site: &Site,
    ui: &crate::i18n::UiStrings,
    tx: &Transaction<'_>,
    provider: Option<&Organisation>,
    receiver: Option<&Organisation>,
) {
    let d = &site.config.default_language;
    x.open("transaction");
    x.line(&format!("<transaction-type code=\"{}\"/>", tx.code));
    x.line(&format!(
        "<transaction-date iso-date=\"{}\"/>",
        tx.period.end
    ));
    x.line(&format!(
        "<value value-date=\"{}\">{}</value>",
        tx.period.end,
        machine_number(tx.amount)
    ));
    let text = ui_text(site, ui, tx.key, &|lang, s| {
        s.replace("{organisation}", tx.org.name.resolve(lang, d).text)
            .replace("{period}", tx.period.label.resolve(lang, d).text)
    });
    x.text_element("description", "", site, &text);
    if let Some(o) = provider {
        org_element(x, site, "provider-org", o, "");
    }
    if let Some(o) = receiver {
        org_element(x, site, "receiver-org", o, "");
    }
    x.close("transaction");
}

/// The whole activity file.
/// The activity file of `site`; the indicators' elements as `kept`, when they are.
pub fn activity_file(
    site: &Site,
    base_url: &str,
    ui: &crate::i18n::UiStrings,
    kept: Option<&Parts<String>>,
) -> String {
    let prefix = site_prefix(base_url);
    let p = &site.programme;
    let mut x = Xml {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        depth: 0,
    };
    x.line(&format!(
        "<!-- Generated by Shafaf from {}. Organisations without a registered identifier (iati_ref) are named without one; see docs/open-data.md. -->",
        esc(base_url)
    ));
    x.open(&format!(
        "iati-activities version=\"2.03\" linked-data-default=\"{}\"",
        esc(base_url)
    ));
    let lang = site
        .default_language()
        .iati_lang
        .as_deref()
        .map_or_else(String::new, |l| format!(" xml:lang=\"{}\"", esc(l)));
    x.open(&format!(
        "iati-activity{lang} default-currency=\"{}\"",
        esc(&p.currency)
    ));
    reporting(&mut x, site, &prefix);
    x.text_element("title", "", site, &p.title);
    let description = p.description.as_ref().unwrap_or(&p.title);
    x.open("description type=\"1\"");
    x.narratives(site, description, markdown_plain);
    x.close("description");
    if let Some(o) = &p.immediate_objective {
        x.text_element("description", " type=\"2\"", site, o);
    }
    participating(&mut x, site, &prefix);
    status_and_dates(&mut x, site);
    classifications(&mut x, site);
    transactions(&mut x, site, ui);
    for o in &site.results.outputs {
        let indicators: Vec<&Indicator> = site.indicators_of(&o.id).collect();
        if indicators.is_empty() {
            continue;
        }
        // 1 = Output.
        x.open("result type=\"1\"");
        x.text_element("title", "", site, &o.title);
        debug_assert_eq!(x.depth, INDICATOR_DEPTH);
        for i in indicators {
            match kept {
                Some(kept) => x.out.push_str(&kept[&i.id]),
                None => indicator_element(&mut x, site, ui, i),
            }
        }
        x.close("result");
    }
    x.close("iati-activity");
    x.close("iati-activities");
    x.out
}

/// IATI organisation type: `iati_type` when the content gives it; else 40 multilateral for
/// participating UN organisations (what the content's `agency` means), 90 other for the rest.
fn org_type(o: &Organisation) -> String {
    o.iati_type.clone().unwrap_or_else(|| {
        match o.role {
            Role::Agency => "40",
            Role::Partner | Role::Other | Role::Funding => "90",
        }
        .to_owned()
    })
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
