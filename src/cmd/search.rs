//! `deskbook search`: queries the built site's index with the browser's engine.
//!
//! The querying lives in [`crate::search`] beside the index it reads (the dev server's
//! `/api/search` uses it too); this module is the command's arguments and how its results look
//! on a terminal.

use crate::messages;
use crate::search;
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
    print_results(&search::SearchArgs {
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

/// Ranked results as text, or as JSON for scripts; "Did you mean" on stderr.
fn print_results(args: &search::SearchArgs) -> anyhow::Result<ExitCode> {
    let engine = search::open_built(&args.out)?;
    let query = search::query_of(args);
    if let Some(wrong) = unknown_filter(&engine, &query)? {
        eprintln!("error: {wrong}");
        return Ok(ExitCode::from(2));
    }
    let hits = search::search_built(&engine, &args.out, &query)?;
    if args.json {
        messages::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&hits)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let suggestion = engine
        .suggest(&query)
        .map_err(|e| search::unreadable_index("search failed", e))?;
    if hits.is_empty() {
        eprintln!("No entries found for `{}`.", args.query);
    }
    if let Some(better) = &suggestion {
        eprintln!("Did you mean `{better}`?");
    }
    if hits.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let bold = std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::env::var_os("NO_COLOR").is_none();
    let mut text = String::new();
    for (i, hit) in hits.iter().enumerate() {
        text.push_str(&format!(
            "{:>2}. {}  [{} · {} · {}]\n    {}\n",
            i + 1,
            hit.title,
            hit.kind,
            hit.lang,
            hit.id,
            hit.url
        ));
        if !hit.snippet.is_empty() {
            text.push_str(&format!(
                "    {}\n",
                snippet_for_terminal(&hit.snippet, bold)
            ));
        }
    }
    messages::print_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// A filter naming a value no entry has (a mistyped `--lang`, `--category`, `--right` or
/// `--tag`): a usage error saying what the site has, rather than "No entries found".
fn unknown_filter(
    engine: &deskbook_search::Engine,
    query: &deskbook_search::Query,
) -> anyhow::Result<Option<String>> {
    use deskbook_search::Filter;
    for filter in Filter::ALL {
        let Some(value) = filter.of(query) else {
            continue;
        };
        let (flag, what) = match filter {
            Filter::Lang => ("--lang", "languages"),
            Filter::Category => ("--category", "categories"),
            Filter::Right => ("--right", "rights"),
            Filter::Tag => ("--tag", "tags"),
        };
        let values = engine
            .filter_values(filter)
            .map_err(|e| search::unreadable_index("search failed", e))?;
        if values.iter().any(|v| v == value) {
            continue;
        }
        // Not for short values: any two-letter code is "close" to `xx`.
        let hint = (value.chars().count() > 3)
            .then(|| crate::diagnostics::did_you_mean(value, values.iter().map(String::as_str)))
            .flatten()
            .map(|close| format!(" Did you mean `{close}`?"))
            .unwrap_or_default();
        const SHOWN: usize = 12;
        let list = if values.len() <= SHOWN {
            values.join(", ")
        } else {
            format!(
                "{}, … ({} in all)",
                values[..SHOWN].join(", "),
                values.len()
            )
        };
        return Ok(Some(format!(
            "`{flag} {value}`: no entry of the site has it.{hint} The site's {what}: {list}"
        )));
    }
    Ok(None)
}

/// The engine's HTML snippet as terminal text: `<mark>` as bold (or `[…]`), entities decoded.
fn snippet_for_terminal(html: &str, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
