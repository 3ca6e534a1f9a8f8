//! `deskbook serve`: the watch loop on a rebuild thread, the HTTP server on a small tokio
//! runtime, both sharing one [`State`] (see [`crate::serve`] for the server itself).

use super::watch::WatchArgs;
use crate::messages::{self, RoundReporter};
use crate::serve::{State, conn, http};
use crate::watch::{self, Engine, watcher::Watcher};
use anyhow::Context;
use clap::Args;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    watch: WatchArgs,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    bind: IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
}

/// Runs until interrupted.
pub(crate) fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let mut watch = args.watch.options().resolve()?;
    watch.site.live_reload = true;
    let root = watch.site.root.clone();
    let mut watcher = Watcher::start(&root, watch.poll, watch.debounce)
        .context("cannot watch the site's files")?;
    // The port first: a port in use is said at once, not after building the whole site.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the HTTP server")?;
    let address = SocketAddr::new(args.bind, args.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .with_context(|| {
            format!("cannot listen on {address} (is another server using it? try `--port 0`)")
        })?;
    messages::building(&root);
    let (mut engine, round) = Engine::start(watch.site.clone());
    let mut reporter = RoundReporter::default();
    reporter.report(&round);
    let state = Arc::new(State::new(
        watch.site.out_dir(),
        root.join(crate::feedback::FEEDBACK_FILE),
    ));
    state.tell(&round);

    let address = listener.local_addr()?;
    let url = format!("http://{address}/");
    eprintln!(
        "Serving {} at {url} (output in {}); press Ctrl-C to stop.",
        root.display(),
        state.out.display()
    );
    if args.open {
        open_browser(&url);
    }

    let rebuild_state = Arc::clone(&state);
    let stop = Arc::new(watch::stop::Stop::default());
    let rebuild_stop = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("deskbook rebuild".into())
        .spawn(move || {
            let state = rebuild_state;
            watch::drive(
                &mut engine,
                &mut watcher,
                &rebuild_stop,
                |round| state.tell(round),
                |round| {
                    if round
                        .written
                        .iter()
                        .chain(&round.removed)
                        .any(|p| p.starts_with("assets/"))
                    {
                        state.search.invalidate();
                    }
                    reporter.report(round);
                },
            )
        })
        .context("cannot start the rebuild thread")?;

    runtime.block_on(conn::serve(
        listener,
        http::router(state, args.bind),
        conn::Limits::DEFAULT,
        watch::stop::interrupted(&stop),
    ));
    Ok(ExitCode::SUCCESS)
}

/// Best effort: a missing browser is not an error worth stopping the server for.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(err) = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("Could not open a browser ({err}); open {url} yourself.");
    }
}
