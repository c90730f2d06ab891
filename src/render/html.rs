//! The HTML renderer: lays out the registry's pages (see [`super::pages`]) with what every page
//! of a language shares, and renders them in parallel.

use anyhow::{anyhow, Context as _, Result};
use minijinja::value::Serde;
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;

use super::pages::{self, LangCx, Page, PageSpec, Route};
use super::views::Localizer;
use super::{RenderContext, RenderedFile, Renderer};
use crate::model::Language;

/// Renders every HTML page of the site, and copies the theme's static files to `assets/`.
pub struct HtmlRenderer;

/// One page to render: where it goes, with which template and context.
struct Job {
    path: String,
    template: &'static str,
    ctx: Value,
    /// The page's language, when it has one (not the root language picker).
    lang: Option<String>,
}

/// Marker in `base.html` replaced by the notice about untranslated text, or removed.
const FALLBACK_MARKER: &str = "<!--shafaf:fallback-notice-->";

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<RenderedFile>> {
        super::collect(|sink| self.render_to(ctx, sink))
    }

    /// Renders one language at a time and hands each page over as soon as it is made, so that
    /// neither every page's context nor every page's HTML has to be held at once.
    fn render_to(&self, ctx: &RenderContext<'_>, sink: &super::Sink<'_>) -> Result<()> {
        let site = ctx.site;
        let all = ctx.scope.is_all();
        if all {
            sink(render_job(ctx, &language_picker(ctx))?)?;
        }
        // Charts are drawn while pages render (in parallel), from a shared copy of the model's
        // figures (they need no narratives).
        let shared = ctx
            .figures
            .clone()
            .unwrap_or_else(|| super::charts::SharedModel::new(site.figures_only()));
        let site_cx = pages::SiteCx::new(site, ctx.scope);
        let render_language = |lang: &Language| {
            let charts =
                super::charts::ChartsObject::new(shared.clone(), ctx.theme.ui.clone(), &lang.code);
            render_registry(ctx, &site_cx, lang, Value::from_object(charts), sink)
        };
        if all {
            // One language at a time: its pages are rendered in parallel already.
            site.config.languages.iter().try_for_each(render_language)?;
        } else {
            // A few pages in each language: the languages in parallel.
            site.config
                .languages
                .par_iter()
                .try_for_each(render_language)?;
        }
        for (name, bytes) in ctx.theme.static_files.iter().filter(|_| all) {
            sink(RenderedFile {
                path: format!("assets/{name}"),
                bytes: bytes.clone(),
            })?;
        }
        Ok(())
    }
}

fn render_job(ctx: &RenderContext<'_>, job: &Job) -> Result<RenderedFile> {
    let template = ctx
        .theme
        .env
        .get_template(job.template)
        .with_context(|| format!("the theme has no template `{}`", job.template))?;
    let mut html = template
        .render(&job.ctx)
        .map_err(|e| anyhow!("{}", describe_template_error(&e)))
        .with_context(|| format!("rendering {} with template {}", job.path, job.template))?;
    if let Some(lang) = &job.lang {
        let notice = if lang != &ctx.site.config.default_language && html.contains(" data-fallback")
        {
            fallback_notice(ctx, lang, &html)
        } else {
            String::new()
        };
        html = html.replacen(FALLBACK_MARKER, &notice, 1);
    }
    Ok(RenderedFile::text(job.path.clone(), html))
}

/// "Parts of this page … are shown in LANGUAGE", naming the languages the page's untranslated
/// parts are actually shown in (read from their `lang` attributes).
fn fallback_notice(ctx: &RenderContext<'_>, lang: &str, html: &str) -> String {
    let ui = &ctx.theme.ui;
    let mut shown: Vec<&str> = Vec::new();
    for tag in html.split('<').filter(|t| {
        t.split('>')
            .next()
            .is_some_and(|t| t.contains(" data-fallback"))
    }) {
        if let Some(code) = tag
            .split_once(" lang=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(code, _)| code)
        {
            if !shown.contains(&code) {
                shown.push(code);
            }
        }
    }
    let names: Vec<String> = shown
        .iter()
        .filter_map(|code| ctx.site.config.languages.iter().find(|l| l.code == *code))
        .map(|l| {
            format!(
                "<span lang=\"{}\" dir=\"{}\">{}</span>",
                l.code,
                l.direction.as_str(),
                minijinja::HtmlEscape(&l.name)
            )
        })
        .collect();
    let (text, fell_back) = match ui.get(lang, "fallback.shown_in") {
        Some((t, fell_back)) if !names.is_empty() => (
            minijinja::HtmlEscape(t).to_string().replace(
                "{language}",
                &names.join(ui.get(lang, "punct.sep").map_or(", ", |s| s.0)),
            ),
            fell_back,
        ),
        _ => {
            let (t, fell_back) = ui.get(lang, "notice.fallback").unwrap_or(("", false));
            (minijinja::HtmlEscape(t).to_string(), fell_back)
        }
    };
    // A notice in the default language's stead keeps that language's direction.
    let marks = if fell_back {
        let (lang, dir) = ui.fallback_marks();
        format!(" lang=\"{lang}\" dir=\"{dir}\"")
    } else {
        String::new()
    };
    format!("<p class=\"notice notice-fallback\" role=\"note\"{marks}>{text}</p>")
}

/// A template error with its template name, line and the chain of causes.
fn describe_template_error(e: &minijinja::Error) -> String {
    let mut s = format!("{e}");
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        s = format!("themes/…/templates/{name}:{line}: {s}");
    }
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        s.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    s
}

/// Converts any serializable view into a template value.
fn ser<T: Serialize>(t: T) -> Value {
    Value::from(Serde(t))
}

/// The relative path from a page at `path` back to the output root (`../../`).
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'static str,
    title: String,
}

fn language_picker(ctx: &RenderContext<'_>) -> Job {
    let site = ctx.site;
    let languages: Vec<LanguageLink> = site
        .config
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: &l.code,
            name: &l.name,
            dir: l.direction.as_str(),
            title: site
                .config
                .title
                .resolve(&l.code, &site.config.default_language)
                .text
                .to_owned(),
        })
        .collect();
    let d = site.default_language();
    Job {
        path: "index.html".into(),
        template: "language-picker.html",
        ctx: context! {
            lang => d.code.as_str(),
            default_lang => d.code.as_str(),
            dir => d.direction.as_str(),
            root => "",
            languages => ser(languages),
            base_url => ctx.base_url.as_str(),
            canonical => ctx.base_url.as_str(),
        },
        lang: None,
    }
}

/// The navigation entries of every page in one language.
#[derive(Serialize)]
struct NavItem {
    route: String,
    label: Value,
}

/// Lays out and renders every page of one language from the registry, in parallel, handing
/// each to `sink` as soon as it is made.
fn render_registry(
    ctx: &RenderContext<'_>,
    site_cx: &pages::SiteCx<'_>,
    lang: &Language,
    charts: Value,
    sink: &super::Sink<'_>,
) -> Result<()> {
    let cx = LangCx::new(site_cx, lang, &ctx.theme.ui);
    let specs = pages::pages(&cx, ctx.scope);
    let nav: Vec<NavItem> = specs
        .iter()
        .filter_map(|s| {
            s.nav.clone().map(|label| NavItem {
                route: s.route.href(),
                label,
            })
        })
        .collect();
    let base = base_context(ctx, &cx.l, nav, charts);
    let default = &ctx.site.config.default_language;
    specs
        .par_iter()
        .filter(|s| ctx.scope.wants(&s.route))
        .try_for_each(|spec| {
            let page = spec.make();
            for path in spec.route.paths(&lang.code, default) {
                let job = layout(ctx, lang, &base, spec, &page, path);
                sink(render_job(ctx, &job)?)?;
            }
            Ok(())
        })
}

/// The whole context of one page: the language's shared part, the page's own, and where it is.
fn layout(
    ctx: &RenderContext<'_>,
    lang: &Language,
    base: &Value,
    spec: &PageSpec<'_>,
    page: &Page,
    path: String,
) -> Job {
    let route = spec.route.href();
    let root = if spec.route == Route::NotFound {
        site_path(&ctx.base_url)
    } else {
        root_of(&path)
    };
    let about = context! {
        route => route.as_str(),
        title => page.title.clone(),
        draft => page.draft,
        canonical => format!("{}{}/{}", ctx.base_url, lang.code, route),
    };
    Job {
        ctx: context! { root, page => about, ..context! { ..page.extra.clone(), ..base.clone() } },
        path,
        template: spec.template,
        lang: Some(lang.code.clone()),
    }
}

/// The site's path from `base_url` (`/shafaf/`): where the links of a page that a server
/// shows at any depth (the not-found page) start.
fn site_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or_else(|| "/".to_owned(), |i| after_scheme[i..].to_owned())
}

/// What every page of one language shows: the site, the programme, the navigation, the
/// languages.
fn base_context(
    ctx: &RenderContext<'_>,
    l: &Localizer<'_>,
    nav: Vec<NavItem>,
    charts: Value,
) -> Value {
    let site = ctx.site;
    let lang = l.lang;
    let languages: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|x| context! { code => x.code.as_str(), name => x.name.as_str(), dir => x.direction.as_str() })
        .collect();
    let site_view = context! {
        title => l.text(&site.config.title),
        title_plain => l.plain(&site.config.title),
        description => l.opt_text(site.config.description.as_ref()),
        licence => l.opt_text(site.config.licence.as_ref()),
        nav => ser(nav),
        current_period => ser(site.current_period().map(|p| l.period(p))),
        programme => programme_context(l),
    };
    context! {
        lang => lang.code.as_str(),
        default_lang => site.default_language().code.as_str(),
        dir => lang.direction.as_str(),
        language => ser(lang),
        languages,
        site => site_view,
        base_url => ctx.base_url.as_str(),
        charts,
    }
}

fn programme_context(l: &Localizer<'_>) -> Value {
    let programme = &l.site.programme;
    let organisations: Vec<_> = programme
        .organisations
        .iter()
        .filter_map(|o| {
            l.organisation(&o.id)
                .map(|v| context! { org => ser(v), role => ser(o.role) })
        })
        .collect();
    context! {
        title => l.text(&programme.title),
        title_plain => l.plain(&programme.title),
        description => l.markdown_text(programme.description.as_ref(), "programme-"),
        development_goal => l.opt_text(programme.development_goal.as_ref()),
        alignments => programme.alignments.iter().map(|a| context! {
            label => l.opt_text(a.label.as_ref()),
            text => l.text(&a.text),
        }).collect::<Vec<_>>(),
        immediate_objective => l.opt_text(programme.immediate_objective.as_ref()),
        objectives => l.texts(&programme.objectives),
        approval_date => l.date(programme.approval_date),
        start_date => l.date(programme.start_date),
        completion_date => l.date(programme.completion_date),
        duration_months => programme.duration_months.map(|n| l.fmt.number(f64::from(n))),
        currency => programme.currency.as_str(),
        procurement => l.texts(&programme.procurement),
        indirect_beneficiaries => l.opt_text(programme.indirect_beneficiaries.as_ref()),
        employment_generation => l.opt_text(programme.employment_generation.as_ref()),
        notes => l.texts(&programme.notes),
        organisations,
    }
}

#[cfg(test)]
mod tests {
    use super::root_of;

    #[test]
    fn relative_roots() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("en/index.html"), "../");
        assert_eq!(root_of("en/indicators/1.1.9/index.html"), "../../../");
    }
}
