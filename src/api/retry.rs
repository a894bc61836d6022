//! When a failed request is worth sending again, and how long to wait first.
//!
//! Retried: connection errors, 408, 429 without a quota code, 502 and 504 — at most twice, with
//! exponential backoff and full jitter; a server's `Retry-After` is honoured up to a cap. Shown, not
//! retried: 503 (the device is offline; retrying blindly does not bring it back) and quota 429s.

use std::time::Duration;

use super::error::ApiError;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A longer `Retry-After` than this is not waited out: the error is shown instead.
    pub retry_after_cap: Duration,
    /// Under a gate ([`super::pace`]), a 429 without a quota code pauses every request and is
    /// not counted in `max_retries`; one request waits out at most this many before it fails.
    pub max_rate_limited: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(4),
            retry_after_cap: Duration::from_secs(20),
            max_rate_limited: 8,
        }
    }
}

impl RetryPolicy {
    /// No retries at all (for tests that count requests).
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            max_rate_limited: 0,
            ..Self::default()
        }
    }

    /// Whether a 429 met under a gate is waited out (the gate's cooldown) rather than failed:
    /// it is a plain rate limit, it is the request's `limited`-th, and its `Retry-After` is
    /// not past the cap.
    pub fn waits_out_rate_limit(&self, limited: u32, error: &ApiError) -> bool {
        let ApiError::RateLimited(server) = error else {
            return false;
        };
        limited <= self.max_rate_limited
            && server
                .retry_after
                .is_none_or(|after| after <= self.retry_after_cap)
    }

    /// How long to wait before retry number `attempt` (1-based) after `error`, or `None` to give up.
    pub fn delay_before_retry(&self, attempt: u32, error: &ApiError) -> Option<Duration> {
        if attempt > self.max_retries || !is_retryable(error) {
            return None;
        }
        if let Some(after) = error.server().and_then(|s| s.retry_after) {
            return (after <= self.retry_after_cap).then_some(after);
        }
        let exp = self
            .base_delay
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.max_delay);
        // Full jitter spreads retries from many clients; keep at least a tenth so it is never zero.
        let jittered = exp.mul_f64(0.1 + 0.9 * fastrand::f64());
        Some(jittered)
    }
}

fn is_retryable(error: &ApiError) -> bool {
    match error {
        ApiError::Network(_) | ApiError::Connect(_) => true,
        ApiError::RateLimited(_) => true,
        ApiError::Server(s) => matches!(s.status, 502 | 504),
        ApiError::Rejected(s) => s.status == 408,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ServerError;

    fn status(status: u16, code: Option<&str>, retry_after: Option<u64>) -> ApiError {
        ApiError::from_status(ServerError {
            status,
            code: code.map(Into::into),
            message: None,
            retry_after: retry_after.map(Duration::from_secs),
        })
    }

    #[test]
    fn retries_only_transient_failures() {
        let p = RetryPolicy::default();
        for s in [408, 429, 502, 504] {
            assert!(
                p.delay_before_retry(1, &status(s, None, None)).is_some(),
                "{s}"
            );
        }
        for s in [400, 401, 403, 404, 409, 500, 503] {
            assert!(
                p.delay_before_retry(1, &status(s, None, None)).is_none(),
                "{s}"
            );
        }
        assert!(
            p.delay_before_retry(1, &status(429, Some("outbound_limit_reached"), None))
                .is_none()
        );
        assert!(
            p.delay_before_retry(1, &ApiError::Network("reset".into()))
                .is_some()
        );
        assert!(
            p.delay_before_retry(1, &ApiError::Connect("refused".into()))
                .is_some()
        );
        assert!(
            p.delay_before_retry(1, &ApiError::Timeout(Duration::from_secs(30)))
                .is_none()
        );
    }

    #[test]
    fn gives_up_after_max_retries() {
        let p = RetryPolicy::default();
        assert!(p.delay_before_retry(2, &status(502, None, None)).is_some());
        assert!(p.delay_before_retry(3, &status(502, None, None)).is_none());
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay_before_retry(1, &status(429, None, Some(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.delay_before_retry(1, &status(429, None, Some(3600))),
            None
        );
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let p = RetryPolicy::default();
        for attempt in 1..=2 {
            let d = p
                .delay_before_retry(attempt, &status(502, None, None))
                .unwrap();
            assert!(d <= p.base_delay * (1 << (attempt - 1)), "{d:?}");
            assert!(d >= p.base_delay * (1 << (attempt - 1)) / 10, "{d:?}");
        }
    }
}
