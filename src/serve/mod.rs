//! `shafaf serve`: a preview server for editors. It builds the site into a folder of its own,
//! serves it over HTTP on the loopback interface, watches `content/` and `themes/`, rebuilds on
//! every change and makes open pages reload themselves.
//!
//! The reload script (and, after a broken edit, an overlay carrying the same message as the
//! terminal) is added to HTML pages as they are served, never written to disk: the serve folder
//! holds exactly what `build` would write. A failed rebuild leaves the last good site in place.
//! Everything is synchronous — a few threads and channels — because a preview needs no more.

mod http;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use crate::diagnostic::ContentErrors;
use crate::output::{write_site, WriteOptions};
use crate::render::RenderOptions;

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

/// What the server shows: which build it is at, and why the last one failed, if it did.
#[derive(Debug, Default)]
pub struct Status {
    /// Counts rebuilds, successful or not; pages reload when it changes.
    pub generation: u64,
    /// The error report of the last build, as printed in the terminal; `None` after a success.
    pub error: Option<String>,
    /// Whether any build has succeeded, so that there is a site to show under the overlay.
    pub built: bool,
}

/// The default serve folder for a site: in the system's temporary folder, one per site root.
pub fn default_output(root: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::path::absolute(root)
        .unwrap_or_else(|_| root.to_path_buf())
        .hash(&mut h);
    std::env::temp_dir().join(format!("shafaf-serve-{:016x}", h.finish()))
}

/// Builds the site into the serve folder; returns the report to show when it failed.
fn rebuild(options: &ServeOptions, base_url: &str) -> Result<usize, String> {
    let result = crate::cmd::load_and_render(
        &options.root,
        &RenderOptions {
            base_url: Some(base_url.to_owned()),
        },
    )
    .and_then(|built| {
        write_site(
            &options.root,
            &options.output,
            &built.files,
            WriteOptions { force: false },
        )?;
        Ok(built.files.len())
    });
    result.map_err(|e| match e.downcast_ref::<ContentErrors>() {
        // Errors first, as `check` lists them: they are what broke the page.
        Some(content) => ContentErrors {
            diagnostics: crate::cmd::check::errors_then_warnings(content.diagnostics.clone()),
        }
        .to_string(),
        None => format!("error: {e:#}"),
    })
}

/// Rebuilds, records the outcome and reports it in the terminal.
fn rebuild_and_report(options: &ServeOptions, base_url: &str, status: &Mutex<Status>) {
    let started = Instant::now();
    let outcome = rebuild(options, base_url);
    let mut s = status.lock().unwrap_or_else(|p| p.into_inner());
    s.generation += 1;
    match outcome {
        Ok(files) => {
            s.error = None;
            s.built = true;
            eprintln!(
                "built {files} files in {:.2} s",
                started.elapsed().as_secs_f64()
            );
        }
        Err(report) => {
            eprintln!("{report}");
            eprintln!("the last good site is still served; the browser shows this report");
            s.error = Some(report);
        }
    }
}

/// Builds, serves and rebuilds on change until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<()> {
    crate::output::check_output_folder(&options.root, &options.output, WriteOptions::default())?;
    let server = tiny_http::Server::http((options.bind.as_str(), options.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server is not listening on an IP address")?;
    let base_url = format!("http://{addr}/");
    let status = Arc::new(Mutex::new(Status::default()));
    rebuild_and_report(options, &base_url, &status);

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(150), None, tx)
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
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let status = Arc::clone(&status);
        let folder = options.output.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::respond(request, &folder, &status);
            }
        });
    }
    eprintln!(
        "serving {} at {base_url} from {} (watching content/ and themes/; Ctrl-C stops)",
        options.root.display(),
        options.output.display()
    );

    while let Ok(result) = rx.recv() {
        let Ok(events) = result else { continue };
        if events
            .iter()
            .all(|e| matches!(e.event.kind, EventKind::Access(_)))
        {
            continue;
        }
        // Let a burst of saves settle into one rebuild.
        while rx_drain(&rx) {}
        rebuild_and_report(options, &base_url, &status);
    }
    Ok(())
}

/// Takes one pending batch of events off the channel without waiting; true if there was one.
fn rx_drain(rx: &mpsc::Receiver<DebounceEventResult>) -> bool {
    rx.try_recv().is_ok()
}
