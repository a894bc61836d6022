//! Every fleet request goes through here: a slot from the [`Limiter`], then the request, then the
//! rules — a 429 without a quota code starts the shared cooldown and is tried again; any other
//! failure follows the client's retry policy, slot released while waiting.

use std::future::Future;
use std::time::Duration;

use super::event::{Event, Progress};
use super::limiter::Limiter;
use crate::api::retry::RetryPolicy;
use crate::api::{
    ApiError, CardUpdate, CardUpdateResponse, Client, ContactCard, NumbersResponse, Reply,
};

/// A request that keeps meeting 429s gives up after this many.
const MAX_RATE_LIMITED: u32 = 8;

pub struct Requester {
    /// Without retries of its own: they are done here, where the slot and the cooldown are known.
    client: Client,
    retry: RetryPolicy,
    pub limiter: Limiter,
    progress: Progress,
}

impl Requester {
    pub fn new(client: &Client, concurrency: usize, progress: Progress) -> Self {
        Self {
            retry: client.retry_policy().clone(),
            client: client.clone().with_retry_policy(RetryPolicy::none()),
            limiter: Limiter::new(concurrency),
            progress,
        }
    }

    pub async fn list_numbers(&self) -> Result<Reply<NumbersResponse>, ApiError> {
        self.run(|| self.client.list_numbers()).await
    }

    pub async fn get_card(&self, number: &str) -> Result<Reply<ContactCard>, ApiError> {
        self.run(|| self.client.get_card(number)).await
    }

    pub async fn put_card(
        &self,
        number: &str,
        update: &CardUpdate,
    ) -> Result<Reply<CardUpdateResponse>, ApiError> {
        self.run(|| self.client.update_card(number, update)).await
    }

    async fn run<T, F, Fut>(&self, send: F) -> Result<T, ApiError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let (mut failures, mut limited) = (0, 0);
        loop {
            let permit = self.limiter.acquire().await;
            let error = match send().await {
                Ok(value) => {
                    self.limiter.succeeded(&permit);
                    return Ok(value);
                }
                Err(e) => e,
            };
            if let ApiError::RateLimited(server) = &error {
                limited += 1;
                let too_long = server
                    .retry_after
                    .is_some_and(|d| d > self.retry.retry_after_cap);
                if limited > MAX_RATE_LIMITED || too_long {
                    return Err(error);
                }
                let wait = self.limiter.rate_limited(&permit, server.retry_after);
                drop(permit);
                tracing::info!(
                    ?wait,
                    limit = self.limiter.current_limit(),
                    "fleet: rate limited"
                );
                (self.progress)(Event::RateLimited {
                    wait,
                    concurrency: self.limiter.current_limit(),
                });
                continue;
            }
            drop(permit);
            failures += 1;
            match self.retry.delay_before_retry(failures, &error) {
                Some(delay) => {
                    tracing::info!(attempt = failures, ?delay, %error, "fleet: retrying");
                    tokio::time::sleep(delay.min(Duration::from_secs(30))).await;
                }
                None => return Err(error),
            }
        }
    }
}
