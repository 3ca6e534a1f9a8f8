//! `deskbook watch` and `deskbook serve`: the incremental engine's invariant, the real binaries
//! with real file writes, and the dev server over 127.0.0.1, under load and under attack.

mod attack;
mod binary;
mod client;
mod feedback;
mod invariant;
mod load;
mod messages;
mod record;
mod search_round;
mod server;
mod support;
