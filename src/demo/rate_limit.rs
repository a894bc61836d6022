//! `demo-server --rate-limit R`: a token bucket over every API request, as a real API gateway
//! keeps one per account. It holds R tokens and gains R a second; a request takes one, and
//! with none left it is answered 429 `rate_limited` with `Retry-After` (whole seconds, as the
//! header carries them). The counts of admitted and refused requests let tests and benches see
//! a client's pace from the server's side (`GET /__demo/load`). The bucket itself is
//! [`super::rate_bucket`].

use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::control::DemoControl;
use super::rate_bucket::{RateCounts, RateLimit};
use super::reply::ApiFailure;

/// The 429 for a request the bucket refused.
fn refusal(per_second: f64, until_token: Duration) -> Response {
    let mut resp = ApiFailure::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("Too many requests: this account may make {per_second} a second"),
    )
    .into_response();
    // Whole seconds, rounded up: a client that waits this long finds a token.
    let secs = until_token.as_secs_f64().ceil().max(1.0) as u64;
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

impl DemoControl {
    /// Limits API requests to `per_second` (bursts of as many); `None` lifts the limit.
    pub fn set_rate_limit(&self, per_second: Option<f64>) {
        self.lock().load.rate_limit = per_second.filter(|r| *r > 0.0).map(RateLimit::new);
    }

    /// The bucket's counts (zero when there is no limit).
    pub fn rate_counts(&self) -> RateCounts {
        self.lock()
            .load
            .rate_limit
            .as_ref()
            .map(RateLimit::counts)
            .unwrap_or_default()
    }

    /// Takes a token for one API request: `Some` is the 429 to answer instead.
    pub(crate) fn refused(&self) -> Option<Response> {
        let mut state = self.lock();
        let limit = state.load.rate_limit.as_mut()?;
        limit
            .take(Instant::now())
            .err()
            .map(|wait| refusal(limit.per_second(), wait))
    }
}
