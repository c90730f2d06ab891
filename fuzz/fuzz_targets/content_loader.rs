//! Any bytes in place of one file of a small valid site: loading and validating the site must
//! give a model or diagnostics with positions inside the file, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shafaf::model::Site;

/// The site the fuzzer mutates: the integration tests' minimal fixture.
const FILES: &[(&str, &str)] = &[
    ("content/site.toml", include_str!("../../tests/fixtures/minimal/content/site.toml")),
    ("content/programme.toml", include_str!("../../tests/fixtures/minimal/content/programme.toml")),
    ("content/results.toml", include_str!("../../tests/fixtures/minimal/content/results.toml")),
    ("content/periods/2013-Q1/period.toml", include_str!("../../tests/fixtures/minimal/content/periods/2013-Q1/period.toml")),
    ("content/periods/2013-Q1/1.1.md", include_str!("../../tests/fixtures/minimal/content/periods/2013-Q1/1.1.md")),
    ("content/periods/2013-Q1/1.1.ar.md", include_str!("../../tests/fixtures/minimal/content/periods/2013-Q1/1.1.ar.md")),
    ("content/pages/about.md", include_str!("../../tests/fixtures/minimal/content/pages/about.md")),
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let replaced = usize::from(which) % FILES.len();
    let dir = tempfile::tempdir_in(std::env::var_os("FUZZ_TMP").unwrap_or_else(|| "/dev/shm".into()))
        .expect("a temporary folder");
    for (i, (rel, text)) in FILES.iter().enumerate() {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let content: &[u8] = if i == replaced { bytes } else { text.as_bytes() };
        std::fs::write(&path, content).unwrap();
    }
    match Site::load(dir.path()) {
        Ok(_) => {}
        Err(errors) => {
            assert!(!errors.diagnostics.is_empty());
            // Every message can be displayed (positions inside their files, no slicing panic).
            let _ = errors.to_string();
        }
    }
});
