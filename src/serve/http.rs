//! The HTTP side of `deskbook serve`: the output folder as a web site, plus the dev-only routes.
//!
//! Files are answered from the output folder only. A request path is percent-decoded, then every
//! segment is checked: `..`, backslashes, drive letters and NUL are refused, and the file found is
//! canonicalised and must still lie inside the (canonical) output folder, so neither `../`,
//! `%2e%2e/`, an absolute path nor a symbolic link can read anything else. A folder answers its
//! `index.html` (a folder URL without the trailing slash is redirected first, so that the page's
//! relative links resolve; the target always starts with a single slash, so `//folder` cannot
//! send the browser to another host); anything missing answers the site's `404.html` (of the
//! language folder the path is in, when there is one) with status 404. Bound to a loopback
//! address, the server answers only requests addressed to a loopback name (DNS rebinding).

use super::State;
use super::overlay;
use crate::model::paths::decode_path;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::extract::{Query, State as Shared};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) fn router(state: Arc<State>, bind: IpAddr) -> Router {
    let router = Router::new()
        .route("/__deskbook/live.js", get(live_js))
        .route("/__deskbook/events", get(events))
        .route("/api/search", get(search))
        .route("/api/feedback", post(super::feedback::post))
        .fallback(file)
        .with_state(state);
    if bind.is_loopback() {
        router.layer(axum::middleware::from_fn(loopback_hosts_only))
    } else {
        router
    }
}

/// DNS rebinding: a web page on another site can point a host name of its own at 127.0.0.1 and
/// then read the dev server through the reader's browser. A server bound to a loopback address
/// therefore answers only requests addressed to a loopback name (`localhost`, `*.localhost`,
/// `127.0.0.1`, `[::1]`), as webpack's and Vite's dev servers do.
async fn loopback_hosts_only(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{0}"));
    match host {
        Some(host) if !is_loopback_host(host) => {
            let mut response = with_type(
                "deskbook serve answers only requests for localhost: it is bound to a loopback address. To preview the site from other machines, run `deskbook serve --bind 0.0.0.0`.\n".into(),
                "text/plain; charset=utf-8",
            );
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
        }
        _ => next.run(request).await,
    }
}

/// Whether a `Host` header (name or address, with or without a port) names this machine.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

async fn live_js() -> Response {
    with_type(super::live::CLIENT.into(), "text/javascript; charset=utf-8")
}

async fn events(Shared(state): Shared<Arc<State>>) -> impl IntoResponse {
    super::live::stream(state.events.subscribe())
}

async fn search(
    Shared(state): Shared<Arc<State>>,
    Query(params): Query<BTreeMap<String, String>>,
) -> Response {
    let answer = tokio::task::spawn_blocking(move || state.search.search(&params)).await;
    match answer {
        Ok(Ok(json)) => with_type(json.into(), "application/json"),
        Ok(Err(err)) => {
            let body = serde_json::json!({ "error": format!("{err:#}") }).to_string();
            let mut response = with_type(body.into(), "application/json");
            *response.status_mut() = if err.is::<crate::search::NoIndex>() {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            response
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn with_type(body: Body, content_type: &'static str) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The content type of a file name (what browsers need to run and show the site's files).
pub(crate) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Where a request path leads inside `out`, if anywhere.
enum Target {
    File(PathBuf),
    /// A folder asked for without the trailing slash.
    Redirect(String),
    Missing,
}

/// The segments of a request path, or `None` when it tries to leave the output folder.
pub(crate) fn segments(raw_path: &str) -> Option<Vec<String>> {
    let decoded = decode_path(raw_path);
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.len() >= 2 && s.as_bytes()[1] == b':' => return None,
            s => segments.push(s.to_string()),
        }
    }
    Some(segments)
}

fn resolve(out: &Path, uri: &Uri) -> Target {
    let Some(segments) = segments(uri.path()) else {
        return Target::Missing;
    };
    let mut path = out.to_path_buf();
    path.extend(&segments);
    if path.is_dir() {
        if !uri.path().ends_with('/') {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            // One leading slash: `//practices` redirected to `//practices/` would send the
            // browser to the host `practices`.
            let path = uri.path().trim_start_matches('/');
            return Target::Redirect(format!("/{path}/{query}"));
        }
        path.push("index.html");
    }
    match (std::fs::canonicalize(&path), std::fs::canonicalize(out)) {
        (Ok(file), Ok(root)) if file.starts_with(&root) && file.is_file() => Target::File(file),
        _ => Target::Missing,
    }
}

async fn file(Shared(state): Shared<Arc<State>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let (path, status) = match resolve(&state.out, &uri) {
        Target::File(path) => (path, StatusCode::OK),
        Target::Redirect(location) => {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            return response;
        }
        Target::Missing => match not_found_page(&state.out, uri.path()) {
            Some(path) => (path, StatusCode::NOT_FOUND),
            // No site was ever built (the first build failed): the problems are the page.
            None => {
                let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>deskbook</title></head><body><p>No page here yet.</p><script src=\"/__deskbook/live.js\"></script></body></html>";
                let page = match state.overlay() {
                    Some(overlay) => {
                        overlay::inject(page.as_bytes(), &overlay::on_missing_page(&overlay))
                    }
                    None => page.as_bytes().to_vec(),
                };
                let mut response = with_type(page.into(), "text/html; charset=utf-8");
                *response.status_mut() = StatusCode::NOT_FOUND;
                return response;
            }
        },
    };
    // A rebuild may remove the file between finding and reading it: then it is missing.
    let (path, status, bytes) = match tokio::fs::read(&path).await {
        Ok(bytes) => (path, status, bytes),
        Err(_) => {
            let read = match not_found_page(&state.out, uri.path()) {
                Some(page) => tokio::fs::read(&page).await.ok().map(|b| (page, b)),
                None => None,
            };
            match read {
                Some((page, bytes)) => (page, StatusCode::NOT_FOUND, bytes),
                None => return (StatusCode::NOT_FOUND, "404 Not Found").into_response(),
            }
        }
    };
    let content_type = content_type(&path);
    let bytes = match state.overlay() {
        Some(overlay) if content_type.starts_with("text/html") => {
            let overlay = if status == StatusCode::NOT_FOUND {
                overlay::on_missing_page(&overlay)
            } else {
                overlay
            };
            overlay::inject(&bytes, &overlay)
        }
        _ => bytes,
    };
    let mut response = with_type(bytes.into(), content_type);
    *response.status_mut() = status;
    response
}

/// The site's 404 page for a missing path: the one of its language folder, else the root one.
fn not_found_page(out: &Path, raw_path: &str) -> Option<PathBuf> {
    let first = segments(raw_path).and_then(|s| s.into_iter().next());
    first
        .map(|lang| out.join(lang).join("404.html"))
        .into_iter()
        .chain(std::iter::once(out.join("404.html")))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn loopback_host_names() {
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost.",
            "docs.localhost:80",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.8.9.10",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "localhost.evil.example",
            "10.0.0.7:1111",
            "[::2]:1111",
            "",
            "x",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
