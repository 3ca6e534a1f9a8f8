//! Live reload: server-sent events from the rebuild thread to every open page.
//!
//! SSE rather than a websocket: the traffic is one-way, the browser's `EventSource` reconnects
//! by itself when the server restarts, and it is plain HTTP that needs no extra crate. Pages get
//! the client only in serve mode: the theme's base template includes
//! `{{ root }}__deskbook/live.js` when the render option `live_reload` is on, which only the dev
//! server sets (so `deskbook build` output never contains it).
//!
//! Events: `reload` (pages changed), `css` (only stylesheets changed: the client swaps the
//! `<link>`s, keeping scroll position and form state), `errors` (the overlay's HTML, errors or
//! warnings, shown without a reload) and `clear` (the problems are gone and no page changed).
//! The client also hides the overlay when its "Hide" button is pressed, and keeps it hidden
//! across reloads for as long as the problems are the same (the overlay's `data-key`).

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use tokio::sync::broadcast;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LiveEvent {
    Reload,
    /// (old, new) stylesheet paths relative to the output root.
    Css(Vec<(String, String)>),
    /// The problem overlay's HTML.
    Errors(String),
    Clear,
}

impl LiveEvent {
    fn to_sse(&self) -> Event {
        match self {
            LiveEvent::Reload => Event::default().event("reload").data("reload"),
            LiveEvent::Css(swaps) => Event::default()
                .event("css")
                .data(serde_json::to_string(swaps).unwrap_or_default()),
            LiveEvent::Errors(html) => Event::default().event("errors").data(html),
            LiveEvent::Clear => Event::default().event("clear").data("clear"),
        }
    }
}

/// The event stream of one connected page.
pub(crate) fn stream(
    events: broadcast::Receiver<LiveEvent>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = stream::unfold(events, |mut events| async move {
        let event = match events.recv().await {
            Ok(event) => event,
            // A slow page missed events: reloading shows it the current state.
            Err(broadcast::error::RecvError::Lagged(_)) => LiveEvent::Reload,
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(event.to_sse()), events))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The client, served at `/__deskbook/live.js`.
pub(crate) const CLIENT: &str = r#"// deskbook serve: live reload (this script is never part of a built site)
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.src.replace(/__deskbook\/live\.js(\?.*)?$/, "");
  var source = new EventSource(root + "__deskbook/events");
  function overlay() { return document.getElementById("deskbook-overlay"); }
  var hiddenKey = "deskbook-hidden-overlay";
  function hidden(element) {
    try { return sessionStorage.getItem(hiddenKey) === element.getAttribute("data-key"); }
    catch (e) { return false; }
  }
  function show(element) { if (hidden(element)) { element.remove(); } }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-deskbook-dismiss]");
    var shown = overlay();
    if (!button || !shown) { return; }
    try { sessionStorage.setItem(hiddenKey, shown.getAttribute("data-key")); } catch (e) { /* private mode */ }
    shown.remove();
  });
  // The server puts the overlay at the end of the page, after this script.
  function showInjected() { if (overlay()) { show(overlay()); } }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showInjected);
  } else {
    showInjected();
  }
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (event) {
    var swaps = JSON.parse(event.data);
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      swaps.forEach(function (swap) {
        var url = new URL(link.href);
        if (url.pathname.endsWith("/" + swap[0])) { link.href = root + swap[1]; }
      });
    });
  });
  source.addEventListener("errors", function (event) {
    var old = overlay();
    var holder = document.createElement("div");
    holder.innerHTML = event.data;
    var fresh = holder.firstElementChild;
    if (old) { old.replaceWith(fresh); } else { document.body.appendChild(fresh); }
    show(fresh);
    // On a page that does not exist yet there is no "last good version" to speak of.
    var navigation = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    if (navigation && typeof navigation.responseStatus === "number") {
      if (navigation.responseStatus === 404) { fresh.classList.add("deskbook-missing"); }
    } else {
      fetch(location.href, { method: "HEAD", cache: "no-store" }).then(function (answer) {
        if (answer.status === 404) { fresh.classList.add("deskbook-missing"); }
      }, function () { /* the server is restarting: the next event tells */ });
    }
  });
  source.addEventListener("clear", function () {
    var old = overlay();
    if (old) { old.remove(); }
  });
})();
"#;
