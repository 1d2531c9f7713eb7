//! redline's one integration test binary. Each module tests one promise end to end.

mod architecture;
mod cli;
mod dict;
mod petrarch;
mod readme;
