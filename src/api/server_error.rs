//! Reading a failed answer: the error body when it is JSON (an HTML page from a proxy, or
//! nothing, is not trusted for fields) and the `Retry-After` header.

use std::time::Duration;

use reqwest::StatusCode;

use super::error::ServerError;
use super::types::ErrorBody;

pub(super) fn server_error(
    status: StatusCode,
    body: &[u8],
    retry_after: Option<Duration>,
) -> ServerError {
    // The body may be JSON, an HTML page from a proxy, or nothing; only JSON is trusted for fields.
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    ServerError {
        status: status.as_u16(),
        code: parsed.code,
        message: parsed
            .message
            .or_else(|| status.canonical_reason().map(str::to_owned)),
        retry_after,
    }
}

/// `Retry-After` is either delta-seconds or an HTTP date.
pub(super) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let delta = when.signed_duration_since(chrono::Utc::now());
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn non_json_error_body_falls_back_to_the_status_reason() {
        let e = server_error(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>", None);
        assert_eq!(e.to_string(), "HTTP 502: \"Bad Gateway\"");
        let e = server_error(
            StatusCode::FORBIDDEN,
            br#"{"error":"ApiError","message":"Plan required","status":403,"code":"plan"}"#,
            None,
        );
        assert_eq!(e.to_string(), "HTTP 403 plan: \"Plan required\"");
    }
}
