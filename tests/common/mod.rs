//! Helpers for integration tests: a site in a temporary folder, built with the real binary.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (following no links), by its path relative to `dir`, with its bytes:
/// what a test compares to say a folder was left whole or changed.
pub fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A site in a temporary folder: a fixture's (or the example's) content plus the default theme.
pub struct TestSite {
    _dir: tempfile::TempDir,
    /// The site root.
    pub root: PathBuf,
}

impl TestSite {
    /// The fixture `tests/fixtures/NAME` with the repository's themes.
    pub fn fixture(name: &str) -> TestSite {
        Self::from_content(&repo().join("tests/fixtures").join(name).join("content"))
    }

    /// The fixture `tests/fixtures/NAME` alone, with no `themes/` folder: the built-in theme.
    pub fn fixture_alone(name: &str) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let from = repo().join("tests/fixtures").join(name);
        copy_dir(&from, &root);
        TestSite { _dir: dir, root }
    }

    /// The example site shipped in `content/`.
    pub fn example() -> TestSite {
        Self::from_content(&repo().join("content"))
    }

    fn from_content(content: &Path) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(content, &root.join("content"));
        copy_dir(&repo().join("themes"), &root.join("themes"));
        TestSite { _dir: dir, root }
    }

    /// Runs `shafaf ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_shafaf"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .expect("running shafaf")
    }

    /// Starts `shafaf ARGS --root ROOT` with the extra environment variables `envs`, its
    /// standard output discarded and its standard error piped, for tests that watch, stop or
    /// kill the process while it runs.
    pub fn spawn(&self, args: &[&str], envs: &[(&str, &OsStr)]) -> Child {
        Command::new(env!("CARGO_BIN_EXE_shafaf"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .envs(envs.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting shafaf")
    }

    /// Builds into `public/`, asserting success.
    pub fn build(&self) -> &Self {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// Path of a file under the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a built file under `public/`.
    pub fn read(&self, rel: &str) -> String {
        let p = self.root.join("public").join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
    }

    /// Writes (or replaces) a file under the site root.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Adds `n` outputs to programme output `1`, led by `lead`, each with one indicator (no
    /// value); returns their ids.
    pub fn grow_outputs(&self, lead: &str, n: usize) -> Vec<String> {
        let results = "content/results.toml";
        let mut defs = fs::read_to_string(self.path(results)).unwrap();
        let ids: Vec<String> = (1..=n).map(|k| format!("1.{}", 100 + k)).collect();
        for id in &ids {
            defs.push_str(&format!(
                "\n[[outputs]]\nid = \"{id}\"\nprogramme_output = \"1\"\nlead = \"{lead}\"\n\
                 title = {{ en = \"Generated output {id}\" }}\n\n[[indicators]]\nid = \"{id}.1\"\n\
                 output = \"{id}\"\nkind = \"count\"\ntitle = {{ en = \"Indicator of {id}\" }}\n"
            ));
        }
        self.write(results, &defs);
        ids
    }

    /// Edits a file under the site root: replaces `from` (which must occur) with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.root.join(rel)).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Every file under `public/`, relative, sorted.
    pub fn public_files(&self) -> Vec<String> {
        let base = self.root.join("public");
        let mut out: Vec<String> = walkdir::WalkDir::new(&base)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        out.sort();
        out
    }
}

/// The text of a command's standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The text of a command's standard output.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds the example site and runs the layout check `tests/browser/SCRIPT` in Chromium over it,
/// asserting that every check passed; returns the folder of the screenshots it saved. Without
/// Chromium or `npm ci` in `tests/browser` it returns `None` with the reason printed, except in
/// CI (`CI` set), where that fails the test.
pub fn run_browser_check(script: &str) -> Option<PathBuf> {
    run_browser_check_on(&TestSite::example(), script)
}

/// [`run_browser_check`] over another site (built here).
pub fn run_browser_check_on(site: &TestSite, script: &str) -> Option<PathBuf> {
    let browser_dir = repo().join("tests/browser");
    let ready = browser_dir.join("node_modules/playwright-core").is_dir()
        && Path::new("/usr/bin/chromium").exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium and tests/browser/node_modules for {script}"
        );
        eprintln!("skipped: install chromium and run `npm ci` in tests/browser");
        return None;
    }
    site.build();
    let screenshots = browser_dir.join("screenshots");
    let out = Command::new("node")
        .arg(browser_dir.join(script))
        .arg(site.path("public"))
        .arg(&screenshots)
        .current_dir(&browser_dir)
        .output()
        .expect("running node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    Some(screenshots)
}

/// How a process ended: whether it succeeded, what it wrote on standard error, and the most
/// memory it ever held (its peak resident set, as the kernel counted it).
#[cfg(target_os = "linux")]
pub struct Finished {
    pub success: bool,
    pub stderr: String,
    pub peak_rss_kib: u64,
}

/// Waits for `child` (started by [`TestSite::spawn`]) with `wait4`, which reports the peak
/// resident memory of that one process, whatever else the test binary runs at the same time.
#[cfg(target_os = "linux")]
pub fn wait_measured(mut child: Child) -> Finished {
    use std::io::Read;
    let mut pipe = child.stderr.take().expect("standard error is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).unwrap();
        text
    });
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet waited for; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    Finished {
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        stderr: reader.join().unwrap(),
        peak_rss_kib: u64::try_from(usage.ru_maxrss).unwrap(),
    }
}
