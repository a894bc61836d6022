//! The log of requests the backend received, for tests and for people checking what their own
//! integration sent. It is kept only when asked for ([`super::DemoOptions::record_requests`], or
//! `faults`, which serves it as `GET /__demo/requests`): `bloocard --demo` records nothing.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// Past this many, or this many body bytes, the oldest recorded requests are forgotten: a long
/// session (avatar uploads are megabytes each) must not grow without bound.
pub const MAX_RECORDED_REQUESTS: usize = 2000;
pub const MAX_RECORDED_BODY_BYTES: usize = 32 * 1024 * 1024;

/// One request as the backend received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    /// The path exactly as sent, percent-encoding included (`/v2/api/me/numbers/%2B1…/contact-card`).
    pub path: String,
    pub query: Option<String>,
    pub idempotency_key: Option<String>,
    /// The body when it was JSON.
    pub body: Option<serde_json::Value>,
}

/// The bounded log; a disabled one records nothing and never builds a [`RecordedRequest`].
#[derive(Debug, Default)]
pub struct RequestLog {
    enabled: bool,
    /// Each with the size of its raw body, for the byte cap.
    requests: VecDeque<(RecordedRequest, usize)>,
    bytes: usize,
}

impl RequestLog {
    pub fn new(enabled: bool) -> Self {
        RequestLog {
            enabled,
            ..RequestLog::default()
        }
    }

    /// Records the request `describe` makes, when the log is kept.
    pub fn record(&mut self, body_bytes: usize, describe: impl FnOnce() -> RecordedRequest) {
        if !self.enabled {
            return;
        }
        self.requests.push_back((describe(), body_bytes));
        self.bytes += body_bytes;
        while self.requests.len() > MAX_RECORDED_REQUESTS
            || (self.bytes > MAX_RECORDED_BODY_BYTES && self.requests.len() > 1)
        {
            if let Some((_, n)) = self.requests.pop_front() {
                self.bytes -= n;
            }
        }
    }

    /// The requests kept, oldest first.
    pub fn to_vec(&self) -> Vec<RecordedRequest> {
        self.requests.iter().map(|(r, _)| r.clone()).collect()
    }

    pub fn clear(&mut self) {
        self.requests.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(n: usize) -> RecordedRequest {
        RecordedRequest {
            method: "PUT".into(),
            path: format!("/{n}"),
            query: None,
            idempotency_key: None,
            body: None,
        }
    }

    #[test]
    fn the_request_log_is_bounded_by_count_and_bytes() {
        let mut log = RequestLog::new(true);
        for n in 0..MAX_RECORDED_REQUESTS + 5 {
            log.record(10, || req(n));
        }
        assert_eq!(log.requests.len(), MAX_RECORDED_REQUESTS);
        assert_eq!(log.requests.front().unwrap().0.path, "/5");
        for n in 0..40 {
            log.record(2 * 1024 * 1024, || req(n));
        }
        assert!(log.bytes <= MAX_RECORDED_BODY_BYTES);
        assert_eq!(log.requests.len(), 16);
        // A single body over the cap is still kept: the newest request is always visible.
        log.record(MAX_RECORDED_BODY_BYTES + 1, || req(0));
        assert_eq!(log.requests.len(), 1);
    }

    #[test]
    fn a_log_nobody_asked_for_records_nothing() {
        let mut log = RequestLog::default();
        log.record(10, || {
            panic!("a disabled log must not even describe the request")
        });
        assert!(log.to_vec().is_empty());
    }
}
