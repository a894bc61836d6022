//! The limiter on tokio's paused clock: the concurrency bound, the cooldown, the rate that backs
//! off and probes upward, closing, and a run against a simulated token-bucket server.

use super::*;
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
            let ticket = limiter.acquire().await.unwrap();
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(n, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(2)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            limiter.release(ticket, Answer::Done);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(peak.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn a_429_pauses_everyone_and_sets_a_rate_below_the_one_that_failed() {
    let limiter = Limiter::new(16);
    // Ten requests 10 ms apart; at 100 ms five have succeeded. Over those 100 ms that is 50 a
    // second, but the rate is never read over less than a second: 5 a second.
    let mut tickets = Vec::new();
    for _ in 0..10 {
        tickets.push(limiter.acquire().await.unwrap());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(limiter.rate(), None, "no pace before a 429");
    for t in tickets.drain(..5) {
        limiter.release(t, Answer::Done);
    }
    let wait = limiter.release(
        tickets[0],
        Answer::RateLimited(Some(Duration::from_secs(1))),
    );
    assert_eq!(wait, Duration::from_secs(1));
    let rate = limiter.rate().unwrap();
    assert!((rate - 5.0 * DECREASE).abs() < 0.05, "{rate}");
    // The rest of the burst was sent before the backoff: it does not back off again.
    for t in &tickets[1..] {
        limiter.release(*t, Answer::RateLimited(Some(Duration::from_secs(1))));
    }
    assert_eq!(limiter.rate(), Some(rate));
    let started = Instant::now();
    let first = limiter.acquire().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the cooldown holds everyone"
    );
    let second = limiter.acquire().await.unwrap();
    let gap = started.elapsed() - Duration::from_secs(1);
    assert!(
        gap >= Duration::from_secs_f64(0.99 / rate),
        "then requests start 1/rate apart: {gap:?}"
    );
    // A success the rate held back raises it a little; one it did not hold back does not.
    limiter.release(first, Answer::Done);
    assert_eq!(limiter.rate(), Some(rate));
    limiter.release(second, Answer::Done);
    let raised = limiter.rate().unwrap();
    assert!(raised > rate && raised < rate + 0.1, "{rate} → {raised}");
}

#[tokio::test(start_paused = true)]
async fn a_429_without_retry_after_backs_off_exponentially() {
    let limiter = Limiter::new(2);
    let t = limiter.acquire().await.unwrap();
    let first = limiter.release(t, Answer::RateLimited(None));
    let t = limiter.acquire().await.unwrap();
    let second = limiter.release(t, Answer::RateLimited(None));
    assert!(
        first <= BACKOFF_BASE && second >= BACKOFF_BASE,
        "{first:?} {second:?}"
    );
    assert!(limiter.rate().unwrap() >= MIN_RATE);
}

#[tokio::test(start_paused = true)]
async fn closing_wakes_the_waiting_and_starts_nothing() {
    let limiter = Arc::new(Limiter::new(1));
    let held = limiter.acquire().await.unwrap();
    let waiting = tokio::spawn({
        let limiter = limiter.clone();
        async move { limiter.acquire().await }
    });
    tokio::task::yield_now().await;
    limiter.close();
    assert_eq!(waiting.await.unwrap(), None);
    limiter.release(held, Answer::Done);
    assert!(limiter.acquire().await.is_none());
    limiter.reopen();
    assert!(limiter.acquire().await.is_some());
}

#[test]
fn backoff_grows_and_is_capped() {
    assert!(backoff(1) <= BACKOFF_BASE && backoff(1) >= BACKOFF_BASE / 2);
    assert!(backoff(3) >= BACKOFF_BASE * 2);
    assert!(backoff(30) <= BACKOFF_MAX);
}

/// A server that admits `rate` requests a second with bursts of `rate` (as `demo-server
/// --rate-limit` does) and answers the rest 429 with `Retry-After` in whole seconds.
struct Bucket {
    rate: f64,
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn take(&mut self) -> Result<(), Duration> {
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.rate);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        Err(Duration::from_secs(
            ((1.0 - self.tokens) / self.rate).ceil() as u64,
        ))
    }
}

/// `requests` requests from 4 workers (2 ms each) through a server allowing `rate` a second, on
/// the virtual clock: the requests a second it reached and the 429s it drew.
async fn run_against_a_bucket(rate: f64, requests: usize) -> (f64, usize) {
    let limiter = Arc::new(Limiter::new(4));
    let bucket = Arc::new(Mutex::new(Bucket {
        rate,
        tokens: rate,
        at: Instant::now(),
    }));
    let todo = Arc::new(AtomicUsize::new(requests));
    let refused = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (limiter, bucket, todo, refused) = (
                limiter.clone(),
                bucket.clone(),
                todo.clone(),
                refused.clone(),
            );
            tokio::spawn(async move {
                while todo
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
                {
                    loop {
                        let ticket = limiter.acquire().await.unwrap();
                        tokio::time::sleep(Duration::from_millis(2)).await;
                        let answer = bucket.lock().unwrap().take();
                        match answer {
                            Ok(()) => {
                                limiter.release(ticket, Answer::Done);
                                break;
                            }
                            Err(after) => {
                                refused.fetch_add(1, Ordering::SeqCst);
                                limiter.release(ticket, Answer::RateLimited(Some(after)));
                            }
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.await.unwrap();
    }
    let per_second = requests as f64 / started.elapsed().as_secs_f64();
    (per_second, refused.load(Ordering::SeqCst))
}

/// The algorithm against the bucket (this measures no machine: the bench does that over HTTP):
/// 1,000 requests through a server allowing 10 a second.
#[tokio::test(start_paused = true)]
async fn against_a_token_bucket_it_keeps_close_to_the_rate_with_few_429s() {
    let (per_second, refused) = run_against_a_bucket(10.0, 1000).await;
    let refused = refused as f64 / (1000.0 + refused as f64);
    eprintln!("{per_second:.2} requests/s, {:.2} % 429s", refused * 100.0);
    assert!(per_second >= 8.5, "{per_second:.2} requests/s");
    assert!(refused <= 0.02, "{:.1} % 429s", refused * 100.0);
}

/// A fast server answers the first full bucket within milliseconds. Read over those
/// milliseconds it looked like hundreds a second, the first 429 kept a pace far above the
/// server's, and the bucket after the cooldown drew 429s again (6 for 20 requests at 4 a
/// second). Only the requests already in flight at the first 429 should be refused.
#[tokio::test(start_paused = true)]
async fn a_burst_answered_at_once_is_not_read_as_a_fast_rate() {
    let (_, refused) = run_against_a_bucket(4.0, 20).await;
    assert!(
        refused <= 4,
        "{refused} 429s: no more than the 4 in flight at the first"
    );
}
