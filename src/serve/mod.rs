//! `deskbook serve`: build, serve the output over HTTP, rebuild on every change, reload browsers.
//!
//! Two threads share one [`State`]: the rebuild thread owns the watch [`Engine`] (file events →
//! incremental rounds → changed files on disk) and publishes each round's outcome; the HTTP
//! server (axum on a small tokio runtime) answers files from the output folder ([`http`]), the
//! live-reload event stream ([`live`]) and `/api/search` ([`api`]). While the site has errors the
//! server keeps answering the last good output with the error overlay injected ([`overlay`]).
//! Its connections are accepted within limits ([`conn`]) so that slow or hostile clients cannot
//! take it down.
//!
//! Serve writes into its own output folder (`ROOT/public` by default, `--out` like `build`),
//! rendered with the live-reload client, so it is not the folder to publish: run `deskbook build`
//! for that.

pub mod api;
pub mod conn;
pub mod http;
pub mod live;
pub mod overlay;

use crate::diagnostics::Diagnostic;
use crate::watch::{self, Engine, Round, watcher::Watcher};
use anyhow::Context;
use live::LiveEvent;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

#[derive(Debug, Clone)]
pub struct Options {
    pub watch: watch::Options,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// What the HTTP handlers share with the rebuild thread.
pub struct State {
    pub out: PathBuf,
    /// The current problems (errors and warnings); empty when there are none.
    problems: RwLock<Vec<Diagnostic>>,
    pub events: broadcast::Sender<LiveEvent>,
    pub search: api::SearchIndex,
}

impl State {
    pub fn new(out: PathBuf) -> State {
        State {
            problems: RwLock::new(Vec::new()),
            events: broadcast::channel(64).0,
            search: api::SearchIndex::new(out.clone()),
            out,
        }
    }

    /// The overlay to show on every page, while there are problems.
    pub fn overlay(&self) -> Option<String> {
        let problems = self.problems.read().unwrap_or_else(|p| p.into_inner());
        overlay::html(&problems)
    }

    /// Takes in a round's outcome and tells the open pages (called as soon as the pages are on
    /// disk, before the search index is rebuilt, or at the end of a round with errors).
    pub fn tell(&self, round: &Round) {
        let has_errors = round.errors() > 0;
        let before = {
            let mut problems = self.problems.write().unwrap_or_else(|p| p.into_inner());
            std::mem::replace(&mut *problems, round.diagnostics.clone())
        };
        let changed = before != round.diagnostics;
        let pages_changed = !round.written.is_empty() || !round.removed.is_empty();
        let event = if !has_errors && pages_changed {
            // A reload shows the pages and, injected, the overlay of their warnings.
            Some(match &round.css {
                Some(swaps) if !changed => LiveEvent::Css(swaps.clone()),
                _ => LiveEvent::Reload,
            })
        } else if changed {
            Some(overlay::html(&round.diagnostics).map_or(LiveEvent::Clear, LiveEvent::Errors))
        } else {
            None
        };
        if let Some(event) = event {
            // No page open means no receiver: nothing to tell.
            let _nobody_listening = self.events.send(event);
        }
    }
}

/// `deskbook serve`: runs until interrupted.
pub fn run(options: Options) -> anyhow::Result<ExitCode> {
    let mut watch = options.watch.clone().resolve()?;
    watch.site.live_reload = true;
    let root = watch.site.root.clone();
    let mut watcher = Watcher::start(&root, watch.poll, watch.debounce)
        .context("cannot watch the site's files")?;
    eprintln!("Building {} ...", root.display());
    let (mut engine, round) = Engine::start(watch.site.clone());
    let mut reporter = watch::Reporter::default();
    reporter.report(&round);
    let state = Arc::new(State::new(watch.site.out_dir()));
    state.tell(&round);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the HTTP server")?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .with_context(|| {
            format!("cannot listen on {address} (is another server using it? try `--port 0`)")
        })?;
    let address = listener.local_addr()?;
    let url = format!("http://{address}/");
    eprintln!(
        "Serving {} at {url} (output in {}); press Ctrl-C to stop.",
        root.display(),
        state.out.display()
    );
    if options.open {
        open_browser(&url);
    }

    let rebuild_state = Arc::clone(&state);
    std::thread::Builder::new()
        .name("deskbook rebuild".into())
        .spawn(move || {
            let state = rebuild_state;
            watch::drive(
                &mut engine,
                &mut watcher,
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
        http::router(state, options.bind),
        conn::Limits::DEFAULT,
        async {
            let _interrupted = tokio::signal::ctrl_c().await;
        },
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
