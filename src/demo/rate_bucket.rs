//! The token bucket behind `demo-server --rate-limit R`: it holds R tokens and gains R a second;
//! each API request takes one. It also counts what it admitted and refused.

use std::time::{Duration, Instant};

use serde::Serialize;

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

    pub fn per_second(&self) -> f64 {
        self.per_second
    }

    pub fn counts(&self) -> RateCounts {
        self.counts
    }

    /// Takes a token, or says how long until there is one.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
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
