//! What a path is, when it is not a regular file: the special files
//! alloy-lint never reads (a device or FIFO can block or never end) and
//! never replaces (`fmt -w /dev/null` must not turn the device into a
//! regular file), and the kernel's `/proc` and `/sys` entries, regular
//! files on the surface whose content is the process's environment,
//! memory or the machine's state.

use std::fmt;
use std::fs::Metadata;
use std::path::Path;

/// A kind of file that is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A directory.
    Directory,
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// A named pipe.
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// Anything else the platform has.
    Other,
}

impl FileKind {
    /// The kind of file `metadata` (taken after following symbolic
    /// links) describes; `None` for a regular file.
    pub fn of(metadata: &Metadata) -> Option<FileKind> {
        let t = metadata.file_type();
        if t.is_file() {
            return None;
        }
        if t.is_dir() {
            return Some(FileKind::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if t.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
            if t.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if t.is_socket() {
                return Some(FileKind::Socket);
            }
        }
        Some(FileKind::Other)
    }
}

impl fmt::Display for FileKind {
    /// `a character device`: what follows "is" in a message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::Socket => "a socket",
            FileKind::Other => "a special file",
        })
    }
}

/// The kernel's pseudo-file systems: their entries read as regular files
/// (of size 0) but hold the state of processes and of the machine
/// (`/proc/self/environ` holds every token in the environment).
const SYSTEM_ROOTS: &[&str] = &["/proc", "/sys"];

/// `/proc` or `/sys` when the canonical path `canonical` is inside one.
pub fn system_root(canonical: &Path) -> Option<&'static str> {
    SYSTEM_ROOTS
        .iter()
        .copied()
        .find(|root| canonical.starts_with(root))
}

/// Whether the open file `file` lives on procfs or sysfs, whatever path
/// reached it (a bind mount, a link swapped in after the path was
/// resolved).
#[cfg(target_os = "linux")]
pub fn on_system_file_system(file: &std::fs::File) -> bool {
    // Magic numbers of statfs(2)'s f_type (linux/magic.h).
    const PROC_SUPER_MAGIC: u64 = 0x9fa0;
    const SYSFS_MAGIC: u64 = 0x6265_6572;
    rustix::fs::fstatfs(file).is_ok_and(|s| {
        // `f_type`'s integer type differs between architectures.
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        let kind = s.f_type as u64;
        kind == PROC_SUPER_MAGIC || kind == SYSFS_MAGIC
    })
}

/// Whether the open file `file` lives on procfs or sysfs (Linux only).
#[cfg(not(target_os = "linux"))]
pub fn on_system_file_system(_file: &std::fs::File) -> bool {
    false
}

/// Makes a FIFO at `path`, for tests: a special file that blocks a reader
/// until someone writes.
#[cfg(all(test, unix))]
pub(crate) fn make_fifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_kinds() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            FileKind::of(&std::fs::metadata(dir.path()).unwrap()),
            Some(FileKind::Directory)
        );
        let file = dir.path().join("a.alloy");
        std::fs::write(&file, "").unwrap();
        assert_eq!(FileKind::of(&std::fs::metadata(&file).unwrap()), None);
        assert_eq!(FileKind::CharDevice.to_string(), "a character device");
    }

    #[cfg(unix)]
    #[test]
    fn names_devices_fifos_and_sockets() {
        let kind = |p: &Path| FileKind::of(&std::fs::metadata(p).unwrap());
        assert_eq!(kind(Path::new("/dev/null")), Some(FileKind::CharDevice));
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("s");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        assert_eq!(kind(&socket), Some(FileKind::Socket));
        let fifo = dir.path().join("f");
        make_fifo(&fifo);
        assert_eq!(kind(&fifo), Some(FileKind::Fifo));
    }

    #[test]
    fn knows_the_system_file_systems() {
        assert_eq!(system_root(Path::new("/proc/self/environ")), Some("/proc"));
        assert_eq!(system_root(Path::new("/sys/kernel")), Some("/sys"));
        assert_eq!(system_root(Path::new("/processes/a.alloy")), None);
        assert_eq!(system_root(Path::new("/home/u/a.alloy")), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn knows_procfs_by_its_file_system() {
        if let Ok(file) = std::fs::File::open("/proc/self/status") {
            assert!(on_system_file_system(&file));
        }
        let here = std::fs::File::open(env!("CARGO_MANIFEST_DIR")).unwrap();
        assert!(!on_system_file_system(&here));
    }
}
