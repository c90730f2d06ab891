//! `shafaf serve`: a preview server for editors. It builds the site into a folder of its own,
//! serves it over HTTP on the loopback interface, watches `content/` and `themes/`, rebuilds on
//! every change and makes open pages reload themselves.
//!
//! The reload script (and, after a broken edit, an overlay carrying the same message as the
//! terminal) is added to HTML pages as they are served, never written to disk: the serve folder
//! holds exactly what `build` would write. A failed rebuild leaves the last good site in place.
//! Everything is synchronous — a few threads and channels — because a preview needs no more.
//!
//! Most edits are to the text of a narrative. For those the server keeps the last good model:
//! it reads the changed narrative files again (with the checks a full load makes), and when
//! only their Markdown text changed it re-renders just the pages that show them, in every
//! language, and replaces those files in place. Edits of a period's figures and notes, of a
//! page's or a decision's text, and of the words of `results.toml` (outputs' and indicators'
//! titles and notes) are followed the same way (see `quick`). Any other change — front matter,
//! a figure of the framework, a file added or removed, the theme — rebuilds the whole site.

mod http;
mod quick;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use crate::diagnostic::{errors_then_warnings, ContentErrors, Diagnostic};
use crate::model::Site;
use crate::output::{Staging, WriteOptions};
use crate::render::charts::SharedModel;
use crate::render::data::KeptParts;
use crate::render::links::LinkIndex;
use crate::render::search::KeptIndex;
use crate::render::{render_to, RenderOptions, Scope, Theme};

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder, holding `content/` and `themes/`.
    pub root: PathBuf,
    /// The folder the site is built into while serving (never `public/`).
    pub output: PathBuf,
    /// The address to listen on (`127.0.0.1`).
    pub bind: String,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// The server's status, shared by the request threads, with a signal raised on every change so
/// that a page waiting for the next build hears of it at once.
#[derive(Debug, Default)]
pub struct Shared {
    /// The status.
    pub status: Mutex<Status>,
    /// Notified after every change of `status`.
    pub changed: Condvar,
}

impl Shared {
    /// Locks the status, also after a thread panicked while holding it.
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What the server shows: which build it is at, and why the last one failed, if it did.
#[derive(Debug, Default)]
pub struct Status {
    /// Counts rebuilds, successful or not; pages reload when it changes.
    pub generation: u64,
    /// The error report of the last build, as printed in the terminal; `None` after a success.
    pub error: Option<String>,
    /// Whether any build has succeeded, so that there is a site to show under the overlay.
    pub built: bool,
    /// Whether a rebuild is running: a file missing meanwhile is looked for again after it.
    pub building: bool,
}

/// A new serve folder of this process's own: a folder only its user can enter (0700) in the
/// system's temporary folder, with an unguessable name, so that nobody else on the machine can
/// read, plant links in or race the preview's files. The site is built into `site/` inside it.
pub fn private_folder() -> Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("shafaf-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder
        .tempdir()
        .context("creating the serve folder in the temporary folder")
}

/// Refuses a serve folder that `build` writes (`public/` of the site), where the preview
/// would replace the site meant for publishing; judged after following a link.
pub fn check_serve_output(root: &Path, output: &Path) -> Result<()> {
    let real = |p: &Path| {
        let p = crate::output::resolve_output(p).unwrap_or_else(|_| p.to_path_buf());
        std::fs::canonicalize(&p)
            .or_else(|_| std::path::absolute(&p))
            .unwrap_or(p)
    };
    if real(output) == real(&root.join("public")) {
        anyhow::bail!(
            "refusing to serve from {}: it is the folder `shafaf build` writes, and the preview would replace the published site\n  = hint: leave out --output (the preview then uses a private temporary folder) or choose another folder",
            output.display()
        );
    }
    Ok(())
}

/// The last good build: its model and theme, and the content files it was made from.
struct Preview {
    site: Site,
    theme: Theme,
    files: HashSet<PathBuf>,
    /// The figures the charts are drawn from: a quick rebuild changes none of them.
    figures: Arc<SharedModel>,
    /// The search index: a quick rebuild re-reads only its own pages' prose.
    index: Arc<KeptIndex>,
    /// The indicators' parts of the dataset and the IATI file: a quick rebuild remakes only
    /// those of the indicators it redoes.
    parts: Arc<KeptParts>,
    /// The served files' ids and links, against which a quick rebuild's pages are checked.
    links: LinkIndex,
}

/// What the watcher keeps between rebuilds.
#[derive(Default)]
struct Watch {
    /// The last good build, if the last full rebuild succeeded.
    last: Option<Preview>,
    /// Narrative files whose last quick rebuild failed: read again with the next change.
    broken: BTreeSet<PathBuf>,
}

/// How a rebuild went: how many files it wrote and whether it was a quick one.
struct Rebuilt {
    written: usize,
    quick: bool,
    /// Of a quick rebuild, the warnings it found that the build before did not have.
    new_warnings: Vec<Diagnostic>,
}

/// The report to show for a failed build: errors first, as `check` lists them, since they are
/// what broke the page.
fn report(e: &anyhow::Error) -> String {
    match e.downcast_ref::<ContentErrors>() {
        Some(content) => report_diagnostics(content.diagnostics.clone()),
        None => format!("error: {e:#}"),
    }
}

fn report_diagnostics(diagnostics: Vec<Diagnostic>) -> String {
    ContentErrors {
        diagnostics: errors_then_warnings(diagnostics),
    }
    .to_string()
}

fn render_options(
    base_url: &str,
    scope: Scope,
    (figures, index, parts): (&Arc<SharedModel>, &Arc<KeptIndex>, &Arc<KeptParts>),
) -> RenderOptions {
    RenderOptions {
        base_url: Some(base_url.to_owned()),
        scope,
        figures: Some(Arc::clone(figures)),
        kept_index: Some(Arc::clone(index)),
        kept_parts: Some(Arc::clone(parts)),
        part: crate::render::Part::Everything,
    }
}

/// Builds the whole site into the serve folder, as `build` does; returns the build, to be kept
/// for quick rebuilds.
fn full_rebuild(options: &ServeOptions, base_url: &str) -> Result<(Preview, usize)> {
    let (files, _) = crate::content::walk(&options.root, "content");
    let (site, theme) = crate::render::load(&options.root)?;
    let figures = SharedModel::new(site.figures_only());
    let index = Arc::new(KeptIndex::default());
    let parts = Arc::new(KeptParts::default());
    let staging = Staging::open(
        &options.root,
        &options.output,
        WriteOptions { force: false },
    )?;
    let written = AtomicUsize::new(0);
    let links = Mutex::new(LinkIndex::default());
    render_to(
        &site,
        &theme,
        &render_options(base_url, Scope::All, (&figures, &index, &parts)),
        &|f| {
            written.fetch_add(1, Ordering::Relaxed);
            LinkIndex::add_shared(&links, &f);
            staging.write(&f)
        },
    )?;
    let attachments = crate::render::attachments(&site);
    staging.publish(&attachments, site.config.max_attachment_bytes)?;
    let mut links = links.into_inner().unwrap_or_else(|p| p.into_inner());
    links.add_copies(&attachments);
    let broken = crate::render::source_links::diagnostics(&site, &links);
    if !broken.is_empty() {
        // As `build` and `check`: a broken link fails the build, the last good site stays.
        let mut diagnostics = site.warnings.clone();
        diagnostics.extend(broken);
        return Err(ContentErrors { diagnostics }.into());
    }
    staging.commit()?;
    let files = files.into_iter().collect();
    let preview = Preview {
        site,
        theme,
        files,
        figures,
        index,
        parts,
        links,
    };
    Ok((preview, written.into_inner() + attachments.len()))
}

/// Whether a file or folder is hidden (its name or a folder's on the way starts with `.`):
/// the site ignores those, so editors' swap files need no rebuild.
fn hidden(rel: &Path) -> bool {
    rel.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Rebuilds after `changed` (paths relative to the site root; `None` when what changed is not
/// known, as for the first build): quickly when only narrative text changed, else in full.
fn rebuild(
    options: &ServeOptions,
    base_url: &str,
    watch: &mut Watch,
    changed: Option<&BTreeSet<PathBuf>>,
    tell: &dyn Fn(),
) -> Result<Rebuilt, String> {
    let edits = watch
        .last
        .as_ref()
        .zip(changed)
        .and_then(|(preview, changed)| {
            let mut all = changed.clone();
            all.extend(watch.broken.iter().cloned());
            quick::edits(preview, &all)
        });
    if let (Some(edits), Some(preview)) = (edits, watch.last.as_mut()) {
        if edits.is_empty() {
            return Ok(Rebuilt {
                written: 0,
                quick: true,
                new_warnings: Vec::new(),
            });
        }
        let before = preview.site.warnings.clone();
        match quick::rebuild(options, base_url, preview, &edits, tell) {
            Ok(Some(written)) => {
                watch.broken.clear();
                let new = preview.site.warnings.iter().filter(|w| !before.contains(w));
                return Ok(Rebuilt {
                    written,
                    quick: true,
                    new_warnings: new.cloned().collect(),
                });
            }
            Ok(None) => {}
            Err(report) => {
                watch.broken = edits.into_keys().collect();
                return Err(report);
            }
        }
    }
    watch.broken.clear();
    watch.last = None;
    let (preview, written) = full_rebuild(options, base_url).map_err(|e| report(&e))?;
    watch.last = Some(preview);
    Ok(Rebuilt {
        written,
        quick: false,
        new_warnings: Vec::new(),
    })
}

/// Rebuilds, records the outcome and reports it in the terminal.
fn rebuild_and_report(
    options: &ServeOptions,
    base_url: &str,
    shared: &Shared,
    watch: &mut Watch,
    changed: Option<&BTreeSet<PathBuf>>,
) {
    let started = Instant::now();
    shared.lock().building = true;
    // Pages waiting for the next build are told as soon as its pages are written.
    let told = std::cell::Cell::new(false);
    let tell = || {
        let mut s = shared.lock();
        s.generation += 1;
        s.error = None;
        s.built = true;
        drop(s);
        told.set(true);
        shared.changed.notify_all();
    };
    let outcome = rebuild(options, base_url, watch, changed, &tell);
    shared.lock().building = false;
    let quiet = matches!(
        &outcome,
        Ok(Rebuilt {
            written: 0,
            quick: true,
            new_warnings,
        }) if new_warnings.is_empty()
    );
    if quiet && shared.lock().error.is_none() {
        // Nothing the site reads changed (an editor's temporary file): no reload.
        shared.changed.notify_all();
        return;
    }
    let mut s = shared.lock();
    if !(told.get() && outcome.is_ok()) {
        s.generation += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    match outcome {
        Ok(Rebuilt {
            written,
            quick,
            new_warnings,
        }) => {
            s.error = None;
            s.built = true;
            let warnings = watch
                .last
                .as_ref()
                .map_or(&[][..], |p| &p.site.warnings[..]);
            // A full build lists every warning, as `check` does; a quick one those it added.
            let shown = if quick { &new_warnings[..] } else { warnings };
            for w in shown {
                eprintln!("{w}");
            }
            let summary = warnings_summary(warnings.len());
            if quick {
                eprintln!(
                    "updated {written} file{} in {:.0} ms: 0 errors, {summary}",
                    if written == 1 { "" } else { "s" },
                    seconds * 1000.0
                );
            } else {
                eprintln!("built {written} files in {seconds:.2} s: 0 errors, {summary}");
            }
        }
        Err(report) => {
            eprintln!("{report}");
            eprintln!("the last good site is still served; the browser shows this report");
            s.error = Some(report);
        }
    }
    drop(s);
    shared.changed.notify_all();
}

/// `1 warning`, `3 warnings`.
fn warnings_summary(n: usize) -> String {
    format!("{n} warning{}", if n == 1 { "" } else { "s" })
}

/// Adds the paths an event batch names, relative to the site root, to `changed`; makes it
/// `None` (rebuild everything) when the watcher failed or named a path outside the site.
fn collect_changes(
    roots: &[PathBuf],
    result: DebounceEventResult,
    changed: &mut Option<BTreeSet<PathBuf>>,
) {
    let Ok(events) = result else {
        *changed = None;
        return;
    };
    for event in events {
        if matches!(event.event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in &event.event.paths {
            let rel = roots
                .iter()
                .find_map(|root| path.strip_prefix(root).ok())
                .filter(|rel| !rel.as_os_str().is_empty());
            match (rel, changed.as_mut()) {
                (Some(rel), Some(set)) => {
                    set.insert(rel.to_path_buf());
                }
                (None, _) => *changed = None,
                (Some(_), None) => {}
            }
        }
    }
}

/// Builds, serves and rebuilds on change until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<()> {
    check_serve_output(&options.root, &options.output)?;
    crate::output::check_output_folder(&options.root, &options.output, WriteOptions::default())?;
    let server = tiny_http::Server::http((options.bind.as_str(), options.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server is not listening on an IP address")?;
    let base_url = format!("http://{addr}/");
    let shared = Arc::new(Shared::default());
    let mut watch = Watch::default();
    rebuild_and_report(options, &base_url, &shared, &mut watch, None);

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    // Short: an editor's save is a burst of a few milliseconds, and the preview should follow.
    let mut debouncer = new_debouncer(Duration::from_millis(25), None, tx)
        .context("cannot watch the site's files")?;
    for dir in ["content", "themes"] {
        let path = options.root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }

    let server = Arc::new(server);
    let polls = Arc::new(http::Polls::default());
    let hosts = http::Hosts::for_address(addr);
    {
        let (shared, polls) = (Arc::clone(&shared), Arc::clone(&polls));
        std::thread::spawn(move || http::answer_polls(&shared, &polls));
    }
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        let polls = Arc::clone(&polls);
        let hosts = hosts.clone();
        let folder = options.output.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::respond(request, &folder, &shared, &polls, &hosts);
            }
        });
    }
    eprintln!(
        "serving {} at {base_url} from {} (watching content/ and themes/; Ctrl-C stops)",
        options.root.display(),
        options.output.display()
    );

    // The watcher names paths under the root as given; absolute and canonical forms too, to be
    // sure.
    let mut roots = vec![options.root.clone()];
    roots.extend(std::path::absolute(&options.root).ok());
    roots.extend(std::fs::canonicalize(&options.root).ok());
    while let Ok(result) = rx.recv() {
        let mut changed = Some(BTreeSet::new());
        collect_changes(&roots, result, &mut changed);
        // Let a burst of saves settle into one rebuild.
        while let Ok(more) = rx.try_recv() {
            collect_changes(&roots, more, &mut changed);
        }
        if changed.as_ref().is_some_and(BTreeSet::is_empty) {
            continue;
        }
        rebuild_and_report(options, &base_url, &shared, &mut watch, changed.as_ref());
    }
    Ok(())
}
