//! deskbook: a static-site generator for a library staff's good-practices knowledge base.
//!
//! The modules follow the pipeline (DESIGN.md §4):
//! [`config`] → [`content`] → [`markdown`] → [`model`] → [`render`] → search → [`site`]
//! (the orchestrator) → [`output`]; `serve` and `watch` drive the same stages incrementally.
//! [`cli`] is glue.

pub mod cli;
pub(crate) mod cmd;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod markdown;
pub(crate) mod messages;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod pipeline;
pub mod theme;
pub mod timing;
pub mod watch;
pub mod yaml;
