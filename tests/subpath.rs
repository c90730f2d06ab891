//! Sub-path hosting: a site built for `https://example.org/transparency/` and served by a real
//! nginx under `/transparency/` on loopback has every link, stylesheet, script, image, search
//! index and download resolving — crawled from the root, every page and file fetched.
//!
//! Needs Debian's `nginx` (nginx-light); outside CI a missing nginx skips the test with the
//! reason printed, in CI (`CI` set) it fails it.

mod common;
#[path = "common/http.rs"]
mod http;

use std::collections::{BTreeSet, VecDeque};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;

const PREFIX: &str = "/transparency/";
const BASE_URL: &str = "https://example.org/transparency/";

fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// nginx in the foreground, killed when dropped.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_nginx(bin: &Path, dir: &Path, public: &Path) -> (Nginx, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  types {{ text/html html; text/css css; text/javascript js; application/json json; \
         image/svg+xml svg; text/csv csv; application/xml xml; text/plain txt; }}\n  \
         access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  \
         fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
         server {{\n    listen 127.0.0.1:{port};\n    location {PREFIX} {{ alias {}/; error_page 404 {PREFIX}en/404.html; }}\n  }}\n}}\n",
        public.display()
    );
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(bin)
        .arg("-p")
        .arg(dir)
        .arg("-e")
        .arg(dir.join("error.log"))
        .arg("-c")
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting nginx");
    let nginx = Nginx(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "nginx did not start: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (nginx, port)
}

/// Values of the attributes that load or link something.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["href", "src", "data-index"] {
        let needle = format!(" {name}=\"");
        for (i, _) in html.match_indices(&needle) {
            let rest = &html[i + needle.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// Resolves `url` (as written in the page at `page`, a path) to a path on this server, or
/// `None` for links elsewhere. Absolute links to the site's base URL map onto the prefix.
fn resolve(page: &str, url: &str) -> Option<String> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    if url.is_empty() {
        return None;
    }
    if let Some(rest) = url.strip_prefix(BASE_URL) {
        return Some(format!("{PREFIX}{rest}"));
    }
    if url.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = if url.starts_with('/') {
        Vec::new()
    } else {
        let dir = &page[..=page.rfind('/').unwrap_or(0)];
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in url.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    if url.ends_with('/') && !path.ends_with('/') {
        path.push('/');
    }
    Some(path)
}

#[test]
fn a_site_under_a_sub_path_resolves_everything_behind_nginx() {
    let Some(bin) = nginx_binary() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "nginx (Debian package nginx-light) is required in CI"
        );
        eprintln!("SKIPPED: nginx is not installed (apt-get install nginx-light)");
        return;
    };
    let site = TestSite::example();
    let out = site.run(&["build", "--base-url", BASE_URL]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let (_nginx, port) = start_nginx(&bin, dir.path(), &site.path("public"));
    let origin = format!("http://127.0.0.1:{port}");

    // A missing page deep in the site gets the 404 page, whose links work from there.
    let missing = format!("{PREFIX}en/indicators/no-such-indicator/");
    let (status, body) = http::get(&format!("{origin}{missing}"));
    assert_eq!(status, 404);
    let not_found = String::from_utf8_lossy(&body).into_owned();
    assert!(not_found.contains("<html lang=\"en\""), "{not_found}");
    let mut queue = VecDeque::from([
        PREFIX.to_owned(),
        format!("{PREFIX}robots.txt"),
        format!("{PREFIX}sitemap.xml"),
    ]);
    for url in references(&not_found) {
        if let Some(target) = resolve(&missing, &url) {
            assert!(
                target.starts_with(PREFIX),
                "404 page link {url} leaves {PREFIX}"
            );
            if !queue.contains(&target) {
                queue.push_back(target);
            }
        }
    }
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut broken = Vec::new();
    let (mut pages, mut files) = (0, 0);
    while let Some(path) = queue.pop_front() {
        let (status, body) = http::get(&format!("{origin}{path}"));
        if status != 200 {
            broken.push(format!("{path}: HTTP {status}"));
            continue;
        }
        if !path.ends_with('/') && !path.ends_with(".html") {
            files += 1;
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&body);
        for url in references(&html) {
            if url.starts_with("https://example.org/") && !url.starts_with(BASE_URL) {
                broken.push(format!("{path}: {url} is outside the base URL"));
            }
            let Some(target) = resolve(&path, &url) else {
                continue;
            };
            if !target.starts_with(PREFIX) {
                broken.push(format!("{path}: {url} leaves {PREFIX} ({target})"));
                continue;
            }
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    println!("crawled {pages} pages and {files} other files under {PREFIX}");
    for asset in ["style.", "search."] {
        assert!(
            seen.iter()
                .any(|p| p.starts_with(&format!("{PREFIX}assets/{asset}"))),
            "no page loads assets/{asset}*"
        );
    }
    assert!(
        broken.is_empty(),
        "{} broken:\n{}",
        broken.len(),
        broken.join("\n")
    );
    // Every page of every language, every stylesheet, script and download was reached.
    let built = site.public_files();
    let html_pages = built
        .iter()
        .filter(|f| f.ends_with(".html") && !f.ends_with("404.html"))
        .count();
    assert_eq!(pages, html_pages, "pages not reachable by links");
    for must in [
        "robots.txt",
        "sitemap.xml",
        "ar/search-index.json",
        "data/shafaf-data.csv",
        "data/indicators/1.1.9.json",
        "data/iati-activities.xml",
        "data/labels.ckb.csv",
    ] {
        assert!(
            seen.contains(&format!("{PREFIX}{must}")),
            "{must} is never linked"
        );
    }
}

#[test]
fn relative_links_resolve_like_a_browser() {
    assert_eq!(
        resolve(
            "/transparency/en/indicators/1.1.9/",
            "../../../assets/style.css"
        )
        .as_deref(),
        Some("/transparency/assets/style.css")
    );
    assert_eq!(
        resolve("/transparency/en/", "results/#x").as_deref(),
        Some("/transparency/en/results/")
    );
    assert_eq!(
        resolve("/transparency/", "https://example.org/transparency/ar/").as_deref(),
        Some("/transparency/ar/")
    );
    assert_eq!(resolve("/transparency/", "mailto:a@b.c"), None);
    assert_eq!(
        resolve("/transparency/en/", "../../x").as_deref(),
        Some("/x")
    );
}
