//! One side of `alloy-lint diff`: the files of a configuration named on
//! the command line, read through the file door, so that an editor can
//! compare its unsaved text with a revision.

use std::io::Read;
use std::path::Path;

use crate::files::git_revision::RevisionPath;
use crate::files::{self, config_paths, FileAccess, Source};

/// The files `arg` names: standard input (`-`, read from `stdin`), a file
/// or a directory's top-level `*.alloy` files in `files`, or `REV:PATH`
/// from git (only when `files` holds no such path; git is run in the
/// working directory, not through the door). The error says what could
/// not be read.
pub fn read_side(
    arg: &Path,
    files: &dyn FileAccess,
    stdin: &mut dyn Read,
) -> Result<Vec<Source>, String> {
    if files::is_stdin(arg) {
        let text = files::read_stdin(stdin, "standard input").map_err(|e| e.to_string())?;
        return Ok(vec![Source {
            name: "<stdin>".into(),
            path: None,
            text,
        }]);
    }
    let shown = arg.display();
    match files.kind(arg) {
        Ok(_) => {
            let paths = config_paths::configuration_files_in(files, arg)
                .map_err(|e| format!("cannot read {shown}: {e}"))?;
            if paths.is_empty() {
                return Err(format!("no *.alloy files at the top level of {shown}"));
            }
            paths
                .into_iter()
                .map(|path| {
                    let name = path.display().to_string();
                    let text = files.read(&path).map_err(|e| e.to_string())?;
                    Ok(Source {
                        name,
                        path: Some(path),
                        text,
                    })
                })
                .collect()
        }
        Err(e) => {
            let Some(revision) = arg.to_str().and_then(RevisionPath::parse) else {
                return Err(format!("cannot read {shown}: {e}"));
            };
            let cwd = std::env::current_dir()
                .map_err(|e| format!("cannot read {revision}: no current directory: {e}"))?;
            let read = revision
                .read(&cwd)
                .map_err(|e| format!("cannot read {revision}: {e}"))?;
            Ok(read
                .into_iter()
                .map(|file| Source {
                    name: file.name,
                    path: None,
                    text: file.text,
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::path::PathBuf;

    use super::*;
    use crate::files::MemoryFiles;

    const ROOT: &str = "/alloy-lint-in-memory/diff";

    fn names(sources: &[Source]) -> Vec<PathBuf> {
        sources.iter().filter_map(|s| s.path.clone()).collect()
    }

    #[test]
    fn a_side_is_read_through_the_file_door() {
        let root = Path::new(ROOT);
        let mut files = MemoryFiles::new();
        files.insert(root.join("cfg/b.alloy"), "b = 1\n");
        files.insert(root.join("cfg/a.alloy"), "a = 1\n");
        files.insert(root.join("cfg/notes.txt"), "not alloy");
        files.insert(root.join("empty/notes.txt"), "not alloy");
        let side = read_side(&root.join("cfg"), &files, &mut io::empty()).unwrap();
        assert_eq!(
            names(&side),
            [root.join("cfg/a.alloy"), root.join("cfg/b.alloy")]
        );
        assert_eq!(side[0].text, b"a = 1\n");
        let one = read_side(&root.join("cfg/b.alloy"), &files, &mut io::empty()).unwrap();
        assert_eq!(names(&one), [root.join("cfg/b.alloy")]);
        let empty = read_side(&root.join("empty"), &files, &mut io::empty()).unwrap_err();
        assert!(
            empty.starts_with("no *.alloy files at the top level of "),
            "{empty}"
        );
    }

    #[test]
    fn standard_input_is_one_unnamed_file() {
        let side = read_side(Path::new("-"), &MemoryFiles::new(), &mut &b"a = 1\n"[..]).unwrap();
        assert_eq!(
            (
                side[0].name.as_str(),
                side[0].path.as_ref(),
                side[0].text.as_slice()
            ),
            ("<stdin>", None, &b"a = 1\n"[..])
        );
    }
}
