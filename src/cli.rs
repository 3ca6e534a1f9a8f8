//! The command line: argument parsing and the exit-status policy, nothing else.
//!
//! Exit status: 0 when everything succeeded, 1 when the content has errors (or the output could
//! not be written), 2 when the command line itself is wrong (clap's usage errors). Diagnostics go
//! to stderr; machine-readable results (`check --format json`, `search --json`) to stdout.

use crate::diagnostics::{Diagnostic, Severity};
use crate::site::{self, Options, Summary};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
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
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site folder (the one with deskbook.yaml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Also build entries marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder [default: ROOT/public]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at (enables sitemap.xml and feed.xml)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print only problems
        #[arg(long, short)]
        quiet: bool,
        /// Also print how long each stage of the build took
        #[arg(long)]
        timings: bool,
    },
    /// Check every file and report every problem; writes nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Report format
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too: overdue reviews, out-of-date translations, scripts in content
        #[arg(long)]
        strict: bool,
    },
    /// Create a new entry from a ready skeleton
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a new, minimal site in DIR
    Init {
        /// Folder to create the site in (created if missing)
        dir: PathBuf,
        /// Language codes, the default first: `en,pl,zh` [asked when run in a terminal, else en]
        #[arg(long, value_name = "CODES")]
        languages: Option<String>,
    },
    /// Search the built site, in every language at once (the same engine as the browser)
    Search {
        /// Words to look for; Polish without diacritics and Chinese without spaces work too
        query: String,
        /// The site folder (the one with deskbook.yaml)
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The built site [default: ROOT/public]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Only entries in this language (e.g. `pl`)
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Only practices of this category (its folder name)
        #[arg(long, value_name = "ID")]
        category: Option<String>,
        /// Only practices upholding this right (its id, e.g. `privacy`)
        #[arg(long, value_name = "ID")]
        right: Option<String>,
        /// Only practices with this tag
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// How many results at most
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// The reader's language: at equal match its entries come first, as on that
        /// language's search page [default: the site's default language]
        #[arg(long, value_name = "LANG")]
        page_lang: Option<String>,
        /// Print the results as JSON (id, lang, kind, title, url, score, snippet, category)
        #[arg(long)]
        json: bool,
    },
    /// Build and serve the site locally; rebuild it and reload the browser on every change
    Serve {
        #[command(flatten)]
        watch: WatchArgs,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Rebuild the site on every change, without serving it
    Watch {
        #[command(flatten)]
        watch: WatchArgs,
    },
}

/// Options `serve` and `watch` share.
#[derive(Args, Debug, Clone)]
pub struct WatchArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder [default: ROOT/public]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Poll the disk for changes instead of using file events (for network shares)
    #[arg(long)]
    pub poll: bool,
}

impl WatchArgs {
    fn options(self) -> crate::watch::Options {
        crate::watch::Options {
            site: Options {
                out: self.out,
                drafts: self.site.drafts,
                ..Options::new(self.site.root)
            },
            poll: self.poll,
            debounce: crate::watch::DEBOUNCE,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
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

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Parses the arguments, runs the command, returns the exit status.
pub fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}: {err:#}", paint("error", Severity::Error));
            ExitCode::from(1)
        }
    }
}

/// A panic is a bug in deskbook; say so plainly instead of printing a backtrace at a trainer.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "deskbook: internal error{location}: {message}\nThis is a bug in deskbook, not in your content. Please report it with the command you ran."
        );
    }));
}

fn color_enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn paint(text: &str, severity: Severity) -> String {
    if !color_enabled() {
        return text.to_string();
    }
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let text = d.to_string();
        let label = format!(": {}: ", d.severity);
        let text = text.replacen(
            &label,
            &format!(": {}: ", paint(&d.severity.to_string(), d.severity)),
            1,
        );
        let _ignored = writeln!(err, "{text}");
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    use crate::diagnostics::counted;
    match (errors, warnings) {
        (0, w) => counted(w, "warning", "warnings"),
        (e, 0) => counted(e, "error", "errors"),
        (e, w) => format!(
            "{}, {}",
            counted(e, "error", "errors"),
            counted(w, "warning", "warnings")
        ),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build {
            site: args,
            out,
            base_url,
            quiet,
            timings,
        } => {
            let options = Options {
                out,
                base_url,
                drafts: args.drafts,
                ..Options::new(args.root)
            };
            if !quiet {
                eprintln!("Building {} ...", options.root.display());
            }
            let outcome = site::build(&options);
            print_diagnostics(&outcome.diagnostics);
            match &outcome.value {
                Some(summary) if !quiet || timings => {
                    if timings {
                        eprint!("{}", timings_table(summary));
                    }
                    if !quiet {
                        eprintln!("{}", build_line(summary));
                    }
                    if !quiet && outcome.warnings() > 0 {
                        eprintln!("{}", counts(0, outcome.warnings()));
                    }
                }
                Some(_) => {}
                None => {
                    eprintln!(
                        "Build failed: {}; the previous output in {} is unchanged.",
                        counts(outcome.errors().max(1), outcome.warnings()),
                        options.out_dir().display()
                    );
                    return Ok(ExitCode::from(1));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            site: args,
            format,
            strict,
        } => Ok(crate::check::run(
            &Options {
                drafts: args.drafts,
                ..Options::new(args.root)
            },
            format == Format::Json,
            strict,
        )),
        Command::New {
            what: NewCommand::Practice { path, lang, root },
        } => crate::scaffold::new_practice(&root, &path, lang.as_deref()),
        Command::Init { dir, languages } => crate::scaffold::init(&dir, languages.as_deref()),
        Command::Search {
            query,
            root,
            out,
            lang,
            category,
            right,
            tag,
            limit,
            page_lang,
            json,
        } => crate::search::run(&crate::search::SearchArgs {
            query,
            out: out.unwrap_or_else(|| root.join("public")),
            lang,
            category,
            right,
            tag,
            limit,
            page_lang,
            json,
        }),
        Command::Serve {
            watch,
            port,
            bind,
            open,
        } => crate::serve::run(crate::serve::Options {
            watch: watch.options(),
            bind,
            port,
            open,
        }),
        Command::Watch { watch } => crate::watch::run(watch.options()),
    }
}

/// `--timings`: one line per stage, in pipeline order.
fn timings_table(s: &Summary) -> String {
    let mut text = String::from("Timings:\n");
    for phase in &s.phases {
        text.push_str(&format!("  {:>9.1} ms  {}\n", phase.millis, phase.name));
    }
    text.push_str(&format!("  {:>9} ms  total\n", s.millis));
    text
}

fn build_line(s: &Summary) -> String {
    use crate::diagnostics::counted;
    format!(
        "Built {} ({}, {}, {}, {}) in {} ms into {}",
        counted(s.pages, "page", "pages"),
        counted(s.practices, "practice", "practices"),
        counted(s.rights, "right", "rights"),
        counted(s.categories, "category", "categories"),
        counted(s.languages, "language", "languages"),
        s.millis,
        s.out
    )
}

/// Writes to stdout. A closed pipe (`deskbook search … | head`) is a normal end, not an error:
/// the reader has what it wanted.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}

pub fn summary_counts(errors: usize, warnings: usize) -> String {
    counts(errors, warnings)
}
