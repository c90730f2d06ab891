//! Answering the preview server's requests: files from the serve folder, HTML pages with the
//! reload script (and the error overlay) added, and the version endpoint the script asks.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response};

use super::Shared;

/// The address the reload script asks; it answers with the build generation. With
/// `?after=N` it answers only once the generation is no longer `N` (or after [`LONG_POLL`]), so
/// that an open page hears of a rebuild the moment it is done.
pub const VERSION_PATH: &str = "/__shafaf/version";

/// The longest a `?after=` request waits before answering with the unchanged generation.
const LONG_POLL: Duration = Duration::from_secs(25);

/// The address that answers with the last build's error report (empty when it succeeded).
pub const ERROR_PATH: &str = "/__shafaf/error";

/// The reload script, served as a file so that pages' `script-src 'self'` policy allows it.
pub const SCRIPT_PATH: &str = "/__shafaf/reload.js";

/// The overlay's style sheet, served as a file for the same reason (`style-src 'self'`).
pub const STYLE_PATH: &str = "/__shafaf/overlay.css";

/// Waits for the next build (a long poll) and reloads the page when a rebuild, good or bad, has
/// happened; asks again at once after a long poll that ended without one, after a second when
/// the server is away or busy.
const SCRIPT: &str = "(function(){var s=document.currentScript;var g=s&&s.getAttribute(\"data-generation\");function poll(){fetch(\"/__shafaf/version?after=\"+g,{cache:\"no-store\"}).then(function(r){if(!r.ok){throw r}return r.text()}).then(function(v){if(v!==g){location.reload()}else{poll()}},function(){setTimeout(poll,1000)})}poll()})();\n";

const STYLE: &str = "#shafaf-error-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;text-align:left}#shafaf-error-overlay p{margin:0 0 1rem;font-weight:bold;color:#ff8080}#shafaf-error-overlay pre{white-space:pre-wrap;margin:0}\n";

/// The generation a `?after=N` query waits to see change, if the URL has one.
fn after(url: &str) -> Option<u64> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("after="))
        .and_then(|n| n.parse().ok())
}

/// The most long polls that wait at once; more are told to come back in a second (503), so
/// that slow or many clients cannot pile up waiting connections.
pub const MAX_POLLS: usize = 64;

/// A long poll waiting for the build generation to move past `generation`.
struct Parked {
    request: Request,
    generation: u64,
    deadline: std::time::Instant,
}

/// The long polls waiting for the next build, answered by one thread ([`answer_polls`]).
#[derive(Default)]
pub struct Polls {
    parked: Mutex<Vec<Parked>>,
}

impl Polls {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Parked>> {
        self.parked.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Answers the waiting long polls as soon as the generation changes, or when they have waited
/// [`LONG_POLL`]. Runs for as long as the server does, on one thread, however many pages wait.
pub fn answer_polls(shared: &Shared, polls: &Polls) {
    let mut seen = shared.lock().generation;
    loop {
        let s = shared.lock();
        let (s, _) = shared
            .changed
            .wait_timeout_while(s, Duration::from_secs(1), |s| s.generation == seen)
            .unwrap_or_else(|p| p.into_inner());
        seen = s.generation;
        drop(s);
        let now = std::time::Instant::now();
        let due: Vec<Parked> = {
            let mut parked = polls.lock();
            let (due, waiting) = parked
                .drain(..)
                .partition(|p| p.generation != seen || p.deadline <= now);
            *parked = waiting;
            due
        };
        for p in due {
            let _ = p.request.respond(text(200, "text/plain", seen.to_string()));
        }
    }
}

/// The `Host` names the server answers to: `localhost` and the loopback and bound addresses,
/// so a web page elsewhere cannot read the preview through a name of its own pointed at this
/// machine (DNS rebinding); any name when bound to all interfaces (`--bind 0.0.0.0`).
#[derive(Debug, Clone)]
pub struct Hosts {
    any: bool,
    names: Vec<String>,
}

impl Hosts {
    /// The names for a server bound to `addr`.
    pub fn for_address(addr: std::net::SocketAddr) -> Hosts {
        let ip = match addr.ip() {
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            v4 => v4.to_string(),
        };
        Hosts {
            any: addr.ip().is_unspecified(),
            names: vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into(), ip],
        }
    }

    /// Whether a request with this `Host` header (if any) is answered.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return true;
        };
        let host = host.trim().to_ascii_lowercase();
        let name = match host.find(']') {
            Some(i) if host.starts_with('[') => &host[..=i],
            _ => host.split(':').next().unwrap_or(""),
        };
        self.any || self.names.iter().any(|n| n == name)
    }
}

/// Answers one request. Never panics on a bad request; a client that went away is ignored.
/// A request waiting for the next build is parked for [`answer_polls`], so that open pages
/// never hold up the others.
pub fn respond(
    request: Request,
    folder: &Path,
    shared: &Arc<Shared>,
    polls: &Polls,
    hosts: &Hosts,
) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_owned());
    if !hosts.allows(host.as_deref()) {
        let _ = request.respond(text(
            421,
            "text/plain; charset=utf-8",
            "This preview answers only to localhost and the address it listens on; start it with --bind to open it wider.\n".to_owned(),
        ));
        return;
    }
    let (generation, error, built) = {
        let s = shared.lock();
        (s.generation, s.error.clone(), s.built)
    };
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let _ = match path {
        VERSION_PATH if after(&url) == Some(generation) => park(request, generation, polls),
        VERSION_PATH => request.respond(text(200, "text/plain", generation.to_string())),
        SCRIPT_PATH => request.respond(text(
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.to_owned(),
        )),
        STYLE_PATH => request.respond(text(200, "text/css; charset=utf-8", STYLE.to_owned())),
        ERROR_PATH => request.respond(text(200, "text/plain", error.clone().unwrap_or_default())),
        _ => respond_file(
            request,
            folder,
            path,
            shared,
            (generation, error.as_deref(), built),
        ),
    };
}

/// Parks a request for the version after `generation` until [`answer_polls`] answers it; when
/// too many wait already, tells the client to ask again.
fn park(request: Request, generation: u64, polls: &Polls) -> std::io::Result<()> {
    let mut parked = polls.lock();
    if parked.len() >= MAX_POLLS {
        drop(parked);
        request.respond(
            text(503, "text/plain", "busy".to_owned())
                .with_header(header("Retry-After", "1"))
                .with_header(header("Connection", "close")),
        )
    } else {
        parked.push(Parked {
            request,
            generation,
            deadline: std::time::Instant::now() + LONG_POLL,
        });
        Ok(())
    }
}

/// Answers a request for `path` in the built `folder`: the file (a page with the reload
/// script and the build's error), else the error page before a first good build, else "not
/// found". `(generation, error, built)` is the state of the builds when the request came.
fn respond_file(
    request: Request,
    folder: &Path,
    path: &str,
    shared: &Shared,
    (generation, error, built): (u64, Option<&str>, bool),
) -> std::io::Result<()> {
    let found = file_for(folder, path).and_then(|p| read_settled(&p, shared).map(|b| (p, b)));
    match found {
        Some((p, bytes)) if is_html(&p) => {
            let html = String::from_utf8_lossy(&bytes);
            request.respond(text(
                200,
                "text/html; charset=utf-8",
                inject(&html, generation, error),
            ))
        }
        Some((p, bytes)) => request
            .respond(Response::from_data(bytes).with_header(header("Content-Type", mime(&p)))),
        None if !built && error.is_some() => request.respond(text(
            500,
            "text/html; charset=utf-8",
            inject(&error_page(), generation, error),
        )),
        None => request.respond(text(
            404,
            "text/html; charset=utf-8",
            inject(&not_found(path), generation, error),
        )),
    }
}

/// Reads a file. A file missing while a rebuild runs is read again once the rebuild is done
/// (told by the build's notification, not by sleeping); a file missing otherwise is missing.
fn read_settled(path: &Path, shared: &Shared) -> Option<Vec<u8>> {
    if let Ok(bytes) = std::fs::read(path) {
        return Some(bytes);
    }
    let s = shared.lock();
    if !s.building {
        return None;
    }
    let (s, _) = shared
        .changed
        .wait_timeout_while(s, Duration::from_secs(60), |s| s.building)
        .unwrap_or_else(|p| p.into_inner());
    drop(s);
    std::fs::read(path).ok()
}

/// The file under `folder` for a URL path: decoded, confined to the folder, `index.html` for
/// folders. `None` for paths that try to leave the folder.
fn file_for(folder: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::render::links::percent_decode(url_path);
    let mut path = folder.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if decoded.ends_with('/') || decoded.is_empty() || path.is_dir() {
        path.push("index.html");
    }
    Some(path)
}

fn is_html(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html")
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header names and values")
}

fn text(code: u16, content_type: &str, body: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(code)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

/// Escapes text for HTML.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Adds the reload script, and the overlay when the last build failed, before `</body>`.
/// Both are external files of the server, so pages with a strict content security policy run
/// them as they would their own.
pub fn inject(html: &str, generation: u64, error: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(report) = error {
        extra.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{STYLE_PATH}\"><div id=\"shafaf-error-overlay\" dir=\"ltr\" lang=\"en\" role=\"alert\"><p>The site could not be rebuilt. The last good version is underneath; fix the problem and save to reload.</p><pre>{}</pre></div>",
            escape(report)
        ));
    }
    extra.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>"
    ));
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    }
}

fn error_page() -> String {
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed — shafaf serve</title></head><body></body></html>".to_owned()
}

fn not_found(path: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found — shafaf serve</title></head><body><h1>Not found</h1><p><code>{}</code> is not part of the site. <a href=\"/\">Home</a></p></body></html>",
        escape(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generation_to_wait_past_comes_from_the_query() {
        assert_eq!(after("/__shafaf/version?after=3"), Some(3));
        assert_eq!(after("/__shafaf/version?x=1&after=12"), Some(12));
        assert_eq!(after("/__shafaf/version"), None);
        assert_eq!(after("/__shafaf/version?after=null"), None);
    }

    #[test]
    fn paths_stay_inside_the_folder() {
        let f = Path::new("/srv/site");
        assert_eq!(
            file_for(f, "/en/about/"),
            Some(PathBuf::from("/srv/site/en/about/index.html"))
        );
        assert_eq!(
            file_for(f, "/assets/style.css"),
            Some(PathBuf::from("/srv/site/assets/style.css"))
        );
        assert_eq!(file_for(f, "/../etc/passwd"), None);
        assert_eq!(file_for(f, "/%2e%2e/etc/passwd"), None);
    }

    #[test]
    fn the_overlay_escapes_the_report_and_sits_before_the_body_ends() {
        let html = inject("<html><body><p>old</p></body></html>", 3, Some("a <b> & c"));
        assert!(
            html.contains("<p>old</p><link rel=\"stylesheet\" href=\"/__shafaf/overlay.css\"><div id=\"shafaf-error-overlay\""),
            "{html}"
        );
        assert!(html.contains("a &lt;b&gt; &amp; c"), "{html}");
        assert!(html.ends_with("</script></body></html>"), "{html}");
        assert!(html.contains("data-generation=\"3\""), "{html}");
        assert!(!html.contains("style=\""), "no inline styles: {html}");
    }
}
