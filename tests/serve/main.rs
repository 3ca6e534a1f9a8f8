//! `deskbook watch` and `deskbook serve`: the incremental engine's invariant, the real binaries
//! with real file writes, and the dev server over 127.0.0.1.

mod binary;
mod invariant;
mod server;
mod support;
