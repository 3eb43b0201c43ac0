//! Paths a configuration names or is made of, resolved the same way by
//! every command.

use std::io;
use std::path::{Path, PathBuf};

use super::access::{DiskFiles, FileAccess};

/// The top-level `*.alloy` files of `dir` in `files`, sorted: one
/// configuration, as `alloy run DIR` and `import.file DIR` load it.
pub fn top_level_alloy_files(files: &dyn FileAccess, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = files
        .read_dir(dir)?
        .into_iter()
        .filter(|p| is_alloy_name(p) && files.is_file(p))
        .collect();
    found.sort();
    Ok(found)
}

/// The files of the configuration at `path`: the file itself, or a
/// directory's top-level `*.alloy` files, sorted.
///
/// A directory's file that is a symbolic link to a file not named
/// `*.alloy` is an error: a repository checked in CI could link
/// `leak.alloy` to `~/.env`, whose lines parse as attributes and would be
/// shown in code frames. A file named on the command line is read
/// whatever its name: the user chose it.
pub fn configuration_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    configuration_files_in(&DiskFiles, path)
}

/// [`configuration_files`] in `files`.
pub fn configuration_files_in(files: &dyn FileAccess, path: &Path) -> io::Result<Vec<PathBuf>> {
    if !files.is_dir(path) {
        // An absent path is an error, as before.
        files.kind(path)?;
        return Ok(vec![path.to_path_buf()]);
    }
    let found = top_level_alloy_files(files, path)?;
    let resolved = |f: &Path| files.canonicalize(f).unwrap_or_else(|_| f.to_path_buf());
    if let Some(link) = found.iter().find(|f| !is_alloy_name(&resolved(f))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} links to a file whose name does not end in .alloy: not read, so that no other file's text is shown (name the file itself to check it)",
                link.display()
            ),
        ));
    }
    Ok(found)
}

/// Whether `path`'s file name ends in `.alloy`.
pub fn is_alloy_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "alloy")
}

/// A file a configuration in `dir` names (`import.file`'s `filename`,
/// a `local.file`): relative names are taken from `dir`. An absolute path
/// that does not exist in `files` is usually where a container mounts the
/// configuration's folder, so the file of that name next to the
/// configuration is taken when it exists.
pub fn resolve_next_to(files: &dyn FileAccess, dir: Option<&Path>, name: &str) -> PathBuf {
    let named = Path::new(name);
    let Some(dir) = dir else {
        return named.to_path_buf();
    };
    if named.is_relative() {
        return dir.join(named);
    }
    if !files.exists(named) {
        if let Some(near) = named.file_name().map(|n| dir.join(n)) {
            if files.exists(&near) {
                return near;
            }
        }
    }
    named.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn names_resolve_next_to_the_configuration() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("helper.alloy"), "").unwrap();
        fs::write(dir.path().join("b.alloy"), "").unwrap();
        fs::write(dir.path().join("notes.txt"), "").unwrap();
        fs::create_dir(dir.path().join("sub.alloy")).unwrap();
        let d = Some(dir.path());
        assert_eq!(
            resolve_next_to(&DiskFiles, d, "x.alloy"),
            dir.path().join("x.alloy")
        );
        assert_eq!(
            resolve_next_to(&DiskFiles, d, "/etc/alloy/helper.alloy"),
            dir.path().join("helper.alloy")
        );
        assert_eq!(
            resolve_next_to(&DiskFiles, d, "/etc/alloy/absent.alloy"),
            PathBuf::from("/etc/alloy/absent.alloy")
        );
        assert_eq!(
            resolve_next_to(&DiskFiles, None, "x.alloy"),
            PathBuf::from("x.alloy")
        );
        let files = top_level_alloy_files(&DiskFiles, dir.path()).unwrap();
        assert_eq!(
            files,
            [dir.path().join("b.alloy"), dir.path().join("helper.alloy")]
        );
        assert_eq!(configuration_files(dir.path()).unwrap(), files);
        let file = dir.path().join("b.alloy");
        assert_eq!(configuration_files(&file).unwrap(), [file]);
        assert!(configuration_files(&dir.path().join("absent")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_linking_to_a_file_not_named_alloy_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".env"), "TOKEN=\"x\"\n").unwrap();
        fs::write(dir.path().join("a.alloy"), "").unwrap();
        std::os::unix::fs::symlink(".env", dir.path().join("leak.alloy")).unwrap();
        let e = configuration_files(dir.path()).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "{} links to a file whose name does not end in .alloy",
                dir.path().join("leak.alloy").display()
            )),
            "{e}"
        );
        // Named on its own, it is the user's choice.
        let link = dir.path().join("leak.alloy");
        assert_eq!(configuration_files(&link).unwrap(), [link]);
        // A link to a file named *.alloy is fine.
        fs::remove_file(dir.path().join("leak.alloy")).unwrap();
        std::os::unix::fs::symlink("a.alloy", dir.path().join("b.alloy")).unwrap();
        assert_eq!(configuration_files(dir.path()).unwrap().len(), 2);
    }
}
