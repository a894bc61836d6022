//! The one gate every fleet request passes: at most `max` in flight, fewer after a rate limit.
//!
//! A 429 starts a cooldown that holds every worker back (until `Retry-After`, or an exponential
//! backoff when there is none) and halves the allowed concurrency; each success then allows one
//! more, up to `max`. Only the first 429 of a burst halves: a 429 for a request sent before the
//! last halving is the same overload, already answered.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// Backoff after a 429 without `Retry-After`: 500 ms, doubling per 429 in a row, up to 8 s.
const BACKOFF_BASE: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(8);

#[derive(Debug)]
struct Gate {
    limit: usize,
    in_flight: usize,
    cooldown_until: Option<Instant>,
    /// Bumped at each halving, so the rest of the same burst does not halve again.
    epoch: u64,
    /// 429s in a row, for the backoff.
    strikes: u32,
}

#[derive(Debug)]
pub struct Limiter {
    max: usize,
    gate: Mutex<Gate>,
    changed: Notify,
}

/// The right to have one request in flight; dropping it frees the slot.
#[derive(Debug)]
pub struct Permit<'a> {
    limiter: &'a Limiter,
    epoch: u64,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut gate = self.limiter.lock();
        gate.in_flight = gate.in_flight.saturating_sub(1);
        drop(gate);
        self.limiter.changed.notify_waiters();
    }
}

impl Limiter {
    pub fn new(max: usize) -> Self {
        let max = max.max(1);
        Self {
            max,
            gate: Mutex::new(Gate {
                limit: max,
                in_flight: 0,
                cooldown_until: None,
                epoch: 0,
                strikes: 0,
            }),
            changed: Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Gate> {
        // The gate holds counters only; a panic elsewhere leaves them usable.
        self.gate.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many requests may be in flight right now.
    pub fn current_limit(&self) -> usize {
        self.lock().limit
    }

    /// Waits for a free slot outside any cooldown.
    pub async fn acquire(&self) -> Permit<'_> {
        loop {
            // Created before looking, so a release between the look and the wait is not missed.
            let notified = self.changed.notified();
            let cooldown = {
                let mut gate = self.lock();
                match gate.cooldown_until {
                    Some(until) if until > Instant::now() => Some(until),
                    _ => {
                        gate.cooldown_until = None;
                        if gate.in_flight < gate.limit {
                            gate.in_flight += 1;
                            return Permit {
                                limiter: self,
                                epoch: gate.epoch,
                            };
                        }
                        None
                    }
                }
            };
            match cooldown {
                Some(until) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(until) => {}
                        _ = notified => {}
                    }
                }
                None => notified.await,
            }
        }
    }

    /// A request answered: allow one more in flight, up to the maximum.
    pub fn succeeded(&self, _permit: &Permit<'_>) {
        let mut gate = self.lock();
        gate.strikes = 0;
        if gate.limit < self.max {
            gate.limit += 1;
            drop(gate);
            self.changed.notify_waiters();
        }
    }

    /// A 429 (not a quota): start or extend the cooldown, halve the concurrency once per burst.
    /// Returns how long every worker now waits.
    pub fn rate_limited(&self, permit: &Permit<'_>, retry_after: Option<Duration>) -> Duration {
        let mut gate = self.lock();
        if permit.epoch == gate.epoch {
            gate.limit = (gate.limit / 2).max(1);
            gate.epoch += 1;
        }
        gate.strikes = gate.strikes.saturating_add(1);
        let wait = retry_after.unwrap_or_else(|| backoff(gate.strikes));
        let until = Instant::now() + wait;
        if gate.cooldown_until.is_none_or(|t| t < until) {
            gate.cooldown_until = Some(until);
        }
        drop(gate);
        self.changed.notify_waiters();
        wait
    }
}

/// Exponential with jitter between half and all of it, so workers do not return in lockstep.
fn backoff(strikes: u32) -> Duration {
    let exp = BACKOFF_BASE
        .saturating_mul(1 << strikes.saturating_sub(1).min(8))
        .min(BACKOFF_MAX);
    exp.mul_f64(0.5 + 0.5 * fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn never_more_than_the_limit_in_flight() {
        let limiter = Arc::new(Limiter::new(3));
        let now = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (limiter, now, peak) = (limiter.clone(), now.clone(), peak.clone());
            tasks.push(tokio::spawn(async move {
                let permit = limiter.acquire().await;
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(n, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(2)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                limiter.succeeded(&permit);
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_burst_of_429s_halves_once_and_success_grows_it_back() {
        let limiter = Limiter::new(8);
        let permits: Vec<_> =
            futures_util::future::join_all((0..8).map(|_| limiter.acquire())).await;
        for p in &permits {
            limiter.rate_limited(p, Some(Duration::from_millis(100)));
        }
        assert_eq!(limiter.current_limit(), 4);
        drop(permits);
        let started = Instant::now();
        let p = limiter.acquire().await;
        assert!(
            started.elapsed() >= Duration::from_millis(90),
            "the cooldown holds everyone"
        );
        limiter.succeeded(&p);
        assert_eq!(limiter.current_limit(), 5);
        // A 429 after the halving, for a request sent after it, halves again.
        limiter.rate_limited(&p, None);
        assert_eq!(limiter.current_limit(), 2);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(1) <= BACKOFF_BASE && backoff(1) >= BACKOFF_BASE / 2);
        assert!(backoff(3) >= BACKOFF_BASE * 2);
        assert!(backoff(30) <= BACKOFF_MAX);
    }
}
