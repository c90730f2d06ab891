//! The public "translations" page: how much of the site is published in each language.
//!
//! Readers of Arabic and Sorani deserve to know what they are not yet given in their language;
//! the figures come from [`crate::i18n::coverage`], the same count `shafaf check` reports.

use minijinja::{context, Value};

use super::views::Localizer;
use crate::i18n::coverage;
use crate::model::TranslationStatus;

/// `a of b (p%)` in the reader's digits.
fn share(l: &Localizer<'_>, part: usize, total: usize) -> Value {
    let percent = if total == 0 {
        100.0
    } else {
        (part as f64 * 1000.0 / total as f64).round() / 10.0
    };
    context! {
        part => l.fmt.number(part as f64),
        total => l.fmt.number(total as f64),
        percent => l.fmt.percent(percent),
        value => percent,
    }
}

/// The rows of the translations page's table of files in the localizer's language, as
/// counted: a page makes template values of its own rows only ([`context`]).
pub fn files(l: &Localizer<'_>) -> Vec<coverage::FileCoverage> {
    coverage::files(l.site, &l.lang.code)
}

/// One row of the table of files.
fn row(l: &Localizer<'_>, f: &coverage::FileCoverage) -> Value {
    let status = match (f.status, f.translated) {
        (_, 0) => "translations.status_missing",
        (Some(TranslationStatus::Draft), _) => "translations.status_draft",
        (Some(TranslationStatus::Reviewed), _) => "translations.status_reviewed",
        (None, _) => "translations.status_unknown",
    };
    context! {
        file => f.file.as_str(),
        share => share(l, f.translated, f.total),
        status => l.ui(status),
    }
}

/// The template context of a translations page in the localizer's language, listing the
/// rows `files` of [`files`]; the first page (not `later`) also has the summary by language.
pub fn context(l: &Localizer<'_>, files: &[coverage::FileCoverage], later: bool) -> Value {
    let site = l.site;
    let default = &site.config.default_language;
    let languages: Vec<Value> = if later {
        Vec::new()
    } else {
        site.config
            .languages
            .iter()
            .map(|lang| language(l, lang, default))
            .collect()
    };
    let files: Vec<Value> = files.iter().map(|f| row(l, f)).collect();
    context! {
        languages,
        files,
        later,
        original => &l.lang.code == default,
    }
}

/// The summary row of language `lang`.
fn language(l: &Localizer<'_>, lang: &crate::model::Language, default: &str) -> Value {
    let c = coverage::summary(l.site, &lang.code);
    context! {
        code => lang.code.as_str(),
        name => lang.name.as_str(),
        dir => lang.direction.as_str(),
        original => lang.code == default,
        texts => share(l, c.texts_translated, c.texts),
        documents => share(l, c.documents_translated, c.documents),
        drafts => l.fmt.number(c.drafts as f64),
    }
}
