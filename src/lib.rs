//! deskbook: a static-site generator for a library staff's good-practices knowledge base.
//!
//! The modules follow the pipeline, in the order [`pipeline`] (the orchestrator) runs it:
//! [`config`] → [`theme`] → [`content`] (walk, decode, front matter) → [`model`] (entries,
//! translations, links) → [`markdown`] (bodies) → [`render`] (templates, in parallel) beside
//! [`search`] (the index) → [`output`] (the atomic swap). [`watch`] runs the same stages
//! incrementally and [`serve`] adds HTTP on top. The commands are in `cmd` (one module each),
//! their terminal output in `messages`; [`cli`] only parses the command line and dispatches.

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
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;
pub mod timing;
pub mod watch;
pub mod yaml;
