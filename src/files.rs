//! Writing output files (models, arrays, dumps) whole or not at all: the
//! bytes go to a temporary file in the target's directory (`tempfile`),
//! which is synced and then renamed over the target, so a reader never sees
//! a half-written file and a failed write leaves no stray file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file + rename). Errors
/// name the path and say what failed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |what: &str, e: &dyn std::fmt::Display| Error::File {
        path: path.to_path_buf(),
        message: format!("{what}: {e}"),
    };
    if path.as_os_str().is_empty() {
        return Err(err("cannot write", &"the path is empty"));
    }
    if path.is_dir() {
        return Err(err("cannot write", &"it is a directory"));
    }
    // `parent()` is "" for a bare file name: the current directory.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sparsejit-").suffix(".tmp");
    // tempfile creates private (0600) files; an output is an ordinary file,
    // so ask for 0644 (the umask still applies, as for any new file).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| err(&format!("cannot create a file in {}", dir.display()), &e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| err("cannot write", &e))?;
    tmp.persist(path)
        .map_err(|e| err("cannot rename the finished file into place", &e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_refuses_bad_paths() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k.bin");
        write_atomic(&p, b"abc").unwrap();
        write_atomic(&p, b"de").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"de");
        // Only the target is left behind: no temporary files.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        let missing = dir.path().join("no/such/dir/k.bin");
        let e = write_atomic(&missing, b"x").unwrap_err().to_string();
        assert!(
            e.contains("no/such/dir") && e.contains("cannot create"),
            "{e}"
        );
        let e = write_atomic(dir.path(), b"x").unwrap_err().to_string();
        assert!(e.contains("is a directory"), "{e}");
        let e = write_atomic(Path::new(""), b"x").unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
    }
}
