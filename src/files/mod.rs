//! Finding input files ([`discover`]) and writing them back safely
//! ([`atomic_write`]); what git knows about them, read from the repository
//! ([`git_index`], [`git_status`]) or, where git must run, through the one
//! hardened command builder ([`git_command`]) that `git_status` and
//! [`git_revision`] share.

pub mod atomic_write;
pub mod config_paths;
pub mod discover;
pub mod git_command;
pub mod git_index;
pub mod git_revision;
pub mod git_status;

pub use atomic_write::{create_atomically, write_atomically};
pub use discover::{discover, is_stdin, DiscoverError, Discovery, Input};
