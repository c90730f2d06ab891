//! `shafaf serve` under real conditions: its folder private to its process and removed when it
//! is stopped, `public/` refused as its folder, only local `Host` names answered, long polls
//! bounded, and missing files answered at once.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::TestSite;

/// A running `shafaf serve` with its own `TMPDIR`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &TestSite, tmpdir: &Path, extra: &[&str]) -> Server {
        let args = [&["serve", "--port", "0"], extra].concat();
        let mut child = site.spawn(&args, &[("TMPDIR", tmpdir.as_os_str())]);
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("at http://") {
                    let rest = &line[i + "at http://".len()..];
                    let _ = tx.send(rest[..rest.find('/').unwrap()].to_owned());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server announces its address");
        Server { child, addr }
    }

    /// GETs `path` with the given `Host` header; returns the status and the body.
    fn get_as(&self, host: &str, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connecting");
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
        (
            head.split(' ').nth(1).unwrap().parse().unwrap(),
            body.to_owned(),
        )
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.get_as(&self.addr.clone(), path)
    }

    fn threads(&self) -> usize {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }
}

/// The `shafaf-serve-*` folders in `tmpdir`.
fn serve_folders(tmpdir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(tmpdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("shafaf-serve-")
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn each_server_builds_in_a_private_folder_removed_when_it_is_stopped() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let a = Server::start(&site, tmp.path(), &[]);
    let b = Server::start(&site, tmp.path(), &[]);
    let folders = serve_folders(tmp.path());
    assert_eq!(folders.len(), 2, "one folder per server: {folders:?}");
    for f in &folders {
        let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", f.display());
        assert!(f.join("site/.shafaf-output").is_file());
    }
    assert_eq!(a.get("/en/").0, 200);
    assert_eq!(b.get("/en/").0, 200);
    for (server, signal) in [(a, "-TERM"), (b, "-INT")] {
        let mut server = server;
        let sent = Command::new("kill")
            .arg(signal)
            .arg(server.child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        let status = server.child.wait().unwrap();
        assert!(status.success(), "{signal}: {status:?}");
    }
    assert_eq!(serve_folders(tmp.path()), Vec::<PathBuf>::new());
}

#[test]
fn the_folder_build_writes_is_refused_as_the_serve_folder() {
    for fixture in ["minimal", "decisions"] {
        let site = TestSite::fixture(fixture);
        site.build();
        let public = site.root.join("public");
        let out = site.run(&["serve", "--port", "0", "--output", public.to_str().unwrap()]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("refusing to serve from"), "{err}");
        assert!(site.root.join("public/.shafaf-output").is_file());
        let preview = site.root.join("content/preview");
        let inside = site.run(&[
            "serve",
            "--port",
            "0",
            "--output",
            preview.to_str().unwrap(),
        ]);
        assert!(!inside.status.success());
        assert!(String::from_utf8_lossy(&inside.stderr).contains("inside"));
    }
}

#[test]
fn only_local_host_names_are_answered() {
    let site = TestSite::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&site, tmp.path(), &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    for host in [
        server.addr.clone(),
        format!("localhost:{port}"),
        "LOCALHOST".into(),
    ] {
        assert_eq!(server.get_as(&host, "/en/").0, 200, "{host}");
    }
    for host in [
        "attacker.example",
        "attacker.example:80",
        "127.0.0.1.nip.io",
    ] {
        let (status, body) = server.get_as(host, "/en/");
        assert_eq!(status, 421, "{host}");
        assert!(!body.contains("<html"), "{host}: {body}");
    }
    drop(server);
    let open = Server::start(&site, tmp.path(), &["--bind", "0.0.0.0"]);
    assert_eq!(open.get_as("preview.lan", "/en/").0, 200);
}

#[test]
fn missing_files_are_answered_at_once() {
    let site = TestSite::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&site, tmp.path(), &[]);
    let started = Instant::now();
    for i in 0..40 {
        assert_eq!(server.get(&format!("/en/missing-{i}/")).0, 404);
    }
    // Each one once took 300 ms of retries.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "40 missing files took {:?}",
        started.elapsed()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn many_waiting_pages_hold_a_bounded_number_of_threads() {
    let site = TestSite::fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&site, tmp.path(), &[]);
    let generation = server.get("/__shafaf/version").1;
    let mut polls = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        write!(
            s,
            "GET /__shafaf/version?after={generation} HTTP/1.0\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .unwrap();
        polls.push(s);
    }
    // Those beyond the limit are told to come back (503), at once; the others wait.
    std::thread::sleep(Duration::from_millis(1500));
    let mut waiting = Vec::new();
    for mut s in polls {
        s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let mut head = [0u8; 12];
        match s.read_exact(&mut head) {
            Ok(()) => assert!(head.ends_with(b"503"), "{}", String::from_utf8_lossy(&head)),
            Err(_) => waiting.push(s),
        }
    }
    assert_eq!(waiting.len(), 64);
    let started = Instant::now();
    assert_eq!(server.get("/en/").0, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
    let threads = server.threads();
    assert!(threads < 120, "{threads} threads for 200 waiting pages");
    // The waiting ones hear of the next build.
    site.edit("content/site.toml", "Minimal", "Tiny");
    for s in &mut waiting {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        let body = response.split("\r\n\r\n").nth(1).unwrap();
        assert_ne!(body, generation, "{response}");
    }
}
