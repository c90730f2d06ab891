//! `shafaf serve` end to end over real HTTP on loopback: the page is served with the reload
//! script, an edit is rebuilt and announced, a broken edit shows the terminal's message in an
//! overlay over the last good page, a fix recovers, and `build` output never has the script.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::TestSite;

/// A running `shafaf serve`, stopped when dropped; collects what it prints.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shafaf"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .arg("--output")
            .arg(site.root.with_file_name("serve"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting shafaf serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("at http://") {
                    let rest = &line[i + "at http://".len()..];
                    let _ = tx.send(rest[..rest.find('/').unwrap()].to_owned());
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server announces its address");
        Server { child, addr, log }
    }

    /// GETs `path`; returns the status code and the body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connecting");
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_owned())
    }

    fn version(&self) -> String {
        self.get("/__shafaf/version").1
    }

    /// Waits until the build generation moves past `before`, as the reload script does.
    fn wait_for_rebuild(&self, before: &str) -> String {
        let started = Instant::now();
        loop {
            let now = self.version();
            if now != before {
                return now;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no rebuild after the edit; the server said:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    /// Asserts that the served folder holds, byte for byte, what a full build of the site
    /// (at the server's address) writes.
    fn serves_what_a_full_build_writes(&self, site: &TestSite) {
        let full = site.root.with_file_name("full");
        let _ = std::fs::remove_dir_all(&full);
        let out = site.run(&[
            "build",
            "--base-url",
            &format!("http://{}/", self.addr),
            "--output",
            full.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let (served, built) = (
            common::files_under(&site.root.with_file_name("serve")),
            common::files_under(&full),
        );
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            built.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &built {
            assert!(served[path] == *bytes, "{path} differs from a full build");
        }
    }
}

#[test]
fn serve_rebuilds_reloads_shows_errors_and_recovers() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);

    let (status, page) = server.get("/en/about/");
    assert_eq!(status, 200);
    assert!(page.contains("About this site."), "{page}");
    assert!(
        page.contains("<script src=\"/__shafaf/reload.js\""),
        "served pages carry the reload script"
    );
    let (status, script) = server.get("/__shafaf/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("/__shafaf/version"), "{script}");
    let (status, css) = server.get("/assets/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("__shafaf"), "only HTML pages get the script");
    assert_eq!(server.get("/en/nowhere/").0, 404);

    // An edit: the page changes and the version the reload script polls moves on.
    let v1 = server.version();
    site.edit(
        "content/pages/about.md",
        "About this site.",
        "About this preview.",
    );
    let v2 = server.wait_for_rebuild(&v1);
    let (_, page) = server.get("/en/about/");
    assert!(page.contains("About this preview."), "{page}");
    assert!(
        page.contains(&format!("data-generation=\"{v2}\"")),
        "the page knows its build"
    );

    // A broken edit: the terminal's message, over the last good page.
    site.edit(
        "content/pages/about.md",
        "title = \"About\"",
        "title = = \"About\"",
    );
    let v3 = server.wait_for_rebuild(&v2);
    let (status, page) = server.get("/en/about/");
    assert_eq!(status, 200);
    let terminal = "error: content/pages/about.md:2:9: extra `=`, expected nothing";
    assert!(
        server.log.lock().unwrap().contains(terminal),
        "{}",
        server.log.lock().unwrap()
    );
    assert!(page.contains("id=\"shafaf-error-overlay\""), "{page}");
    assert!(
        page.contains("error: content/pages/about.md:2:9: extra `=`, expected nothing"),
        "the overlay carries the terminal's message: {page}"
    );
    assert!(
        page.contains("About this preview."),
        "the last good page is still served under the overlay"
    );
    let (_, report) = server.get("/__shafaf/error");
    assert!(
        report.starts_with(terminal),
        "the error comes before the warnings: {report}"
    );

    // The fix: the overlay goes, the new text shows.
    site.edit(
        "content/pages/about.md",
        "title = = \"About\"\n+++\nAbout this preview.",
        "title = \"About\"\n+++\nAbout this fixed preview.",
    );
    server.wait_for_rebuild(&v3);
    let (_, page) = server.get("/en/about/");
    assert!(!page.contains("shafaf-error-overlay"), "{page}");
    assert!(page.contains("About this fixed preview."), "{page}");
    assert_eq!(server.get("/__shafaf/error").1, "");

    // Serving never wrote public/, and a build never carries the reload script.
    assert!(!site.path("public").exists(), "serve builds elsewhere");
    site.build();
    for file in site.public_files() {
        let bytes = std::fs::read(site.path("public").join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__shafaf"),
            "{file} carries serve's reload script"
        );
    }
}

#[test]
fn a_site_broken_from_the_start_is_served_as_its_error() {
    let site = TestSite::fixture("minimal");
    site.edit("content/results.toml", "target = 340", "target = = 340");
    let server = Server::start(&site);
    let (status, page) = server.get("/en/");
    assert_eq!(status, 500);
    assert!(page.contains("content/results.toml:37:10"), "{page}");
    let v1 = server.version();
    site.edit("content/results.toml", "target = = 340", "target = 340");
    server.wait_for_rebuild(&v1);
    let (status, page) = server.get("/en/");
    assert_eq!(status, 200);
    assert!(!page.contains("shafaf-error-overlay"), "{page}");
}

impl Server {
    /// The number of build reports (`built …`, `updated …` or an error) printed so far.
    fn reports(&self) -> usize {
        self.report_lines().len()
    }

    /// The build reports printed so far, in order.
    fn report_lines(&self) -> Vec<String> {
        let log = self.log.lock().unwrap();
        log.lines()
            .filter(|l| {
                l.starts_with("built ")
                    || l.starts_with("updated ")
                    || l.starts_with("the last good site")
            })
            .map(str::to_owned)
            .collect()
    }

    /// GETs the page at `path`, asserting that it is served and shows `text`.
    fn shows(&self, path: &str, text: &str) {
        let (status, page) = self.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(page.contains(text), "{path} does not show {text:?}: {page}");
    }

    /// Waits for build report number `n + 1` and returns the whole log line.
    fn report_after(&self, n: usize) -> String {
        let started = Instant::now();
        while self.reports() <= n {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no report; the server said:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        self.report_lines().swap_remove(n)
    }

    /// Makes an edit and waits for the rebuild it causes; returns the build report. Asserts
    /// that open pages are told once per rebuild (a figure edit tells them when its pages are
    /// written, before its data files: not a second time when those are done).
    fn after_edit(&self, edit: impl FnOnce()) -> String {
        let (version, reports) = (self.version(), self.reports());
        edit();
        self.wait_for_rebuild(&version);
        let report = self.report_after(reports);
        let (before, now) = (version.parse::<usize>().unwrap(), self.version());
        let rebuilds = self.reports() - reports;
        assert_eq!(
            now.parse::<usize>().unwrap() - before,
            rebuilds,
            "{rebuilds} rebuilds moved the generation from {before} to {now}"
        );
        report
    }
}

#[test]
fn a_narrative_text_edit_rerenders_only_its_pages_exactly_as_a_full_build_would() {
    let site = TestSite::example();
    site.write(
        "content/periods/2013-Q1/ind-1.1.2.md",
        "+++\nindicator = \"1.1.2\"\n+++\nThe decisions were translated by the commission's own staff.\n",
    );
    let server = Server::start(&site);

    // The text of an output's narrative, of its Arabic translation, and of an indicator's
    // narrative: each re-renders only the pages that show it (and the search indexes holding
    // that prose), without a full rebuild.
    let report = server.after_edit(|| {
        site.edit(
            "content/periods/2013-Q1/1.1.md",
            "a hiring process for a national legal expert",
            "a hiring process for one national legal expert",
        )
    });
    assert!(report.starts_with("updated 3 files"), "{report}");
    server.shows(
        "/en/outputs/1.1/",
        "a hiring process for one national legal expert",
    );
    server.shows(
        "/en/periods/2013-Q1/",
        "a hiring process for one national legal expert",
    );

    let report = server.after_edit(|| {
        append(
            &site,
            "content/periods/2013-Q1/1.1.ar.md",
            "\nفقرة أضيفت للمعاينة.\n",
        )
    });
    assert!(report.starts_with("updated 2 files"), "{report}");
    server.shows("/ar/outputs/1.1/", "فقرة أضيفت للمعاينة.");

    // Untranslated, the indicator's narrative shows in every language.
    let report = server.after_edit(|| {
        site.edit(
            "content/periods/2013-Q1/ind-1.1.2.md",
            "own staff",
            "own translators",
        )
    });
    assert!(report.starts_with("updated 6 files"), "{report}");
    server.shows("/ckb/indicators/1.1.2/", "own translators");

    // What the quick rebuilds left is what a full build of the edited site writes.
    server.serves_what_a_full_build_writes(&site);

    // A broken reference in a narrative's front matter: the error at its line and column, the
    // last good pages still served; the fix brings the quick rebuilds back.
    let report = server.after_edit(|| {
        site.edit(
            "content/periods/2013-Q1/ind-1.1.2.md",
            "indicator = \"1.1.2\"",
            "indicator = \"1.1.22\"",
        )
    });
    assert!(report.starts_with("the last good site"), "{report}");
    let (_, error) = server.get("/__shafaf/error");
    assert!(
        error.starts_with(
            "error: content/periods/2013-Q1/ind-1.1.2.md:2:13: there is no indicator `1.1.22`"
        ),
        "{error}"
    );
    let (_, page) = server.get("/en/indicators/1.1.2/");
    assert!(page.contains("own translators") && page.contains("shafaf-error-overlay"));
    let report = server.after_edit(|| {
        site.edit(
            "content/periods/2013-Q1/ind-1.1.2.md",
            "indicator = \"1.1.22\"\n+++\nThe",
            "indicator = \"1.1.2\"\n+++\nNow the",
        )
    });
    assert!(report.starts_with("updated 6 files"), "{report}");
    let (_, page) = server.get("/en/indicators/1.1.2/");
    assert!(page.contains("Now the decisions") && !page.contains("shafaf-error-overlay"));

    // Front matter, a figure or a new file change more than one narrative's pages: in full.
    let report = server.after_edit(|| {
        site.edit(
            "content/periods/2013-Q1/1.1.md",
            "weight = 10",
            "weight = 11",
        )
    });
    assert!(report.starts_with("built "), "{report}");
    let report = server.after_edit(|| {
        site.write(
            "content/periods/2013-Q1/ind-1.1.1.md",
            "+++\nindicator = \"1.1.1\"\n+++\nNew.\n",
        )
    });
    assert!(report.starts_with("built "), "{report}");
    server.shows("/en/indicators/1.1.1/", "New.");

    // A folder renamed: the period it holds has a new address.
    let report = server.after_edit(|| {
        std::fs::rename(
            site.path("content/periods/2011"),
            site.path("content/periods/2011-annual"),
        )
        .unwrap()
    });
    assert!(report.starts_with("built "), "{report}");
    assert_eq!(server.get("/en/periods/2011-annual/").0, 200);
    assert_eq!(server.get("/en/periods/2011/").0, 404);

    // An editor's temporary file that comes and goes is no change at all.
    let reports = server.reports();
    site.write("content/periods/2013-Q1/4913", "");
    std::fs::remove_file(site.path("content/periods/2013-Q1/4913")).unwrap();
    site.write("content/periods/2013-Q1/.1.1.md.swp", "swap");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(server.reports(), reports, "{}", server.log.lock().unwrap());
}

#[test]
fn a_page_waiting_for_the_next_build_hears_of_it_as_soon_as_it_is_done() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);
    let (_, script) = server.get("/__shafaf/reload.js");
    assert!(script.contains("/__shafaf/version?after="), "{script}");
    let v1 = server.version();

    // Asked about another generation, the server answers at once.
    let started = Instant::now();
    assert_eq!(server.get("/__shafaf/version?after=999999").1, v1);
    assert!(started.elapsed() < Duration::from_secs(2));

    // Asked about the current one, it waits for the next build, and other requests are served
    // meanwhile.
    let (tx, rx) = std::sync::mpsc::channel();
    let (addr, seen) = (server.addr.clone(), v1.clone());
    let waiting = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "GET /__shafaf/version?after={seen} HTTP/1.0\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        tx.send(Instant::now()).unwrap();
        response
    });
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        rx.try_recv().is_err(),
        "the long poll answered before any change"
    );
    for _ in 0..6 {
        assert_eq!(
            server.get("/en/about/").0,
            200,
            "pages are served while it waits"
        );
    }
    let edited = Instant::now();
    site.edit(
        "content/pages/about.md",
        "About this site.",
        "About this preview.",
    );
    let answered = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the long poll answers after the rebuild");
    let response = waiting.join().unwrap();
    let v2 = response.split("\r\n\r\n").nth(1).unwrap().to_owned();
    assert_ne!(v2, v1, "{response}");
    assert_eq!(server.version(), v2);
    assert!(answered > edited);
    server.shows("/en/about/", "About this preview.");
}

#[test]
fn serve_checks_links_as_build_does_and_prints_warnings_and_a_summary() {
    let site = TestSite::fixture("water");
    let server = Server::start(&site);
    let log = || server.log.lock().unwrap().clone();
    let started = Instant::now();
    while !log().contains(": 0 errors, 1 warning") {
        assert!(started.elapsed() < Duration::from_secs(30), "{}", log());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(log().contains("1.2.md: this text is not translated into `ar`"));
    let v1 = server.version();
    site.edit(
        "content/pages/about.md",
        "This fixture",
        "See [x](../nowhere/). This fixture",
    );
    server.wait_for_rebuild(&v1);
    let terminal = "the link `../nowhere/` leads nowhere";
    // Under load the watcher may first see the file half written, and build that.
    while !log().contains(terminal) {
        assert!(started.elapsed() < Duration::from_secs(60), "{}", log());
        std::thread::sleep(Duration::from_millis(50));
    }
    let (_, page) = server.get("/en/about/");
    assert!(page.contains("id=\"shafaf-error-overlay\""), "{page}");
    assert!(page.contains(terminal), "the overlay says it: {page}");
    assert!(
        !page.contains("nowhere/\">x</a>"),
        "the last good page stays"
    );
}

/// Adds to the water fixture `n` indicators of output 1.1, each with a value and a narrative of
/// about 1,300 characters in 2023-Q3: enough prose that the search index is cut to its budget
/// and split into shards.
fn grow_with_narratives(site: &TestSite, n: usize) {
    let read = |rel: &str| std::fs::read_to_string(site.path(rel)).unwrap();
    let mut defs = read("content/results.toml");
    let mut values = read("content/periods/2023-Q3/period.toml");
    let prose = "Meters were read at every connection and checked against the bills. ".repeat(19);
    for k in 1..=n {
        let id = format!("1.1.{}", 500 + k);
        defs.push_str(&format!(
            "\n[[indicators]]\nid = \"{id}\"\noutput = \"1.1\"\nkind = \"count\"\n\
             title = {{ en = \"Grown indicator {k}\", ar = \"مؤشر {k}\" }}\n"
        ));
        values.push_str(&format!(
            "\n[[values]]\nindicator = \"{id}\"\nactual = {k}\n"
        ));
        site.write(
            &format!("content/periods/2023-Q3/ind-{id}.md"),
            &format!("+++\nindicator = \"{id}\"\n+++\nIndicator {k}. {prose}\n"),
        );
    }
    site.write("content/results.toml", &defs);
    site.write("content/periods/2023-Q3/period.toml", &values);
}

#[test]
fn quick_rebuilds_of_a_site_whose_search_index_is_cut_and_sharded_match_a_full_build() {
    let site = TestSite::fixture("water");
    grow_with_narratives(&site, 300);
    let server = Server::start(&site);
    let index = site
        .root
        .with_file_name("serve")
        .join("en/search-index.json");
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&index).unwrap()).unwrap();
    assert!(
        !first["more"].as_array().unwrap().is_empty(),
        "the grown site's index has further shards"
    );

    // An indicator's narrative, then an output's and its Arabic translation, edited in turn:
    // each a quick rebuild, each page and every shard of the index as a full build makes them.
    for (file, from, to) in [
        (
            "content/periods/2023-Q3/ind-1.1.650.md",
            "Indicator 150.",
            "Indicator 150, reread.",
        ),
        (
            "content/periods/2023-Q3/1.2.md",
            "within a month",
            "within two weeks",
        ),
        (
            "content/periods/2023-Q3/ind-1.1.501.md",
            "Indicator 1.",
            "Indicator one.",
        ),
    ] {
        let report = server.after_edit(|| site.edit(file, from, to));
        assert!(report.starts_with("updated "), "{file}: {report}");
    }
    let report = server.after_edit(|| {
        append(
            &site,
            "content/periods/2023-Q3/1.1.ar.md",
            "\nفقرة أضيفت للمعاينة.\n",
        )
    });
    assert!(report.starts_with("updated "), "{report}");
    server.shows("/ar/outputs/1.1/", "فقرة أضيفت للمعاينة.");
    // A figure on the period's second page of values: that page, not the others, is redone.
    let report = server.after_edit(|| {
        site.edit(
            "content/periods/2023-Q3/period.toml",
            "indicator = \"1.1.650\"\nactual = 150\n",
            "indicator = \"1.1.650\"\nactual = 1509\n",
        )
    });
    assert!(report.starts_with("updated "), "{report}");
    server.shows("/en/periods/2023-Q3/values/2/", "1,509");
    server.serves_what_a_full_build_writes(&site);
}

/// Adds `text` at the end of the site's file `rel`.
fn append(site: &TestSite, rel: &str, text: &str) {
    let path = site.path(rel);
    let old = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{old}{text}")).unwrap();
}

/// An edit of a site's file: the file, the text it replaces, and the new text.
type Edit<'a> = (&'a str, &'a str, &'a str);

impl Server {
    /// Makes each edit of `quick` in turn, asserting that each is a quick rebuild after which
    /// its page (the pair beside it) shows the text; then that the served folder holds what a
    /// full build writes; then makes each edit of `full`, asserting that it rebuilds in full.
    fn quick_then_full(
        &self,
        site: &TestSite,
        quick: &[(Edit<'_>, (&str, &str))],
        full: &[Edit<'_>],
    ) {
        for &((file, from, to), (page, text)) in quick {
            let report = self.after_edit(|| site.edit(file, from, to));
            assert!(report.starts_with("updated "), "{file}: {to}: {report}");
            self.shows(page, text);
        }
        self.serves_what_a_full_build_writes(site);
        for &(file, from, to) in full {
            let report = self.after_edit(|| site.edit(file, from, to));
            assert!(report.starts_with("built "), "{file}: {to}: {report}");
        }
        self.serves_what_a_full_build_writes(site);
    }
}

#[test]
fn figure_edits_rerender_only_what_shows_them_exactly_as_a_full_build_would() {
    let site = TestSite::example();
    let server = Server::start(&site);
    let (current, older) = (
        "content/periods/2013-Q1/period.toml",
        "content/periods/2011/period.toml",
    );
    let quick = [
        // A value of the current period, an output's progress, funds (which then no longer
        // add up: a warning), beneficiaries and a note, then a value of an older period.
        (
            (current, "actual = 13\n", "actual = 14\n"),
            ("/en/indicators/1.1.8/", ">14<"),
        ),
        (
            (current, "percent = 56", "percent = 57"),
            ("/en/outputs/1.1/", "57"),
        ),
        (
            (current, "committed = 5848841.07", "committed = 5848941.07"),
            ("/en/funds/", "5,848,941"),
        ),
        (
            (current, "actual = 1459", "actual = 1460"),
            ("/ar/beneficiaries/", "١٬٤٦٠"),
        ),
        (
            (
                current,
                "The report gives no forecast final date",
                "The report gives neither a forecast final date",
            ),
            ("/en/periods/2013-Q1/", "neither a forecast final date"),
        ),
        (
            (older, "actual = 43", "actual = 44"),
            ("/ckb/indicators/2.1.6/", "٤٤"),
        ),
    ];
    // The label, the dates, or which indicators have a value change more: in full.
    let full = [
        (
            older,
            "label = { en = \"2011\"",
            "label = { en = \"The year 2011\"",
        ),
        (older, "start = 2011-01-01", "start = 2011-01-02"),
        (
            older,
            "[[values]]\nindicator = \"2.1.6\"\nactual = 44\n",
            "",
        ),
    ];
    server.quick_then_full(&site, &quick, &full);
    let warnings = |line: &str| line.split(": 0 errors, ").nth(1).map(str::to_owned);
    let lines = server.report_lines();
    assert_eq!(
        warnings(&lines[3]),
        warnings(&lines[lines.len() - 1]),
        "a quick rebuild counts the warnings a full build finds: {lines:?}"
    );

    // A figure written as text: the error at its line and column; the fix is quick again.
    let report = server.after_edit(|| site.edit(older, "actual = 154", "actual = \"154%\""));
    assert!(report.starts_with("the last good site"), "{report}");
    let (_, error) = server.get("/__shafaf/error");
    assert!(
        error.starts_with("error: content/periods/2011/period.toml:"),
        "{error}"
    );
    assert!(
        error.contains("found the text \"154%\" where a number is expected"),
        "{error}"
    );
    let report = server.after_edit(|| site.edit(older, "actual = \"154%\"", "actual = 155"));
    assert!(report.starts_with("updated "), "{report}");
    server.shows("/en/indicators/2.1.7/", "155");
    server.serves_what_a_full_build_writes(&site);
}

#[test]
fn figure_edits_on_a_site_of_another_shape_match_a_full_build() {
    let site = TestSite::fixture("water");
    let server = Server::start(&site);
    let (current, older) = (
        "content/periods/2023-Q3/period.toml",
        "content/periods/2023-Q1/period.toml",
    );
    let quick = [
        (
            (current, "actual = 24\n", "actual = 25\n"),
            ("/en/indicators/1.2.1/", "25"),
        ),
        (
            (current, "percent = 70", "percent = 71"),
            ("/ar/outputs/1.1/", "٧١"),
        ),
        (
            (
                current,
                "Najaf reported a month late.",
                "Najaf reported five weeks late.",
            ),
            ("/en/periods/2023-Q3/", "five weeks late"),
        ),
        (
            (older, "actual = 50\n", "actual = 55\n"),
            ("/en/indicators/1.2.1/", "55"),
        ),
    ];
    let full = [(current, "end = 2023-09-30", "end = 2023-09-29")];
    server.quick_then_full(&site, &quick, &full);
}

/// The number of warnings a build report line gives (`… 0 errors, 3 warnings`).
fn warnings_in(line: &str) -> Option<String> {
    line.split(": 0 errors, ").nth(1).map(str::to_owned)
}

#[test]
fn text_edits_of_pages_and_decisions_rerender_only_their_pages_as_a_full_build_would() {
    let site = TestSite::example();
    let server = Server::start(&site);
    let (page, page_ar) = ("content/pages/methodology.md", "content/pages/about.ar.md");
    let (decision, decision_ar) = (
        "content/decisions/2013-001.md",
        "content/decisions/2013-003.ar.md",
    );
    // A page's text, its Arabic version's, a decision's and an Arabic decision's: each
    // re-renders only its own pages (and the search indexes), without a full rebuild.
    let report = server.after_edit(|| {
        site.edit(
            page,
            "is copied from the programme’s",
            "is taken from the programme’s",
        )
    });
    assert!(report.starts_with("updated "), "{report}");
    server.shows("/en/methodology/", "is taken from the programme’s");
    let quick = [
        (
            (page_ar, "يعرض هذا الموقع", "يبيّن هذا الموقع"),
            ("/ar/about/", "يبيّن هذا الموقع"),
        ),
        (
            (decision, "within ten days", "within twelve days"),
            ("/en/decisions/2013-001/", "within twelve days"),
        ),
        (
            (decision_ar, "القائمة مرفقة.", "القائمة مرفقة بالقرار."),
            ("/ar/decisions/2013-003/", "القائمة مرفقة بالقرار."),
        ),
        // A placeholder left in a page's text is warned of, as a full build warns of it.
        (
            (
                page,
                "## Targets and actuals",
                "<!-- placeholder -->\n## Targets and actuals",
            ),
            ("/en/methodology/", "Targets and actuals"),
        ),
    ];
    // A title, a decision's front matter or the publication's settings change more: in full.
    let full = [
        (page, "How to read the figures", "How to read these figures"),
        (decision, "session = \"2013/01\"", "session = \"2013/02\""),
        (
            "content/decisions/decisions.toml",
            "page_size = 20",
            "page_size = 5",
        ),
    ];
    server.quick_then_full(&site, &quick, &full);
    let lines = server.report_lines();
    let (first, placeholder) = (&lines[0], &lines[lines.len() - 4]);
    assert!(placeholder.starts_with("updated "), "{lines:?}");
    assert_ne!(warnings_in(first), warnings_in(placeholder), "{lines:?}");
    assert_eq!(
        warnings_in(placeholder),
        warnings_in(&lines[lines.len() - 1]),
        "a quick rebuild counts the warnings a full build finds: {lines:?}"
    );
    assert_eq!(server.get("/en/decisions/page/2/").0, 200);

    // A broken decision: the error at its line and column; the fix is quick again.
    let report =
        server.after_edit(|| site.edit(decision, "adopted = 2013-01-10", "adopted = 2013-01-40"));
    assert!(report.starts_with("the last good site"), "{report}");
    let (_, error) = server.get("/__shafaf/error");
    assert!(
        error.starts_with("error: content/decisions/2013-001.md:"),
        "{error}"
    );
    let report =
        server.after_edit(|| site.edit(decision, "adopted = 2013-01-40", "adopted = 2013-01-10"));
    assert!(
        report.starts_with("built ") || report.starts_with("updated "),
        "{report}"
    );
    let report = server.after_edit(|| site.edit(decision, "twelve days", "eleven days"));
    assert!(report.starts_with("updated "), "{report}");
    server.shows("/en/decisions/2013-001/", "eleven days");
    server.serves_what_a_full_build_writes(&site);
}

#[test]
fn text_edits_on_sites_of_other_shapes_match_a_full_build() {
    let site = TestSite::fixture("decisions");
    let server = Server::start(&site);
    let quick = [
        (
            (
                "content/decisions/2013-002.md",
                "with the list of their observers",
                "with the names of their observers",
            ),
            (
                "/en/decisions/2013-002/",
                "with the names of their observers",
            ),
        ),
        (
            (
                "content/pages/about.md",
                "\n+++\n",
                "\n+++\nA new first line.\n",
            ),
            ("/en/about/", "A new first line."),
        ),
        // A placeholder in a decision's text: warned of as a full build warns of it.
        (
            (
                "content/decisions/2013-002.md",
                "The Board of Commissioners decided that",
                "<!-- placeholder -->\nThe Board of Commissioners decided that",
            ),
            (
                "/en/decisions/2013-002/",
                "with the names of their observers",
            ),
        ),
    ];
    let full = [(
        "content/decisions/2013-002.md",
        "Rules for accrediting domestic observer organisations.",
        "How domestic observer organisations are accredited.",
    )];
    server.quick_then_full(&site, &quick, &full);
    let lines = server.report_lines();
    let (first, placeholder) = (&lines[0], &lines[lines.len() - 2]);
    assert!(placeholder.starts_with("updated "), "{lines:?}");
    assert_ne!(warnings_in(first), warnings_in(placeholder), "{lines:?}");
    assert_eq!(
        warnings_in(placeholder),
        warnings_in(&lines[lines.len() - 1]),
        "{lines:?}"
    );
    // The quick rebuild printed the warning it added, just before its report.
    let log = server.log.lock().unwrap().clone();
    let before = &log[..log.find(placeholder.as_str()).unwrap()];
    let since = &before[before.rfind(lines[lines.len() - 3].as_str()).unwrap()..];
    assert!(
        since.contains("warning: content/decisions/2013-002.md:")
            && since.contains("a placeholder from `shafaf new` is still here"),
        "{since}"
    );
    drop(server);

    let site = TestSite::fixture("water");
    let server = Server::start(&site);
    let quick = [(
        (
            "content/pages/about.ar.md",
            "موقع تجريبي",
            "موقع تجريبي جديد",
        ),
        ("/ar/about/", "موقع تجريبي جديد"),
    )];
    let full = [("content/pages/about.md", "weight = 10", "weight = 11")];
    server.quick_then_full(&site, &quick, &full);
}

/// Grows `site` to a results framework of two pages: 150 more outputs of programme output `1`
/// led by `lead`, each with one indicator, and in `period` a progress and a value for the
/// last (which the second page lists). Returns that output's id.
fn grow_results(site: &TestSite, lead: &str, period: &str) -> String {
    let last = site.grow_outputs(lead, 150).pop().unwrap();
    let period_file = format!("content/periods/{period}/period.toml");
    let mut values = std::fs::read_to_string(site.path(&period_file)).unwrap();
    values.push_str(&format!(
        "\n[[outputs]]\noutput = \"{last}\"\npercent = 40\n\n[[values]]\nindicator = \"{last}.1\"\nactual = 7\n"
    ));
    site.write(&period_file, &values);
    last
}

#[test]
fn figure_edits_on_a_paged_results_framework_redo_the_page_that_lists_them() {
    for (fixture, lead, period) in [("minimal", "undp", "2013-Q1"), ("water", "wsa", "2023-Q3")] {
        let site = TestSite::fixture(fixture);
        let last = grow_results(&site, lead, period);
        let server = Server::start(&site);
        let file = format!("content/periods/{period}/period.toml");
        let indicator = format!("/en/indicators/{last}.1/");
        // The output's progress shows on the framework's second page, not its first; a value
        // changes the counts on the first page only if its assessment changes.
        let quick = [
            (
                (file.as_str(), "\npercent = 40\n", "\npercent = 41\n"),
                ("/en/results/page/2/", "<bdi>41%</bdi>"),
            ),
            (
                (file.as_str(), "actual = 7\n", "actual = 8\n"),
                (indicator.as_str(), ">8<"),
            ),
        ];
        server.quick_then_full(&site, &quick, &[]);
    }
}

#[test]
fn framework_edits_rerender_only_what_shows_them_exactly_as_a_full_build_would() {
    let site = TestSite::example();
    let server = Server::start(&site);
    let file = "content/results.toml";
    // An indicator's title, a translation, a progress-table
    // wording, an output's title (shown on its indicators' pages, the home page and the
    // framework's chart) and an output's note.
    let quick = [
        (
            (
                file,
                "published in Kurdish and Arabic\"",
                "published in Kurdish and in Arabic\"",
            ),
            (
                "/en/indicators/1.1.2/",
                "published in Kurdish and in Arabic",
            ),
        ),
        (
            (file, "مراجعة متطلبات تقديم", "مراجعة شروط تقديم"),
            ("/ar/indicators/1.1.1/", "مراجعة شروط تقديم"),
        ),
        (
            (
                file,
                "reviewed in cooperation with CoR Legal Committee, AJC, EJP",
                "reviewed with CoR Legal Committee, AJC, EJP",
            ),
            (
                "/en/indicators/1.1.6/",
                "reviewed with CoR Legal Committee, AJC, EJP",
            ),
        ),
        (
            (
                file,
                "improved institutional transparency and accountability\"",
                "improved its transparency and accountability\"",
            ),
            (
                "/en/outputs/1.1/",
                "improved its transparency and accountability",
            ),
        ),
        (
            (
                file,
                "its title and its lead agency come from",
                "its title and lead agency come from",
            ),
            ("/en/outputs/3.1/", "its title and lead agency come from"),
        ),
        // A target: the indicator's values in every period are assessed again.
        (
            (file, "target = 19\n", "target = 26\n"),
            ("/en/indicators/1.1.8/", "<bdi>26</bdi>"),
        ),
        // A translation taken out: one more warning, at the text that lacks it.
        (
            (file, ", ar = \"مراجعة إجراءات الشكاوى في المفوضية\"", ""),
            ("/ar/indicators/1.1.5/", "IHEC complaints process reviewed"),
        ),
    ];
    // A footnote, and the kind of an indicator, are more than words and targets: in full.
    let full = [
        (
            file,
            "The IHEC has not yet fully developed",
            "The IHEC has not fully developed",
        ),
        (
            file,
            "kind = \"count\"\ntitle = { en = \"Number of capacity",
            "kind = \"percentage\"\ntitle = { en = \"Number of capacity",
        ),
    ];
    server.quick_then_full(&site, &quick, &full);
    let lines = server.report_lines();
    assert_eq!(
        warnings_in(&lines[1]),
        Some("1 warning".to_owned()),
        "{lines:?}"
    );
    assert_eq!(
        warnings_in(&lines[quick.len()]),
        warnings_in(&lines[quick.len() + 1]),
        "a quick rebuild counts the warnings a full build finds: {lines:?}"
    );
}

#[test]
fn framework_edits_on_sites_of_other_shapes_match_a_full_build() {
    let site = TestSite::fixture("water");
    let server = Server::start(&site);
    let file = "content/results.toml";
    let quick = [
        (
            (file, "ar = \"الأسر الموصولة\"", "ar = \"الأسر المتصلة\""),
            ("/ar/indicators/1.1.1/", "الأسر المتصلة"),
        ),
        (
            (
                file,
                "Counted in the 2022 survey.",
                "Counted in the survey of 2022.",
            ),
            ("/en/indicators/1.1.1/", "Counted in the survey of 2022."),
        ),
        (
            (
                file,
                "Faster, open procurement",
                "Faster and open procurement",
            ),
            ("/en/", "Faster and open procurement"),
        ),
    ];
    let quick_figures = [
        (
            (
                file,
                "baseline = { value = 1000,",
                "baseline = { value = 1200,",
            ),
            ("/en/indicators/1.1.1/", "Baseline: 1,200 households."),
        ),
        (
            (file, "target = 95\n", "target = 96\n"),
            ("/en/indicators/1.1.2/", "96"),
        ),
        (
            (file, "direction = \"decrease\"", "direction = \"increase\""),
            ("/en/indicators/1.2.1/", "Higher is better"),
        ),
    ];
    let full = [(
        file,
        "label = { en = \"Governorate\"",
        "label = { en = \"Province\"",
    )];
    let quick: Vec<_> = quick.into_iter().chain(quick_figures).collect();
    server.quick_then_full(&site, &quick, &full);
    // A paged framework of another organisation: an indicator listed on the second page.
    let site = TestSite::fixture("minimal");
    let last = grow_results(&site, "undp", "2013-Q1");
    let server = Server::start(&site);
    let title = format!("Indicator of {last}\"");
    let renamed = format!("Renamed indicator of {last}\"");
    let page = format!("/en/outputs/{last}/");
    server.quick_then_full(
        &site,
        &[(
            (file, title.as_str(), renamed.as_str()),
            (page.as_str(), "Renamed indicator of"),
        )],
        &[],
    );
}
