//! `deskbook search`: queries the built site's index with the browser's engine.
//!
//! The querying and the printing of results live in [`crate::search`] beside the index they
//! read; this module is the command's arguments.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub(crate) struct SearchArgs {
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
}

/// Prints the ranked results (exit status 0 even when there are none).
pub(crate) fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    crate::search::run(&crate::search::SearchArgs {
        query: args.query,
        out: args.out.unwrap_or_else(|| args.root.join("public")),
        lang: args.lang,
        category: args.category,
        right: args.right,
        tag: args.tag,
        limit: args.limit,
        page_lang: args.page_lang,
        json: args.json,
    })
}
