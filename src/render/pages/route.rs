//! [`Route`]: where a page lives inside a language folder. Below the registry and the views,
//! so that both can name pages without importing each other.

use crate::model::Narrative;

/// Folder of the data files, relative to the output root (and the open data page's route).
pub const DATA_DIR: &str = "data";

/// Where a page lives inside a language folder (`indicators/1.1.9/`): the one place routes
/// are made.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    /// The language's home page.
    Home,
    /// The results framework.
    Results,
    /// One output.
    Output(String),
    /// One indicator.
    Indicator(String),
    /// Funds of the current period.
    Funds,
    /// Beneficiaries of the current period.
    Beneficiaries,
    /// The list of reporting periods.
    Periods,
    /// One reporting period.
    Period(String),
    /// Page `n` (from 2) of a reporting period's indicator values.
    PeriodValues(String, usize),
    /// The translation status page.
    Translations,
    /// The open data page.
    OpenData,
    /// The search page.
    Search,
    /// A page of `content/pages/`, by slug.
    Document(String),
    /// A page of the decisions publication, at the route its renderer gives it.
    Decisions(String),
    /// The "page not found" page.
    NotFound,
    /// Page `n` (from 2) of a list page too long for one, such as the results framework.
    Paged(Box<Route>, usize),
}

impl Route {
    /// The route inside a language folder, ending in `/` (`""` for the home page).
    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound => String::new(),
            Route::Results => "results/".into(),
            Route::Output(id) => format!("outputs/{id}/"),
            Route::Indicator(id) => format!("indicators/{id}/"),
            Route::Funds => "funds/".into(),
            Route::Beneficiaries => "beneficiaries/".into(),
            Route::Periods => "periods/".into(),
            Route::Period(id) => format!("periods/{id}/"),
            Route::PeriodValues(id, n) => format!("periods/{id}/values/{n}/"),
            Route::Translations => "translations/".into(),
            Route::OpenData => format!("{}/", DATA_DIR),
            Route::Search => "search/".into(),
            Route::Document(slug) => format!("{slug}/"),
            Route::Decisions(route) => route.clone(),
            Route::Paged(base, n) => format!("{}page/{n}/", base.href()),
        }
    }

    /// The files of this page in language `lang` (`default` is the site's default language):
    /// one `index.html`, or for the not-found page `LANG/404.html` and, for the default
    /// language, `404.html` at the root as well.
    pub fn paths(&self, lang: &str, default: &str) -> Vec<String> {
        match self {
            Route::NotFound if lang == default => {
                vec![format!("{lang}/404.html"), "404.html".into()]
            }
            Route::NotFound => vec![format!("{lang}/404.html")],
            _ => vec![format!("{lang}/{}index.html", self.href())],
        }
    }

    /// The page of the decision numbered `number`.
    pub fn decision(number: &str) -> Route {
        Route::Decisions(format!("decisions/{number}/"))
    }

    /// Page `n` of the list page `base`: `base` itself for the first.
    pub fn paged(base: Route, n: usize) -> Route {
        if n == 1 {
            base
        } else {
            Route::Paged(Box::new(base), n)
        }
    }

    /// The first page of the list this page belongs to (itself, for a page of one).
    pub fn first_page(&self) -> Route {
        match self {
            Route::Paged(base, _) => base.first_page(),
            Route::PeriodValues(id, _) => Route::Period(id.clone()),
            other => other.clone(),
        }
    }

    /// The pages showing narrative `n` of the period `period`: its indicator's page, or its
    /// period's page and its output's page.
    pub fn showing(n: &Narrative, period: &str) -> Vec<Route> {
        match (&n.indicator, &n.output) {
            (Some(i), _) => vec![Route::Indicator(i.clone())],
            (None, output) => {
                let mut routes = vec![Route::Period(period.to_owned())];
                routes.extend(output.iter().map(|o| Route::Output(o.clone())));
                routes
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes_and_their_files() {
        let i = Route::Indicator("1.1.9".into());
        assert_eq!(i.href(), "indicators/1.1.9/");
        assert_eq!(i.paths("ar", "en"), ["ar/indicators/1.1.9/index.html"]);
        assert_eq!(Route::Home.paths("en", "en"), ["en/index.html"]);
        assert_eq!(Route::OpenData.href(), "data/");
        assert_eq!(Route::NotFound.paths("ar", "en"), ["ar/404.html"]);
        assert_eq!(Route::paged(Route::Results, 1), Route::Results);
        assert_eq!(Route::paged(Route::Search, 3).href(), "search/page/3/");
        assert_eq!(Route::paged(Route::Results, 2).first_page(), Route::Results);
        let values = Route::PeriodValues("2013-Q1".into(), 4);
        assert_eq!(values.first_page(), Route::Period("2013-Q1".into()));
        assert_eq!(
            Route::NotFound.paths("en", "en"),
            ["en/404.html", "404.html"]
        );
    }
}
