//! Finding input files ([`discover`]), reading them through one door
//! ([`access`]: the disk through [`read`], or memory for an editor's
//! unsaved text; [`named`] for the files a configuration names) and
//! writing them back safely ([`write`]); what git knows about them, read
//! from the repository ([`git_index`], [`git_status`], [`git_config`] for
//! the user's excludes file) or, where git must
//! run, through the one hardened command builder ([`git_command`]) that
//! `git_status` and [`git_revision`] share.

pub mod access;
pub mod config_paths;
pub mod discover;
pub mod file_kind;
pub mod git_command;
pub mod git_config;
pub mod git_index;
pub mod git_revision;
pub mod git_status;
pub mod named;
pub mod read;
pub mod source;
pub mod write;

pub use access::{DiskFiles, EntryKind, FileAccess, MemoryFiles, Overlay};
pub use discover::{discover, is_stdin, DiscoverError, Discovery, Input};
pub use read::{read_file, read_stdin, read_text_file, ReadError};
pub use source::Source;
pub use write::{create_file, replace_file, ReadOnly, WriteError};
