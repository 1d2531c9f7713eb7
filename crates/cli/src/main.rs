//! The `redline` binary: the only place that knows argv and exit codes.

fn main() {}
