//! The API routes under `/v2/api`, and JSON answers for unknown routes and methods.

use axum::Router;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::chats::{get_chat, list_chats, list_messages, message_status};
use super::control::DemoControl;
use super::numbers::{get_card, list_numbers, put_card};
use super::reply::ApiFailure;
use super::send::{send_message, share_card};

/// Every Blooio operation the demo serves lives under this prefix.
pub const BASE_PATH: &str = "/v2/api";

pub fn api_router(ctl: DemoControl) -> Router {
    let api = Router::new()
        .route("/me/numbers", get(list_numbers))
        .route(
            "/me/numbers/{number}/contact-card",
            get(get_card).put(put_card),
        )
        .route("/chats", get(list_chats))
        .route("/chats/{chat_id}", get(get_chat))
        .route(
            "/chats/{chat_id}/contact-card",
            axum::routing::post(share_card),
        )
        .route(
            "/chats/{chat_id}/messages",
            get(list_messages).post(send_message),
        )
        .route(
            "/chats/{chat_id}/messages/{message_id}/status",
            get(message_status),
        )
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .nest(BASE_PATH, api)
        .fallback(not_found)
        .with_state(ctl)
}

async fn not_found(method: Method, uri: Uri) -> Response {
    ApiFailure::not_found(
        "route_not_found",
        format!("Route {method} {} not found", uri.path()),
    )
    .into_response()
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ApiFailure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("Method {method} is not allowed on {}", uri.path()),
    )
    .into_response()
}
