//! The command line: argument parsing and dispatch, nothing else.
//!
//! Each command's arguments are declared beside the code that runs it (`crate::cmd::NAME`);
//! this module only puts them together under one parser, installs the panic message and turns
//! an error that stopped a command into exit status 1. Usage errors are clap's: exit status 2.

use crate::cmd;
use crate::messages;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "deskbook",
    version,
    about = "Build a library staff's good-practices knowledge base from Markdown",
    long_about = "deskbook turns a folder of Markdown practice entries (English, Polish, Chinese, ...) \
and a patron bill of rights into a fast, searchable, printable static site.\n\n\
Typical use:\n  deskbook serve          edit entries and see the site update live\n  \
deskbook check          find every problem in every file (for CI)\n  \
deskbook build          write the site to public/",
    after_help = "Run `deskbook COMMAND --help` for the options of a command."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds)
    Build(cmd::build::BuildArgs),
    /// Check every file and report every problem; writes nothing
    Check(cmd::check::CheckArgs),
    /// Summarise readers' feedback (feedback.jsonl) by entry: helpful yes/no, reasons, comments
    Feedback(cmd::feedback::FeedbackArgs),
    /// Create a new entry from a ready skeleton
    New {
        #[command(subcommand)]
        what: cmd::new::NewCommand,
    },
    /// Create a new, minimal site in DIR
    Init(cmd::init::InitArgs),
    /// Search the built site, in every language at once (the same engine as the browser)
    Search(cmd::search::SearchArgs),
    /// Build and serve the site locally; rebuild it and reload the browser on every change
    Serve(cmd::serve::ServeArgs),
    /// Rebuild the site on every change, without serving it
    Watch {
        #[command(flatten)]
        watch: cmd::watch::WatchArgs,
    },
}

/// Parses the arguments, runs the command, returns the exit status.
pub fn main() -> ExitCode {
    messages::install_panic_hook();
    let cli = Cli::parse();
    let ran = match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Feedback(args) => cmd::feedback::run(args),
        Command::New { what } => cmd::new::run(what),
        Command::Init(args) => cmd::init::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Watch { watch } => cmd::watch::run(watch),
    };
    ran.unwrap_or_else(|err| {
        messages::print_error(&err);
        ExitCode::from(1)
    })
}
