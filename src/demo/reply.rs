//! How the demo backend answers: JSON bodies, and failures in Blooio's error shape
//! `{error: "ApiError", message, status, code, …context}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// A request the backend refuses, with the `code` clients branch on and extra context fields.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub extra: Map<String, Value>,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: message.into(),
            extra: Map::new(),
        }
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::bad_request("invalid_request", message)
    }

    pub fn forbidden(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    pub fn not_found(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// The answer when the number that would send is offline (or there is none).
    pub fn no_active_number(detail: Option<&str>) -> Self {
        let message = match detail {
            Some(d) => format!("No active number available: {d}"),
            None => "No active number available".to_owned(),
        };
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "no_active_number", message)
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("error".into(), json!("ApiError"));
        body.insert("message".into(), json!(self.message));
        body.insert("status".into(), json!(self.status.as_u16()));
        body.insert("code".into(), json!(self.code));
        for (k, v) in &self.extra {
            body.insert(k.clone(), v.clone());
        }
        Value::Object(body)
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// A JSON response with an explicit status (axum's `Json` alone always answers 200).
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = (status, bytes).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

pub type ApiResult = Result<Response, ApiFailure>;

pub fn ok(body: Value) -> ApiResult {
    Ok(json_response(StatusCode::OK, &body))
}
