//! `POST /api/feedback`: the dev server takes the entry pages' feedback form itself and appends
//! each submission as one JSON line to `feedback.jsonl` beside `deskbook.yaml`, so that a trainer
//! sees the form working (and `deskbook feedback` summarises it) without any other server.
//!
//! The body must be a JSON object `{entry, lang, helpful, reason, comment, page}` of at most
//! [`MAX_BODY`] bytes, sent as `application/json` (which a page on another site cannot send
//! without a preflight this server never grants). Anything else is answered with a 4xx status
//! and a sentence saying what was wrong, never a panic; the file gets only well-formed lines.
//! Lines are appended under a lock, one `write` each, so concurrent posts never interleave.

use super::State;
use crate::feedback::{Line, MAX_BODY, Submission, append, timestamp};
use axum::body::{Body, to_bytes};
use axum::extract::State as Shared;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use std::sync::Arc;

pub(crate) async fn post(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return answer(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the feedback as `Content-Type: application/json`",
        );
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the body is larger than {MAX_BODY} bytes"),
        );
    };
    let submission = match Submission::from_json(&bytes) {
        Ok(submission) => submission,
        Err(problem) => return answer(StatusCode::BAD_REQUEST, &problem),
    };
    let line = Line {
        received: timestamp(),
        submission,
    };
    let saved = tokio::task::spawn_blocking(move || {
        append(&state.feedback_file, &line, &state.feedback_lock)
            .map_err(|err| format!("cannot write `{}`: {err}", state.feedback_file.display()))
    })
    .await;
    match saved {
        Ok(Ok(())) => {
            let mut response = json(StatusCode::CREATED, serde_json::json!({"saved": true}));
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Ok(Err(problem)) => answer(StatusCode::INTERNAL_SERVER_ERROR, &problem),
        Err(_) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the feedback could not be saved",
        ),
    }
}

/// An error answer: `{"error": "the feedback was not saved: …"}`.
fn answer(status: StatusCode, problem: &str) -> Response {
    json(
        status,
        serde_json::json!({ "error": format!("the feedback was not saved: {problem}") }),
    )
}

fn json(status: StatusCode, value: serde_json::Value) -> Response {
    let mut response = Response::new(Body::from(value.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
