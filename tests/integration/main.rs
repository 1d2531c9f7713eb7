//! redline's one integration test binary. Each module tests one promise end to end.

mod architecture;
mod cli;
mod crash;
mod dict;
mod export;
mod petrarch;
mod readme;
mod signal;
mod stories;
mod support;
mod syntax;
