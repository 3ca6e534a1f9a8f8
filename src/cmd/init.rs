//! `deskbook init DIR`: a new, minimal site (the skeleton itself lives in [`crate::scaffold`]).

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub(crate) struct InitArgs {
    /// Folder to create the site in (created if missing)
    dir: PathBuf,
    /// Language codes, the default first: `en,pl,zh` [asked when run in a terminal, else en]
    #[arg(long, value_name = "CODES")]
    languages: Option<String>,
}

/// Creates the site; fails without touching anything when DIR already holds one.
pub(crate) fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    crate::scaffold::init(&args.dir, args.languages.as_deref())
}
