//! The command line: one argument struct per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Shafaf builds transparency-report websites in several languages from TOML and Markdown.
#[derive(Debug, Parser)]
#[command(name = "shafaf", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Load and validate the content and render it in memory; write nothing.
    Check(CheckArgs),
    /// Preview the site: build, serve on this machine, rebuild and reload on every change.
    Serve(ServeArgs),
    /// Create a new decision, reporting period or page, in every language of the site.
    New(NewArgs),
    /// Start a new site in DIR: settings, a programme, one output, indicator, period and page,
    /// and CI workflows that publish it to GitHub Pages or GitLab Pages.
    Init(InitArgs),
    /// Work with the built-in theme: copy it out, or write a strings file to translate.
    Theme(ThemeArgs),
}

/// `shafaf init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new site (created if missing; it must not hold a site already).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The site's languages, default first (`--language en,fr,syr`; default: en, ar, ckb). A
    /// language without built-in interface strings gets a file to translate them in.
    #[arg(long = "language", value_delimiter = ',', value_name = "CODE")]
    pub languages: Vec<String>,
}

/// `shafaf theme`.
#[derive(Debug, Args)]
pub struct ThemeArgs {
    /// The site folder.
    #[arg(long, default_value = ".", value_name = "DIR", global = true)]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub action: ThemeAction,
}

/// What `shafaf theme` does.
#[derive(Debug, Subcommand)]
pub enum ThemeAction {
    /// Copy every file of the built-in theme to themes/default/, to change any of it (files
    /// already there are kept).
    Eject,
    /// Write themes/default/i18n/LANG.toml with every interface string to translate.
    Strings {
        /// The language code (`syr`).
        lang: String,
        /// The language to translate from.
        #[arg(long, default_value = "en", value_name = "CODE")]
        from: String,
    },
}

/// Where the site is.
#[derive(Debug, Args)]
pub struct RootArgs {
    /// The site folder, holding content/ and themes/.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `shafaf build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where the site is.
    #[command(flatten)]
    pub root: RootArgs,
    /// The output folder (default: public/ in the site folder).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The address the site will be served from, overriding base_url in site.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Replace the output folder even if Shafaf did not create it.
    #[arg(long)]
    pub force: bool,
    /// Also write a gzip (.gz) and a Brotli (.br) copy beside each text file, for servers and
    /// CDNs that send precompressed files.
    #[arg(long)]
    pub precompress: bool,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Format {
    /// For people: one block per problem, with the line and a caret.
    #[default]
    Text,
    /// For CI: one JSON document.
    Json,
}

/// `shafaf check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Where the site is.
    #[command(flatten)]
    pub root: RootArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `shafaf serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the site is.
    #[command(flatten)]
    pub root: RootArgs,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Requests are answered only for the Host names localhost and
    /// this address, unless it is 0.0.0.0 or :: (all interfaces).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: String,
    /// The folder to build into (default: a private folder of this process in the system's
    /// temporary folder, removed on Ctrl-C or SIGTERM). public/ is refused.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<std::path::PathBuf>,
}

/// What `shafaf new` creates.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    /// A decision: content/decisions/NUMBER.md and its translations.
    Decision,
    /// A reporting period: content/periods/NAME/period.toml.
    Period,
    /// A static page: content/pages/NAME.md and its translations.
    Page,
}

/// `shafaf new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where the site is.
    #[command(flatten)]
    pub root: RootArgs,
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its name: the decision number (`2013-007`), the period id (`2013-Q2`) or the page name
    /// (`methodology`).
    pub name: String,
}
