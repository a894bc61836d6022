//! What every request passes through before a handler: the `/__demo` knobs, reading the body,
//! recording the request (when asked for), armed faults, the rate limit, then the API key check.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::Notify;
use tower_service::Service;

use super::control::DemoControl;
use super::fault::{Decision, FaultAction, canned_response, decide, strip_fields};
use super::recorder::RecordedRequest;
use super::reply::ApiFailure;

/// Larger than any valid request (a ~1.5 MB avatar is ~2 MB of base64), small enough to stay cheap.
pub const MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;

/// What the connection tasks share.
pub struct Gate {
    pub ctl: DemoControl,
    pub api_key: String,
    pub api: Router,
    /// Present only when the server was started with faults enabled.
    pub knobs: Option<Router>,
}

async fn dispatch(router: &Router, req: Request<Body>) -> Response {
    match router.clone().call(req).await {
        Ok(resp) => resp,
        Err(never) => match never {},
    }
}

/// Handles one request. `kill` closes this request's connection without an answer.
pub async fn handle(
    gate: Arc<Gate>,
    kill: Arc<Notify>,
    req: Request<hyper::body::Incoming>,
) -> Result<Response, Infallible> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    if path == "/__demo" || path.starts_with("/__demo/") {
        return Ok(knob(&gate, parts, body).await);
    }
    let bytes = match read_body(&parts, body).await {
        Ok(bytes) => bytes,
        Err(resp) => return Ok(resp),
    };
    // Counted until this request's answer is ready; waits the configured latency first.
    let _in_flight = super::in_flight::InFlight::enter(&gate.ctl).await;
    let decision = record_and_decide(&gate.ctl, &parts, &bytes);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let mut strip = None;
    match decision.action {
        Some(FaultAction::Drop) => {
            kill.notify_one();
            // The connection task drops the socket; this answer is never written.
            std::future::pending::<()>().await;
        }
        Some(FaultAction::MissingFields { keep }) => strip = Some(keep),
        Some(action) => {
            if let Some(resp) = canned_response(&action) {
                return Ok(resp);
            }
        }
        None => {}
    }
    if let Some(refused) = gate.ctl.refused() {
        return Ok(refused);
    }
    if let Err(failure) = check_key(&gate.api_key, &parts.headers) {
        return Ok(failure.into_response());
    }
    let resp = dispatch(&gate.api, Request::from_parts(parts, Body::from(bytes))).await;
    let Some(keep) = strip else {
        return Ok(resp);
    };
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    Ok(strip_fields(status, &body, &keep))
}

/// A `/__demo/…` request: the knobs when the server has them, a 404 otherwise.
async fn knob(gate: &Gate, parts: Parts, body: hyper::body::Incoming) -> Response {
    match &gate.knobs {
        Some(knobs) => dispatch(knobs, Request::from_parts(parts, Body::new(body))).await,
        None => ApiFailure::not_found(
            "route_not_found",
            format!("Route {} {} not found", parts.method, parts.uri.path()),
        )
        .into_response(),
    }
}

/// The whole body, or the 413 for one over [`MAX_REQUEST_BYTES`].
async fn read_body(parts: &Parts, body: hyper::body::Incoming) -> Result<Bytes, Response> {
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_REQUEST_BYTES) {
        return Err(too_large());
    }
    axum::body::to_bytes(Body::new(body), MAX_REQUEST_BYTES)
        .await
        .map_err(|_| too_large())
}

/// Records the request (when the log is kept) and takes one use of the faults that match it.
fn record_and_decide(ctl: &DemoControl, parts: &Parts, bytes: &Bytes) -> Decision {
    let method = parts.method.as_str();
    let path = parts.uri.path();
    let mut state = ctl.lock();
    state.requests.record(bytes.len(), || RecordedRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        query: parts.uri.query().map(str::to_owned),
        idempotency_key: parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: serde_json::from_slice(bytes).ok(),
    });
    decide(&mut state.faults, method, path)
}

fn too_large() -> Response {
    ApiFailure::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "Request body is larger than {} MB",
            MAX_REQUEST_BYTES / (1024 * 1024)
        ),
    )
    .into_response()
}

fn check_key(expected: &str, headers: &axum::http::HeaderMap) -> Result<(), ApiFailure> {
    let unauthorized =
        |code: &str, message: &str| ApiFailure::new(StatusCode::UNAUTHORIZED, code, message);
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(unauthorized(
            "missing_api_key",
            "Authentication required: send `Authorization: Bearer <API key>`",
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match token {
        Some(t) if t == expected => Ok(()),
        Some(_) => Err(unauthorized("invalid_api_key", "Invalid API key")),
        None => Err(unauthorized(
            "invalid_authorization",
            "The Authorization header must be `Bearer <API key>`",
        )),
    }
}
