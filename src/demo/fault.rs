//! Faults the demo backend can inject, for tests and for trying the TUI against a misbehaving
//! server. The JSON form (also accepted at `POST /__demo/faults`) is documented in the module
//! docs of [`crate::demo`].

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::reply::{ApiFailure, json_response};

/// The default size of an [`FaultAction::Oversized`] body: far beyond any real answer.
pub const DEFAULT_OVERSIZED_BYTES: usize = 20 * 1024 * 1024;

/// One armed fault: which requests it hits, how many times, and what it does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// HTTP method to match (any when absent), case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Substring of the raw request path, as received (e.g. `/messages`, `%2B1415`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// How many matching requests it hits; 0 means every one until cleared.
    #[serde(default = "one")]
    pub times: u32,
    pub action: FaultAction,
}

fn one() -> u32 {
    1
}

fn default_html_status() -> u16 {
    502
}

fn default_respond_status() -> u16 {
    200
}

fn default_oversized() -> usize {
    DEFAULT_OVERSIZED_BYTES
}

/// What a fault does to the request it hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultAction {
    /// Answer this status with Blooio's error body, optionally with `Retry-After: <seconds>`.
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
    /// Wait this long, then handle the request normally (or as the next matching fault says).
    Latency { ms: u64 },
    /// A 200 whose body is cut-off JSON.
    MalformedJson,
    /// An HTML error page, as a proxy in front of the API sends (502 unless told otherwise).
    HtmlError {
        #[serde(default = "default_html_status")]
        status: u16,
    },
    /// Handle the request normally, then strip the answer's top-level fields except `keep`.
    MissingFields {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        keep: Vec<String>,
    },
    /// A 200 with a valid JSON body of about `bytes` bytes; `chunked` omits `Content-Length`.
    Oversized {
        #[serde(default = "default_oversized")]
        bytes: usize,
        #[serde(default)]
        chunked: bool,
    },
    /// Close the connection without answering.
    Drop,
    /// Answer exactly this JSON with this status (200 unless told otherwise), as a hostile or
    /// buggy server might: strings with terminal escapes, huge names, any shape at all.
    Respond {
        #[serde(default = "default_respond_status")]
        status: u16,
        body: serde_json::Value,
    },
}

impl Fault {
    /// A fault that hits the next matching request once.
    pub fn new(action: FaultAction) -> Self {
        Self {
            method: None,
            path: None,
            times: 1,
            action,
        }
    }

    /// Answer `status` with Blooio's error body.
    pub fn status(status: u16) -> Self {
        Self::new(FaultAction::Status {
            status,
            code: None,
            message: None,
            retry_after: None,
        })
    }

    /// A 429 with `Retry-After`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::new(FaultAction::Status {
            status: 429,
            code: None,
            message: Some("Too many requests, slow down".into()),
            retry_after: Some(retry_after_secs),
        })
    }

    pub fn latency(delay: Duration) -> Self {
        Self::new(FaultAction::Latency {
            ms: delay.as_millis().try_into().unwrap_or(u64::MAX),
        })
    }

    pub fn on_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_owned());
        self
    }

    pub fn on_path(mut self, substring: &str) -> Self {
        self.path = Some(substring.to_owned());
        self
    }

    /// Hit `n` requests (0: all of them until cleared).
    pub fn times(mut self, n: u32) -> Self {
        self.times = n;
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.contains(p))
    }
}

/// What the armed faults decided for one request.
#[derive(Debug, Default)]
pub(crate) struct Decision {
    pub(crate) delay: Duration,
    pub(crate) action: Option<FaultAction>,
}

/// Takes one use of every matching fault: latencies add up; the first other action wins.
pub(crate) fn decide(faults: &mut Vec<Fault>, method: &str, path: &str) -> Decision {
    let mut decision = Decision::default();
    let mut i = 0;
    while i < faults.len() {
        if decision.action.is_some() || !faults[i].matches(method, path) {
            i += 1;
            continue;
        }
        let fault = &mut faults[i];
        match &fault.action {
            FaultAction::Latency { ms } => {
                decision.delay += Duration::from_millis(*ms);
            }
            other => decision.action = Some(other.clone()),
        }
        if fault.times == 1 {
            faults.remove(i);
        } else {
            fault.times = fault.times.saturating_sub(1);
            i += 1;
        }
    }
    decision
}

/// The answer for an action that replaces the real response (not `Drop`, `Latency`, `MissingFields`).
pub(crate) fn canned_response(action: &FaultAction) -> Option<Response> {
    match action {
        FaultAction::Status {
            status,
            code,
            message,
            retry_after,
        } => Some(status_response(
            *status,
            code.as_deref(),
            message.as_deref(),
            *retry_after,
        )),
        FaultAction::MalformedJson => Some(with_content_type(
            (StatusCode::OK, r#"{"numbers":[{"phone_number":"+1415555"#).into_response(),
            "application/json",
        )),
        FaultAction::HtmlError { status } => Some(html_error(*status)),
        FaultAction::Oversized { bytes, chunked } => Some(oversized(*bytes, *chunked)),
        FaultAction::Respond { status, body } => Some(json_response(
            StatusCode::from_u16(*status).unwrap_or(StatusCode::OK),
            body,
        )),
        FaultAction::Latency { .. } | FaultAction::MissingFields { .. } | FaultAction::Drop => None,
    }
}

/// `status` with Blooio's error body (the usual `code` and reason when none is given).
fn status_response(
    status: u16,
    code: Option<&str>,
    message: Option<&str>,
    retry_after: Option<u64>,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = code.unwrap_or_else(|| default_code(status));
    let message = message
        .map(str::to_owned)
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("Error").to_owned());
    let mut resp = ApiFailure::new(status, code, message).into_response();
    if let Some(secs) = retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// A proxy's HTML error page, nginx style.
fn html_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let reason = status.canonical_reason().unwrap_or("Error");
    let page = format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        code = status.as_u16()
    );
    with_content_type((status, page).into_response(), "text/html")
}

fn with_content_type(mut resp: Response, content_type: &'static str) -> Response {
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

fn default_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "invalid_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        408 => "request_timeout",
        429 => "rate_limited",
        502 => "bad_gateway",
        503 => "no_active_number",
        504 => "gateway_timeout",
        _ => "server_error",
    }
}

/// Valid JSON, so only the size is wrong: `{"numbers":[],"padding":"xxxx…"}`.
fn oversized(bytes: usize, chunked: bool) -> Response {
    const HEAD: &str = r#"{"numbers":[],"padding":""#;
    const TAIL: &str = r#""}"#;
    let fill = bytes.saturating_sub(HEAD.len() + TAIL.len());
    let resp = if chunked {
        const CHUNK: usize = 64 * 1024;
        let mut pieces: Vec<Vec<u8>> = vec![HEAD.as_bytes().to_vec()];
        let mut left = fill;
        while left > 0 {
            let n = left.min(CHUNK);
            pieces.push(vec![b'x'; n]);
            left -= n;
        }
        pieces.push(TAIL.as_bytes().to_vec());
        let stream =
            futures_util::stream::iter(pieces.into_iter().map(Ok::<_, std::convert::Infallible>));
        (StatusCode::OK, Body::from_stream(stream)).into_response()
    } else {
        let mut body = Vec::with_capacity(bytes);
        body.extend_from_slice(HEAD.as_bytes());
        body.resize(HEAD.len() + fill, b'x');
        body.extend_from_slice(TAIL.as_bytes());
        (StatusCode::OK, body).into_response()
    };
    with_content_type(resp, "application/json")
}

/// Keeps only the `keep` fields of a JSON object body (anything else becomes `{}`).
pub(crate) fn strip_fields(status: StatusCode, body: &[u8], keep: &[String]) -> Response {
    let mut out = serde_json::Map::new();
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) {
        for (k, v) in map {
            if keep.contains(&k) {
                out.insert(k, v);
            }
        }
    }
    json_response(status, &serde_json::Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_round_trips() {
        let f: Fault = serde_json::from_str(
            r#"{"method":"post","path":"/messages","times":2,"action":{"kind":"status","status":429,"retry_after":3}}"#,
        )
        .unwrap();
        assert_eq!(f.times, 2);
        assert!(matches!(
            f.action,
            FaultAction::Status {
                status: 429,
                retry_after: Some(3),
                ..
            }
        ));
        let f: Fault = serde_json::from_str(r#"{"action":{"kind":"oversized"}}"#).unwrap();
        assert_eq!(
            f.action,
            FaultAction::Oversized {
                bytes: DEFAULT_OVERSIZED_BYTES,
                chunked: false
            }
        );
        assert!(
            serde_json::from_str::<Fault>(r#"{"action":{"kind":"latency","ms":1,"x":1}}"#).is_err()
        );
        assert!(serde_json::from_str::<Fault>(r#"{"action":{"kind":"drop"},"when":1}"#).is_err());
        let f: Fault =
            serde_json::from_str(r#"{"action":{"kind":"respond","body":{"name":"\u001b[2J"}}}"#)
                .unwrap();
        assert_eq!(
            f.action,
            FaultAction::Respond {
                status: 200,
                body: serde_json::json!({"name": "\u{1b}[2J"})
            }
        );
    }

    #[test]
    fn uses_are_counted_and_latency_stacks() {
        let mut faults = vec![
            Fault::latency(Duration::from_millis(5)).times(0),
            Fault::status(502)
                .on_method("GET")
                .on_path("/me/numbers")
                .times(2),
            Fault::status(503),
        ];
        let d = decide(&mut faults, "POST", "/v2/api/chats/x/messages");
        assert_eq!(d.delay, Duration::from_millis(5));
        assert!(matches!(
            d.action,
            Some(FaultAction::Status { status: 503, .. })
        ));
        assert_eq!(faults.len(), 2);
        for _ in 0..2 {
            let d = decide(&mut faults, "get", "/v2/api/me/numbers");
            assert!(matches!(
                d.action,
                Some(FaultAction::Status { status: 502, .. })
            ));
        }
        let d = decide(&mut faults, "GET", "/v2/api/me/numbers");
        assert!(d.action.is_none());
        assert_eq!(faults.len(), 1, "the unlimited latency stays armed");
    }
}
