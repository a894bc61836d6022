//! `demo-server --rate-limit R`: a token bucket over every API request, as a real API gateway
//! keeps one per account. It holds R tokens and gains R a second; a request takes one, and
//! with none left it is answered 429 `rate_limited` with `Retry-After` (whole seconds, as the
//! header carries them). The counts of admitted and refused requests let tests and benches see
//! a client's pace from the server's side (`GET /__demo/load`).

use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::control::DemoControl;
use super::reply::ApiFailure;

#[derive(Debug, Clone)]
pub struct RateLimit {
    per_second: f64,
    tokens: f64,
    at: Instant,
    counts: RateCounts,
}

/// What the bucket did so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RateCounts {
    pub admitted: u64,
    /// Answered 429.
    pub refused: u64,
}

impl RateLimit {
    pub fn new(per_second: f64) -> Self {
        Self {
            per_second,
            tokens: per_second.max(1.0),
            at: Instant::now(),
            counts: RateCounts::default(),
        }
    }

    /// Takes a token, or says how long until there is one.
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let refill = now.duration_since(self.at).as_secs_f64() * self.per_second;
        self.tokens = (self.tokens + refill).min(self.per_second.max(1.0));
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.counts.admitted += 1;
            Ok(())
        } else {
            self.counts.refused += 1;
            Err(Duration::from_secs_f64(
                (1.0 - self.tokens) / self.per_second,
            ))
        }
    }
}

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
            .map(|r| r.counts)
            .unwrap_or_default()
    }

    /// Takes a token for one API request: `Some` is the 429 to answer instead.
    pub(crate) fn refused(&self) -> Option<Response> {
        let mut state = self.lock();
        let limit = state.load.rate_limit.as_mut()?;
        limit
            .take(Instant::now())
            .err()
            .map(|wait| refusal(limit.per_second, wait))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_admits_its_burst_then_its_rate() {
        let mut limit = RateLimit::new(10.0);
        let start = limit.at;
        for _ in 0..10 {
            assert!(limit.take(start).is_ok());
        }
        let wait = limit.take(start).unwrap_err();
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        assert!(limit.take(start + Duration::from_millis(100)).is_ok());
        assert!(limit.take(start + Duration::from_millis(100)).is_err());
        assert_eq!(
            limit.counts,
            RateCounts {
                admitted: 11,
                refused: 2
            }
        );
    }
}
