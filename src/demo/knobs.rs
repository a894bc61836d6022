//! The test knobs over HTTP, at `/__demo/…`, for tests that drive the `demo-server --faults`
//! binary. These routes exist only when the server was started with `faults: true`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::control::DemoControl;
use super::fault::Fault;
use super::reply::{ApiFailure, json_response};
use super::validate::{Fields, parse_body, require_object};

pub fn knobs_router(ctl: DemoControl) -> Router {
    Router::new()
        .route(
            "/__demo/faults",
            get(list_faults).post(push_fault).delete(clear_faults),
        )
        .route("/__demo/card-read", post(card_read))
        .route("/__demo/requests", get(requests).delete(clear_requests))
        .route("/__demo/load", get(load))
        .route("/__demo/chats/{chat_id}", get(chat_state))
        .route("/__demo/messages/{message_id}/status", post(force_status))
        .fallback(|| async {
            ApiFailure::not_found("route_not_found", "Unknown demo control route").into_response()
        })
        .with_state(ctl)
}

async fn list_faults(State(ctl): State<DemoControl>) -> Response {
    json_response(StatusCode::OK, &json!({ "faults": ctl.faults() }))
}

async fn push_fault(State(ctl): State<DemoControl>, body: Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(fault) => {
            ctl.push_fault(fault);
            json_response(StatusCode::CREATED, &json!({ "armed": ctl.faults().len() }))
        }
        Err(e) => ApiFailure::invalid(format!("Not a fault: {e}")).into_response(),
    }
}

async fn clear_faults(State(ctl): State<DemoControl>) -> StatusCode {
    ctl.clear_faults();
    StatusCode::NO_CONTENT
}

/// `{"disabled": true}` makes the card read fail as the "coming soon" endpoint may.
async fn card_read(State(ctl): State<DemoControl>, body: Bytes) -> Response {
    let parsed = parse_body(&body).and_then(|b| {
        let f = Fields::new(require_object(&b)?, "").only(&["disabled"])?;
        f.boolean("disabled")?
            .ok_or_else(|| ApiFailure::invalid("`disabled` (true or false) is required"))
    });
    match parsed {
        Ok(disabled) => {
            ctl.set_card_read_disabled(disabled);
            json_response(StatusCode::OK, &json!({ "card_read_disabled": disabled }))
        }
        Err(e) => e.into_response(),
    }
}

async fn requests(State(ctl): State<DemoControl>) -> Response {
    json_response(StatusCode::OK, &json!({ "requests": ctl.requests() }))
}

/// What the server saw of the load: requests in flight (now and at the most), and what the
/// rate limit admitted and refused.
async fn load(State(ctl): State<DemoControl>) -> Response {
    let (in_flight, peak) = ctl.in_flight();
    json_response(
        StatusCode::OK,
        &json!({
            "in_flight": in_flight,
            "peak_in_flight": peak,
            "rate_limit": ctl.rate_counts(),
        }),
    )
}

async fn clear_requests(State(ctl): State<DemoControl>) -> StatusCode {
    ctl.clear_requests();
    StatusCode::NO_CONTENT
}

async fn chat_state(State(ctl): State<DemoControl>, Path(chat_id): Path<String>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "staged_share": ctl.staged_share(&chat_id),
            "messages": ctl.messages(&chat_id),
        }),
    )
}

/// `{"status": "failed"}` forces a message's delivery status.
async fn force_status(
    State(ctl): State<DemoControl>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let status = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("status").and_then(Value::as_str).map(str::to_owned));
    match status {
        Some(s) if ctl.set_message_status(&id, &s) => {
            json_response(StatusCode::OK, &json!({ "message_id": id, "status": s }))
        }
        _ => ApiFailure::invalid("Unknown message id, or `status` is not a known delivery status")
            .into_response(),
    }
}
