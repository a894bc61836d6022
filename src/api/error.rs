//! Typed API errors. Each displays as one human sentence naming the cause: the HTTP status, the
//! server's `code` and its `message` (cleaned of control characters, since it came from the wire).

use std::fmt;
use std::time::Duration;

use crate::sanitize::clean;

/// `code`s that mean a sending quota is used up: waiting a few seconds will not help.
pub const QUOTA_CODES: &[&str] = &["outbound_limit_reached", "new_conversation_limit_reached"];

/// What the server said about a failed request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerError {
    pub status: u16,
    pub code: Option<String>,
    pub message: Option<String>,
    pub retry_after: Option<Duration>,
}

impl fmt::Display for ServerError {
    /// `HTTP 429 outbound_limit_reached: "Daily cap reached"`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = self.code.as_deref().filter(|c| !c.is_empty()) {
            write!(f, " {}", clean(code))?;
        }
        if let Some(message) = self.message.as_deref().filter(|m| !m.trim().is_empty()) {
            write!(f, ": \"{}\"", clean(message.trim()))?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("Blooio rejected the API key ({0}); check BLOOIO_API_KEY or --api-key-file")]
    Unauthorized(ServerError),
    #[error("Blooio refused this request ({0})")]
    Forbidden(ServerError),
    #[error("Blooio does not know this number, chat or message ({0})")]
    NotFound(ServerError),
    /// Any other 4xx. 408 and 409 are not about the request being wrong, so they read differently.
    #[error("{}", rejected_words(.0))]
    Rejected(ServerError),
    #[error("Blooio is rate limiting requests ({0}){hint}", hint = retry_hint(.0))]
    RateLimited(ServerError),
    #[error("a sending limit was reached ({0}); it will not clear by retrying now")]
    Quota(ServerError),
    #[error("no active device is available for this number right now ({0}); try again later")]
    DeviceUnavailable(ServerError),
    #[error("Blooio had a server error ({0})")]
    Server(ServerError),
    #[error("the request timed out after {} s without an answer", .0.as_secs())]
    Timeout(Duration),
    /// No connection was made (refused, no route, name not found, TLS handshake failed): the
    /// request was never written, so nothing reached Blooio.
    /// Reads "could not connect to Blooio at 127.0.0.1:9: the connection was refused (…); nothing
    /// was sent".
    #[error("could not connect to Blooio at {}", clean(.0))]
    Connect(String),
    /// The connection failed after the request may have been written.
    #[error("could not reach Blooio: {}", clean(.0))]
    Network(String),
    #[error("Blooio sent a response bloocard cannot read (HTTP {status}): {}", clean(.detail))]
    Malformed { status: u16, detail: String },
    #[error(
        "Blooio sent a response larger than {}; refusing to read it all",
        crate::byte_size::human(*.limit)
    )]
    TooLarge { limit: usize },
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// A request under a gate ([`super::pace`]) whose run was stopped before it went out.
    #[error("not sent: the run was stopped before this request went out")]
    NotSent,
}

fn rejected_words(e: &ServerError) -> String {
    match e.status {
        408 => format!("Blooio timed out waiting for the request ({e}); try again"),
        409 => format!("Blooio refused the request as conflicting with another change ({e})"),
        _ => format!("Blooio rejected the request as invalid ({e})"),
    }
}

fn retry_hint(e: &ServerError) -> String {
    e.retry_after
        .map(|d| format!("; retry after {} s", d.as_secs().max(1)))
        .unwrap_or_default()
}

impl ApiError {
    /// Classifies a non-success status with its parsed body.
    pub fn from_status(server: ServerError) -> Self {
        match server.status {
            401 => Self::Unauthorized(server),
            403 => Self::Forbidden(server),
            404 => Self::NotFound(server),
            429 if server
                .code
                .as_deref()
                .is_some_and(|c| QUOTA_CODES.contains(&c)) =>
            {
                Self::Quota(server)
            }
            429 => Self::RateLimited(server),
            503 => Self::DeviceUnavailable(server),
            500..=599 => Self::Server(server),
            _ => Self::Rejected(server),
        }
    }

    /// The server's part of the error, when the server answered.
    pub fn server(&self) -> Option<&ServerError> {
        match self {
            Self::Unauthorized(s)
            | Self::Forbidden(s)
            | Self::NotFound(s)
            | Self::Rejected(s)
            | Self::RateLimited(s)
            | Self::Quota(s)
            | Self::DeviceUnavailable(s)
            | Self::Server(s) => Some(s),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Malformed { status, .. } => Some(*status),
            other => other.server().map(|s| s.status),
        }
    }

    pub fn code(&self) -> Option<&str> {
        self.server().and_then(|s| s.code.as_deref())
    }

    /// Whether the server may have acted on the request all the same, so that sending again
    /// could send twice (see [`status_may_have_arrived`]). A configuration error, a connection
    /// that was never made, or a request a stopped run never sent means nothing was sent. The
    /// CLI and the TUI both ask this for sends.
    pub fn may_have_arrived(&self) -> bool {
        !matches!(self, Self::Config(_) | Self::Connect(_) | Self::NotSent)
            && status_may_have_arrived(self.status())
    }
}

/// The "may have arrived" rule on the status a failed request ended with (`None`: no answer
/// came): no answer (a time-out, a network failure, a body over the cap), an unreadable 2xx, or
/// a server error other than 503 (which says no device took it) may have been acted on; a
/// refusal (4xx) or a 503 was not. The TUI, which keeps only the status of an error, asks this.
pub fn status_may_have_arrived(status: Option<u16>) -> bool {
    match status {
        None => true,
        Some(503) => false,
        Some(s) => (200..300).contains(&s) || s >= 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16, code: Option<&str>, message: Option<&str>) -> ServerError {
        ServerError {
            status,
            code: code.map(Into::into),
            message: message.map(Into::into),
            retry_after: None,
        }
    }

    #[test]
    fn quota_429_is_not_a_rate_limit() {
        let e = ApiError::from_status(server(429, Some("outbound_limit_reached"), Some("cap")));
        assert!(matches!(e, ApiError::Quota(_)));
        assert_eq!(
            e.to_string(),
            "a sending limit was reached (HTTP 429 outbound_limit_reached: \"cap\"); it will not clear by retrying now"
        );
        assert!(matches!(
            ApiError::from_status(server(429, None, None)),
            ApiError::RateLimited(_)
        ));
    }

    #[test]
    fn only_a_lost_or_unreadable_answer_may_have_arrived() {
        assert!(ApiError::Timeout(Duration::from_secs(1)).may_have_arrived());
        assert!(ApiError::Network("reset".into()).may_have_arrived());
        assert!(!ApiError::Connect("refused".into()).may_have_arrived());
        assert!(ApiError::TooLarge { limit: 1 }.may_have_arrived());
        let malformed = |status| ApiError::Malformed {
            status,
            detail: String::new(),
        };
        assert!(malformed(202).may_have_arrived());
        assert!(malformed(502).may_have_arrived());
        assert!(!malformed(400).may_have_arrived());
        assert!(ApiError::from_status(server(500, None, None)).may_have_arrived());
        assert!(ApiError::from_status(server(504, None, None)).may_have_arrived());
        assert!(!ApiError::from_status(server(503, None, None)).may_have_arrived());
        assert!(!ApiError::from_status(server(429, None, None)).may_have_arrived());
        assert!(!ApiError::Config(crate::config::ConfigError::EmptyKey).may_have_arrived());
        assert!(!ApiError::NotSent.may_have_arrived());
    }

    #[test]
    fn transport_details_are_cleaned_too() {
        let e = ApiError::Malformed {
            status: 200,
            detail: "unexpected \x1b[31mtoken".into(),
        };
        assert_eq!(
            e.to_string(),
            "Blooio sent a response bloocard cannot read (HTTP 200): unexpected token"
        );
        assert_eq!(
            ApiError::TooLarge { limit: 8 << 20 }.to_string(),
            "Blooio sent a response larger than 8.0 MB; refusing to read it all"
        );
    }

    #[test]
    fn message_from_server_is_cleaned() {
        let e = ApiError::from_status(server(400, None, Some("bad\x1b]0;x\x07 field")));
        assert_eq!(
            e.to_string(),
            "Blooio rejected the request as invalid (HTTP 400: \"bad field\")"
        );
    }
}
