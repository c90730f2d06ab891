//! The only code that touches the output folder: it checks that the folder is safe to replace,
//! writes every file into a staging folder beside it, and swaps the staging folder in only when
//! everything was written. A failed or interrupted build leaves the previous output as it was.

mod lock;
mod swap;

use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;

use crate::rendered::RenderedFile;
pub use lock::{lock_path, OutputLock};

/// The file that marks a folder as Shafaf's output, so it may be replaced.
pub const MARKER: &str = ".shafaf-output";

/// What the marker file says.
const MARKER_TEXT: &str = "This folder is written by Shafaf and is replaced on every build.\n";

/// Settings for writing.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Replace a non-empty folder that Shafaf did not create.
    pub force: bool,
}

/// Refuses output folders whose replacement would destroy something else or that the site is
/// read from: the site root, its `content/` or `themes/`, any of their ancestors, any folder
/// inside them, `/`, the home folder, or a non-empty folder without Shafaf's marker (unless
/// `force`). A symbolic link is judged by the folder it points to.
pub fn check_output_folder(site_root: &Path, output: &Path, options: WriteOptions) -> Result<()> {
    let output_abs = absolute(&resolve_output(output)?)?;
    let root_abs = absolute(site_root)?;
    let protected = [
        root_abs.clone(),
        root_abs.join("content"),
        root_abs.join("themes"),
    ];
    for p in &protected[1..] {
        if output_abs.starts_with(p) {
            bail!(
                "refusing to use {} as the output folder: it is inside {}, which Shafaf reads the site from\n  = hint: choose a folder outside content/ and themes/, such as {}",
                output.display(),
                p.display(),
                root_abs.join("public").display()
            );
        }
    }
    for p in &protected {
        if p.starts_with(&output_abs) {
            bail!(
                "refusing to use {} as the output folder: it holds {} and would be replaced\n  = hint: choose a folder of its own, such as {}",
                output.display(),
                p.display(),
                root_abs.join("public").display()
            );
        }
    }
    if output_abs.parent().is_none() {
        bail!("refusing to use the file-system root as the output folder");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home).map(|h| h == output_abs).unwrap_or(false) {
            bail!("refusing to use the home folder as the output folder");
        }
    }
    if output_abs.is_file() {
        bail!(
            "the output path {} is a file, not a folder",
            output.display()
        );
    }
    if output_abs.is_dir() && !options.force && !output_abs.join(MARKER).is_file() {
        let non_empty = fs::read_dir(&output_abs)
            .with_context(|| format!("reading {}", output.display()))?
            .next()
            .is_some();
        if non_empty {
            bail!(
                "refusing to replace {}: it is not empty and was not made by Shafaf\n  = hint: choose another --output, empty the folder, or pass --force to replace it",
                output.display()
            );
        }
    }
    Ok(())
}

/// A path made absolute and lexically normalised (without touching the file system, so it also
/// works for folders that do not exist yet).
fn absolute(p: &Path) -> Result<PathBuf> {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .context("reading the current folder")?
            .join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(fs::canonicalize(&out).unwrap_or(out))
}

/// Checks that a rendered path stays inside the output folder.
fn safe_relative(path: &str) -> Result<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\0')
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        bail!("refusing to write {path:?}: it would land outside the output folder");
    }
    Ok(p.to_path_buf())
}

/// Suffix of the folder that keeps the previous build beside the output, to be recycled.
const SPARE: &str = "spare";

/// The folder beside `output` holding the build before the current one, whose files the next
/// build overwrites in place: creating and deleting thousands of files costs the file system
/// far more than rewriting them.
fn spare(output: &Path) -> Result<PathBuf> {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .context("the output folder has no name")?;
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(parent.join(format!(".{name}.shafaf-{SPARE}")))
}

/// A random part for folder names, so that nobody can guess (and pre-create) them.
fn random_suffix() -> String {
    use std::hash::BuildHasher;
    let state = std::collections::hash_map::RandomState::new();
    let now = std::time::SystemTime::now();
    format!(
        "{:016x}{:08x}",
        state.hash_one((std::process::id(), now)),
        std::process::id()
    )
}

/// Creates a new, empty folder `.NAME.shafaf-KIND-RANDOM` beside `output`, exclusively: never
/// one that already exists, nor through a link standing at its name.
fn fresh_sibling(output: &Path, kind: &str) -> Result<PathBuf> {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .context("the output folder has no name")?;
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
    for _ in 0..100 {
        let dir = parent.join(format!(".{name}.shafaf-{kind}-{}", random_suffix()));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("creating {}", dir.display())),
        }
    }
    bail!(
        "could not create a staging folder beside {}",
        output.display()
    )
}

/// Whether `path` is a folder itself, not a link to one.
fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_dir())
}

/// Is `path` a folder with nothing in it (a staging folder killed before its marker was written)?
fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// Whether a file has other names (hard links) besides this one.
fn has_other_links(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// The folder a symbolic link given as the output points to (the web root linked into place),
/// so that the site it points to is the one updated; other paths as they are.
pub fn resolve_output(output: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(output) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(output).with_context(|| {
            format!(
                "the output {} is a symbolic link to a folder that does not exist\n  = hint: create the folder it points to, or remove the link",
                output.display()
            )
        }),
        _ => Ok(output.to_path_buf()),
    }
}

/// Removes staging and old folders left beside `output` by builds that were killed. Called
/// with the output's lock held, so no other build is using any of them.
fn remove_leftovers(output: &Path) -> Result<()> {
    let Some(name) = output.file_name().and_then(|n| n.to_str()) else {
        return Ok(());
    };
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&parent) else {
        return Ok(());
    };
    let prefix = format!(".{name}.shafaf-");
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                n.starts_with(&format!("{prefix}tmp-")) || n.starts_with(&format!("{prefix}old-"))
            }) && e.file_type().is_ok_and(|t| t.is_dir())
                && (e.path().join(MARKER).is_file() || is_empty_dir(&e.path()))
        })
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    // A build killed between moving the previous site aside and moving the new one in (where
    // the swap takes two renames) leaves no output but an `old` folder: that is the last good
    // site, so it is put back first.
    if fs::symlink_metadata(output).is_err() {
        let old_prefix = format!("{prefix}old-");
        if let Some(i) = leftovers.iter().position(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&old_prefix))
                && p.join(MARKER).is_file()
        }) {
            let old = leftovers.remove(i);
            fs::rename(&old, output)
                .with_context(|| format!("restoring the previous build from {}", old.display()))?;
        }
    }
    for path in leftovers {
        remove_marked_dir(&path)
            .with_context(|| format!("removing the leftover folder {}", path.display()))?;
    }
    Ok(())
}

/// Removes a folder of Shafaf's, its marker last: a build killed while removing it leaves a
/// folder that is still marked or already empty, which the next build recognises and removes.
fn remove_marked_dir(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)?.flatten() {
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    let _ = fs::remove_file(dir.join(MARKER));
    fs::remove_dir(dir)
}

impl Staging {
    /// Streams files that are copied, not rendered (the decisions' attachments: output path and
    /// source file), into the staging folder, never whole in memory, each held to `max` bytes.
    /// Returns their total bytes.
    pub fn publish(&self, copies: &[(String, PathBuf)], max: u64) -> Result<u64> {
        let mut bytes = 0;
        for (path, source) in copies {
            bytes += self.copy(path, source, max)?;
        }
        Ok(bytes)
    }
}

/// Writes `files` as the new contents of `output`, atomically replacing what was there.
pub fn write_site(
    site_root: &Path,
    output: &Path,
    files: &[RenderedFile],
    options: WriteOptions,
) -> Result<()> {
    let staging = Staging::open(site_root, output, options)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// Replaces some files of a finished output folder in place, for `serve`'s quick rebuilds. Each
/// file is written beside its old self and renamed over it, so a reader gets the old file or the
/// new, never half of one, and a hard link to the old file keeps the old bytes; files whose
/// bytes have not changed are left alone (but for files of several megabytes, written anyway).
/// The folder must be Shafaf's output and every file must already be in it. Returns how many
/// files were written.
pub fn update_in_place(output: &Path, files: &[RenderedFile]) -> Result<usize> {
    let output = resolve_output(output)?;
    if !output.join(MARKER).is_file() {
        bail!(
            "{} is not a folder Shafaf wrote; build it in full first",
            output.display()
        );
    }
    let _lock = OutputLock::acquire(&output)?;
    // Side by side: at scale a few of them are the site's largest files.
    let written = files
        .par_iter()
        .map(|file| replace_if_changed(&output, file))
        .collect::<Result<Vec<bool>>>()?;
    Ok(written.into_iter().filter(|&w| w).count())
}

/// From this size on, [`update_in_place`] writes a file without comparing it with the old one.
const ALWAYS_WRITTEN_BYTES: u64 = 4 << 20;

/// Replaces `file` in the finished output folder `output` if its bytes changed (see
/// [`update_in_place`]); whether it did.
fn replace_if_changed(output: &Path, file: &RenderedFile) -> Result<bool> {
    let path = output.join(safe_relative(&file.path)?);
    let should_exist = || {
        format!(
            "{} should already exist: build in full first",
            path.display()
        )
    };
    let size = fs::metadata(&path).with_context(should_exist)?.len();
    // Of another size, it changed: no need to read it. Nor to read a very large one (the whole
    // dataset), which is written again at less cost than reading and comparing it.
    let compare = size == file.bytes.len() as u64 && size < ALWAYS_WRITTEN_BYTES;
    if compare && fs::read(&path).with_context(should_exist)? == file.bytes {
        return Ok(false);
    }
    let mut tmp = path.clone().into_os_string();
    tmp.push(".shafaf-new");
    let tmp = PathBuf::from(tmp);
    let _ = fs::remove_file(&tmp);
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .with_context(|| format!("writing {}", tmp.display()))?;
    f.write_all(&file.bytes)
        .with_context(|| format!("writing {}", tmp.display()))?;
    drop(f);
    fs::rename(&tmp, &path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(true)
}

/// A build being written: files go into a staging folder beside the output as soon as they are
/// rendered (from any thread), and [`Staging::commit`] swaps the finished folder in. Dropped
/// without a commit (a failed build), the staging folder is removed and the output untouched.
/// The output's lock is held from [`Staging::open`] until the staging is committed or dropped.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// What this build wrote, when it writes over a recycled build (whose other files go).
    written: Option<Mutex<HashSet<PathBuf>>>,
    made_dirs: Mutex<HashSet<PathBuf>>,
    committed: bool,
    _lock: OutputLock,
}

impl Staging {
    /// Resolves a linked output to the folder it points to, checks it, waits for any other build
    /// into it to finish, clears what killed builds left, and prepares a new staging folder
    /// (holding the recycled previous build when there is one).
    pub fn open(site_root: &Path, output: &Path, options: WriteOptions) -> Result<Staging> {
        let output = resolve_output(output)?;
        check_output_folder(site_root, &output, options)?;
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let lock = OutputLock::acquire(&output)?;
        // Checked again: the folder may have changed while this build waited for the lock.
        check_output_folder(site_root, &output, options)?;
        remove_leftovers(&output)?;
        let dir = fresh_sibling(&output, "tmp")?;
        let recycled = recycle_spare(&spare(&output)?, &dir)?;
        if let Ok(m) = fs::metadata(&output) {
            // The new folder is served as the old one was.
            let _ = fs::set_permissions(&dir, m.permissions());
        }
        let staging = Staging {
            output,
            dir,
            written: recycled.then(Mutex::default),
            made_dirs: Mutex::new(HashSet::new()),
            committed: false,
            _lock: lock,
        };
        staging.write(&RenderedFile::text(MARKER, MARKER_TEXT))?;
        Ok(staging)
    }

    /// Writes one file into the staging folder, leaving it alone when the recycled folder
    /// already holds the same bytes. A recycled file that has other names (a hard-linked
    /// snapshot of an earlier build) is replaced by a new file, never written through.
    pub fn write(&self, file: &RenderedFile) -> Result<()> {
        let (rel, path, existing) = self.prepare(&file.path)?;
        let unchanged = existing
            .as_ref()
            .is_some_and(|m| m.len() == file.bytes.len() as u64)
            && fs::read(&path).is_ok_and(|old| old == file.bytes);
        if !unchanged {
            if existing.as_ref().is_some_and(has_other_links) {
                fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            }
            fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))?;
        }
        self.record(rel);
        Ok(())
    }

    /// Records that `rel` was written, if the staging folder holds a recycled build.
    fn record(&self, rel: PathBuf) {
        if let Some(written) = &self.written {
            lock(written).insert(rel);
        }
    }

    /// Copies the file at `source` to `path` in the staging folder, streaming it (never whole
    /// in memory), as a new file (a recycled one is never written through). Fails when the file
    /// holds more than `max` bytes, as it may if it grew after it was checked. Returns its size.
    pub fn copy(&self, path: &str, source: &Path, max: u64) -> Result<u64> {
        let (rel, dest, existing) = self.prepare(path)?;
        if existing.is_some() {
            fs::remove_file(&dest).with_context(|| format!("removing {}", dest.display()))?;
        }
        let mut from =
            fs::File::open(source).with_context(|| format!("reading {}", source.display()))?;
        let mut to = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&dest)
            .with_context(|| format!("writing {}", dest.display()))?;
        let size = stream(&mut from, &mut to, max)
            .with_context(|| format!("copying {} to {}", source.display(), dest.display()))?;
        self.record(rel);
        Ok(size)
    }

    /// Makes room for the file at `path`: its folders exist (as folders, not links), and what
    /// the recycled build had there is gone unless it is a plain file. Returns the relative and
    /// full paths and the metadata of the plain file already there.
    fn prepare(&self, path: &str) -> Result<(PathBuf, PathBuf, Option<fs::Metadata>)> {
        let rel = safe_relative(path)?;
        let full = self.dir.join(&rel);
        if let Some(parent) = full.parent() {
            // Held while the folder is made, so no other thread writes into it before it exists.
            let mut made = lock(&self.made_dirs);
            if !made.contains(parent) {
                self.make_dir(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        let existing = match fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_file() => Some(m),
            Ok(m) if m.file_type().is_dir() => {
                // The recycled build had a folder where this build has a file.
                fs::remove_dir_all(&full)
                    .with_context(|| format!("removing {}", full.display()))?;
                None
            }
            Ok(_) => {
                fs::remove_file(&full).with_context(|| format!("removing {}", full.display()))?;
                None
            }
            Err(_) => None,
        };
        Ok((rel, full, existing))
    }

    /// Creates `dir` (inside the staging folder) one folder at a time, replacing any file or
    /// link of the recycled build that stands where one of its folders must be.
    fn make_dir(&self, dir: &Path) -> Result<()> {
        let mut at = self.dir.clone();
        for part in dir.strip_prefix(&self.dir).unwrap_or(dir).components() {
            at.push(part);
            match fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_dir() => continue,
                Ok(_) => {
                    fs::remove_file(&at).with_context(|| format!("removing {}", at.display()))?
                }
                Err(_) => {}
            }
            fs::create_dir(&at).with_context(|| format!("creating {}", at.display()))?;
        }
        Ok(())
    }

    /// Removes what the recycled build had and this one does not, and swaps the staging folder
    /// in as the output.
    pub fn commit(mut self) -> Result<()> {
        if let Some(written) = self.written.take() {
            let wanted = written.into_inner().unwrap_or_else(|p| p.into_inner());
            remove_unwanted(&self.dir, &wanted)?;
        }
        swap::debug_pause("before-swap");
        swap::swap_in(&self.dir, &self.output)?;
        self.committed = true;
        Ok(())
    }
}

/// Copies what `from` holds to `to` through a small buffer, so a file of any size costs little
/// memory (between two files on Linux the kernel copies it without passing through this
/// process). Fails, having written at most `max` bytes, when `from` holds more than `max`.
fn stream(from: &mut impl Read, to: &mut impl Write, max: u64) -> std::io::Result<u64> {
    let copied = std::io::copy(&mut from.take(max), to)?;
    if copied == max && from.read(&mut [0u8; 1])? > 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file grew beyond {max} bytes while it was copied"),
        ));
    }
    Ok(copied)
}

/// Moves the spare (the build before the previous one) into the new staging folder `dir`, to
/// be overwritten, if it is a folder of this user holding Shafaf's marker. Anything in it that
/// is neither a plain folder nor a plain file (links, sockets…) is removed first, so that no
/// write follows a link out of the staging folder. Returns whether it did.
fn recycle_spare(spare: &Path, dir: &Path) -> Result<bool> {
    let ours = fs::symlink_metadata(spare).is_ok_and(|m| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // SAFETY: geteuid has no preconditions.
            m.file_type().is_dir() && m.uid() == unsafe { libc::geteuid() }
        }
        #[cfg(not(unix))]
        {
            m.file_type().is_dir()
        }
    });
    if !ours || !spare.join(MARKER).is_file() {
        return Ok(false);
    }
    fs::remove_dir(dir).with_context(|| format!("preparing {}", dir.display()))?;
    if fs::rename(spare, dir).is_err() {
        let _ = fs::remove_dir_all(spare);
        fs::create_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
        return Ok(false);
    }
    let entries = walkdir::WalkDir::new(dir).min_depth(1).follow_links(false);
    let odd: Vec<PathBuf> = entries
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir() && !e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    for path in odd {
        fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(true)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.dir.exists() {
            let _ = remove_marked_dir(&self.dir);
        }
    }
}

/// Locks a mutex, also after another thread panicked while holding it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Deletes from a recycled staging folder every file and folder the new build does not have.
fn remove_unwanted(staging: &Path, wanted: &HashSet<PathBuf>) -> Result<()> {
    // Every folder that holds a wanted file is wanted too.
    let mut wanted_dirs: HashSet<PathBuf> = HashSet::new();
    for rel in wanted {
        let mut dir = rel.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if !wanted_dirs.insert(d.to_path_buf()) {
                break;
            }
            dir = d.parent();
        }
    }
    let entries = walkdir::WalkDir::new(staging)
        .min_depth(1)
        .contents_first(true)
        .follow_links(false);
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", staging.display()))?;
        let rel = entry.path().strip_prefix(staging).unwrap_or(entry.path());
        let (keep, remove): (bool, fn(&Path) -> std::io::Result<()>) = if entry.file_type().is_dir()
        {
            (wanted_dirs.contains(rel), |p| fs::remove_dir_all(p))
        } else {
            (wanted.contains(rel), |p| fs::remove_file(p))
        };
        if !keep {
            remove(entry.path()).with_context(|| format!("removing {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 64 MiB of a repeating pattern, handed out as asked; counts what was read.
    struct Pattern {
        left: u64,
        read: std::rc::Rc<std::cell::Cell<u64>>,
        largest_read: usize,
    }

    impl Read for Pattern {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.left as usize);
            let start = self.read.get();
            for (i, b) in buf[..n].iter_mut().enumerate() {
                *b = ((start + i as u64) % 251) as u8;
            }
            self.left -= n as u64;
            self.read.set(start + n as u64);
            self.largest_read = self.largest_read.max(n);
            Ok(n)
        }
    }

    /// Checks the pattern as it is written, and how far the reading ran ahead of the writing:
    /// that is what the copy holds in memory.
    struct Check {
        written: u64,
        read: std::rc::Rc<std::cell::Cell<u64>>,
        most_held: u64,
    }

    impl Write for Check {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.most_held = self.most_held.max(self.read.get() - self.written);
            for (i, b) in buf.iter().enumerate() {
                assert_eq!(
                    *b,
                    ((self.written + i as u64) % 251) as u8,
                    "at {}",
                    self.written
                );
            }
            self.written += buf.len() as u64;
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn pattern(len: u64) -> (Pattern, Check) {
        let read = std::rc::Rc::new(std::cell::Cell::new(0));
        let from = Pattern {
            left: len,
            read: read.clone(),
            largest_read: 0,
        };
        let to = Check {
            written: 0,
            read,
            most_held: 0,
        };
        (from, to)
    }

    #[test]
    fn a_copy_streams_through_a_small_buffer_and_stops_at_the_limit() {
        const MIB: u64 = 1024 * 1024;
        let (mut from, mut to) = pattern(64 * MIB);
        assert_eq!(stream(&mut from, &mut to, 64 * MIB).unwrap(), 64 * MIB);
        assert_eq!(to.written, 64 * MIB);
        assert!(from.largest_read <= 64 * 1024, "{}", from.largest_read);
        assert!(
            to.most_held <= 64 * 1024,
            "{} bytes held at once",
            to.most_held
        );

        // One byte more than allowed: an error, and no more than the limit written.
        let (mut from, mut to) = pattern(MIB + 1);
        let err = stream(&mut from, &mut to, MIB).unwrap_err();
        assert!(err.to_string().contains("grew beyond"), "{err}");
        assert!(to.written <= MIB);
    }

    #[cfg(unix)]
    #[test]
    fn a_copied_file_never_writes_through_a_hard_link_and_respects_the_limit() {
        let (tmp, root, out) = site();
        let source = tmp.path().join("big.bin");
        let snapshot = tmp.path().join("snapshot.bin");
        for (round, byte) in [1u8, 2, 3, 4].into_iter().enumerate() {
            fs::write(&source, vec![byte; 3000]).unwrap();
            let staging = Staging::open(&root, &out, WriteOptions::default()).unwrap();
            assert_eq!(staging.copy("d/big.bin", &source, 3000).unwrap(), 3000);
            staging.commit().unwrap();
            assert_eq!(fs::read(out.join("d/big.bin")).unwrap(), vec![byte; 3000]);
            if round == 0 {
                fs::hard_link(out.join("d/big.bin"), &snapshot).unwrap();
            }
        }
        assert_eq!(fs::read(&snapshot).unwrap(), vec![1u8; 3000]);

        let staging = Staging::open(&root, &out, WriteOptions::default()).unwrap();
        let err = staging.copy("d/too.bin", &source, 2999).unwrap_err();
        assert!(
            format!("{err:#}").contains("grew beyond 2999 bytes"),
            "{err:#}"
        );
        drop(staging);
        assert_eq!(fs::read(out.join("d/big.bin")).unwrap(), vec![4u8; 3000]);
        assert!(!out.join("d/too.bin").exists());
    }

    #[test]
    fn rendered_paths_cannot_escape() {
        assert!(safe_relative("en/index.html").is_ok());
        assert!(safe_relative("../x").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("a/../../b").is_err());
        assert!(safe_relative("").is_err());
    }

    #[test]
    fn updates_in_place_only_the_files_that_changed_in_a_folder_it_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");
        let stranger = tmp.path().join("stranger");
        fs::create_dir_all(&stranger).unwrap();
        fs::write(stranger.join("a.txt"), "mine").unwrap();
        let err = update_in_place(&stranger, &[RenderedFile::text("a.txt", "x")]).unwrap_err();
        assert!(
            err.to_string().contains("not a folder Shafaf wrote"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(stranger.join("a.txt")).unwrap(), "mine");

        let files = [
            RenderedFile::text("a.txt", "1"),
            RenderedFile::text("d/b.txt", "2"),
        ];
        write_site(&root, &out, &files, WriteOptions::default()).unwrap();
        let written = update_in_place(
            &out,
            &[
                RenderedFile::text("a.txt", "1"),
                RenderedFile::text("d/b.txt", "3"),
            ],
        )
        .unwrap();
        assert_eq!(written, 1, "the unchanged file is left alone");
        assert_eq!(fs::read_to_string(out.join("d/b.txt")).unwrap(), "3");
        assert!(!out.join("d/b.txt.shafaf-new").exists());
        assert!(update_in_place(&out, &[RenderedFile::text("new.txt", "4")]).is_err());
        assert!(update_in_place(&out, &[RenderedFile::text("../x.txt", "4")]).is_err());
    }

    #[test]
    fn replaces_previous_output_and_leaves_no_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");
        write_site(
            &root,
            &out,
            &[RenderedFile::text("a.txt", "1")],
            WriteOptions::default(),
        )
        .unwrap();
        write_site(
            &root,
            &out,
            &[RenderedFile::text("b.txt", "2")],
            WriteOptions::default(),
        )
        .unwrap();
        assert!(!out.join("a.txt").exists());
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "2");
        let names = |root: &Path| -> Vec<String> {
            let mut v: Vec<_> = fs::read_dir(root)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.contains("shafaf-") && !n.ends_with("shafaf-lock"))
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            names(&root),
            [".public.shafaf-spare"],
            "only the spare is kept"
        );

        // The third build recycles the spare (which holds a.txt) and still gets exactly its
        // own files, in nested folders too.
        write_site(
            &root,
            &out,
            &[
                RenderedFile::text("c/d/e.txt", "3"),
                RenderedFile::text("b.txt", "2"),
            ],
            WriteOptions::default(),
        )
        .unwrap();
        let mut files: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&out).unwrap().display().to_string())
            .collect();
        files.sort();
        assert_eq!(files, [MARKER, "b.txt", "c/d/e.txt"]);
        assert_eq!(names(&root), [".public.shafaf-spare"]);
        let spare_files: Vec<_> = walkdir::WalkDir::new(root.join(".public.shafaf-spare"))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(spare_files.contains(&"b.txt".to_owned()), "{spare_files:?}");
    }

    #[test]
    fn a_recycled_build_may_have_files_where_folders_go_and_back() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");
        let build = |files: &[RenderedFile]| {
            write_site(&root, &out, files, WriteOptions::default()).unwrap();
        };
        build(&[RenderedFile::text("a/b.txt", "folder a")]);
        build(&[RenderedFile::text("x.txt", "x")]);
        // Recycles the first build: `a` was a folder, is now a file.
        build(&[RenderedFile::text("a", "file a")]);
        assert_eq!(fs::read_to_string(out.join("a")).unwrap(), "file a");
        build(&[RenderedFile::text("x.txt", "x")]);
        // Recycles the third build: `a` was a file, is now a folder again.
        build(&[RenderedFile::text("a/b/c.txt", "deep")]);
        assert_eq!(fs::read_to_string(out.join("a/b/c.txt")).unwrap(), "deep");
        assert!(!out.join("x.txt").exists());
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let files = [RenderedFile::text("a.txt", "1")];
        for bad in [root.clone(), root.join("content"), tmp.path().to_path_buf()] {
            let err = write_site(&root, &bad, &files, WriteOptions::default()).unwrap_err();
            assert!(err.to_string().contains("refusing"), "{err}");
        }
        let foreign = root.join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let err = write_site(&root, &foreign, &files, WriteOptions::default()).unwrap_err();
        assert!(err.to_string().contains("not made by Shafaf"), "{err}");
        assert_eq!(
            fs::read_to_string(foreign.join("keep.txt")).unwrap(),
            "mine"
        );
        write_site(&root, &foreign, &files, WriteOptions { force: true }).unwrap();
        assert!(!foreign.join("keep.txt").exists());
    }

    #[test]
    fn a_build_killed_between_renames_gets_the_previous_site_back() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");
        let site = [RenderedFile::text("a.txt", "1")];
        write_site(&root, &out, &site, WriteOptions::default()).unwrap();
        // What a kill right after the first rename of `swap_in` leaves behind.
        fs::rename(&out, root.join(".public.shafaf-old-4242")).unwrap();
        let killed_staging = root.join(".public.shafaf-tmp-4242");
        fs::create_dir_all(&killed_staging).unwrap();
        fs::write(killed_staging.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(killed_staging.join("a.txt"), "1").unwrap();
        fs::create_dir_all(killed_staging.join("en/x")).unwrap();
        fs::write(killed_staging.join("en/x/index.html"), "x").unwrap();
        remove_leftovers(&out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "1");
        let names: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.contains("shafaf-") || n.ends_with("shafaf-lock")),
            "{names:?}"
        );
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");
        write_site(
            &root,
            &out,
            &[RenderedFile::text("a.txt", "1")],
            WriteOptions::default(),
        )
        .unwrap();
        let bad = [
            RenderedFile::text("ok.txt", "x"),
            RenderedFile::text("../evil", "x"),
        ];
        assert!(write_site(&root, &out, &bad, WriteOptions::default()).is_err());
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "1");
        assert!(!out.join("ok.txt").exists());
    }

    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::create_dir_all(root.join("themes")).unwrap();
        let out = root.join("public");
        (tmp, root, out)
    }

    #[cfg(unix)]
    #[test]
    fn links_left_in_a_recycled_build_are_never_followed() {
        let (tmp, root, out) = site();
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        let files = [
            RenderedFile::text("en/index.html", "new"),
            RenderedFile::text("f.txt", "new"),
        ];
        write_site(&root, &out, &files, WriteOptions::default()).unwrap();
        write_site(&root, &out, &files, WriteOptions::default()).unwrap();
        // The spare is recycled by the next build: plant links where its files go.
        let spare = root.join(".public.shafaf-spare");
        fs::remove_dir_all(spare.join("en")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, spare.join("en")).unwrap();
        fs::remove_file(spare.join("f.txt")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("f.txt"), spare.join("f.txt")).unwrap();
        // A folder at a predictable staging name, with a link inside, is never used.
        let planted = root.join(format!(".public.shafaf-tmp-{}", std::process::id()));
        fs::create_dir_all(&planted).unwrap();
        std::os::unix::fs::symlink(&elsewhere, planted.join("en")).unwrap();
        write_site(&root, &out, &files, WriteOptions::default()).unwrap();
        assert_eq!(
            fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written through a link"
        );
        assert!(is_real_dir(&out.join("en")));
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            "new"
        );
        assert!(fs::symlink_metadata(out.join("f.txt")).unwrap().is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_snapshot_of_an_earlier_build_is_never_modified() {
        let (tmp, root, out) = site();
        let snapshot = tmp.path().join("snapshot");
        write_site(
            &root,
            &out,
            &[RenderedFile::text("a.txt", "one")],
            WriteOptions::default(),
        )
        .unwrap();
        // `cp -al public snapshot`
        fs::create_dir_all(&snapshot).unwrap();
        fs::hard_link(out.join("a.txt"), snapshot.join("a.txt")).unwrap();
        for text in ["two", "three", "four"] {
            write_site(
                &root,
                &out,
                &[RenderedFile::text("a.txt", text)],
                WriteOptions::default(),
            )
            .unwrap();
            assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), text);
        }
        assert_eq!(fs::read_to_string(snapshot.join("a.txt")).unwrap(), "one");
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_updates_the_folder_it_points_to() {
        let (tmp, root, _) = site();
        let webroot = tmp.path().join("srv/www");
        fs::create_dir_all(&webroot).unwrap();
        let link = tmp.path().join("current");
        std::os::unix::fs::symlink(&webroot, &link).unwrap();
        for text in ["one", "two", "three"] {
            write_site(
                &root,
                &link,
                &[RenderedFile::text("a.txt", text)],
                WriteOptions::default(),
            )
            .unwrap();
            assert!(fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink());
            assert_eq!(fs::read_to_string(webroot.join("a.txt")).unwrap(), text);
        }
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        let err = write_site(&root, &dangling, &[], WriteOptions::default()).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn an_output_inside_the_site_sources_is_refused() {
        let (_tmp, root, _) = site();
        for inside in ["content/public", "themes/x/out", "content"] {
            let err = check_output_folder(&root, &root.join(inside), WriteOptions { force: true })
                .unwrap_err();
            assert!(err.to_string().starts_with("refusing"), "{inside}: {err}");
        }
        assert!(check_output_folder(&root, &root.join("public"), WriteOptions::default()).is_ok());
    }
}
