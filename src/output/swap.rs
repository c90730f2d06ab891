//! Swapping a finished staging folder in as the output, and the hidden fault-injection hooks the
//! kill tests use to stop a build at a chosen instant of the swap.

use std::fs;
use std::io;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{fresh_sibling, is_real_dir, spare};

/// In builds with debug assertions (the ones `cargo test` runs), `SHAFAF_DEBUG_PAUSE=POINT`
/// makes the build stop at `POINT` — `before-swap`, `after-exchange` or `between-renames` —
/// announce it on standard error and sleep, so a test can kill it exactly there.
/// `SHAFAF_DEBUG_SWAP=rename` forces the two-rename swap used where no atomic exchange exists.
/// Release builds ignore both.
pub(super) fn debug_pause(point: &str) {
    if cfg!(debug_assertions)
        && std::env::var("SHAFAF_DEBUG_PAUSE").is_ok_and(|wanted| wanted == point)
    {
        eprintln!("shafaf debug: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(120));
    }
}

fn forced_rename() -> bool {
    cfg!(debug_assertions) && std::env::var("SHAFAF_DEBUG_SWAP").is_ok_and(|v| v == "rename")
}

/// Exchanges two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`). `Ok(false)` when the
/// system or the file system cannot, so the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if forced_rename() {
        return Ok(false);
    }
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    let _ = forced_rename();
    Ok(false)
}

/// Puts `staging` in the place of `output`. On Linux the two are exchanged in one step, so at
/// no instant is there no output; elsewhere the output is moved aside first, and a build killed
/// between the two renames leaves the previous site in an `old` folder that the next build puts
/// back. The previous build becomes the spare that the next build recycles.
pub(super) fn swap_in(staging: &Path, output: &Path) -> Result<()> {
    if fs::symlink_metadata(output).is_err() {
        return fs::rename(staging, output)
            .with_context(|| format!("moving the new build into {}", output.display()));
    }
    let spare = spare(output)?;
    if exchange(staging, output)
        .with_context(|| format!("swapping the new build into {}", output.display()))?
    {
        debug_pause("after-exchange");
        // `staging` now holds the previous build.
        return keep_as_spare(staging, &spare);
    }
    let old = fresh_sibling(output, "old")?;
    fs::remove_dir(&old).with_context(|| format!("preparing {}", old.display()))?;
    fs::rename(output, &old)
        .with_context(|| format!("moving the previous {} aside", output.display()))?;
    debug_pause("between-renames");
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e).with_context(|| format!("moving the new build into {}", output.display()));
    }
    keep_as_spare(&old, &spare)
}

/// Keeps the previous build as the spare, for the next build to overwrite.
fn keep_as_spare(previous: &Path, spare: &Path) -> Result<()> {
    if is_real_dir(spare) {
        let _ = fs::remove_dir_all(spare);
    }
    if fs::rename(previous, spare).is_err() {
        fs::remove_dir_all(previous)
            .with_context(|| format!("removing the previous build {}", previous.display()))?;
    }
    Ok(())
}
