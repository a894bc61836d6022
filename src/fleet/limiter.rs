//! The gate every fleet and share request passes ([`Pace`]): at most `max` requests in flight,
//! and after a 429 a pace that learns the rate the server accepts (AIMD on requests per second).
//!
//! - A 429 starts a cooldown that holds every request back until its `Retry-After` (or an
//!   exponential backoff when there is none).
//! - The first 429 of a burst also sets the rate: the lower of the rate allowed so far and the
//!   rate the server really answered with success over the last [`WINDOW`] (never over less
//!   than [`MIN_SPAN`], so a bucket answered at once is not read as a fast rate), times
//!   [`DECREASE`].
//!   A 429 for a request sent before that is the same overload, already answered.
//! - From then on requests start at least `1 / rate` apart, and each success of a request the
//!   rate held back raises the rate a little: by about [`INCREASE`] requests/s (or 2.5 % of
//!   the rate, whichever is more) for every second in which the rate is what limits. So it
//!   probes upward slowly until the next 429, then backs off again.
//!
//! Halving the concurrency instead, as this gate once did, does not limit the rate when answers
//! come back fast: 4 requests in flight on a quick server are still hundreds a second.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::api::{Acquire, Answer, Pace, Ticket};

/// Backoff after a 429 without `Retry-After`: 500 ms, doubling per 429 in a row, up to 8 s.
const BACKOFF_BASE: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(8);
/// After a 429 the rate is this share of the rate that failed.
pub const DECREASE: f64 = 0.85;
/// The rate grows by this many requests/s per second while it is what limits…
pub const INCREASE: f64 = 0.25;
/// …or by this share of itself per second, when that is more (a fast server is probed as fast).
const INCREASE_SHARE: f64 = 0.025;
/// The slowest pace: one request every five seconds.
const MIN_RATE: f64 = 0.2;
/// How far back successes are counted to measure the rate the server accepts.
const WINDOW: Duration = Duration::from_secs(2);
/// The shortest span the rate is measured over. A server answers its first full bucket within
/// milliseconds; read over those milliseconds, 4 successes looked like hundreds a second.
const MIN_SPAN: Duration = Duration::from_secs(1);

/// Told of every 429: how long every request now waits, and the rate after it (requests/s).
pub type RateNotice = Arc<dyn Fn(Duration, f64) + Send + Sync>;

#[derive(Debug)]
struct Gate {
    in_flight: usize,
    closed: bool,
    cooldown_until: Option<Instant>,
    /// When the first request started.
    first_start: Option<Instant>,
    /// Bumped at each backoff of the rate, so the rest of the same burst does not back off again.
    epoch: u64,
    /// 429s in a row, for the backoff.
    strikes: u32,
    /// Requests per second; none until the first 429.
    rate: Option<f64>,
    /// The earliest start of the next request under `rate`.
    next_start: Option<Instant>,
    /// Successes in the last [`WINDOW`].
    successes: VecDeque<Instant>,
}

/// Why a request cannot start yet.
enum Wait {
    Until { when: Instant, by_rate: bool },
    Slot,
}

impl Gate {
    fn ready(&mut self, now: Instant, max: usize) -> Result<(), Wait> {
        if let Some(until) = self.cooldown_until {
            if until > now {
                return Err(Wait::Until {
                    when: until,
                    by_rate: false,
                });
            }
            self.cooldown_until = None;
        }
        if self.in_flight >= max {
            return Err(Wait::Slot);
        }
        match self.next_start {
            Some(next) if self.rate.is_some() && next > now => Err(Wait::Until {
                when: next,
                by_rate: true,
            }),
            _ => Ok(()),
        }
    }

    fn start(&mut self, now: Instant, held_back: bool) -> Ticket {
        self.in_flight += 1;
        if let Some(rate) = self.rate {
            let interval = Duration::from_secs_f64(1.0 / rate);
            // A late wake-up is made good on the next start, but idle time is not saved up.
            let earliest = now.checked_sub(interval).unwrap_or(now);
            self.next_start = Some(self.next_start.unwrap_or(now).max(earliest) + interval);
        }
        self.first_start.get_or_insert(now);
        Ticket {
            epoch: self.epoch,
            held_back,
        }
    }

    /// Forgets the successes older than [`WINDOW`].
    fn trim(&mut self, now: Instant) {
        while self
            .successes
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            self.successes.pop_front();
        }
    }

    /// Successes a second over the last [`WINDOW`] (or since the first start, if later, but
    /// never less than [`MIN_SPAN`]).
    fn measured_rate(&mut self, now: Instant) -> Option<f64> {
        self.trim(now);
        let since = now.duration_since(self.first_start?);
        let span = since.clamp(MIN_SPAN, WINDOW).as_secs_f64();
        (!self.successes.is_empty()).then(|| self.successes.len() as f64 / span)
    }

    fn rate_limited(&mut self, ticket: Ticket, retry_after: Option<Duration>) -> Duration {
        let now = Instant::now();
        if ticket.epoch == self.epoch {
            let failed = match (self.rate, self.measured_rate(now)) {
                (Some(rate), Some(measured)) => rate.min(measured),
                (Some(rate), None) => rate,
                (None, Some(measured)) => measured,
                (None, None) => 1.0,
            };
            self.rate = Some((failed * DECREASE).max(MIN_RATE));
            self.epoch += 1;
        }
        self.strikes = self.strikes.saturating_add(1);
        let wait = retry_after.unwrap_or_else(|| backoff(self.strikes));
        let until = now + wait;
        if self.cooldown_until.is_none_or(|t| t < until) {
            self.cooldown_until = Some(until);
        }
        wait
    }

    fn succeeded(&mut self, ticket: Ticket) {
        self.strikes = 0;
        let now = Instant::now();
        self.successes.push_back(now);
        self.trim(now);
        if let (Some(rate), true) = (self.rate, ticket.held_back) {
            let per_second = INCREASE.max(rate * INCREASE_SHARE);
            // `rate` successes a second, each adding its share: `per_second` a second in all.
            self.rate = Some((rate + per_second / rate).min(1e6));
        }
    }
}

pub struct Limiter {
    max: usize,
    gate: Mutex<Gate>,
    changed: Notify,
    notice: Option<RateNotice>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("max", &self.max)
            .field("gate", &self.gate)
            .finish_non_exhaustive()
    }
}

impl Limiter {
    pub fn new(max: usize) -> Self {
        Self {
            max: max.max(1),
            gate: Mutex::new(Gate {
                in_flight: 0,
                closed: false,
                cooldown_until: None,
                first_start: None,
                epoch: 0,
                strikes: 0,
                rate: None,
                next_start: None,
                successes: VecDeque::new(),
            }),
            changed: Notify::new(),
            notice: None,
        }
    }

    /// The same limiter, telling `notice` of every 429.
    pub fn with_notice(mut self, notice: RateNotice) -> Self {
        self.notice = Some(notice);
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Gate> {
        // The gate holds counters only; a panic elsewhere leaves them usable.
        self.gate.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The rate learned from 429s, in requests per second; `None` before the first.
    pub fn rate(&self) -> Option<f64> {
        self.lock().rate
    }

    /// Stops the run: waiting requests give up (the client answers `NotSent`), none starts.
    pub fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_waiters();
    }

    /// Lets requests start again after [`Limiter::close`] (a retry on the same engine); what
    /// was learned of the rate is kept.
    pub fn reopen(&self) {
        self.lock().closed = false;
    }

    /// Waits for a free slot outside any cooldown, at the learned rate; `None` once closed.
    pub async fn acquire(&self) -> Option<Ticket> {
        let mut held_back = false;
        loop {
            // Created before looking, so a release between the look and the wait is not missed.
            let notified = self.changed.notified();
            let until = {
                let mut gate = self.lock();
                if gate.closed {
                    return None;
                }
                let now = Instant::now();
                match gate.ready(now, self.max) {
                    Ok(()) => return Some(gate.start(now, held_back)),
                    Err(Wait::Until { when, by_rate }) => {
                        held_back |= by_rate;
                        Some(when)
                    }
                    Err(Wait::Slot) => None,
                }
            };
            match until {
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

    /// The request holding `ticket` ended; for a 429, returns how long every request now waits.
    pub fn release(&self, ticket: Ticket, answer: Answer) -> Duration {
        let mut gate = self.lock();
        gate.in_flight = gate.in_flight.saturating_sub(1);
        let (wait, rate) = match answer {
            Answer::Done => {
                gate.succeeded(ticket);
                (None, gate.rate)
            }
            Answer::Failed => (None, gate.rate),
            Answer::RateLimited(retry_after) => {
                (Some(gate.rate_limited(ticket, retry_after)), gate.rate)
            }
        };
        drop(gate);
        self.changed.notify_waiters();
        match (wait, &self.notice) {
            (Some(wait), Some(notice)) => {
                notice(wait, rate.unwrap_or_default());
                wait
            }
            (wait, _) => wait.unwrap_or_default(),
        }
    }
}

impl Pace for Limiter {
    fn acquire(&self) -> Acquire<'_> {
        Box::pin(Limiter::acquire(self))
    }

    fn release(&self, ticket: Ticket, answer: Answer) -> Duration {
        Limiter::release(self, ticket, answer)
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
#[path = "limiter_tests.rs"]
mod tests;
