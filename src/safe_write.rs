//! Writing a file without destroying what was not meant to go: never over the file being read
//! (however it is reached: the same path spelt differently, a symlink, a hard link), never over
//! an existing file unless asked, and never half a file. The one atomic write of bloocard: the
//! avatars it saves, the demo's env file, drafts, the fleet's applied records and its export.

use std::io::Write;
use std::path::{Path, PathBuf};

/// How to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions<'a> {
    /// Replace an existing file (atomically: a temporary file renamed over it).
    pub replace: bool,
    /// Mode 0600: the file holds a secret.
    pub private: bool,
    /// This file is never written over, `replace` or not (the input of a conversion).
    pub never_over: Option<&'a Path>,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} is the input file {}; choose another output", .path.display(), .input.display())]
    IsInput { path: PathBuf, input: PathBuf },
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error("{} is a directory; name a file to write, not a directory", .0.display())]
    IsDirectory(PathBuf),
    #[error("could not write {}: {}", .path.display(), crate::io_error::Words(.source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<WriteError> for std::io::Error {
    /// For callers that speak `io::Error`: an I/O failure keeps its kind.
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Io { source, .. } => source,
            WriteError::Exists(_) => std::io::Error::new(std::io::ErrorKind::AlreadyExists, e),
            WriteError::IsDirectory(_) => std::io::Error::new(std::io::ErrorKind::IsADirectory, e),
            WriteError::IsInput { .. } => std::io::Error::other(e),
        }
    }
}

/// Creates `dir` and its parents, `dir` itself 0700 (it holds private files).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Whether `a` and `b` are the same file: the same device and inode where they both exist (which
/// sees through symlinks, hard links and `./x` versus `x`), else the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(ca), Ok(cb)) => ca == cb,
        _ => false,
    }
}

/// A directory (or a symlink to one) is never a file to write: refused up front, in words,
/// rather than asked about ("replace?") and then failed by the system.
pub fn refuse_directory(path: &Path) -> Result<(), WriteError> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(WriteError::IsDirectory(path.to_owned()));
    }
    Ok(())
}

/// Writes `bytes` to `path` as `options` say.
pub fn write(path: &Path, bytes: &[u8], options: WriteOptions) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_owned(),
        source,
    };
    refuse_directory(path)?;
    if let Some(input) = options.never_over
        && same_file(path, input)
    {
        return Err(WriteError::IsInput {
            path: path.to_owned(),
            input: input.to_owned(),
        });
    }
    if !options.replace {
        // O_EXCL: fails on anything already there, a dangling symlink included, with no window
        // between looking and writing.
        let mut file = open(path, options.private, true).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_owned())
            } else {
                io(e)
            }
        })?;
        return file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| {
                let _ = std::fs::remove_file(path);
                io(e)
            });
    }
    let tmp = sibling(path, ".part");
    let result = open(&tmp, options.private, true)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

fn open(path: &Path, private: bool, new: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if new {
        options.create_new(true);
    }
    #[cfg(unix)]
    if private {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    options.open(path)
}

/// `dir/name` → `dir/.name<suffix>.<pid>.<n>`: a hidden file next to `path`, on the same file
/// system, so renaming it over `path` is atomic; `n` counts within the process, so two writes
/// at once (or one left by a crash of a process with the same id) never share it.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{suffix}.{}.{n}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(replace: bool, input: Option<&Path>) -> WriteOptions<'_> {
        WriteOptions {
            replace,
            private: false,
            never_over: input,
        }
    }

    #[test]
    fn never_over_the_input_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("p.jpg");
        std::fs::write(&input, b"photo").unwrap();
        let dotted = dir.path().join(".").join("p.jpg");
        let link = dir.path().join("link.jpg");
        let hard = dir.path().join("hard.jpg");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&input, &link).unwrap();
        std::fs::hard_link(&input, &hard).unwrap();
        for out in [&input, &dotted, &link, &hard] {
            for replace in [false, true] {
                let e = write(out, b"avatar", opts(replace, Some(&input))).unwrap_err();
                assert!(
                    matches!(e, WriteError::IsInput { .. }),
                    "{}: {e}",
                    out.display()
                );
            }
        }
        assert_eq!(std::fs::read(&input).unwrap(), b"photo");
    }

    #[test]
    fn an_existing_file_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.jpg");
        write(&out, b"one", opts(false, None)).unwrap();
        let e = write(&out, b"two", opts(false, None)).unwrap_err();
        assert_eq!(e.to_string(), format!("{} already exists", out.display()));
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        write(&out, b"two", opts(true, None)).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_directory_is_refused_in_words_replace_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("dir.jpg");
        std::fs::create_dir(&sub).unwrap();
        for replace in [false, true] {
            let e = write(&sub, b"x", opts(replace, None)).unwrap_err();
            assert!(matches!(e, WriteError::IsDirectory(_)), "{e}");
            assert!(e.to_string().contains("is a directory; name a file"), "{e}");
        }
        assert!(sub.is_dir(), "left as it was");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("env");
        let options = WriteOptions {
            replace: true,
            private: true,
            never_over: None,
        };
        write(&out, b"K=V\n", options).unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
