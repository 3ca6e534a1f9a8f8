//! `deskbook new practice CATEGORY/SLUG`: a new entry from a ready skeleton
//! ([`crate::scaffold`] writes it).

use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub(crate) enum NewCommand {
    /// A practice entry: `deskbook new practice greetings/phone-greeting`
    Practice {
        /// CATEGORY/SLUG: the category folder and the file name (lower-case, hyphens)
        path: String,
        /// Write a translation (e.g. `pl`) instead of the default language's file
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

/// Writes the skeleton; refuses to replace an existing file.
pub(crate) fn run(what: NewCommand) -> anyhow::Result<ExitCode> {
    match what {
        NewCommand::Practice { path, lang, root } => {
            crate::scaffold::new_practice(&root, &path, lang.as_deref())
        }
    }
}
