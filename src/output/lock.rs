//! One build at a time per output folder: an advisory lock on a file beside it.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use fs4::fs_std::FileExt as _;

/// The lock on an output folder, held from the moment a build starts writing until it has
/// swapped its folder in. The system releases it when the file is closed, also when the
/// process is killed, so a crashed build never blocks the next one.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// The lock file beside `output`: `.NAME.shafaf-lock`. It stays there between builds (removing
/// it would let two builds lock two different files).
pub fn lock_path(output: &Path) -> Result<PathBuf> {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .context("the output folder has no name")?;
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(parent.join(format!(".{name}.shafaf-lock")))
}

impl OutputLock {
    /// Takes the lock on `output`, waiting (and saying so) while another build holds it.
    pub fn acquire(output: &Path) -> Result<OutputLock> {
        let path = lock_path(output)?;
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Never through a link someone left at the lock's name.
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let file = options
            .open(&path)
            .with_context(|| format!("opening the lock file {}", path.display()))?;
        let locked = file
            .try_lock_exclusive()
            .with_context(|| format!("locking {}", path.display()))?;
        if !locked {
            eprintln!(
                "another shafaf build is writing {}; waiting for it to finish",
                output.display()
            );
            file.lock_exclusive()
                .with_context(|| format!("locking {}", path.display()))?;
        }
        Ok(OutputLock { _file: file })
    }
}
