//! Runs recursive passes on a thread whose stack fits the input's nesting.
//!
//! The parser, the tree builder and the printer recurse once per level of
//! bracket nesting. Nesting is capped ([`super::trivia::MAX_NESTING`]), but
//! the cap is above what a default 2 MiB thread stack holds in a debug
//! build, so inputs nested deeper than [`SHALLOW`] get a thread of their own
//! with room for every level.

/// Nesting that any thread's stack handles.
pub const SHALLOW: usize = 64;

/// Stack bytes reserved per nesting level (generous: debug builds of the
/// generated parser use a few KiB per level).
const BYTES_PER_LEVEL: usize = 64 * 1024;

/// Runs `f` directly when `depth` is shallow, else on a scoped thread with a
/// stack sized for `depth` levels.
pub fn with_stack_for<T: Send>(depth: usize, f: impl FnOnce() -> T + Send) -> T {
    if depth <= SHALLOW {
        return f();
    }
    let size = 8 * 1024 * 1024 + depth * BYTES_PER_LEVEL;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("alloy-lint-deep".into())
            .stack_size(size)
            .spawn_scoped(scope, f)
            .expect("spawning a thread for a deeply nested input")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
