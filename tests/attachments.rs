//! Decisions' attachments are held to a size limit (16 MiB unless `max_attachment_mib` in
//! `site.toml` says otherwise), checked by `check` and `build` alike, and streamed into the
//! output byte for byte without ever being held whole in memory. Two sites of different shape:
//! the decisions fixture (three languages, a PDF beside many decisions) and the water fixture
//! given one decision of its own.

mod common;

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use common::{stderr, stdout, TestSite};

const MIB: u64 = 1024 * 1024;

/// A site with one attachment: the site, the decision's file, the attachment as the decision
/// writes it, and where that is written (`line:col`).
struct Shape {
    site: TestSite,
    decision: &'static str,
    written: &'static str,
    at: &'static str,
}

impl Shape {
    fn attachment(&self) -> std::path::PathBuf {
        let dir = Path::new(self.decision).parent().unwrap();
        self.site.path(&dir.join(self.written).to_string_lossy())
    }

    fn published(&self) -> std::path::PathBuf {
        let number = Path::new(self.decision).file_stem().unwrap();
        let name = Path::new(self.written).file_name().unwrap();
        self.site.path("public/decisions").join(number).join(name)
    }

    /// Sets `max_attachment_mib` in `site.toml` (a top-level key, so it goes first).
    fn set_limit(&self, mib: &str) {
        let path = self.site.path("content/site.toml");
        let text = fs::read_to_string(&path).unwrap();
        let rest: String = text
            .lines()
            .filter(|l| !l.starts_with("max_attachment_mib"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(&path, format!("max_attachment_mib = {mib}\n{rest}")).unwrap();
    }
}

fn decisions_fixture() -> Shape {
    Shape {
        site: TestSite::fixture("decisions"),
        decision: "content/decisions/2013-003.md",
        written: "attachments/2013-003-polling-centres.pdf",
        at: "14:8",
    }
}

fn water_with_a_decision() -> Shape {
    let site = TestSite::fixture("water");
    site.write(
        "content/decisions/2023-014.md",
        "+++\nnumber = \"2023-014\"\ntitle = \"Tariff review\"\nadopted = 2023-10-02\n\
         published = 2023-10-04\n\n[[attachments]]\nfile = \"annex/tariffs.csv\"\n+++\n\n\
         The board reviewed the water tariffs. The new tariffs are attached.\n",
    );
    site.write(
        "content/decisions/annex/tariffs.csv",
        "band,eur_per_m3\n1,0.40\n",
    );
    Shape {
        site,
        decision: "content/decisions/2023-014.md",
        written: "annex/tariffs.csv",
        at: "8:8",
    }
}

/// Every file under `public/` with its bytes.
fn snapshot(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    site.public_files()
        .into_iter()
        .map(|f| {
            let bytes = fs::read(site.path("public").join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Makes `path` a sparse file of `len` bytes with a few marks through it, so that a copy that
/// lost, moved or zeroed a part would differ.
fn sparse_with_marks(path: &Path, len: u64) {
    let mut f = fs::File::create(path).unwrap();
    f.set_len(len).unwrap();
    for (i, at) in [0, len / 3, len / 2 + 7, len - 32].into_iter().enumerate() {
        f.seek(SeekFrom::Start(at)).unwrap();
        write!(f, "mark {i} at {at}").unwrap();
    }
}

/// Whether two files hold the same bytes, read a block at a time.
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (mut a, mut b) = (fs::File::open(a).unwrap(), fs::File::open(b).unwrap());
    if a.metadata().unwrap().len() != b.metadata().unwrap().len() {
        return false;
    }
    let (mut x, mut y) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    loop {
        let n = a.read(&mut x).unwrap();
        if n == 0 {
            return true;
        }
        b.read_exact(&mut y[..n]).unwrap();
        if x[..n] != y[..n] {
            return false;
        }
    }
}

#[test]
fn an_attachment_over_the_limit_is_an_error_naming_it_and_public_stays() {
    for shape in [decisions_fixture(), water_with_a_decision()] {
        let site = &shape.site;
        site.build();
        let before = snapshot(site);
        let file = fs::OpenOptions::new()
            .write(true)
            .open(shape.attachment())
            .unwrap();
        file.set_len(16 * MIB + MIB / 2).unwrap();
        let expected = format!(
            "error: {}:{}: the attachment `{}` is 16.5 MiB, more than the 16 MiB an attachment may be",
            shape.decision, shape.at, shape.written
        );
        for args in [&["check"][..], &["build"][..]] {
            let out = site.run(args);
            let text = format!("{}{}", stdout(&out), stderr(&out));
            assert!(!out.status.success(), "{args:?} accepted it:\n{text}");
            assert!(
                text.contains(&expected),
                "{args:?}: no {expected:?} in\n{text}"
            );
            assert!(text.contains("max_attachment_mib"), "{text}");
            assert!(!text.contains("no decision lists this file"), "{text}");
        }
        assert!(
            snapshot(site) == before,
            "{}: public/ changed",
            shape.decision
        );

        // Raised in site.toml, the limit lets it through.
        shape.set_limit("17");
        site.build();
        assert_eq!(
            fs::metadata(shape.published()).unwrap().len(),
            16 * MIB + MIB / 2
        );
        for bad in ["0", "-3", "1.5", "\"64\""] {
            shape.set_limit(bad);
            let out = site.run(&["check"]);
            let text = stdout(&out);
            assert!(!out.status.success(), "max_attachment_mib = {bad} accepted");
            assert!(
                text.contains("error: content/site.toml:1:"),
                "{bad}: no error at site.toml's first line in\n{text}"
            );
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_large_attachment_is_copied_byte_for_byte_without_being_held_in_memory() {
    for shape in [decisions_fixture(), water_with_a_decision()] {
        let site = &shape.site;
        shape.set_limit("80");
        sparse_with_marks(&shape.attachment(), 64 * MIB);
        // Twice: the second build recycles the first one's copy.
        for round in 0..2 {
            let done = common::wait_measured(site.spawn(&["build"], &[]));
            assert!(done.success, "{}", done.stderr);
            assert!(
                done.stderr.contains("1 attachment of 64.0 MiB"),
                "the summary counts it:\n{}",
                done.stderr
            );
            assert!(
                same_bytes(&shape.attachment(), &shape.published()),
                "round {round}: the published copy differs"
            );
            // Read whole, the file alone would take 64 MiB; the site itself takes about 25.
            assert!(
                done.peak_rss_kib < 64 * 1024,
                "round {round}: the build held {} KiB at its peak",
                done.peak_rss_kib
            );
        }
    }
}
