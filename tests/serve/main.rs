//! `deskbook watch` and `deskbook serve`: the incremental engine's invariant, the real binaries
//! with real file writes, and the dev server over 127.0.0.1, also under load.

mod binary;
mod client;
mod invariant;
mod load;
mod server;
mod support;
