//! redline-python: the engine for Python (the `redline._redline` extension module, built by maturin from
//! `python/pyproject.toml`) — the same pipeline, embedded dictionaries, JSON Lines schema and Arrow export
//! schema as the `redline` binary.
//!
//! - [`batch`]: Arrow record batches of articles in, events (or articles with their events, fingerprints and
//!   band keys) out. Pure Rust, unit-tested by `cargo test -p redline-python`.
//! - [`signal`]: series and alerts (`redline-signal`) over batches of events, with the store's story rule
//!   replayed in row order. Pure Rust too.
//! - `bindings` (feature `python`): the PyO3 functions, the Arrow C data interface (PyCapsules) and the
//!   `RedlineError` exception hierarchy. The feature is off in workspace builds, so they need no Python;
//!   maturin turns it on, and `scripts/test-python` lints and tests it.

pub mod batch;
pub mod signal;

#[cfg(feature = "python")]
mod bindings;
#[cfg(feature = "python")]
mod ffi;
