//! The paths a work tree's git index lists, read from the index files
//! themselves: no git is run, so nothing the repository configures (such
//! as `core.fsmonitor`, which git runs whenever it reads the index) can
//! run either.
//!
//! Format: git's `Documentation/gitformat-index.adoc` (file:line below are
//! git/git at 1a3e64c6c4). Every form git writes is read: versions 2, 3
//! and 4, SHA-1 and SHA-256 object names, and a split index
//! (`core.splitIndex`), whose `link` extension names a shared index file
//! and says which of its entries are deleted or replaced (EWAH bitmaps,
//! `ewah_positions`). The set of paths equals what `git ls-files` prints
//! (the tests compare them).
//!
//! A sparse index (`index.sparse`) lists whole directories outside the
//! sparse-checkout cone as one entry, `dir/`: the files below are in the
//! tree that entry names, in the object store. Reading trees means reading
//! zlib-compressed, delta-encoded pack files, which this module does not
//! do. So [`Index::lists`] answers "cannot tell" only for a path below a
//! sparse directory entry (a file present in the work tree where the
//! sparse checkout put none); every other path is answered from the index.
//!
//! Anything git itself would refuse (an unknown version, an unknown
//! required extension, a shared index that is missing or has another
//! checksum, a bitmap naming entries that do not exist) makes
//! [`Index::read`] return `None`, as does a truncated file.

use std::collections::HashSet;
use std::path::Path;

use super::access::{DiskFiles, FileAccess};

/// The paths an index lists.
#[derive(Debug, Default)]
pub struct Index {
    /// Every path an entry names (a file, a symbolic link or a submodule),
    /// committed, staged, in conflict or added with `--intent-to-add`.
    paths: HashSet<Vec<u8>>,
    /// Sparse directory entries, with their trailing `/`.
    sparse_directories: Vec<Vec<u8>>,
}

impl Index {
    /// The index of the work tree whose git directory is `own` (holding
    /// `index` and any `sharedindex.*`), in the repository whose shared
    /// directory is `common` (holding `config`; the same directory but for
    /// a linked worktree). A repository where nothing was ever staged has
    /// no index file: an empty index. `None` when the index cannot be read
    /// (see the module documentation).
    pub fn read(own: &Path, common: &Path) -> Option<Index> {
        Index::read_in(&DiskFiles, own, common)
    }

    /// [`Index::read`], the files read from `files`.
    pub fn read_in(files: &dyn FileAccess, own: &Path, common: &Path) -> Option<Index> {
        let hash_len = object_name_len(files, common);
        let data = match files.read(&own.join("index")) {
            Ok(data) => data,
            Err(e) if e.is_not_found() => return Some(Index::default()),
            Err(_) => return None,
        };
        let file = IndexFile::parse(&data, hash_len)?;
        let entries = match &file.link {
            // The shared index file, when there is one, holds most entries.
            Some(link) if link.shared.iter().any(|&b| b != 0) => {
                let shared_name = format!("sharedindex.{}", hex(&link.shared));
                // git looks in the git directory, then beside the index
                // file (`read-cache.c:2396-2407`): the same place here.
                let shared_data = files.read(&own.join(shared_name)).ok()?;
                let shared = IndexFile::parse(&shared_data, hash_len)?;
                // git dies unless the file's checksum is the name the link
                // gives (`read-cache.c:2416`).
                if shared.link.is_some() || shared.checksum != link.shared {
                    return None;
                }
                merge_split(shared.entries, file.entries, &link.bitmaps)?
            }
            // An all-zero name: this file holds the whole index
            // (`read-cache.c:2383`).
            _ => file.entries,
        };
        let mut index = Index {
            paths: HashSet::with_capacity(entries.len()),
            sparse_directories: Vec::new(),
        };
        for path in entries {
            if path.ends_with(b"/") {
                index.sparse_directories.push(path);
            } else {
                index.paths.insert(path);
            }
        }
        if file.link.is_some() && !index.sparse_directories.is_empty() {
            // git refuses a split index with a sparse one
            // (`split-index.c:16`).
            return None;
        }
        Some(index)
    }

    /// Whether the index lists `path` (`/`-separated, relative to the work
    /// tree root); `None` when it is below a sparse directory entry, whose
    /// files the index does not name.
    pub fn lists(&self, path: &[u8]) -> Option<bool> {
        if self.paths.contains(path) {
            return Some(true);
        }
        match self
            .sparse_directories
            .iter()
            .any(|dir| path.starts_with(dir))
        {
            true => None,
            false => Some(false),
        }
    }

    /// Every path the index lists, sparse directory entries included (as
    /// `git ls-files --sparse` prints them), in no particular order.
    pub fn paths(&self) -> impl Iterator<Item = &[u8]> {
        self.paths
            .iter()
            .chain(&self.sparse_directories)
            .map(Vec::as_slice)
    }
}

/// One index file, as stored: its entries' paths in order, and the split
/// index's `link` extension if it has one.
struct IndexFile {
    /// In a split index, replacement entries have an empty path (they take
    /// the replaced entry's).
    entries: Vec<Vec<u8>>,
    link: Option<Link>,
    /// The trailing checksum: a shared index file is named after it.
    checksum: Vec<u8>,
}

/// A split index's `link` extension (`split-index.c:25-54`).
struct Link {
    /// The checksum (and so the name) of the shared index file; all zeros
    /// when there is none.
    shared: Vec<u8>,
    /// The delete and replace bitmaps, still encoded (their positions are
    /// checked against the shared index, read later); empty when absent.
    bitmaps: Vec<u8>,
}

/// Ten 32-bit stat fields before an entry's object name.
const STAT_LEN: usize = 40;
/// The bits of the 16-bit flags that hold the path's length.
const NAME_MASK: u16 = 0x0fff;
/// The flag saying 16 more bits of flags follow.
const EXTENDED: u16 = 0x4000;
/// The extended flags git knows (intent-to-add, skip-worktree); git
/// refuses an entry with any other (`read-cache.c:1825-1827`).
const KNOWN_EXTENDED: u16 = 0x6000;

impl IndexFile {
    /// Reads one index file: a 12-byte header (`DIRC`, version, entry
    /// count), the entries, extensions (a 4-byte signature and a 32-bit
    /// size each), a checksum.
    fn parse(data: &[u8], hash_len: usize) -> Option<IndexFile> {
        if data.get(..4)? != b"DIRC" {
            return None;
        }
        let version = read_u32(data, 4)?;
        if !(2..=4).contains(&version) {
            return None;
        }
        let count = usize::try_from(read_u32(data, 8)?).ok()?;
        let checksum_at = data.len().checked_sub(hash_len)?;
        let body = &data[..checksum_at];

        // The smallest entry takes more than 60 bytes: a count the file
        // cannot hold must not reserve memory for it.
        let mut entries = Vec::with_capacity(count.min(body.len() / 60));
        let mut offset = 12;
        for _ in 0..count {
            let (path, next) = read_entry(body, offset, version, hash_len, entries.last())?;
            entries.push(path);
            offset = next;
        }

        let mut link = None;
        while offset + 8 <= body.len() {
            let signature = &body[offset..offset + 4];
            let size = usize::try_from(read_u32(body, offset + 4)?).ok()?;
            let content = body.get(offset + 8..(offset + 8).checked_add(size)?)?;
            match signature {
                b"link" => link = Some(Link::parse(content, hash_len)?),
                // A sparse index: only a marker, the entries say the rest.
                b"sdir" => {}
                // git ignores an extension whose signature starts with a
                // capital letter and refuses any other it does not know
                // (`read-cache.c:1775-1779`).
                _ if signature[0].is_ascii_uppercase() => {}
                _ => return None,
            }
            offset += 8 + size;
        }
        Some(IndexFile {
            entries,
            link,
            checksum: data[checksum_at..].to_vec(),
        })
    }
}

/// The path of the entry at `start` and the offset of the next one, as
/// `create_from_disk` (`read-cache.c:1795-1900`) reads it.
fn read_entry(
    data: &[u8],
    start: usize,
    version: u32,
    hash_len: usize,
    previous: Option<&Vec<u8>>,
) -> Option<(Vec<u8>, usize)> {
    let flags_at = start + STAT_LEN + hash_len;
    let flags = read_u16(data, flags_at)?;
    let mut name_at = flags_at + 2;
    if flags & EXTENDED != 0 {
        if read_u16(data, name_at)? & !KNOWN_EXTENDED != 0 {
            return None;
        }
        name_at += 2;
    }
    // The length is in the flags unless it is too long for them.
    let stored_len = usize::from(flags & NAME_MASK);
    let long = flags & NAME_MASK == NAME_MASK;
    let (path, next) = if version == 4 {
        // The previous entry's path minus N trailing bytes, plus a
        // NUL-terminated suffix; no padding.
        let (strip, suffix_at) = read_varint(data, name_at)?;
        let previous = previous.map_or(&[][..], Vec::as_slice);
        let kept = previous.len().checked_sub(strip)?;
        let suffix_len = match long {
            true => nul_position(data, suffix_at)?,
            false => stored_len.checked_sub(kept)?,
        };
        let suffix = data.get(suffix_at..suffix_at.checked_add(suffix_len)?)?;
        let mut path = Vec::with_capacity(kept + suffix_len);
        path.extend_from_slice(&previous[..kept]);
        path.extend_from_slice(suffix);
        (path, suffix_at + suffix_len + 1)
    } else {
        // A path padded with 1 to 8 NULs to a multiple of 8 bytes from the
        // entry's start.
        let name_len = match long {
            true => nul_position(data, name_at)?,
            false => stored_len,
        };
        let path = data.get(name_at..name_at.checked_add(name_len)?)?.to_vec();
        (path, start + ((name_at - start + name_len + 8) & !7))
    };
    // A NUL inside a path would make git see a shorter one; such a file
    // was not written by git.
    if next > data.len() || path.contains(&0) {
        return None;
    }
    Some((path, next))
}

impl Link {
    /// The shared index's name, then the two bitmaps, or nothing after the
    /// name when no entry is deleted or replaced.
    fn parse(content: &[u8], hash_len: usize) -> Option<Link> {
        Some(Link {
            shared: content.get(..hash_len)?.to_vec(),
            bitmaps: content[hash_len..].to_vec(),
        })
    }
}

/// The entries of a split index, as `merge_base_index`
/// (`split-index.c:164-208`) makes them: the shared entries, each replaced
/// one taking its replacement's data but keeping its path, the deleted ones
/// dropped, then the split file's remaining entries added.
fn merge_split(shared: Vec<Vec<u8>>, split: Vec<Vec<u8>>, bitmaps: &[u8]) -> Option<Vec<Vec<u8>>> {
    let (deleted, replaced) = if bitmaps.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let (deleted, used) = ewah_positions(bitmaps, shared.len())?;
        let (replaced, rest) = ewah_positions(&bitmaps[used..], shared.len())?;
        // git: "garbage at the end of link extension".
        if used + rest != bitmaps.len() {
            return None;
        }
        (deleted, replaced)
    };
    // The first replacement entries of the split file stand for the
    // replaced shared entries, in order, and have empty paths; the rest are
    // added and have paths (`split-index.c:145-155`, `186-189`).
    if replaced.len() > split.len()
        || split[..replaced.len()].iter().any(|path| !path.is_empty())
        || split[replaced.len()..].iter().any(Vec::is_empty)
    {
        return None;
    }
    let mut keep = vec![true; shared.len()];
    for position in deleted {
        keep[position] = false;
    }
    let added = split.into_iter().skip(replaced.len());
    Some(
        shared
            .into_iter()
            .zip(keep)
            .filter_map(|(path, keep)| keep.then_some(path))
            .chain(added)
            .collect(),
    )
}

/// The positions of the set bits of the EWAH-compressed bitmap at the
/// start of `data`, in increasing order, and the bitmap's length in bytes;
/// `None` if it is truncated or sets a bit at or above `limit` (git dies
/// on a position past the shared index, `split-index.c:129-131`).
///
/// Format (`ewah/ewah_io.c:90-137`): the number of bits (32 bits, unused
/// here), the number of 64-bit words (32 bits), the words, and the position
/// of the last marker word (32 bits). The words are a sequence of a marker
/// word followed by literal words: a marker's bit 0 is a fill bit, its
/// next 32 bits the number of 64-bit words filled with it, its top 31 bits
/// the number of literal words after it, whose bits are taken as they are
/// (`ewah/ewok_rlw.h:24-71`, walked as `ewah_each_bit` does,
/// `ewah/ewah_bitmap.c:239-268`).
fn ewah_positions(data: &[u8], limit: usize) -> Option<(Vec<usize>, usize)> {
    let word_count = usize::try_from(read_u32(data, 4)?).ok()?;
    let words_end = word_count.checked_mul(8)?.checked_add(8)?;
    let words = data.get(8..words_end)?;
    let length = words_end.checked_add(4)?;
    if data.len() < length {
        return None;
    }
    let word = |i: usize| u64::from_be_bytes(words[i * 8..i * 8 + 8].try_into().unwrap());

    let mut positions = Vec::new();
    // Runs of zeros can take the position past any index size (and, added
    // up, past any integer): it saturates, and any bit set beyond `limit`
    // fails.
    let limit = u64::try_from(limit).ok()?;
    let mut position: u64 = 0;
    let mut i = 0;
    while i < word_count {
        let marker = word(i);
        i += 1;
        let fill_len = ((marker >> 1) & 0xffff_ffff) * 64;
        let literals = marker >> 33;
        let end = position.saturating_add(fill_len);
        if marker & 1 == 1 {
            if end > limit {
                return None;
            }
            positions.extend((position..end).map(|p| p as usize));
        }
        position = end;
        for _ in 0..literals {
            // git reads past the words here; a bitmap that claims more
            // literal words than it has was not written by git.
            if i >= word_count {
                return None;
            }
            let bits = word(i);
            i += 1;
            for bit in (0..64).filter(|bit| bits & (1 << bit) != 0) {
                let p = position.saturating_add(bit);
                if p >= limit {
                    return None;
                }
                positions.push(p as usize);
            }
            position = position.saturating_add(64);
        }
    }
    Some((positions, length))
}

/// The length of an object name in bytes: 32 where the repository names
/// objects by SHA-256 (`extensions.objectFormat = sha256` in its config),
/// 20 otherwise.
fn object_name_len(files: &dyn FileAccess, common: &Path) -> usize {
    let Ok(config) = files.read_text(&common.join("config")) else {
        return 20;
    };
    let sha256 = config.lines().any(|line| {
        let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        line.eq_ignore_ascii_case("objectformat=sha256")
    });
    if sha256 {
        32
    } else {
        20
    }
}

/// `bytes` in lowercase hexadecimal, as git spells object names.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The big-endian 16-bit number at `at`.
fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

/// The big-endian 32-bit number at `at`.
fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The length of the NUL-terminated string at `at`.
fn nul_position(data: &[u8], at: usize) -> Option<usize> {
    data.get(at..)?.iter().position(|&b| b == 0)
}

/// Git's variable-length number (`varint.c`): 7 bits a byte, high bit set
/// on all but the last, and each continuation adds one so that every number
/// has a single encoding. Returns the number and the offset after it.
fn read_varint(data: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let mut byte = *data.get(at)?;
    at += 1;
    let mut value = usize::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        byte = *data.get(at)?;
        at += 1;
        value = value
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(usize::from(byte & 0x7f))?;
    }
    Some((value, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An EWAH bitmap of `words`, as git serializes one.
    fn ewah(words: &[u64]) -> Vec<u8> {
        let mut data = Vec::new();
        data.extend_from_slice(&(words.len() as u32 * 64).to_be_bytes());
        data.extend_from_slice(&(words.len() as u32).to_be_bytes());
        for word in words {
            data.extend_from_slice(&word.to_be_bytes());
        }
        data.extend_from_slice(&0u32.to_be_bytes());
        data
    }

    /// A marker word: fill bit, fill length (in 64-bit words), number of
    /// literal words after it.
    fn marker(fill: bool, fill_words: u64, literals: u64) -> u64 {
        u64::from(fill) | (fill_words << 1) | (literals << 33)
    }

    #[test]
    fn ewah_bitmaps_decode_fills_and_literals() {
        // Bits 2 and 5 as a literal word.
        let literal = ewah(&[marker(false, 0, 1), 0b100100]);
        assert_eq!(ewah_positions(&literal, 10), Some((vec![2, 5], 28)));
        // One word of zeros, one word of ones, then bit 0 of a literal.
        let filled = ewah(&[marker(false, 1, 0), marker(true, 1, 1), 1]);
        let (positions, _) = ewah_positions(&filled, 200).unwrap();
        assert_eq!(positions, (64..128).chain([128]).collect::<Vec<_>>());
        // An empty bitmap.
        assert_eq!(ewah_positions(&ewah(&[]), 0), Some((vec![], 12)));
    }

    #[test]
    fn ewah_bitmaps_git_would_refuse_are_refused() {
        // A set bit past the shared index's entries.
        assert_eq!(
            ewah_positions(&ewah(&[marker(false, 0, 1), 1 << 9]), 9),
            None
        );
        // A fill of ones past them, however long.
        assert_eq!(
            ewah_positions(&ewah(&[marker(true, 0xffff_ffff, 0)]), 9),
            None
        );
        // More literal words announced than stored.
        assert_eq!(ewah_positions(&ewah(&[marker(false, 0, 2), 1]), 9), None);
        // Truncated.
        let whole = ewah(&[marker(false, 0, 1), 1]);
        assert_eq!(ewah_positions(&whole[..whole.len() - 1], 9), None);
        // Zero fills that add up past any integer, then nothing set.
        let zeros = vec![marker(false, 0xffff_ffff, 0); 100_000];
        assert_eq!(ewah_positions(&ewah(&zeros), 9).map(|p| p.0), Some(vec![]));
    }

    fn paths(names: &[&str]) -> Vec<Vec<u8>> {
        names.iter().map(|n| n.as_bytes().to_vec()).collect()
    }

    #[test]
    fn a_split_index_is_merged_as_git_merges_it() {
        let shared = paths(&["a", "b", "c", "d"]);
        // Delete "b", replace "c" (the replacement has no path), add "e".
        let bitmaps = [
            ewah(&[marker(false, 0, 1), 0b0010]),
            ewah(&[marker(false, 0, 1), 0b0100]),
        ]
        .concat();
        let merged = merge_split(shared.clone(), paths(&["", "e"]), &bitmaps).unwrap();
        assert_eq!(merged, paths(&["a", "c", "d", "e"]));
        // No bitmaps: the shared entries and the added ones.
        let merged = merge_split(shared.clone(), paths(&["e"]), &[]).unwrap();
        assert_eq!(merged, paths(&["a", "b", "c", "d", "e"]));
        // A replacement with a path, an added entry without one, more
        // replacements than entries, trailing bytes: all refused by git.
        assert!(merge_split(shared.clone(), paths(&["c", "e"]), &bitmaps).is_none());
        assert!(merge_split(shared.clone(), paths(&["", ""]), &bitmaps).is_none());
        assert!(merge_split(shared.clone(), paths(&[]), &bitmaps).is_none());
        let trailing = [bitmaps.as_slice(), &[0]].concat();
        assert!(merge_split(shared, paths(&["", "e"]), &trailing).is_none());
    }

    /// A version 2 index file holding `names`, with `extensions` and a
    /// SHA-1-sized checksum.
    fn index_file(names: &[&str], extensions: &[u8]) -> Vec<u8> {
        let mut data = b"DIRC".to_vec();
        data.extend_from_slice(&2u32.to_be_bytes());
        data.extend_from_slice(&(names.len() as u32).to_be_bytes());
        for name in names {
            let start = data.len();
            data.extend_from_slice(&[0; STAT_LEN + 20]);
            data.extend_from_slice(&(name.len() as u16).to_be_bytes());
            data.extend_from_slice(name.as_bytes());
            let len = data.len() - start;
            data.resize(start + ((len + 8) & !7), 0);
        }
        data.extend_from_slice(extensions);
        data.extend_from_slice(&[0xab; 20]);
        data
    }

    #[test]
    fn index_files_git_would_refuse_are_refused() {
        let good = index_file(&["a", "b/c"], b"");
        let parsed = IndexFile::parse(&good, 20).unwrap();
        assert_eq!(parsed.entries, paths(&["a", "b/c"]));
        assert_eq!(parsed.checksum, vec![0xab; 20]);
        // An optional extension (capital first letter) is skipped; an
        // unknown required one is refused.
        let optional = index_file(&["a"], b"ZZZZ\0\0\0\x02xy");
        assert!(IndexFile::parse(&optional, 20).is_some());
        let required = index_file(&["a"], b"zzzz\0\0\0\x02xy");
        assert!(IndexFile::parse(&required, 20).is_none());
        // An extension longer than the file.
        let overlong = index_file(&["a"], b"ZZZZ\0\0\x10\0xy");
        assert!(IndexFile::parse(&overlong, 20).is_none());
        // Truncated in an entry; an entry count the file cannot hold.
        assert!(IndexFile::parse(&good[..40], 20).is_none());
        let mut counted = good.clone();
        counted[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(IndexFile::parse(&counted, 20).is_none());
        // Unknown versions.
        for version in [1u32, 5] {
            let mut other = good.clone();
            other[4..8].copy_from_slice(&version.to_be_bytes());
            assert!(IndexFile::parse(&other, 20).is_none());
        }
    }
}
