//! Load knobs of the demo backend, kept in its state: a fixed latency added to every API request
//! (so concurrency is visible, e.g. in `fleet apply`), and a count of requests in flight with its
//! peak, which tests read to check a client's concurrency bound from the server's side, and the
//! rate limit ([`super::rate_limit`]). [`super::in_flight`] counts and waits.

use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct Load {
    pub latency: Duration,
    pub in_flight: usize,
    pub peak_in_flight: usize,
    pub rate_limit: Option<super::rate_bucket::RateLimit>,
}
