//! One module per command: each turns its parsed arguments into [`pipeline::Options`] (or the
//! command's own), runs the stages it needs and returns the exit status.
//!
//! Exit status: 0 when everything succeeded, 1 when the content has errors (or the output could
//! not be written), 2 when the command line itself is wrong (clap's usage errors, before any
//! command runs). The commands decide what happened; [`crate::messages`] words it on the
//! terminal. Nothing here parses the command line: [`crate::cli`] does, and calls
//! `cmd::NAME::run(args)`.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod feedback;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod watch;

use crate::pipeline;
use clap::Args;
use std::path::PathBuf;

/// The site folder and the drafts switch, which every command reading a site takes.
#[derive(Args, Debug, Clone)]
pub(crate) struct SiteArgs {
    /// The site folder (the one with deskbook.yaml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub(crate) root: PathBuf,
    /// Also build entries marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
}

impl SiteArgs {
    /// The build options these arguments ask for, the rest left at their defaults.
    pub(crate) fn options(self) -> pipeline::Options {
        pipeline::Options {
            drafts: self.drafts,
            ..pipeline::Options::new(self.root)
        }
    }
}
